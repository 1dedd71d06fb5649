"""run: the Telegram bot, its token kept out of every log line and error line."""

from __future__ import annotations

import argparse
import logging
import re

from bot.cli.common import EXIT_OK, SettingsError, load_settings, log
from bot.errors import NewsbriefError

_TOKEN_SHAPE = re.compile(r"^\d+:[\w-]{20,}$")
RUN_ERROR_CHARS = 300  # the one line `run` prints when it fails


class RedactSecret(logging.Filter):
    """Replaces a secret (the bot token) in every log record, tracebacks included.

    aiogram puts the token in request URLs, and a network error's text may quote the URL:
    the filter sits on the handlers, so no record reaches a log with it.
    """

    def __init__(self, secret: str, label: str = "<BOT_TOKEN>") -> None:
        super().__init__()
        self.secret = secret
        self.label = label

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if self.secret in message:
            record.msg, record.args = message.replace(self.secret, self.label), ()
        if record.exc_info:
            text = logging.Formatter().formatException(record.exc_info)
            record.exc_info, record.exc_text = None, text.replace(self.secret, self.label)
        elif record.exc_text:
            record.exc_text = record.exc_text.replace(self.secret, self.label)
        return True


def redact_in_logs(secret: str) -> None:
    """Install ``RedactSecret`` on every handler of the root logger."""
    for handler in logging.getLogger().handlers:
        handler.addFilter(RedactSecret(secret))


def cmd_run(args: argparse.Namespace) -> int:
    import asyncio

    from bot import app

    settings = load_settings()
    token = settings.bot_token.get_secret_value() if settings.bot_token else ""
    if not token:
        raise SettingsError(
            "BOT_TOKEN is not set: create a bot with @BotFather in Telegram and put "
            "BOT_TOKEN=<token> in .env or the environment"
        )
    if not _TOKEN_SHAPE.match(token):
        raise SettingsError(
            "BOT_TOKEN is malformed: expected <digits>:<letters>, as @BotFather gives it"
        )
    logging.getLogger().setLevel(settings.log_level)
    redact_in_logs(token)
    try:
        asyncio.run(app.run(settings))
    except Exception as exc:
        # aiogram quotes the request URL, ".../bot<token>/getMe", in a network error's text:
        # the error is told in one line without the token (the traceback, at debug level,
        # passes the log filter).
        log.debug("the bot stopped", exc_info=True)
        raise NewsbriefError(_run_failure(exc, settings.telegram_api_url, token)) from None
    return EXIT_OK


def _run_failure(exc: Exception, api_url: str, token: str) -> str:
    """Why `run` failed, on one line, with the token (and its secret half) replaced."""
    from aiogram.exceptions import TelegramNetworkError, TelegramUnauthorizedError

    from bot.text import one_line

    if isinstance(exc, TelegramUnauthorizedError):
        line = "the Telegram Bot API refused BOT_TOKEN (401 Unauthorized): check the token"
    elif isinstance(exc, TelegramNetworkError):
        line = f"cannot reach the Telegram Bot API at {api_url}: {exc.message}"
    else:
        line = f"the bot stopped: {type(exc).__name__}: {exc}"
    secret = token.partition(":")[2]
    for part in (token, secret):
        if part:
            line = line.replace(part, "<BOT_TOKEN>")
    return one_line(line, RUN_ERROR_CHARS)
