"""Words of names and their dictionary readings: the helpers every part of ``entities`` uses."""

from __future__ import annotations

import re
from typing import Any

_WORD = re.compile(r"\w+(?:[-‐'’]\w+)*")
_ACRONYM = re.compile(r"^[A-ZА-ЯЁ0-9]{2,}$")
_UD_CASES = ("Nom", "Gen", "Dat", "Acc", "Ins", "Loc")
# Names recur across articles (Лукашенко, США, МИД): their dictionary forms are cached.
NORMAL_CACHE_SIZE = 20000
# Names and words that are parts of names keep their case through inflection.
_NAME_GRAMS = {"Name", "Surn", "Patr"}


_CAPITALS = "АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯABCDEFGHIJKLMNOPQRSTUVWXYZ"


def _restore_case(word: str, like: str) -> str:
    """Give ``word`` the capitalisation of ``like`` (part by part for hyphenated words)."""
    if "ё" not in like.lower():
        word = word.replace("ё", "е")
    w_parts, l_parts = word.split("-"), like.split("-")
    if len(w_parts) != len(l_parts):
        w_parts, l_parts = [word], [like]
    out = []
    for w, lk in zip(w_parts, l_parts, strict=True):
        capitals = len(lk) - len(lk.lstrip(_CAPITALS))
        if lk.isupper() and len(lk) > 1:
            out.append(w.upper())
        elif capitals > 1:  # an acronym with a case ending: «МИДа» → «МИД»
            out.append(w[:capitals].upper() + w[capitals:])
        elif lk[:1].isupper():
            out.append(w[:1].upper() + w[1:])
        else:
            out.append(w)
    return "-".join(out)


def _parses(vocab: Any, word: str) -> list[Any]:
    parses: list[Any] = vocab(word.lower())
    return parses


def _agreement_key(parse: Any) -> tuple[str | None, str | None, str | None]:
    feats = parse.feats
    return feats.get("Case"), feats.get("Number"), feats.get("Gender")


def _singular_parses(vocab: Any, word: str) -> list[Any]:
    # A person is one person: plural readings («Кир» as the genitive plural of «Кира»)
    # are noise. A word without a singular reading is a foreign name: kept as written.
    return [p for p in _parses(vocab, word) if p.feats.get("Number") == "Sing"]


_CYRILLIC = re.compile("[а-яё]", re.IGNORECASE)


def _common_start(a: str, b: str) -> int:
    """How many first letters ``a`` and ``b`` share."""
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def _nominative(parse: Any, word: str, plural: bool = False) -> str:
    """``word`` (read as ``parse``) in the nominative, in the same gender and number.

    Among the lexeme's nominatives the one sharing the longest start with ``word`` wins:
    «Высшего» → «Высший», not «Высочайший» (one lexeme in the dictionary).
    """
    tag = parse.tag
    if "Fixd" in tag.grammemes or parse.feats.get("Case") == "Nom":
        return word
    want = {"nomn", "plur" if plural else "sing"}
    if not plural and tag.gender:
        want.add(str(tag.gender))
    degree = {g for g in ("Supr", "COMP") if g in tag.grammemes}
    best, best_len = None, -1
    low = word.lower()
    for f in parse.lexeme:
        grams = f.tag.grammemes
        if not want <= grams or f.tag.POS != tag.POS or degree - grams:
            continue
        common = _common_start(f.word.replace("ё", "е"), low.replace("ё", "е"))
        if common > best_len:
            best, best_len = f.word, common
    return _restore_case(best, word) if best else word


def _key(name: str) -> str:
    return name.lower().replace("ё", "е")


_TOKEN = re.compile(r"\w+(?:-\w+)*")


def _sentence_start(text: str, pos: int) -> bool:
    """Whether ``pos`` starts a sentence (nothing or an end of sentence before it)."""
    before = text[:pos].rstrip()
    return not before or before[-1] in ".!?…\n"


def _joined(text: str, a: re.Match[str], b: re.Match[str]) -> bool:
    """Whether two tokens stand next to each other with only spaces between them."""
    return not text[a.end() : b.start()].strip()
