"""Quality gate: quote attribution on a fixed slice of PolNeAR dev (the first 20 articles by name).

Measured with bench/quotes.py's scorer on this slice: direct F1 0.561, indirect F1 0.436,
all F1 0.479. The floors sit a little under so a regression fails and noise does not.
"""
import importlib.util
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[1] / "bench" / "quotes.py"
DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "polnear"


def _bench():
    spec = importlib.util.spec_from_file_location("bench_quotes", BENCH)
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_quotes"] = module
    spec.loader.exec_module(module)
    return module


@pytest.mark.skipif(not DATA.exists(), reason="PolNeAR is not next to the repo")
def test_polnear_dev_slice_floor():
    bench = _bench()
    scores = bench.scores(bench.evaluate(bench.load_split("dev", 20))["counts"])
    assert scores["direct"][2] >= 0.52
    assert scores["indirect"][2] >= 0.40
    assert scores["all"][2] >= 0.45
    assert scores["all"][0] >= 0.65  # precision: attributions we print are mostly right
