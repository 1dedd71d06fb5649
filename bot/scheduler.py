"""Scheduler adapter: APScheduler jobs that call services with explicit arguments (STYLE C10).

Nothing is scheduled at import time: ``app.run`` builds the scheduler, a Dispatcher startup
hook starts it and a shutdown hook stops it.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

from apscheduler.schedulers.asyncio import AsyncIOScheduler  # type: ignore[import-untyped]

from bot.services import admin, digests, feeds, follows, instant
from bot.services.context import Services

log = logging.getLogger(__name__)

POLL_JOB_ID = "poll-feeds"
DIGEST_JOB_ID = "enqueue-digests"
RETENTION_JOB_ID = "retention"


async def poll_feeds(services: Services) -> None:
    """The poll job: one poll of the due feeds; their new articles go to the chats that take
    them at once as the run saves its polls, and each to the chats that follow a name or word
    of it as soon as it is stored; failures are logged, never raised."""

    async def at_once(stored: tuple[tuple[int, int], ...]) -> None:
        # Saved during the run: the chats that take these feeds at once get them now, one
        # post per feed's batch.
        if await instant.enqueue(services.db, stored):
            services.wake_outbox()

    async def alert(article_id: int) -> None:
        # Each new article as soon as it is stored: the chats that follow a name or word of
        # it get an alert within seconds, not when its feed's whole poll is done (issue 15).
        if await follows.alert_new(services.db, services.nlp, [article_id]):
            services.wake_outbox()

    try:
        # Shared articles never looked at for follows (a stop mid-poll, a failed alert, the
        # CLI's ingest) first.
        if await follows.alert_pending(services.db, services.nlp):
            services.wake_outbox()
    except Exception:  # the poll runs all the same
        log.exception("pending follow alerts failed")
    try:
        report = await feeds.poll_due(
            services.db, services.nlp, services.settings, on_stored=at_once, on_new=alert
        )
    except Exception:  # the job must survive to its next run
        log.exception("feed poll failed")
        return
    if report.notices:  # failing-feed notices were queued
        services.wake_outbox()
    if report.feeds:
        log.info(
            "polled %d feeds: %d new articles, %d entries failed",
            len(report.feeds),
            report.new,
            report.failed,
        )


async def enqueue_digests(services: Services) -> None:
    """The digest tick: queue the digests that are due, then wake the outbox worker."""
    try:
        handled = await digests.enqueue_due(
            services.db, services.settings, morph=services.nlp.morph_vocab
        )
    except Exception:
        log.exception("digest tick failed")
        return
    if handled:
        log.info("digests: %d subscribers handled", handled)
        services.wake_outbox()


async def retention(services: Services) -> None:
    """Delete articles older than RETENTION_DAYS, and finished outbox rows as old."""
    try:
        gone, purged = await admin.retention(services.db, services.settings)
    except Exception:
        log.exception("retention failed")
        return
    if gone or purged:
        log.info("retention: %d articles and %d sent messages deleted", gone, purged)


def build_scheduler(services: Services) -> AsyncIOScheduler:
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
        kwargs={"services": services},
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
        kwargs={"services": services},
        coalesce=True,
        max_instances=1,
        misfire_grace_time=None,
        next_run_time=datetime.now(tz=UTC) + timedelta(minutes=5),
    )
    scheduler.add_job(
        poll_feeds,
        "interval",
        minutes=services.settings.poll_interval_minutes,
        id=POLL_JOB_ID,
        kwargs={"services": services},
        coalesce=True,  # runs missed while the loop was busy become one
        max_instances=1,  # a slow poll is never overlapped by the next
        misfire_grace_time=None,  # a late run still runs (APScheduler's default skips it)
        next_run_time=datetime.now(tz=UTC),
    )
    return scheduler
