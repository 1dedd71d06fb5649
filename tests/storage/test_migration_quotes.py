"""Migration 0009 (quotes and follows): a version-8 database's stored summaries give their
attributed quotes, keyed at start without re-summarising; follows keep their rows."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from bot.analysis.models import NlpModels
from bot.services import said
from bot.storage.db import MIGRATIONS_DIR, connect, migrate

QUOTES = "0009_quotes_follows.sql"


def _summary(quotes: list[object]) -> str:
    return json.dumps({"lang": "ru", "title": "T", "sentences": ["S."], "quotes": quotes})


async def test_a_version_8_database_gets_its_quotes_and_keeps_its_follows(
    tmp_path: Path, nlp: NlpModels
) -> None:
    earlier = tmp_path / "migrations"
    earlier.mkdir()
    for path in sorted(MIGRATIONS_DIR.glob("*.sql")):
        if path.name < QUOTES:
            shutil.copy(path, earlier)
    database = tmp_path / "t.sqlite3"
    lavrov = {"speaker": "Сергей Лавров", "text": "Мы договорились", "direct": True}
    async with connect(database) as conn:
        assert await migrate(conn, directory=earlier) == 8
        await conn.execute(
            "INSERT INTO subscribers (chat_id, kind, lang, tz, digest_time, created_at) "
            "VALUES (1, 'private', 'ru', 'UTC', '08:00', 100)"
        )
        await conn.execute(
            "INSERT INTO follows (chat_id, term_norm, term_display) VALUES (1, 'лавров', 'Лавров')"
        )
        rows: list[tuple[int, list[object]]] = [
            (1, [{"speaker": None, "text": "ничей", "direct": True}, lavrov]),
            (2, [{"speaker": "Reuters", "text": "said so", "direct": False}, "not a quote"]),
            (3, []),
        ]
        for n, quotes in rows:
            await conn.execute(
                "INSERT INTO articles (id, url, title, ingested_at, lang, text, content_hash, "
                "summary_json, summary_version) VALUES (?, ?, 'T', 10, 'ru', 'x', ?, ?, 3)",
                (n, f"https://e.com/{n}", f"h{n}", _summary(quotes)),
            )
        await conn.execute(
            "INSERT INTO articles (id, url, title, ingested_at, lang, text, content_hash, "
            "summary_json, summary_version) VALUES (4, 'https://e.com/4', 'T', 10, 'ru', 'x', "
            "'h4', '{}', 3)"
        )

    async with connect(database) as conn:
        assert await migrate(conn) >= 9
        async with conn.execute(
            "SELECT article_id, position, speaker, speaker_norm, text, direct FROM quotes "
            "ORDER BY article_id, position"
        ) as cur:
            copied = [tuple(r) for r in await cur.fetchall()]
        assert copied == [
            (1, 1, "Сергей Лавров", None, "Мы договорились", 1),
            (2, 0, "Reuters", None, "said so", 0),
        ]
        assert await said.normalise_quotes(conn, nlp) == 2
        assert await said.normalise_quotes(conn, nlp) == 0
        async with conn.execute("SELECT speaker_norm FROM quotes ORDER BY article_id") as cur:
            assert [r[0] for r in await cur.fetchall()] == ["сергей лавров", "reuter"]
        async with conn.execute(
            "SELECT chat_id, term_norm, term_display, kind, created_at FROM follows"
        ) as cur:
            assert [tuple(r) for r in await cur.fetchall()] == [(1, "лавров", "Лавров", "word", 0)]
        await conn.execute(
            "INSERT INTO follows (chat_id, term_norm, term_display, kind, created_at) "
            "VALUES (1, 'сергей лавров', 'Сергей Лавров', 'person', 5)"
        )
        with pytest.raises(sqlite3.IntegrityError):
            await conn.execute(
                "INSERT INTO follows (chat_id, term_norm, term_display, kind) "
                "VALUES (1, 'x', 'x', 'regex')"
            )
        async with conn.execute("PRAGMA index_list(follows)") as cur:
            assert "follows_term" in [r[1] for r in await cur.fetchall()]
        await conn.execute("DELETE FROM articles WHERE id = 1")  # its quotes go with it
        async with conn.execute("SELECT article_id FROM quotes") as cur:
            assert [r[0] for r in await cur.fetchall()] == [2]
