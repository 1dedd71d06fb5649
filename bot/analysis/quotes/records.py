"""Records the quote finder passes between its stages (tokens, mentions, speakers, cues)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple


class _Tok(NamedTuple):  # a NamedTuple: built for every token, 5x cheaper than a dataclass
    i: int
    start: int
    end: int
    text: str
    low: str
    is_word: bool


@dataclass(frozen=True, slots=True)
class _Unit:
    """A named entity as the quote finder sees it (ORG + LOC acronym merged: «МИД РФ»)."""

    start: int
    end: int
    type: str
    normal: str


@dataclass(frozen=True, slots=True)
class _Speaker:
    start: int
    end: int
    name: str | None
    kind: str  # PER, ORG, LOC, NP, PRON
    gender: str | None = None  # m, f, n, p (plural) when the text tells


@dataclass(frozen=True, slots=True)
class _Cue:
    """A reporting verb or phrase: token range and what it needs."""

    first: int
    last: int
    kind: str  # verb, grnd, prtf, certain, according
    lemma: str
    number: str | None = None
    gender: str | None = None


@dataclass(slots=True)
class _Found:
    start: int
    end: int
    direct: bool
    cue: int  # token index of the cue, -1 when none
    speaker: _Speaker | None
    inherit: bool = False  # gerund or participle: the speaker of the clause it hangs on
    paragraph: int = 0
    # a direct quote split by narration ("A,” he said. “B"; «A, — сказал он, — B»): the
    # character spans of its pieces, shown joined with " … "; empty when it is one piece
    pieces: tuple[tuple[int, int], ...] = ()


@dataclass(slots=True)
class _QSpan:
    """A top-level quote: where its opening mark starts, its inner text, where it closes."""

    open: int
    inner_start: int
    inner_end: int
    close_end: int
    # "marks" (quotation marks), "dash" (a Russian line of dialogue) or "colon" (a paragraph
    # after "X said:"; shown as reported speech, since nothing marks its words as verbatim)
    kind: str = "marks"
