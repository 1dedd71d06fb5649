"""summarize and extract: one document (PATH, URL or stdin), or JSON lines with --batch."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, TextIO

from bot.cli.common import EXIT_OK, load_settings, log
from bot.errors import InputError, NewsbriefError
from bot.models import Summary

if TYPE_CHECKING:
    from bot.services.documents import PreparedArticle

QUOTE_CHARS = 200  # quotes in the text output are cut to this length


def read_source(
    source: str, lang: str | None, *, allow_private: bool | None = None
) -> PreparedArticle:
    """Read PATH, URL or '-' and prepare it; ALLOW_PRIVATE_URLS applies to a URL."""
    from bot.services import documents

    if allow_private is None:
        # The settings are read for a URL only: a file or stdin needs none of them.
        allow_private = documents.is_url(source) and load_settings().allow_private_urls
    return documents.read_source(
        source, stdin=sys.stdin.buffer, lang=lang, allow_private=allow_private
    )


def _fact_lines(summary: Summary) -> list[str]:
    from bot.services import summarizer

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
        f"Said: {speaker}: {words}"
        for speaker, words in summarizer.shown_quotes(summary, 3, QUOTE_CHARS)
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


def cmd_summarize(args: argparse.Namespace) -> int:
    from bot.services import documents, summarizer

    nlp = summarizer.load_models()
    if args.batch:

        def handle(item: dict[str, Any]) -> dict[str, Any]:
            prepared = documents.from_item(item)
            summary = summarizer.summarize(prepared, nlp, details=args.details)
            return summarizer.as_json(summary, details=args.details)

        return _batch(sys.stdin, handle)
    prepared = read_source(args.source, args.lang)
    summary = summarizer.summarize(prepared, nlp, details=args.details)
    if args.json or args.details:
        data = summarizer.as_json(summary, details=args.details)
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    else:
        _print_summary(summary, sys.stdout)
    return EXIT_OK


def cmd_extract(args: argparse.Namespace) -> int:
    from bot.services import documents

    if args.batch:

        def handle(item: dict[str, Any]) -> dict[str, Any]:
            article = documents.from_item(item).article
            title = {"title": article.title} if article.title else {}
            return {"text": article.text} | title

        return _batch(sys.stdin, handle)
    prepared = read_source(args.source, None)
    sys.stdout.write(prepared.article.text + "\n")
    return EXIT_OK
