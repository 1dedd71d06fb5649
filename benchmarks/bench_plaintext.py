"""Plain article texts through ``python -m bot extract --batch``: how much of the prose is kept.

Every plain-text set of ../shared/eval, in three forms each:

- ``as given``: factRuEval texts (headline line, blank line, paragraphs), tgcontest texts
  (ru, en) with the editor's title prepended as a headline line and a blank line, BBC texts as
  they are (paragraphs one per line, no headline) and BBC with its title as a first line
  directly followed by the prose (no blank line);
- ``one line``: the same text with every line break replaced by a space (no headline line);
- ``wrapped 80``: every line hard-wrapped at 80 columns, blank lines kept between paragraphs.

Words kept: the multiset of lowercase ``\\w+`` tokens of the input found in the output's
``title`` plus ``text`` (a headline that becomes the title is kept), over those of the input;
mean and worst per set, and how many texts were refused (an ``error`` line). ``title ok``:
share of texts with a headline line whose output ``title`` equals it (whitespace
normalised); ``false titles``: texts without a headline line that got a title anyway (not
counted for factRuEval, whose first line is a headline or the lead: no title is given).
Each set is split in halves A and B by a stable hash of the item id (rules were written on A
only); both halves are reported.

``--baseline REV`` adds the same rows for a git revision (its ``bot`` package is unpacked
with ``git archive`` into a temporary folder and run from there), e.g. the commit before
issue 9.

Usage: .venv/bin/python benchmarks/bench_plaintext.py [--data ../shared/eval] [--limit N]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import shlex
import subprocess
import sys
import tempfile
import textwrap
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT / ".." / "shared" / "eval"
WRAP_WIDTH = 80
_TOKEN_RE = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class Item:
    """One plain text and the headline line it starts with, if any."""

    id: str
    text: str
    headline: str | None
    titled: bool | None = True  # None: whether the first line is a headline is not known


def half(item_id: str) -> str:
    """'A' or 'B' by a stable hash of the id (rules are written on A, checked on B)."""
    return "A" if hashlib.sha256(item_id.encode("utf-8")).digest()[0] % 2 == 0 else "B"


def _rows(path: Path, limit: int | None) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as f:
        rows = [json.loads(line) for line in f if line.strip()]
    return rows[:limit]


def load_sets(data: Path, limit: int | None) -> dict[str, list[Item]]:
    """The plain-text sets as given (see the module docstring)."""
    sets: dict[str, list[Item]] = {}
    # factRuEval texts open with a headline or with the lead: no title is known
    factru = _rows(data / "ner" / "factru_dev.jsonl", limit)
    sets["factRuEval ru"] = [Item(r["id"], r["text"], None, titled=None) for r in factru]
    for lang in ("ru", "en"):
        rows = _rows(data / "summ" / f"tgcontest_titles_{lang}.jsonl", limit)
        sets[f"tgcontest {lang} + headline"] = [
            Item(r["id"], f"{r['title']}\n\n{r['text']}", r["title"]) for r in rows
        ]
    bbc = _rows(data / "summ" / "bbc_news_summary_en.jsonl", limit)
    sets["BBC en"] = [Item(r["id"], r["text"], None) for r in bbc]
    sets["BBC en + headline"] = [
        Item(r["id"], f"{r['title']}\n{r['text']}", r["title"]) for r in bbc
    ]
    return sets


def one_line(item: Item) -> Item:
    """The text with no line breaks at all."""
    return Item(item.id, " ".join(item.text.split()), None, item.titled)


def wrapped(item: Item) -> Item:
    """Every line hard-wrapped at WRAP_WIDTH, blank lines between paragraphs."""
    paragraphs = [p for p in item.text.split("\n") if p.strip()]
    text = "\n\n".join(textwrap.fill(p, WRAP_WIDTH) for p in paragraphs)
    return Item(item.id, text, item.headline, item.titled)


def extract_batch(items: Sequence[Item], cwd: Path) -> list[dict[str, str]]:
    """Outputs of ``python -m bot extract --batch`` run in ``cwd``, one per item, in order."""
    lines = "".join(
        json.dumps({"id": i.id, "text": i.text}, ensure_ascii=False) + "\n" for i in items
    )
    proc = subprocess.run(
        [sys.executable, "-m", "bot", "extract", "--batch"],
        input=lines,
        capture_output=True,
        text=True,
        cwd=cwd,
        check=True,
    )
    out = [json.loads(line) for line in proc.stdout.splitlines() if line.strip()]
    if [o["id"] for o in out] != [i.id for i in items]:
        raise RuntimeError("extract --batch did not answer every line in order")
    return out


def words_kept(source: str, output: dict[str, str]) -> float:
    """Share of the source's word tokens found in the output's title and text."""
    # a soft hyphen inside a word ("бок\u00adсу") is removed by the cleaner, joining the word
    want = Counter(_TOKEN_RE.findall(source.replace("\u00ad", "").lower()))
    got = Counter(
        _TOKEN_RE.findall(f"{output.get('title') or ''} {output.get('text', '')}".lower())
    )
    total = sum(want.values())
    return sum((want & got).values()) / total if total else 1.0


@dataclass(frozen=True, slots=True)
class Row:
    """Figures of one set in one form, for one half."""

    mean: float
    worst: float
    refused: int
    title_ok: float | None
    false_titles: int
    n: int


def _same(a: str, b: str) -> bool:
    return " ".join(a.split()) == " ".join(b.split())


def score(items: Sequence[Item], outputs: Sequence[dict[str, str]]) -> Row:
    """Words kept, refusals and titles of a set's outputs."""
    kept = [
        0.0 if "error" in o else words_kept(i.text, o) for i, o in zip(items, outputs, strict=True)
    ]
    with_head = [(i, o) for i, o in zip(items, outputs, strict=True) if i.headline]
    title_ok = (
        sum(1 for i, o in with_head if _same(o.get("title") or "", i.headline or ""))
        / len(with_head)
        if with_head
        else None
    )
    false_titles = sum(
        1
        for i, o in zip(items, outputs, strict=True)
        if not i.headline and i.titled is not None and o.get("title")
    )
    return Row(
        mean=sum(kept) / len(kept) if kept else 1.0,
        worst=min(kept, default=1.0),
        refused=sum(1 for o in outputs if "error" in o),
        title_ok=title_ok,
        false_titles=false_titles,
        n=len(items),
    )


def table_rows(
    name: str, system: str, items: Sequence[Item], outputs: Sequence[dict[str, str]]
) -> Iterable[str]:
    """One markdown row per half and one for both."""
    for label in ("A", "B", "all"):
        pairs = [
            (i, o) for i, o in zip(items, outputs, strict=True) if label in ("all", half(i.id))
        ]
        r = score([p[0] for p in pairs], [p[1] for p in pairs])
        title = "–" if r.title_ok is None else f"{r.title_ok:.3f}"
        yield (
            f"| {name} | {label} | {r.n} | {system} | {r.mean:.4f} | {r.worst:.3f} | "
            f"{r.refused} | {title} | {r.false_titles} |"
        )


def _export(rev: str, into: Path) -> Path:
    """The ``bot`` package of a git revision, unpacked under ``into`` (no checkout)."""
    archive = subprocess.run(
        ["git", "archive", rev, "bot"],
        cwd=ROOT,
        check=True,
        capture_output=True,
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)
    return into


def main(argv: Sequence[str] | None = None) -> None:
    """Print the table and the command that made it."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the shared/eval folder")
    parser.add_argument("--limit", type=int, default=None, help="at most N texts per file")
    parser.add_argument("--baseline", default=None, help="a git revision to compare with")
    parser.add_argument("--worst", type=int, default=0, help="print the N worst texts per row")
    args = parser.parse_args(argv)

    sets = load_sets(args.data.resolve(), args.limit)
    forms = {"as given": lambda i: i, "one line": one_line, "wrapped 80": wrapped}
    print("### Plain texts → `extract --batch`: words kept\n")
    print(
        "| set | half | texts | system | words kept (mean) | worst | refused | title ok "
        "| false titles |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        systems = {"newsbrief": ROOT}
        if args.baseline:
            systems = {f"baseline {args.baseline}": _export(args.baseline, Path(tmp))} | systems
        for set_name, items in sets.items():
            for form_name, form in forms.items():
                if form_name != "as given" and set_name == "BBC en + headline":
                    continue  # the same texts as "BBC en" once the lines are changed
                variant = [form(i) for i in items]
                for system, cwd in systems.items():
                    outputs = extract_batch(variant, cwd)
                    for row in table_rows(f"{set_name}, {form_name}", system, variant, outputs):
                        print(row, flush=True)
                    if args.worst and system == "newsbrief":
                        ranked = sorted(
                            zip(variant, outputs, strict=True),
                            key=lambda p: 0.0 if "error" in p[1] else words_kept(p[0].text, p[1]),
                        )
                        for i, o in ranked[: args.worst]:
                            kept = 0.0 if "error" in o else words_kept(i.text, o)
                            print(
                                f"<!-- {i.id} ({half(i.id)}) {kept:.3f} {o.get('error', '')} -->"
                            )
    print(
        "\nWords kept: lowercase \\w+ tokens of the input found in the output's title + text "
        "(multiset), per text; mean and worst per row. Halves by sha256(id)[0] % 2.\n"
    )
    print(f"Command: `{shlex.join(['python', 'benchmarks/bench_plaintext.py', *sys.argv[1:]])}`")


if __name__ == "__main__":
    main()
