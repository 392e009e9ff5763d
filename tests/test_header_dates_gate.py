"""Quality gate: header date lines of real ECB+ reports read as the publication date, supplied dates kept.

Header lines: measured with bench/header_dates.py on ECB+ dev topics 3, 5, 6, 7, 9 (they hold the line formats the
issue names: "7:15 a.m. Dec. 7, 2009", "Tuesday, May 24, 2005", "April 7th, 2012", "PUBLISHED: 22:07
GMT, 7 July 2012", "04/28/09 07:35 PM ET"): 44 of 47 lines read (93.6 %; main before issue 13: 27 of
47), no report without a header line dated. The floor (.90) sits two lines under; the lines
missed are the three whose header gives no year. Supplied dates: NewsWCL50 dev (12 dated in meta.tsv) and
PolNeAR dev (84) fed as JSONL with `published`: none replaced (main before issue 13, through the nlp stage too: 1 and 2). Skipped
when the data is absent.
"""
from __future__ import annotations

import datetime as dt
import importlib.util
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
BENCH = REPO / "bench" / "header_dates.py"
DATA = REPO.parent / "shared" / "data"
TOPICS = {3, 5, 6, 7, 9}
RUN_DATE = dt.date(2026, 12, 2)


def _bench():
    spec = importlib.util.spec_from_file_location("bench_header_dates", BENCH)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


@pytest.mark.skipif(not (DATA / "ecbplus-dev" / "gold.tsv").exists(), reason="ECB+ dev data not present")
def test_header_date_lines_are_read_as_the_publication_date():
    result = _bench().measure_headers(TOPICS, RUN_DATE)
    assert result["headers"] >= 40  # the slice really was read
    assert result["read"] / result["headers"] >= 0.90, f"{result['read']} of {result['headers']}"
    assert result["false"] == 0  # no report without a header line is dated from its body


@pytest.mark.skipif(not (DATA / "newswcl50-dev" / "meta.tsv").exists(), reason="NewsWCL50 dev data not present")
def test_no_supplied_date_is_overruled_on_newswcl50_dev():
    bench = _bench()
    outcome = bench.measure_supplied(bench.wcl_records(), RUN_DATE, parse=False)
    assert outcome["supplied"] == 12
    assert not outcome["overruled"], [(a.item, a.published.rejected) for a, _ in outcome["overruled"]]


@pytest.mark.skipif(not (DATA / "polnear" / "metadata.tsv").exists(), reason="PolNeAR data not present")
def test_no_supplied_date_is_overruled_on_polnear_dev():
    # Before issue 13, 2 of 84 were replaced: texts that date older events ("2015") and say "Monday".
    bench = _bench()
    outcome = bench.measure_supplied(bench.polnear_records(), RUN_DATE, parse=False)
    assert outcome["supplied"] == 84
    assert not outcome["overruled"], [(a.item, a.published.rejected) for a, _ in outcome["overruled"]]
