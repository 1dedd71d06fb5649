"""Command line: python -m bot run|summarize|extract|ingest|feeds|resummarize|health."""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import os
import re
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TextIO

# One BLAS thread: natasha's tagger multiplies small matrices, for which OpenBLAS's thread
# pool costs more than it gives (3x slower on 2 cores in benchmarks/bench_speed.py), and the
# bot runs analyses in worker threads of its own. Must be set before numpy is imported.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

from bot.errors import InputError, NewsbriefError
from bot.models import Summary

log = logging.getLogger("bot")

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2
QUOTE_CHARS = 200  # quotes in the text output are cut to this length
_TRUTHY = frozenset({"1", "true", "yes"})


def _is_url(arg: str) -> bool:
    return "://" in arg[:12]


def _prepare(source: str, lang: str | None, *, allow_private: bool | None = None) -> Any:
    """Read PATH, URL or '-' and return a PreparedArticle."""
    from bot.services import ingest
    from bot.sources import fetch, local

    if source == "-":
        return ingest.prepare(local.read_stream(sys.stdin.buffer), lang=lang)
    if _is_url(source):
        if allow_private is None:
            allow_private = os.environ.get("ALLOW_PRIVATE_URLS", "").lower() in _TRUTHY
        page = fetch.fetch_sync(source, allow_private=allow_private)
        return ingest.prepare_page(page, lang=lang)
    return ingest.prepare(local.read_file(Path(source)), lang=lang)


def _fact_lines(summary: Summary) -> list[str]:
    from bot.digest.render import said_text, shown_said

    lines = []
    if summary.who:
        lines.append(
            "Who: "
            + "; ".join(f"{e.name} ({e.role})" if e.role else e.name for e in summary.who[:5])
        )
    if summary.where:
        lines.append("Where: " + ", ".join(summary.where[:3]))
    if summary.when:
        lines.append("When: " + ", ".join(summary.when))
    # as in the digest: attributed quotes only, direct speech in «» first, then reported speech
    lines.extend(
        f"Said: {q.speaker}: {said_text(q, QUOTE_CHARS)}" for q in shown_said(summary.quotes, 3)
    )
    if summary.source.name:
        lines.append(f"Source: {summary.source.name}")
    return lines


def _print_summary(summary: Summary, out: TextIO) -> None:
    if summary.title:
        out.write(summary.title + "\n\n")
    for s in summary.sentences:
        out.write(s + "\n")
    out.write("\n" + "\n".join(_fact_lines(summary)) + "\n")


def _batch(lines: Iterable[str], handle: Callable[[dict[str, Any]], dict[str, Any]]) -> int:
    """Run ``handle`` on each JSON line; a failing line gives {"id", "error"}."""
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        item_id: Any = number
        try:
            item = json.loads(line)
            if not isinstance(item, dict):
                raise InputError("each line must be a JSON object")
            item_id = item.get("id", number)
            result = {"id": item_id} | handle(item)
        except json.JSONDecodeError:
            result = {"id": item_id, "error": "not valid JSON"}
        except NewsbriefError as exc:
            result = {"id": item_id, "error": str(exc)}
        except Exception as exc:  # one bad document must not stop the batch
            log.debug("batch item %s failed", item_id, exc_info=True)
            result = {"id": item_id, "error": f"internal error: {type(exc).__name__}"}
        sys.stdout.write(json.dumps(result, ensure_ascii=False) + "\n")
        sys.stdout.flush()
    return EXIT_OK


def _item_prepared(item: dict[str, Any]) -> Any:
    from bot.services import ingest

    html = item.get("html")
    text = item.get("text")
    if html:
        prepared = ingest.prepare(str(html), lang=item.get("lang"), is_html=True)
    elif isinstance(text, str):
        prepared = ingest.prepare(text, lang=item.get("lang"), is_html=False)
    else:
        raise InputError('each line needs "text" or "html"')
    if item.get("title"):
        from dataclasses import replace

        prepared = replace(prepared, article=replace(prepared.article, title=item["title"]))
    return prepared


def cmd_summarize(args: argparse.Namespace) -> int:
    from bot.analysis.models import load
    from bot.analysis.summarize import summary_as_dict
    from bot.services import ingest

    nlp = load()
    if args.batch:

        def handle(item: dict[str, Any]) -> dict[str, Any]:
            prepared = _item_prepared(item)
            summary = ingest.summarize_prepared(prepared, nlp)
            if args.details:
                summary = ingest.as_given(summary, prepared)
            return summary_as_dict(summary, details=args.details)

        return _batch(sys.stdin, handle)
    prepared = _prepare(args.source, args.lang)
    summary = ingest.summarize_prepared(prepared, nlp)
    if args.json or args.details:
        if args.details:
            summary = ingest.as_given(summary, prepared)
        data = summary_as_dict(summary, details=args.details)
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    else:
        _print_summary(summary, sys.stdout)
    return EXIT_OK


def cmd_extract(args: argparse.Namespace) -> int:
    if args.batch:

        def handle(item: dict[str, Any]) -> dict[str, Any]:
            article = _item_prepared(item).article
            title = {"title": article.title} if article.title else {}
            return {"text": article.text} | title

        return _batch(sys.stdin, handle)
    prepared = _prepare(args.source, None)
    sys.stdout.write(prepared.article.text + "\n")
    return EXIT_OK


_TOKEN_SHAPE = re.compile(r"^\d+:[\w-]{20,}$")


def load_settings() -> Any:
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


class SettingsError(Exception):
    """A setting is missing or malformed (exit code 2)."""


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


RUN_ERROR_CHARS = 300  # the one line `run` prints when it fails


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


LABEL_CHARS = 60  # an article without a title is shown by this many characters of its text


def _label(article: Any) -> str:
    """A stored article's title, or the start of its text, on one line."""
    label = article.title or article.text[:LABEL_CHARS]
    return " ".join(str(label).split())


async def _ingest_all(settings: Any, sources: list[str]) -> int:
    import asyncio

    from bot.analysis.models import load
    from bot.services import ingest
    from bot.storage.db import connect, migrate

    nlp = await asyncio.to_thread(load)
    failed = False
    async with connect(settings.database_path) as conn:
        await migrate(conn)
        for source in sources:
            try:
                # In a thread: reading a URL runs its own event loop (fetch_sync).
                prepared = await asyncio.to_thread(
                    _prepare, source, None, allow_private=settings.allow_private_urls
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
                print(f"error {source}: {_internal_error(exc)}", flush=True)
                continue
            status = "new" if result.new else "dup"
            print(f"{status}  {result.article.id}  {_label(result.article)}", flush=True)
    return EXIT_FAILED if failed else EXIT_OK


def cmd_ingest(args: argparse.Namespace) -> int:
    import asyncio

    settings = load_settings()
    return asyncio.run(_ingest_all(settings, args.sources))


async def _resummarize(settings: Any) -> int:
    import asyncio

    from bot.analysis.models import load
    from bot.services import ingest
    from bot.storage.db import connect, migrate

    nlp = await asyncio.to_thread(load)
    async with connect(settings.database_path) as conn:
        await migrate(conn)
        return await ingest.resummarize(conn, nlp)


def cmd_resummarize(args: argparse.Namespace) -> int:
    import asyncio

    settings = load_settings()
    updated = asyncio.run(_resummarize(settings))
    print(f"re-summarised {updated} article{'' if updated == 1 else 's'}")
    return EXIT_OK


async def _feed_list(conn: Any, args: argparse.Namespace, settings: Any) -> int:
    """add, remove, list: the feed list itself."""
    from bot.services import feeds

    if args.feeds_command == "add":
        added = await feeds.add_feed(conn, args.url, allow_private=settings.allow_private_urls)
        print(f"added {added.url}" if added else f"already there: {args.url.strip()}")
        return EXIT_OK
    if args.feeds_command == "remove":
        if await feeds.remove_feed(conn, args.url):
            print(f"removed {args.url.strip()}")
            return EXIT_OK
        print(f"not found: {args.url.strip()}")
        return EXIT_FAILED
    for feed in await feeds.list_feeds(conn):
        state = f"errors={feed.error_count}" if feed.error_count else "ok"
        if not feed.enabled:
            state = "disabled"
        print(f"{feed.url}\t{feed.title or ''}\t{state}")
    return EXIT_OK


def _import_progress(done: int, total: int) -> None:
    if done % 100 == 0 or done == total:
        sys.stderr.write(f"\r{done}/{total} feeds" + ("\n" if done == total else ""))


async def _feed_poll(conn: Any, settings: Any) -> int:
    import asyncio

    from bot.analysis.models import load
    from bot.services import feeds

    nlp = await asyncio.to_thread(load)
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
    args: argparse.Namespace, settings: Any, opml: bytes | None
) -> tuple[int, bytes | None]:
    """Run a ``feeds`` action; returns the exit code and the OPML document to export."""
    from bot.services import feeds
    from bot.storage.db import connect, migrate

    async with connect(settings.database_path) as conn:
        await migrate(conn)
        if args.feeds_command == "poll":
            return await _feed_poll(conn, settings), None
        if args.feeds_command == "export":
            return EXIT_OK, await feeds.export_opml(conn)
        if opml is not None:
            imported = await feeds.import_opml(
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

    from bot.storage.db import check_file, latest_version

    try:
        settings = load_settings()
    except SettingsError as exc:
        return _unhealthy(str(exc))
    path = settings.database_path
    try:
        check = asyncio.run(check_file(path))
    except FileNotFoundError:
        return _unhealthy(f"database {path} does not exist")
    except sqlite3.Error as exc:
        return _unhealthy(f"database {path} cannot be read: {exc}")
    if not check.sound:
        return _unhealthy(f"database {path} is damaged: PRAGMA quick_check failed")
    version, expected = check.schema_version, latest_version()
    if version != expected:
        return _unhealthy(f"database {path} has schema version {version}, expected {expected}")
    print(f"ok: database {path} at schema version {version}")
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


async def _digest_preview(settings: Any, chat_id: int) -> list[str] | None:
    from bot.analysis.models import load
    from bot.services import digests
    from bot.storage import subscribers
    from bot.storage.db import connect, migrate

    async with connect(settings.database_path) as conn:
        await migrate(conn)
        if await subscribers.get(conn, chat_id=chat_id) is None:
            return None
        return await digests.preview(conn, chat_id=chat_id, morph=load().morph_vocab)


def cmd_backup(args: argparse.Namespace) -> int:
    """A consistent copy of the database, safe while the bot runs (SQLite's backup API)."""
    import sqlite3

    settings = load_settings()
    source_path = Path(settings.database_path)
    target = Path(args.path)
    if not source_path.exists():
        sys.stderr.write(f"newsbrief: database {source_path} does not exist\n")
        return EXIT_FAILED
    if target.exists():
        sys.stderr.write(f"newsbrief: {target} exists; choose a new file\n")
        return EXIT_FAILED
    target.parent.mkdir(parents=True, exist_ok=True)
    with (
        contextlib.closing(sqlite3.connect(f"file:{source_path}?mode=ro", uri=True)) as source,
        contextlib.closing(sqlite3.connect(target)) as copy,
    ):
        source.backup(copy)
    print(f"backed up {source_path} to {target}")
    return EXIT_OK


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


def _storage_error(exc: Exception) -> NewsbriefError | None:
    """A database failure outside a transaction (a read, opening the file) as one line."""
    from bot.storage.db import storage_error

    return storage_error(exc)


def _internal_error(exc: Exception) -> str:
    """What went wrong, for an error line: the database's one line, else the error's type."""
    storage = _storage_error(exc)
    return str(storage) if storage is not None else f"internal error: {type(exc).__name__}"


def main(argv: list[str] | None = None) -> int:
    """Entry point: run one command, turning every error into one line on stderr."""
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
        storage = _storage_error(exc)
        if storage is not None:
            sys.stderr.write(f"newsbrief: {storage}\n")
        else:
            sys.stderr.write(f"newsbrief: internal error: {type(exc).__name__}: {exc}\n"[:500])
        return EXIT_FAILED
    return code


if __name__ == "__main__":
    sys.exit(main())
