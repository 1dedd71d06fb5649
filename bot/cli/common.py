"""What every command shares: exit codes, the settings, errors told in one line."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from bot.errors import NewsbriefError

if TYPE_CHECKING:
    from bot.config import Settings

log = logging.getLogger("bot")

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2


class SettingsError(Exception):
    """A setting is missing or malformed (exit code 2)."""


def load_settings() -> Settings:
    """Settings from the environment and .env; a bad setting stops with one line, exit 2."""
    from pydantic import ValidationError

    from bot.config import Settings

    try:
        return Settings()
    except ValidationError as exc:
        first = exc.errors()[0]
        message = str(first["msg"]).removeprefix("Value error, ")
        if not first["loc"]:  # a rule across settings names them itself
            raise SettingsError(message) from None
        name = str(first["loc"][0]).upper()
        raise SettingsError(f"setting {name} is invalid: {message}") from None


def storage_failure(exc: Exception) -> NewsbriefError | None:
    """A database failure outside a transaction (a read, opening the file) as one line."""
    from bot.services import operator

    return operator.storage_failure(exc)


def internal_error(exc: Exception) -> str:
    """What went wrong, for an error line: the database's one line, else the error's type."""
    storage = storage_failure(exc)
    return str(storage) if storage is not None else f"internal error: {type(exc).__name__}"
