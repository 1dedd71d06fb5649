"""Scoring helpers for article-text extraction benchmarks (no project imports).

Two measures, each a faithful reimplementation of its benchmark's own code:

* Zyte shingles: scrapinghub/article-extraction-benchmark ``evaluate.py`` at commit
  4a3bc979f76c0df73cb95fe272e2fc1b96f9f010. Tokens are ``re.findall(r"\\w+", text)`` with
  the case KEPT (the regex has ``re.IGNORECASE``, which does not lowercase the tokens, and
  there is no ``.lower()``); shingles are 4-token tuples counted as a multiset; per page
  tp/fp/fn; precision is averaged over pages with tp + fp > 0, recall over pages with
  tp + fn > 0, and F1 is computed from the two averages.
* Snippets: adbar/trafilatura ``tests/eval_common.py`` ``count_item``/``ConfusionMatrix``:
  a ``with`` snippet is a true positive when its whitespace-normalised text is a substring of
  the whitespace-normalised output, a ``without`` snippet found there is a false positive;
  counts are micro-averaged over pages.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

SHINGLE_N = 4
_TOKEN_RE = re.compile(r"\w+", re.UNICODE | re.MULTILINE | re.IGNORECASE | re.DOTALL)
_WS_RE = re.compile(r"\s+")


def tokenize(text: str | None) -> list[str]:
    """Tokens as in Zyte's evaluate.py: runs of word characters, case kept."""
    return _TOKEN_RE.findall(text or "")


def shingles(text: str | None, n: int = SHINGLE_N) -> Counter[tuple[str, ...]]:
    """Multiset of n-token shingles (a text shorter than n gives one short shingle)."""
    tokens = tokenize(text)
    out: Counter[tuple[str, ...]] = Counter()
    for i in range(max(1, len(tokens) - n + 1)):
        shingle = tuple(tokens[i : i + n])
        if shingle:
            out[shingle] += 1
    return out


@dataclass(frozen=True, slots=True)
class TpFpFn:
    """Shingle counts of one page, normalised to sum to 1 as evaluate.py does."""

    tp: float
    fp: float
    fn: float

    @property
    def precision(self) -> float:
        """Zyte precision_score."""
        if self.fp == self.fn == 0:
            return 1.0
        if self.tp == self.fp == 0:
            return 0.0
        return self.tp / (self.tp + self.fp)

    @property
    def recall(self) -> float:
        """Zyte recall_score."""
        if self.fp == self.fn == 0:
            return 1.0
        if self.tp == self.fn == 0:
            return 0.0
        return self.tp / (self.tp + self.fn)


def shingle_match(true: str | None, pred: str | None, n: int = SHINGLE_N) -> TpFpFn:
    """Zyte string_shingle_matching: tp/fp/fn over shingles of the truth and the output."""
    true_sh = shingles(true, n)
    pred_sh = shingles(pred, n)
    tp = fp = fn = 0.0
    for key in true_sh.keys() | pred_sh.keys():
        t, p = true_sh.get(key, 0), pred_sh.get(key, 0)
        tp += min(t, p)
        fp += max(0, p - t)
        fn += max(0, t - p)
    total = tp + fp + fn
    if total > 0:
        tp, fp, fn = tp / total, fp / total, fn / total
    return TpFpFn(tp, fp, fn)


@dataclass(frozen=True, slots=True)
class Prf:
    """Precision, recall, F1 and the number of pages they cover."""

    precision: float
    recall: float
    f1: float
    n: int


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def shingle_scores(pages: Sequence[TpFpFn]) -> Prf:
    """Zyte metrics_from_tp_fp_fns: per-page P and R averaged, F1 of the averages."""
    precisions = [m.precision for m in pages if m.tp + m.fp > 0]
    recalls = [m.recall for m in pages if m.tp + m.fn > 0]
    p = statistics.mean(precisions) if precisions else 0.0
    r = statistics.mean(recalls) if recalls else 0.0
    return Prf(p, r, _f1(p, r), len(pages))


def norm_ws(text: str) -> str:
    """Whitespace-normalise as trafilatura's eval_common.norm."""
    return _WS_RE.sub(" ", text).strip()


@dataclass(frozen=True, slots=True)
class SnippetCounts:
    """Per-page counts: `with` found (tp), missed (fn); `without` found (fp), avoided (tn)."""

    tp: int
    fp: int
    fn: int
    tn: int


def snippet_match(
    result: str | None, with_: Iterable[str], without: Iterable[str]
) -> SnippetCounts:
    """trafilatura count_item: whitespace-normalised substring matching of the snippets."""
    with_l, without_l = list(with_), list(without)
    if result is None:
        return SnippetCounts(0, 0, len(with_l), len(without_l))
    res = norm_ws(result)
    tp = sum(1 for w in with_l if norm_ws(w) in res)
    fp = sum(1 for w in without_l if norm_ws(w) in res)
    return SnippetCounts(tp, fp, len(with_l) - tp, len(without_l) - fp)


@dataclass(frozen=True, slots=True)
class SnippetScores:
    """Micro-averaged snippet measure: P, R, F1, and the share of `without` snippets avoided."""

    precision: float
    recall: float
    f1: float
    avoided: float
    n: int


def snippet_scores(pages: Sequence[SnippetCounts]) -> SnippetScores:
    """trafilatura ConfusionMatrix scores over pages (micro average)."""
    tp = sum(c.tp for c in pages)
    fp = sum(c.fp for c in pages)
    fn = sum(c.fn for c in pages)
    tn = sum(c.tn for c in pages)
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    avoided = tn / (tn + fp) if tn + fp else 0.0
    return SnippetScores(p, r, _f1(p, r), avoided, len(pages))
