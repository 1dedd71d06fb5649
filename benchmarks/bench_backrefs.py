"""Issue 9: back-reference paragraphs and data tables, measured on two halves of each set.

Every set is split into halves A and B by a stable hash of the item id (the first byte of
its SHA-1, even = A): rules are written on A and checked on B, and both are reported. Each
table compares the product with itself with the rule switched off (the baseline) in the
same run.

1. Summaries (``--only summ``): BBC ROUGE F1 against the extractive references and the
   recall of the tgcontest ru/en headlines (``bench_summaries``' data and scoring), and how
   many chosen sentences are back-references or link teasers (``ranking.backreferences``).
   Baseline: ``ranking.backreferences`` answering False for every sentence.
2. HTML pages (``--only html``): Zyte shingle F1 and trafilatura-eval (tta) snippet F1
   (``bench_extraction``' data and scoring). Baseline: ``html.drop_data_tables`` a no-op.

    .venv/bin/python benchmarks/bench_backrefs.py [--only summ|html] [--limit N]
"""

from __future__ import annotations

import argparse
import hashlib
import logging
import shlex
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import bench_extraction as bx  # noqa: E402
import bench_summaries as bs  # noqa: E402
from extraction_scoring import (  # noqa: E402
    shingle_match,
    shingle_scores,
    snippet_match,
    snippet_scores,
)
from summary_scoring import markdown_table, mean_rouge_f, mean_title_recall  # noqa: E402

from bot.analysis import ranking  # noqa: E402
from bot.analysis.models import load  # noqa: E402
from bot.extraction import html  # noqa: E402

T = TypeVar("T")


def half(item_id: str) -> str:
    """A or B, by the first byte of the SHA-1 of the id."""
    digest = hashlib.sha1(item_id.encode(), usedforsecurity=False).digest()
    return "A" if digest[0] % 2 == 0 else "B"


def split(items: Sequence[T], key: Callable[[T], str]) -> dict[str, list[T]]:
    """The items of each half."""
    out: dict[str, list[T]] = {"A": [], "B": []}
    for item in items:
        out[half(key(item))].append(item)
    return out


@contextmanager
def patched(module: Any, name: str, value: Any) -> Iterator[None]:
    """Temporarily replace ``module.name`` (the baseline: a rule switched off)."""
    old = getattr(module, name)
    setattr(module, name, value)
    try:
        yield
    finally:
        setattr(module, name, old)


def _no_backreferences(sentences: Sequence[Any], lang: str) -> list[bool]:
    return [False] * len(sentences)


def _count_backrefs(docs: Sequence[bs.Doc], summaries: Sequence[str]) -> int:
    """Chosen sentences that ``ranking.backreferences`` flags."""
    n = 0
    for doc, summary in zip(docs, summaries, strict=True):
        flags = ranking.backreferences(doc.sentences, doc.lang)
        n += sum(1 for s, f in zip(doc.sentences, flags, strict=True) if f and s.text in summary)
    return n


def summaries(limit: int | None) -> None:
    """ROUGE and headline recall per half, rule on and off."""
    nlp = load()
    bbc, _ = bs.read_docs(bs.BBC, nlp, field="summary", limit=limit)
    sets = {"bbc": bbc}
    for lang, path in bs.TITLES.items():
        sets[f"tg-{lang}"] = bs.read_docs(path, nlp, field="title", limit=limit)[0]
    rows: list[tuple[object, ...]] = []
    for label, docs in sets.items():
        for part, items in split(docs, lambda d: d.id).items():
            for system, off in (("baseline (rule off)", True), ("newsbrief", False)):
                if off:
                    with patched(ranking, "backreferences", _no_backreferences):
                        pairs, _ = bs.run(bs.newsbrief, items)
                else:
                    pairs, _ = bs.run(bs.newsbrief, items)
                flagged = _count_backrefs(items, [p[0] for p in pairs])
                if label == "bbc":
                    s = mean_rouge_f(pairs, "en")
                    rows.append((label, part, len(items), system, s.r1, s.r2, s.rl, flagged))
                else:
                    s = mean_title_recall(pairs, items[0].lang)
                    rows.append((label, part, len(items), system, s.r1, s.r2, "–", flagged))
    print("\n### Summaries by half: BBC ROUGE F1, tgcontest headline recall\n")
    header = ["set", "half", "n", "system", "R-1", "R-2", "R-L", "back-refs chosen"]
    print(markdown_table(header, rows))


def _extract(page: str | bytes) -> str:
    return html.extract_html(page).text


def pages(limit: int | None) -> None:
    """HTML extraction scores per half, table rule on and off."""
    for name in ("trafilatura", "htmldate", "courlan", "justext", "readability"):
        logging.getLogger(name).setLevel(logging.CRITICAL)
    zyte = bx.load_zyte(bx.DEFAULT_DATA / "extraction" / "zyte", limit)
    tta = bx.load_trafilatura_eval(bx.DEFAULT_DATA / "extraction" / "trafilatura-eval", limit)
    rows: list[tuple[object, ...]] = []
    for part in ("A", "B"):
        z = split(zyte, lambda i: i.id)[part]
        t = split(tta, lambda i: i.id)[part]
        for system, off in (("baseline (rule off)", True), ("newsbrief", False)):
            with patched(html, "drop_data_tables", lambda tree: 0) if off else _nothing():
                zo = [_extract(i.page) for i in z]
                to = [_extract(i.page) for i in t]
            zs = shingle_scores([shingle_match(i.body, o) for i, o in zip(z, zo, strict=True)])
            ts = snippet_scores(
                [snippet_match(o, i.with_, i.without) for i, o in zip(t, to, strict=True)]
            )
            rows.append(("zyte", part, zs.n, system, zs.precision, zs.recall, zs.f1, "–"))
            rows.append(("tta", part, ts.n, system, ts.precision, ts.recall, ts.f1, ts.avoided))
    print("\n### HTML extraction by half: Zyte shingles, trafilatura-eval snippets\n")
    header = ["set", "half", "pages", "system", "P", "R", "F1", "without avoided"]
    print(markdown_table(header, rows))


@contextmanager
def _nothing() -> Iterator[None]:
    yield


def main() -> None:
    """Print the tables."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--limit", type=int, help="only the first N items of each file")
    parser.add_argument("--only", choices=("summ", "html"))
    args = parser.parse_args()
    if args.only in (None, "summ"):
        summaries(args.limit)
    if args.only in (None, "html"):
        pages(args.limit)
    command = shlex.join([".venv/bin/python", "benchmarks/bench_backrefs.py", *sys.argv[1:]])
    print(f"\nmade by: {command}")


if __name__ == "__main__":
    main()
