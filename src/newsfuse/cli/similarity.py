"""`newsfuse similarity --pairs FILE.csv`: a score column for a CSV of text pairs."""
from __future__ import annotations

import csv
from pathlib import Path

from ..events.similarity import score_pairs


def score_pairs_csv(in_path: str | Path, out_path: str | Path) -> int:
    """Read a CSV with columns text1,text2; write it back with a `score` column. Returns rows."""
    with open(in_path, newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        rows = list(reader)
        columns = list(reader.fieldnames or [])
    missing = {"text1", "text2"} - set(columns)
    if missing:
        raise ValueError(f"{in_path}: missing column(s) {', '.join(sorted(missing))}")
    results = score_pairs([(r["text1"] or "", r["text2"] or "") for r in rows])
    with open(out_path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns + ([] if "score" in columns else ["score"]))
        writer.writeheader()
        for row, result in zip(rows, results):
            writer.writerow({**row, "score": f"{result.score:.3f}"})
    return len(rows)
