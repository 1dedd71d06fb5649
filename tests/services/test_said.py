"""Quotes stored with their speaker's key at ingest, again by resummarize, and /said's
lookup: any form of any word of the name, only the articles a chat may see."""

from __future__ import annotations

import aiosqlite

from bot.analysis.models import NlpModels
from bot.analysis.speaker_key import matches, name_terms, speaker_key
from bot.services import ingest, said
from bot.storage import feeds

EN_TEXT = (
    "Secretary of State Marco Rubio met Russian Foreign Minister Sergei Lavrov in Kuala "
    "Lumpur on Thursday. The two held talks on the sidelines of regional meetings, the "
    "State Department said. \u201cIt was a frank conversation,\u201d Rubio told reporters."
)


def test_speaker_key_reads_names_as_names(nlp: NlpModels) -> None:
    assert speaker_key("Сергей  Лавров", nlp) == "сергей лавров"
    assert speaker_key("Дмитрия Пескова", nlp) == "дмитрий песков"
    assert speaker_key("Дмитрий Песков", nlp) == "дмитрий песков"  # not «песок»
    assert speaker_key("Пётр Толстой", nlp) == speaker_key("петр толстой", nlp)
    key = speaker_key("Marco Rubio", nlp)
    assert matches(key, name_terms("Rubio", nlp))
    assert matches(speaker_key("Сергей Лавров", nlp), name_terms("Лавровым", nlp))
    assert not matches(speaker_key("Сергей Лавров", nlp), name_terms("Сергей Шойгу", nlp))
    assert not matches(key, [])


async def _quotes(db: aiosqlite.Connection) -> list[tuple[object, ...]]:
    async with db.execute(
        "SELECT article_id, speaker, speaker_norm, text, direct FROM quotes ORDER BY id"
    ) as cur:
        return [tuple(r) for r in await cur.fetchall()]


async def test_ingest_stores_quotes_and_resummarize_redoes_them(
    db: aiosqlite.Connection, nlp: NlpModels
) -> None:
    stored = await ingest.store(db, ingest.prepare(EN_TEXT), nlp)
    expected = (stored.article.id, "Marco Rubio", "marco rubio", "It was a frank conversation", 1)
    assert expected in await _quotes(db)
    # An older summary: its quotes are lost, or never keyed (as migration 0009 copies them).
    await db.execute("UPDATE articles SET summary_version = 0")
    await db.execute("DELETE FROM quotes")
    await db.execute(
        "INSERT INTO quotes (article_id, position, speaker, text, direct) "
        "VALUES (?, 9, 'Sergei Lavrov', 'old', 1)",
        (stored.article.id,),
    )
    await db.commit()
    assert await ingest.resummarize(db, nlp) == 1
    assert expected in await _quotes(db)
    assert all(row[3] != "old" for row in await _quotes(db))  # replaced, not added to


async def test_said_sees_what_the_chat_may_see(db: aiosqlite.Connection, nlp: NlpModels) -> None:
    own = await feeds.add(db, url="https://chats.example/rss")
    assert own is not None
    await db.execute("UPDATE feeds SET shared = 0")
    await db.commit()
    text = EN_TEXT.replace("Thursday", "Friday")
    await ingest.store(db, ingest.prepare(text), nlp, feed_id=own.id)  # a chats' feed
    for chat_id in (1, 2):
        page = await said.said(db, nlp, "rubio", chat_id=chat_id, limit=5)
        assert page.items == ()  # no chat has the feed among its sources
    await db.execute(
        "INSERT INTO subscribers (chat_id, kind, lang, tz, digest_time, created_at) "
        "VALUES (2, 'private', 'en', 'UTC', '08:00', 1)"
    )
    await db.execute(
        "INSERT INTO chat_feeds (chat_id, feed_id, added_at) VALUES (2, ?, 1)", (own.id,)
    )
    await db.commit()
    page = await said.said(db, nlp, "RUBIO", chat_id=2, limit=5)
    assert [q.text for q in page.items] == ["It was a frank conversation"]
    assert not page.has_more
    assert (await said.said(db, nlp, "Rubio", chat_id=1, limit=5)).items == ()
    assert (await said.said(db, nlp, "Marco Lavrov", chat_id=2, limit=5)).items == ()
