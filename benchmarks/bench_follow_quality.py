"""Follow matching quality on factRuEval (issue 15): follow every person the annotation
names, by surname, and check which documents alert.

Each dev document (``../shared/eval/ner/factru_dev.jsonl``; the test set is held out) is
stored through ``bot.services.ingest.store`` as the poll stores an article. Every person
annotated (PER) is followed by its own chat, by surname as a user would type it (the
surname's key: «Налбандовым» and «Налбандов» are one follow). A document is a positive for
a follow when an annotated person of it has that surname, a negative otherwise; an alert
fires when ``bot.services.follows.matches`` finds the follow for the document.
Targets: recall >= 0.95 (over documents where the person is a main actor: here every
annotated person, and separately those named at least twice) and precision >= 0.95.
Reported for all documents and per half (A/B by ``int(sha1(id).hexdigest(), 16) % 2``, as
bench_main does): write rules from half A, check them on half B.

    python benchmarks/bench_follow_quality.py [--data PATH]
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import os
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.analysis.models import load  # noqa: E402
from bot.analysis.speaker_key import same_person, speaker_key  # noqa: E402
from bot.errors import NewsbriefError  # noqa: E402
from bot.services import follows, ingest  # noqa: E402
from bot.storage import db  # noqa: E402


def half_of(doc_id: str) -> str:
    """'A' or 'B' by a stable hash of the id."""
    return "AB"[int(hashlib.sha1(doc_id.encode()).hexdigest(), 16) % 2]  # noqa: S324


DATA = ROOT.parent / "shared" / "eval" / "ner" / "factru_dev.jsonl"


async def main(args: argparse.Namespace) -> None:
    nlp = load()
    docs = [json.loads(line) for line in args.data.read_text().splitlines() if line.strip()]
    # The follows: each annotated person's surname (its last word) as a key. A document
    # names a key when a person annotated in it has that word in its name («Александр»
    # followed alone is in «Александр Налбандов»): key -> mentions, per document.
    persons: dict[str, Counter[str]] = {}
    named: dict[str, set[str]] = {}  # document -> the persons' keys annotated in it
    surnames: set[str] = set()
    for doc in docs:
        found: Counter[str] = Counter()
        named[doc["id"]] = set()
        for entity in doc["entities"]:
            if entity["type"] == "PER" and entity["text"].split():
                key = speaker_key(entity["text"], nlp)
                words = key.split()
                surnames.add(words[-1])
                found.update(set(words))
                named[doc["id"]].add(key)
        persons[doc["id"]] = found
    keys = sorted(surnames)
    # Also each person as a user would follow them by full name: every annotated name of
    # two words or more without initials («Сергей Лавров»), typed capitalised.
    full = sorted(
        {
            k
            for keys_ in named.values()
            for k in keys_
            if 1 < len(k.split()) <= follows.MAX_PHRASE_WORDS and min(map(len, k.split())) > 1
        }
    )
    full_terms = [
        follows.parse_term(" ".join(w.capitalize() for w in k.split()), nlp) for k in full
    ]
    full_terms = [t for t in full_terms if t.kind == "person" and t.surname]
    path = Path(tempfile.mkdtemp()) / "quality.sqlite3"
    fired: dict[str, set[str]] = defaultdict(set)  # key -> documents alerted
    async with db.connect(path) as conn:
        await db.migrate(conn)
        await conn.executemany(
            "INSERT INTO subscribers (chat_id, kind, lang, tz, digest_time, created_at) "
            "VALUES (?, 'private', 'ru', 'UTC', '08:00', 0)",
            [(n,) for n in range(1, len(keys) + len(full_terms) + 1)],
        )
        await conn.executemany(
            "INSERT INTO follows (chat_id, term_norm, term_display, kind, created_at, surname) "
            "VALUES (?, ?, ?, 'person', 0, ?)",
            [(len(keys) + n, t.norm, t.display, t.surname) for n, t in enumerate(full_terms, 1)],
        )
        await conn.executemany(
            "INSERT INTO follows (chat_id, term_norm, term_display, kind, created_at) "
            "VALUES (?, ?, ?, 'person', 0)",
            [(n, key, key) for n, key in enumerate(keys, start=1)],
        )
        await conn.commit()
        for doc in docs:
            try:
                stored = await ingest.store(conn, ingest.prepare(doc["text"]), nlp)
            except NewsbriefError:
                continue
            for matched in (
                await follows.matches(conn, nlp, article_id=stored.article.id)
            ).values():
                for follow in matched:
                    fired[follow.term_norm].add(doc["id"])

    _report(persons, keys, fired, show=args.show, documents=len(docs))
    _report_full(named, persons, full_terms, fired)


def _report_full(
    named: dict[str, set[str]],
    persons: dict[str, Counter[str]],
    terms: list[follows.Term],
    fired: dict[str, set[str]],
) -> None:
    """Persons followed by full name: a document is a positive when it names the surname
    twice or more and every annotated name with that surname can be the followed person
    (the full name, its initials, the surname alone); a negative when it lacks the surname;
    one naming another person of that surname counts as neither."""
    for half in ("", "A", "B"):
        true_pos = positives = alerts = 0
        for term in terms:
            assert term.surname is not None  # noqa: S101
            wanted, absent = set(), set()
            for doc, keys in named.items():
                if half and half_of(doc) != half:
                    continue
                same = [k for k in keys if term.surname in k.split()]
                if not same:
                    absent.add(doc)
                elif persons[doc][term.surname] >= 2 and all(
                    k == term.surname or same_person(term.norm, term.surname, k) for k in same
                ):
                    wanted.add(doc)
            positives += len(wanted)
            true_pos += len(wanted & fired[term.norm])
            alerts += len(fired[term.norm] & (wanted | absent))
        print(
            f"{'persons followed by full name':30} {half or 'all':3} recall "
            f"{true_pos / max(1, positives):.3f} ({positives} positives)   precision "
            f"{true_pos / max(1, alerts):.3f} ({alerts} alerts)"
        )


def _report(
    persons: dict[str, Counter[str]],
    keys: list[str],
    fired: dict[str, set[str]],
    *,
    show: bool,
    documents: int,
) -> None:
    """Recall and precision, for all documents and per half (and the misses with --show)."""

    def score(min_mentions: int, half: str = "") -> tuple[float, float, int, int]:
        true_pos = positives = alerts = 0
        chosen = {d: found for d, found in persons.items() if not half or half_of(d) == half}
        for key in keys:
            wanted = {d for d, found in chosen.items() if found[key] >= min_mentions}
            absent = {d for d, found in chosen.items() if found[key] == 0}
            positives += len(wanted)
            true_pos += len(wanted & fired[key])
            alerts += len(fired[key] & (wanted | absent))
        return true_pos / max(1, positives), true_pos / max(1, alerts), positives, alerts

    if show:
        for key in keys:
            absent = {d for d, found in persons.items() if found[key] == 0}
            wanted = {d for d, found in persons.items() if found[key] >= 2}
            for d in sorted(fired[key] & absent):
                print("false alert", key, d)
            for d in sorted(wanted - fired[key]):
                print("missed", key, d)
    print(f"documents: {documents}, persons followed: {len(keys)}")
    for label, least in (("every annotated person", 1), ("persons named twice or more", 2)):
        for half in ("", "A", "B"):
            recall, precision, positives, alerts = score(least, half)
            print(
                f"{label:30} {half or 'all':3} recall {recall:.3f} ({positives} positives)   "
                f"precision {precision:.3f} ({alerts} alerts)"
            )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--show", action="store_true", help="list false alerts and misses")
    asyncio.run(main(parser.parse_args()))
