"""The operator's tasks on the database file: open it migrated, check it, copy it.

For the command line (``ingest``, ``feeds``, ``resummarize``, ``digest --preview``,
``health``, ``backup``); the bot itself opens its database in ``app.py``.
"""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, closing
from dataclasses import dataclass
from pathlib import Path

import aiosqlite

from bot.errors import NewsbriefError
from bot.storage import subscribers
from bot.storage.db import check_file, connect, latest_version, migrate, storage_error


@asynccontextmanager
async def database(path: Path) -> AsyncIterator[aiosqlite.Connection]:
    """The database at ``path``, created if missing and migrated to this program's schema."""
    async with connect(path) as conn:
        await migrate(conn)
        yield conn


@dataclass(frozen=True, slots=True)
class DatabaseCheck:
    """An existing database file: sound or not, and its schema version against ours."""

    sound: bool
    schema_version: int
    expected_version: int  # the version this program migrates databases to


async def check_database(path: Path) -> DatabaseCheck:
    """Check an existing file read-only (never created): structure and schema version.

    ``PRAGMA quick_check`` reads the whole file. Raises ``FileNotFoundError`` if there is no
    such file and ``sqlite3.Error`` if it is not a readable SQLite database.
    """
    check = await check_file(path)
    return DatabaseCheck(
        sound=check.sound, schema_version=check.schema_version, expected_version=latest_version()
    )


def backup(source: Path, target: Path) -> None:
    """Copy the database consistently, even while the bot writes (SQLite's backup API)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with (
        closing(sqlite3.connect(f"file:{source}?mode=ro", uri=True)) as original,
        closing(sqlite3.connect(target)) as copy,
    ):
        original.backup(copy)


async def is_subscriber(db: aiosqlite.Connection, *, chat_id: int) -> bool:
    """Whether the chat has a subscriber row (active or not)."""
    return await subscribers.get(db, chat_id=chat_id) is not None


def storage_failure(exc: BaseException) -> NewsbriefError | None:
    """A failure of the disk or the database file as a one-line error, else None."""
    return storage_error(exc)
