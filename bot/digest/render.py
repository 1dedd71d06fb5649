"""Summaries as Telegram HTML, built with aiogram's formatting utilities (never raw strings)."""

from __future__ import annotations

from aiogram.utils.formatting import Bold, Italic, Text, TextLink, as_line, as_list

from bot.models import Summary

TELEGRAM_LIMIT = 4096
# Quotes longer than this are cut at a word boundary for the fact line.
QUOTE_CHARS = 220
SHOWN_WHO = 5
SHOWN_WHERE = 3
SHOWN_QUOTES = 2
LABELS = {
    "ru": {"who": "Кто", "where": "Где", "when": "Когда", "said": "Сказано", "source": "Источник"},
    "en": {"who": "Who", "where": "Where", "when": "When", "said": "Said", "source": "Source"},
}


def _cut(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(",;:—-") + "…"


def summary_text(summary: Summary, ui_lang: str = "ru") -> Text:
    """A summary message as an aiogram formatting node."""
    labels = LABELS.get(ui_lang, LABELS["en"])
    parts: list[Text] = []
    if summary.title:
        title: Text = Bold(summary.title)
        if summary.source.url:
            title = TextLink(summary.title, url=summary.source.url)
            title = Bold(title)
        parts.append(as_line(title))
    parts.append(Text(" ".join(summary.sentences)))
    facts: list[Text] = []
    if summary.who:
        people = "; ".join(
            f"{e.name} ({e.role})" if e.role else e.name for e in summary.who[:SHOWN_WHO]
        )
        facts.append(Text(Bold(labels["who"] + ": "), people))
    if summary.where:
        facts.append(Text(Bold(labels["where"] + ": "), ", ".join(summary.where[:SHOWN_WHERE])))
    if summary.when:
        facts.append(Text(Bold(labels["when"] + ": "), ", ".join(summary.when)))
    said = [q for q in summary.quotes if q.speaker][:SHOWN_QUOTES]
    facts.extend(
        Text(
            Bold(labels["said"] + ": "), f"{q.speaker}: ", Italic(f"«{_cut(q.text, QUOTE_CHARS)}»")
        )
        for q in said
    )
    if summary.source.name:
        facts.append(Text(Bold(labels["source"] + ": "), summary.source.name))
    if facts:
        parts.append(as_list(*facts))
    return as_list(*parts, sep="\n\n")


def render_summary(summary: Summary, ui_lang: str = "ru") -> str:
    """Telegram HTML of one summary, never longer than Telegram's 4096 characters."""
    html = summary_text(summary, ui_lang).as_html()
    if len(summary_text(summary, ui_lang).render()[0]) <= TELEGRAM_LIMIT:
        return html
    # Too long (very long sentences or names): drop the fact line, then cut the sentences.
    short = Summary(
        lang=summary.lang,
        title=_cut(summary.title or "", 300) or None,
        sentences=(_cut(" ".join(summary.sentences), TELEGRAM_LIMIT - 400),),
        who=(),
        where=(),
        when=(),
        quotes=(),
        source=summary.source,
        version=summary.version,
    )
    return summary_text(short, ui_lang).as_html()
