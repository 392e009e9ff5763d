"""Quality gate of events across languages: a fixed slice of SemEval-2022 Task 8 pairs of German and
English news articles (the first GATE_PAIRS de-en pairs the annotators rated the same story,
Overall <= 2, or different stories, Overall >= 3), each pair through `group_events` as a pile of its
two articles, as bench/crosslingual.py does for all mixed-language pairs."""
from __future__ import annotations

import csv
from pathlib import Path

import pytest

from newsfuse import nlp
from newsfuse.events import group_events
from newsfuse.models import Article

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "semeval2022-task8" / "training_set.csv"
GATE_PAIRS = 40
# Measured on this slice (issue 16): same story in one event 7 of 13 (.538), false merges 1 of 27
# (.037; 4 of 27 before the story cosine weighted lead and opening apart); before issue 16 both 0
# (non-English articles stood alone). One pair of slack each way.
SAME_EVENT_FLOOR = 0.46
FALSE_MERGE_CEILING = 0.08


def _slice() -> list[dict]:
    csv.field_size_limit(10**8)
    with open(DATA, newline="", encoding="utf-8") as handle:
        rows = [r for r in csv.DictReader(handle)
                if r["lang1"] == "de" and r["lang2"] == "en" and r["text1"].strip() and r["text2"].strip()
                and (float(r["Overall"]) <= 2.0 or float(r["Overall"]) >= 3.0)]
    return rows[:GATE_PAIRS]


@pytest.mark.skipif(not DATA.exists(), reason="SemEval-2022 Task 8 data not present")
def test_german_and_english_reports_of_one_story_meet_and_others_do_not():
    rows = _slice()
    texts = {t: lang for r in rows for t, lang in ((r["text1"], "de"), (r["text2"], "en"))}
    articles = {t: Article(id=f"t{i}", path="semeval", item=str(i), text=t, language=lang)
                for i, (t, lang) in enumerate(texts.items())}
    list(nlp.annotate(list(articles.values())))
    same = joined = different = merged = 0
    for r in rows:
        pile = [articles[r["text1"]], articles[r["text2"]]]
        events, _ = group_events(pile, [])
        together = any({pile[0].id, pile[1].id} <= set(e.articles) for e in events)
        if float(r["Overall"]) <= 2.0:
            same, joined = same + 1, joined + together
        else:
            different, merged = different + 1, merged + together
    print(f"de-en slice: same story {same}: one event {joined / same:.3f}; "
          f"different {different}: false merges {merged / different:.3f}")
    assert joined / same >= SAME_EVENT_FLOOR
    assert merged / different <= FALSE_MERGE_CEILING
