"""Shared pieces of fanout.py and its child worker: digest texts, the database, the fake."""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
import subprocess
import sys
import urllib.request
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import aiosqlite
from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer

from bot.delivery.limiter import Limiter
from bot.delivery.worker import OutboxWorker
from bot.storage import outbox, subscribers
from bot.storage.db import connect, migrate, transaction
from bot.storage.outbox import NewMessage

ROOT = Path(__file__).resolve().parents[1]
TOKEN = "123456:TEST-TOKEN-abcdefghijklmnopqrstuvwxyz"  # noqa: S105 (the fake's)
NOW = datetime(2026, 1, 1, 8, 0, tzinfo=UTC)
FIRST_CHAT = 100_000
TOPICS = (
    ("Parliament passes the budget after a night of debate",
     "Lawmakers approved the spending plan by 212 votes to 180; the opposition said it "
     "underfunds hospitals and promised to challenge two of its articles in court."),
    ("Central bank holds rates for a third month",
     "The bank kept its key rate at 4.5 % and said inflation & wages were still running "
     "ahead of its forecast; markets had expected the decision."),
    ("Storm closes the northern ports",
     "Winds of up to 120 km/h stopped ferries and cargo ships overnight; the coast guard "
     "rescued the crew of a fishing boat near the harbour entrance."),
    ("New metro line opens two years late",
     "Twelve stations between the airport and the old town opened on Monday; the city says "
     "the line will carry 90,000 passengers a day by the end of the year."),
    ("Football: the champions lose at home",
     "A late goal gave the visitors a 2-1 win, their first in the capital since 2009; the "
     "coach said his team \"ran out of ideas\" in the second half."),
)  # fmt: skip


def digest_text(chat_id: int) -> str:
    """A digest as the bot would send it (Telegram HTML, about 1,500 characters), unique
    to the chat."""
    items = []
    for n, (title, lead) in enumerate(TOPICS, 1):
        url = f"https://news.example.com/{chat_id}/{n}?utm=digest&amp;ref=bot"
        lead_html = lead.replace("&", "&amp;").replace('"', "&quot;")
        items.append(f'<b>{n}. {title}</b>\n{lead_html} <a href="{url}">Source</a>')
    head = f"<b>Your morning digest</b> · 1 January · <i>#{chat_id}</i>"
    return head + "\n\n" + "\n\n".join(items) + "\n\n<i>/settings to change the time</i>"


def text_key(text: str) -> str:
    """As ``_fanout_fake.text_key``."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]  # noqa: S324 (an id)


def chat_ids(n: int) -> list[int]:
    return list(range(FIRST_CHAT, FIRST_CHAT + n))


async def prepare(db: aiosqlite.Connection, n: int, *, batch: int = 1000) -> dict[str, int]:
    """Subscribe ``n`` private chats and queue a digest to each; returns text key -> chat."""
    chats = chat_ids(n)
    async with transaction(db):
        await db.executemany(
            "INSERT INTO subscribers (chat_id, kind, lang, tz, digest_time, created_at) "
            "VALUES (?, 'private', 'en', 'UTC', '08:00', 0)",
            [(c,) for c in chats],
        )
    expected: dict[str, int] = {}
    for start in range(0, n, batch):
        messages = []
        for chat in chats[start : start + batch]:
            text = digest_text(chat)
            expected[text_key(text)] = chat
            key = f"digest:{chat}:2026-01-01"
            messages.append(NewMessage(chat, "digest", key, {"text": text}))
        await outbox.enqueue(db, messages, now=NOW)
    return expected


@asynccontextmanager
async def database(path: Path) -> AsyncIterator[aiosqlite.Connection]:
    async with connect(path) as db:
        await migrate(db)
        yield db


def make_bot(base_url: str, **bot_options: Any) -> Bot:
    session = AiohttpSession(api=TelegramAPIServer.from_base(base_url))
    return Bot(TOKEN, session=session, **bot_options)


def make_worker(
    db: aiosqlite.Connection, bot: Bot, limiter: Limiter, concurrency: int, **options: Any
) -> OutboxWorker:
    async def deactivate(chat_id: int, reason: str) -> object:
        return await subscribers.deactivate(db, chat_id=chat_id, reason=reason, now=NOW)

    return OutboxWorker(
        db, bot, limiter, deactivate=deactivate, concurrency=concurrency, **options
    )


async def drain(
    worker: OutboxWorker, db: aiosqlite.Connection, *, within: float, poll: float = 0.25
) -> bool:
    """Run the worker until nothing is queued or sending (True) or ``within`` s (False)."""
    task = asyncio.create_task(worker.run())
    loop = asyncio.get_running_loop()
    deadline = loop.time() + within
    try:
        while loop.time() < deadline:
            await asyncio.sleep(poll)
            if task.done():
                task.result()
            counts = await outbox.counts(db)
            if counts["queued"] == 0 and counts["sending"] == 0:
                return True
        return False
    finally:
        await worker.stop()
        await task


def rss_kb() -> tuple[int, int]:
    """(VmRSS, VmHWM) of this process, kB."""
    fields = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        name, _, value = line.partition(":")
        if name in {"VmRSS", "VmHWM"}:
            fields[name] = int(value.split()[0])
    return fields["VmRSS"], fields["VmHWM"]


# ---------------------------------------------------------------- the fake in its own process


@dataclass
class FakeProcess:
    proc: subprocess.Popen[str]
    base_url: str

    def report(self) -> dict[str, Any]:
        with urllib.request.urlopen(f"{self.base_url}/_bench/report", timeout=60) as resp:  # noqa: S310 (127.0.0.1)
            data: dict[str, Any] = json.load(resp)
        return data

    def close(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def start_fake(
    *, limits: bool, faults: dict[str, float] | None = None, seed: int = 0
) -> FakeProcess:
    """The fake Bot API in a process of its own (see ``_fanout_fake.py``)."""
    cmd = [sys.executable, str(ROOT / "benchmarks" / "_fanout_fake.py"),
           "--limits", "on" if limits else "off", "--seed", str(seed)]  # fmt: skip
    for name, p in (faults or {}).items():
        cmd += [f"--{name.replace('_', '-')}", str(p)]
    env = os.environ | {"OPENBLAS_NUM_THREADS": "1"}
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True, env=env)
    assert proc.stdout is not None  # noqa: S101
    line = proc.stdout.readline()
    if not line.startswith("PORT "):
        proc.kill()
        raise SystemExit(f"the fake Bot API did not start: {line!r}")
    return FakeProcess(proc, f"http://127.0.0.1:{int(line.split()[1])}")


@dataclass
class Tally:
    """What reached the fake, against what was queued."""

    queued: int
    delivered: int  # distinct queued texts received
    lost: int
    duplicates: int  # extra copies of queued texts
    dup_texts: int  # texts received more than once
    rate: float  # accepted messages per second, first to last
    span: float
    violations: int
    refused: dict[str, int]
    injected: dict[str, int]


def tally(report: dict[str, Any], expected: dict[str, int]) -> Tally:
    seen: dict[str, int] = {}
    times = []
    for _, _, key, t in report["sent"]:
        if key in expected:
            seen[key] = seen.get(key, 0) + 1
            times.append(t)
    span = (max(times) - min(times)) if times and len(times) > 1 else 0.0
    n = len(times) if times else 0
    return Tally(
        queued=len(expected),
        delivered=len(seen),
        lost=len(expected) - len(seen),
        duplicates=sum(c - 1 for c in seen.values()),
        dup_texts=sum(1 for c in seen.values() if c > 1),
        rate=(n - 1) / span if span else 0.0,
        span=span,
        violations=int(report["violations"]),
        refused=dict(report["refused"]),
        injected=dict(report["injected"]),
    )
