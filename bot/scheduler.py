"""Scheduler adapter: APScheduler jobs that call services with explicit arguments (STYLE C10).

Nothing is scheduled at import time: ``app.run`` builds the scheduler, a Dispatcher startup
hook starts it and a shutdown hook stops it.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime

import aiosqlite
from apscheduler.schedulers.asyncio import AsyncIOScheduler  # type: ignore[import-untyped]

from bot.analysis.models import NlpModels
from bot.config import Settings
from bot.services import feeds

log = logging.getLogger(__name__)

POLL_JOB_ID = "poll-feeds"


async def poll_feeds(db: aiosqlite.Connection, nlp: NlpModels, settings: Settings) -> None:
    """The poll job: one poll of the due feeds; its failures are logged, never raised."""
    try:
        report = await feeds.poll_due(db, nlp, settings)
    except Exception:  # the job must survive to its next run
        log.exception("feed poll failed")
        return
    if report.feeds:
        log.info(
            "polled %d feeds: %d new articles, %d entries failed",
            len(report.feeds),
            report.new,
            report.failed,
        )


def build_scheduler(
    *, db: aiosqlite.Connection, nlp: NlpModels, settings: Settings
) -> AsyncIOScheduler:
    """The scheduler with its jobs, not started: feeds are polled every interval, and at start."""
    scheduler = AsyncIOScheduler(timezone=UTC)
    scheduler.add_job(
        poll_feeds,
        "interval",
        minutes=settings.poll_interval_minutes,
        id=POLL_JOB_ID,
        kwargs={"db": db, "nlp": nlp, "settings": settings},
        coalesce=True,  # runs missed while the loop was busy become one
        max_instances=1,  # a slow poll is never overlapped by the next
        misfire_grace_time=None,  # a late run still runs (APScheduler's default skips it)
        next_run_time=datetime.now(tz=UTC),
    )
    return scheduler


async def on_startup(scheduler: AsyncIOScheduler) -> None:
    """Dispatcher startup hook."""
    scheduler.start()


async def on_shutdown(scheduler: AsyncIOScheduler) -> None:
    """Dispatcher shutdown hook."""
    scheduler.shutdown(wait=False)
