"""Follow alert latency after an article is stored (issue 15: under 5 s).

A local feed server (aiohttp on 127.0.0.1) serves ``--feeds`` feeds (default 2) whose
entries are the factRuEval dev documents (``../shared/eval/ner/factru_dev.jsonl``: real
Russian news, about 60 a feed); a document too short to be a full text is a teaser, and its
page (the same text) is fetched, as the poll does. A real SQLite database holds
``--chats`` chats (default 20,000) with ``--follows`` follows (default 100,000): ``--matching``
of them (default 300) the surnames of the persons the documents name, the rest names and
words no document has. The real poll (``bot.services.feeds.poll_due``, the analysis in a
worker process as ``app.run`` starts it) stores the feeds' new entries, the real outbox
worker (``bot.delivery``, Telegram's pace) sends the alerts to the fake Bot API of
tests/fake_telegram.py on 127.0.0.1.

Timed per alert, from the article's commit (``ingest.store`` returned a new article) to
(a) its alerts committed in the outbox (``follows.alert`` returned) and (b) the alert's
``sendMessage`` answered by the fake Bot API. Modes, on a fresh database each, in turn:

- ``at save``: the poll job before (the baseline): the run's articles handed to
  ``follows.alert_new`` when it saves its polls, i.e. after their feed's whole poll;
- ``per article``: the poll job now (``bot.scheduler.poll_feeds``: its ``on_new`` hook);
- ``no alerts``: the poll alone, no hook (what the alerts cost the poll itself).

Machines are noisy and shared: compare the modes of the same run (``--rounds`` repeats
them, each round in another order, after an untimed warm-up poll; the figures pool the
rounds). An alert's send also waits for the alerts queued before it: the worker keeps
Telegram's pace (``MAX_MESSAGES_PER_SECOND``, 25 by default), so a burst of alerts takes
its size / 25 seconds to go out whatever the poll does, and a private chat gets a message
every 1.1 s at most (a chat that follows a name of many articles gets their alerts one
after the other): "a chat's first alert" is the alert of each chat that waits behind none
of its own.

    OPENBLAS_NUM_THREADS=1 python benchmarks/bench_follow_latency.py [--feeds 2]
        [--follows 100000] [--chats 20000] [--matching 300] [--rounds 1]
"""

from __future__ import annotations

import argparse
import asyncio
import html
import json
import logging
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import aiosqlite  # noqa: E402
from _corpus import percentile  # noqa: E402
from aiohttp import web  # noqa: E402

from bot import scheduler  # noqa: E402
from bot.analysis.models import NlpModels, load  # noqa: E402
from bot.analysis.speaker_key import speaker_key  # noqa: E402
from bot.app import build_worker  # noqa: E402
from bot.config import Settings  # noqa: E402
from bot.delivery import worker as worker_module  # noqa: E402
from bot.delivery.send import Outcome, Sent, send  # noqa: E402
from bot.services import cpu, feeds, follows, ingest, instant  # noqa: E402
from bot.services.context import Services  # noqa: E402
from bot.storage import db  # noqa: E402
from bot.storage import feeds as feed_store  # noqa: E402
from tests.factories import telegram_bot  # noqa: E402
from tests.fake_telegram import FakeTelegram  # noqa: E402

DATA = ROOT.parent / "shared" / "eval" / "ner" / "factru_dev.jsonl"
TARGET_SECONDS = 5.0
MODES = ("at save", "per article", "no alerts")
DRAIN_SECONDS = 300.0  # the outbox must be empty this long after the poll at most


# ---------------------------------------------------------------- the feed server


def _rss(base: str, feed: int, docs: list[dict[str, Any]], *, teasers: bool) -> str:
    items = []
    for n, doc in enumerate(docs):
        title, _, body = doc["text"].partition("\n")
        if teasers:  # the first sentence: the page is fetched
            body = body.strip().split(". ")[0] + "."
        items.append(
            f"<item><title>{html.escape(title)}</title><link>{base}/a/{feed}/{n}</link>"
            f"<description>{html.escape(html.escape(body))}</description></item>"
        )
    return (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Лента</title>'
        f"<link>{base}/</link><description>d</description>{''.join(items)}</channel></rss>"
    )


@asynccontextmanager
async def feed_server(
    feeds_docs: list[list[dict[str, Any]]], *, teasers: bool, page_ms: float
) -> AsyncIterator[str]:
    """Each feed at /feed/<n>; each entry's page at /a/<feed>/<n>, answered after
    ``page_ms`` (a site's own time: loopback has none)."""
    app = web.Application()

    async def feed(request: web.Request) -> web.Response:
        n = int(request.match_info["n"])
        base = f"{request.scheme}://{request.host}"
        text = _rss(base, n, feeds_docs[n], teasers=teasers)
        return web.Response(text=text, content_type="application/rss+xml")

    async def page(request: web.Request) -> web.Response:
        doc = feeds_docs[int(request.match_info["feed"])][int(request.match_info["n"])]
        await asyncio.sleep(page_ms / 1000)
        title, _, body = doc["text"].partition("\n")
        paragraphs = "".join(f"<p>{html.escape(p)}</p>" for p in body.split("\n") if p.strip())
        text = (
            f"<html><head><title>{html.escape(title)}</title></head><body><article>"
            f"<h1>{html.escape(title)}</h1>{paragraphs}</article></body></html>"
        )
        return web.Response(text=text, content_type="text/html")

    app.router.add_get("/feed/{n}", feed)
    app.router.add_get("/a/{feed}/{n}", page)
    runner = web.AppRunner(app)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    try:
        yield f"http://127.0.0.1:{runner.addresses[0][1]}"
    finally:
        await runner.cleanup()


# ---------------------------------------------------------------- the follows


def follow_rows(
    docs: list[dict[str, Any]], args: argparse.Namespace, nlp: NlpModels
) -> list[tuple[int, str, str, str]]:
    """``--matching`` follows of the documents' persons (by surname, as people type them),
    the rest of names and words no document has, over ``--chats`` chats."""
    rng = random.Random(15)  # noqa: S311 (reproducible sampling, not secrets)
    surnames = sorted(
        {
            speaker_key(e["text"], nlp).split()[-1]
            for doc in docs
            for e in doc["entities"]
            if e["type"] == "PER" and e["text"].split()
        }
    )
    rows: set[tuple[int, str, str, str]] = set()
    while len(rows) < args.matching:
        name = rng.choice(surnames)
        rows.add((rng.randint(1, args.chats), name, name.capitalize(), "person"))
    n = 0
    while len(rows) < args.follows:
        n += 1
        chat = rng.randint(1, args.chats)
        if n % 2:
            name = f"имя{n} фамилия{n}"
            rows.add((chat, name, name.title(), "person"))
        else:
            rows.add((chat, f"слово{n}", f"слово{n}", "word"))
    return sorted(rows)


async def fresh_database(
    path: Path, rows: list[tuple[int, str, str, str]], args: argparse.Namespace, base: str
) -> None:
    async with db.connect(path) as conn:
        await db.migrate(conn)
        await conn.executemany(
            "INSERT INTO subscribers (chat_id, kind, lang, tz, digest_time, created_at) "
            "VALUES (?, 'private', 'ru', 'UTC', '08:00', 0)",
            [(chat,) for chat in range(1, args.chats + 1)],
        )
        await conn.executemany(
            "INSERT INTO follows (chat_id, term_norm, term_display, kind, created_at) "
            "VALUES (?, ?, ?, ?, 0)",
            rows,
        )
        await conn.commit()
        for n in range(args.feeds):
            await feed_store.add(conn, url=f"{base}/feed/{n}", title="Лента")


# ---------------------------------------------------------------- timing


@dataclass
class Clock:
    """When each article was committed, its alerts queued, and each alert answered."""

    stored: dict[int, float] = field(default_factory=dict)
    queued: dict[int, float] = field(default_factory=dict)
    sent: dict[tuple[int, int], float] = field(default_factory=dict)
    alert_ms: list[float] = field(default_factory=list)  # follows.alert, per article

    def install(self) -> Callable[[], None]:
        """Wrap the three functions timed; returns what puts them back."""
        store, alert = ingest.store, follows.alert  # send: bot.delivery.send's, as the worker's

        async def timed_store(*a: Any, **kw: Any) -> ingest.Ingested:
            result = await store(*a, **kw)
            if result.new:
                self.stored[result.article.id] = time.perf_counter()
            return result

        async def timed_alert(conn: aiosqlite.Connection, nlp: NlpModels, **kw: Any) -> int:
            started = time.perf_counter()
            made = await alert(conn, nlp, **kw)
            done = time.perf_counter()
            self.alert_ms.append((done - started) * 1000)
            if made:
                self.queued[kw["article_id"]] = done
            return made

        async def timed_send(
            bot: Any, chat_id: int, payload: dict[str, Any], **kw: Any
        ) -> Outcome:
            outcome = await send(bot, chat_id, payload, **kw)
            if isinstance(outcome, Sent) and "article_id" in payload:
                self.sent[(chat_id, int(payload["article_id"]))] = time.perf_counter()
            return outcome

        wrapped = ((ingest, "store"), (follows, "alert"), (worker_module, "send"))
        originals = [(module, name, module.__dict__[name]) for module, name in wrapped]
        for (module, name), timed in zip(
            wrapped, (timed_store, timed_alert, timed_send), strict=True
        ):
            setattr(module, name, timed)

        def restore() -> None:
            for module, name, original in originals:
                setattr(module, name, original)

        return restore


async def old_poll_job(services: Services) -> None:
    """The poll job as it was (the baseline): follows alerted with the instant posts, when
    the run saves its polls."""

    async def at_once(stored: tuple[tuple[int, int], ...]) -> None:
        queued = await instant.enqueue(services.db, stored)
        queued += await follows.alert_new(services.db, services.nlp, [a for a, _ in stored])
        if queued:
            services.wake_outbox()

    await feeds.poll_due(services.db, services.nlp, services.settings, on_stored=at_once)


async def bare_poll(services: Services) -> None:
    await feeds.poll_due(services.db, services.nlp, services.settings)


JOBS: dict[str, Callable[[Services], Awaitable[None]]] = {
    "at save": old_poll_job,
    "per article": scheduler.poll_feeds,
    "no alerts": bare_poll,
}


@dataclass
class Result:
    mode: str
    poll_seconds: float
    articles: int
    queued: list[float]  # seconds, per alerted article
    sent: list[float]  # seconds, per alert
    alert_ms: list[float]
    # seconds, per chat: its first alert of the run (behind no alert of its own: a private
    # chat gets a message every 1.1 s at most, so its later alerts of a burst wait for it)
    first_sent: list[float] = field(default_factory=list)


async def run_mode(
    mode: str, path: Path, settings: Settings, nlp: NlpModels, telegram: FakeTelegram
) -> Result:
    clock = Clock()
    restore = clock.install()
    bot = telegram_bot(telegram)
    try:
        async with db.connect(path) as conn:
            worker = build_worker(settings, conn, bot)
            services = Services(
                settings=settings, db=conn, reader=conn, nlp=nlp, wake_outbox=worker.wake
            )
            task = asyncio.create_task(worker.run())
            try:
                started = time.perf_counter()
                await JOBS[mode](services)
                poll_seconds = time.perf_counter() - started
                await _drained(conn)
            finally:
                await worker.stop()
                task.cancel()
                await asyncio.gather(task, return_exceptions=True)
    finally:
        restore()
        await bot.session.close()
    return Result(
        mode,
        poll_seconds,
        len(clock.stored),
        [clock.queued[a] - clock.stored[a] for a in clock.queued],
        [at - clock.stored[a] for (_, a), at in clock.sent.items()],
        clock.alert_ms,
        _firsts(clock),
    )


def _firsts(clock: Clock) -> list[float]:
    first: dict[int, int] = {}  # chat -> the first stored of its alerted articles
    for chat, article in clock.sent:
        if chat not in first or clock.stored[article] < clock.stored[first[chat]]:
            first[chat] = article
    return [clock.sent[(chat, a)] - clock.stored[a] for chat, a in first.items()]


async def _drained(conn: aiosqlite.Connection) -> None:
    deadline = time.monotonic() + DRAIN_SECONDS
    while time.monotonic() < deadline:
        async with conn.execute(
            "SELECT COUNT(*) FROM outbox WHERE status IN ('queued', 'sending')"
        ) as cur:
            row = await cur.fetchone()
        if row is not None and row[0] == 0:
            return
        await asyncio.sleep(0.1)
    raise RuntimeError("the outbox was not emptied")


# ---------------------------------------------------------------- report


def _line(label: str, values: list[float]) -> str:
    if not values:
        return f"{label:40} {'-':>8} {'-':>8} {'-':>8} {0:>6}"
    return (
        f"{label:40} {statistics.median(values):8.2f} {percentile(values, 95):8.2f} "
        f"{max(values):8.2f} {len(values):6}"
    )


def report(args: argparse.Namespace, results: list[Result], follows_n: int) -> None:
    entries = "full texts" if args.full_text else f"teasers, pages in {args.page_ms:g} ms"
    print(
        f"\n{args.feeds} feeds, {results[0].articles} new articles per mode and round "
        f"({entries}), {follows_n} follows of {args.chats} chats ({args.matching} of the "
        f"documents' persons), {args.rounds} round(s)\n"
    )
    print(f"{'seconds from commit':40} {'median':>8} {'p95':>8} {'max':>8} {'n':>6}")
    pooled: dict[str, Result] = {}
    for mode in MODES:
        mine = [r for r in results if r.mode == mode]
        pooled[mode] = Result(
            mode,
            statistics.median(r.poll_seconds for r in mine),
            sum(r.articles for r in mine),
            [v for r in mine for v in r.queued],
            [v for r in mine for v in r.sent],
            [v for r in mine for v in r.alert_ms],
            [v for r in mine for v in r.first_sent],
        )
    for mode in MODES[:2]:
        print(_line(f"{mode}: alerts queued", pooled[mode].queued))
        print(_line(f"{mode}: alert sent (fake Bot API)", pooled[mode].sent))
        print(_line(f"{mode}: a chat's first alert sent", pooled[mode].first_sent))
    print(f"\n{'the poll itself':40} {'seconds':>8}")
    for mode in MODES:
        runs = ", ".join(f"{r.poll_seconds:.1f}" for r in results if r.mode == mode)
        print(f"{mode:40} {pooled[mode].poll_seconds:8.1f}   (rounds: {runs})")
    bare = pooled["no alerts"].poll_seconds
    for mode in MODES[:2]:
        print(f"{mode} / no alerts (poll time, medians): {pooled[mode].poll_seconds / bare:.2f}")
    ms = pooled["per article"].alert_ms
    if ms:
        print(
            f"follows.alert per article (per article mode): median {statistics.median(ms):.1f} "
            f"ms, p95 {percentile(ms, 95):.1f} ms, max {max(ms):.1f} ms"
        )
    now, before = pooled["per article"], pooled["at save"]
    for kind in ("queued", "sent"):
        a, b = getattr(now, kind), getattr(before, kind)
        if a and b:
            medians = statistics.median(a) / statistics.median(b)
            p95 = percentile(a, 95) / percentile(b, 95)
            print(f"{kind}: per article / at save, medians {medians:.3f}, p95 {p95:.3f}")
    for label, values in (
        ("alerts queued", now.queued),
        ("alert sent", now.sent),
        ("a chat's first alert sent", now.first_sent),
    ):
        met = bool(values) and max(values) < TARGET_SECONDS
        print(
            f"target, {label} within {TARGET_SECONDS:g} s of the commit at p95 and max "
            f"(per article): {'met' if met else 'NOT met'}"
        )


async def main(args: argparse.Namespace, nlp: NlpModels) -> None:
    docs = [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines() if line]
    docs = [d for d in docs if "\n" in d["text"]][: args.documents]
    feeds_docs = [docs[n :: args.feeds] for n in range(args.feeds)]
    rows = follow_rows(docs, args, nlp)
    # Telegram's pace (25 messages a second) as the bot keeps it; the fake checks it too.
    settings = Settings(
        _env_file=None,
        allow_private_urls=True,
        feed_max_page_fetches=1000,
        feed_max_entries=1000,
    )
    telegram = FakeTelegram()
    await telegram.start()
    results: list[Result] = []
    try:
        async with feed_server(
            feeds_docs, teasers=not args.full_text, page_ms=args.page_ms
        ) as base:
            # Untimed: the analysis worker's and the caches' first use.
            warm = Path(tempfile.mkdtemp()) / "warm.sqlite3"
            await fresh_database(warm, rows[:1], args, base)
            await run_mode("no alerts", warm, settings, nlp, telegram)
            for round_ in range(args.rounds):
                # Each round in another order: no mode always runs first or last.
                for mode in MODES[round_ % 3 :] + MODES[: round_ % 3]:
                    path = Path(tempfile.mkdtemp()) / "latency.sqlite3"
                    await fresh_database(path, rows, args, base)
                    result = await run_mode(mode, path, settings, nlp, telegram)
                    print(
                        f"round {round_ + 1} {mode}: {result.articles} articles, poll "
                        f"{result.poll_seconds:.1f} s, {len(result.sent)} alerts sent",
                        flush=True,
                    )
                    results.append(result)
    finally:
        await telegram.stop()
    report(args, results, len(rows))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--feeds", type=int, default=2)
    parser.add_argument("--documents", type=int, default=200, help="factRuEval dev documents")
    parser.add_argument("--follows", type=int, default=100_000)
    parser.add_argument("--chats", type=int, default=20_000)
    parser.add_argument("--matching", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--analysis-processes", type=int, default=1)
    parser.add_argument(
        "--full-text", action="store_true", help="entries carry the whole text (no pages)"
    )
    parser.add_argument("--page-ms", type=float, default=300.0, help="a page's answer time")
    arguments = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    models = load()
    cpu.start(arguments.analysis_processes)  # forked now, as app.run does, before any thread
    try:
        asyncio.run(main(arguments, models))
    finally:
        cpu.stop()
