"""Composition root: settings, database, NLP models, Bot, Dispatcher, scheduler; start, stop."""

from __future__ import annotations

import asyncio
import gc
import hashlib
import hmac
import logging
import signal
from datetime import UTC, datetime
from typing import TypedDict
from urllib.parse import urlsplit

import aiosqlite
from aiogram import Bot, Dispatcher
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.enums import ParseMode
from aiogram.types import BotCommand
from aiogram.webhook.aiohttp_server import SimpleRequestHandler, setup_application
from aiohttp import web

from bot import scheduler as jobs
from bot.analysis.models import NlpModels, load
from bot.config import Settings
from bot.delivery import replies
from bot.delivery.limiter import Limiter
from bot.delivery.worker import OutboxWorker
from bot.services import cpu, feeds
from bot.services.reading import QueryCache
from bot.services.subscriptions import RUSSIAN_READERS
from bot.storage import subscribers
from bot.storage.db import connect, migrate
from bot.telegram import get_routers
from bot.telegram.lang import LangMiddleware
from bot.telegram.texts import COMMANDS

log = logging.getLogger(__name__)


class BotContext(TypedDict):
    """Long-lived dependencies handed to handlers through Dispatcher workflow data."""

    settings: Settings
    db: aiosqlite.Connection  # one long-lived connection, opened in run()
    nlp: NlpModels
    queries: QueryCache  # recent /search queries, for their paging buttons
    reader: aiosqlite.Connection  # a second, read-only connection for the answers' reads


def build_bot(settings: Settings) -> Bot:
    """The Bot, talking to ``TELEGRAM_API_URL``; the only place that reads the token."""
    assert settings.bot_token is not None  # noqa: S101 (checked by the CLI before)
    session = AiohttpSession(api=TelegramAPIServer.from_base(settings.telegram_api_url))
    return Bot(
        settings.bot_token.get_secret_value(),
        session=session,
        default=DefaultBotProperties(parse_mode=ParseMode.HTML),
    )


async def set_commands(bot: Bot) -> None:
    """The command menu in Russian for the languages answered in Russian, else English."""
    russian = [BotCommand(command=name, description=text) for name, text in COMMANDS["ru"]]
    for code in sorted(RUSSIAN_READERS):
        await bot.set_my_commands(russian, language_code=code)
    # The default list (no language_code) is what every other language sees.
    english = [BotCommand(command=name, description=text) for name, text in COMMANDS["en"]]
    await bot.set_my_commands(english)


def build_dispatcher(
    settings: Settings,
    nlp: NlpModels,
    db: aiosqlite.Connection,
    reader: aiosqlite.Connection | None = None,
) -> Dispatcher:
    """The Dispatcher with every router and the workflow data (``reader`` defaults to db)."""
    context = BotContext(
        settings=settings, db=db, nlp=nlp, queries=QueryCache(), reader=reader or db
    )
    dp = Dispatcher(**context)
    dp.update.outer_middleware(LangMiddleware())
    dp.include_routers(*get_routers())
    dp.startup.register(set_commands)
    return dp


PAID_IN_FLIGHT = 16


def build_worker(settings: Settings, db: aiosqlite.Connection, bot: Bot) -> OutboxWorker:
    """The outbox worker and the limiter it shares with the replies (installed on ``bot``)."""
    limiter = Limiter(settings.max_messages_per_second)
    replies.install(bot, limiter)

    async def deactivate(chat_id: int, reason: str) -> object:
        # Blocked, deleted or gone: the chat is unsubscribed with the reason Telegram gave.
        return await subscribers.deactivate(
            db, chat_id=chat_id, reason=reason, now=datetime.now(tz=UTC)
        )

    # One request in flight: a crash sends at most one message twice. Paid broadcasts (up
    # to 1,000/s) need more in flight to reach their rate, and accept that many doubles.
    return OutboxWorker(
        db,
        bot,
        limiter,
        deactivate=deactivate,
        paid_broadcast=settings.allow_paid_broadcast,
        in_flight=PAID_IN_FLIGHT if settings.allow_paid_broadcast else 1,
    )


async def start_worker(worker: OutboxWorker, dispatcher: Dispatcher) -> None:
    """Dispatcher startup hook: the worker drains the outbox in the background."""
    dispatcher["worker_task"] = asyncio.create_task(worker.run(), name="outbox-worker")


async def stop_worker(worker: OutboxWorker, dispatcher: Dispatcher) -> None:
    """Dispatcher shutdown hook: messages in flight finish (briefly), the rest stay queued."""
    await worker.stop()
    task: asyncio.Task[None] | None = dispatcher.workflow_data.get("worker_task")
    if task is not None:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)


async def run(settings: Settings) -> None:
    """Run the bot with long polling, or a webhook, until interrupted."""
    nlp = load()
    # The models are millions of long-lived objects: keep them out of the collector's full
    # passes, which otherwise pause every answer for ~170 ms (benchmarks/bench_commands.py).
    gc.collect()
    gc.freeze()
    # Analysis workers are forked now, while this process has one thread (see services/cpu).
    cpu.start(settings.analysis_processes)
    try:
        await _serve(settings, nlp)
    finally:
        cpu.stop()


async def _serve(settings: Settings, nlp: NlpModels) -> None:
    async with (
        connect(settings.database_path) as db,
        connect(settings.database_path, read_only=True) as reader,
    ):
        await migrate(db)
        seeded = await feeds.seed(db, settings)
        if seeded:
            log.info("added %d feeds from FEEDS", seeded)
        scheduled = await subscribers.fill_next_digest(db, now=datetime.now(tz=UTC))
        if scheduled:
            log.info("scheduled the next digest of %d subscribers", scheduled)
        bot = build_bot(settings)
        dp = build_dispatcher(settings, nlp, db, reader)
        worker = build_worker(settings, db, bot)
        dp["worker"] = worker
        # Started and stopped by the Dispatcher's hooks, which get them from workflow data.
        dp["scheduler"] = jobs.build_scheduler(db=db, nlp=nlp, settings=settings, wake=worker.wake)
        dp.startup.register(jobs.on_startup)
        dp.startup.register(start_worker)
        dp.shutdown.register(stop_worker)
        dp.shutdown.register(jobs.on_shutdown)
        log.info("newsbrief starting (Bot API at %s)", settings.telegram_api_url)
        try:
            if settings.webhook_url:
                await serve_webhook(settings, dp, bot)
            else:
                await dp.start_polling(bot, handle_signals=True)
        finally:
            await bot.session.close()
    # The connection is closed here, after polling (and every handler) has stopped.


def webhook_secret(settings: Settings) -> str:
    """WEBHOOK_SECRET, or one derived from the token (stable across restarts, reveals nothing)."""
    if settings.webhook_secret is not None:
        return settings.webhook_secret.get_secret_value()
    assert settings.bot_token is not None  # noqa: S101 (checked by the CLI before)
    seed = b"newsbrief-webhook:" + settings.bot_token.get_secret_value().encode()
    return hashlib.sha256(seed).hexdigest()[:48]


class SecretCheckedHandler(SimpleRequestHandler):
    """aiogram's webhook handler, with the secret compared as bytes.

    aiogram compares the header with ``secrets.compare_digest`` on str, which raises
    TypeError for non-ASCII text: any client could turn a 401 into a 500 and a logged
    traceback. Bytes compare in constant time whatever they hold.
    """

    def verify_secret(self, telegram_secret_token: str, bot: Bot) -> bool:
        if not self.secret_token:
            return True
        # aiohttp decodes headers as UTF-8 with surrogateescape: this gives the bytes back.
        sent = telegram_secret_token.encode("utf-8", "surrogateescape")
        return hmac.compare_digest(sent, self.secret_token.encode("utf-8"))


def webhook_app(dp: Dispatcher, bot: Bot, *, secret: str, path: str) -> web.Application:
    """The aiohttp application that takes Telegram's updates at ``path``."""
    app = web.Application()
    SecretCheckedHandler(dispatcher=dp, bot=bot, secret_token=secret).register(app, path=path)
    setup_application(app, dp, bot=bot)
    return app


async def serve_webhook(settings: Settings, dp: Dispatcher, bot: Bot) -> None:
    """Webhook mode: Telegram POSTs updates to WEBHOOK_URL, which reaches WEBHOOK_LISTEN.

    Updates are checked against the secret token Telegram echoes in a header; the webhook is
    registered at start and left in place at stop (Telegram keeps updates until we return).
    """
    assert settings.webhook_url is not None  # noqa: S101 (the caller checks)
    secret = webhook_secret(settings)
    path = urlsplit(settings.webhook_url).path or "/"
    app = webhook_app(dp, bot, secret=secret, path=path)

    async def register(bot: Bot) -> None:
        await bot.set_webhook(
            settings.webhook_url or "",
            secret_token=secret,
            allowed_updates=dp.resolve_used_update_types(),
        )

    dp.startup.register(register)
    host, _, port = settings.webhook_listen.rpartition(":")
    runner = web.AppRunner(app)
    await runner.setup()
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    try:
        await web.TCPSite(runner, host or "0.0.0.0", int(port)).start()  # noqa: S104
        log.info("webhook listening on %s for %s", settings.webhook_listen, path)
        await stop.wait()
    finally:
        await runner.cleanup()  # runs the Dispatcher's shutdown hooks
