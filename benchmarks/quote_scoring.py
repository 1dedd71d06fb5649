"""Scoring helpers for quote benchmarks (no project imports).

The measure of ``shared/eval/README.md``: a predicted quote matches a gold attribution when
the word sets of their contents reach F1 >= 0.5, one to one; "with speaker" also needs the
predicted speaker's words (``text[speaker_start:speaker_end]``) to share a word with the gold
source's words. Words are lowercase ``\\w+`` tokens (Cyrillic kept). Matching is greedy by
content F1 over all eligible pairs, best first, which is what a one-to-one assignment
reduces to for pairs this sparse (a gold quote rarely meets two predictions above 0.5).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

MATCH_F1 = 0.5
_WORD = re.compile(r"\w+")

Spans = Sequence[tuple[int, int]]


def words(text: str, spans: Spans) -> frozenset[str]:
    """Lowercase word set of the text under ``spans``."""
    return frozenset(w.lower() for s, e in spans for w in _WORD.findall(text[s:e]))


def word_f1(a: frozenset[str], b: frozenset[str]) -> float:
    """F1 of two word sets (0 when either is empty)."""
    if not a or not b:
        return 0.0
    common = len(a & b)
    if not common:
        return 0.0
    p, r = common / len(a), common / len(b)
    return 2 * p * r / (p + r)


@dataclass(frozen=True, slots=True)
class Item:
    """A quote (predicted or gold) reduced to what the measure looks at."""

    content: frozenset[str]
    speaker: frozenset[str]
    direct: bool
    tag: str = ""  # free label for breakdowns (e.g. the gold cue)


def match(
    pred: Sequence[Item], gold: Sequence[Item], *, with_speaker: bool
) -> list[tuple[int, int]]:
    """One-to-one (pred index, gold index) pairs that match."""
    pairs = []
    for i, p in enumerate(pred):
        for j, g in enumerate(gold):
            f1 = word_f1(p.content, g.content)
            if f1 < MATCH_F1:
                continue
            if with_speaker and not (p.speaker & g.speaker):
                continue
            pairs.append((f1, i, j))
    pairs.sort(key=lambda t: -t[0])
    used_p: set[int] = set()
    used_g: set[int] = set()
    out = []
    for _, i, j in pairs:
        if i in used_p or j in used_g:
            continue
        used_p.add(i)
        used_g.add(j)
        out.append((i, j))
    return out


@dataclass(slots=True)
class Prf:
    """True positives, predictions and gold counts, summed over documents."""

    tp: int = 0
    n_pred: int = 0
    n_gold: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / self.n_pred if self.n_pred else 0.0

    @property
    def recall(self) -> float:
        return self.tp / self.n_gold if self.n_gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def score_doc(
    score: Prf,
    pred: Sequence[Item],
    gold: Sequence[Item],
    *,
    with_speaker: bool,
    keep_pred: Callable[[Item], bool] = lambda _: True,
    keep_gold: Callable[[Item], bool] = lambda _: True,
    ignore_pred_matching_dropped_gold: bool = False,
) -> list[tuple[int, int]]:
    """Add one document's counts to ``score``; returns the matched pairs.

    ``keep_pred``/``keep_gold`` restrict the row (e.g. direct quotes only). Matching is done
    on the restricted lists, except that with ``ignore_pred_matching_dropped_gold`` it is done
    on everything and a prediction matched to a dropped gold item is left out of the row
    (used for the "speech cues only" row, where gold beliefs are not counted at all).
    """
    if ignore_pred_matching_dropped_gold:
        pairs = match(pred, gold, with_speaker=False)
        dropped_pred = {i for i, j in pairs if not keep_gold(gold[j])}
        p_idx = [i for i, p in enumerate(pred) if keep_pred(p) and i not in dropped_pred]
    else:
        p_idx = [i for i, p in enumerate(pred) if keep_pred(p)]
    g_idx = [j for j, g in enumerate(gold) if keep_gold(g)]
    sub = match([pred[i] for i in p_idx], [gold[j] for j in g_idx], with_speaker=with_speaker)
    score.tp += len(sub)
    score.n_pred += len(p_idx)
    score.n_gold += len(g_idx)
    return [(p_idx[i], g_idx[j]) for i, j in sub]


def markdown_table(rows: Iterable[tuple[str, Prf]]) -> str:
    """A markdown table of P/R/F1 rows."""
    lines = ["| row | P | R | F1 | tp | pred | gold |", "|---|---:|---:|---:|---:|---:|---:|"]
    for name, s in rows:
        lines.append(
            f"| {name} | {s.precision:.3f} | {s.recall:.3f} | {s.f1:.3f} "
            f"| {s.tp} | {s.n_pred} | {s.n_gold} |"
        )
    return "\n".join(lines)
