"""One name per person: full-name forms merged, a lone surname given the full name."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from bot.analysis.entities.words import _CYRILLIC, _WORD, _common_start, _key, _parses
from bot.models import Mention

# An inflected surname matches a full name's surname when all but its last two letters do
# (Лавровым ~ Лавров); shorter words are too ambiguous for that.
MIN_STEM_MATCH = 4


# Honorifics written before a surname: "Mr Mugabe", "Mr. Rahami", "Justice Alito" are the
# person named in full elsewhere in the text. A closed class of English address forms and
# titles (Russian ones are lowercase and stay outside the tagged span).
_HONORIFIC_WORDS = (
    "mr mrs ms miss mx dr sir dame lord lady madam justice judge president senator sen "
    "gov governor rep gen general col capt prof professor rev father sister brother "
    "chancellor premier minister secretary ambassador mayor sheikh prince princess king "
    "queen pope"
)
HONORIFICS = frozenset(_HONORIFIC_WORDS.split())


def _without_honorifics(name: str) -> str:
    """``name`` without the honorifics before it: "Mr. Rahami" -> "Rahami"."""
    words = name.split()
    while len(words) > 1 and words[0].lower().rstrip(".") in HONORIFICS:
        words = words[1:]
    return " ".join(words)


# A Russian case ending added to a surname's stem is at most two letters (Вовк → Вовком).
MAX_ENDING_LETTERS = 2


def _inflects_to(vocab: Any, word: str, base: str, *, first_name: bool) -> bool:
    """Whether ``word`` can be a case form of ``base`` («Павла» of «Павел», «Вовка» of «Вовк»).

    By the dictionary's readings; a surname the dictionary does not know as ``base`` also by
    a shared stem: the base whole or but its last letter, and at most a two-letter ending.
    A first name goes by the dictionary only («Александрой» is no form of «Александр»).
    """
    w, b = _key(word), _key(base)
    if w == b:
        return True
    if not _CYRILLIC.search(w):
        return False
    if any(_key(str(p.normal)) == b for p in _parses(vocab, w)):
        return True
    if first_name:
        return False
    common = _common_start(w, b)
    ending = len(w) - common
    return common >= len(b) - 1 and ending <= MAX_ENDING_LETTERS and len(b) >= MIN_STEM_MATCH


def _merge_full_name_forms(mentions: Sequence[Mention], vocab: Any) -> list[Mention]:
    """One dictionary form per person named in full in several case forms.

    A full name whose dictionary form was missed («Павла Вовка» kept as written) takes the
    form of another full name that the text writes as it is («Павел Вовк») when each of its
    mentions is, word by word, a case form of that name. Different people sharing a surname
    keep their names: their first names are no case forms of each other.
    """
    written = {m.normal for m in mentions if m.type == "PER" and m.text == m.normal}
    surfaces: dict[str, set[str]] = defaultdict(set)
    for m in mentions:
        if m.type == "PER" and len(m.normal.split()) > 1:
            surfaces[m.normal].add(m.text)
    target: dict[str, str] = {}
    for name, texts in surfaces.items():
        # the nominative of a man's foreign name is its shortest form (Веселин Топалов, not
        # Веселина Топалова, when the text writes both as they are)
        for base in sorted(written, key=len):
            base_words = base.split()
            if base == name or len(base_words) != len(name.split()) or base not in surfaces:
                continue
            if name in written and len(base) > len(name):
                continue
            if all(
                len(words) == len(base_words)
                and all(
                    _inflects_to(vocab, w, b, first_name=i == 0)
                    for i, (w, b) in enumerate(zip(words, base_words, strict=True))
                )
                for words in (t.split() for t in texts)
            ):
                target[name] = base
                break
    if not target:
        return list(mentions)
    return [
        replace(m, normal=target[m.normal]) if m.type == "PER" and m.normal in target else m
        for m in mentions
    ]


def _resolve_surnames(
    mentions: Sequence[Mention], text: str = "", vocab: Any = None
) -> list[Mention]:
    """Give a lone surname (or a title and surname) the full name it stands for in the text.

    A surname is matched to a full name ending with it before any other word of a name, so
    "Trump" is Donald Trump, not "Trump Tower"; two people sharing a surname and both named
    in full keep their own entries, and a lone surname takes the one named last before it;
    in Russian (given ``vocab``), of a man and a woman sharing it, the one whose gender the
    verb after it has («Шмидт заявила» is Анна Шмидт).
    """
    bare = [
        replace(m, normal=_without_honorifics(m.normal)) if m.type == "PER" else m
        for m in mentions
    ]
    full_names = [m for m in bare if m.type == "PER" and len(m.normal.split()) > 1]
    out = []
    for original, m in zip(mentions, bare, strict=True):
        if m.type != "PER" or len(m.normal.split()) > 1:
            out.append(m)
            continue
        key = _key(m.normal)
        candidates = [f for f in full_names if key == _key(f.normal.split()[-1])]
        if not candidates:
            candidates = [f for f in full_names if key in {_key(p) for p in f.normal.split()}]
        if not candidates:
            # Inflected surnames whose dictionary form was guessed wrongly: match by stem.
            candidates = [
                f
                for f in full_names
                if len(key) >= MIN_STEM_MATCH
                and _key(f.normal.split()[-1])[: len(key) - 2] == key[:-2]
            ]
        if candidates and vocab is not None and len({f.normal for f in candidates}) > 1:
            gender = _verb_gender_after(text, m.end, vocab)
            same = [
                f for f in candidates if gender and _first_name_gender(f.normal, vocab) == gender
            ]
            candidates = same or candidates
        if candidates:
            before = [f for f in candidates if f.start < m.start]
            chosen = (before or candidates)[-1 if before else 0]
            out.append(replace(m, normal=chosen.normal))
        else:
            out.append(original)  # "Mr Smith" alone keeps its title
    return out


_INITIAL = re.compile(r"^\w\.?$")
_IN_PARENTHESES = re.compile(r"\s*\(\s*$")


def _same_person_written_twice(text: str, mentions: Sequence[Mention]) -> list[Mention]:
    """One name for a person the text names in two ways.

    A full name with and without an initial in the middle («Дмитрий Н. Андрейченко»,
    «Дмитрий Андрейченко») takes the form named first; a name in parentheses right after a
    person's name is that person in another script («Димитриос Пагуртзис (Dimitrios
    Pagourtzis)»).
    """
    first_form: dict[tuple[str, ...], str] = {}
    out: list[Mention] = []
    for m in mentions:
        if m.type != "PER":
            out.append(m)
            continue
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.type == "PER"
            and _IN_PARENTHESES.fullmatch(text[prev.end : m.start])
            and text[m.end : m.end + 1] == ")"
        ):
            out.append(replace(m, normal=prev.normal))
            continue
        words = m.normal.split()
        bare = tuple(_key(w) for w in words if not _INITIAL.match(w))
        if len(words) > 1 and len(bare) > 1:
            out.append(replace(m, normal=first_form.setdefault(bare, m.normal)))
        else:
            out.append(m)
    return out


# How many words after a lone surname its verb may be («Шмидт, по ее словам, заявила» aside).
VERB_WORDS_AFTER = 2


def _verb_gender_after(text: str, end: int, vocab: Any) -> str | None:
    """The gender of a past-tense verb right after a name («Шмидт заявила» → Fem)."""
    for word in _WORD.findall(text[end : end + 40])[:VERB_WORDS_AFTER]:
        for p in _parses(vocab, word):
            if p.pos == "VERB" and p.feats.get("Number") == "Sing":
                gender = p.feats.get("Gender")
                if gender in {"Masc", "Fem"}:
                    return str(gender)
    return None


def _first_name_gender(name: str, vocab: Any) -> str | None:
    """The gender of a full name's first name by the dictionary, when it has one only."""
    genders = {
        p.feats.get("Gender")
        for p in _parses(vocab, name.split(maxsplit=1)[0])
        if "Name" in p.tag.grammemes and p.feats.get("Case") == "Nom"
    }
    return str(genders.pop()) if len(genders) == 1 else None
