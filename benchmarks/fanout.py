"""Digest fan-out through the outbox worker (issue 4), against a fake Bot API with limits.

The real delivery code (``bot.storage.outbox``, ``bot.delivery.limiter``, ``.send``,
``.worker``) sends queued digests to the fake Bot API of ``tests/fake_telegram.py``, which
enforces Telegram's limits (30 messages/s overall, 1/s per chat, 429 with ``retry_after``,
a violation counted for every request that comes back before its ``retry_after``). The fake
runs in a process of its own (``_fanout_fake.py``), so the two do not share a core; the
machine has 2. Each digest is about 1,500 characters of Telegram HTML (a title and 5 items
with links) and unique to its chat, so the fake's list of accepted messages tells lost
messages and duplicates apart. Digests are queued directly with ``outbox.enqueue`` (one row
per subscriber, dedup key ``digest:<chat>:<date>``), not composed by a digest service.

Scenarios:

1. limits on, ``Limiter(25)``, 10,000 subscribers: messages/s (first to last accepted),
   ratio to 25, violations, lost, duplicates.
2. limits off, ``Limiter(None)``: messages/s, the median of ``--repeats`` runs, with the
   worker's default ``in_flight=1`` and with ``in_flight=16`` (what ``app.build_worker`` uses
   for paid broadcasts, the only case above 30/s: the target's figure).
3. faults: 5 % 500/502, 2 % dropped connections (half before, half after the fake accepted
   the message), limits off: delivered; duplicates from the drops after acceptance
   (at-least-once, expected) reported apart.
4. crash: the worker in a child process (``_fanout_child.py``) is killed with SIGKILL at
   seeded random moments and started again; lost, duplicates against the number of crashes.
5. /latest while a fan-out runs: the real Dispatcher (``build_dispatcher``) in the
   worker's process, sharing its Bot and limiter; the time of ``feed_update`` (the handler
   and the HTTP round trip to the fake in the other process, i.e. until the fake has the
   reply). 20 users each ask every 1.5-2.5 s (about one command per 100 ms). Replies pass
   the limiter with priority through the bot's ``bot.delivery.replies.install`` (as
   ``app.build_worker`` does). Also measured: replies not paced at all, where the fake's
   30/s answers some replies 429.
6. memory: peak RSS (VmHWM) of the worker process (a child) draining 1,000 and 10,000
   subscribers, limits off; the rows are queued by this process before the child starts.

    OPENBLAS_NUM_THREADS=1 .venv/bin/python benchmarks/fanout.py [--subscribers 10000]
        [--scenarios 1,2,3,4,5,6] [--seed 1]
"""

from __future__ import annotations

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import argparse
import asyncio
import contextlib
import json
import logging
import random
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from _fanout_common import (  # noqa: E402
    TOKEN,
    FakeProcess,
    Tally,
    database,
    drain,
    make_bot,
    make_worker,
    prepare,
    start_fake,
    tally,
)
from aiogram.types import Update  # noqa: E402

from bot.delivery import replies  # noqa: E402
from bot.delivery.limiter import Limiter  # noqa: E402
from bot.storage import articles, outbox  # noqa: E402

TARGET_RATIO = 0.95
TARGET_OFF = 1000.0
TARGET_P99_MS = 50.0
TARGET_MB = 50.0
CHILD = ROOT / "benchmarks" / "_fanout_child.py"


@dataclass
class Row:
    scenario: str
    figure: str
    value: str
    target: str = ""
    ok: bool | None = None

    @property
    def verdict(self) -> str:
        return "" if self.ok is None else ("PASS" if self.ok else "SHORT")


def _queue_rows(name: str, t: Tally, *, dup_target: int | None = 0) -> list[Row]:
    rows = [
        Row(name, "queued / delivered", f"{t.queued:,} / {t.delivered:,}"),
        Row(name, "lost", str(t.lost), "0", t.lost == 0),
    ]
    if dup_target is not None:
        rows.append(Row(name, "duplicates", str(t.duplicates), f"<= {dup_target}",
                        t.duplicates <= dup_target))  # fmt: skip
    return rows


async def _in_process(  # noqa: PLR0917
    path: Path,
    fake: FakeProcess,
    n: int,
    limiter: Limiter,
    concurrency: int,
    within: float,
    **worker_options: Any,
) -> tuple[Tally, dict[str, int], dict[str, int], bool, float]:
    """Queue ``n`` digests and drain them with a worker in this process."""
    async with database(path) as db:
        expected = await prepare(db, n)
        bot = make_bot(fake.base_url)
        worker = make_worker(db, bot, limiter, concurrency, **worker_options)
        started = time.monotonic()
        drained = await drain(worker, db, within=within)
        wall = time.monotonic() - started
        counts = await outbox.counts(db)
        await bot.session.close()
    return tally(fake.report(), expected), worker.stats, counts, drained, wall


# ---------------------------------------------------------------- 1. limits on


async def limits_on(args: argparse.Namespace, tmp: Path) -> list[Row]:
    name = f"1. limits on, {args.subscribers:,} subscribers, Limiter({args.rate:g})"
    fake = start_fake(limits=True)
    try:
        timeout = args.subscribers / args.rate * 2 + 60
        t, stats, counts, drained, wall = await _in_process(
            tmp / "s1.sqlite3", fake, args.subscribers, Limiter(args.rate), 8, timeout
        )
    finally:
        fake.close()
    ratio = t.rate / args.rate
    return [
        Row(name, "messages/s (first to last accepted)", f"{t.rate:.2f}", f"{args.rate:g}"),
        Row(name, "ratio to MAX_MESSAGES_PER_SECOND", f"{ratio:.3f}", f">= {TARGET_RATIO}",
            ratio >= TARGET_RATIO),
        Row(name, "retry_after violations", str(t.violations), "0", t.violations == 0),
        *_queue_rows(name, t),
        Row(name, "429 answers to the worker / wall time", f"{stats['throttled']} / "
            f"{wall:.0f} s, drained {drained}, {counts}"),
    ]  # fmt: skip


# ---------------------------------------------------------------- 2. limits off


VARIANTS = {
    "in_flight=1": {"in_flight": 1},  # the worker's default (app: unpaid)
    "in_flight=16": {"in_flight": 16},  # app.PAID_IN_FLIGHT, paid broadcasts
}


async def limits_off(args: argparse.Namespace, tmp: Path) -> list[Row]:
    name = f"2. limits off, {args.subscribers:,} subscribers, concurrency {args.concurrency}"
    runs: dict[str, list[Tally]] = {v: [] for v in VARIANTS}
    for k in range(args.repeats):
        for v, (variant, options) in enumerate(VARIANTS.items()):
            # A fresh fake per run: every run queues the same texts.
            fake = start_fake(limits=False)
            try:
                t, _, _, drained, _ = await _in_process(
                    tmp / f"s2-{k}-{v}.sqlite3", fake,
                    args.subscribers, Limiter(None), args.concurrency, 900, **options,
                )  # fmt: skip
            finally:
                fake.close()
            if not drained:
                raise SystemExit(f"scenario 2 ({variant}) did not drain")
            runs[variant].append(t)
    rows = []
    for variant, tallies in runs.items():
        rate = statistics.median(t.rate for t in tallies)
        every = ", ".join(f"{t.rate:.0f}" for t in tallies)
        lost, dups = sum(t.lost for t in tallies), sum(t.duplicates for t in tallies)
        headline = variant == "in_flight=16"
        rows.append(
            Row(name, f"{variant}: messages/s, median of {args.repeats}; lost; duplicates",
                f"{rate:.0f} ({every}); {lost}; {dups}",
                f">= {TARGET_OFF:.0f}; 0; 0" if headline else "",
                (rate >= TARGET_OFF and lost == 0 and dups == 0) if headline else None)
        )  # fmt: skip
    return rows


# ---------------------------------------------------------------- 3. faults


FAULTS = {"p500": 0.025, "p502": 0.025, "drop": 0.01, "drop_after": 0.01}


async def faults(args: argparse.Namespace, tmp: Path) -> list[Row]:
    name = (f"3. faults (5 % 500/502, 1 % drop before, 1 % after acceptance), limits off, "
            f"{args.subscribers:,} subscribers")  # fmt: skip
    fake = start_fake(limits=False, faults=FAULTS, seed=args.seed)
    try:
        t, stats, counts, _, wall = await _in_process(
            tmp / "s3.sqlite3",
            fake,
            args.subscribers,
            Limiter(None),
            args.concurrency,
            900,
            rng=random.Random(args.seed),  # noqa: S311 (jitter)
        )
    finally:
        fake.close()
    delivered = t.delivered / t.queued * 100
    after = t.injected.get("drop_after", 0)
    return [
        Row(name, "delivered", f"{delivered:.2f} % ({t.delivered:,} of {t.queued:,})",
            "100 %", t.lost == 0),
        Row(name, "faults injected", ", ".join(f"{k} {v}" for k, v in sorted(t.injected.items()))),
        Row(name, "duplicates (at-least-once: from drops after acceptance)",
            f"{t.duplicates} (drops after acceptance: {after})", f"<= {after}",
            t.duplicates <= after),
        Row(name, "rows failed / retried / wall time", f"{counts['failed']} / "
            f"{stats['transient']} / {wall:.1f} s"),
    ]  # fmt: skip


# ---------------------------------------------------------------- 4. crashes


def _child(db: Path, url: str, rate: str, concurrency: int) -> subprocess.Popen[str]:
    cmd = [sys.executable, str(CHILD), "--db", str(db), "--url", url, "--rate", rate,
           "--concurrency", str(concurrency)]  # fmt: skip
    env = os.environ | {"OPENBLAS_NUM_THREADS": "1"}
    return subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True, env=env)


def _child_result(proc: subprocess.Popen[str], timeout: float) -> dict[str, Any]:
    out, _ = proc.communicate(timeout=timeout)
    if proc.returncode != 0:
        raise SystemExit(f"the worker process failed ({proc.returncode})")
    result: dict[str, Any] = json.loads(out.strip().splitlines()[-1])
    return result


async def crashes(args: argparse.Namespace, tmp: Path) -> list[Row]:
    n = args.crash_subscribers
    name = (f"4. SIGKILL x{args.crashes} + restart, limits on, Limiter({args.rate:g}), "
            f"{n:,} subscribers")  # fmt: skip
    path = tmp / "s4.sqlite3"
    async with database(path) as db:
        expected = await prepare(db, n)
    rng = random.Random(args.seed)  # noqa: S311 (when to kill)
    fake = start_fake(limits=True)
    kills: list[float] = []
    try:
        for _ in range(args.crashes):
            proc = _child(path, fake.base_url, str(args.rate), 8)
            at = rng.uniform(args.crash_min, args.crash_max)
            await asyncio.sleep(at)
            if proc.poll() is None:
                proc.send_signal(signal.SIGKILL)
                kills.append(at)
            proc.wait()
        proc = _child(path, fake.base_url, str(args.rate), 8)
        final = await asyncio.to_thread(_child_result, proc, n / args.rate * 3 + 120)
        t = tally(fake.report(), expected)
    finally:
        fake.close()
    crashed = len(kills)
    return [
        Row(name, "kills (s after start)", ", ".join(f"{k:.1f}" for k in kills)),
        *_queue_rows(name, t, dup_target=crashed),
        Row(name, "retry_after violations", str(t.violations), "0", t.violations == 0),
        Row(name, "final run", f"{final['seconds']:.0f} s, {final['counts']}"),
    ]


# ---------------------------------------------------------------- 5. /latest


def _time_priority(limiter: Limiter, into: list[float]) -> None:
    """Note how long each priority (reply) ``acquire`` of ``limiter`` waits, in ms."""
    acquire = limiter.acquire

    async def timed(chat_id: int, *, priority: bool = False) -> None:
        started = time.perf_counter()
        await acquire(chat_id, priority=priority)
        if priority:
            into.append((time.perf_counter() - started) * 1000)

    limiter.acquire = timed  # type: ignore[method-assign]


async def _articles(db: Any, n: int) -> None:
    for k in range(1, n + 1):
        summary = {
            "lang": "en", "title": f"Story {k}", "sentences": [f"Story {k} happened today."],
            "who": [], "where": [], "when": [], "quotes": [],
            "source": {"name": None, "url": None}, "version": 1,
        }  # fmt: skip
        await articles.add(
            db, url=f"https://example.com/{k}", title=f"Story {k} of the day", lang="en",
            text=f"Story {k} happened today.", published_at=None, feed_id=None,
            content_hash=f"{k:064x}", summary_json=json.dumps(summary), summary_version=1,
            search_title=f"stori {k}", search_text=f"stori {k} happen",
            ingested_at=datetime(2025, 1, 1, tzinfo=UTC) + timedelta(minutes=k),
        )  # fmt: skip


async def _users(
    ask: Callable[[int], Awaitable[float | None]], users: int, seconds: float, seed: int
) -> list[float]:
    """Each user asks /latest every 1.5-2.5 s (about users/2 commands a second in all)."""
    samples: list[float] = []
    loop = asyncio.get_running_loop()
    end = loop.time() + seconds

    async def user(chat_id: int) -> None:
        rng = random.Random(seed * 1009 + chat_id)  # noqa: S311 (load model)
        await asyncio.sleep(rng.uniform(0, 2.0))
        while loop.time() < end:
            ms = await ask(chat_id)
            if ms is not None:
                samples.append(ms)
            await asyncio.sleep(rng.uniform(1.5, 2.5))

    await asyncio.gather(*(user(9_000_000 + u) for u in range(users)))
    return samples


def busiest_second(times: list[float]) -> int:
    """The most messages the fake accepted in any 1 s window."""
    ordered = sorted(times)
    best, lo = 0, 0
    for hi, t in enumerate(ordered):
        while t - ordered[lo] >= 1.0:
            lo += 1
        best = max(best, hi - lo + 1)
    return best


def _p(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * len(ordered)) - 1))]


@dataclass
class LatestRun:
    idle: list[float]
    busy: list[float]
    waits: list[float]  # the replies' limiter waits during the fan-out
    digests_per_s: float
    tally: Tally
    throttled: int
    errors: int
    error_kinds: dict[str, int]
    replies: int
    busiest: int  # messages in the busiest second, digests and replies


async def _latest_run(
    args: argparse.Namespace, path: Path, nlp: Any, limiter: Limiter, *, pace: bool = True
) -> LatestRun:
    from bot.app import build_bot, build_dispatcher
    from bot.config import Settings

    fake = start_fake(limits=True)
    ids = iter(range(1, 10_000_000))
    errors = 0
    kinds: Counter[str] = Counter()
    try:
        async with database(path) as db:
            await _articles(db, 60)
            settings = Settings(
                _env_file=None,  # type: ignore[call-arg]
                bot_token=TOKEN,  # type: ignore[arg-type]
                telegram_api_url=fake.base_url,
                database_path=path,
            )
            bot = build_bot(settings)
            waits: list[float] = []
            if pace:
                replies.install(bot, limiter)  # the bot's own (app.build_worker does this)
                _time_priority(limiter, waits)
            dp = build_dispatcher(settings, nlp, db)

            async def ask(chat_id: int) -> float | None:
                nonlocal errors
                data = {
                    "update_id": next(ids),
                    "message": {
                        "message_id": next(ids), "date": int(time.time()), "text": "/latest",
                        "chat": {"id": chat_id, "type": "private", "first_name": "U"},
                        "from": {"id": chat_id, "is_bot": False, "first_name": "U",
                                 "language_code": "en"},
                        "entities": [{"type": "bot_command", "offset": 0, "length": 7}],
                    },
                }  # fmt: skip
                started = time.perf_counter()
                try:
                    update = Update.model_validate(data, context={"bot": bot})
                    await dp.feed_update(bot, update)
                except Exception as exc:  # counted, the load goes on
                    errors += 1
                    kinds[type(exc).__name__] += 1
                    return None
                return (time.perf_counter() - started) * 1000

            for u in range(args.latest_users):  # warm the handlers and caches
                await ask(9_000_000 + u)
            await asyncio.sleep(1.2)
            idle = await _users(ask, args.latest_users, args.latest_idle, args.seed)
            expected = await prepare(db, args.latest_subscribers)
            worker = make_worker(db, bot, limiter, 8)
            run = asyncio.create_task(worker.run())
            await asyncio.sleep(2.0)  # the fan-out is under way
            waits.clear()
            t0 = time.monotonic()
            busy = await _users(ask, args.latest_users, args.latest_seconds, args.seed + 1)
            t1 = time.monotonic()
            waits = list(waits)
            await worker.stop()
            await run
            await bot.session.close()
        report = fake.report()
    finally:
        fake.close()
    during = sum(1 for _, _, key, at in report["sent"] if key in expected and t0 <= at <= t1)
    return LatestRun(
        idle=idle, busy=busy, waits=waits, digests_per_s=during / (t1 - t0),
        tally=tally(report, expected), throttled=worker.stats["throttled"], errors=errors,
        error_kinds=dict(kinds),
        replies=sum(1 for chat, *_ in report["sent"] if chat >= 9_000_000),
        busiest=busiest_second([at for *_, at in report["sent"]]),
    )  # fmt: skip


async def latest(args: argparse.Namespace, tmp: Path) -> list[Row]:
    from bot.analysis.models import load

    name = (f"5. /latest, {args.latest_users} users (~{args.latest_users / 2:.0f}/s) during a "
            f"fan-out, limits on, Limiter({args.rate:g})")  # fmt: skip
    nlp = load()
    stock = await _latest_run(args, tmp / "s5-stock.sqlite3", nlp, Limiter(args.rate))
    # Unpaced, many replies fail with 429: counted below, their tracebacks kept quiet.
    errors_log = logging.getLogger("bot.telegram.errors")
    level = errors_log.level
    errors_log.setLevel(logging.CRITICAL)
    try:
        direct = await _latest_run(
            args, tmp / "s5-direct.sqlite3", nlp, Limiter(args.rate), pace=False
        )
    finally:
        errors_log.setLevel(level)
    rows = []
    for label, r in (
        ("", stock),
        ("replies not paced (no replies.install): ", direct),
    ):
        p99 = _p(r.busy, 99)
        rows += [
            Row(name, f"{label}p99 during fan-out (feed_update, incl. HTTP to the fake)",
                f"{p99:.1f} ms (p50 {_p(r.busy, 50):.1f}, max {max(r.busy, default=0):.1f}, "
                f"n {len(r.busy)})", f"< {TARGET_P99_MS:.0f} ms" if not label else "",
                p99 < TARGET_P99_MS if not label else None),
            Row(name, f"{label}p99 idle (no fan-out)",
                f"{_p(r.idle, 99):.1f} ms (p50 {_p(r.idle, 50):.1f}, n {len(r.idle)})"),
            Row(name, f"{label}replies' limiter wait during fan-out",
                f"p50 {_p(r.waits, 50):.1f} ms, p99 {_p(r.waits, 99):.1f} ms"),
            Row(name, f"{label}digests/s during the load; busiest second; violations; "
                "429s to the worker; failed replies; replies",
                f"{r.digests_per_s:.1f}; {r.busiest}; {r.tally.violations}; {r.throttled}; "
                f"{r.errors}{f' {r.error_kinds}' if r.errors else ''}; {r.replies}",
                "violations 0" if not label else "",
                r.tally.violations == 0 if not label else None),
        ]  # fmt: skip
    return rows


# ---------------------------------------------------------------- 6. memory


async def memory(args: argparse.Namespace, tmp: Path) -> list[Row]:
    sizes = (args.memory_small, args.memory_large)
    name = (f"6. memory: worker process draining {sizes[0]:,} vs {sizes[1]:,} subscribers, "
            f"limits off")  # fmt: skip
    fake = start_fake(limits=False)
    results = []
    try:
        for size in sizes:
            path = tmp / f"s6-{size}.sqlite3"
            async with database(path) as db:
                await prepare(db, size)
            proc = _child(path, fake.base_url, "none", args.concurrency)
            results.append(await asyncio.to_thread(_child_result, proc, 900))
    finally:
        fake.close()
    small, large = results
    growth = (large["hwm_kb"] - small["hwm_kb"]) / 1024
    return [
        Row(name, "peak RSS (VmHWM)", f"{small['hwm_kb'] / 1024:.1f} MB -> "
            f"{large['hwm_kb'] / 1024:.1f} MB"),
        Row(name, "growth of the peak", f"{growth:.1f} MB", f"< {TARGET_MB:.0f} MB",
            growth < TARGET_MB),
        Row(name, "RSS at the end", f"{small['rss_end_kb'] / 1024:.1f} MB -> "
            f"{large['rss_end_kb'] / 1024:.1f} MB"),
        Row(name, "drained", f"{small['counts']} / {large['counts']}"),
    ]  # fmt: skip


# ---------------------------------------------------------------- main

SCENARIOS = {"1": limits_on, "2": limits_off, "3": faults, "4": crashes, "5": latest,
             "6": memory}  # fmt: skip
ORDER = ("2", "3", "6", "4", "5", "1")  # the quick ones first


async def run(args: argparse.Namespace) -> list[Row]:
    rows: dict[str, list[Row]] = {}
    chosen = [s.strip() for s in args.scenarios.split(",")]
    with tempfile.TemporaryDirectory() as tmp:
        for key in sorted(chosen, key=ORDER.index):
            started = time.monotonic()
            print(f"scenario {key} ...", file=sys.stderr, flush=True)
            rows[key] = await SCENARIOS[key](args, Path(tmp))
            print(f"scenario {key}: {time.monotonic() - started:.0f} s", file=sys.stderr,
                  flush=True)  # fmt: skip
            for row in rows[key]:
                print(f"  {row.figure}: {row.value} {row.verdict}", file=sys.stderr)
    return [row for key in sorted(rows) for row in rows[key]]


def command_line(args: argparse.Namespace) -> str:
    return (
        "OPENBLAS_NUM_THREADS=1 .venv/bin/python benchmarks/fanout.py "
        f"--subscribers {args.subscribers} --rate {args.rate:g} "
        f"--concurrency {args.concurrency} --repeats {args.repeats} --crashes {args.crashes} "
        f"--crash-subscribers {args.crash_subscribers} "
        f"--latest-subscribers {args.latest_subscribers} --latest-users {args.latest_users} "
        f"--latest-seconds {args.latest_seconds:g} "
        f"--scenarios {args.scenarios} --seed {args.seed}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument(
        "--subscribers",
        type=int,
        default=10_000,
        help="scenarios 1-3 (the reported figure is for 10,000)",
    )
    parser.add_argument("--rate", type=float, default=25.0, help="MAX_MESSAGES_PER_SECOND")
    parser.add_argument("--concurrency", type=int, default=32, help="worker, limits off")
    parser.add_argument("--repeats", type=int, default=3, help="scenario 2 runs (median)")
    parser.add_argument("--crashes", type=int, default=5)
    parser.add_argument("--crash-subscribers", type=int, default=2_000)
    parser.add_argument("--crash-min", type=float, default=3.0)
    parser.add_argument("--crash-max", type=float, default=15.0)
    parser.add_argument("--latest-subscribers", type=int, default=2_000)
    parser.add_argument("--latest-users", type=int, default=20)
    parser.add_argument("--latest-seconds", type=float, default=45.0)
    parser.add_argument("--latest-idle", type=float, default=10.0)
    parser.add_argument("--memory-small", type=int, default=1_000)
    parser.add_argument("--memory-large", type=int, default=10_000)
    parser.add_argument("--scenarios", default="1,2,3,4,5,6")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    logging.basicConfig(level=logging.ERROR, format="%(levelname)s %(name)s: %(message)s")
    started = time.monotonic()
    rows = asyncio.run(run(args))
    print("\nnewsbrief digest fan-out (issue 4): the outbox worker against the fake Bot API "
          "(tests/fake_telegram.py, in its own process)\n")  # fmt: skip
    print("| scenario | figure | value | target | verdict |")
    print("|---|---|---|---|---|")
    for row in rows:
        print(f"| {row.scenario} | {row.figure} | {row.value} | {row.target} | {row.verdict} |")
    print(f"\nRuntime: {time.monotonic() - started:.0f} s. Command:\n{command_line(args)}")
    shorts = [r for r in rows if r.ok is False]
    with contextlib.suppress(Exception):
        sys.stdout.flush()
    if shorts:
        print(f"SHORT: {len(shorts)} of {sum(r.ok is not None for r in rows)} targets")


if __name__ == "__main__":
    main()
