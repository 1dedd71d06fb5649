"""Search latency over 100,000 stored articles (issue 3: p99 under 20 ms).

Builds a fresh SQLite database of synthetic articles whose sentences are real ones from
``../shared/eval`` (Russian and English news, so the vocabulary and its Zipf shape are real),
stored through ``bot.storage.articles.add`` exactly as ingest stores them, then times
queries as the bot answers them: ``query_terms`` (normalisation) plus
``bot.storage.search.search``. Baseline in the same run: the same FTS5 query without the
candidate cap (every match scored).

    python benchmarks/bench_search.py [--articles 100000] [--queries 300]
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
ROOT = Path(__file__).resolve().parents[1]
EVAL = ROOT.parent / "shared" / "eval"
sys.path.insert(0, str(ROOT))

from bot.analysis.models import load  # noqa: E402
from bot.analysis.search_terms import normalize_for_search, query_terms  # noqa: E402
from bot.analysis.sentences import split_sentences  # noqa: E402
from bot.storage import articles, db, search  # noqa: E402

SOURCES = {
    "ru": ["ner/factru_dev.jsonl", "ner/bsnlp2019_ru.jsonl", "summ/tgcontest_titles_ru.jsonl"],
    "en": ["summ/bbc_news_summary_en.jsonl", "summ/tgcontest_titles_en.jsonl"],
}
BATCH = 1000


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0-100) by nearest rank."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * len(ordered)) - 1))]


def load_sentences(nlp: object) -> dict[str, list[tuple[str, str]]]:
    """(sentence, normalised sentence) pairs per language from the dev data."""
    out: dict[str, list[tuple[str, str]]] = {}
    for lang, paths in SOURCES.items():
        pairs = []
        for rel in paths:
            with (EVAL / rel).open(encoding="utf-8") as fh:
                for line in fh:
                    text = json.loads(line)["text"]
                    pairs.extend(
                        (s.text, normalize_for_search(s.text, lang, nlp))  # type: ignore[arg-type]
                        for s in split_sentences(text, lang, nlp)  # type: ignore[arg-type]
                    )
        out[lang] = pairs
    return out


async def build(path: Path, n: int, sentences: dict[str, list[tuple[str, str]]]) -> float:
    """Store ``n`` synthetic articles (70 % Russian); returns seconds taken."""
    rng = random.Random(20261126)  # noqa: S311 (reproducible sampling, not secrets)
    now = datetime.now(UTC)
    started = time.perf_counter()
    async with db.connect(path) as conn:
        await db.migrate(conn)
        for first in range(0, n, BATCH):
            async with db.transaction(conn):
                for i in range(first, min(n, first + BATCH)):
                    lang = "ru" if rng.random() < 0.7 else "en"
                    picked = rng.sample(sentences[lang], rng.randint(6, 14))
                    text = "\n".join(s for s, _ in picked)
                    await articles.add(
                        conn,
                        url=f"https://bench.example/{i}",
                        title=picked[0][0][:120],
                        text=text,
                        lang=lang,
                        published_at=now - timedelta(minutes=(n - i) * 5),
                        feed_id=None,
                        content_hash=hashlib.sha256(f"{i}:{text}".encode()).hexdigest(),
                        summary_json="{}",
                        summary_version=1,
                        search_title=picked[0][1],
                        search_text=" ".join(norm for _, norm in picked),
                        ingested_at=now - timedelta(minutes=(n - i) * 5),
                    )
    return time.perf_counter() - started


def make_queries(sentences: dict[str, list[tuple[str, str]]], k: int) -> list[str]:
    """User-like queries: one or two words of real sentences, names and common words alike."""
    rng = random.Random(7)  # noqa: S311 (reproducible sampling, not secrets)
    queries = []
    for _ in range(k):
        lang = "ru" if rng.random() < 0.7 else "en"
        words = [w for w in rng.choice(sentences[lang])[0].split() if len(w) > 3]
        if words:
            queries.append(" ".join(rng.sample(words, min(len(words), rng.choice([1, 1, 2])))))
    return queries


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
    queries = make_queries(sentences, args.queries)
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
