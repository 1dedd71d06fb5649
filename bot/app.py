"""Composition root: settings, database, NLP models, Bot, Dispatcher, scheduler; start, stop."""

from __future__ import annotations

import asyncio
import gc
import hashlib
import hmac
import logging
import signal
from collections.abc import Callable
from dataclasses import replace
from urllib.parse import urlsplit

import aiosqlite
from aiogram import Bot, Dispatcher
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.enums import ParseMode
from aiogram.types import BotCommand
from aiogram.utils.callback_answer import CallbackAnswerMiddleware
from aiogram.webhook.aiohttp_server import SimpleRequestHandler, setup_application
from aiohttp import web
from apscheduler.schedulers.asyncio import AsyncIOScheduler  # type: ignore[import-untyped]

from bot import locales
from bot import scheduler as jobs
from bot.analysis.models import NlpModels, load
from bot.config import Settings
from bot.delivery import replies
from bot.delivery.limiter import Limiter
from bot.delivery.worker import OutboxWorker
from bot.services import cpu, feed_list, follows, said, sources, subscriptions
from bot.services.context import Services
from bot.storage.db import connect, migrate
from bot.telegram import get_routers, i18n

log = logging.getLogger(__name__)


def build_bot(settings: Settings) -> Bot:
    """The Bot, talking to ``TELEGRAM_API_URL``; the only place that reads the token."""
    assert settings.bot_token is not None  # noqa: S101 (checked by the CLI before)
    session = AiohttpSession(api=TelegramAPIServer.from_base(settings.telegram_api_url))
    return Bot(
        settings.bot_token.get_secret_value(),
        session=session,
        default=DefaultBotProperties(parse_mode=ParseMode.HTML),
    )


# The command menu (setMyCommands), in menu order; descriptions are "command-<name>".
MENU = (
    "start",
    "help",
    "latest",
    "search",
    "said",
    "follow",
    "following",
    "quiet",
    "add",
    "feeds",
    "settings",
    "digest",
    "stop",
    "lang",
)


async def set_commands(bot: Bot) -> None:
    """The command menu in each interface language; every other language sees English."""
    for code in locales.LOCALES:
        t = locales.translator(code)
        menu = [BotCommand(command=name, description=t.get(f"command-{name}")) for name in MENU]
        # The default list (no language_code) is what every other language sees.
        await bot.set_my_commands(menu, language_code=None if code == "en" else code)


def build_dispatcher(
    settings: Settings,
    nlp: NlpModels,
    db: aiosqlite.Connection,
    reader: aiosqlite.Connection | None = None,
    *,
    wake_outbox: Callable[[], None] | None = None,
) -> Dispatcher:
    """The Dispatcher with every router, the i18n middleware and ``services`` for handlers
    (``reader`` defaults to db; ``wake_outbox`` to nothing, when no worker runs)."""
    services = Services(settings=settings, db=db, reader=reader or db, nlp=nlp)
    if wake_outbox is not None:
        services = replace(services, wake_outbox=wake_outbox)
    dp = Dispatcher(services=services)
    i18n.install(dp)
    # Every button press is answered once its handler returns (a notice, when it sets one).
    dp.callback_query.middleware(CallbackAnswerMiddleware())
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
        return await subscriptions.deactivated(db, chat_id=chat_id, reason=reason)

    async def end_topic(chat_id: int, thread_id: int, reason: str) -> object:
        # A source's forum topic closed or deleted: its posts go into the chat's digest.
        return await sources.topic_gone(db, chat_id=chat_id, thread_id=thread_id, reason=reason)

    # One request in flight: a crash sends at most one message twice. Paid broadcasts (up
    # to 1,000/s) need more in flight to reach their rate, and accept that many doubles.
    return OutboxWorker(
        db,
        bot,
        limiter,
        deactivate=deactivate,
        end_topic=end_topic,
        paid_broadcast=settings.allow_paid_broadcast,
        in_flight=PAID_IN_FLIGHT if settings.allow_paid_broadcast else 1,
    )


def run_in_background(dp: Dispatcher, worker: OutboxWorker, scheduler: AsyncIOScheduler) -> None:
    """Start the outbox worker and the scheduler with the Dispatcher, stop them with it.

    At stop, messages in flight finish (briefly) and the rest stay queued for the next start.
    """
    tasks: list[asyncio.Task[None]] = []

    async def start() -> None:
        tasks.append(asyncio.create_task(worker.run(), name="outbox-worker"))
        scheduler.start()

    async def stop() -> None:
        scheduler.shutdown(wait=False)
        await worker.stop()
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    dp.startup.register(start)
    dp.shutdown.register(stop)


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
        # Quotes without a key (copied by migration 0009, cleared by 0010) and follows keyed
        # by older rules get their key by the current ones.
        await said.normalise_quotes(db, nlp)
        await follows.rekey(db, nlp)
        seeded = await feed_list.seed(db, settings)
        if seeded:
            log.info("added %d feeds from FEEDS", seeded)
        scheduled = await subscriptions.schedule_unscheduled(db)
        if scheduled:
            log.info("scheduled the next digest of %d subscribers", scheduled)
        bot = build_bot(settings)
        worker = build_worker(settings, db, bot)
        dp = build_dispatcher(settings, nlp, db, reader, wake_outbox=worker.wake)
        services: Services = dp["services"]
        run_in_background(dp, worker, jobs.build_scheduler(services))
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
