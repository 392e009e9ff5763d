"""Quotes and reported speech with speakers, on sentences from the sample corpus and PolNeAR-like prose."""
import json
from pathlib import Path

from newsfuse.compare.quotes import extract_quotes, quote_lines

SAMPLE = Path(__file__).resolve().parents[1] / "examples" / "xi-putin-2024-05"


def _by_content(quotes, fragment):
    found = [q for q in quotes if fragment in q.content]
    assert found, f"no quote containing {fragment!r} in {[q.content for q in quotes]}"
    return found[0]


def test_direct_quote_with_speaker_after_and_relay_chain():
    text = (
        "Putin declared the partnership a stabilizing force. “Relations between Russia and China are not "
        "opportunistic and not directed against anyone,” Putin said, according to a Kremlin readout. "
        "“Together, we uphold the principles of justice,” he added."
    )
    quotes = extract_quotes(text)
    q = _by_content(quotes, "not opportunistic")
    assert q.speaker == "Putin" and q.kind == "direct" and q.cue == "said"
    assert q.chain == ["Putin", "a Kremlin readout"]
    assert text[q.start:q.end] == q.content and not q.content.startswith("“")
    added = _by_content(quotes, "Together, we uphold")
    assert added.speaker == "Putin"  # "he" resolved to the previous speaker
    assert text[added.speaker_start:added.speaker_end] == "he"


def test_reported_speech_and_title_resolution():
    text = (
        "Chinese President Xi Jinping and Russian leader Vladimir Putin met on Thursday in Beijing. "
        "Xi emphasized that China-Russia relations were conducive to peace. "
        "That position included “respecting the sovereignty and territorial integrity of all countries”, "
        "the Chinese leader added."
    )
    quotes = extract_quotes(text)
    reported = _by_content(quotes, "conducive to peace")
    assert reported.kind == "indirect" and reported.speaker == "Xi Jinping" and reported.cue == "emphasized"
    titled = _by_content(quotes, "territorial integrity")
    assert titled.speaker == "Xi Jinping"
    assert text[titled.speaker_start:titled.speaker_end] == "the Chinese leader"


def test_speaker_before_quote_and_scare_quotes_ignored():
    text = 'Xi greeted Putin as an “old friend”. Senator Warren said: "It is gutless leadership, plain and simple."'
    quotes = extract_quotes(text)
    assert all("old friend" != q.content for q in quotes)
    q = _by_content(quotes, "gutless leadership")
    assert q.speaker == "Senator Warren" and q.kind == "direct"


def test_inverted_cue_and_according_to():
    text = (
        "Xi Jinping held talks with Vladimir Putin in Russia on Thursday, said Chinese Foreign Ministry "
        "spokeswoman Mao Ning. According to Russian media, the two leaders signed several agreements."
    )
    quotes = extract_quotes(text)
    talks = _by_content(quotes, "held talks")
    assert talks.speaker.endswith("Mao Ning")
    media = _by_content(quotes, "signed several agreements")
    assert media.speaker == "Russian media" and media.cue == "according to"


def test_sample_article_putin_quote_and_json_lines():
    path = next(SAMPLE.glob("002_*.txt"))
    text = path.read_text(encoding="utf-8")
    lines = list(quote_lines(path))
    assert lines and all(set(line) == {"speaker", "cue", "content", "start", "end"} for line in lines)
    for line in lines:
        assert text[line["start"]:line["end"]] == line["content"]
        json.dumps(line)
    putin = [line for line in lines if "not opportunistic" in line["content"]]
    assert putin and putin[0]["speaker"] == "Vladimir Putin"
    li = [line for line in lines if "deepen cooperation" in line["content"]]
    assert li and "Li Qiang" in li[0]["speaker"]  # "who said" climbs the relative clause
