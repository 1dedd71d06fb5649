"""The commands on the database: ingest, resummarize, digest --preview, backup, health."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.cli.common import (
    EXIT_FAILED,
    EXIT_OK,
    SettingsError,
    internal_error,
    load_settings,
    log,
)
from bot.cli.summarize import read_source
from bot.errors import NewsbriefError

if TYPE_CHECKING:
    from bot.config import Settings

LABEL_CHARS = 60  # an article without a title is shown by this many characters of its text


def _label(article: Any) -> str:
    """A stored article's title, or the start of its text, on one line."""
    label = article.title or article.text[:LABEL_CHARS]
    return " ".join(str(label).split())


async def _ingest_all(settings: Settings, sources: list[str]) -> int:
    import asyncio

    from bot.services import ingest, operator, summarizer

    nlp = await asyncio.to_thread(summarizer.load_models)
    failed = False
    async with operator.database(settings.database_path) as conn:
        for source in sources:
            try:
                # In a thread: reading a URL runs its own event loop (fetch_sync).
                prepared = await asyncio.to_thread(
                    read_source, source, None, allow_private=settings.allow_private_urls
                )
                # The operator's choice: shared with every chat, as a feed's articles are
                # (and a link a chat sent, which was private to it, becomes shared).
                result = await ingest.store(conn, prepared, nlp, submitted_by=None)
            except NewsbriefError as exc:
                failed = True
                print(f"error {source}: {exc}", flush=True)
                continue
            except Exception as exc:  # one bad source must not stop the others
                failed = True
                log.debug("ingest of %s failed", source, exc_info=True)
                print(f"error {source}: {internal_error(exc)}", flush=True)
                continue
            status = "new" if result.new else "dup"
            print(f"{status}  {result.article.id}  {_label(result.article)}", flush=True)
    return EXIT_FAILED if failed else EXIT_OK


def cmd_ingest(args: argparse.Namespace) -> int:
    import asyncio

    settings = load_settings()
    return asyncio.run(_ingest_all(settings, args.sources))


async def _resummarize(settings: Settings) -> int:
    import asyncio

    from bot.services import ingest, operator, summarizer

    nlp = await asyncio.to_thread(summarizer.load_models)
    async with operator.database(settings.database_path) as conn:
        return await ingest.resummarize(conn, nlp)


def cmd_resummarize(args: argparse.Namespace) -> int:
    import asyncio

    settings = load_settings()
    updated = asyncio.run(_resummarize(settings))
    print(f"re-summarised {updated} article{'' if updated == 1 else 's'}")
    return EXIT_OK


def cmd_digest(args: argparse.Namespace) -> int:
    """Print the digest a chat would get now (Telegram HTML), changing nothing."""
    import asyncio

    settings = load_settings()
    messages = asyncio.run(_digest_preview(settings, args.preview))
    if messages is None:
        sys.stderr.write(f"newsbrief: chat {args.preview} is not a subscriber\n")
        return EXIT_FAILED
    if not messages:
        print("nothing new since the last digest")
    for number, text in enumerate(messages, start=1):
        if len(messages) > 1:
            print(f"--- message {number} of {len(messages)}")
        print(text)
    return EXIT_OK


async def _digest_preview(settings: Settings, chat_id: int) -> list[str] | None:
    from bot.services import digests, operator, summarizer

    async with operator.database(settings.database_path) as conn:
        if not await operator.is_subscriber(conn, chat_id=chat_id):
            return None
        nlp = summarizer.load_models()
        return await digests.preview(conn, chat_id=chat_id, morph=nlp.morph_vocab)


def cmd_backup(args: argparse.Namespace) -> int:
    """A consistent copy of the database, safe while the bot runs (SQLite's backup API)."""
    from bot.services import operator

    settings = load_settings()
    source_path = Path(settings.database_path)
    target = Path(args.path)
    if not source_path.exists():
        sys.stderr.write(f"newsbrief: database {source_path} does not exist\n")
        return EXIT_FAILED
    if target.exists():
        sys.stderr.write(f"newsbrief: {target} exists; choose a new file\n")
        return EXIT_FAILED
    operator.backup(source_path, target)
    print(f"backed up {source_path} to {target}")
    return EXIT_OK


def _unhealthy(reason: str) -> int:
    sys.stderr.write(f"newsbrief: unhealthy: {reason}\n")
    return EXIT_FAILED


def cmd_health(args: argparse.Namespace) -> int:
    """Exit 0 if the settings load and the database is sound, at this program's schema.

    For container health checks: no network, no NLP models, and the database is opened
    read-only, so a missing file is reported rather than created. ``PRAGMA quick_check``
    reads the whole file: 0.4 s for 230 MB (20,000 articles) from the page cache, more from
    a cold disk; give the health check's timeout room on a large database.
    """
    import asyncio
    import sqlite3

    from bot.services import operator

    try:
        settings = load_settings()
    except SettingsError as exc:
        return _unhealthy(str(exc))
    path = settings.database_path
    try:
        check = asyncio.run(operator.check_database(path))
    except FileNotFoundError:
        return _unhealthy(f"database {path} does not exist")
    except sqlite3.Error as exc:
        return _unhealthy(f"database {path} cannot be read: {exc}")
    if not check.sound:
        return _unhealthy(f"database {path} is damaged: PRAGMA quick_check failed")
    version, expected = check.schema_version, check.expected_version
    if version != expected:
        return _unhealthy(f"database {path} has schema version {version}, expected {expected}")
    print(f"ok: database {path} at schema version {version}")
    return EXIT_OK
