"""Quality gates of the pipeline's event grouping (`events.group_events`) on real labelled news.

- ECB+ dev, topics 1-8 (187 reports; each topic two different real events of one type: two rehab
  check-ins, two earthquakes, two title defences of one boxer...): the articles go through ingest,
  nlp and time as in `newsfuse analyze`, then `group_events`; each article is scored by the event
  holding most of its sentences, as ../shared/tools/events_ecbplus.py does.
- NewsWCL50 dev: 3 real events of April 2018 x 5 outlets: each event whole and alone, no article split.
- MStream News, the first 1,500 headlines (about a hundred stories), through `group_events`; and two
  of its stories alone (582 headlines): Kanye West's news and the Rogen-Franco parody of his video.
Measured figures are in each floor's comment (bench/events_pile.py, bench/events_mstream.py).
"""
from __future__ import annotations

import collections
import importlib.util
import json
import shutil
from pathlib import Path

import pytest
from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score

from newsfuse.events import group_events

REPO = Path(__file__).resolve().parents[1]
DATA = REPO.parent / "shared" / "data"
ECBPLUS = DATA / "ecbplus-dev"
NEWSWCL50 = DATA / "newswcl50-dev"
MSTREAM = DATA / "mstream-news" / "News.jsonl"


def _bench(name: str):
    """A bench module (bench/<name>.py): the gates prepare and score the dev sets as the benches do."""
    spec = importlib.util.spec_from_file_location(f"bench_{name}", REPO / "bench" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


ECB_TOPICS = [str(t) for t in range(1, 9)]
# Measured on topics 1-8 alone: B-cubed F1 .947, ARI .922, both events apart in 8 of 8 topics
# (before issue 13 the whole dev set gave B3F1 .765, apart 16/33).
ECB_B3F1_FLOOR = 0.92
ECB_ARI_FLOOR = 0.87
ECB_APART_FLOOR = 7
MSTREAM_SLICE = 1_500
# Measured on the first 1,500 headlines through group_events: NMI .934, ARI .786 (156 clusters for
# 145 stories; before the looser cohesion rule for bare groups .937 / .794, 174 clusters; before issue
# 13's bare-group rule .887 / .513, 379 clusters: these lower-cased headlines name no one, and the
# cohesion rule set on ECB+ split their broad stories).
MSTREAM_NMI_FLOOR = 0.92
MSTREAM_ARI_FLOOR = 0.74
# Two MStream stories about one star, a tight one (the parody of his video) and a loose one (his
# other news): ARI .812 (two groups of 326 and 249 headlines, 25 misplaced); .000 before the
# bare-group cohesion rule (BARE_RELATIVE of events/grouping.py): one group of 571.
MSTREAM_PAIR = (68, 77)
MSTREAM_PAIR_ARI_FLOOR = 0.75


@pytest.mark.skipif(not ECBPLUS.exists(), reason=f"ECB+ dev not found at {ECBPLUS}")
def test_ecbplus_slice_keeps_same_type_events_apart_and_reports_together():
    pile = _bench("events_pile")
    files, topic, gold, pred, _, _, _ = pile.ecbplus_grouping(ECB_TOPICS)
    scores = pile.scorer().score(topic, gold, pred)
    assert scores["B3-F1"] >= ECB_B3F1_FLOOR
    assert scores["ARI"] >= ECB_ARI_FLOOR
    assert scores["topics_apart"] >= ECB_APART_FLOOR


@pytest.mark.skipif(not NEWSWCL50.exists(), reason=f"NewsWCL50 dev not found at {NEWSWCL50}")
def test_newswcl50_three_events_whole_alone_and_unsplit(tmp_path):
    for path in NEWSWCL50.glob("event_*/*.txt"):
        shutil.copy(path, tmp_path / path.name)
    pile = _bench("events_pile")
    records, articles, timexes = pile.prepared([tmp_path])
    events, mixed = group_events(articles, timexes)
    event_of, split = pile.majority_events(events)
    gold_of = {r.article: Path(r.path).name.split("_")[0] for r in records if r.article}
    assert split == 0 and mixed == []
    members = collections.defaultdict(set)
    for article, event in event_of.items():
        members[event].add(gold_of[article])
    assert sorted(len(m) for m in members.values()) == [1, 1, 1]  # each event one gold event
    assert len(members) == 3 == len(set(gold_of.values()))  # and each gold event one event


@pytest.mark.skipif(not MSTREAM.exists(), reason=f"MStream data not found at {MSTREAM}")
def test_mstream_headlines_through_group_events():
    rows = []
    with MSTREAM.open(encoding="utf-8") as handle:
        for line in handle:
            rows.append(json.loads(line))
            if len(rows) == MSTREAM_SLICE:
                break
    predicted, _ = _bench("events_mstream").group_headlines([r["textCleaned"] for r in rows])
    truth = [r["clusterNo"] for r in rows]
    assert normalized_mutual_info_score(truth, predicted) >= MSTREAM_NMI_FLOOR
    assert adjusted_rand_score(truth, predicted) >= MSTREAM_ARI_FLOOR


@pytest.mark.skipif(not MSTREAM.exists(), reason=f"MStream data not found at {MSTREAM}")
def test_mstream_tight_story_kept_apart_from_a_loose_one_on_the_same_star():
    with MSTREAM.open(encoding="utf-8") as handle:
        rows = [row for row in map(json.loads, handle) if row["clusterNo"] in MSTREAM_PAIR]
    predicted, _ = _bench("events_mstream").group_headlines([r["textCleaned"] for r in rows])
    truth = [r["clusterNo"] for r in rows]
    assert adjusted_rand_score(truth, predicted) >= MSTREAM_PAIR_ARI_FLOOR
