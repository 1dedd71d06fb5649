"""Scoring helpers for the entity benchmarks (no project imports).

Mentions are character spans ``(start, end, type)``, end exclusive. Two ways to match a
predicted mention with a gold one, as the held-out measurement does:

* exact: same start, same end, same type;
* overlap: same type and the spans intersect; each gold and each predicted mention is used
  at most once (largest intersection first, then document order).

Counts are summed over documents (micro average); F1 is reported per type and over all the
types scored together.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

Span = tuple[int, int, str]
TYPES = ("PER", "LOC", "ORG")


def exact_matches(gold: Iterable[Span], pred: Iterable[Span]) -> Counter[str]:
    """True positives per type under exact match (duplicates count once)."""
    tp: Counter[str] = Counter()
    for _, _, kind in set(gold) & set(pred):
        tp[kind] += 1
    return tp


def overlap_matches(gold: Sequence[Span], pred: Sequence[Span]) -> Counter[str]:
    """True positives per type under overlap match, each mention matched at most once."""
    pairs = []
    for gi, (gs, ge, gt) in enumerate(gold):
        for pi, (ps, pe, pt) in enumerate(pred):
            inter = min(ge, pe) - max(gs, ps)
            if gt == pt and inter > 0:
                pairs.append((-inter, gs, ps, gi, pi))
    pairs.sort()
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    tp: Counter[str] = Counter()
    for _, _, _, gi, pi in pairs:
        if gi in used_gold or pi in used_pred:
            continue
        used_gold.add(gi)
        used_pred.add(pi)
        tp[gold[gi][2]] += 1
    return tp


def f1(tp: int, n_pred: int, n_gold: int) -> float:
    """Harmonic mean of precision and recall (0 when there is nothing to score)."""
    return 2 * tp / (n_pred + n_gold) if n_pred + n_gold else 0.0


@dataclass
class NerScore:
    """Counts of one system on one corpus, both matching modes."""

    types: tuple[str, ...] = TYPES
    n_gold: Counter[str] = field(default_factory=Counter)
    n_pred: Counter[str] = field(default_factory=Counter)
    tp_exact: Counter[str] = field(default_factory=Counter)
    tp_overlap: Counter[str] = field(default_factory=Counter)
    docs: int = 0
    seconds: float = 0.0

    def add(self, gold: Iterable[Span], pred: Iterable[Span]) -> None:
        """Score one document (spans of other types than ``types`` are ignored)."""
        g = sorted({s for s in gold if s[2] in self.types})
        p = sorted({s for s in pred if s[2] in self.types})
        self.n_gold.update(s[2] for s in g)
        self.n_pred.update(s[2] for s in p)
        self.tp_exact.update(exact_matches(g, p))
        self.tp_overlap.update(overlap_matches(g, p))
        self.docs += 1

    def f1(self, kind: str | None, *, overlap: bool) -> float:
        """F1 for one type, or over all types when ``kind`` is None."""
        tp = self.tp_overlap if overlap else self.tp_exact
        kinds = self.types if kind is None else (kind,)
        return f1(
            sum(tp[k] for k in kinds),
            sum(self.n_pred[k] for k in kinds),
            sum(self.n_gold[k] for k in kinds),
        )

    def precision_recall(self, *, overlap: bool) -> tuple[float, float]:
        """Micro precision and recall over all types."""
        tp = sum((self.tp_overlap if overlap else self.tp_exact)[k] for k in self.types)
        n_pred = sum(self.n_pred[k] for k in self.types)
        n_gold = sum(self.n_gold[k] for k in self.types)
        return (tp / n_pred if n_pred else 0.0, tp / n_gold if n_gold else 0.0)


def markdown_table(rows: Sequence[tuple[str, NerScore | None]]) -> str:
    """A markdown table: per system, exact and overlap F1 per type and micro P/R/F1."""
    head = ["system", "match", *TYPES, "micro P", "micro R", "micro F1", "docs/s"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for name, score in rows:
        if score is None:
            lines.append(f"| {name} | " + " | ".join(["n/a"] * (len(head) - 1)) + " |")
            continue
        speed = score.docs / score.seconds if score.seconds else 0.0
        for overlap in (False, True):
            p, r = score.precision_recall(overlap=overlap)
            cells = [
                name,
                "overlap" if overlap else "exact",
                *(f"{score.f1(k, overlap=overlap):.3f}" for k in score.types),
                f"{p:.3f}",
                f"{r:.3f}",
                f"{score.f1(None, overlap=overlap):.3f}",
                f"{speed:.1f}",
            ]
            lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)
