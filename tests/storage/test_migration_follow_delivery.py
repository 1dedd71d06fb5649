"""Migration 0010 (follow delivery): a version-9 database keeps its chats, which get instant
alerts and no quiet hours; the new tables keep their checks and cascade with articles."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from bot.analysis.models import NlpModels
from bot.services import follows, said
from bot.storage.db import MIGRATIONS_DIR, connect, migrate

DELIVERY = "0010_follow_delivery.sql"


def _before_0010(tmp_path: Path) -> Path:
    """A directory of the migrations before 0010."""
    earlier = tmp_path / "migrations"
    earlier.mkdir()
    for path in sorted(MIGRATIONS_DIR.glob("*.sql")):
        if path.name < DELIVERY:
            shutil.copy(path, earlier)
    return earlier


async def test_a_version_9_database_keeps_its_chats_with_instant_alerts(tmp_path: Path) -> None:
    database = tmp_path / "t.sqlite3"
    async with connect(database) as conn:
        assert await migrate(conn, directory=_before_0010(tmp_path)) == 9
        await conn.execute(
            "INSERT INTO subscribers (chat_id, kind, lang, tz, digest_time, created_at) "
            "VALUES (1, 'private', 'be', 'Europe/Minsk', '07:30', 100)"
        )
        await conn.execute(
            "INSERT INTO articles (id, url, title, ingested_at, lang, text, content_hash, "
            "summary_json, summary_version) VALUES (5, 'https://e.com/5', 'T', 10, 'ru', 'x', "
            "'h5', '{}', 3)"
        )
        await conn.commit()

    async with connect(database) as conn:
        assert await migrate(conn) >= 10
        async with conn.execute(
            "SELECT chat_id, lang, tz, digest_time, follow_alerts, quiet_from, quiet_to "
            "FROM subscribers"
        ) as cur:
            assert [tuple(r) for r in await cur.fetchall()] == [
                (1, "be", "Europe/Minsk", "07:30", "instant", None, None)
            ]
        await conn.execute("INSERT INTO article_names VALUES (5, 'лавров')")
        await conn.execute("INSERT INTO follow_hits VALUES (1, 5, 'Лавров', 200)")
        for bad in (
            "UPDATE subscribers SET follow_alerts = 'sometimes'",
            "UPDATE subscribers SET quiet_from = '24:00'",
            "UPDATE subscribers SET quiet_to = '7:00'",
            "INSERT INTO article_names VALUES (5, '')",
            "INSERT INTO follow_hits VALUES (1, 6, 'Лавров', 200)",  # no article 6
        ):
            with pytest.raises(sqlite3.IntegrityError):
                await conn.execute(bad)
        await conn.execute("UPDATE subscribers SET quiet_from = '23:00', quiet_to = '08:00'")
        await conn.execute("DELETE FROM articles WHERE id = 5")
        for table in ("article_names", "follow_hits"):
            async with conn.execute(f"SELECT COUNT(*) FROM {table}") as cur:  # noqa: S608
                assert tuple(await cur.fetchone() or ()) == (0,)


async def test_follows_and_quotes_keyed_by_older_rules_are_keyed_again(
    tmp_path: Path, nlp: NlpModels
) -> None:
    database = tmp_path / "t.sqlite3"
    async with connect(database) as conn:
        assert await migrate(conn, directory=_before_0010(tmp_path)) == 9
        await conn.execute(
            "INSERT INTO subscribers (chat_id, kind, lang, tz, digest_time, created_at) "
            "VALUES (1, 'private', 'ru', 'UTC', '08:00', 100)"
        )
        # Keyed by the rules of 0009: «Свиридов» as the plural of «Свирид», «Санкции» as a
        # name; «Свиридова» already as the new rules key it (the two become one follow).
        await conn.executemany(
            "INSERT INTO follows (chat_id, term_norm, term_display, kind) VALUES (1, ?, ?, ?)",
            [("свирид", "Свиридов", "person"), ("санкции", "Санкции", "person"),
             ("свиридов", "Свиридова", "person"), ("лавров", "Лавров", "person"),
             ("сергей лавров", "Сергей Лавров", "person")],
        )  # fmt: skip
        await conn.execute(
            "INSERT INTO articles (id, url, title, ingested_at, lang, text, content_hash, "
            "summary_json, summary_version) VALUES (5, 'https://e.com/5', 'T', 10, 'ru', 'x', "
            "'h5', '{}', 3)"
        )
        await conn.execute(
            "INSERT INTO quotes (article_id, position, speaker, speaker_norm, text, direct) "
            "VALUES (5, 0, 'Егор Свиридов', 'егор свирид', 'Мы пришли', 1)"
        )
        await conn.commit()

    async with connect(database) as conn:
        assert await migrate(conn) >= 10
        assert await said.normalise_quotes(conn, nlp) == 1
        assert await follows.rekey(conn, nlp) == 5
        assert await follows.rekey(conn, nlp) == 0  # once
        async with conn.execute(
            "SELECT term_norm, term_display, kind, surname, key_version FROM follows "
            "ORDER BY term_norm"
        ) as cur:
            assert [tuple(r) for r in await cur.fetchall()] == [
                ("лавров", "Лавров", "person", None, follows.KEY_VERSION),
                ("санкция", "Санкции", "word", None, follows.KEY_VERSION),
                ("свиридов", "Свиридова", "person", None, follows.KEY_VERSION),
                ("сергей лавров", "Сергей Лавров", "person", "лавров", follows.KEY_VERSION),
            ]
        async with conn.execute("SELECT speaker_norm FROM quotes") as cur:
            assert [r[0] for r in await cur.fetchall()] == ["егор свиридов"]
