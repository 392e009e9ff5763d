"""The local engine on several processes (`parallel.ProcessExecutor`) gives the one-process results:
the same article ids, sentences, entities, parses and byte-equal sentence vectors, dates, events,
reuse, claims, conflicts, framing and summaries, in the same order, on the sample and on a pile of
real texts with multi-article events (two ECB+ topics: two real events of one kind each; one
NewsWCL50 events: five outlets' whole articles each). The workers run under another hash seed than this
process (checked), so any output order taken from a set shows up here.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import importlib.util
import os
import sys
from pathlib import Path

import numpy as np
import pytest

from newsfuse.nlp import doc_from_bytes
from newsfuse.parallel import (PARALLEL_MIN_CHARACTERS, ProcessExecutor, default_workers, worker_facts,
                               workers_for)
from newsfuse.pipeline import AnalysisOptions, analyze, read_inputs, run_stages
from newsfuse.stages import LocalExecutor, SilentProgress

REPO = Path(__file__).resolve().parents[1]
RUN_DATE = dt.date(2024, 6, 1)
ECB_TOPICS = ("2", "3")


def _bench_scale():
    """bench/scale.py's report comparison (what tests/test_spark.py compares the engines by)."""
    spec = importlib.util.spec_from_file_location("newsfuse_bench_scale", REPO / "bench" / "scale.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


scale = _bench_scale()


@pytest.fixture(scope="module")
def other_hash_seed():
    """Spawned workers read PYTHONHASHSEED from the environment: give them one this process does
    not run under (a random seed if unset here, so any fixed one differs)."""
    saved = os.environ.get("PYTHONHASHSEED")
    os.environ["PYTHONHASHSEED"] = "1" if saved != "1" else "2"
    yield
    if saved is None:
        os.environ.pop("PYTHONHASHSEED", None)
    else:
        os.environ["PYTHONHASHSEED"] = saved


def _one_process(paths: list[Path]):
    options = AnalysisOptions(run_date=RUN_DATE, workers=1)
    result = read_inputs(paths, options, SilentProgress())
    run_stages(result, options, SilentProgress(), LocalExecutor())
    return result


def _in_workers(paths: list[Path], workers: int = 2):
    options = AnalysisOptions(run_date=RUN_DATE, workers=workers)
    result = read_inputs(paths, options, SilentProgress())
    read = list(result.articles)
    with ProcessExecutor(workers) as executor:
        facts = [executor.submit(worker_facts).result() for _ in range(4)]
        run_stages(result, options, SilentProgress(), executor)
    # the workers' results land in the articles read here, as when a stage changes them in place
    assert all(a is b for a, b in zip(read, result.articles, strict=True))
    return result, facts


def _differences(one, many) -> list[str]:
    """Every difference between two analyses of the same inputs, field by field."""
    found = []
    if [a.id for a in one.articles] != [a.id for a in many.articles]:
        return ["article ids"]
    for a, b in zip(one.articles, many.articles):
        for name in ("sentences", "entities", "warnings", "published", "language", "title", "text"):
            if getattr(a, name) != getattr(b, name):
                found.append(f"{a.id}.{name}")
        if (a.sentence_vectors.dtype, a.sentence_vectors.shape, a.sentence_vectors.tobytes()) != \
                (b.sentence_vectors.dtype, b.sentence_vectors.shape, b.sentence_vectors.tobytes()):
            found.append(f"{a.id}.sentence_vectors")
        # the parse bytes hold spaCy's strings in set order (Doc.to_bytes), which follows the hash
        # seed: the Docs they decode to are what must be equal
        if (a.parse is None) != (b.parse is None) or a.parse is not None and \
                doc_from_bytes(a.parse).to_json() != doc_from_bytes(b.parse).to_json():
            found.append(f"{a.id}.parse")
    for field in ("temporal", "time_inconsistencies", "events", "mixed_articles", "event_warnings", "reuse",
                  "claims", "conflicts", "framing", "summary", "outlet_coverage", "inputs"):
        if getattr(one, field) != getattr(many, field):
            found.append(field)
    found += scale.differences(scale.comparable(one), scale.comparable(many))
    return found


@pytest.fixture(scope="module")
def sample_runs(sample_dir, other_hash_seed):
    return _one_process([sample_dir]), *_in_workers([sample_dir])


@pytest.fixture(scope="module")
def real_pile(shared_data) -> list[Path]:
    ecb = shared_data / "ecbplus-dev" / "txt"
    wcl = shared_data / "newswcl50-dev"
    files = [f for topic in ECB_TOPICS for f in sorted((ecb / topic).glob("*.txt"))]
    return files + [f for event in ("event_0", "event_1") for f in sorted((wcl / event).glob("*.txt"))]


def _no_model_in_the_parent(*args, **kwargs):
    raise AssertionError("the parent process loaded a model: its workers hold them")


@pytest.fixture(scope="module")
def real_runs(real_pile, other_hash_seed):
    """One process, then two workers with a parent that refuses to load any model: what its own
    stages (events, reuse) embed goes to the workers (`embeddings.embedding_in`)."""
    from newsfuse import embeddings, nlp

    one = analyze(real_pile, AnalysisOptions(run_date=RUN_DATE, workers=1))
    with pytest.MonkeyPatch.context() as patch:
        for module, name in ((nlp, "load_nlp"), (embeddings, "load_model")):
            patch.setattr(module, name, _no_model_in_the_parent)
        many = analyze(real_pile, AnalysisOptions(run_date=RUN_DATE, workers=2))
    return one, many


def test_workers_run_under_another_hash_seed_with_one_torch_thread(sample_runs):
    _, _, facts = sample_runs
    assert len({f["pid"] for f in facts} - {os.getpid()}) >= 1
    assert all(f["hash"] != hash("newsfuse") for f in facts)  # else a set-order fault could hide
    assert all(f["torch_threads"] == 1 for f in facts)


def test_sample_same_results_in_workers(sample_runs):
    one, many, _ = sample_runs
    assert _differences(one, many) == []
    # Not vacuous: the sample has a multi-article event, a rewrite, corroborated claims, vectors.
    assert len(one.articles) == 5 and any(len(e.articles) > 1 for e in one.events)
    assert one.reuse and one.claims and all(a.sentence_vectors.shape[0] > 0 for a in one.articles)


def test_real_pile_same_results_in_workers(real_runs):
    one, many = real_runs
    assert workers_for(AnalysisOptions(workers=2), one.articles) == 2  # the parallel path ran
    assert _differences(one, many) == []
    # Not vacuous: several multi-article events (ECB+ topics hold two events each), claims
    # supported by several articles, and dated expressions from every article.
    assert len(one.articles) >= 50
    assert sum(len(e.articles) > 1 for e in one.events) >= 3
    assert any(len({m.article for m in c.mentions}) > 1 for c in one.claims)
    assert one.conflicts or one.reuse


def test_differences_sees_a_changed_vector_and_a_reordered_claim(real_runs):
    """The comparison above can fail: one float's last bit, or two claims swapped, are found."""
    one, _ = real_runs
    changed = dataclasses.replace(one, articles=list(one.articles), claims=list(one.claims))
    article = changed.articles[3] = dataclasses.replace(one.articles[3])
    article.sentence_vectors = one.articles[3].sentence_vectors.copy()
    article.sentence_vectors.view(np.uint32)[0, 0] ^= 1
    changed.claims[0], changed.claims[1] = changed.claims[1], changed.claims[0]
    assert _differences(one, changed)[:2] == [f"{article.id}.sentence_vectors", "claims"]


def test_settings_in_force_reach_the_workers(sample_dir, sample_runs):
    """`newsfuse.analyze(settings=...)` puts values in force in this process's modules; workers
    import the modules afresh, so they must be handed the same values."""
    from newsfuse.settings import Settings

    default, _, _ = sample_runs
    stricter = Settings().with_values(compare__claims__MIN_WORDS=14)
    with stricter.applied():
        one = _one_process([sample_dir])
        many, _ = _in_workers([sample_dir])
    assert len(one.claims) < len(default.claims)  # the setting changes what the sample yields
    assert _differences(one, many) == []


def test_small_piles_and_one_worker_stay_in_this_process(monkeypatch, sample_runs, real_runs):
    sample, big = sample_runs[0].articles, real_runs[0].articles
    assert sum(len(a.text) for a in sample) < PARALLEL_MIN_CHARACTERS <= sum(len(a.text) for a in big)
    monkeypatch.delenv("NEWSFUSE_WORKERS", raising=False)
    assert default_workers() == (os.cpu_count() or 1)
    monkeypatch.setenv("NEWSFUSE_WORKERS", "3")
    assert default_workers() == 3
    assert workers_for(AnalysisOptions(), big) == 3
    assert workers_for(AnalysisOptions(workers=2), sample) == 1
    assert workers_for(AnalysisOptions(workers=1), big) == 1
    assert workers_for(AnalysisOptions(workers=2), big) == 2
