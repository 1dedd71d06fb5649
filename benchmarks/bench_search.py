"""Search latency over 100,000 stored articles (issue 3: p99 under 20 ms).

Builds a fresh SQLite database of synthetic articles whose sentences are real ones from
``../shared/eval`` (Russian and English news, so the vocabulary and its Zipf shape are real),
stored through ``bot.storage.articles.add`` exactly as ingest stores them (the generator of
``benchmarks/_corpus.py``, shared with ``bench_commands.py``), then times
queries as the bot answers them: ``query_terms`` (normalisation) plus
``bot.storage.search.search``. Baseline in the same run: the same FTS5 query without the
candidate cap (every match scored).

    python benchmarks/bench_search.py [--articles 100000] [--queries 300]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from _corpus import build, load_sentences, make_queries, percentile  # noqa: E402

from bot.analysis.models import load  # noqa: E402
from bot.analysis.search_terms import query_terms  # noqa: E402
from bot.storage import db, search  # noqa: E402


async def time_queries(path: Path, queries: list[str], nlp: object, cap: int) -> list[float]:
    """Milliseconds per query (normalisation + search), first page of 5."""
    search.MAX_CANDIDATES = cap
    out = []
    async with db.connect(path) as conn:
        for q in queries[:20]:  # warm the page cache
            await search.search(conn, query_terms=query_terms(q, nlp), limit=5)  # type: ignore[arg-type]
        for q in queries:
            started = time.perf_counter()
            terms = query_terms(q, nlp)  # type: ignore[arg-type]
            await search.search(conn, query_terms=terms, limit=5)
            out.append((time.perf_counter() - started) * 1000)
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=300)
    args = parser.parse_args()
    nlp = load()
    sentences = load_sentences(nlp)
    queries = make_queries({lang: [s for s, _ in pairs] for lang, pairs in sentences.items()},
                           args.queries)  # fmt: skip
    capped = search.MAX_CANDIDATES
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.sqlite3"
        seconds = asyncio.run(build(path, args.articles, sentences))
        size_mb = path.stat().st_size / 1e6
        rows = []
        for label, cap in (("newsbrief (newest 2,000 matches ranked)", capped),
                           ("baseline: every match ranked", 10**9)):  # fmt: skip
            ms = asyncio.run(time_queries(path, queries, nlp, cap))
            rows.append((label, statistics.median(ms), percentile(ms, 95), percentile(ms, 99),
                         max(ms)))  # fmt: skip
        search.MAX_CANDIDATES = capped
    print(f"{args.articles:,} articles stored in {seconds:.0f} s "
          f"({args.articles / seconds:,.0f}/s), database {size_mb:,.0f} MB; "
          f"{len(queries)} queries of 1-2 real words (70 % Russian)\n")  # fmt: skip
    print("| search | p50 ms | p95 ms | p99 ms | max ms |")
    print("|---|---:|---:|---:|---:|")
    for label, p50, p95, p99, worst in rows:
        print(f"| {label} | {p50:.1f} | {p95:.1f} | {p99:.1f} | {worst:.1f} |")
    print("\nTarget: p99 < 20 ms (time in the bot: query normalisation + SQLite).")
    print(f"Command: python benchmarks/bench_search.py --articles {args.articles} "
          f"--queries {args.queries}")  # fmt: skip


if __name__ == "__main__":
    main()
