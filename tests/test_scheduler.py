"""The scheduler adapter: its poll job, and start and stop through the hooks."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import aiosqlite
import pytest
from aiogram import Dispatcher

from bot import scheduler as jobs
from bot.analysis.models import NlpModels
from bot.app import run_in_background
from bot.config import Settings
from bot.services import feed_list, feeds
from bot.services.context import Services
from bot.storage import articles


def _settings() -> Settings:
    return Settings(_env_file=None, poll_interval_minutes=7)  # type: ignore[call-arg]


def _services(
    db: aiosqlite.Connection, nlp: NlpModels, settings: Settings | None = None, **extra: object
) -> Services:
    settings = settings or _settings()
    return Services(settings=settings, db=db, reader=db, nlp=nlp, **extra)  # type: ignore[arg-type]


async def test_the_poll_job_runs_at_start_then_every_interval(
    db: aiosqlite.Connection, nlp: NlpModels
) -> None:
    services = _services(db, nlp)
    scheduler = jobs.build_scheduler(services)
    assert not scheduler.running  # built, not started
    job = scheduler.get_job(jobs.POLL_JOB_ID)
    assert job is not None
    assert job.func is jobs.poll_feeds
    assert job.kwargs == {"services": services}
    assert job.trigger.interval == timedelta(minutes=7)
    assert (job.coalesce, job.max_instances) == (True, 1)
    assert abs(job.next_run_time - datetime.now(tz=UTC)) < timedelta(seconds=5)


async def test_the_dispatcher_starts_and_stops_it(
    db: aiosqlite.Connection, nlp: NlpModels
) -> None:
    scheduler = jobs.build_scheduler(_services(db, nlp))
    scheduler.remove_all_jobs()
    dp = Dispatcher()

    class Worker:
        stopped = False

        async def run(self) -> None:
            await asyncio.Event().wait()

        async def stop(self) -> None:
            self.stopped = True

    worker = Worker()
    run_in_background(dp, worker, scheduler)  # type: ignore[arg-type]
    await dp.emit_startup()
    assert scheduler.running
    await dp.emit_shutdown()
    await asyncio.sleep(0)  # AsyncIOScheduler stops in a callback on the loop
    assert not scheduler.running
    assert worker.stopped


async def test_the_job_survives_a_failing_poll(
    db: aiosqlite.Connection,
    nlp: NlpModels,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    async def broken(*_: object, **__: object) -> feeds.PollReport:
        raise RuntimeError("bug")

    monkeypatch.setattr(feeds, "poll_due", broken)
    await jobs.poll_feeds(_services(db, nlp))  # logged, not raised
    assert "feed poll failed" in caplog.text


async def test_the_job_polls_nothing_when_no_feed_is_due(
    db: aiosqlite.Connection, nlp: NlpModels
) -> None:
    await jobs.poll_feeds(_services(db, nlp))
    assert await feed_list.list_feeds(db) == []


async def test_digest_tick_and_retention_jobs(db: aiosqlite.Connection, nlp: NlpModels) -> None:
    woken: list[bool] = []
    services = _services(db, nlp, wake_outbox=lambda: woken.append(True))
    scheduler = jobs.build_scheduler(services)
    tick = scheduler.get_job(jobs.DIGEST_JOB_ID)
    assert tick is not None
    assert tick.trigger.interval == timedelta(minutes=1)
    assert (tick.coalesce, tick.max_instances, tick.misfire_grace_time) == (True, 1, None)
    retention = scheduler.get_job(jobs.RETENTION_JOB_ID)
    assert retention is not None
    assert (retention.coalesce, retention.max_instances) == (True, 1)

    await jobs.enqueue_digests(services)
    assert woken == []  # nobody was due: the worker is not woken for nothing
    await db.execute(
        "INSERT INTO subscribers (chat_id, kind, lang, tz, digest_time, created_at, "
        "next_digest_at) VALUES (1, 'private', 'en', 'UTC', '08:00', 0, 0)"
    )
    await jobs.enqueue_digests(services)
    assert woken == [True]
    async with db.execute("SELECT next_digest_at FROM subscribers") as cur:
        row = await cur.fetchone()
    assert row is not None
    assert row[0] > datetime.now(tz=UTC).timestamp()  # rescheduled


async def test_retention_deletes_old_articles_only(
    db: aiosqlite.Connection, nlp: NlpModels
) -> None:
    now = datetime.now(tz=UTC)
    for n, age in enumerate((40, 1)):
        await articles.add(
            db, url=f"https://e.com/{n}", title="t", text="Text.", lang="en",
            published_at=None, feed_id=None, content_hash=f"{n:064x}",
            summary_json="{}", summary_version=1, search_title="t", search_text="text",
            ingested_at=now - timedelta(days=age),
        )  # fmt: skip
    settings = Settings(_env_file=None, retention_days=30)  # type: ignore[call-arg]
    await jobs.retention(_services(db, nlp, settings))
    assert [a.url for a in await articles.latest(db, limit=10)] == ["https://e.com/1"]
