"""The cost of follows per ingested article (issue 15: 100,000 follows across chats add
under 5 ms per article).

Stores real news articles (texts of ``../shared/eval``, made of dev sentences, through
``bot.services.ingest.store`` as the poll does), then times ``bot.services.follows.matches``
(the lookup that finds the chats an article concerns: its candidate names and word runs,
probed in the follows_term index) per article, with no follows and with 100,000 follows
of 20,000 chats (persons and organisations drawn from the articles' actors and from a
list of other names, words drawn from the articles' vocabulary, so many match). The
difference is what the follows add; a loop over the follows would grow with their count.

    python benchmarks/bench_follows.py [--articles 60] [--follows 100000] [--chats 20000]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

import aiosqlite

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from _corpus import percentile, raw_sentences  # noqa: E402

from bot.analysis.models import load  # noqa: E402
from bot.analysis.speaker_key import speaker_key  # noqa: E402
from bot.services import follows, ingest  # noqa: E402
from bot.storage import db  # noqa: E402

SENTENCES_PER_ARTICLE = 12


async def time_matches(conn: aiosqlite.Connection, nlp: object, ids: list[int]) -> list[float]:
    out: list[float] = []
    for _ in range(3):  # the first pass warms the lemma caches and the page cache
        out = []
        for article_id in ids:
            started = time.perf_counter()
            await follows.matches(conn, nlp, article_id=article_id)  # type: ignore[arg-type]
            out.append((time.perf_counter() - started) * 1000)
    return out


async def time_alerts(
    conn: aiosqlite.Connection, nlp: object, ids: list[int]
) -> tuple[list[float], list[int]]:
    """The whole alert (matches, the chats, their recent alerts, the rows queued), once per
    article: its cost grows with the chats it concerns, the work of telling them."""
    alerting: list[float] = []
    queued: list[int] = []
    for article_id in ids:
        started = time.perf_counter()
        queued.append(await follows.alert(conn, nlp, article_id=article_id))  # type: ignore[arg-type]
        alerting.append((time.perf_counter() - started) * 1000)
    return alerting, queued


def _follow_rows(
    rng: random.Random, args: argparse.Namespace, names: list[str], words: list[str], nlp: object
) -> set[tuple[int, str, str, str]]:
    """The follows: 30 % the articles' actors, 20 % names no article has, 50 % words."""
    rows: set[tuple[int, str, str, str]] = set()
    while len(rows) < args.follows:
        chat = rng.randint(1, args.chats)
        pick = rng.random()
        if pick < 0.3 and names:
            name = rng.choice(names)
            rows.add((chat, speaker_key(name, nlp), name, "person"))  # type: ignore[arg-type]
        elif pick < 0.5:  # a name no article has
            name = f"Имя{rng.randint(1, 10**6)} Фамилия{rng.randint(1, 10**6)}"
            rows.add((chat, speaker_key(name, nlp), name, "person"))  # type: ignore[arg-type]
        else:
            word = rng.choice(words)
            rows.add((chat, word, word, "word"))
    return rows


async def main(args: argparse.Namespace) -> None:
    nlp = load()
    sentences = raw_sentences(nlp)
    rng = random.Random(15)  # noqa: S311 (reproducible sampling, not secrets)
    path = Path(tempfile.mkdtemp()) / "follows.sqlite3"
    async with db.connect(path) as conn:
        await db.migrate(conn)
        ids = []
        for n in range(args.articles):
            lang = "ru" if n % 10 < 7 else "en"
            text = " ".join(rng.sample(sentences[lang], SENTENCES_PER_ARTICLE))
            stored = await ingest.store(conn, ingest.prepare(text, url=f"https://e.com/{n}"), nlp)
            ids.append(stored.article.id)
        without = await time_matches(conn, nlp, ids)

        names: list[str] = []
        vocabulary: set[str] = set()
        async with conn.execute("SELECT summary_json FROM articles") as cur:
            for (summary,) in await cur.fetchall():
                names += [w["name"] for w in json.loads(summary)["who"]]
        async with conn.execute("SELECT text FROM articles_fts") as cur:
            for (text,) in await cur.fetchall():
                vocabulary |= set(text.split())
        # Words people follow are not the commonest ones («в», "the"): the vocabulary less
        # its STOP most frequent words, by how many articles have them.
        counts: dict[str, int] = {}
        async with conn.execute("SELECT text FROM articles_fts") as cur:
            for (text,) in await cur.fetchall():
                for word in set(text.split()):
                    counts[word] = counts.get(word, 0) + 1
        common = set(sorted(counts, key=lambda w: -counts[w])[: args.stop])
        words = sorted(vocabulary - common)
        now = 1_700_000_000
        await conn.executemany(
            "INSERT INTO subscribers (chat_id, kind, lang, tz, digest_time, created_at) "
            "VALUES (?, 'private', 'ru', 'UTC', '08:00', ?)",
            [(chat, now) for chat in range(1, args.chats + 1)],
        )
        rows = _follow_rows(rng, args, names, words, nlp)
        # First the same number of follows that no article matches: the lookup alone.
        await conn.executemany(
            "INSERT INTO follows (chat_id, term_norm, term_display, kind, created_at) "
            "VALUES (?, ?, ?, 'word', 0)",
            [((n % args.chats) + 1, f"слово{n}", f"слово{n}") for n in range(args.follows)],
        )
        await conn.commit()
        unmatched = await time_matches(conn, nlp, ids)
        await conn.execute("DELETE FROM follows")
        await conn.executemany(
            "INSERT OR IGNORE INTO follows (chat_id, term_norm, term_display, kind, created_at) "
            "VALUES (?, ?, ?, ?, 0)",
            list(rows),
        )
        await conn.commit()
        async with conn.execute("SELECT COUNT(*) FROM follows") as cur:
            stored_follows = (await cur.fetchone() or (0,))[0]
        with_follows = await time_matches(conn, nlp, ids)
        matched = [len(await follows.matches(conn, nlp, article_id=i)) for i in ids]
        alerting, queued = await time_alerts(conn, nlp, ids)
        # The baseline again, now that every cache is as warm as for the runs above.
        await conn.execute("DELETE FROM follows")
        await conn.commit()
        without_after = await time_matches(conn, nlp, ids)

    _report(
        args,
        stored_follows=stored_follows,
        articles=len(ids),
        timings=(without, without_after, unmatched, with_follows),
        matched=matched,
        alerting=alerting,
        queued=queued,
    )


def _report(
    args: argparse.Namespace,
    *,
    stored_follows: int,
    articles: int,
    timings: tuple[list[float], list[float], list[float], list[float]],
    matched: list[int],
    alerting: list[float],
    queued: list[int],
) -> None:
    without_first, without_after, unmatched, with_follows = timings
    print(f"articles: {articles}, follows: {stored_follows} of {args.chats} chats")
    print("per article, ms        median    p99")
    # The lower of the two baselines: the difference is what the follows add, not noise.
    without = min((without_first, without_after), key=statistics.median)
    rows_ = (
        ("no follows (first)", without_first),
        ("no follows (last)", without_after),
        (f"{args.follows} unmatched", unmatched),
        (f"{stored_follows} follows", with_follows),
    )
    for label, values in rows_:
        print(f"{label:20} {statistics.median(values):8.2f} {percentile(values, 99):8.2f}")
    for label, values in ((f"{args.follows} unmatched", unmatched), ("matching", with_follows)):
        added = statistics.median(values) - statistics.median(without)
        print(f"added by {label} follows (median): {added:.2f} ms (target < 5 ms)")
    print(f"chats matched per article: median {statistics.median(matched)}")
    per_chat = [1000 * ms / n for ms, n in zip(alerting, queued, strict=True) if n]
    print(
        f"alert (match + queue), ms per article: median {statistics.median(alerting):.1f}, "
        f"p99 {percentile(alerting, 99):.1f}; alerts queued per article: median "
        f"{statistics.median(queued)}; µs per alert: median {statistics.median(per_chat):.1f}"
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=60)
    parser.add_argument("--follows", type=int, default=100_000)
    parser.add_argument("--chats", type=int, default=20_000)
    parser.add_argument("--stop", type=int, default=300, help="commonest words not followed")
    asyncio.run(main(parser.parse_args()))
