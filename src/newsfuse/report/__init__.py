"""Report writers: report.json (the contract in SPEC.md), report.md and report.html."""
from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from .html import render_html
from .contract import build_report
from .markdown import render_markdown

if TYPE_CHECKING:  # the records only; `Analysis.to_json` calls back into this package
    from ..analysis import Analysis

__all__ = ["build_report", "render_html", "render_markdown", "write_reports"]


def write_reports(analysis: Analysis, out_dir: Path) -> dict[str, Path]:
    """Write the three reports into `out_dir` (created if needed) and return their paths."""
    out_dir.mkdir(parents=True, exist_ok=True)
    report = build_report(analysis)
    paths = {"json": out_dir / "report.json", "md": out_dir / "report.md", "html": out_dir / "report.html"}
    with paths["json"].open("w", encoding="utf-8") as sink:  # streamed: the whole text never sits in memory
        json.dump(report, sink, ensure_ascii=False, indent=2)
    paths["md"].write_text(render_markdown(report), encoding="utf-8")
    paths["html"].write_text(render_html(report), encoding="utf-8")
    return paths
