"""The regular case endings of Russian names the dictionary does not decline."""

from __future__ import annotations

from bot.analysis.entities.words import _CYRILLIC

_VOWELS = frozenset("аеёиоуыэюя")
# Consonants after which the hard endings are spelt -ем, -и (Курцем, Ольги).
_HUSHING = frozenset("гкхжшчщц")


def _soft_stem(stem: str) -> str:
    """A masculine stem whose ending was soft: Скрипал|я → Скрипаль, Га|я → Гай."""
    return stem + ("й" if stem[-1:].lower() in _VOWELS else "ь")


# Regular case endings of names: (gender, cases, ending, the letter before it, the
# nominative's ending). The letter before: "c" a consonant, "h" a hushing one (г к х ж ш ч щ
# ц), "s" a consonant that is not hushing, "" any. "~" restores a soft stem (Скрипал|я →
# Скрипаль, Га|я → Гай). The first rule that fits is used.
_ENDINGS: tuple[tuple[str, frozenset[str], str, str, str], ...] = tuple(
    (g, frozenset(c.split()), e, before, nom)
    for g, c, e, before, nom in (
        ("Masc", "Gen Acc", "а", "c", ""),
        ("Masc", "Gen Acc", "я", "", "~"),
        ("Masc", "Dat", "у", "c", ""),
        ("Masc", "Dat", "ю", "", "~"),
        ("Masc", "Ins", "ом", "", ""),
        ("Masc", "Ins", "ем", "h", ""),
        ("Masc", "Ins", "ем", "", "~"),
        ("Masc", "Ins", "ём", "", "~"),
        ("Masc", "Loc", "е", "c", ""),
        ("Masc", "Nom", "а", "", "а"),
        ("Masc", "Nom", "я", "", "я"),
        ("Fem", "Nom", "а", "", "а"),
        ("Fem", "Nom", "я", "", "я"),
        ("Fem", "Gen", "ы", "", "а"),
        ("Fem", "Gen", "и", "h", "а"),
        ("Fem", "Gen", "и", "", "я"),
        ("Fem", "Dat Loc", "ии", "", "ия"),
        ("Fem", "Dat Loc", "ие", "", "ия"),
        ("Fem", "Dat Loc", "е", "", "а"),
        ("Fem", "Acc", "у", "", "а"),
        ("Fem", "Acc", "ю", "", "я"),
        ("Fem", "Ins", "ой", "", "а"),
        ("Fem", "Ins", "ей", "", "я"),
    )
)
# Vowels that end a name in no case of its gender: such a name is foreign and keeps one
# form (Ризви, Гюго).
_INDECLINABLE_VOWELS = {"Masc": "иоэ", "Fem": "оэ"}
# Shorter words are too ambiguous to take an ending off.
MIN_DECLINED_LETTERS = 3


def _letter_fits(letter: str, before: str) -> bool:
    if before == "c":
        return letter not in _VOWELS and letter != "ь"
    if before == "h":
        return letter in _HUSHING
    return True


def _declined_name(word: str, case: str, gender: str, *, known: bool = False) -> str | None:
    """The nominative of a name the dictionary does not decline, by the regular endings.

    Foreign surnames and first names follow the noun declensions: a man's name ending in a
    consonant takes -а/-я, -у/-ю, -ом/-ем, -е (Гренелла → Гренелл, Скрипаля → Скрипаль,
    Шрёдеру → Шрёдер); a woman's name in -а/-я takes -ы/-и, -е, -у/-ю, -ой/-ей (Асии → Асия);
    a woman's name ending in a consonant does not decline (Анну Шмидт). None when the word's
    ending is no ending of that case and gender. A word the dictionary ``known`` is never
    read as indeclinable (its own readings give its cases).
    """
    if "-" in word:  # a double foreign surname declines in its last part (Рис-Могга)
        head, _, tail = word.rpartition("-")
        declined = _declined_name(tail, case, gender, known=known)
        return None if declined is None else f"{head}-{declined}"
    low = word.lower()
    if len(low) < MIN_DECLINED_LETTERS or not _CYRILLIC.search(low):
        return None
    last = low[-1]
    consonant = last not in _VOWELS and last != "ь"
    if consonant and (gender == "Fem" or case == "Nom") and not known:
        return word  # a man's name in the nominative; a woman's foreign name (Мэй, Шмидт)
    for g, cases, ending, before, nom in _ENDINGS:
        if g != gender or case not in cases or not low.endswith(ending):
            continue
        stem = word[: len(word) - len(ending)]
        if not stem or not _letter_fits(stem[-1].lower(), before):
            continue
        return _soft_stem(stem) if nom == "~" else stem + nom
    if last in _INDECLINABLE_VOWELS[gender] and not known:
        return word
    return None
