"""One message to Telegram, and what its answer means for the outbox.

Telegram's errors fall into a few outcomes, each with one thing to do:

======================  =====================================================
answer                  outcome
======================  =====================================================
200                     ``Sent`` with the message id
429 ``retry_after``     ``Throttled``: wait, then the same message again
400 migrate_to_chat_id  ``Migrated``: the group has a new id; send there
403, 400 chat not found ``Gone``: the chat blocked the bot or no longer exists
400 TOPIC_CLOSED,       ``Gone``: the destination (its forum topic, the bot's
CHAT_WRITE_FORBIDDEN    right to write there) is gone
other 400, 401, 404     ``Refused``: this message can never be sent as it is
5xx, bad gateway pages,
timeouts, resets, 401   ``Transient``: try again later, with backoff
======================  =====================================================
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from aiogram import Bot
from aiogram.exceptions import (
    ClientDecodeError,
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramMigrateToChat,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
    TelegramUnauthorizedError,
)

REQUEST_TIMEOUT = 20  # seconds; a hung request counts as a network error


@dataclass(frozen=True, slots=True)
class Sent:
    message_id: int


@dataclass(frozen=True, slots=True)
class Throttled:
    retry_after: int


@dataclass(frozen=True, slots=True)
class Migrated:
    new_chat_id: int


@dataclass(frozen=True, slots=True)
class Gone:
    reason: str  # "blocked", "chat not found", "deactivated", ...


@dataclass(frozen=True, slots=True)
class Refused:
    reason: str


@dataclass(frozen=True, slots=True)
class Transient:
    reason: str


Outcome = Sent | Throttled | Migrated | Gone | Refused | Transient

# 403 descriptions, shortened to the reason kept with the dropped rows.
_GONE = (
    ("blocked", "blocked"),
    ("deactivated", "user deactivated"),
    ("kicked", "kicked"),
    ("not a member", "kicked"),
    ("chat not found", "chat not found"),
    ("user not found", "chat not found"),
    ("have no rights to send", "no rights"),
    ("not enough rights", "no rights"),
    ("chat_write_forbidden", "no rights"),
    # A forum topic the chat's messages go to was closed or deleted: that destination stops.
    ("topic_closed", "topic closed"),
    ("message thread not found", "topic deleted"),
)


# Reasons that end a forum topic, not the chat: a post into another topic may still go.
TOPIC_GONE = frozenset({"topic closed", "topic deleted"})


def _gone_reason(description: str) -> str | None:
    lowered = description.lower()
    return next((reason for key, reason in _GONE if key in lowered), None)


def message_options(payload: dict[str, Any], *, paid_broadcast: bool) -> dict[str, Any]:
    """sendMessage keyword arguments for an outbox payload (text plus stored options)."""
    options: dict[str, Any] = {
        "text": payload["text"],
        "parse_mode": payload.get("parse_mode", "HTML"),
        "disable_web_page_preview": payload.get("disable_web_page_preview", True),
    }
    if payload.get("reply_markup") is not None:
        options["reply_markup"] = payload["reply_markup"]
    if payload.get("thread_id") is not None:  # a source set up in a forum topic posts there
        options["message_thread_id"] = int(payload["thread_id"])
    if paid_broadcast:
        options["allow_paid_broadcast"] = True
    return options


async def send(  # noqa: PLR0911 (one return per outcome of the table above)
    bot: Bot,
    chat_id: int,
    payload: dict[str, Any],
    *,
    paid_broadcast: bool = False,
    request_timeout: int = REQUEST_TIMEOUT,
) -> Outcome:
    """Send one outbox payload; never raises for anything Telegram or the network says."""
    try:
        message = await bot.send_message(
            chat_id,
            **message_options(payload, paid_broadcast=paid_broadcast),
            request_timeout=request_timeout,
        )
    except TelegramRetryAfter as exc:
        return Throttled(max(1, int(exc.retry_after)))
    except TelegramMigrateToChat as exc:
        return Migrated(int(exc.migrate_to_chat_id))
    except TelegramForbiddenError as exc:
        return Gone(_gone_reason(exc.message) or "forbidden")
    except TelegramBadRequest as exc:
        reason = _gone_reason(exc.message)
        return Gone(reason) if reason else Refused(_short(exc.message))
    except TelegramUnauthorizedError:  # the token was revoked: nothing can go out; keep it
        return Transient("unauthorized")
    except TelegramServerError as exc:
        return Transient(_short(f"server error: {exc.message}"))
    except TelegramNetworkError as exc:  # timeouts, resets, refused connections
        return Transient(_short(f"network: {exc.message}"))
    except ClientDecodeError:  # a proxy's HTML error page (502, 504) instead of JSON
        return Transient("bad gateway")
    except Exception as exc:  # any other API error: keep the row, say why
        return Refused(_short(f"{type(exc).__name__}: {exc}"))
    return Sent(message.message_id)


def _short(text: str, limit: int = 200) -> str:
    """One line, at most ``limit`` characters: what is kept in ``last_error``."""
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1] + "…"
