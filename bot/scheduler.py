"""Scheduler adapter: APScheduler jobs that call services with explicit arguments (STYLE C10).

Nothing is scheduled at import time: ``app.run`` builds the scheduler, a Dispatcher startup
hook starts it and a shutdown hook stops it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import aiosqlite
from apscheduler.schedulers.asyncio import AsyncIOScheduler  # type: ignore[import-untyped]

from bot.analysis.models import NlpModels
from bot.config import Settings
from bot.services import digests, feeds
from bot.storage import articles, outbox

log = logging.getLogger(__name__)

POLL_JOB_ID = "poll-feeds"
DIGEST_JOB_ID = "enqueue-digests"
RETENTION_JOB_ID = "retention"


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


async def enqueue_digests(
    db: aiosqlite.Connection,
    nlp: NlpModels,
    settings: Settings,
    wake: Callable[[], None] | None = None,
) -> None:
    """The digest tick: queue the digests that are due, then wake the outbox worker."""
    try:
        handled = await digests.enqueue_due(db, settings, morph=nlp.morph_vocab)
    except Exception:
        log.exception("digest tick failed")
        return
    if handled:
        log.info("digests: %d subscribers handled", handled)
        if wake is not None:
            wake()


async def retention(db: aiosqlite.Connection, settings: Settings) -> None:
    """Delete articles older than RETENTION_DAYS, and finished outbox rows as old."""
    before = datetime.now(tz=UTC) - timedelta(days=settings.retention_days)
    try:
        gone = await articles.delete_older(db, before=before)
        purged = await outbox.purge(db, before=before)
    except Exception:
        log.exception("retention failed")
        return
    if gone or purged:
        log.info("retention: %d articles and %d sent messages deleted", gone, purged)


def build_scheduler(
    *,
    db: aiosqlite.Connection,
    nlp: NlpModels,
    settings: Settings,
    wake: Callable[[], None] | None = None,
) -> AsyncIOScheduler:
    """The scheduler with its jobs, not started: feeds are polled every interval and at
    start, digests are looked for every minute, retention runs every six hours."""
    scheduler = AsyncIOScheduler(timezone=UTC)
    # Every job: runs missed while the loop was busy become one (coalesce), a slow run is
    # never overlapped by the next (max_instances), and a late run still runs.
    scheduler.add_job(
        enqueue_digests,
        "interval",
        minutes=1,
        id=DIGEST_JOB_ID,
        kwargs={"db": db, "nlp": nlp, "settings": settings, "wake": wake},
        coalesce=True,
        max_instances=1,
        misfire_grace_time=None,
        next_run_time=datetime.now(tz=UTC),
    )
    scheduler.add_job(
        retention,
        "interval",
        hours=6,
        id=RETENTION_JOB_ID,
        kwargs={"db": db, "settings": settings},
        coalesce=True,
        max_instances=1,
        misfire_grace_time=None,
        next_run_time=datetime.now(tz=UTC) + timedelta(minutes=5),
    )
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
