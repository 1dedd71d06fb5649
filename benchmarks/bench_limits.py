"""Bounded work per input (issue 8, point 5): a 4 MB page and a feed of 100,000 entries.

Each case runs in a process of its own, measured from a wrapper process whose only child it
is, so ``RUSAGE_CHILDREN`` gives that process's CPU time and peak RSS alone:

- pages: ``python -m bot summarize FILE --json``, start-up and model loading included (a
  page of 10 KB is the baseline: what every run costs);
- feeds: ``poll_due`` once, against an aiohttp server on 127.0.0.1 serving the feed and its
  article pages, with a real SQLite file; "poll s" times the poll alone (fetch, parse, page
  fetches, analysis, storage), the process figures include loading the models. The baseline
  is an ordinary feed of 20 full-text entries.

Targets: the 4 MB page in under 5 s and 500 MB; the feed (2 MB, 100,000 tiny entries) polled
and stored in under 20 s and 500 MB. Inputs are generated here; nothing leaves 127.0.0.1.

    .venv/bin/python benchmarks/bench_limits.py
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent

PAGE_TARGET_SECONDS = 5.0
FEED_TARGET_SECONDS = 20.0
TARGET_MB = 500
BIG_PAGE_CHARS = 4_000_000
ORDINARY_PAGE_CHARS = 10_000
FEED_ENTRIES = 100_000
LINKED_ENTRIES = 1_000  # the first entries link to article pages; the rest are bare items
ORDINARY_FEED_ENTRIES = 20
MAX_FEED_BYTES = 2 * 1024 * 1024  # bot.sources.feeds.MAX_FEED_BYTES: the fetch refuses more

_SENTENCE = (
    "the minister said on tuesday that talks with officials in the capital would continue "
    "next week despite growing concern over the budget plan which critics called reckless"
)
_NAMES = ("John Smith", "Maria Lopez", "Anna Berg", "Peter Brown", "London", "Paris")

# The wrapper: runs argv as its only child and reports that child's usage.
_MEASURE = """
import json, resource, subprocess, sys, time
start = time.perf_counter()
proc = subprocess.run(sys.argv[1:], capture_output=True, text=True)
wall = time.perf_counter() - start
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"rc": proc.returncode, "out": proc.stdout, "err": proc.stderr[-2000:],
                  "wall": wall, "cpu": usage.ru_utime + usage.ru_stime,
                  "rss_mb": usage.ru_maxrss / 1024}))
"""


def page(size: int, seed: int = 1) -> str:
    """An article page of ``size`` characters: prose paragraphs with names in them."""
    rng = random.Random(seed)  # noqa: S311 (benchmark data)
    words = _SENTENCE.split()

    def sentence() -> str:
        chosen = [rng.choice(words) for _ in range(rng.randint(8, 25))]
        chosen.insert(rng.randint(0, len(chosen)), rng.choice(_NAMES))
        text = " ".join(chosen)
        return text[0].upper() + text[1:] + "."

    parts = ["<!doctype html><html lang=en><head><title>A page</title></head><body><article>"]
    size_now = len(parts[0])
    while size_now < size:
        paragraph = "<p>" + " ".join(sentence() for _ in range(rng.randint(2, 6))) + "</p>\n"
        parts.append(paragraph)
        size_now += len(paragraph)
    parts.append("</article></body></html>")
    return "".join(parts)


def story(n: int) -> str:
    """About 150 words of article text, different for each ``n``."""
    return (
        f"The city council of Harbourton approved plan number {n} on Tuesday after a long "
        "debate about transport, housing and the budget for the coming year. The mayor said "
        "the vote was a turning point for the region and thanked the residents who had "
        "written to the council in recent months. Opponents argued that the plan would raise "
        "local taxes and delay repairs to older schools, and they promised to challenge the "
        "decision at the next session. The council will publish the full text of the plan "
        "next week, and public hearings are expected to begin in the autumn. Local business "
        "owners welcomed the decision, saying that better transport links would bring more "
        "visitors to the old town. Environmental groups asked for more cycle lanes and green "
        f"spaces. The regional government has not yet commented on plan {n}."
    )


def big_feed() -> bytes:
    """RSS of FEED_ENTRIES tiny items within MAX_FEED_BYTES; the first ones link to pages."""
    linked = "".join(f"<item><link>/p/{n}</link></item>" for n in range(LINKED_ENTRIES))
    bare = "".join(f"<item>{n}</item>" for n in range(FEED_ENTRIES - LINKED_ENTRIES))
    data = (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Huge</title>'
        f"{linked}{bare}</channel></rss>"
    ).encode()
    assert len(data) <= MAX_FEED_BYTES, len(data)  # noqa: S101 (the case must be fetchable)
    return data


def ordinary_feed() -> bytes:
    """RSS of ORDINARY_FEED_ENTRIES full-text entries."""
    items = "".join(
        f"<item><title>Plan {n}</title><link>/story/{n}</link>"
        f"<description>{story(n)}</description></item>"
        for n in range(ORDINARY_FEED_ENTRIES)
    )
    return (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Desk</title>'
        f"{items}</channel></rss>"
    ).encode()


async def _poll(kind: str) -> dict[str, object]:
    """The feed child: serve the feed on 127.0.0.1, poll it once, report."""
    from aiohttp import web

    sys.path.insert(0, str(ROOT))
    from bot.analysis.models import load
    from bot.config import Settings
    from bot.services import feeds
    from bot.storage import articles
    from bot.storage import feeds as feed_store
    from bot.storage.db import connect, migrate

    body = big_feed() if kind == "big" else ordinary_feed()
    hits = 0

    async def feed(request: web.Request) -> web.Response:
        return web.Response(body=body, content_type="application/rss+xml")

    async def article(request: web.Request) -> web.Response:
        nonlocal hits
        hits += 1
        n = int(request.match_info["n"])
        html = f"<html><head><title>Plan {n}</title></head><body><p>{story(n)}</p></body></html>"
        return web.Response(text=html, content_type="text/html")

    app = web.Application()
    app.router.add_get("/feed.xml", feed)
    app.router.add_get("/p/{n}", article)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    base = f"http://127.0.0.1:{runner.addresses[0][1]}"
    nlp = load()
    settings = Settings(_env_file=None, allow_private_urls=True)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            async with connect(Path(tmp) / "bench.sqlite3") as db:
                await migrate(db)
                await feed_store.add(db, url=base + "/feed.xml")
                start = time.perf_counter()
                report = await feeds.poll_due(db, nlp, settings)
                seconds = time.perf_counter() - start
                stored = await articles.count_visible(db, chat_id=None)  # feed articles are shared
    finally:
        await runner.cleanup()
    (polled,) = report.feeds
    return {
        "poll_s": seconds,
        "status": polled.status,
        "new": polled.new,
        "left": polled.left,
        "stored": stored,
        "page_hits": hits,
        "bytes": len(body),
    }


def _measure(argv: list[str]) -> dict[str, Any]:
    proc = subprocess.run(
        [sys.executable, "-c", _MEASURE, *argv],
        capture_output=True, text=True, check=True, cwd=ROOT,
    )  # fmt: skip
    result: dict[str, Any] = json.loads(proc.stdout)
    if result["rc"] != 0:
        raise RuntimeError(f"{argv[2:]} failed: {result['err']}")
    return result


def main() -> int:
    """Measure the four cases and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--feed-child", choices=["big", "ordinary"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.feed_child:
        sys.stdout.write(json.dumps(asyncio.run(_poll(args.feed_child))) + "\n")
        return 0

    rows: list[tuple[str, str, float, float, float, str]] = []
    with tempfile.TemporaryDirectory() as tmp:
        pages = {}
        for name, size in (("ordinary", ORDINARY_PAGE_CHARS), ("4 MB", BIG_PAGE_CHARS)):
            path = Path(tmp) / f"{size}.html"
            path.write_text(page(size), encoding="utf-8")
            pages[name] = path
        for name, path in pages.items():
            run = _measure([sys.executable, "-m", "bot", "summarize", str(path), "--json"])
            summary = json.loads(str(run["out"]))
            what = f"page {path.stat().st_size / 1e6:.2f} MB -> {len(summary['sentences'])} sent."
            target = f"< {PAGE_TARGET_SECONDS:g} s, < {TARGET_MB} MB"
            figures = (float(run["wall"]), float(run["cpu"]), float(run["rss_mb"]))
            rows.append((f"page, {name}", what, *figures, target))
    for kind in ("ordinary", "big"):
        run = _measure([sys.executable, str(Path(__file__).resolve()), "--feed-child", kind])
        stats = json.loads(str(run["out"]))
        entries = ORDINARY_FEED_ENTRIES if kind == "ordinary" else FEED_ENTRIES
        what = (
            f"feed {int(stats['bytes']) / 1e6:.2f} MB, {entries:,} entries -> "
            f"{stats['stored']} stored, {stats['page_hits']} pages, {stats['left']} left"
        )
        name = "feed, ordinary" if kind == "ordinary" else "feed, 100,000 entries"
        target = f"< {FEED_TARGET_SECONDS:g} s, < {TARGET_MB} MB"
        figures = (float(stats["poll_s"]), float(run["cpu"]), float(run["rss_mb"]))
        rows.append((name, what, *figures, target))

    print("| case | input -> output | time s | CPU s (process) | peak MB | target | met |")
    print("|---|---|---:|---:|---:|---|---|")
    for name, what, seconds, cpu, rss, target in rows:
        limit = PAGE_TARGET_SECONDS if name.startswith("page") else FEED_TARGET_SECONDS
        met = "yes" if seconds < limit and rss < TARGET_MB else "NO"
        print(f"| {name} | {what} | {seconds:.2f} | {cpu:.2f} | {rss:.0f} | {target} | {met} |")
    page_ratio = rows[1][2] / rows[0][2]
    feed_ratio = rows[3][2] / rows[2][2]
    print(
        f"\n4 MB page / ordinary page: {page_ratio:.2f}x the time, "
        f"{rows[1][4] / rows[0][4]:.2f}x the memory (page times include start-up, "
        "which is most of them)."
    )
    print(
        f"100,000-entry feed / ordinary feed: {feed_ratio:.2f}x the poll time, "
        f"{rows[3][4] / rows[2][4]:.2f}x the memory."
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
