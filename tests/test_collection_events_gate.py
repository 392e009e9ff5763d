"""Gate: `newsfuse ingest` in batches gives the events of one analysis of the same articles.

NewsWCL50 dev (15 real articles of 3 events, 5 US outlets) fed as JSONL in publication order, five
at a time, into a fresh collection; its events are compared, as a partition of the articles, with
`group_events` over all 15 articles at once (what `newsfuse analyze` runs). Measured with
bench/collection_vs_analyze.py (2026-12-02): ARI 1.000 in batches of 5 and of 50.
"""
from __future__ import annotations

import importlib.util
from pathlib import Path

ARI_FLOOR = 0.95  # measured 1.000
BATCH = 5
BENCH = Path(__file__).resolve().parents[1] / "bench" / "collection_vs_analyze.py"


def _bench():
    """bench/collection_vs_analyze.py: the feed, the feeding loop and the reading of a report."""
    spec = importlib.util.spec_from_file_location("bench_collection_vs_analyze", BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_batches_of_five_give_the_events_of_one_analysis(shared_data, tmp_path):
    from sklearn.metrics import adjusted_rand_score

    from newsfuse.events import group_events
    from newsfuse.ingest import ingest
    from newsfuse.nlp import annotate
    from newsfuse.pipeline import AnalysisOptions
    from newsfuse.store import Collection
    from newsfuse.time import resolve_articles

    bench = _bench()
    files = bench.newswcl50_feed(shared_data, tmp_path)
    options = AnalysisOptions()
    articles = [article for _, article in ingest(files, options.sources) if article is not None]
    assert len(articles) == 15
    for _ in annotate(articles):
        pass
    timexes, _ = resolve_articles(articles, options.run_date)
    events, _ = group_events(articles, timexes)
    whole = bench.primary_events([event.to_json() for event in events])
    whole = {a.path: whole[a.id] for a in articles}

    collection = Collection(tmp_path / "news.duckdb")
    batches = [files[start:start + BATCH] for start in range(0, len(files), BATCH)]
    for _ in bench.feed_batches(collection, batches, options):
        pass
    batched = bench.partition(collection.report())

    assert set(batched) == set(whole)
    paths = sorted(whole)
    score = adjusted_rand_score([whole[p] for p in paths], [batched[p] for p in paths])
    assert score >= ARI_FLOOR, f"collection in batches of {BATCH} vs one analysis: ARI {score:.3f}"
