"""Gate: `newsfuse ingest` in batches gives the events of one analysis of the same articles.

NewsWCL50 dev (15 real articles of 3 events, 5 US outlets) fed as JSONL in publication order, five
at a time, into a fresh collection; its events are compared, as a partition of the articles, with
`group_events` over all 15 articles at once (what `newsfuse analyze` runs). Measured with
bench/collection_vs_analyze.py (2026-12-02): ARI 1.000 in batches of 5 and of 50.
"""
from __future__ import annotations

import csv
import json
from collections import Counter


ARI_FLOOR = 0.95  # measured 1.000
BATCH = 5


def _feed(data, folder) -> list:
    """One JSONL file per article, in publication order (undated last)."""
    with open(data / "newswcl50-dev" / "meta.tsv", encoding="utf-8") as handle:
        rows = sorted(csv.DictReader(handle, delimiter="\t"), key=lambda r: (r["date"] or "9999", r["id"]))
    files = []
    for number, row in enumerate(rows):
        text = (data / "newswcl50-dev" / f"event_{row['event']}" / f"{row['id']}.txt").read_text(encoding="utf-8")
        record = {"text": text, "outlet": row["outlet"], "url": row["url"], "published": row["date"]}
        path = folder / f"{number:04d}-{row['id']}.jsonl"
        path.write_text(json.dumps({k: v for k, v in record.items() if v}) + "\n", encoding="utf-8")
        files.append(path)
    return files


def _primary(events, segments_of) -> dict[str, str]:
    """Article -> the event holding most of its sentences."""
    share: dict[str, Counter] = {}
    for event in events:
        for article, sentences in segments_of(event):
            share.setdefault(article, Counter())[event_id(event)] += len(sentences)
    return {a: counts.most_common(1)[0][0] for a, counts in share.items()}


def event_id(event) -> str:
    return event["id"] if isinstance(event, dict) else event.id


def test_batches_of_five_give_the_events_of_one_analysis(shared_data, tmp_path):
    from sklearn.metrics import adjusted_rand_score

    from newsfuse.events import group_events
    from newsfuse.ingest import ingest
    from newsfuse.nlp import annotate
    from newsfuse.pipeline import AnalysisOptions
    from newsfuse.store import Collection
    from newsfuse.time import resolve_articles

    files = _feed(shared_data, tmp_path)
    options = AnalysisOptions()
    articles = [article for _, article in ingest(files, options.sources) if article is not None]
    assert len(articles) == 15
    for _ in annotate(articles):
        pass
    timexes, _ = resolve_articles(articles, options.run_date)
    events, _ = group_events(articles, timexes)
    whole = _primary(events, lambda e: [(s.article, s.sentences) for s in e.segments])
    whole = {a.path: whole[a.id] for a in articles}

    collection = Collection(tmp_path / "news.duckdb")
    for start in range(0, len(files), BATCH):
        collection.add(files[start:start + BATCH], options)
    report = collection.report()
    batched = _primary(report["events"], lambda e: [(s["article"], s["sentences"]) for s in e["segments"]])
    batched = {a["path"]: batched[a["id"]] for a in report["articles"]}

    assert set(batched) == set(whole)
    paths = sorted(whole)
    score = adjusted_rand_score([whole[p] for p in paths], [batched[p] for p in paths])
    assert score >= ARI_FLOOR, f"collection in batches of {BATCH} vs one analysis: ARI {score:.3f}"
