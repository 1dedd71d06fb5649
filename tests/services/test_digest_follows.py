"""The digest's "what you follow" section: the articles a chat's follows matched (follow_hits)
come first, each with what matched, and are not repeated below; other chats' digests are as
before. Real SQLite, real story grouping."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import aiosqlite

from bot.config import Settings
from bot.services import digests
from bot.storage import articles, feeds, follow_hits, subscribers
from bot.storage.follow_hits import Hit
from tests.factories import say, subscribe, summary_json
from tests.fake_telegram import parse_html

NOW = datetime(2026, 3, 10, 6, 0, tzinfo=UTC)  # 09:00 in Minsk (UTC+3)

STORIES = [
    ("Минфин", "Минфин Беларуси выпустил облигации на 100 миллионов рублей",
     "Министерство финансов Беларуси разместило облигации на 100 миллионов рублей."),
    ("Агентство", "Беларусь выпустила облигации на 100 миллионов рублей",
     "Минфин Беларуси разместил облигации на сумму 100 миллионов рублей, сообщило ведомство."),
    ("Агентство", "В Гродно открыли новый мост через Неман",
     "В Гродно после ремонта открыли мост через Неман, движение восстановлено."),
    ("Минфин", "Сборная Беларуси по хоккею выиграла у Казахстана",
     "Хоккеисты сборной Беларуси обыграли команду Казахстана со счетом 3:1."),
]  # fmt: skip
BONDS = ("Минфин Беларуси выпустил облигации", "Беларусь выпустила облигации")
BRIDGE = "В Гродно открыли новый мост через Неман"
HOCKEY = "Сборная Беларуси по хоккею"


def _settings() -> Settings:
    return Settings(_env_file=None)


async def _store(db: aiosqlite.Connection, *, at: datetime) -> list[int]:
    feed_ids: dict[str, int] = {}
    ids = []
    for n, (source, title, text) in enumerate(STORIES):
        if source not in feed_ids:
            feed = await feeds.add(db, url=f"https://{source}.example/rss", title=source)
            assert feed is not None
            feed_ids[source] = feed.id
        stored = await articles.add(
            db, url=f"https://{source}.example/{n}", title=title, text=text, lang="ru",
            published_at=None, feed_id=feed_ids[source], content_hash=f"{n:064x}",
            summary_json=summary_json(title, text, lang="ru", source=source,
                                      url=f"https://{source}.example/{n}"),
            summary_version=1,
            search_title=title, search_text=text, ingested_at=at + timedelta(minutes=n),
        )  # fmt: skip
        assert stored is not None
        ids.append(stored.id)
    return ids


async def _texts(db: aiosqlite.Connection, chat_id: int) -> list[str]:
    async with db.execute(
        "SELECT payload_json FROM outbox WHERE chat_id = ? ORDER BY id", (chat_id,)
    ) as cur:
        return [parse_html(json.loads(p)["text"]) for (p,) in await cur.fetchall()]


async def _subscribers(db: aiosqlite.Connection, *chat_ids: int) -> None:
    for chat_id in chat_ids:
        await subscribe(
            db, chat_id, lang="ru", tz="Europe/Minsk", digest_time="09:00",
            now=NOW - timedelta(hours=12),
        )  # fmt: skip


async def test_followed_stories_come_first_and_are_not_repeated(
    db: aiosqlite.Connection, nlp: object
) -> None:
    ids = await _store(db, at=NOW - timedelta(hours=5))
    await _subscribers(db, 1, 2)
    # Chat 1's follows matched the agency's bond report and the bridge.
    hits = [Hit(1, ids[1], "облигации"), Hit(1, ids[2], "Гродно, Неман")]
    assert await follow_hits.add(db, hits, now=NOW - timedelta(hours=4)) == 2
    morph = nlp.morph_vocab  # type: ignore[attr-defined]

    preview = [parse_html(m) for m in await digests.preview(db, chat_id=1, morph=morph, now=NOW)]
    assert await digests.enqueue_due(db, _settings(), morph=morph, now=NOW) == 2
    (shown,) = await _texts(db, 1)
    assert [shown] == preview  # /digest shows the section too

    follows_at = shown.index(say("ru", "digest-follows"))
    rest_at = shown.index(say("ru", "digest-follows-rest"))
    assert shown.startswith("Дайджест: 10.03.2026")
    assert follows_at < rest_at
    section, rest = shown[follows_at:rest_at], shown[rest_at:]
    # Both matched stories in the section, each with what matched; the bond story once,
    # shown by the matched article, and neither of its reports below.
    assert ". облигации\n" + BONDS[1] in section
    assert ". Гродно, Неман\n" + BRIDGE in section
    assert section.index("1. ") < section.index("2. ")
    assert sum(shown.count(title) for title in BONDS) == 1
    assert shown.count(BRIDGE) == 1
    assert HOCKEY in rest
    assert "3. " in rest  # numbered on

    # Chat 2 has no hits: its digest is the shared one, without the section.
    (other,) = await _texts(db, 2)
    assert say("ru", "digest-follows") not in other
    assert say("ru", "digest-follows-rest") not in other
    assert sum(other.count(title) for title in BONDS) == 1
    assert BRIDGE in other
    assert HOCKEY in other

    # Shown: the hits are gone, and the next digest is as any other.
    assert await follow_hits.since(db, chat_id=1, after=NOW - timedelta(days=8), limit=9) == []


async def test_a_chat_whose_only_news_is_followed_gets_the_section_alone(
    db: aiosqlite.Connection, nlp: object
) -> None:
    ids = await _store(db, at=NOW - timedelta(days=3))  # before the digest looks back
    await _subscribers(db, 1)
    await follow_hits.add(db, [Hit(1, ids[3], "хоккей")], now=NOW - timedelta(hours=1))
    morph = nlp.morph_vocab  # type: ignore[attr-defined]
    (shown,) = [parse_html(m) for m in await digests.preview(db, chat_id=1, morph=morph, now=NOW)]
    assert say("ru", "digest-follows") in shown
    assert say("ru", "digest-follows-rest") not in shown
    assert "1. хоккей\n" + HOCKEY in shown
    assert BRIDGE not in shown
    # A preview leaves the hits for the digest.
    assert len(await follow_hits.since(db, chat_id=1, after=NOW - timedelta(days=1), limit=9)) == 1


async def test_a_followed_article_from_a_source_the_digest_does_not_take(
    db: aiosqlite.Connection, nlp: object
) -> None:
    ids = await _store(db, at=NOW - timedelta(hours=5))
    await _subscribers(db, 1)
    async with db.execute("SELECT id FROM feeds WHERE title = 'Минфин'") as cur:
        (minfin,) = await cur.fetchone()  # type: ignore[misc]
    await subscribers.set_feeds(db, chat_id=1, feed_ids=[minfin])  # the agency's left out
    # The agency's bond report matched: Минфин's report of the same story is not repeated.
    await follow_hits.add(db, [Hit(1, ids[1], "облигации")], now=NOW - timedelta(hours=1))
    morph = nlp.morph_vocab  # type: ignore[attr-defined]
    (shown,) = [parse_html(m) for m in await digests.preview(db, chat_id=1, morph=morph, now=NOW)]
    assert ". облигации\n" + BONDS[1] in shown
    assert BONDS[0] not in shown
    assert BRIDGE not in shown  # the agency's other story: not a source the digest takes
    assert HOCKEY in shown[shown.index(say("ru", "digest-follows-rest")) :]
