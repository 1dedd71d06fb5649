"""Bring an article in: bytes from a file, stdin or a URL → clean text → Summary."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.analysis.models import NlpModels
from bot.analysis.summarize import summarize
from bot.errors import EmptyTextError, NoArticleError, NoSentencesError
from bot.extraction.boilerplate import clean_flat_text
from bot.extraction.html import extract_html, looks_like_html
from bot.models import Article, FetchedPage, Summary
from bot.sources.local import decode

_SENTENCE_END = re.compile(r"[.!?…]")


@dataclass(frozen=True, slots=True)
class PreparedArticle:
    """An article ready for analysis and the page text it was cleaned from."""

    article: Article
    page_text: str


def prepare(
    data: bytes | str,
    *,
    url: str | None = None,
    lang: str | None = None,
    charset: str | None = None,
    is_html: bool | None = None,
) -> PreparedArticle:
    """Turn raw input (HTML or flattened page text) into a clean Article."""
    raw = data if isinstance(data, str) else decode(data, charset)
    if not raw.strip():
        raise EmptyTextError
    html = looks_like_html(raw) if is_html is None else is_html
    if not html and not _SENTENCE_END.search(raw):
        raise NoSentencesError
    if html:
        page = extract_html(raw, url)
        text = page.text
        article = Article(
            text=text,
            title=page.title,
            url=url,
            published=page.published,
            author=page.author,
            lang=lang,
            source_name=page.site_name,
        )
    else:
        text = clean_flat_text(raw)
        article = Article(text=text, url=url, lang=lang)
    if not text.strip():
        raise NoArticleError if _SENTENCE_END.search(raw) else NoSentencesError
    return PreparedArticle(article=article, page_text=raw)


def prepare_page(page: FetchedPage, *, lang: str | None = None) -> PreparedArticle:
    """A fetched page → a clean Article."""
    is_html = page.content_type in {"text/html", "application/xhtml+xml"} or None
    return prepare(page.body, url=page.final_url, lang=lang, charset=page.charset, is_html=is_html)


def summarize_prepared(
    prepared: PreparedArticle, nlp: NlpModels, *, max_sentences: int = 3, max_chars: int = 600
) -> Summary:
    """Summarise a prepared article, using its page text for the years of dates."""
    return summarize(
        prepared.article,
        nlp,
        max_sentences=max_sentences,
        max_chars=max_chars,
        context=prepared.page_text,
    )
