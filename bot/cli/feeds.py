"""feeds add|remove|list|import|export|poll: the operator's feed list and one poll of it."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.cli.common import EXIT_FAILED, EXIT_OK, load_settings
from bot.errors import InputError

if TYPE_CHECKING:
    from bot.config import Settings


async def _feed_list(conn: Any, args: argparse.Namespace, settings: Settings) -> int:
    """add, remove, list: the feed list itself."""
    from bot.services import feed_list

    if args.feeds_command == "add":
        added = await feed_list.add_feed(conn, args.url, allow_private=settings.allow_private_urls)
        print(f"added {added.url}" if added else f"already there: {args.url.strip()}")
        return EXIT_OK
    if args.feeds_command == "remove":
        if await feed_list.remove_feed(conn, args.url):
            print(f"removed {args.url.strip()}")
            return EXIT_OK
        print(f"not found: {args.url.strip()}")
        return EXIT_FAILED
    for feed in await feed_list.list_feeds(conn):
        state = f"errors={feed.error_count}" if feed.error_count else "ok"
        if not feed.enabled:
            state = "disabled"
        print(f"{feed.url}\t{feed.title or ''}\t{state}")
    return EXIT_OK


def _import_progress(done: int, total: int) -> None:
    if done % 100 == 0 or done == total:
        sys.stderr.write(f"\r{done}/{total} feeds" + ("\n" if done == total else ""))


async def _feed_poll(conn: Any, settings: Settings) -> int:
    import asyncio

    from bot.services import feeds, summarizer

    nlp = await asyncio.to_thread(summarizer.load_models)
    report = await feeds.poll_due(conn, nlp, settings)
    for polled in report.feeds:
        if polled.status == "error":
            print(f"error {polled.url}: {polled.error}", flush=True)
        elif polled.status == "not_modified":
            print(f"not modified {polled.url}", flush=True)
        else:
            failed = f" ({polled.failed} failed)" if polled.failed else ""
            print(f"ok {polled.url} +{polled.new} new{failed}", flush=True)
    if not report.feeds:
        print("no feeds are due")
    return EXIT_FAILED if any(f.status == "error" for f in report.feeds) else EXIT_OK


async def _feeds(
    args: argparse.Namespace, settings: Settings, opml: bytes | None
) -> tuple[int, bytes | None]:
    """Run a ``feeds`` action; returns the exit code and the OPML document to export."""
    from bot.services import feed_list, operator

    async with operator.database(settings.database_path) as conn:
        if args.feeds_command == "poll":
            return await _feed_poll(conn, settings), None
        if args.feeds_command == "export":
            return EXIT_OK, await feed_list.export_opml(conn)
        if opml is not None:
            imported = await feed_list.import_opml(
                conn, opml, allow_private=settings.allow_private_urls, progress=_import_progress
            )
            added = imported.added
            line = f"imported {added} new feed{'' if added == 1 else 's'}"
            if imported.refused:  # not http(s), or a private address however written
                line += f"; refused {imported.refused} unsafe URL"
                line += "" if imported.refused == 1 else "s"
            print(line)
            return EXIT_OK, None
        return await _feed_list(conn, args, settings), None


def cmd_feeds(args: argparse.Namespace) -> int:
    import asyncio

    settings = load_settings()
    opml = None
    if args.feeds_command == "import":
        try:
            opml = Path(args.opml).read_bytes()
        except OSError as exc:
            raise InputError(f"cannot read {args.opml}: {exc.strerror or exc}") from None
    code, document = asyncio.run(_feeds(args, settings, opml))
    if document is not None:
        if args.path == "-":
            sys.stdout.buffer.write(document)
            sys.stdout.flush()
        else:
            Path(args.path).write_bytes(document)
            print(f"exported to {args.path}")
    return code
