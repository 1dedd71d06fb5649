"""The synthetic article store the latency benchmarks share (search, commands).

Articles are built from real sentences of ``../shared/eval`` (Russian and English news, so
the vocabulary and its Zipf shape are real), 70 % Russian, stored through
``bot.storage.articles.add`` exactly as ingest stores them, each with a summary JSON of the
size the summariser writes (three of its sentences, five people with roles, three places, a
date, a quote), so that /latest and /search render what they would render in production.

``cached_corpus`` keeps one built database per size under the cache folder
(``$NEWSBRIEF_BENCH_CACHE``, default ``<tmp>/newsbrief-bench``) so that reruns are fast.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from bot.analysis.models import NlpModels
from bot.analysis.search_terms import normalize_for_search
from bot.analysis.sentences import split_sentences
from bot.storage import articles, db

ROOT = Path(__file__).resolve().parents[1]
EVAL = ROOT.parent / "shared" / "eval"
SOURCES = {
    "ru": ["ner/factru_dev.jsonl", "ner/bsnlp2019_ru.jsonl", "summ/tgcontest_titles_ru.jsonl"],
    "en": ["summ/bbc_news_summary_en.jsonl", "summ/tgcontest_titles_en.jsonl"],
}
BATCH = 1000
# Bump when the generated rows change, so cached databases are rebuilt.
CORPUS_VERSION = 3

# Fact-line material for the stored summaries (their size matters, not their truth).
_WHO = {
    "ru": [
        ("Сергей Лавров", "министр иностранных дел России"), ("Марко Рубио", "госсекретарь США"),
        ("Александр Лукашенко", None), ("МИД РФ", None), ("Дональд Трамп", "президент США"),
        ("Эльвира Набиуллина", "глава ЦБ"), ("Росстат", None),
    ],
    "en": [
        ("Marco Rubio", "US Secretary of State"), ("Keir Starmer", "prime minister"),
        ("Bank of England", None), ("Gordon Brown", "chancellor"), ("BBC", None),
        ("Angela Merkel", "German chancellor"), ("Ofcom", None),
    ],
}  # fmt: skip
_WHERE = {
    "ru": ["Москва", "Минск", "Куала-Лумпур", "Украина", "Вашингтон", "Пекин"],
    "en": ["London", "Washington", "Brussels", "Paris", "Beijing", "Kuala Lumpur"],
}


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0-100) by nearest rank."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * len(ordered)) - 1))]


def raw_sentences(nlp: NlpModels) -> dict[str, list[str]]:
    """The sentences of the dev data, per language."""
    out: dict[str, list[str]] = {}
    for lang, paths in SOURCES.items():
        found: list[str] = []
        for rel in paths:
            with (EVAL / rel).open(encoding="utf-8") as fh:
                for line in fh:
                    text = json.loads(line)["text"]
                    found.extend(s.text for s in split_sentences(text, lang, nlp))
        out[lang] = found
    return out


def load_sentences(nlp: NlpModels) -> dict[str, list[tuple[str, str]]]:
    """(sentence, normalised sentence) pairs per language from the dev data."""
    return {
        lang: [(s, normalize_for_search(s, lang, nlp)) for s in found]
        for lang, found in raw_sentences(nlp).items()
    }


def summary_json(
    lang: str, title: str, picked: list[str], *, url: str, rng: random.Random, day: datetime
) -> str:
    """A stored summary of the summariser's shape and size for a synthetic article."""
    sentences: list[str] = []
    for sentence in picked:
        if len(sentences) == 3 or sum(map(len, sentences)) + len(sentence) > 600:
            break
        sentences.append(sentence)
    who = rng.sample(_WHO[lang], 5)
    summary: dict[str, Any] = {
        "lang": lang,
        "title": title,
        "sentences": sentences or [picked[0][:600]],
        "who": [{"name": n, "role": r, "kind": "person" if r else "org"} for n, r in who],
        "where": rng.sample(_WHERE[lang], 3),
        "when": [day.date().isoformat()],
        "quotes": [{"speaker": who[0][0], "text": picked[-1][:300], "direct": True}],
        "source": {"name": "Bench News", "url": url},
        "version": 1,
    }
    return json.dumps(summary, ensure_ascii=False)


async def build(path: Path, n: int, sentences: dict[str, list[tuple[str, str]]]) -> float:
    """Store ``n`` synthetic articles (70 % Russian); returns seconds taken."""
    rng = random.Random(20261126)  # noqa: S311 (reproducible sampling, not secrets)
    now = datetime.now(UTC)
    started = time.perf_counter()
    async with db.connect(path) as conn:
        await db.migrate(conn)
        for first in range(0, n, BATCH):
            async with db.transaction(conn):
                for i in range(first, min(n, first + BATCH)):
                    lang = "ru" if rng.random() < 0.7 else "en"
                    picked = rng.sample(sentences[lang], rng.randint(6, 14))
                    text = "\n".join(s for s, _ in picked)
                    url = f"https://bench.example/{i}"
                    title = picked[0][0][:120]
                    moment = now - timedelta(minutes=(n - i) * 5)
                    await articles.add(
                        conn,
                        url=url,
                        title=title,
                        text=text,
                        lang=lang,
                        published_at=moment,
                        feed_id=None,
                        content_hash=hashlib.sha256(f"{i}:{text}".encode()).hexdigest(),
                        summary_json=summary_json(
                            lang, title, [s for s, _ in picked], url=url, rng=rng, day=moment
                        ),
                        summary_version=1,
                        search_title=picked[0][1],
                        search_text=" ".join(norm for _, norm in picked),
                        ingested_at=moment,
                    )
    return time.perf_counter() - started


def make_queries(sentences: dict[str, list[str]], k: int, seed: int = 7) -> list[str]:
    """User-like queries: one or two words of real sentences, names and common words alike."""
    rng = random.Random(seed)  # noqa: S311 (reproducible sampling, not secrets)
    queries = []
    for _ in range(k):
        lang = "ru" if rng.random() < 0.7 else "en"
        words = [w for w in rng.choice(sentences[lang]).split() if len(w) > 3]
        if words:
            queries.append(" ".join(rng.sample(words, min(len(words), rng.choice([1, 1, 2])))))
    return queries


def cache_dir() -> Path:
    """Where built databases are kept between runs."""
    default = Path(tempfile.gettempdir()) / "newsbrief-bench"
    return Path(os.environ.get("NEWSBRIEF_BENCH_CACHE", default))


async def cached_corpus(n: int, nlp: NlpModels) -> tuple[Path, float | None]:
    """A built database of ``n`` articles, from the cache or built now.

    Returns its path and the seconds the build took (None when it came from the cache).
    Callers that write must copy it first.
    """
    folder = cache_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"corpus-{n}-v{CORPUS_VERSION}-s{db.latest_version()}.sqlite3"
    if path.is_file():
        return path, None
    partial = path.with_suffix(f".{os.getpid()}.partial")
    seconds = await build(partial, n, load_sentences(nlp))
    partial.replace(path)
    return path, seconds
