"""Digests end to end in the store: who is due, what goes in, once per local day."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import aiosqlite
import pytest

from bot.config import Settings
from bot.services import digests
from bot.storage import articles, feeds, outbox, subscribers
from bot.storage.db import connect, migrate
from tests.factories import subscribe, summary_json
from tests.fake_telegram import parse_entities, parse_html

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


def _settings(**kwargs: object) -> Settings:
    return Settings(_env_file=None, **kwargs)  # type: ignore[arg-type]


async def _store(db: aiosqlite.Connection, *, at: datetime) -> dict[str, int]:
    feed_ids = {}
    for n, (source, title, text) in enumerate(STORIES):
        if source not in feed_ids:
            feed = await feeds.add(db, url=f"https://{source}.example/rss", title=source)
            assert feed is not None
            feed_ids[source] = feed.id
        await articles.add(
            db, url=f"https://{source}.example/{n}", title=title, text=text, lang="ru",
            published_at=None, feed_id=feed_ids[source], content_hash=f"{n:064x}",
            summary_json=summary_json(title, text, lang="ru", source=source,
                                      url=f"https://{source}.example/{n}"),
            summary_version=1,
            search_title=title, search_text=text, ingested_at=at + timedelta(minutes=n),
        )  # fmt: skip
    return feed_ids


def shown_text(shown: str, entity: dict[str, object]) -> str:
    """The shown characters an entity covers (offsets in UTF-16 units)."""
    units = shown.encode("utf-16-le")
    start, length = int(entity["offset"]), int(entity["length"])  # type: ignore[call-overload]
    return units[2 * start : 2 * (start + length)].decode("utf-16-le")


async def _subscriber(db: aiosqlite.Connection, chat_id: int, *, tz: str = "Europe/Minsk") -> None:
    await subscribe(
        db, chat_id, lang="ru", tz=tz, digest_time="09:00", now=NOW - timedelta(hours=12)
    )


async def _rows(db: aiosqlite.Connection) -> list[tuple[int, str, str]]:
    async with db.execute(
        "SELECT chat_id, dedup_key, payload_json FROM outbox ORDER BY id"
    ) as cur:
        return [(c, k, json.loads(p)["text"]) for c, k, p in await cur.fetchall()]


async def test_due_subscribers_get_one_digest_per_local_day(
    db: aiosqlite.Connection, nlp: object
) -> None:
    await _store(db, at=NOW - timedelta(hours=5))
    await _subscriber(db, 1)
    # Both subscribed at NOW - 12 h; in Kiritimati (UTC+14) 09:00 on the 10th came 11 hours
    # before NOW, in Minsk it is NOW: each gets the digest of its 10 March.
    await _subscriber(db, 2, tz="Pacific/Kiritimati")
    morph = nlp.morph_vocab  # type: ignore[attr-defined]
    assert await digests.enqueue_due(db, _settings(), morph=morph, now=NOW) == 2
    rows = await _rows(db)
    assert [(c, k) for c, k, _ in rows] == [
        (2, "digest:2:2026-03-10:1"),
        (1, "digest:1:2026-03-10:1"),
    ]
    shown = parse_html(rows[1][2])
    assert shown.startswith("Дайджест: 10.03.2026")
    # The two reports of the bond issue are one story, with the other source named.
    titles = ("Минфин Беларуси выпустил облигации", "Беларусь выпустила облигации")
    assert sum(title in shown for title in titles) == 1
    assert "Также: " in shown
    # ...and linked to that source's own article (Минфин's is article 0, the agency's 1).
    lead_is_minfin = "Минфин Беларуси выпустил облигации" in shown
    other = ("Агентство", "https://Агентство.example/1") if lead_is_minfin else (
        "Минфин", "https://Минфин.example/0")  # fmt: skip
    also = [e for e in parse_entities(rows[1][2])[1] if e["type"] == "text_link"]
    assert {"url": other[1], "text": other[0]} in [
        {"url": e["url"], "text": shown_text(shown, e)} for e in also
    ]
    assert "мост через Неман" in shown
    assert "\n\n\n" not in shown  # one blank line between parts, never two
    # Nothing is due again until tomorrow's 09:00; a second tick queues nothing.
    assert (
        await digests.enqueue_due(db, _settings(), morph=morph, now=NOW + timedelta(minutes=1))
        == 0
    )
    stored = await subscribers.get(db, chat_id=1)
    assert stored is not None
    assert stored.next_digest_at == datetime(2026, 3, 11, 6, 0, tzinfo=UTC)
    assert stored.last_digest_at == NOW
    # Tomorrow: only what came after the watermark; nothing new means no message.
    assert (
        await digests.enqueue_due(db, _settings(), morph=morph, now=NOW + timedelta(days=1)) == 2
    )
    assert len(await _rows(db)) == 2


async def test_nothing_new_sends_nothing_unless_configured(
    db: aiosqlite.Connection, nlp: object
) -> None:
    await _subscriber(db, 1)
    morph = nlp.morph_vocab  # type: ignore[attr-defined]
    assert await digests.enqueue_due(db, _settings(), morph=morph, now=NOW) == 1
    assert await _rows(db) == []
    await _subscriber(db, 2)
    await digests.enqueue_due(db, _settings(digest_send_empty=True), morph=morph, now=NOW)
    ((chat, _, text),) = await _rows(db)
    assert chat == 2
    assert "Новых статей нет" in parse_html(text)


async def test_chosen_sources_size_and_preview(db: aiosqlite.Connection, nlp: object) -> None:
    feed_ids = await _store(db, at=NOW - timedelta(hours=2))
    await _subscriber(db, 1)
    await subscribers.set_feeds(db, chat_id=1, feed_ids=[feed_ids["Агентство"]])
    due = (await subscribers.get(db, chat_id=1)).next_digest_at  # type: ignore[union-attr]
    await subscribers.update_preferences(db, chat_id=1, digest_size=1, next_digest_at=due)
    morph = nlp.morph_vocab  # type: ignore[attr-defined]
    preview = await digests.preview(db, chat_id=1, morph=morph, now=NOW)
    (message,) = preview
    shown = parse_html(message)
    assert "хоккею" not in shown  # from the other feed
    assert shown.count("\n\n1. ") + shown.count("1. ") >= 1
    assert "2. " not in shown  # one story only
    before = await subscribers.get(db, chat_id=1)
    await digests.preview(db, chat_id=1, morph=morph, now=NOW)
    assert await subscribers.get(db, chat_id=1) == before  # the schedule is untouched
    assert await outbox.counts(db) == dict.fromkeys(
        ("queued", "sending", "sent", "failed", "dropped"), 0
    )


async def test_a_crash_between_ticks_never_queues_twice(
    db: aiosqlite.Connection, nlp: object
) -> None:
    await _store(db, at=NOW - timedelta(hours=5))
    await _subscriber(db, 1)
    morph = nlp.morph_vocab  # type: ignore[attr-defined]
    await digests.enqueue_due(db, _settings(), morph=morph, now=NOW)
    # As if the watermark write had been lost: the subscriber is due again the same day.
    await db.execute("UPDATE subscribers SET next_digest_at = ?", (int(NOW.timestamp()),))
    await digests.enqueue_due(db, _settings(), morph=morph, now=NOW + timedelta(minutes=3))
    assert len(await _rows(db)) == 1  # the day's dedup key is taken


@pytest.mark.parametrize("offset_hours", [-11, 14])
async def test_extreme_zones(db: aiosqlite.Connection, nlp: object, offset_hours: int) -> None:
    tz = "Pacific/Pago_Pago" if offset_hours < 0 else "Pacific/Kiritimati"
    await _store(db, at=NOW - timedelta(hours=30))
    await _subscriber(db, 7, tz=tz)
    morph = nlp.morph_vocab  # type: ignore[attr-defined]
    days = set()
    moment = NOW
    for _ in range(72):  # three days, hour by hour
        moment += timedelta(hours=1)
        await digests.enqueue_due(db, _settings(), morph=morph, now=moment)
        stored = await subscribers.get(db, chat_id=7)
        assert stored is not None
        assert stored.next_digest_at is not None
        assert stored.next_digest_at > moment
    async with db.execute("SELECT COUNT(*) FROM outbox") as cur:
        row = await cur.fetchone()
    assert row is not None
    days = {k.split(":")[2] for _, k, _ in await _rows(db)}
    assert len(days) == row[0]  # never two digests for one local day


async def test_fingerprints_follow_the_stored_article_not_its_id(
    db: aiosqlite.Connection, tmp_path: Path, nlp: object
) -> None:
    # Two databases in one process (as here in the tests), article 1 in each a different
    # story: each gets its own fingerprint, never the other's cached one.
    morph = nlp.morph_vocab  # type: ignore[attr-defined]
    await _store(db, at=NOW - timedelta(hours=5))
    first = await digests.candidates(db, after=NOW - timedelta(days=1), feed_ids=(), morph=morph)
    async with connect(tmp_path / "other.sqlite3") as other:
        await migrate(other)
        feed = await feeds.add(other, url="https://other.example/rss", title="Другое")
        assert feed is not None
        title, text = "Сборная по хоккею выиграла", "Хоккеисты сборной выиграли у соперника."
        await articles.add(
            other, url="https://other.example/1", title=title, text=text, lang="ru",
            published_at=None, feed_id=feed.id, content_hash="f" * 64,
            summary_json=summary_json(title, text, lang="ru", source="Другое"),
            summary_version=1,
            search_title=title, search_text=text, ingested_at=NOW - timedelta(hours=1),
        )  # fmt: skip
        second = await digests.candidates(
            other, after=NOW - timedelta(days=1), feed_ids=(), morph=morph
        )
    by_id = {c.article_id: c for c in first}
    (again,) = second
    assert again.article_id in by_id
    assert again.key != by_id[again.article_id].key
    assert "хоккеист" in again.key.weights
