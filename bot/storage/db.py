"""The database connection (pragmas) and numbered SQL migrations applied in order."""

from __future__ import annotations

import asyncio
import logging
import re
import sqlite3
import weakref
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path

import aiosqlite

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
_MIGRATION_NAME = re.compile(r"^(\d{4})_([a-z0-9_]+)\.sql$")

# How long a statement waits for another process's write lock (a CLI `ingest` or `backup`
# next to the running bot) before failing with "database is locked". Five seconds covers a
# feed batch commit with room to spare and is still short enough to surface a stuck writer.
BUSY_TIMEOUT_MS = 5_000

# WAL lets readers (/latest, /search) run while the poller writes. synchronous=NORMAL is
# the setting SQLite recommends with WAL: a power cut may lose the last commits, never
# corrupt the file.
PRAGMAS = (
    "PRAGMA journal_mode = WAL",
    "PRAGMA synchronous = NORMAL",
    "PRAGMA foreign_keys = ON",
    f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}",
)


class MigrationError(RuntimeError):
    """The database cannot be brought to this version's schema."""


@dataclass(frozen=True, slots=True)
class Migration:
    """One numbered SQL file under ``migrations/``."""

    version: int
    name: str
    path: Path


@asynccontextmanager
async def connect(
    path: Path | str, *, read_only: bool = False
) -> AsyncIterator[aiosqlite.Connection]:
    """Open a long-lived connection: parent folder created, pragmas set, rows by name.

    ``read_only``: a second connection for the bot's reads (/latest, /search, the chat's
    language). Each aiosqlite connection has its own thread, and with WAL a reader never
    waits for the writer, so an answer never queues behind a feed being stored (an FTS5
    segment merge on insert can take a third of a second at 100,000 articles).
    """
    if str(path) != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    # isolation_level=None: each statement commits on its own unless it runs inside
    # `transaction()`, so services (not Python's implicit BEGIN) decide the boundaries.
    conn = await aiosqlite.connect(path, isolation_level=None)
    try:
        conn.row_factory = sqlite3.Row
        for pragma in PRAGMAS:
            await conn.execute(pragma)
        if read_only:
            await conn.execute("PRAGMA query_only = ON")
        yield conn
    finally:
        await conn.close()


# One connection is shared by every handler, so a transaction is the connection's, not the
# task's: another task's statements issued meanwhile would join it (and be rolled back with
# it). Writers therefore take the connection's lock for their outermost transaction; the
# context variable lets the same task nest transactions without waiting on itself.
_write_locks: weakref.WeakKeyDictionary[aiosqlite.Connection, asyncio.Lock] = (
    weakref.WeakKeyDictionary()
)
_held: ContextVar[frozenset[int]] = ContextVar("newsbrief_transactions", default=frozenset())


@asynccontextmanager
async def transaction(conn: aiosqlite.Connection) -> AsyncIterator[None]:
    """Run the block atomically, rolled back on any error; blocks nest (savepoints).

    Every write goes through here. Keep the block short and free of network I/O: other
    writers on the connection wait for it; readers do not wait, and see its uncommitted rows.
    """
    held = _held.get()
    if id(conn) in held:
        async with _savepoint(conn):
            yield
        return
    lock = _write_locks.setdefault(conn, asyncio.Lock())
    async with lock:
        token = _held.set(held | {id(conn)})
        try:
            async with _savepoint(conn):
                yield
        finally:
            _held.reset(token)


@asynccontextmanager
async def _savepoint(conn: aiosqlite.Connection) -> AsyncIterator[None]:
    await conn.execute("SAVEPOINT newsbrief")
    try:
        yield
    except BaseException:
        await conn.execute("ROLLBACK TO newsbrief")
        await conn.execute("RELEASE newsbrief")
        raise
    await conn.execute("RELEASE newsbrief")


def discover(directory: Path = MIGRATIONS_DIR) -> list[Migration]:
    """The migrations in ``directory``, in version order; numbering must be 1, 2, 3, ..."""
    found: list[Migration] = []
    for path in directory.glob("*.sql"):
        match = _MIGRATION_NAME.match(path.name)
        if match is None:
            raise MigrationError(f"migration file name is not NNNN_name.sql: {path.name}")
        found.append(Migration(int(match.group(1)), match.group(2), path))
    found.sort(key=lambda m: m.version)
    for expected, migration in enumerate(found, start=1):
        if migration.version != expected:
            raise MigrationError(f"migrations are not numbered 1..n: {migration.path.name}")
    return found


async def schema_version(conn: aiosqlite.Connection) -> int:
    """The version of the newest migration applied; 0 for a new database."""
    async with conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'"
    ) as cur:
        if await cur.fetchone() is None:
            return 0
    async with conn.execute("SELECT COALESCE(MAX(version), 0) FROM schema_version") as cur:
        row = await cur.fetchone()
    return int(row[0]) if row is not None else 0


async def migrate(conn: aiosqlite.Connection, *, directory: Path = MIGRATIONS_DIR) -> int:
    """Apply the migrations newer than the database, each in its own transaction.

    Returns the schema version reached. Running it again is a no-op.
    """
    migrations = discover(directory)
    current = await schema_version(conn)
    latest = migrations[-1].version if migrations else 0
    if current > latest:
        raise MigrationError(
            f"database schema version {current} is newer than this program's ({latest})"
        )
    pending = [m for m in migrations if m.version > current]
    if not pending:
        return current
    # SQLite's recipe for schema changes: foreign keys off outside the transaction (so a
    # migration may rebuild a table), checked with foreign_key_check before each commit.
    async with _write_locks.setdefault(conn, asyncio.Lock()):
        await conn.execute("PRAGMA foreign_keys = OFF")
        try:
            for migration in pending:
                await _apply(conn, migration)
        finally:
            await conn.execute("PRAGMA foreign_keys = ON")
    return pending[-1].version


async def _apply(conn: aiosqlite.Connection, migration: Migration) -> None:
    sql = migration.path.read_text(encoding="utf-8")
    log.info("applying migration %04d_%s", migration.version, migration.name)
    try:
        await conn.executescript("BEGIN IMMEDIATE;\n" + sql)
        async with conn.execute("PRAGMA foreign_key_check") as cur:
            if await cur.fetchone() is not None:
                raise MigrationError(
                    f"migration {migration.path.name} leaves rows breaking foreign keys"
                )
        await conn.execute(
            "INSERT INTO schema_version (version, name, applied_at) "
            "VALUES (?, ?, CAST(strftime('%s', 'now') AS INTEGER))",
            (migration.version, migration.name),
        )
        await conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            await conn.execute("ROLLBACK")
        raise


def latest_version(directory: Path = MIGRATIONS_DIR) -> int:
    """The schema version this program migrates databases to."""
    migrations = discover(directory)
    return migrations[-1].version if migrations else 0


async def file_schema_version(path: Path) -> int:
    """The schema version of an existing database file, opened read-only (never created).

    Raises ``FileNotFoundError`` if there is no such file and ``sqlite3.DatabaseError`` if it
    is not a readable SQLite database.
    """
    uri = await asyncio.to_thread(_read_only_uri, path)
    async with aiosqlite.connect(uri, uri=True) as conn:
        return await schema_version(conn)


def _read_only_uri(path: Path) -> str:
    if not path.is_file():
        raise FileNotFoundError(path)
    return path.resolve().as_uri() + "?mode=ro"
