"""The real bot process killed (SIGKILL) in the middle of a send, then started again."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
import time
from collections import Counter
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.storage import outbox
from bot.storage.db import connect, migrate
from bot.storage.outbox import NewMessage
from tests.factories import subscribe
from tests.fake_telegram import FakeTelegram

pytestmark = pytest.mark.slow  # starts processes (make test runs it; -m "not slow" skips)

CHATS = (1, 2, 3)


@pytest.fixture
async def telegram() -> AsyncIterator[FakeTelegram]:
    fake = FakeTelegram()
    fake.hang_seconds = 120  # longer than the test: the kill comes first
    await fake.start()
    yield fake
    await fake.stop()


async def _prepare(path: Path) -> None:
    """Three subscribers, and a message queued for each (as the digest tick would)."""
    now = datetime.now(tz=UTC)
    async with connect(path) as db:
        await migrate(db)
        for chat in CHATS:
            await subscribe(db, chat, now=now)
        await outbox.enqueue(
            db,
            [NewMessage(chat, "broadcast", f"crash:{chat}", {"text": f"news for {chat}"})
             for chat in CHATS],
            now=now,
        )  # fmt: skip


async def _start(telegram: FakeTelegram, path: Path) -> asyncio.subprocess.Process:
    env = os.environ | {
        "BOT_TOKEN": telegram.token,
        "TELEGRAM_API_URL": telegram.base_url,
        "DATABASE_PATH": str(path),
        "LOG_LEVEL": "INFO",
    }
    return await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "run",
        cwd=path.parent, env=env,
        stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL,
    )  # fmt: skip


async def _until(condition: object, within: float = 60) -> None:
    deadline = time.monotonic() + within
    while not condition():  # type: ignore[operator]
        if time.monotonic() > deadline:
            pytest.fail("timed out")
        await asyncio.sleep(0.05)


async def _statuses(path: Path) -> dict[str, str]:
    async with connect(path) as db, db.execute("SELECT dedup_key, status FROM outbox") as cur:
        return {str(row[0]): str(row[1]) for row in await cur.fetchall()}


@pytest.mark.parametrize(
    ("fault", "copies"),
    [
        ("hang", 1),  # killed before Telegram accepted it: sent once, after the restart
        ("accept_hang", 2),  # killed after Telegram accepted it: sent again, once
    ],
)
async def test_killed_mid_send_loses_nothing_and_doubles_at_most_one(
    telegram: FakeTelegram, tmp_path: Path, fault: str, copies: int
) -> None:
    path = tmp_path / "bot.sqlite3"
    await _prepare(path)
    telegram.fail_next.append(fault)
    proc = await _start(telegram, path)
    try:
        await _until(lambda: telegram.injected == [fault])  # the first send is in flight
        proc.send_signal(signal.SIGKILL)
        await proc.wait()
    finally:
        if proc.returncode is None:
            proc.kill()
    statuses = await _statuses(path)
    assert statuses["crash:1"] == "sending"  # its fate unknown to the bot

    proc = await _start(telegram, path)
    try:
        await _until(lambda: {s.chat_id for s in telegram.sent} == set(CHATS))
        await _until(lambda: len(telegram.sent) >= len(CHATS) + copies - 1)
        await asyncio.sleep(1.0)  # anything more would show now
    finally:
        proc.send_signal(signal.SIGINT)
        await asyncio.wait_for(proc.wait(), 30)
    counts = Counter(s.text for s in telegram.sent)
    assert counts == {"news for 1": copies, "news for 2": 1, "news for 3": 1}
    assert set((await _statuses(path)).values()) == {"sent"}
