"""The scheduler adapter: its poll job, and start and stop through the hooks."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import aiosqlite
import pytest

from bot import scheduler as jobs
from bot.analysis.models import NlpModels
from bot.config import Settings
from bot.services import feeds


def _settings() -> Settings:
    return Settings(_env_file=None, poll_interval_minutes=7)  # type: ignore[call-arg]


async def test_the_poll_job_runs_at_start_then_every_interval(
    db: aiosqlite.Connection, nlp: NlpModels
) -> None:
    settings = _settings()
    scheduler = jobs.build_scheduler(db=db, nlp=nlp, settings=settings)
    assert not scheduler.running  # built, not started
    job = scheduler.get_job(jobs.POLL_JOB_ID)
    assert job is not None
    assert job.func is jobs.poll_feeds
    assert job.kwargs == {"db": db, "nlp": nlp, "settings": settings}
    assert job.trigger.interval == timedelta(minutes=7)
    assert (job.coalesce, job.max_instances) == (True, 1)
    assert abs(job.next_run_time - datetime.now(tz=UTC)) < timedelta(seconds=5)


async def test_hooks_start_and_stop_it(db: aiosqlite.Connection, nlp: NlpModels) -> None:
    scheduler = jobs.build_scheduler(db=db, nlp=nlp, settings=_settings())
    scheduler.remove_all_jobs()
    await jobs.on_startup(scheduler)
    assert scheduler.running
    await jobs.on_shutdown(scheduler)
    await asyncio.sleep(0)  # AsyncIOScheduler stops in a callback on the loop
    assert not scheduler.running


async def test_the_job_survives_a_failing_poll(
    db: aiosqlite.Connection,
    nlp: NlpModels,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    async def broken(*_: object, **__: object) -> feeds.PollReport:
        raise RuntimeError("bug")

    monkeypatch.setattr(feeds, "poll_due", broken)
    await jobs.poll_feeds(db, nlp, _settings())  # logged, not raised
    assert "feed poll failed" in caplog.text


async def test_the_job_polls_nothing_when_no_feed_is_due(
    db: aiosqlite.Connection, nlp: NlpModels
) -> None:
    await jobs.poll_feeds(db, nlp, _settings())
    assert await feeds.list_feeds(db) == []
