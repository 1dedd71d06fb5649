"""Which names of a messy page a follow may match (issue 15): the names kept with an
article (``bot.analysis.speaker_key.mentioned_names``) against those of its true text.

Two kinds of page, each with its true article text: the Zyte benchmark's HTML pages
(``../shared/eval/extraction/zyte``: what a feed's page fetch gives, the only articles
follows alert to), and the flattened pages of ``../shared/eval/flat`` (a whole page as
visible text: menus, lists of other stories, captions; what users paste, never alerted).
Each is prepared and summarised as the bot does, and its kept names compared with the
names of the true article text:

- junk: kept names that the true text never gives (a person or organisation of a list of
  other headlines the cleaner left in). Each is a false alert for whoever follows it.
- main names found: of the true text's main names (its summary's actors, and the names
  it gives twice or more), how many are kept (or are the page summary's actors, which
  follows match besides).

Two rules in the same run: every name the text mentions (what the bot keeps), and names
given twice or more or in the title (the alternative tried: fewer names of other stories,
fewer main names). Reported for all pages and per half (A/B by ``sha1(id) % 2``, as the
other benchmarks).

    python benchmarks/bench_follow_names.py [--limit N]
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.analysis.models import NlpModels, load  # noqa: E402
from bot.analysis.speaker_key import mentioned_names, speaker_key  # noqa: E402
from bot.errors import NewsbriefError  # noqa: E402
from bot.models import Summary  # noqa: E402
from bot.services import ingest  # noqa: E402

EVAL = ROOT.parent / "shared" / "eval"
FLAT = ("zyte_flat.jsonl", "trafilatura_flat.jsonl", "zerkalo_flat_ru.jsonl")


def pages(limit: int | None) -> Iterator[tuple[str, str, str | bytes, str]]:
    """(kind, id, page, true text) of every page."""
    zyte = EVAL / "extraction" / "zyte"
    truth = json.loads((zyte / "ground-truth.json").read_text(encoding="utf-8"))
    for key in sorted(truth)[:limit]:
        page = gzip.decompress((zyte / "html" / f"{key}.html.gz").read_bytes())
        yield "html", key, page, truth[key]["articleBody"]
    for name in FLAT:
        for line in (EVAL / "flat" / name).read_text(encoding="utf-8").splitlines()[:limit]:
            item = json.loads(line)
            yield "flat", item["id"], item["page_text"], item["article_text"]


def half_of(item_id: str) -> str:
    """'A' or 'B' by a stable hash of the id."""
    return "AB"[int(hashlib.sha1(item_id.encode()).hexdigest(), 16) % 2]  # noqa: S324


def twice_or_title(summary: Summary, nlp: NlpModels) -> set[str]:
    """The alternative: names the text gives twice or more (a person by surname, any form,
    whatever type the mention was given) or the title gives."""
    found: dict[str, str] = {}
    counts: dict[str, int] = {}
    for m in summary.mentions:
        key = speaker_key(m.normal or m.text, nlp)
        if not key:
            continue
        if m.type in ("PER", "ORG"):
            found.setdefault(key, m.type)
        counts[key] = counts.get(key, 0) + 1
        surname = key.split()[-1]
        if m.type == "PER" and surname != key:
            counts[surname] = counts.get(surname, 0) + 1
    kept = {
        key
        for key, kind in found.items()
        if counts[key] > 1 or (kind == "PER" and counts[key.split()[-1]] > 1)
    }
    return kept | set(mentioned_names(summary.title_mentions, nlp))


def _summary(text: str | bytes, nlp: NlpModels, *, html: bool = False) -> Summary | None:
    try:
        return ingest.summarize_prepared(ingest.prepare(text, is_html=html), nlp)
    except NewsbriefError:
        return None


def _actors(summary: Summary, nlp: NlpModels) -> set[str]:
    names = [e.name for e in summary.who] + [q.speaker or "" for q in summary.quotes]
    return {key for n in names if (key := speaker_key(n, nlp))}


Rule = Callable[[Summary, NlpModels], set[str]]
RULES: dict[str, Rule] = {
    "every mention": lambda s, nlp: set(mentioned_names((*s.mentions, *s.title_mentions), nlp)),
    "twice or title": twice_or_title,
}


def main(args: argparse.Namespace) -> None:
    nlp = load()
    # (kind, rule) -> half -> [junk, kept, main found, main]
    totals: dict[tuple[str, str], dict[str, list[int]]] = {}
    count: dict[str, int] = {}
    for kind, item_id, text, true_text in pages(args.limit):
        page = _summary(text, nlp, html=kind == "html")
        truth = _summary(true_text, nlp)
        if page is None or truth is None:
            continue
        count[kind] = count.get(kind, 0) + 1
        true_names = set(mentioned_names((*truth.mentions, *truth.title_mentions), nlp))
        true_main = _actors(truth, nlp) | twice_or_title(truth, nlp)
        actors = _actors(page, nlp)
        for rule, keep in RULES.items():
            kept = keep(page, nlp)
            row = [
                len(kept - true_names),
                len(kept),
                len(true_main & (kept | actors)),
                len(true_main),
            ]
            for half in ("all", half_of(item_id)):
                acc = totals.setdefault((kind, rule), {}).setdefault(half, [0, 0, 0, 0])
                for i, value in enumerate(row):
                    acc[i] += value
    print(f"pages the summariser takes: {count}")
    print(f"{'pages':5} {'rule':16} {'half':4} {'junk kept':>18} {'main names found':>20}")
    for (kind, rule), halves in totals.items():
        for half in ("all", "A", "B"):
            junk, kept, hit, main = halves.get(half, [0, 0, 0, 0])
            print(
                f"{kind:5} {rule:16} {half:4} {junk:6} / {kept:5} {junk / max(1, kept):5.3f}"
                f" {hit:7} / {main:5} {hit / max(1, main):5.3f}"
            )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="pages per set")
    main(parser.parse_args())
