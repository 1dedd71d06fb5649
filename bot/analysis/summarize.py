"""Article → Summary: the sentences that carry the story and its fact line."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from bot.analysis.dates import find_dates, story_dates
from bot.analysis.entities import find_mentions, find_roles, merge_compound_orgs
from bot.analysis.models import NlpModels
from bot.analysis.quotes import find_quotes
from bot.analysis.ranking import select_sentences
from bot.analysis.salience import choose_who, rank_entities, rank_places
from bot.analysis.sentences import split_sentences
from bot.analysis.source import is_outlet, mark_dateline, provenance
from bot.errors import EmptyTextError, NoSentencesError, UnsupportedLanguageError
from bot.extraction.language import SUPPORTED, detect_language
from bot.models import (
    Article,
    Entity,
    EntityType,
    Mention,
    Quote,
    Source,
    Summary,
)

# Bump when the summariser's output changes; `python -m bot resummarize` redoes older ones.
# 2: issue 9-10 (titles, whole texts, sources, names); 3: who/where salience, quotes (issue 11)
SUMMARY_VERSION = 3
DEFAULT_MAX_SENTENCES = 3
DEFAULT_MAX_CHARS = 600
# How many people/organisations, places and dates the JSON lists (the fact line shows 5/3).
MAX_WHO = 8
MAX_WHERE = 5
MAX_WHEN = 3
_SENTENCE_END = re.compile(r"[.!?…]")
_CITED = {
    "ru": re.compile(
        r"\b(?:пишет|пишут|сообщает|сообщают|передает|передаёт|передают|по данным|"
        r"со ссылкой на|как сообщил[аои]?)\s+$",
        re.IGNORECASE,
    ),
    "en": re.compile(
        r"(?:\baccording to|\breported by|\breports?|\btold|\bcited by)\s+(?:the\s+)?$|\($"
    ),
}


def cited_source(text: str, lang: str, mentions: Sequence[Mention]) -> str | None:
    """The news agency or outlet the article cites («пишет Reuters», "(Reuters) -")."""
    pattern = _CITED[lang]
    for m in mentions:
        if m.type == "ORG" and pattern.search(text[max(0, m.start - 40) : m.start]):
            return m.normal
    return None


def summarize(
    article: Article,
    nlp: NlpModels,
    *,
    max_sentences: int = DEFAULT_MAX_SENTENCES,
    max_chars: int = DEFAULT_MAX_CHARS,
    context: str = "",
) -> Summary:
    """Summarise one article: two or three of its sentences plus who, where, when, quotes.

    Args:
        article: the clean article text and what is known about it.
        nlp: models from ``bot.analysis.models.load()``.
        max_sentences: at most this many sentences.
        max_chars: at most this many characters of sentences.
        context: the page the text was cleaned from, used only to find the year of a date.

    Raises:
        EmptyTextError, NoSentencesError, UnsupportedLanguageError.
    """
    text = article.text
    if not text.strip():
        raise EmptyTextError
    if not _SENTENCE_END.search(text):
        raise NoSentencesError
    lang = article.lang or detect_language(text)
    if lang not in SUPPORTED:
        raise UnsupportedLanguageError(lang)
    sentences = split_sentences(text, lang, nlp)
    if not sentences:
        raise NoSentencesError
    mentions = merge_compound_orgs(text, find_mentions(text, lang, nlp), lang, nlp.morph_vocab)
    # Source, dateline and publication date (bot.analysis.source): the dateline's place in
    # proper case, its agency and every credited outlet kept out of `who`.
    origin = provenance(
        text,
        lang,
        mentions,
        publisher=article.source_name,
        published=article.published,
        page=context,
        title=article.title,
    )
    mentions = mark_dateline(text, mentions, origin.dateline)
    roles = find_roles(text, mentions, sentences, lang, nlp)
    quotes = find_quotes(text, sentences, mentions, lang, nlp, named_only=True)
    title_mentions = find_mentions(article.title, lang, nlp) if article.title else []
    # Who and where in order of importance (bot.analysis.salience).
    entities = rank_entities(
        text,
        lang,
        mentions,
        sentences,
        roles,
        title_mentions=title_mentions,
        quotes=quotes,
        title=article.title,
        vocab=nlp.morph_vocab if lang == "ru" else None,
    )
    cited = cited_source(text, lang, mentions)
    vocab = nlp.morph_vocab if lang == "ru" else None
    dated = origin.dateline
    dateline_span = (dated.start, dated.end) if dated and dated.start >= 0 else None
    who = tuple(
        choose_who(
            entities,
            text,
            lang,
            origin.outlets,
            is_outlet=is_outlet,
            vocab=vocab,
            quotes=quotes,
            dateline=dateline_span,
        )
    )[:MAX_WHO]
    where = rank_places(
        text,
        lang,
        sentences,
        [e for e in entities if e.type == "LOC"],
        title_mentions=title_mentions,
        dateline_place=origin.dateline.place if origin.dateline else None,
        quotes=quotes,
        vocab=vocab,
        title=article.title,
    )[:MAX_WHERE]
    chosen = select_sentences(
        sentences,
        lang,
        mentions=mentions,
        max_sentences=max_sentences,
        max_chars=max_chars,
        quotes=quotes,
    )
    when = story_dates(find_dates(text, lang, article.published, context=context), MAX_WHEN)
    if origin.published is not None:  # the publication date first
        first = origin.published.isoformat()
        when = [first, *(d for d in when if d != first)][:MAX_WHEN]
    source = Source(name=origin.source, url=article.url)
    return Summary(
        lang=lang,
        title=article.title,
        sentences=tuple(s.text for s in chosen),
        who=who,
        where=tuple(where),
        when=tuple(when),
        quotes=tuple(_order_quotes(quotes, who, cited)),
        source=source,
        version=SUMMARY_VERSION,
        text=text,
        mentions=tuple(mentions),
        title_mentions=tuple(title_mentions),
    )


def _order_quotes(
    quotes: Sequence[Quote], who: Sequence[Entity], cited: str | None
) -> list[Quote]:
    """Quotes by importance: one per speaker first, main actors and direct speech first.

    What a cited outlet reports («…, пишет Reuters») is the article's source, not a statement;
    what someone is reported to have said inside another's statement ("South Africa said
    Mugabe had told Zuma that …") is that statement's, not a statement of its own.
    """
    rank = {e.name: i for i, e in enumerate(who)}
    kept = [
        q
        for q in quotes
        if (q.direct or q.speaker is None or q.speaker != cited)
        and not any(
            p is not q
            and not (p.direct or q.direct)
            and p.start <= q.start
            and q.end <= p.end
            and p.end - p.start > q.end - q.start
            for p in quotes
        )
    ]
    kept.sort(
        key=lambda q: (
            q.speaker is None,
            rank.get(q.speaker or "", len(rank)),
            not q.direct,
            q.start,
        )
    )
    first: list[Quote] = []
    rest: list[Quote] = []
    seen: set[str | None] = set()
    texts: set[str] = set()
    for q in kept:
        # the same statement found twice (overlapping words, or the same words) is listed once
        words = " ".join(q.text.lower().split())
        overlaps = any(p.start < q.end and q.start < p.end for p in first + rest)
        if words in texts or (q.end > q.start and overlaps):
            continue
        texts.add(words)
        (rest if q.speaker in seen else first).append(q)
        seen.add(q.speaker)
    return first + rest


def summary_as_dict(summary: Summary, *, details: bool = False) -> dict[str, Any]:
    """The Summary JSON of DESIGN.md; ``details`` adds the text, every mention and offsets."""
    quotes: list[dict[str, Any]] = []
    for q in summary.quotes:
        item: dict[str, Any] = {"speaker": q.speaker, "text": q.text, "direct": q.direct}
        if details:
            item |= {
                "start": q.start,
                "end": q.end,
                "speaker_start": q.speaker_start,
                "speaker_end": q.speaker_end,
            }
        quotes.append(item)
    out: dict[str, Any] = {
        "lang": summary.lang,
        "title": summary.title,
        "sentences": list(summary.sentences),
        "who": [{"name": e.name, "role": e.role, "kind": e.kind} for e in summary.who],
        "where": list(summary.where),
        "when": list(summary.when),
        "quotes": quotes,
        "source": {"name": summary.source.name, "url": summary.source.url},
        "version": summary.version,
    }
    if details:
        out["text"] = summary.text
        out["entities"] = [
            {"start": m.start, "end": m.end, "type": m.type, "normal": m.normal}
            for m in summary.mentions
        ]
    return out


_TYPE_OF_KIND: dict[str, EntityType] = {"person": "PER", "org": "ORG", "place": "LOC"}


def summary_from_dict(data: Mapping[str, Any]) -> Summary:
    """The Summary a ``summary_as_dict`` dict describes (the inverse, for stored summaries).

    Entity scores and the mentions of each entity are not stored, so they come back empty;
    quote offsets and ``text``/``entities`` come back only from a ``details`` dict.
    """
    source = data.get("source") or {}
    who = tuple(
        Entity(name=w["name"], type=_TYPE_OF_KIND[w.get("kind", "person")], mentions=(),
               role=w.get("role"))
        for w in data.get("who") or ()
    )  # fmt: skip
    quotes = tuple(
        Quote(
            text=q["text"],
            direct=bool(q.get("direct", False)),
            start=int(q.get("start") or 0),
            end=int(q.get("end") or 0),
            speaker=q.get("speaker"),
            speaker_start=q.get("speaker_start"),
            speaker_end=q.get("speaker_end"),
        )
        for q in data.get("quotes") or ()
    )
    mentions = tuple(
        Mention(m["start"], m["end"], m["type"], str(data.get("text", ""))[m["start"] : m["end"]],
                m["normal"])
        for m in data.get("entities") or ()
    )  # fmt: skip
    return Summary(
        lang=str(data.get("lang", "")),
        title=data.get("title"),
        sentences=tuple(data.get("sentences") or ()),
        who=who,
        where=tuple(data.get("where") or ()),
        when=tuple(data.get("when") or ()),
        quotes=quotes,
        source=Source(name=source.get("name"), url=source.get("url")),
        version=int(data.get("version", 0)),
        text=str(data.get("text", "")),
        mentions=mentions,
    )
