"""Same-story fingerprints stored with each article (migration 0005), on real SQLite files:
made once when stored, read by digests without being made again, made lazily for rows
without one or with one of an older recipe."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import aiosqlite
import pytest

from bot.analysis.models import NlpModels
from bot.analysis.summarize import SUMMARY_VERSION, summary_from_dict
from bot.digest import stories
from bot.digest.stories import StoryKey
from bot.services import digests, ingest
from bot.storage import articles, feeds
from bot.storage.articles import NewFingerprint
from bot.storage.db import MIGRATIONS_DIR, connect, migrate, schema_version
from tests.factories import summary_json

# Three outlets report one flood in other words; a fourth article is another story of the
# same town (as in tests/digest/test_digest_e2e.py).
FLOOD = [
    ("Паводок в Гомеле: подтоплены 40 домов на улице Речной",
     "Вода в реке Сож поднялась за ночь на метр, в Гомеле подтоплены 40 домов на улице "
     "Речной, жителей эвакуируют, сообщили в МЧС.", ["МЧС"], ["Гомель", "Сож"]),
    ("В Гомеле из-за паводка эвакуируют жителей улицы Речной",
     "МЧС эвакуирует жителей 40 подтопленных домов на улице Речной в Гомеле: уровень Сожа "
     "за ночь вырос на метр.", ["МЧС"], ["Гомель", "Сож"]),
    ("Сож вышел из берегов: в Гомеле подтоплены дома",
     "Уровень воды в Соже за ночь поднялся на метр, в Гомеле на улице Речной подтоплены 40 "
     "домов, сообщает МЧС.", ["МЧС"], ["Гомель", "Сож"]),
    ("В Гомеле открыли новый парк аттракционов",
     "В Гомеле после реконструкции открыли парк аттракционов у Дворца Румянцевых, первые "
     "посетители прокатились на колесе обозрения.", [], ["Гомель"]),
]  # fmt: skip
NOW = datetime.now(tz=UTC)


@pytest.fixture
def made(monkeypatch: pytest.MonkeyPatch) -> list[str | None]:
    """The titles of the articles whose fingerprint is made (``stories.article_key`` calls)."""
    calls: list[str | None] = []
    real: Callable[..., StoryKey] = stories.article_key

    def counting(**kwargs: Any) -> StoryKey:
        calls.append(kwargs["title"])
        return real(**kwargs)

    monkeypatch.setattr(stories, "article_key", counting)
    return calls


def _summary_json(n: int, title: str, text: str, who: list[str], where: list[str]) -> str:
    return summary_json(title, text, lang="ru", source=f"Source {n}", who=who, where=where)


async def _candidates(db: aiosqlite.Connection, nlp: NlpModels) -> list[Any]:
    found = await digests.candidates(
        db, after=NOW - timedelta(days=1), feed_ids=(), morph=nlp.morph_vocab
    )
    return sorted(found, key=lambda c: c.article_id)


def _groups(found: list[Any]) -> list[int]:
    return stories.group_stories([c.key for c in found])


async def _stored(db: aiosqlite.Connection) -> dict[int, tuple[str | None, int | None]]:
    async with db.execute(
        "SELECT id, fingerprint_json, fingerprint_version FROM articles ORDER BY id"
    ) as cur:
        return {r[0]: (r[1], r[2]) for r in await cur.fetchall()}


async def _ingest_flood(db: aiosqlite.Connection, nlp: NlpModels) -> None:
    for n, (title, text, _, _) in enumerate(FLOOD):
        feed = await feeds.add(db, url=f"https://feeds.example/{n}", title=f"Source {n}")
        assert feed is not None
        prepared = ingest.prepare(f"{title}\n\n{text}", url=f"https://news{n}.example/a")
        stored = await ingest.store(db, prepared, nlp, feed_id=feed.id)
        assert stored.new


async def test_a_version_4_database_gets_fingerprints_made_once(
    tmp_path: Path, nlp: NlpModels, made: list[str | None]
) -> None:
    v4 = tmp_path / "v4"
    v4.mkdir()
    for path in sorted(MIGRATIONS_DIR.glob("000[1234]_*.sql")):
        shutil.copy(path, v4)
    path = tmp_path / "old.sqlite3"
    async with connect(path) as conn:
        assert await migrate(conn, directory=v4) == 4
        for n, (title, text, who, where) in enumerate(FLOOD):
            await conn.execute(
                "INSERT INTO feeds (id, url, title) VALUES (?, ?, ?)",
                (n + 1, f"https://feeds.example/{n}", f"Source {n}"),
            )
            await conn.execute(
                "INSERT INTO articles (url, feed_id, title, ingested_at, lang, text, "
                "content_hash, summary_json, summary_version) VALUES (?, ?, ?, ?, 'ru', ?, ?, "
                "?, 1)",
                (f"https://news{n}.example/a", n + 1, title,
                 int((NOW - timedelta(hours=1, minutes=n)).timestamp()), text, f"{n:064x}",
                 _summary_json(n, title, text, who, where)),
            )  # fmt: skip

    async with connect(path) as conn:
        assert await migrate(conn) >= 5
        assert await schema_version(conn) >= 5
        assert set((await _stored(conn)).values()) == {(None, None)}
        found = await _candidates(conn, nlp)
        # Made from what is stored, as before the migration: the flood is one story.
        assert len(found) == 4
        assert _groups(found) == [0, 0, 0, 1]
        assert sorted(made) == sorted(title for title, *_ in FLOOD)
        stored = await _stored(conn)
        assert all(v == stories.FINGERPRINT_VERSION and j for j, v in stored.values())

        # Stored back: the next digest (another process, after a restart) reads them.
        made.clear()
        again = await _candidates(conn, nlp)
        assert made == []
        assert [c.key for c in again] == [c.key for c in found]


async def test_ingest_stores_the_fingerprint_the_digest_would_make(
    db: aiosqlite.Connection, nlp: NlpModels, made: list[str | None]
) -> None:
    await _ingest_flood(db, nlp)
    assert len(made) == 4  # one per article, with its summary
    stored = await _stored(db)
    assert all(j and v == stories.FINGERPRINT_VERSION for j, v in stored.values())

    made.clear()
    found = await _candidates(db, nlp)
    assert made == []  # read, not made again
    assert _groups(found) == [0, 0, 0, 1]
    # What the digest reads is what it would make from the stored row (one recipe).
    rows = sorted(await articles.since(db, after=NOW - timedelta(days=1)), key=lambda r: r.id)
    remade = [
        stories.article_key(
            title=row.title, text=row.lead, lang=row.lang,
            summary=summary_from_dict(json.loads(row.summary_json)),
            day=row.ingested_at.date(), morph=nlp.morph_vocab,
        )
        for row in rows
    ]  # fmt: skip
    assert [c.key for c in found] == remade
    assert found[0].key.weights  # not an empty fingerprint


async def test_a_new_recipe_version_makes_them_again(
    db: aiosqlite.Connection,
    nlp: NlpModels,
    made: list[str | None],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    await _ingest_flood(db, nlp)
    monkeypatch.setattr(stories, "FINGERPRINT_VERSION", stories.FINGERPRINT_VERSION + 1)
    made.clear()
    found = await _candidates(db, nlp)
    assert len(made) == 4
    assert _groups(found) == [0, 0, 0, 1]
    assert {v for _, v in (await _stored(db)).values()} == {stories.FINGERPRINT_VERSION}
    made.clear()
    await _candidates(db, nlp)
    assert made == []


async def test_a_fingerprint_of_another_day_or_unreadable_is_made_again(
    db: aiosqlite.Connection, nlp: NlpModels, made: list[str | None]
) -> None:
    await _ingest_flood(db, nlp)
    before = await _stored(db)
    # Row 1 shared a day later (its ingestion day is the year's day of yearless dates);
    # row 2's fingerprint is damaged.
    await db.execute("UPDATE articles SET ingested_at = ingested_at + 86400 WHERE id = 1")
    await db.execute("UPDATE articles SET fingerprint_json = '{\"w\": 1}' WHERE id = 2")
    made.clear()
    found = await digests.candidates(
        db, after=NOW - timedelta(days=1), feed_ids=(), morph=nlp.morph_vocab
    )
    assert sorted(made) == sorted([FLOOD[0][0], FLOOD[1][0]])
    assert len(found) == 4
    after = await _stored(db)
    assert after[1] != before[1] and after[2] == before[2]
    assert after[3] == before[3] and after[4] == before[4]


async def test_a_fingerprint_changed_since_it_was_read_is_kept(
    db: aiosqlite.Connection, nlp: NlpModels
) -> None:
    await _ingest_flood(db, nlp)
    current, version = (await _stored(db))[1]
    assert current is not None and version is not None
    stale = NewFingerprint(
        article_id=1, fingerprint_json="{}", fingerprint_version=version, replaces=None
    )
    assert await articles.set_fingerprints(db, [stale]) == 0
    assert (await _stored(db))[1] == (current, version)
    fresh = NewFingerprint(
        article_id=1, fingerprint_json="{}", fingerprint_version=version, replaces=current
    )
    assert await articles.set_fingerprints(db, [fresh]) == 1
    assert (await _stored(db))[1] == ("{}", version)


async def test_resummarize_makes_the_fingerprint_again(
    db: aiosqlite.Connection, nlp: NlpModels, made: list[str | None]
) -> None:
    await _ingest_flood(db, nlp)
    before = await _stored(db)
    # An old summary (names lost) whose fingerprint was made by an old recipe.
    await db.execute(
        "UPDATE articles SET summary_version = 0, fingerprint_json = '{}', "
        "fingerprint_version = 0 WHERE id IN (1, 2)"
    )
    made.clear()
    assert await ingest.resummarize(db, nlp) == 2
    assert sorted(made) == sorted([FLOOD[0][0], FLOOD[1][0]])
    after = await _stored(db)
    assert after == before  # the same summary again, so the same fingerprint
    async with db.execute("SELECT DISTINCT summary_version FROM articles") as cur:
        assert [r[0] for r in await cur.fetchall()] == [SUMMARY_VERSION]
    made.clear()
    assert _groups(await _candidates(db, nlp)) == [0, 0, 0, 1]
    assert made == []


def test_dumped_fingerprints_read_back_exactly(nlp: NlpModels) -> None:
    day = NOW.date()
    keys = [
        stories.story_key(title=title, text=text, lang="ru", names=who + where,
                          morph=nlp.morph_vocab, published=day)
        for title, text, who, where in FLOOD
    ]  # fmt: skip
    keys.append(
        stories.story_key(
            title="Выборы в Тверской области назначили на «День Победы» 9 мая",
            text="Губернатор Тверской области назначил выборы на 9 мая.",
            lang="ru", names=["Тверская область"], morph=nlp.morph_vocab, published=day,
        )
    )  # fmt: skip
    assert keys[-1].region is not None and keys[-1].title_days and keys[-1].title_quoted
    dumped = [stories.dump_key(k, day=day, lemmatised=True) for k in keys]
    loaded = [
        stories.load_key(d, stories.FINGERPRINT_VERSION, day=day, lemmatised=True) for d in dumped
    ]
    assert loaded == keys
    assert [list(k.weights) for k in loaded if k] == [list(k.weights) for k in keys]
    # Another day, normaliser or version: made again.
    other_day = day + timedelta(days=1)
    version = stories.FINGERPRINT_VERSION
    assert stories.load_key(dumped[0], version, day=other_day, lemmatised=True) is None
    assert stories.load_key(dumped[0], version, day=day, lemmatised=False) is None
    assert stories.load_key(dumped[0], version + 1, day=day, lemmatised=True) is None
    assert stories.load_key(None, None, day=day, lemmatised=True) is None
    assert stories.load_key("[]", version, day=day, lemmatised=True) is None
