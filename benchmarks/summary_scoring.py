"""Scoring helpers for the summary benchmarks (no project imports).

The conventions are those of the held-out measurement (``shared/eval/README.md``):

* tokens are the lowercase ``\\w+`` runs of the text (Cyrillic kept: Python's ``\\w`` is
  Unicode-aware), each reduced to its Snowball stem (``snowballstemmer``, english/russian);
* ROUGE-N counts clipped n-gram matches (multisets); precision, recall and F1 (beta = 1);
* ROUGE-L is the longest common subsequence of the whole summary's token sequence and the
  reference's, as an F1 of LCS/len(summary) and LCS/len(reference);
* every system is cut to at most 3 sentences and 600 characters (sentences joined by a
  space) before scoring: ``cut_ranked`` takes ranked sentences in order of rank, keeps each
  one that still fits, and returns the kept ones in article order.

``rouge-score`` is not used because its tokenizer drops every non-ASCII letter.
``fit_logistic`` is the small model fit behind ``bench_summaries.py --fit``.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache

import numpy as np
import snowballstemmer

MAX_SENTENCES = 3
MAX_CHARS = 600

_TOKEN = re.compile(r"\w+")
_SNOWBALL_NAMES = {"en": "english", "ru": "russian"}


@cache
def _stem_fn(lang: str) -> Callable[[str], str]:
    stemmer = snowballstemmer.stemmer(_SNOWBALL_NAMES[lang])
    memo: dict[str, str] = {}

    def stem(word: str) -> str:
        out = memo.get(word)
        if out is None:
            out = memo[word] = stemmer.stemWord(word)
        return out

    return stem


def tokens(text: str, lang: str) -> list[str]:
    """Lowercase ``\\w+`` tokens of ``text``, Snowball-stemmed for ``lang``."""
    stem = _stem_fn(lang)
    return [stem(t) for t in _TOKEN.findall(text.lower())]


@dataclass(frozen=True, slots=True)
class Prf:
    """Precision, recall and F1 of one comparison."""

    p: float
    r: float
    f: float


def _prf(matches: int, n_sys: int, n_ref: int) -> Prf:
    p = matches / n_sys if n_sys else 0.0
    r = matches / n_ref if n_ref else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return Prf(p, r, f)


def _ngrams(toks: Sequence[str], n: int) -> Counter[tuple[str, ...]]:
    return Counter(tuple(toks[i : i + n]) for i in range(len(toks) - n + 1))


def rouge_n(system: Sequence[str], reference: Sequence[str], n: int) -> Prf:
    """ROUGE-N of stemmed token sequences: clipped n-gram overlap."""
    sys_ngrams, ref_ngrams = _ngrams(system, n), _ngrams(reference, n)
    matches = sum((sys_ngrams & ref_ngrams).values())
    return _prf(matches, sum(sys_ngrams.values()), sum(ref_ngrams.values()))


def lcs_length(a: Sequence[str], b: Sequence[str]) -> int:
    """Length of the longest common subsequence of two token sequences."""
    if len(a) < len(b):
        a, b = b, a
    prev = [0] * (len(b) + 1)
    for x in a:
        cur = [0]
        for j, y in enumerate(b):
            cur.append(prev[j] + 1 if x == y else max(prev[j + 1], cur[j]))
        prev = cur
    return prev[-1]


def rouge_l(system: Sequence[str], reference: Sequence[str]) -> Prf:
    """ROUGE-L: LCS over the whole summary and the whole reference."""
    return _prf(lcs_length(system, reference), len(system), len(reference))


def cut_ranked(
    ranked: Iterable[int],
    sentences: Sequence[str],
    *,
    max_sentences: int = MAX_SENTENCES,
    max_chars: int = MAX_CHARS,
) -> list[int]:
    """Indices of the sentences kept from a ranking under the budget, in article order.

    Sentences are taken in order of rank; one that would push the summary (sentences joined
    by a space) over ``max_chars`` is skipped and the next one tried.
    """
    kept: list[int] = []
    used = 0
    for i in ranked:
        if len(kept) >= max_sentences:
            break
        extra = len(sentences[i]) + (1 if kept else 0)
        if used + extra <= max_chars:
            kept.append(i)
            used += extra
    return sorted(kept)


def within_budget(
    summary: Sequence[str], *, max_sentences: int = MAX_SENTENCES, max_chars: int = MAX_CHARS
) -> bool:
    """Whether a summary respects the benchmark's budget."""
    return len(summary) <= max_sentences and len(" ".join(summary)) <= max_chars


@dataclass(frozen=True, slots=True)
class Scores:
    """Mean ROUGE figures of one system over a data set (F1 for references, R for titles)."""

    r1: float
    r2: float
    rl: float
    n: int


def _mean_scores(pairs: Iterable[tuple[str, str]], lang: str, part: str) -> Scores:
    """Mean ROUGE-1/2/L of (summary, reference) pairs; ``part`` is "f" or "r" (recall)."""
    r1 = r2 = rl = 0.0
    n = 0
    for summary, reference in pairs:
        s, r = tokens(summary, lang), tokens(reference, lang)
        r1 += getattr(rouge_n(s, r, 1), part)
        r2 += getattr(rouge_n(s, r, 2), part)
        rl += getattr(rouge_l(s, r), part)
        n += 1
    return Scores(r1 / n, r2 / n, rl / n, n) if n else Scores(0.0, 0.0, 0.0, 0)


def mean_rouge_f(pairs: Iterable[tuple[str, str]], lang: str) -> Scores:
    """Mean ROUGE-1/2/L F1 of (summary, reference) pairs."""
    return _mean_scores(pairs, lang, "f")


def mean_title_recall(pairs: Iterable[tuple[str, str]], lang: str) -> Scores:
    """Mean ROUGE-1/2/L recall of each title's stemmed tokens by its summary."""
    return _mean_scores(pairs, lang, "r")


def markdown_table(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """A GitHub markdown table; floats in [0, 1] are shown as percentages with 2 decimals."""

    def cell(v: object) -> str:
        if isinstance(v, float):
            return f"{100 * v:.2f}" if 0.0 <= v <= 1.0 else f"{v:,.0f}"
        return str(v)

    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return "\n".join(lines)


def fit_logistic(x: np.ndarray, y: np.ndarray, *, l2: float = 1.0, steps: int = 30) -> np.ndarray:
    """L2-regularised logistic regression by Newton's method; weights then the intercept."""
    xb = np.column_stack([x, np.ones(len(x))])
    penalty = l2 * np.diag([1.0] * x.shape[1] + [0.0])  # the intercept is not penalised
    w = np.zeros(xb.shape[1])
    for _ in range(steps):
        p = 1.0 / (1.0 + np.exp(-(xb @ w)))
        grad = xb.T @ (p - y) + penalty @ w
        hess = (xb * (p * (1.0 - p))[:, None]).T @ xb + penalty
        step = np.linalg.solve(hess, grad)
        w -= step
        if float(np.abs(step).max()) < 1e-9:
            break
    return w
