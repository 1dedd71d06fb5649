"""Settings (pydantic-settings). Importing this module reads nothing from the environment."""

from __future__ import annotations

import ipaddress
import re
from datetime import time
from pathlib import Path
from typing import Annotated, Literal
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

# A host name: dot-separated labels of letters, digits, hyphens and underscores (Docker
# service names such as telegram_bot_api have them, though DNS names may not).
_HOST_NAME = re.compile(r"^[\w-]{1,63}(?:\.[\w-]{1,63})*\.?$", re.ASCII)


def _api_base(value: str) -> str:
    """TELEGRAM_API_URL checked and without its trailing slash.

    aiogram appends "/bot<token>/<method>" to it: a URL aiohttp cannot request (a port out
    of range, an unclosed "[", another scheme) would fail only at the first request, with
    an error that quotes the token. The message names no part of the value.
    """
    base = value.strip().rstrip("/")
    invalid = ValueError("must be an http(s) URL, e.g. https://api.telegram.org")
    try:
        parts = urlsplit(base)
        port = parts.port
    except ValueError:
        raise invalid from None
    host = parts.hostname or ""
    if (
        parts.scheme not in {"http", "https"}
        or port == 0
        or parts.query
        or parts.fragment
        or "@" in parts.netloc
        or any(c.isspace() or not c.isprintable() for c in base)
    ):
        raise invalid
    try:
        ipaddress.ip_address(host)
    except ValueError:
        if not _HOST_NAME.match(host):
            raise invalid from None
    return base


class Settings(BaseSettings):
    """Every setting of DESIGN.md, read from the environment or `.env`."""

    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    bot_token: SecretStr | None = None  # BOT_TOKEN, required by `run` only
    telegram_api_url: str = "https://api.telegram.org"  # TELEGRAM_API_URL
    database_path: Path = Path("data/newsbrief.sqlite3")  # DATABASE_PATH
    feeds: Annotated[list[str], NoDecode] = Field(default_factory=list)  # FEEDS
    poll_interval_minutes: int = Field(default=15, ge=1, le=1440)  # POLL_INTERVAL_MINUTES
    # FEED_MAX_ENTRIES: entries read from a feed per poll, the first in the document (feeds
    # list the newest first); news feeds carry 10-100, what a longer one adds is its archive.
    feed_max_entries: int = Field(default=100, ge=1, le=1000)
    # FEED_MAX_PAGE_FETCHES: article pages fetched per feed per poll (for entries that carry
    # only a teaser); the others are fetched by the next polls. A busy news site publishes
    # about 10 stories in 15 minutes, so a feed keeps up, and a new feed's backlog of 40
    # teasers takes four polls instead of 40 requests at once to one site.
    feed_max_page_fetches: int = Field(default=10, ge=1, le=1000)
    # MAX_FEEDS_PER_CHAT: sources one chat may add (/add, an OPML file); each is polled.
    max_feeds_per_chat: int = Field(default=100, ge=1, le=10_000)
    default_digest_time: time = time(8, 0)  # DEFAULT_DIGEST_TIME
    default_timezone: str = "Europe/Minsk"  # DEFAULT_TIMEZONE
    admin_ids: Annotated[list[int], NoDecode] = Field(default_factory=list)  # ADMIN_IDS
    max_messages_per_second: float = Field(default=25, gt=0, le=1000)  # MAX_MESSAGES_PER_SECOND
    # ALLOW_PAID_BROADCAST: Telegram's paid broadcasts (Stars per message, up to 1,000/s);
    # raise MAX_MESSAGES_PER_SECOND with it, or it changes nothing.
    allow_paid_broadcast: bool = False
    digest_send_empty: bool = False  # DIGEST_SEND_EMPTY: a digest saying "nothing new"
    retention_days: int = Field(default=30, ge=1, le=3650)  # RETENTION_DAYS: articles kept
    # ANALYSIS_PROCESSES: worker processes for the NLP analysis, so that answers never wait
    # for it; 0 runs it in a thread of the bot's process.
    analysis_processes: int = Field(default=1, ge=0, le=16)
    allow_private_urls: bool = False  # ALLOW_PRIVATE_URLS
    webhook_url: str | None = None  # WEBHOOK_URL
    webhook_listen: str = "0.0.0.0:8080"  # WEBHOOK_LISTEN: host:port the webhook server binds
    webhook_secret: SecretStr | None = None  # WEBHOOK_SECRET; derived from the token if unset
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"  # LOG_LEVEL

    @field_validator("feeds", mode="before")
    @classmethod
    def _split_feeds(cls, value: object) -> object:
        if isinstance(value, str):
            return [part.strip() for part in value.split(",") if part.strip()]
        return value

    @field_validator("admin_ids", mode="before")
    @classmethod
    def _split_ids(cls, value: object) -> object:
        if isinstance(value, str):
            return [int(part) for part in value.replace(";", ",").split(",") if part.strip()]
        if isinstance(value, int):
            return [value]
        return value

    @field_validator("default_timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown time zone {value!r}") from None
        return value

    @field_validator("telegram_api_url")
    @classmethod
    def _api_url(cls, value: str) -> str:
        return _api_base(value)

    @field_validator("webhook_url", mode="before")
    @classmethod
    def _https_hook(cls, value: object) -> object:
        if isinstance(value, str) and not value.strip():
            return None
        if isinstance(value, str) and not value.startswith(("https://", "http://")):
            raise ValueError("must be an http(s) URL, e.g. https://bot.example.com/telegram")
        return value

    @field_validator("webhook_listen")
    @classmethod
    def _host_port(cls, value: str) -> str:
        _, _, port = value.rpartition(":")
        if not port.isdecimal() or not 0 < int(port) < 65536:  # noqa: PLR2004
            raise ValueError("must be host:port, e.g. 0.0.0.0:8080")
        return value

    @model_validator(mode="after")
    def _paid_rate(self) -> Settings:
        # Telegram allows about 30 messages a second; more is only for paid broadcasts.
        if self.max_messages_per_second > 30 and not self.allow_paid_broadcast:  # noqa: PLR2004
            raise ValueError(
                "MAX_MESSAGES_PER_SECOND above 30 needs ALLOW_PAID_BROADCAST=true "
                "(Telegram's limit for free sends is about 30 per second)"
            )
        return self

    @field_validator("log_level", mode="before")
    @classmethod
    def _upper(cls, value: object) -> object:
        return value.upper() if isinstance(value, str) else value
