"""A document in: bytes of a file, stdin, a URL or a JSON line → a clean Article to analyse.

No NLP models: ``extract`` stops here, and importing this module loads no analysis stage.
``ingest`` summarises and stores what this module prepares.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, BinaryIO

from bot.errors import EmptyTextError, InputError, NoArticleError, NoSentencesError
from bot.extraction.boilerplate import clean_text
from bot.extraction.html import MAX_HTML_CHARS, extract_html, looks_like_html
from bot.models import Article, FetchedPage
from bot.sources import local

_SENTENCE_END = re.compile(r"[.!?…]")
# Characters of article text analysed and stored; the rest is cut at a paragraph break.
# Analysis grows faster than the text (surnames are matched against every full name): 20 K
# of name-dense text takes 1.5 s, 40 K 4 s, 200 K of prose 15 s. 30 K is 5,000 words; the
# longest of the 533 BBC articles of ../shared/eval/summ has 25 K, so no eval text is cut,
# and the sentences a summary picks sit near the top of a long read anyway.
MAX_ANALYSED_CHARS = 30_000


@dataclass(frozen=True, slots=True)
class PreparedArticle:
    """An article ready for analysis and the page text it was cleaned from."""

    article: Article
    page_text: str
    is_html: bool = False  # False: page_text is the text as given (a pasted page or a text)


def prepare(
    data: bytes | str,
    *,
    url: str | None = None,
    lang: str | None = None,
    charset: str | None = None,
    is_html: bool | None = None,
) -> PreparedArticle:
    """Turn raw input (HTML or flattened page text) into a clean Article."""
    raw = data if isinstance(data, str) else local.decode(data, charset)
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
        cleaned = clean_text(raw)
        text, title = cleaned.text, cleaned.title
        if title and not text.strip():
            text, title = title, None  # a headline alone is all the text there is
        # The headline line on top is the title; the text starts after it.
        article = Article(text=text, title=title, url=url, lang=lang)
    if not text.strip():
        raise NoArticleError if _SENTENCE_END.search(raw) else NoSentencesError
    if len(text) > MAX_ANALYSED_CHARS:
        article = replace(article, text=analysed_part(text))
    # The page as far as the extractor read it: the years of dates are looked up in it.
    return PreparedArticle(article=article, page_text=raw[:MAX_HTML_CHARS], is_html=html)


def analysed_part(text: str) -> str:
    """The first MAX_ANALYSED_CHARS characters, cut at a paragraph break, else between words."""
    if len(text) <= MAX_ANALYSED_CHARS:
        return text
    head = text[:MAX_ANALYSED_CHARS]
    for separator in ("\n\n", "\n", " "):
        cut = head.rfind(separator)
        if cut > MAX_ANALYSED_CHARS // 2:
            return head[:cut]
    return head


def prepare_page(page: FetchedPage, *, lang: str | None = None) -> PreparedArticle:
    """A fetched page → a clean Article."""
    is_html = page.content_type in {"text/html", "application/xhtml+xml"} or None
    return prepare(page.body, url=page.final_url, lang=lang, charset=page.charset, is_html=is_html)


def is_url(source: str) -> bool:
    """Whether a command-line source names a URL (else a path, or '-' for stdin)."""
    return "://" in source[:12]


def read_source(
    source: str, *, stdin: BinaryIO, lang: str | None = None, allow_private: bool = False
) -> PreparedArticle:
    """Read PATH, URL or '-' (``stdin``) and prepare it; a URL is fetched with the safe GET."""
    if source == "-":
        return prepare(local.read_stream(stdin), lang=lang)
    if is_url(source):
        # Lazily: aiohttp is needed only for a URL, and `extract FILE` should start fast.
        from bot.sources import fetch  # noqa: PLC0415

        page = fetch.fetch_sync(source, allow_private=allow_private)
        return prepare_page(page, lang=lang)
    return prepare(local.read_file(Path(source)), lang=lang)


def from_item(item: dict[str, Any]) -> PreparedArticle:
    """A ``--batch`` line's document: {"text"} or {"html"}, with "title"? and "lang"?."""
    html = item.get("html")
    text = item.get("text")
    if html:
        prepared = prepare(str(html), lang=item.get("lang"), is_html=True)
    elif isinstance(text, str):
        prepared = prepare(text, lang=item.get("lang"), is_html=False)
    else:
        raise InputError('each line needs "text" or "html"')
    if item.get("title"):
        prepared = replace(prepared, article=replace(prepared.article, title=item["title"]))
    return prepared
