"""Same-story detection F1 on tgcontest article pairs, two-fold (issue 12).

Data: ``../shared/eval/stories`` (Toloka judgements from the Telegram Data Clustering contest:
116 Russian and 18 English pairs, same story or not). Positive class = same story.

Each article is fingerprinted as the digest does it: title, the first
``bot.storage.articles.LEAD_CHARS`` of the text, the summary's ``who`` and ``where`` (the
product's ``summarize`` run once per text and cached in the temp folder, keyed by the summary
version, the analysis code and the texts), and a publication day for yearless dates (the
pairs have none: a fixed day of the contest's period, so only the month and day of a written
date count).

Rows, all in one run:

- two-fold: the pairs split in halves A and B by a salted sha1 of the pair id; the
  threshold is chosen on one half (best F1) and the rule judged on the other, both ways,
  per language; for newsbrief now, newsbrief before issue 12 (20-word lead, no names, no
  body, no days), title-word Jaccard and TF cosine of the whole text.
- the same over 20 other random two-fold splits (mean and worst test-half F1, Russian).
- newsbrief at its fixed ``SAME_STORY_THRESHOLD`` (``same_story``), per language, per half.
- in context: the pairs' articles plus real distractor articles grouped at once by
  ``group_stories``; a pair is "same" when both get one label.
- time to fingerprint and to group 1,000 (and 500) articles; and, in the same run, 1,000
  articles read from a SQLite file as the digest reads them (``digests.candidates``: rows,
  summaries and the fingerprints stored when they were ingested) and grouped.

    OPENBLAS_NUM_THREADS=1 .venv/bin/python benchmarks/bench_stories.py [--errors]
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import gc
import hashlib
import itertools
import json
import os
import re
import shlex
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
ROOT = Path(__file__).resolve().parents[1]
EVAL = ROOT.parent / "shared" / "eval"
sys.path.insert(0, str(ROOT))

from bot.analysis.models import load  # noqa: E402 (the project root must be on the path first)
from bot.analysis.summarize import SUMMARY_VERSION, summarize  # noqa: E402
from bot.digest import stories  # noqa: E402
from bot.errors import NewsbriefError  # noqa: E402
from bot.models import Article  # noqa: E402
from bot.services import digests  # noqa: E402
from bot.storage import articles, feeds  # noqa: E402
from bot.storage.articles import LEAD_CHARS as STORED_CHARS  # noqa: E402
from bot.storage.db import connect, migrate, transaction  # noqa: E402

PAIRS = ["stories/tgcontest_pairs_ru.jsonl", "stories/tgcontest_pairs_en.jsonl"]
DISTRACTORS = [
    "summ/tgcontest_titles_ru.jsonl",
    "summ/tgcontest_titles_en.jsonl",
    "summ/bbc_news_summary_en.jsonl",
]
# The contest's articles are of November 2019 and May 2020: a day for yearless dates.
PUBLISHED = date(2020, 1, 15)
FOLD_SALT = "fold:"
OTHER_SPLITS = 20
REPEATS = 3  # runs of each timing of the stored-against-computed table
_WORD = re.compile(r"\w+")

Doc = tuple[str | None, str, str]  # title, text, lang


@dataclass(frozen=True, slots=True)
class Prf:
    """Precision, recall and F1 of the positive class."""

    p: float
    r: float
    f1: float
    n: int


def prf(pred: Sequence[bool], gold: Sequence[bool]) -> Prf:
    """Precision, recall, F1 of ``pred`` against ``gold`` (positive = same story)."""
    tp = sum(p and g for p, g in zip(pred, gold, strict=True))
    fp = sum(p and not g for p, g in zip(pred, gold, strict=True))
    fn = sum(g and not p for p, g in zip(pred, gold, strict=True))
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return Prf(p, r, 2 * p * r / (p + r) if p + r else 0.0, len(gold))


def best_threshold(scores: Sequence[float], gold: Sequence[bool]) -> tuple[float, float]:
    """(F1, threshold) maximising F1; thresholds are midpoints between adjacent scores."""
    values = sorted(set(scores))
    cuts = [values[0] - 1e-9] + [(a + b) / 2 for a, b in itertools.pairwise(values)]
    best = (-1.0, 0.0)
    for t in cuts:
        f = prf([s >= t for s in scores], gold).f1
        if f > best[0]:
            best = (f, t)
    return best


def half(pair_id: str, salt: str = FOLD_SALT) -> str:
    """The pair's half, "A" or "B", by a salted sha1 of its id (stable across runs)."""
    return "AB"[hashlib.sha1((salt + pair_id).encode(), usedforsecurity=False).digest()[0] % 2]


def read_jsonl(rel: str) -> list[dict[str, Any]]:
    with (EVAL / rel).open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


def distractor_docs(n: int) -> list[Doc]:
    """(title, text, lang) of ``n`` real articles that are not in the pairs."""
    out: list[Doc] = []
    for rel in DISTRACTORS:
        out.extend((d.get("title"), d["text"], d["lang"]) for d in read_jsonl(rel))
    return out[:n]


class Names:
    """The summary's who then where of each text, from a file cache or ``summarize``."""

    def __init__(self, docs: Sequence[Doc]) -> None:
        digest = hashlib.sha1(f"{SUMMARY_VERSION}".encode(), usedforsecurity=False)
        for source in sorted((ROOT / "bot" / "analysis").rglob("*.py")):  # a code change
            digest.update(source.read_bytes())  # re-runs the summaries
        for title, text, lang in docs:
            digest.update(f"{title}\x00{text}\x00{lang}\x01".encode())
        self.path = Path(tempfile.gettempdir()) / f"newsbrief-stories-{digest.hexdigest()}.json"
        self.names: dict[str, list[str]] = {}
        if self.path.exists():
            self.names = json.loads(self.path.read_text(encoding="utf-8"))
        missing = [d for d in docs if self._id(d) not in self.names]
        if missing:
            nlp = load()
            for doc in missing:
                title, text, lang = doc
                try:
                    summary = summarize(Article(text=text, title=title, lang=lang), nlp)
                except NewsbriefError:
                    self.names[self._id(doc)] = []
                    continue
                names = [e.name for e in summary.who] + list(summary.where)
                self.names[self._id(doc)] = names
            self.path.write_text(json.dumps(self.names, ensure_ascii=False), encoding="utf-8")

    @staticmethod
    def _id(doc: Doc) -> str:
        return hashlib.sha1(
            json.dumps(doc, ensure_ascii=False).encode(), usedforsecurity=False
        ).hexdigest()

    def __call__(self, doc: Doc) -> list[str]:
        return self.names.get(self._id(doc), [])


def product_key(doc: Doc, names: Names, morph: Any) -> stories.StoryKey:
    """The fingerprint as the digest makes it (stored text length, summary names)."""
    title, text, lang = doc
    return stories.story_key(title=title, text=text[:STORED_CHARS], lang=lang,
                             names=names(doc), morph=morph, published=PUBLISHED)  # fmt: skip


@contextmanager
def constants(**values: Any) -> Iterator[None]:
    """Temporarily set module constants of ``stories`` (restored on exit)."""
    saved = {k: getattr(stories, k) for k in values}
    for k, v in values.items():
        setattr(stories, k, v)
    try:
        yield
    finally:
        for k, v in saved.items():
            setattr(stories, k, v)


def old_key(doc: Doc, morph: Any) -> stories.StoryKey:
    """The fingerprint before issue 12: 20 words of lead, title x2, names x1.5, no summary
    names, no body, no days."""
    title, text, lang = doc
    words = list(itertools.islice(_WORD.finditer(text), 20))
    lead = text[: words[-1].end()] if words else ""
    with constants(LEAD_CHARS=10**9, TITLE_WEIGHT=2.0, NAME_WEIGHT=1.5):
        key = stories.story_key(title=title, text=lead, lang=lang, morph=morph)
    return dataclasses.replace(key, body={}, body_norm=0.0)


def tf_key(doc: Doc, morph: Any) -> stories.StoryKey:
    """Baseline: TF of the whole text and title, same normaliser, no weights, no body."""
    title, text, lang = doc
    with constants(LEAD_CHARS=10**9, LEAD_WORDS=10**9, TITLE_WEIGHT=1.0, NAME_WEIGHT=1.0):
        key = stories.story_key(title=title, text=text, lang=lang, morph=morph)
    return dataclasses.replace(key, body={}, body_norm=0.0)


def jaccard_titles(a: Doc, b: Doc) -> float:
    """Baseline: Jaccard of the lowercased title words."""
    wa = set(_WORD.findall((a[0] or "").lower()))
    wb = set(_WORD.findall((b[0] or "").lower()))
    return len(wa & wb) / len(wa | wb) if wa | wb else 0.0


def newsbrief_score(a: stories.StoryKey, b: stories.StoryKey) -> float:
    """``same_story`` as a score: its similarity, or -1 where its other conditions refuse."""
    lead = stories.lead_similarity(a, b)
    if lead < stories.LEAD_FLOOR or stories.conflicting(a, b):
        return -1.0
    return stories.similarity(a, b)


def two_fold(
    scores: Sequence[float], pairs: Sequence[dict[str, Any]], salt: str = FOLD_SALT
) -> dict[str, tuple[float, dict[str, Prf]]]:
    """Per test half: (threshold chosen on the other half, {lang: Prf on this half})."""
    gold = [bool(p["same_story"]) for p in pairs]
    halves = [half(p["id"], salt) for p in pairs]
    out = {}
    for test in "AB":
        train = [i for i, h in enumerate(halves) if h != test]
        _, t = best_threshold([scores[i] for i in train], [gold[i] for i in train])
        by_lang = {}
        for lang in ("ru", "en", "all"):
            idx = [i for i, h in enumerate(halves)
                   if h == test and lang in ("all", pairs[i]["lang"])]  # fmt: skip
            by_lang[lang] = prf([scores[i] >= t for i in idx], [gold[i] for i in idx])
        out[test] = (t, by_lang)
    return out


def n_docs(n: int, docs: Sequence[Doc]) -> list[Doc]:
    """``n`` articles: ``docs``, then past the real articles the same again (duplicates)."""
    out = list(docs)
    while len(out) < n:
        out += out[: n - len(out)]
    return out[:n]


@dataclass(frozen=True, slots=True)
class Timing:
    """Milliseconds to get n fingerprints and to group them, and what came out."""

    key_ms: float
    group_ms: float
    keys: list[stories.StoryKey]
    labels: list[int]

    @property
    def groups(self) -> int:
        """Groups of two articles or more."""
        sizes: dict[int, int] = {}
        for label in self.labels:
            sizes[label] = sizes.get(label, 0) + 1
        return sum(v > 1 for v in sizes.values())


def timing(n: int, names: Names, morph: Any, docs: list[Doc]) -> Timing:
    """Fingerprints of n articles computed, then grouped."""
    docs = n_docs(n, docs)
    for doc in docs:  # summary names are stored per article: not part of the timing
        names(doc)
    gc.collect()  # a full collection (the models' millions of objects) is not the code's
    started = time.perf_counter()
    keys = [product_key(doc, names, morph) for doc in docs]
    keyed = time.perf_counter()
    labels = stories.group_stories(keys)
    done = time.perf_counter()
    return Timing((keyed - started) * 1000, (done - keyed) * 1000, keys, labels)


def median_run(runs: Sequence[Timing]) -> Timing:
    """The run of median total time."""
    return sorted(runs, key=lambda t: t.key_ms + t.group_ms)[len(runs) // 2]


async def from_database(n: int, names: Names, morph: Any, docs: list[Doc]) -> Timing:
    """n articles stored as ingestion stores them (text, summary names, fingerprint), read
    back as a digest reads them (``digests.candidates``), then grouped. The stored
    fingerprints are made before the clock starts: ingestion made them."""
    docs = n_docs(n, docs)
    day = datetime(PUBLISHED.year, PUBLISHED.month, PUBLISHED.day, tzinfo=UTC)
    with tempfile.TemporaryDirectory() as tmp:
        async with connect(Path(tmp) / "bench.sqlite3") as db:
            await migrate(db)
            feed = await feeds.add(db, url="https://feed.example/rss", title="Feed")
            if feed is None:
                raise RuntimeError("the feed was not stored")
            async with transaction(db):
                for i, doc in enumerate(docs):
                    title, text, lang = doc
                    summary = {
                        "lang": lang, "title": title, "sentences": [], "where": [],
                        "who": [{"name": x, "kind": "person"} for x in names(doc)],
                        "when": [], "quotes": [], "source": {"name": None, "url": None},
                        "version": SUMMARY_VERSION,
                    }  # fmt: skip
                    key = product_key(doc, names, morph)
                    await articles.add(
                        db, url=f"https://bench.example/{i}", title=title, text=text,
                        lang=lang, published_at=None, feed_id=feed.id,
                        content_hash=f"{i:064x}", summary_json=json.dumps(summary),
                        summary_version=SUMMARY_VERSION, search_title="", search_text="",
                        ingested_at=day + timedelta(seconds=i),
                        fingerprint_json=stories.dump_key(key, day=PUBLISHED, lemmatised=True),
                        fingerprint_version=stories.FINGERPRINT_VERSION,
                    )  # fmt: skip
            saved, digests.MAX_CANDIDATES = digests.MAX_CANDIDATES, n
            try:
                gc.collect()
                started = time.perf_counter()
                found = await digests.candidates(db, after=day - timedelta(days=1),
                                                 feed_ids=(), morph=morph)  # fmt: skip
                keys = [c.key for c in reversed(found)]  # newest first: back to docs order
                keyed = time.perf_counter()
                labels = stories.group_stories(keys)
                done = time.perf_counter()
            finally:
                digests.MAX_CANDIDATES = saved
    return Timing((keyed - started) * 1000, (done - keyed) * 1000, keys, labels)


def row(label: str, m: Prf, extra: str = "") -> str:
    return f"| {label} | {m.n} | {m.p:.3f} | {m.r:.3f} | {m.f1:.3f} | {extra} |"


def main() -> None:  # noqa: PLR0915 (one report, read top to bottom)
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=1000, help="articles in the timing run")
    parser.add_argument("--errors", action="store_true", help="list the misjudged pairs")
    args = parser.parse_args()
    print(f"`{shlex.join(['python', *sys.argv])}`\n")
    pairs = [p for rel in PAIRS for p in read_jsonl(rel)]
    gold = [bool(p["same_story"]) for p in pairs]
    docs = [[(p[f"{s}_title"], p[f"{s}_text"], p["lang"]) for s in ("first", "second")]
            for p in pairs]  # fmt: skip
    n_distractors = max(0, args.articles - 2 * len(pairs))
    distractors = distractor_docs(n_distractors)
    names = Names([d for pair in docs for d in pair] + distractors)
    morph = load().morph_vocab
    threshold = stories.SAME_STORY_THRESHOLD

    keys = [(product_key(a, names, morph), product_key(b, names, morph)) for a, b in docs]
    methods: list[tuple[str, Callable[[], list[float]]]] = [
        ("newsbrief (`same_story`)", lambda: [newsbrief_score(a, b) for a, b in keys]),
        ("newsbrief before issue 12", lambda: [
            stories.similarity(old_key(a, morph), old_key(b, morph)) for a, b in docs]),
        ("title-word Jaccard", lambda: [jaccard_titles(a, b) for a, b in docs]),
        ("TF cosine, whole text", lambda: [
            stories.similarity(tf_key(a, morph), tf_key(b, morph)) for a, b in docs]),
    ]  # fmt: skip
    counts = {h: sum(half(p["id"]) == h for p in pairs) for h in "AB"}
    print(f"{len(pairs)} pairs ({sum(gold)} same story); halves A {counts['A']}, "
          f"B {counts['B']} pairs (salted sha1 of the id)\n")  # fmt: skip
    print("Two-fold: threshold chosen on one half (best F1), judged on the other.\n")
    print("| method | test half | threshold (from other half) | ru F1 (P / R) | en F1 | all F1 (P / R) |")  # fmt: skip  # noqa: E501
    print("|---|---|---:|---:|---:|---:|")
    scored = {}
    for label, score in methods:
        s = score()
        scored[label] = s
        for test, (t, by_lang) in two_fold(s, pairs).items():
            ru, en, al = by_lang["ru"], by_lang["en"], by_lang["all"]
            print(f"| {label} | {test} | {t:.3f} | {ru.f1:.3f} ({ru.p:.2f} / {ru.r:.2f}) | "
                  f"{en.f1:.3f} | {al.f1:.3f} ({al.p:.2f} / {al.r:.2f}) |")  # fmt: skip

    print(f"\nThe same over {OTHER_SPLITS} other random two-fold splits (test halves):\n")
    print("| method | pairs | mean F1 | worst F1 | mean P | worst P | mean R |")
    print("|---|---|---:|---:|---:|---:|---:|")
    for label, s in scored.items():
        folds = [by_lang for k in range(OTHER_SPLITS)
                 for _, by_lang in two_fold(s, pairs, salt=f"split{k}:").values()]  # fmt: skip
        for lang in ("ru", "en", "all"):
            runs = [by_lang[lang] for by_lang in folds]
            f1s, ps = [r.f1 for r in runs], [r.p for r in runs]
            print(f"| {label} | {lang} | {statistics.mean(f1s):.3f} | {min(f1s):.3f} | "
                  f"{statistics.mean(ps):.3f} | {min(ps):.3f} | "
                  f"{statistics.mean(r.r for r in runs):.3f} |")  # fmt: skip

    fixed = [stories.same_story(a, b) for a, b in keys]
    print(f"\nnewsbrief at its fixed threshold {threshold} (lead {stories.LEAD_CHARS} chars, "
          f"title x{stories.TITLE_WEIGHT}, names x{stories.NAME_WEIGHT}; body "
          f"{stories.BODY_CHARS} chars, title x{stories.BODY_TITLE_WEIGHT}; lead share "
          f"{stories.LEAD_SHARE}, lead floor {stories.LEAD_FLOOR})\n")  # fmt: skip
    print("| pairs | n | P | R | F1 | note |")
    print("|---|---:|---:|---:|---:|---|")
    for part in ("A", "B", "all"):
        for lang in ("ru", "en", "all"):
            idx = [i for i, p in enumerate(pairs)
                   if part in ("all", half(p["id"])) and lang in ("all", p["lang"])]  # fmt: skip
            label = f"{lang}, half {part}" if part != "all" else f"{lang}, both halves"
            m = prf([fixed[i] for i in idx], [gold[i] for i in idx])
            print(row(label, m, "pair alone"))
    before = [s >= threshold for s in scored["newsbrief before issue 12"]]
    for lang in ("ru", "en", "all"):
        idx = [i for i, p in enumerate(pairs) if lang in ("all", p["lang"])]
        m = prf([before[i] for i in idx], [gold[i] for i in idx])
        print(row(f"{lang}, both halves, before issue 12", m, f"its fixed {threshold}"))
    started = time.perf_counter()
    context = [k for pair in keys for k in pair]
    context += [product_key(d, names, morph) for d in distractors]
    labels = stories.group_stories(context)
    ms = (time.perf_counter() - started) * 1000
    grouped = [labels[2 * i] == labels[2 * i + 1] for i in range(len(pairs))]
    print(row("all, in context", prf(grouped, gold),
              f"`group_stories` over {len(context)} articles (average-link), "
              f"{ms:.0f} ms with fingerprints"))  # fmt: skip

    print("\n| articles | fingerprint ms | group_stories ms | groups of 2+ |")
    print("|---:|---:|---:|---:|")
    real = [d for pair in docs for d in pair] + distractors
    timings = {}
    for n in sorted({args.articles // 2, args.articles}):
        timings[n] = t = timing(n, names, morph, real)
        print(f"| {n} | {t.key_ms:.0f} | {t.group_ms:.0f} | {t.groups} |")
    print(
        f"\n(timing: the pairs' articles plus real distractors ({len(real)} real articles; "
        "past them the set repeats, adding exact duplicates); summary names precomputed, "
        "as they are stored; lemma cache warm.)"
    )
    n = args.articles
    computed_runs = [timing(n, names, morph, real) for _ in range(REPEATS)]
    stored_runs = [asyncio.run(from_database(n, names, morph, real)) for _ in range(REPEATS)]
    computed, stored = median_run(computed_runs), median_run(stored_runs)
    same = all(t.keys == computed.keys and t.labels == computed.labels
               for t in computed_runs + stored_runs)  # fmt: skip
    print(f"\n| {n:,} articles (median of {REPEATS} runs) | fingerprints ms | "
          "group_stories ms | total ms | groups of 2+ |")  # fmt: skip
    print("|---|---:|---:|---:|---:|")
    for label, t in (
        ("fingerprints computed + group", computed),
        ("from the database: load stored fingerprints + group", stored),
    ):
        print(f"| {label} | {t.key_ms:.0f} | {t.group_ms:.0f} | {t.key_ms + t.group_ms:.0f} | "
              f"{t.groups} |")  # fmt: skip
    print(
        f"\n(from the database: `digests.candidates` reads the {n:,} rows of a SQLite file "
        "(lead, summary, stored fingerprint), parses summaries and fingerprints; stored "
        f"fingerprints and groups identical to the computed ones: {'yes' if same else 'NO'}.)"
    )

    if args.errors:
        print("\nMisjudged pairs at the fixed threshold (score, gold, half):")
        s = scored["newsbrief (`same_story`)"]
        for i in sorted(range(len(pairs)), key=lambda i: s[i]):
            if fixed[i] != gold[i]:
                p = pairs[i]
                print(f"  {s[i]:.3f} gold={gold[i]!s:5} {half(p['id'])} {p['lang']} "
                      f"{p['first_title'][:60]!r} / {p['second_title'][:60]!r}")  # fmt: skip


if __name__ == "__main__":
    main()
