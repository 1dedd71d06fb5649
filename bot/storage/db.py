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
from typing import NoReturn

import aiosqlite

from bot.errors import StorageError

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

# SQLite's primary result codes that describe the disk or the database file rather than the
# statement, each with the line a user or an operator is shown (SQLite's own wording, so it
# can be looked up). Other errors (a constraint, a syntax error: a bug, or the caller's to
# handle) pass through unchanged.
_STORAGE_FAILURES: dict[int, str] = {
    sqlite3.SQLITE_FULL: "database or disk is full",
    sqlite3.SQLITE_IOERR: "disk I/O error",
    sqlite3.SQLITE_BUSY: "database is locked",
    sqlite3.SQLITE_LOCKED: "database is locked",
    sqlite3.SQLITE_CORRUPT: "database disk image is malformed",
    sqlite3.SQLITE_NOTADB: "file is not a database",
    sqlite3.SQLITE_READONLY: "attempt to write a readonly database",
    sqlite3.SQLITE_CANTOPEN: "unable to open database file",
    sqlite3.SQLITE_NOMEM: "out of memory",
}
_PRIMARY_CODE_MASK = 0xFF  # the low byte of an extended code (SQLITE_IOERR_WRITE) is the primary

TRANSACTION_LOST = "database error: the transaction was rolled back, nothing was stored"
ROLLBACK_FAILED = "database error: a failed transaction could not be rolled back"


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


def storage_error(exc: BaseException) -> StorageError | None:
    """The one-line StorageError for a SQLite failure of the disk or the file, else None."""
    code = getattr(exc, "sqlite_errorcode", None) if isinstance(exc, sqlite3.Error) else None
    if not isinstance(code, int):
        return None
    message = _STORAGE_FAILURES.get(code & _PRIMARY_CODE_MASK)
    return None if message is None else StorageError(message)


def _reraise(exc: BaseException) -> NoReturn:
    """Raise ``exc``, as a StorageError if it is a failure of the disk or the file."""
    mapped = storage_error(exc)
    if mapped is None:
        raise exc
    raise mapped from exc


# One connection is shared by every handler, so a transaction is the connection's, not the
# task's: another task's statements issued meanwhile would join it (and be rolled back with
# it). Writers therefore take the connection's lock for their outermost transaction; the
# context variable lets the same task nest transactions without waiting on itself.
_write_locks: weakref.WeakKeyDictionary[aiosqlite.Connection, asyncio.Lock] = (
    weakref.WeakKeyDictionary()
)


@dataclass(slots=True)
class _Outermost:
    """The outermost transaction a task holds on a connection."""

    # Set when SQLite itself rolled the whole transaction back under a nested block (it may
    # after FULL, IOERR, BUSY or NOMEM) and the block went on: the outermost must not commit.
    lost: StorageError | None = None


_held: ContextVar[dict[int, _Outermost] | None] = ContextVar(
    "newsbrief_transactions", default=None
)


@asynccontextmanager
async def transaction(conn: aiosqlite.Connection) -> AsyncIterator[None]:
    """Run the block atomically, rolled back on any error; blocks nest (savepoints).

    Every write goes through here. Keep the block short and free of network I/O: other
    writers on the connection wait for it; readers do not wait, and see its uncommitted rows.

    A failed statement or commit leaves the connection outside any transaction (checked)
    and raises StorageError when the disk or the file is at fault ("database or disk is
    full"): when this returns, the block is committed; when it raises, nothing of it is.
    """
    held = _held.get() or {}
    outermost = held.get(id(conn))
    if outermost is not None:
        async with _savepoint(conn, outermost):
            yield
        return
    lock = _write_locks.setdefault(conn, asyncio.Lock())
    async with lock:
        outermost = _Outermost()
        token = _held.set(held | {id(conn): outermost})
        try:
            async with _outermost(conn, outermost):
                yield
        finally:
            _held.reset(token)


async def _begin(conn: aiosqlite.Connection) -> None:
    """Open a savepoint (a transaction when outermost); a failure of the disk is a StorageError."""
    try:
        await conn.execute("SAVEPOINT newsbrief")
    except BaseException as exc:
        _reraise(exc)


@asynccontextmanager
async def _outermost(conn: aiosqlite.Connection, state: _Outermost) -> AsyncIterator[None]:
    if conn.in_transaction:
        # Every write takes the lock we hold, so only a rollback that failed leaves one
        # open; its writes were reported failed. Ours must not join it and be lost with it.
        log.warning("a transaction was left open on the connection: rolling it back")
        await _roll_back(conn)
    await _begin(conn)
    try:
        yield
        if state.lost is not None:
            raise StorageError(state.lost.message)
        # The commit: it writes the WAL (and flushes FTS5's pending terms), so this is where
        # a full disk shows, and SQLite then keeps the transaction open.
        await conn.execute("RELEASE newsbrief")
    except BaseException as exc:
        await _roll_back(conn)
        _reraise(exc)


@asynccontextmanager
async def _savepoint(conn: aiosqlite.Connection, outermost: _Outermost) -> AsyncIterator[None]:
    await _begin(conn)
    try:
        yield
        await conn.execute("RELEASE newsbrief")
    except BaseException as exc:
        await _undo_savepoint(conn, outermost, exc)
        _reraise(exc)


async def _undo_savepoint(
    conn: aiosqlite.Connection, outermost: _Outermost, exc: BaseException
) -> None:
    """Roll a nested block back; if SQLite dropped the whole transaction, keep it failed."""
    if conn.in_transaction:
        try:
            await conn.execute("ROLLBACK TO newsbrief")
            await conn.execute("RELEASE newsbrief")
        except sqlite3.Error:
            log.warning("a nested transaction could not be rolled back", exc_info=True)
        else:
            return
    # The outer block's writes are gone with it. If the outer block goes on (it caught the
    # error), its writes must neither commit one by one nor commit at its end.
    outermost.lost = storage_error(exc) or StorageError(TRANSACTION_LOST)
    if not conn.in_transaction:
        try:
            await conn.execute("SAVEPOINT newsbrief")
        except sqlite3.Error:
            log.warning("the outer transaction could not be reopened", exc_info=True)


async def _roll_back(conn: aiosqlite.Connection) -> None:
    """End the connection's transaction, whatever a failed statement or commit left.

    Raises StorageError if the connection is still inside a transaction afterwards: a later
    write would join it and, reported stored, vanish with it.
    """
    try:
        await conn.execute("ROLLBACK")
    except sqlite3.Error as exc:
        # Mostly "no transaction is active": SQLite rolled back on its own (it may after
        # FULL, IOERR, BUSY or NOMEM), or a commit whose task was cancelled went through.
        log.debug("rollback: %s", exc)
    if conn.in_transaction:
        log.error("a failed transaction could not be rolled back")
        raise StorageError(ROLLBACK_FAILED)


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
    except BaseException as exc:
        await _roll_back(conn)
        _reraise(exc)


def latest_version(directory: Path = MIGRATIONS_DIR) -> int:
    """The schema version this program migrates databases to."""
    migrations = discover(directory)
    return migrations[-1].version if migrations else 0


# PRAGMA quick_check stops after this many problems: one is enough to call a file damaged.
# The full list is for `sqlite3 FILE "PRAGMA integrity_check"` by hand, not a health check.
QUICK_CHECK_LIMIT = 1


@dataclass(frozen=True, slots=True)
class FileCheck:
    """An existing database file: its schema version and whether ``quick_check`` passed."""

    schema_version: int
    sound: bool


async def check_file(path: Path) -> FileCheck:
    """Open an existing database file read-only (never created) and check its structure.

    ``PRAGMA quick_check`` reads every page (time grows with the file): b-trees, free list,
    record formats, NOT NULL columns; not whether indexes match their tables. Raises
    ``FileNotFoundError`` if there is no such file and ``sqlite3.DatabaseError`` if it is
    not a readable SQLite database.
    """
    uri = await asyncio.to_thread(_read_only_uri, path)
    async with aiosqlite.connect(uri, uri=True) as conn:
        version = await schema_version(conn)
        async with conn.execute(f"PRAGMA quick_check({QUICK_CHECK_LIMIT})") as cur:
            rows = [row[0] for row in await cur.fetchall()]
    return FileCheck(schema_version=version, sound=rows == ["ok"])


def _read_only_uri(path: Path) -> str:
    if not path.is_file():
        raise FileNotFoundError(path)
    return path.resolve().as_uri() + "?mode=ro"
