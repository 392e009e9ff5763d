"""Quality gate: online event clustering on a fixed slice of the MStream News headlines.

The first 1,500 headlines of News.jsonl in file order (about a hundred stories), clustered the way
bench/events_mstream.py clusters the whole set: one pass of `OnlineClusterer.add`, then
`consolidate()`. Embedding 1,500 short headlines with MiniLM takes a few seconds; nothing is cached.
"""
import json
from pathlib import Path

import pytest
from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score

from newsfuse.embeddings import embed
from newsfuse.events.online import Item, OnlineClusterer

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "mstream-news" / "News.jsonl"
SLICE = 1_500
# Measured on this slice (145 stories) with the defaults of events/online.py: single pass NMI .896 /
# ARI .629 (454 clusters), with consolidate() NMI .944 / ARI .805 (184 clusters); the previous
# single pass at .40 gave .931 / .778. The floors leave about two points of noise.
NMI_FLOOR = 0.925
ARI_FLOOR = 0.78

pytestmark = pytest.mark.skipif(not DATA.exists(), reason=f"benchmark data not found at {DATA} (../shared/data)")


@pytest.fixture(scope="module")
def headlines():
    rows = []
    with DATA.open(encoding="utf-8") as handle:
        for line in handle:
            rows.append(json.loads(line))
            if len(rows) == SLICE:
                break
    texts = [r["textCleaned"] for r in rows]
    return texts, [r["clusterNo"] for r in rows], embed(texts)


def test_consolidated_clusters_reach_the_measured_quality(headlines):
    texts, truth, vectors = headlines
    clusterer = OnlineClusterer()
    single_pass = clusterer.add([Item(vector=v, tokens=frozenset(t.split())) for v, t in zip(vectors, texts)])
    clusterer.consolidate()
    merged = clusterer.assignments
    assert normalized_mutual_info_score(truth, merged) >= NMI_FLOOR
    assert adjusted_rand_score(truth, merged) >= ARI_FLOOR
    # the second stage only merges: fewer clusters, and it must not make the ARI worse
    assert len(set(merged)) < len(set(single_pass))
    assert adjusted_rand_score(truth, merged) > adjusted_rand_score(truth, single_pass)
