"""Quotes and reported speech with speakers, on sentences from the sample corpus and PolNeAR-like prose."""
import json
from pathlib import Path

from newsfuse.cli.quotes import quote_lines
from newsfuse.compare.quotes import extract_quotes, render_quote

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


# --- speaker rules (issue 12): one real-news sentence pattern each -------------------------------


def _only(text, fragment):
    return _by_content(extract_quotes(text), fragment)


def test_place_is_never_a_speaker_dateline_and_pronoun():
    dateline = _only("WASHINGTON (AP) — Hillary Clinton said on Sunday that the plan would fail.", "plan would fail")
    assert dateline.speaker == "Hillary Clinton"
    # The sample article names Harbin (a city, once tagged as a person) between Xi's letter and "He noted".
    path = next(SAMPLE.glob("000_*.txt"))
    noted = _by_content(extract_quotes(path.read_text(encoding="utf-8")), "75th anniversary")
    assert noted.speaker == "Xi Jinping"


def test_headline_fragment_and_quoted_words_are_not_speakers():
    text = ("Donald Trump Warns North Korea Over Tests\n\nPresident Trump spoke to reporters on Friday. "
            "“We will see what happens with the talks,” Trump said.")
    assert _only(text, "We will see").speaker == "Trump"  # not "Donald Trump Warns" from the headline
    tweet = ("“James Comey Memos just out and show clearly that there was NO COLLUSION and NO OBSTRUCTION,” "
             "Trump wrote on Twitter. “Also, he leaked classified information. WOW!”")
    quotes = extract_quotes(tweet)
    assert [q.speaker for q in quotes] == ["Trump", "Trump"]  # "Memos" is the tweet's subject, not its writer
    assert quotes[1].continues and not quotes[0].continues


def test_pronouns_resolved_through_a_chain_and_to_a_group():
    text = ("Mr. Kudlow said he expected Japan to ask for an exemption. He also tamped down expectations about "
            "the trade pact, which Mr. Trump pulled out of during his first week in office.\n\n"
            "“We are in the early stages of any discussions,” he said.")
    q = _only(text, "early stages")
    assert q.speaker == "Mr. Kudlow" and text[q.speaker_start:q.speaker_end] == "he"
    group = _only("South Korean officials hope the hotline will improve communications between the leaders. "
                  "The hotline could also be used to avert armed clashes, they said.", "avert armed clashes")
    assert group.speaker == "South Korean officials"
    not_a_speaker = _only("The senators released the documents on Friday. The documents were heavily redacted. "
                          "“Nothing in them is new,” they wrote.", "Nothing in them")
    assert not_a_speaker.speaker == "The senators"


def test_group_noun_and_title_resolved_to_the_person_meant():
    text = ('President Trump and President Moon spoke by phone last week. Still, Mr. Trump welcomed what Mr. Kim '
            'said. "This is very good news for the world," the president said in a Twitter message.')
    assert _only(text, "very good news").speaker == "Trump"  # the president named last, not Moon
    director = _only("Former FBI Director James Comey kept notes of every meeting. The former FBI director said "
                     "he began the notes after their first meeting.", "began the notes")
    assert director.speaker == "James Comey"
    comments = _only("Mr. Trump's comments suggested he backed the effort to end the war.", "backed the effort")
    assert comments.speaker == "Mr. Trump"


def test_document_words_belong_to_its_author_and_relayed_words_to_who_said_them():
    memo = _only('The memos written by former FBI Director James Comey were released on Thursday. The memo says '
                 'the president "asked about loyalty at a private dinner."', "asked about loyalty")
    assert memo.speaker.endswith("James Comey")
    told = _only('Former FBI Director James Comey met President Trump in January. Comey said the president told '
                 'him, "I have been very loyal to you, very loyal."', "very loyal")
    assert told.kind == "direct" and told.speaker == "Trump" and told.chain[1].endswith("Comey")
    quoted_as = _only('"If our officials act like arrogant blockheads, President Moon can just call me directly," '
                      'Mr. Kim was quoted as telling the visiting envoys last month.', "arrogant blockheads")
    assert quoted_as.speaker == "Mr. Kim"


def test_relative_pronoun_kept_as_written_and_scare_quote_stays_inside_reported_speech():
    q = _only("Barkley, who said he typically votes Democratic, praised the governor.", "votes Democratic")
    assert q.speaker == "Barkley" and q.speaker_start == 9  # the mention is "who"
    quotes = extract_quotes('Chinese Foreign Ministry spokeswoman Mao Ning said Xi held talks with Russian '
                            '"dictator" Vladimir Putin on Thursday.')
    assert len(quotes) == 1 and quotes[0].kind == "indirect" and quotes[0].speaker.endswith("Mao Ning")


def test_render_quote_keeps_indirect_speech_indirect():
    assert render_quote("Nestlé", "it will donate 2.6 million", "indirect") == "Nestlé said it will donate 2.6 million."
    assert render_quote("Nestlé", "It will donate 2.6 million", "indirect") == "Nestlé said it will donate 2.6 million."
    assert render_quote("Larry Kudlow", "We are in the early stages", "direct") == \
        "Larry Kudlow said: “We are in the early stages”"
    # partly quoted: reported, with the source's own marks only
    assert render_quote("Comey", 'the president "asked about loyalty."', "direct") == \
        'Comey said the president "asked about loyalty."'
    # no kind known: first person means the speaker's own words, otherwise reported
    assert render_quote("Kudlow", "We are in the early stages").startswith("Kudlow said: “")
    assert render_quote("Kim", "North Korea will stop nuclear tests") == "Kim said North Korea will stop nuclear tests."


def test_extract_quotes_on_real_text_with_stances():
    text = "Senator Warren criticized the bank's decision to close branches. Trump wants to build a wall."
    assert not extract_quotes(text)  # stances are not quotes
    stances = extract_quotes(text, stances=True)
    assert {q.speaker for q in stances} == {"Senator Warren", "Trump"}
    assert all(q.kind == "indirect" for q in stances)


def test_doubled_apostrophe_quotes_and_their_continuation():
    text = ("Mrs. Clinton released the plan on Monday.\n\n''This isn't tax reform,'' said Douglas Holtz-Eakin, "
            "an economist who served as director of the Congressional Budget Office. ''It's anti-reform. "
            "She's layering on even more complexity.''\n\nHis views were echoed by other experts.")
    quotes = extract_quotes(text)
    first = _by_content(quotes, "This isn't tax reform")
    assert first.kind == "direct" and first.speaker == "Douglas Holtz-Eakin"
    assert first.content == "This isn't tax reform,".rstrip(",")
    more = _by_content(quotes, "layering on even more complexity")
    assert more.continues and more.speaker == "Douglas Holtz-Eakin" and not more.content.startswith("'")


def test_parenthetical_cue_attributes_its_whole_clause():
    text = "Mr. Clarke runs the company now. Lenox was a juggernaut, Mr. Clarke said, until it went bankrupt in 1999."
    quotes = extract_quotes(text)
    q = _by_content(quotes, "juggernaut")
    assert q.speaker == "Mr. Clarke" and q.kind == "indirect"
    assert q.content.startswith("Lenox was a juggernaut")


def test_quotation_resumed_after_the_cue_aside():
    text = ('"I think Lester Holt will be very fair," Trump said during a rally in Kenansville, N.C., '
            '"but a lot of people are going to be watching to see if that\'s true."')
    quotes = extract_quotes(text)
    rest = _by_content(quotes, "a lot of people are going to be watching")
    assert rest.speaker == "Trump" and rest.kind == "direct"


def test_quotation_signed_with_a_dash():
    text = ("We asked readers what they thought of the debate.\n"
            "“Maybe, we can build a wall around Donald Trump.” ― Steve Quinlan\n"
            "“The most unqualified child to ever run for president.” ― Francisco Herrero\n")
    quotes = extract_quotes(text)
    assert _by_content(quotes, "build a wall").speaker == "Steve Quinlan"
    assert _by_content(quotes, "most unqualified child").speaker == "Francisco Herrero"


def test_a_document_that_says_is_the_speaker():
    text = ("The police union filed a lawsuit against the campaign on Friday. It says the campaign violated "
            "federal and state law by using copyrighted material.")
    quotes = extract_quotes(text)
    q = _by_content(quotes, "violated federal and state law")
    assert q.speaker == "a lawsuit"
    assert text[q.speaker_start:q.speaker_end] == "It"


def test_clause_before_a_semicolon_is_not_the_next_speakers():
    # "Officials said X; The Guardian reported that Y": X is the officials', Y the Guardian's
    text = ("Aides said the president himself has not spoken with the rebel leader; The Washington Post "
            "reported that the envoy made a secret visit to the capital over the weekend.")
    quotes = extract_quotes(text)
    aides = _by_content(quotes, "has not spoken")
    post = _by_content(quotes, "secret visit")
    assert aides.speaker == "Aides" and "Post" not in aides.content
    # a newspaper named "Post" is its own speaker, not a post written by someone
    assert post.speaker == "The Washington Post" and "spoken" not in post.content
