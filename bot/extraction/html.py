"""HTML page to its article text and metadata (pure; trafilatura does the heavy lifting).

The page is parsed once; scripts, styles, frames and form controls are removed, and so are
statistics tables (short, mostly numeric cells) unless they hold more words than the rest of
the article (then they are its content). trafilatura runs with ``favor_precision``; when
that text is short, a default run follows, and if the precise text is a small share of it
(the precise run sometimes keeps only a reprint notice), the default text is used, through
the flattened-text cleaner, which drops what the default run lets in. The chosen text is
post-cleaned of captions, credits, share and subscribe lines and repeated paragraphs, and the
headline (returned as ``title``) is taken off its top. When trafilatura finds nothing, the
page is flattened to one line per visible block and cleaned like pasted text.
"""

from __future__ import annotations

import copy
import datetime
import re
from dataclasses import dataclass
from typing import Any

import trafilatura

# lxml ships no type information (and is not in the project's mypy overrides)
from lxml import etree  # type: ignore[import-untyped]
from lxml.html import HtmlElement  # type: ignore[import-untyped]

from bot.extraction.boilerplate import clean_extracted_text, clean_flat_text
from bot.extraction.datewords import iso_day
from bot.text import strip_unsafe

# Work per page is bounded in three steps, each measured on the 237 pages of
# ../shared/eval/extraction (Zyte + trafilatura-eval) so that none of them is cut, and on
# generated hostile pages (benchmarks/bench_limits.py).
# 1. Characters parsed: the markup beyond this is cut before lxml. The largest eval page has
# 1.5 M (mostly inline scripts); the cut bounds the JSON-LD and attribute volume that
# trafilatura and htmldate scan. trafilatura itself refuses 20 MB.
MAX_HTML_CHARS = 2_000_000
# 2. Characters kept in the parsed page: visible text, tails and attribute values, in
# document order; the page is cut after them. trafilatura, htmldate and the cleaner cost
# about 2 us per character (a 4 MB page of prose took 9 s to extract, 56 s to summarise).
# Eval pages hold at most 374 K (p99 214 K).
MAX_PAGE_CHARS = 400_000
# ... and elements kept (eval: at most 10,076, p99 2,331). trafilatura costs ~0.15 ms per
# element even without its fallbacks.
MAX_PAGE_ELEMENTS = 12_000
# 3. Above this many elements trafilatura runs without its fallbacks (readability, justext):
# justext's neighbour search is quadratic in paragraphs (10,000 short <div><p> took 32 s,
# 3.5 s without fallbacks). One eval page of 237 is above it.
FALLBACK_MAX_ELEMENTS = 3_000
# The precise run is kept when it has at least this share of the default run's words; below
# it, the precise run threw the article away. Chosen on ../shared/eval/extraction (Zyte +
# trafilatura-eval) with benchmarks/bench_extraction.py: 0.3 beat 0.5 and 0.7 on both sets.
PRECISE_MIN_SHARE = 0.3
# A precise text this long is an article: the default run is skipped (half the time). On the
# same data, every precise run that lost the article had kept fewer than 180 words.
PRECISE_TRUSTED_WORDS = 300

_TRAFILATURA_OPTIONS: dict[str, Any] = {
    "include_comments": False,  # readers' comments are not the article
    "include_tables": True,  # tables laying out prose; statistics go before (is_data_table)
    "include_images": False,
    "include_links": False,
    "include_formatting": False,
    "deduplicate": False,  # a shared LRU cache across calls would make the function impure
}
# Elements whose text is never page text; removed before extraction.
_STRIPPED_TAGS = (
    "script",
    "style",
    "template",
    "iframe",
    "frame",
    "frameset",
    "object",
    "embed",
    "svg",
    "math",
    "canvas",
    "button",
    "select",
    "option",
    "input",
    "textarea",
)
_BLOCK_TAGS = frozenset(
    # a tag list reads better as text than as 42 quoted items
    "address article aside blockquote body br caption dd details dialog div dl dt fieldset "  # noqa: SIM905
    "figcaption figure footer form h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section "
    "summary table tbody td tfoot th thead tr ul".split()
)
_HTML_HINT_RE = re.compile(
    r"<(?:!doctype\s+html|html|head|body|article|main|div|p|span|a\s|br|h[1-6]|ul|ol|li|"
    r"table|section|meta|script|style|img)\b",
    re.IGNORECASE,
)
# Enough markup among this many leading characters makes a text HTML.
_HTML_SNIFF_CHARS = 4096
_HTML_MIN_TAGS = 2
_FULL_DOCUMENT_RE = re.compile(rb"<html\b|<body\b|<!doctype\s+html", re.IGNORECASE)
_WORD_RE = re.compile(r"\w+")
_BYLINE_PREFIX_RE = re.compile(
    r"^(?:by|from|текст|автор|авторы|von|par|por|di|door|autor|autorzy)\b\s*:?\s*", re.IGNORECASE
)
# A statistics table (standings, results, prices, figures) is data, not article prose: a
# table whose cells are short (at most DATA_TABLE_MAX_CELL_WORDS words on average, over at
# least DATA_TABLE_MIN_CELLS non-empty cells) and of which at least DATA_TABLE_MIN_NUMERIC
# of the cells are numbers (a digit, at most _NUMBER_MAX_LETTERS letters: "5 040", "7,9 %",
# "2,3 млн") is dropped before extraction. A table that lays out prose has long cells and
# stays. The page keeps its tables when, without them, the article text has fewer words than
# the tables' cells: the table is then the page's content (a standings page with a caption).
# Chosen on half A of ../shared/eval/extraction (id hash, benchmarks/bench_backrefs.py), checked
# on half B; see that benchmark for the figures.
DATA_TABLE_MIN_CELLS = 6
DATA_TABLE_MAX_CELL_WORDS = 3.0
DATA_TABLE_MIN_NUMERIC = 0.6
_NUMBER_MAX_LETTERS = 3
_LETTER_RE = re.compile(r"[^\W\d_]")
_DIGIT_RE = re.compile(r"\d")
# A first line contained in the <title> (which often adds " | Site name") is the headline
# when it is at least this long.
_TITLE_MIN_CHARS = 15
_LANG_RE = re.compile(r"^([a-zA-Z]{2,3})(?:[-_][a-zA-Z0-9]+)*$")
# The publication date a page states in machine-readable form, read before htmldate guesses:
# htmldate prefers a date in the canonical URL (NYT's /2016/07/30/ for a story published
# 2016-07-29 16:42 -04:00) and reads a timestamp's text "10/04/2016" day first before its
# <time datetime="2016-10-04">. The calendar date is taken as written, never converted to
# UTC: the date the outlet printed is the one a reader expects.
_MIN_YEAR = 1995
# <meta> keys (property, name or itemprop; lowercase) holding the publication date, best first
_PUBLISHED_META_KEYS = (
    "article:published_time",
    "article:published",
    "og:article:published_time",
    "datepublished",
    "pubdate",
    "publishdate",
    "dc.date.issued",
    "date",
)
# a <time datetime> without itemprop is the publication date when it (or its parent) is
# marked as the story's timestamp
_PUBLISHED_CLASS_RE = re.compile(r"publish|pubdate|timestamp|dateline|posted", re.IGNORECASE)
_JSONLD_PUBLISHED_RE = re.compile(r'"datePublished"\s*:\s*"([^"]{10,40})"')


# The publisher's name, read best first: the page's own name for itself (og:site_name, in
# ``content`` or, on some pages, ``value``; application-name), the brand the <title> ends
# with ("... | Dakota Access pipeline | The Guardian"), the JSON-LD publisher (sometimes the
# brand's owner), then trafilatura's guess (a Twitter handle, a host name).
_SITE_META_KEYS = ("og:site_name", "application-name", "apple-mobile-web-app-title")
_TITLE_SEPARATOR_RE = re.compile(r"\s+[|–—/-]{1,2}\s+|\s+::\s+|\s*\|\s*")
# A <title> suffix of at most this many words (a brand, not a second headline).
_SITE_MAX_WORDS = 5
_JSONLD_PUBLISHER_RE = re.compile(
    r'"publisher"\s*:\s*\[?\s*\{[^{}]*?"name"\s*:\s*"([^"]{2,80})"', re.DOTALL
)


@dataclass(frozen=True, slots=True)
class ExtractedPage:
    """The article of an HTML page: clean text and what the page says about itself."""

    text: str
    title: str | None
    published: datetime.date | None
    author: str | None
    site_name: str | None
    lang: str | None


def looks_like_html(text: str) -> bool:
    """True when the text is HTML markup rather than plain (pasted) text."""
    head = text[:_HTML_SNIFF_CHARS].lstrip()
    if head.startswith("<") and _HTML_HINT_RE.match(head):
        return True
    return len(_HTML_HINT_RE.findall(head)) >= _HTML_MIN_TAGS and "</" in head


def _as_document(html: str | bytes) -> bytes | str:
    """Cut oversized input and wrap a bare fragment so the parser treats it as a page."""
    html = html[:MAX_HTML_CHARS]
    probe = html[:_HTML_SNIFF_CHARS]
    probe_bytes = probe if isinstance(probe, bytes) else probe.encode("utf-8", "replace")
    if _FULL_DOCUMENT_RE.search(probe_bytes):
        return html
    if isinstance(html, bytes):
        return b"<html><body><div>" + html + b"</div></body></html>"
    return f"<html><body><div>{html}</div></body></html>"


def _parse(html: str | bytes) -> HtmlElement | None:
    try:
        tree = trafilatura.load_html(_as_document(html))
    except (ValueError, TypeError, etree.LxmlError):
        return None
    return tree if isinstance(tree, HtmlElement) else None


def _drop_invisible(tree: HtmlElement) -> None:
    """Remove scripts, styles, frames, embeds and form controls, keeping their tail text.

    trafilatura lets the text of <iframe> and <template> through. JSON-LD scripts stay, as
    trafilatura reads the page's metadata from them; <noscript> stays, as some pages put their
    article there for browsers without JavaScript (dropping it cost recall on trafilatura-eval).
    """
    doomed = [
        el
        for el in tree.iter(*_STRIPPED_TAGS)
        if not (el.tag == "script" and "json" in (el.get("type") or "").lower())
    ]
    for el in doomed:
        if el.getparent() is not None:
            el.drop_tree()


def _limit_tree(tree: HtmlElement) -> int:
    """Cut the page after MAX_PAGE_CHARS characters or MAX_PAGE_ELEMENTS elements.

    Counts text, tails and attribute values in document order (JSON scripts' text aside:
    the metadata, bounded by MAX_HTML_CHARS). Where the budget ends, that element keeps
    what fits of its text; its children, its tail and everything after it go. Returns the
    number of elements left.
    """
    left = MAX_PAGE_CHARS
    count = 0
    for count, el in enumerate(tree.iter(), 1):
        attrs = sum(len(v) for v in el.attrib.values()) if isinstance(el.tag, str) else 0
        if attrs > left:
            el.attrib.clear()  # one oversized attribute must not stop the page
            attrs = 0
        left -= attrs
        if el.text and el.tag != "script":
            if len(el.text) > left:
                el.text = el.text[:left]
            left -= len(el.text)
        left -= len(el.tail or "")
        if left < 0 or count >= MAX_PAGE_ELEMENTS:
            _drop_after(el)
            return count
    return count


def _drop_after(el: HtmlElement) -> None:
    """Remove the element's children and tail, and everything after it in the document."""
    for child in list(el):
        el.remove(child)
    el.tail = None
    node = el
    while (parent := node.getparent()) is not None:
        for sibling in list(node.itersiblings()):
            parent.remove(sibling)
        parent.tail = None
        node = parent


def _page_lang(tree: HtmlElement) -> str | None:
    """Primary language subtag from <html lang>, Content-Language or og:locale."""
    candidates: list[str] = []
    root = tree.getroottree().getroot()
    for attr in ("lang", "{http://www.w3.org/XML/1998/namespace}lang", "xml:lang"):
        value = root.get(attr)
        if value:
            candidates.append(value)
    for meta in tree.iter("meta"):
        key = (meta.get("http-equiv") or meta.get("property") or meta.get("name") or "").lower()
        if key in {"content-language", "og:locale", "language", "dc.language"}:
            candidates.append(meta.get("content") or "")
    for value in candidates:
        m = _LANG_RE.match(value.strip().split(",")[0].strip())
        if m:
            return m.group(1).lower()
    return None


def _is_number(cell: str) -> bool:
    return bool(_DIGIT_RE.search(cell)) and len(_LETTER_RE.findall(cell)) <= _NUMBER_MAX_LETTERS


def is_data_table(table: HtmlElement) -> bool:
    """True for a table of short, mostly numeric cells (statistics), not a layout for prose."""
    if any(True for _ in table.iterdescendants("table")):
        return False  # a layout table around other tables: its inner tables are judged alone
    cells = [" ".join(c.text_content().split()) for c in table.iter("td", "th")]
    cells = [c for c in cells if c]
    if len(cells) < DATA_TABLE_MIN_CELLS:
        return False
    words = sum(len(c.split()) for c in cells) / len(cells)
    numbers = sum(1 for c in cells if _is_number(c)) / len(cells)
    return words <= DATA_TABLE_MAX_CELL_WORDS and numbers >= DATA_TABLE_MIN_NUMERIC


def drop_data_tables(tree: HtmlElement) -> int:
    """Remove the statistics tables (``is_data_table``) of the page; returns their words."""
    doomed = [t for t in tree.iter("table") if is_data_table(t)]
    words = sum(_word_count(c.text_content()) for t in doomed for c in t.iter("td", "th"))
    for table in doomed:
        table.drop_tree()
    return words


def _date(value: str | None) -> datetime.date | None:
    """htmldate's date, unless it is 1 January (its fallback to a year it saw, a "© 2025")."""
    day = iso_day(value, min_year=_MIN_YEAR)
    return None if day is None or (day.month, day.day) == (1, 1) else day


def _jsonld_published(tree: HtmlElement) -> datetime.date | None:
    for script in tree.iter("script"):
        if "ld+json" in (script.get("type") or "").lower() and script.text:
            for raw in _JSONLD_PUBLISHED_RE.findall(script.text):
                if (day := iso_day(raw, min_year=_MIN_YEAR)) is not None:
                    return day
    return None


def _meta_published(tree: HtmlElement) -> datetime.date | None:
    found: dict[str, datetime.date] = {}
    for meta in tree.iter("meta"):
        day = iso_day(meta.get("content") or meta.get("value"), min_year=_MIN_YEAR)
        if day is None:
            continue
        for attr in ("property", "name", "itemprop"):
            key = (meta.get(attr) or "").strip().lower()
            if key in _PUBLISHED_META_KEYS:
                found.setdefault(key, day)
    return next((found[key] for key in _PUBLISHED_META_KEYS if key in found), None)


def _time_published(tree: HtmlElement) -> datetime.date | None:
    marked: datetime.date | None = None
    for time in tree.iter("time"):
        day = iso_day(time.get("datetime"), min_year=_MIN_YEAR)
        if day is None:
            continue
        prop = (time.get("itemprop") or "").lower()
        if prop == "datepublished" or time.get("pubdate") is not None:
            return day
        if marked is None and not prop:
            parent = time.getparent()
            around = "" if parent is None else parent.get("class") or ""
            if _PUBLISHED_CLASS_RE.search(f"{time.get('class') or ''} {around}"):
                marked = day
    return marked


def stated_date(tree: HtmlElement) -> datetime.date | None:
    """The publication date the page states in machine-readable form, or None.

    Read, best first: JSON-LD ``datePublished``; ``<meta>`` article:published_time,
    article:published, itemprop datePublished, pubdate, publishdate, dc.date.issued, date
    (the value in ``content`` or ``value``); ``<time datetime>`` with itemprop datePublished or
    a ``pubdate`` attribute, then one marked as a publication timestamp by its or its parent's
    class. Only ISO dates count, taken as written.
    """
    return _jsonld_published(tree) or _meta_published(tree) or _time_published(tree)


def _meta_site_name(tree: HtmlElement) -> str | None:
    found: dict[str, str] = {}
    for meta in tree.iter("meta"):
        key = (meta.get("property") or meta.get("name") or "").strip().lower()
        value = _clean_meta(meta.get("content") or meta.get("value"))
        if key in _SITE_META_KEYS and value:
            found.setdefault(key, value)
    return next((found[key] for key in _SITE_META_KEYS if key in found), None)


def _title_site_name(tree: HtmlElement, headline: str | None) -> str | None:
    """The brand the <title> ends with, unless it is part of the headline ("США — Китай")."""
    title = tree.find(".//title")
    text = _clean_meta(title.text_content()) if title is not None else None
    parts = [p for p in _TITLE_SEPARATOR_RE.split(text or "") if p.strip()]
    if len(parts) < 2:  # noqa: PLR2004 (a headline and its brand)
        return None
    last = parts[-1].strip()
    words = last.split()
    brand_like = last[:1].isupper() or last[:1].isdigit()
    if len(words) > _SITE_MAX_WORDS or not brand_like or last[-1] in "?!":
        return None
    headlines = [headline or "", *(h.text_content() for h in tree.iter("h1"))]
    if any(f" {_key(last)} " in f" {_key(h)} " for h in headlines if h):
        return None
    return last


def _jsonld_publisher(tree: HtmlElement) -> str | None:
    for script in tree.iter("script"):
        if "ld+json" in (script.get("type") or "").lower() and script.text:
            m = _JSONLD_PUBLISHER_RE.search(script.text)
            if m:
                return _clean_meta(m.group(1))
    return None


def site_name(
    tree: HtmlElement, guessed: str | None = None, *, headline: str | None = None
) -> str | None:
    """The publisher's name as the page gives it (see _SITE_META_KEYS), else ``guessed``.

    A lowercase site name ("the Guardian") takes the spelling of the title's brand when the
    two are the same name.
    """
    meta = _meta_site_name(tree)
    titled = _title_site_name(tree, headline)
    if meta and titled and meta.lower() == titled.lower():
        return titled
    return meta or titled or _jsonld_publisher(tree) or guessed


def _clean_meta(value: str | None) -> str | None:
    if value is None:
        return None
    value = " ".join(strip_unsafe(value).split())
    return value or None


def _clean_author(value: str | None) -> str | None:
    value = _clean_meta(value)
    if value is None:
        return None
    return _clean_meta(_BYLINE_PREFIX_RE.sub("", value))


def _run(tree: HtmlElement, url: str | None, *, precise: bool, fast: bool = False) -> Any:
    try:
        return trafilatura.bare_extraction(
            tree,
            url=url,
            fast=fast,
            with_metadata=precise,
            favor_precision=precise,
            **_TRAFILATURA_OPTIONS,
        )
    except (ValueError, TypeError, AttributeError, etree.LxmlError):
        # trafilatura catches its own errors; this is a guard against odd trees
        return None


def html_to_lines(tree: HtmlElement) -> str:
    """The page flattened to text, one visible block per line (scripts and styles dropped)."""
    skip = set(tree.iter(*_STRIPPED_TAGS, "head", "title"))
    parts: list[str] = []
    root = tree.find(".//body")
    if root is None:
        root = tree
    walker = etree.iterwalk(root, events=("start", "end"))
    for event, el in walker:
        tag = el.tag.lower() if isinstance(el.tag, str) else ""
        if event == "start":
            if el in skip or not tag:
                # invisible element, comment or processing instruction: no content
                walker.skip_subtree()
                if el.tail and el is not root:
                    parts.append(el.tail)
                continue
            if tag in _BLOCK_TAGS:
                parts.append("\n")
            if el.text:
                parts.append(el.text)
        else:
            if tag in _BLOCK_TAGS:
                parts.append("\n")
            if el.tail and el is not root:
                parts.append(el.tail)
    return "".join(parts)


def _key(text: str) -> str:
    return " ".join(_WORD_RE.findall(text.lower()))


def _drop_leading_title(text: str, title: str | None) -> str:
    """The headline is metadata: drop it from the top of the text (it is in ``title``)."""
    if not title or not text:
        return text
    first, _, rest = text.partition("\n\n")
    key = _key(first)
    if key and (key == _key(title) or (len(key) > _TITLE_MIN_CHARS and key in _key(title))):
        return rest
    return text


def _word_count(text: str) -> int:
    return len(text.split())


def _article_text(tree: HtmlElement, url: str | None, *, fast: bool) -> tuple[Any, str]:
    """trafilatura's result with metadata (None if it failed) and the clean article text."""
    precise = _run(tree, url, precise=True, fast=fast)
    precise_text: str = (precise.text or "") if precise is not None else ""
    default_text = ""
    if _word_count(precise_text) < PRECISE_TRUSTED_WORDS:
        default = _run(tree, url, precise=False, fast=fast)
        default_text = (default.text or "") if default is not None else ""
    if precise_text and _word_count(precise_text) >= PRECISE_MIN_SHARE * _word_count(default_text):
        text = clean_extracted_text(precise_text)
    elif default_text:
        text = clean_flat_text(default_text)
    else:
        text = ""
    if not text:
        text = clean_flat_text(html_to_lines(tree))
    return precise, text


def extract_html(html: str | bytes, url: str | None = None) -> ExtractedPage:
    """Extract the article text, title, date, author, site name and language of a page."""
    empty = ExtractedPage(
        text="", title=None, published=None, author=None, site_name=None, lang=None
    )
    if not html or not html.strip():
        return empty
    tree = _parse(html)
    if tree is None:
        return empty
    lang = _page_lang(tree)
    _drop_invisible(tree)
    fast = _limit_tree(tree) > FALLBACK_MAX_ELEMENTS
    stated = stated_date(tree)
    has_data = any(is_data_table(t) for t in tree.iter("table"))
    with_tables = copy.deepcopy(tree) if has_data else None
    table_words = drop_data_tables(tree) if has_data else 0
    precise, text = _article_text(tree, url, fast=fast)
    if with_tables is not None and _word_count(text) < table_words:
        # little prose besides the tables: they are what the page is about
        tree = with_tables
        precise, text = _article_text(tree, url, fast=fast)
    meta = precise
    if meta is None:
        try:
            meta = trafilatura.extract_metadata(tree, url)
        except (ValueError, TypeError, AttributeError, etree.LxmlError):
            meta = None
    if meta is None:
        return ExtractedPage(
            text=text,
            title=None,
            published=stated,
            author=None,
            site_name=site_name(tree),
            lang=lang,
        )
    title = _clean_meta(meta.title)
    return ExtractedPage(
        text=_drop_leading_title(text, title),
        title=title,
        published=stated or _date(meta.date),
        author=_clean_author(meta.author),
        site_name=site_name(tree, _clean_meta(meta.sitename), headline=title),
        lang=lang or _clean_meta(meta.language),
    )
