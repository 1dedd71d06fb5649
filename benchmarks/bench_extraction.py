"""Article-text extraction benchmark: flattened page text and HTML pages.

Reads the development data in ../shared/eval (flat/*.jsonl and extraction/) and prints two
markdown tables, then the command that made them:

1. Flattened text: "no cleaning" (the page text as is) against ``clean_flat_text``; Zyte
   shingle P/R/F1 for items with a true body, snippet P/R/F1 for items with snippets.
2. HTML: ``trafilatura.extract`` with its defaults (and with ``include_comments=False``, the
   setting of the Zyte benchmark's own trafilatura runner) against ``extract_html``.

The measures are in extraction_scoring.py: Zyte's evaluate.py (``\\w+`` tokens, case kept,
4-token shingles, P and R averaged per page, F1 of the averages) and trafilatura's
eval_common.py (whitespace-normalised substring matching, micro-averaged).

Usage: python benchmarks/bench_extraction.py [--data ../shared/eval] [--limit N] [--only flat|html]
"""

from __future__ import annotations

import argparse
import gzip
import json
import logging
import shlex
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import trafilatura
from extraction_scoring import (
    Prf,
    SnippetScores,
    shingle_match,
    shingle_scores,
    snippet_match,
    snippet_scores,
)

from bot.extraction.boilerplate import clean_flat_text, clean_text
from bot.extraction.html import extract_html

DEFAULT_DATA = Path(__file__).resolve().parents[1] / ".." / "shared" / "eval"
IDENTITY_SPEED = 100_000  # docs/s above this: no work done
FLAT_FILES = ("zyte_flat.jsonl", "trafilatura_flat.jsonl", "zerkalo_flat_ru.jsonl")


@dataclass(frozen=True, slots=True)
class BodyItem:
    """A page with its true article body."""

    id: str
    page: str | bytes
    body: str


@dataclass(frozen=True, slots=True)
class SnippetItem:
    """A page with must-have and must-not-have snippets."""

    id: str
    page: str | bytes
    with_: list[str]
    without: list[str]


def load_flat(path: Path, limit: int | None) -> tuple[list[BodyItem], list[SnippetItem]]:
    """Body and snippet items of one flat/*.jsonl file."""
    bodies: list[BodyItem] = []
    snippets: list[SnippetItem] = []
    with path.open(encoding="utf-8") as f:
        rows = [json.loads(line) for line in f if line.strip()]
    for row in rows[:limit]:
        if row["truth"] == "body":
            bodies.append(BodyItem(row["id"], row["page_text"], row["article_text"]))
        else:
            snippets.append(SnippetItem(row["id"], row["page_text"], row["with"], row["without"]))
    return bodies, snippets


def load_zyte(root: Path, limit: int | None) -> list[BodyItem]:
    """Zyte pages (gzipped HTML) with their articleBody."""
    truth = json.loads((root / "ground-truth.json").read_text(encoding="utf-8"))
    items = []
    for key in sorted(truth)[:limit]:
        page = gzip.decompress((root / "html" / f"{key}.html.gz").read_bytes())
        items.append(BodyItem(key, page, truth[key].get("articleBody", "")))
    return items


def load_trafilatura_eval(root: Path, limit: int | None) -> list[SnippetItem]:
    """trafilatura-eval pages with their snippets."""
    data = json.loads((root / "evaldata.json").read_text(encoding="utf-8"))
    items = []
    for key in sorted(data)[:limit]:
        entry = data[key]
        page = (root / "html" / entry["file"]).read_bytes()
        items.append(SnippetItem(key, page, entry["with"], entry["without"]))
    return items


System = Callable[[Any], str | None]


def run(system: System, pages: Sequence[str | bytes]) -> tuple[list[str | None], float]:
    """Outputs of a system on the pages and its speed in documents per second."""
    start = time.perf_counter()
    outputs = [system(page) for page in pages]
    elapsed = time.perf_counter() - start
    return outputs, len(pages) / elapsed if elapsed > 0 else float("inf")


def body_row(
    data: str, system: str, items: Sequence[BodyItem], outputs: Iterable[str | None]
) -> str:
    """One table row of Zyte shingle scores."""
    s: Prf = shingle_scores(
        [shingle_match(i.body, o) for i, o in zip(items, outputs, strict=True)]
    )
    return (
        f"| {data} | {s.n} | shingles | {system} | {s.precision:.3f} | {s.recall:.3f} | "
        f"{s.f1:.3f} | – |"
    )


def snippet_row(
    data: str, system: str, items: Sequence[SnippetItem], outputs: Iterable[str | None]
) -> str:
    """One table row of snippet scores."""
    s: SnippetScores = snippet_scores(
        [snippet_match(o, i.with_, i.without) for i, o in zip(items, outputs, strict=True)]
    )
    return (
        f"| {data} | {s.n} | snippets | {system} | {s.precision:.3f} | {s.recall:.3f} | "
        f"{s.f1:.3f} | {s.avoided:.3f} |"
    )


HEADER = (
    "| data | pages | measure | system | precision | recall | F1 | without avoided | docs/s |\n"
    "|---|---|---|---|---|---|---|---|---|"
)


def _with_speed(row: str, speed: float) -> str:
    # the identity "system" runs at memory speed; a number there would only mislead
    return f"{row} – |" if speed > IDENTITY_SPEED else f"{row} {speed:.0f} |"


def flat_table(data: Path, limit: int | None) -> list[str]:
    """Rows of the flattened-text table."""
    systems: dict[str, System] = {
        "no cleaning": lambda page: page,
        "newsbrief clean_flat_text": clean_flat_text,
        # what pasted text and text files go through (ingest.prepare): an article is kept whole
        "newsbrief clean_text": lambda page: clean_text(page).text,
    }
    rows = []
    all_bodies: dict[str, tuple[list[BodyItem], list[str | None], float]] = {}
    for name in FLAT_FILES:
        bodies, snippets = load_flat(data / "flat" / name, limit)
        for system_name, system in systems.items():
            if bodies:
                out, speed = run(system, [i.page for i in bodies])
                rows.append(_with_speed(body_row(name, system_name, bodies, out), speed))
                prev = all_bodies.get(system_name, ([], [], 0.0))
                all_bodies[system_name] = (prev[0] + bodies, prev[1] + out, speed)
            if snippets:
                out, speed = run(system, [i.page for i in snippets])
                rows.append(_with_speed(snippet_row(name, system_name, snippets, out), speed))
    for system_name, (items, outputs, _) in all_bodies.items():
        rows.append(f"{body_row('**all body items**', system_name, items, outputs)} – |")
    return rows


def html_table(data: Path, limit: int | None) -> list[str]:
    """Rows of the HTML table."""
    systems: dict[str, System] = {
        "trafilatura.extract (defaults)": trafilatura.extract,
        "trafilatura.extract (include_comments=False)": lambda page: trafilatura.extract(
            page, include_comments=False
        ),
        "newsbrief extract_html": lambda page: extract_html(page).text,
    }
    zyte = load_zyte(data / "extraction" / "zyte", limit)
    tta = load_trafilatura_eval(data / "extraction" / "trafilatura-eval", limit)
    rows = []
    for system_name, system in systems.items():
        out, speed = run(system, [i.page for i in zyte])
        rows.append(_with_speed(body_row("zyte (html)", system_name, zyte, out), speed))
    for system_name, system in systems.items():
        out, speed = run(system, [i.page for i in tta])
        rows.append(
            _with_speed(snippet_row("trafilatura-eval (html)", system_name, tta, out), speed)
        )
    return rows


def main(argv: Sequence[str] | None = None) -> None:
    """Print the tables and the command that made them."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the shared/eval folder")
    parser.add_argument("--limit", type=int, default=None, help="at most N pages per file")
    parser.add_argument("--only", choices=("flat", "html"), default=None)
    args = parser.parse_args(argv)
    # trafilatura and htmldate log every page they give up on; the tables are the output here
    for name in ("trafilatura", "htmldate", "courlan", "justext", "readability"):
        logging.getLogger(name).setLevel(logging.CRITICAL)

    if args.only in (None, "flat"):
        print("### Flattened page text → article text\n")
        print(HEADER)
        print("\n".join(flat_table(args.data, args.limit)))
        print()
    if args.only in (None, "html"):
        print("### HTML page → article text\n")
        print(HEADER)
        print("\n".join(html_table(args.data, args.limit)))
        print()
    print(
        "Shingles: Zyte evaluate.py (\\w+ tokens, case kept, 4-token shingles, P and R averaged "
        "per page, F1 of the averages). Snippets: trafilatura eval_common.py (micro-averaged; "
        "'without avoided' = share of must-not-have snippets absent).\n"
    )
    command = shlex.join(["python", "benchmarks/bench_extraction.py", *sys.argv[1:]])
    print(f"Command: `{command}`")


if __name__ == "__main__":
    main()
