"""Summaries as Telegram HTML, built with aiogram's formatting utilities (never raw strings)."""

from __future__ import annotations

import html
import re
from collections.abc import Sequence

from aiogram.utils.formatting import Bold, Italic, Text, TextLink, as_list

from bot.digest.select import ALSO_SHOWN, DigestItem
from bot.locales import Translator
from bot.models import Quote, Summary
from bot.text import strip_unsafe as _s

TELEGRAM_LIMIT = 4096
# Quotes longer than this are cut at a word boundary for the fact line.
QUOTE_CHARS = 220
SHOWN_WHO = 5
SHOWN_WHERE = 3
SHOWN_QUOTES = 2


def _cut(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(",;:—-") + "…"


# Reported speech begins with the conjunction that introduced it («заявил, что …», "said that
# …"); after "Speaker:" it reads without it.
_LEADING_THAT = re.compile(r"^(?:что|that)\s+", re.IGNORECASE)


def said_text(quote: Quote, limit: int) -> str:
    """What a quote shows after its speaker: direct speech in «», cut to ``limit``; reported
    speech as reported, without quotation marks and without its leading «что»/"that"."""
    if quote.direct:
        return f"«{_cut(quote.text, limit)}»"
    return _cut(_LEADING_THAT.sub("", quote.text.strip(), count=1), limit)


def shown_said(quotes: Sequence[Quote], count: int) -> list[Quote]:
    """The first ``count`` attributed quotes, direct speech before reported speech."""
    said = [q for q in quotes if q.speaker][:count]
    return sorted(said, key=lambda q: not q.direct)  # stable: each kind keeps its order


def _label(t: Translator, key: str) -> Bold:
    return Bold(t.get(key) + ": ")


def summary_text(summary: Summary, t: Translator) -> Text:
    """A summary message as an aiogram formatting node (every string from outside cleaned);
    the fact line's labels in ``t``'s language."""
    parts: list[Text] = []
    if summary.title:
        title = _s(summary.title)
        parts.append(Bold(linked(title, summary.source.url)))
    parts.append(Text(_s(" ".join(summary.sentences))))
    facts: list[Text] = []
    if summary.who:
        people = "; ".join(
            f"{e.name} ({e.role})" if e.role else e.name for e in summary.who[:SHOWN_WHO]
        )
        facts.append(Text(_label(t, "fact-who"), _s(people)))
    if summary.where:
        where = ", ".join(summary.where[:SHOWN_WHERE])
        facts.append(Text(_label(t, "fact-where"), _s(where)))
    if summary.when:
        facts.append(Text(_label(t, "fact-when"), _s(", ".join(summary.when))))
    facts.extend(
        Text(
            _label(t, "fact-said"),
            _s(f"{q.speaker}: "),
            Italic(_s(said_text(q, QUOTE_CHARS))) if q.direct else _s(said_text(q, QUOTE_CHARS)),
        )
        for q in shown_said(summary.quotes, SHOWN_QUOTES)
    )
    if summary.source.name:
        facts.append(Text(_label(t, "fact-source"), _s(summary.source.name)))
    if facts:
        parts.append(as_list(*facts))
    return as_list(*parts, sep="\n\n")


def render_summary(summary: Summary, t: Translator) -> str:
    """Telegram HTML of one summary, never longer than Telegram's 4096 (UTF-16 units)."""
    node = summary_text(summary, t)
    if _shown_len(node) > TELEGRAM_LIMIT:
        # Too long (long sentences or names, emoji): drop the fact line, cut the sentences.
        node = _fitted(summary, t, TELEGRAM_LIMIT)
    return node.as_html()


def _fitted(summary: Summary, t: Translator, limit: int) -> Text:
    """The summary without its fact line, its sentences cut until it shows in ``limit``."""
    chars = limit - 400  # room for the title (cut to 300) and the source
    while True:
        node = summary_text(_short_summary(summary, max(chars, 0)), t)
        shown = _shown_len(node)
        if shown <= limit or chars <= 0:
            return node
        # Characters outside the BMP count twice: shrink in proportion, and by at least one.
        chars = min(chars - 1, chars * limit // shown - 10)


# A page item shows its title and the start of its summary, cut to at most these lengths;
# on a full page both shrink to an equal share of the 4096 (render_page's `room`).
PAGE_LEAD_CHARS = 200
PAGE_TITLE_CHARS = 150
SEPARATOR = "\n\n"
# A lead shorter than this says nothing: the item shows its title alone.
PAGE_MIN_LEAD_CHARS = 40


def _is_link(url: str | None) -> bool:
    # Only web links, without quotes, brackets, spaces or control characters.
    return (
        url is not None
        and url.lower().startswith(("http://", "https://"))
        and not any(c in url for c in '"<>')
        and not any(c.isspace() for c in url)
        and _s(url) == url
    )


def linked(label: str, url: str | None) -> Text:
    """``label`` linked to ``url`` when it is a web link, else the label alone.

    aiogram writes the URL into href="" as it is, and Telegram decodes entities there
    (``&lt``, ``&quot``, ``&amp``, even without the semicolon), so the URL is escaped here:
    a query ``?a=1&lt=2`` must not reach the reader as ``?a=1<=2``. Only as_html() output
    is valid; the node's plain render() is used for lengths alone.
    """
    if url is None or not _is_link(url):
        return Text(label)
    return TextLink(label, url=html.escape(url, quote=True))


def _page_item(number: int, summary: Summary, t: Translator, room: int) -> Text:
    """One numbered item in about ``room`` characters: linked title, then the lead."""
    label = summary.title or (summary.sentences[0] if summary.sentences else "")
    label = label or t.get("page-untitled")
    label = _cut(" ".join(_s(label).split()), min(PAGE_TITLE_CHARS, max(room // 2, 40)))
    title: Text = Bold(linked(label, summary.source.url))
    lines: list[Text] = [Text(f"{number}. ", title)]
    lead = " ".join(_s(" ".join(summary.sentences)).split())
    lead_chars = min(PAGE_LEAD_CHARS, room - len(label) - len(f"{number}. ") - 3)
    if lead and lead != label and lead_chars >= PAGE_MIN_LEAD_CHARS:
        lines.append(Text(_cut(lead, lead_chars)))
    return as_list(*lines)


def _shown_len(node: Text) -> int:
    # Telegram counts UTF-16 code units of the text after entity parsing.
    return len(node.render()[0].encode("utf-16-le")) // 2


def render_page(items: Sequence[Summary], *, t: Translator, header: str, first: int = 1) -> str:
    """One message listing summaries compactly, numbered from ``first``, at most 4096.

    Titles link to the article only for http(s) URLs (pasted texts are stored under
    ``urn:`` URLs). Items that do not fit are dropped, and the message says how many.
    """
    head = Bold(_cut(" ".join(_s(header).split()), PAGE_TITLE_CHARS))
    # Room for the "did not fit" line, so adding it never breaks the limit.
    # (the longest count is three digits: at most 20 items are asked for).
    budget = TELEGRAM_LIMIT - len(t.get("page-dropped", n=999)) - 8
    parts: list[Text] = [head]
    used = _shown_len(head)
    # Each item gets an equal share of the room, so a full page of 20 shows all 20.
    room = (budget - used) // max(1, len(items)) - 2
    for i, summary in enumerate(items):
        item = _page_item(first + i, summary, t, room)
        used += len(SEPARATOR) + _shown_len(item)  # lengths add up: no re-rendering
        if used > budget:
            parts.append(Italic(t.get("page-dropped", n=len(items) - i)))
            break
        parts.append(item)
    return as_list(*parts, sep=SEPARATOR).as_html()


def _short_summary(summary: Summary, chars: int) -> Summary:
    """The summary without its fact line, sentences cut to ``chars``."""
    return Summary(
        lang=summary.lang,
        title=_cut(summary.title or "", 300) or None,
        sentences=(_cut(" ".join(summary.sentences), chars),),
        who=(),
        where=(),
        when=(),
        quotes=(),
        source=summary.source,
        version=summary.version,
    )


def _digest_item(number: int, item: DigestItem, t: Translator, terms: str | None = None) -> Text:
    """One numbered story; ``terms``: what the chat follows that it matched, shown first."""
    head: list[Text] = [Text(f"{number}. ")]
    if terms:
        head.extend((Italic(_cut(" ".join(_s(terms).split()), PAGE_TITLE_CHARS)), Text("\n")))
    tail: list[Text] = []
    if item.also:
        # Each other source named and linked to its own article (a web link only).
        also: list[Text | str] = [t.get("digest-also") + " "]
        for i, other in enumerate(item.also[:ALSO_SHOWN]):
            if i:
                also.append(", ")
            also.append(linked(_cut(" ".join(_s(other.name).split()), 60), other.url))
        extra = len(item.also) - ALSO_SHOWN
        if extra > 0:
            also.append(", " + t.get("digest-more", n=extra))
        tail.append(Text("\n", Italic(*also)))
    node = Text(*head, summary_text(item.summary, t), *tail)
    if _shown_len(node) > TELEGRAM_LIMIT - 200:
        # The number, terms and "also" line take what the fitted summary leaves.
        rest = _shown_len(Text(*head, *tail))
        short = _fitted(item.summary, t, TELEGRAM_LIMIT - 200 - rest)
        node = Text(*head, short, *tail)
    return node


def digest_header(t: Translator, date: str) -> str:
    """The first line of a digest: "Дайджест: 31.12.2026"."""
    return t.get("digest-header", date=date)


def render_digest(
    items: Sequence[DigestItem],
    *,
    t: Translator,
    header: str,
    followed: Sequence[tuple[DigestItem, str]] = (),
) -> list[str]:
    """A digest as Telegram HTML messages, each at most 4096 characters, split between
    items (never inside one); the header opens the first message.

    ``followed`` (stories the chat's follows matched, each with the matched terms) come
    first under their own heading, then ``items`` under another, numbered on.
    """
    nodes: list[Text] = []
    for number, (item, terms) in enumerate(followed, start=1):
        node = _digest_item(number, item, t, terms)
        if number == 1:  # the heading goes with its first story, never alone
            node = as_list(Bold(t.get("digest-follows")), node, sep="\n\n")
        nodes.append(node)
    for number, item in enumerate(items, start=len(followed) + 1):
        node = _digest_item(number, item, t)
        if followed and number == len(followed) + 1:
            node = as_list(Bold(t.get("digest-follows-rest")), node, sep="\n\n")
        nodes.append(node)
    messages: list[str] = []
    current: list[Text] = [Bold(_cut(" ".join(_s(header).split()), PAGE_TITLE_CHARS))]
    for node in nodes:
        if current and _shown_len(as_list(*current, node, sep="\n\n")) > TELEGRAM_LIMIT:
            messages.append(as_list(*current, sep="\n\n").as_html())
            current = []
        current.append(node)
    if not nodes:
        current.append(Italic(t.get("digest-empty")))
    if current:
        messages.append(as_list(*current, sep="\n\n").as_html())
    return messages
