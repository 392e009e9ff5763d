"""Ingest: every input item becomes an Article or an InputRecord saying why it could not.

`ingest` is the stage function: paths in, (InputRecord, Article | None) pairs out, one per item.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator

import dateparser

from ..models import Article, InputRecord, PublishedDate, RawDocument
from .attribution import attributed_sources
from .decode import MOJIBAKE_NOTE, repair_mojibake
from .language import detect_language
from .outlet import outlet_name
from .sources import Input, SourceOptions, iter_inputs
from .text import clean_text

# An article needs at least a sentence of real text; fewer words is a caption or an error page.
MIN_ARTICLE_WORDS = 8


def ingest(inputs: Iterable[Input], options: SourceOptions | None = None
           ) -> Iterator[tuple[InputRecord, Article | None]]:
    """One (InputRecord, Article | None) per input item (paths, texts, dicts or Documents: see
    `sources.iter_inputs`); article ids are a1, a2, ... in input order."""
    count = 0
    for outcome in iter_inputs(inputs, options):
        if isinstance(outcome, InputRecord):
            yield outcome, None
            continue
        article, reason = build_article(outcome, f"a{count + 1}")
        if article is None:
            yield InputRecord(outcome.path, outcome.item, "skipped", reason), None
            continue
        count += 1
        yield InputRecord(outcome.path, outcome.item, "ok", reason, article.id), article


def build_article(raw: RawDocument, article_id: str) -> tuple[Article | None, str]:
    """The article in `raw`, or None and why there is none."""
    if raw.kind == "html":
        article = _from_html(raw, article_id)
        if article is None:
            return None, "HTML holds no article text (trafilatura found no main content)"
    else:
        article = _from_text(raw, article_id)
    repaired = _repair_text(article)
    if len(article.text.split()) < MIN_ARTICLE_WORDS:
        return None, f"only {len(article.text.split())} words of text after cleaning"
    article.language, article.language_confidence = detect_language(article.text)
    if raw.published:
        article.published = _with_container_date(
            article, _container_date(raw, article.published, article.language))
    article.attributed_sources = attributed_sources(article.text)
    notes = list(raw.notes) + ([MOJIBAKE_NOTE] if repaired else [])
    article.warnings.extend(notes)
    if article.language not in (None, "en"):
        notes.append(f"language {article.language}: {ENGLISH_ONLY_NOTE}")
    return article, "; ".join(notes)


def _repair_text(article: Article) -> bool:
    """Undo mojibake in the article's text and title; whether anything was repaired."""
    text, title = repair_mojibake(article.text), article.title and repair_mojibake(article.title)
    repaired = (text, title) != (article.text, article.title)
    article.text, article.title = text, title
    return repaired


def _from_html(raw: RawDocument, article_id: str) -> Article | None:
    from .html import extract_html  # lxml/trafilatura import cost only when HTML is present

    extracted = extract_html(raw.content, raw.url)
    if extracted is None or not extracted.text.strip():
        return None
    url = raw.url or extracted.url
    published = PublishedDate(source="none")
    if extracted.published:
        published = PublishedDate(value=extracted.published, evidence=extracted.published_evidence,
                                  source="metadata", confidence=0.9)
    return Article(
        id=article_id, path=raw.path, item=raw.item, text=extracted.text,
        title=raw.title or extracted.title, title_evidence="given" if raw.title else "metadata", url=url,
        outlet=raw.outlet or outlet_name(extracted.site_name, url), author=extracted.author,
        published=published, extraction=extracted.extractor,
        removed_boilerplate=list(extracted.removed_boilerplate),
    )


def _from_text(raw: RawDocument, article_id: str) -> Article:
    cleaned = clean_text(raw.content)
    article = Article(
        id=article_id, path=raw.path, item=raw.item, text=cleaned.text,
        title=raw.title or cleaned.title, title_evidence="given" if raw.title else cleaned.title_evidence,
        url=raw.url, outlet=raw.outlet or outlet_name(None, raw.url),
        published=cleaned.published, removed_boilerplate=cleaned.removed_boilerplate,
        extraction="plain text",
    )
    return article


def _with_container_date(article: Article, container: PublishedDate) -> PublishedDate:
    """The publication date to keep when the container gave one beside what the page or text says.

    A supplied date (JSONL/Parquet field) is the user's word: it wins over the page's metadata and
    over a header line, which are only noted when they disagree. A WARC crawl date is an upper bound:
    it only fills in for a page that states no date."""
    own = article.published
    if container.value is None:
        own.rejected = container.rejected
        return own
    if own.value is None or container.source != "warc":
        if own.value and own.value[:10] != container.value[:10]:
            article.warnings.append(f"the {own.source} date {own.value[:10]} ({own.evidence}) differs from the "
                                    f"supplied {container.value[:10]}: the supplied date is kept")
        return container
    return own


# What a non-English article gets and misses (the ingest note, the CLI and the report's input list).
ENGLISH_ONLY_NOTE = ("not English: grouped into events across languages by meaning (USE multilingual) where "
                     "the language is covered; names, quotes, claims and framing are English-only and skip it")


def _date_languages(language: str | None) -> list[str]:
    """dateparser languages for a date of an article in `language`: English and that one, if known."""
    from dateparser.languages.loader import default_loader

    wanted = ["en"]
    if language and language != "en" and language in default_loader.get_locale_map():
        wanted.append(language)
    return wanted


def _container_date(raw: RawDocument, current: PublishedDate, language: str | None = None) -> PublishedDate:
    """A date the container gave (JSONL field, WARC crawl date), kept beside any rejected one.
    English is always tried; the article's own language too ("2. Dezember 2026")."""
    # All three parts required: "2018" alone is no publication day (dateparser would add today's month).
    parsed = dateparser.parse(raw.published, languages=_date_languages(language),
                              settings={"RETURN_AS_TIMEZONE_AWARE": False, "PREFER_DAY_OF_MONTH": "first",
                                        "REQUIRE_PARTS": ["day", "month", "year"]})
    source = raw.published_source or "container"
    crawl = "WARC" in source
    if parsed is None:
        rejected = current.rejected + [{"value": raw.published, "evidence": source,
                                        "reason": "not a recognisable calendar date (day, month and year)"}]
        return PublishedDate(source="none", rejected=rejected)
    has_time = parsed.hour or parsed.minute
    value = parsed.strftime("%Y-%m-%dT%H:%M" if has_time else "%Y-%m-%d")
    return PublishedDate(value=value, evidence=f"{source}: {raw.published!r}",
                         source="warc" if crawl else "jsonl",
                         # A crawl date is only an upper bound on publication: low confidence.
                         confidence=0.3 if crawl else 0.7, rejected=current.rejected)
