"""Command line: python -m bot run|summarize|extract|ingest|feeds|resummarize|health."""

from __future__ import annotations

import argparse
import logging
import os
import sys

from bot.cli.common import EXIT_FAILED, EXIT_USAGE, SettingsError, log, storage_failure
from bot.cli.database import cmd_backup, cmd_digest, cmd_health, cmd_ingest, cmd_resummarize
from bot.cli.feeds import cmd_feeds
from bot.cli.run import cmd_run
from bot.cli.summarize import cmd_extract, cmd_summarize
from bot.errors import NewsbriefError


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``python -m bot``."""
    parser = argparse.ArgumentParser(prog="newsbrief", description=__doc__)
    parser.add_argument("-v", "--verbose", action="store_true", help="log debug details")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("run", help="run the Telegram bot (long polling)")
    p.set_defaults(func=cmd_run)

    p = sub.add_parser("summarize", help="summarise a text file, an HTML file, a URL or stdin")
    p.add_argument("source", nargs="?", default="-", help="PATH, URL or - for stdin")
    p.add_argument("--json", action="store_true", help="print the summary as JSON")
    p.add_argument("--details", action="store_true", help="JSON with text, entities, offsets")
    p.add_argument("--lang", choices=["ru", "en"], help="skip language detection")
    p.add_argument("--batch", action="store_true", help="JSON lines in on stdin, JSON lines out")
    p.set_defaults(func=cmd_summarize)

    p = sub.add_parser("extract", help="print the clean article text of a page or pasted text")
    p.add_argument("source", nargs="?", default="-", help="PATH, URL or - for stdin")
    p.add_argument("--batch", action="store_true", help="JSON lines in on stdin, JSON lines out")
    p.set_defaults(func=cmd_extract)

    p = sub.add_parser("ingest", help="summarise files or URLs and store them in the database")
    p.add_argument("sources", nargs="+", metavar="PATH|URL", help="files, URLs or - for stdin")
    p.set_defaults(func=cmd_ingest)

    p = sub.add_parser("feeds", help="add, list, remove, import, export or poll feeds")
    feeds = p.add_subparsers(dest="feeds_command", required=True)
    f = feeds.add_parser("add", help="check that URL is a feed and add it")
    f.add_argument("url", metavar="URL")
    f = feeds.add_parser("remove", help="remove a feed (its articles stay)")
    f.add_argument("url", metavar="URL")
    feeds.add_parser("list", help="print every feed: URL, title, state")
    f = feeds.add_parser("import", help="add the feeds of an OPML file")
    f.add_argument("opml", metavar="OPML")
    f = feeds.add_parser("export", help="write the feeds as OPML")
    f.add_argument("path", nargs="?", default="-", metavar="PATH|-", help="default: stdout")
    feeds.add_parser("poll", help="poll the due feeds once and store their new articles")
    p.set_defaults(func=cmd_feeds)

    p = sub.add_parser("resummarize", help="re-summarise articles made by an older summariser")
    p.set_defaults(func=cmd_resummarize)

    p = sub.add_parser("digest", help="print the digest a chat would get now")
    p.add_argument("--preview", type=int, required=True, metavar="CHAT_ID")
    p.set_defaults(func=cmd_digest)

    p = sub.add_parser("backup", help="copy the database consistently, even while the bot runs")
    p.add_argument("path", metavar="PATH", help="the new file")
    p.set_defaults(func=cmd_backup)

    p = sub.add_parser("health", help="exit 0 if the settings and the database are usable")
    p.set_defaults(func=cmd_health)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point: run one command, turning every error into one line on stderr."""
    # One BLAS thread, as bot/__main__.py sets it, for the installed `newsbrief` script that
    # enters here: no command has imported numpy yet (this package imports it lazily).
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    args = build_parser().parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    try:
        code: int = args.func(args)
    except NewsbriefError as exc:
        sys.stderr.write(f"newsbrief: {exc}\n")
        return EXIT_FAILED
    except SettingsError as exc:
        sys.stderr.write(f"newsbrief: {exc}\n")
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except Exception as exc:
        log.debug("unexpected error", exc_info=True)
        storage = storage_failure(exc)
        if storage is not None:
            sys.stderr.write(f"newsbrief: {storage}\n")
        else:
            sys.stderr.write(f"newsbrief: internal error: {type(exc).__name__}: {exc}\n"[:500])
        return EXIT_FAILED
    return code
