"""Quality gate of the same-story score where a text is not English (issue 16): a fixed slice of
SemEval-2022 Task 8 pairs (every 8th pair with a non-English text, in file order), scored as the
product scores them (`events.crosslingual.story_score` of the USE lead and opening cosines), must
keep its Pearson correlation with the annotators' -Overall (bench/similarity_semeval.py for all)."""
from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pytest

from newsfuse.events.crosslingual import story_cosine, story_parts, story_score

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "semeval2022-task8" / "training_set.csv"
STEP = 8
# Measured on this slice (141 pairs): .738 with the lead and 500-character opening weighted apart
# (issue 16, lang2); .702 with the plain mean of the lead and 20-word opening cosines before. A little
# slack under today's figure.
PEARSON_FLOOR = 0.72


def _slice() -> list[dict]:
    csv.field_size_limit(10**8)
    with open(DATA, newline="", encoding="utf-8") as handle:
        rows = [r for r in csv.DictReader(handle) if r["text1"].strip() and r["text2"].strip()
                and not r["lang1"] == r["lang2"] == "en"]
    return rows[::STEP]


@pytest.mark.skipif(not DATA.exists(), reason="SemEval-2022 Task 8 data not present")
def test_non_english_same_story_scores_follow_the_annotators():
    rows = _slice()
    texts = list(dict.fromkeys(t for r in rows for t in (r["text1"], r["text2"])))
    leads, openings = story_parts(texts)
    row = {t: i for i, t in enumerate(texts)}
    scores = [story_score(story_cosine(float(leads[row[r["text1"]]] @ leads[row[r["text2"]]]),
                                       float(openings[row[r["text1"]]] @ openings[row[r["text2"]]])))
              for r in rows]
    pearson = np.corrcoef(scores, [-float(r["Overall"]) for r in rows])[0, 1]
    print(f"{len(rows)} non-English SemEval pairs: Pearson {pearson:.3f}")
    assert pearson >= PEARSON_FLOOR
