"""Mentions: the taggers' spans with each name's dictionary form, and ``find_mentions``."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TypeVar

from bot.analysis.entities.names import (
    _merge_full_name_forms,
    _resolve_surnames,
    _same_person_written_twice,
)
from bot.analysis.entities.normal import _ambiguous, _choose, _forms, _join_like
from bot.analysis.entities.words import _WORD, _parses
from bot.analysis.models import NlpModels
from bot.analysis.ru_spans import refine_ru_spans
from bot.models import EntityType, Mention

_T = TypeVar("_T")
_EN_LEADING = re.compile(r"^(?:the|The)\s+")
_EN_POSSESSIVE = re.compile(r"['’]s$")


# The context the morphology tagger reads around a name whose case the dictionary leaves
# open: the words that govern a case (a verb, a preposition) stand just before it. Within
# the name's line, this many characters either side (about six words before, two after).
TAG_CONTEXT_BEFORE = 60
TAG_CONTEXT_AFTER = 20
_TAG_TOKEN = re.compile(r"\w+(?:[-‐'’]\w+)*|[^\w\s]")


def _tag_in_context(
    text: str, spans: Sequence[tuple[int, list[tuple[int, int]]]], nlp: NlpModels
) -> list[list[dict[str, str] | None]]:
    """The tagger's features of each name's words, read in a short window of its line.

    ``spans`` holds each name's start and its words' offsets. Tagging only these windows,
    in one batch, costs a fraction of tagging the whole text, and the rest of the text does
    not change how the tagger reads a name.
    """
    windows: list[list[str]] = []
    starts: list[list[int]] = []
    for start, words in spans:
        end = words[-1][1]
        lo = max(text.rfind("\n", 0, start) + 1, start - TAG_CONTEXT_BEFORE)
        hi = text.find("\n", end)
        hi = min(len(text) if hi < 0 else hi, end + TAG_CONTEXT_AFTER)
        toks = list(_TAG_TOKEN.finditer(text, lo, hi))
        if lo > 0 and toks and toks[0].start() == lo and text[lo - 1].isalnum():
            toks = toks[1:]  # a cut word
        if hi < len(text) and toks and toks[-1].end() == hi and text[hi].isalnum():
            toks = toks[:-1]
        windows.append([t.group() for t in toks])
        starts.append([t.start() for t in toks])
    out: list[list[dict[str, str] | None]] = []
    for (_, words), offsets, markup in zip(spans, starts, nlp.ru_morph.map(windows), strict=True):
        by_start = {o: tok.feats for o, tok in zip(offsets, markup.tokens, strict=True)}
        out.append([by_start.get(ws) for ws, _ in words])
    return out


def ru_mentions(text: str, nlp: NlpModels) -> list[Mention]:
    """Russian mentions, each with its own dictionary form (no surname resolved yet)."""
    markup = nlp.ru_ner(text)
    # natasha's spans brought to factRuEval's conventions (edges, aliases, a few types)
    spans = refine_ru_spans(text, [(s.start, s.stop, s.type) for s in markup.spans], nlp)
    found = []
    for start, stop, kind in spans:
        t: EntityType = "PER" if kind == "PER" else "LOC" if kind == "LOC" else "ORG"
        words = [(m.start(), m.end()) for m in _WORD.finditer(text, start, stop)]
        if not words:
            continue
        tokens = tuple(text[a:b] for a, b in words)
        found.append((start, stop, t, words, tokens, _forms(tokens, t == "PER", nlp.morph_vocab)))
    # the dictionary decides most names; the tagger reads the others in their context
    open_ = [i for i, f in enumerate(found) if _ambiguous(f[5])]
    tags = _tag_in_context(text, [(found[i][0], found[i][3]) for i in open_], nlp)
    chosen = {
        i: _choose(found[i][5], found[i][4], tg, nlp.morph_vocab)
        for i, tg in zip(open_, tags, strict=True)
    }
    out = []
    for i, (start, stop, t, words, tokens, forms) in enumerate(found):
        form = chosen.get(i, forms[0][0])
        normal = _join_like(_undoubled(form.words), text, _undoubled(words))
        normal = _close_quotes(normal, text[words[-1][1] : stop + 1])
        if text[words[-1][1] : stop] == ".":
            normal += "."  # an abbreviation's point inside the span (Газпром Финанс Б.В.)
        street = _STREET_BEFORE.search(text, max(0, start - 30), start)
        head = _parses(nlp.morph_vocab, street.group(1)) if t == "LOC" and street else []
        if (
            head
            and head[0].feats.get("Number") == "Sing"
            and not any("Geox" in p.tag.grammemes for p in _parses(nlp.morph_vocab, tokens[0]))
        ):
            # «на проспекте Сахарова»: the street is the place, its name stays as written
            # («на улицах Лондона», «на улицы Ливерпуля»: a city's streets are the city)
            normal = f"{head[0].normal} {text[start:stop]}"
        out.append(Mention(start, stop, t, text[start:stop], normal))
    return out


# A name in the genitive after the noun of a street or square names that street («на
# проспекте Сахарова», «улицы Ленина»), not the person or place it honours. A closed class
# of address nouns, lowercase and right before the name.
_STREET_BEFORE = re.compile(
    r"(?<![\w-])((?:улиц|проспект|переул|площад|бульвар|набережн|шоссе|проезд|алле|тупик)"
    r"[а-яё]*)\s+$"
)


_QUOTE_PAIRS = (("«", "»"), ("„", "“"), ("“", "”"), ('"', '"'))


def _close_quotes(normal: str, after: str) -> str:
    """A name with an opening quote gets its closing one, or loses the opening one.

    The words of a name are joined with what stands between them, so «СК «Олимпийский»»
    would end without its closing quote: it is added when the text closes the quote right
    after the name, and the lone opening quote is dropped otherwise.
    """
    for left, right in _QUOTE_PAIRS:
        opened = normal.count(left) - normal.count(right) if left != right else normal.count(left)
        if (left != right and opened > 0) or (left == right and opened % 2):
            if after.lstrip()[:1] == right:
                return normal + right
            i = normal.rfind(left)
            return (normal[:i] + normal[i + 1 :]).replace("  ", " ").strip()
    return normal


def _undoubled(items: Sequence[_T]) -> list[_T]:
    """The words of a name without a word repeated right after itself (a typo in the text).

    A first name that is also the surname (Дэвис Дэвис) is a name: only later words count.
    """
    return [w for i, w in enumerate(items) if i < 2 or w != items[i - 1]]  # noqa: PLR2004


def _en_mentions(text: str, nlp: NlpModels) -> list[Mention]:
    out = []
    for start, end, t in nlp.en_ner.tag(text):
        surface = text[start:end]
        normal = _EN_POSSESSIVE.sub("", " ".join(surface.split()))
        if t != "PER":
            normal = _EN_LEADING.sub("", normal)
        if normal:
            out.append(Mention(start, end, t, surface, normal))  # type: ignore[arg-type]
    return out


def find_mentions(text: str, lang: str, nlp: NlpModels) -> list[Mention]:
    """Every mention of a person, organisation or place, with its canonical name."""
    if not text.strip():
        return []
    if lang == "ru":
        raw = _merge_full_name_forms(ru_mentions(text, nlp), nlp.morph_vocab)
    else:
        raw = _en_mentions(text, nlp)
    vocab = nlp.morph_vocab if lang == "ru" else None
    raw = _same_person_written_twice(text, sorted(raw, key=lambda m: m.start))
    return _resolve_surnames(raw, text, vocab)
