"""Each new article of a poll handed on at once (issue 15: a follow alert within seconds of
the article being stored): a real feed on 127.0.0.1 whose teasers' pages are slow to
answer, a real SQLite file, and the poll job's follow alerts in the outbox."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, field

import aiosqlite
import pytest
from aiohttp import web

from bot import scheduler
from bot.analysis.models import NlpModels
from bot.services import feeds, follows
from bot.services.context import Services
from bot.storage import feeds as feed_store
from tests.factories import count_articles, poll_settings, serve

PAGE_DELAY = 0.4  # seconds each article page takes to answer
TITLES = (
    "Лавров провёл переговоры в Анкаре",
    "В Минске открылась выставка",
    "Порт Владивостока расширят",
    "В Казани построят новый мост",
)
BODIES = (
    "Министр иностранных дел России Сергей Лавров провёл переговоры в Анкаре с главой "
    "турецкого МИД. Стороны обсудили торговлю и транзит, сообщили в министерстве. "
    "Лавров заявил, что консультации продолжатся в следующем году.",
    "В Минске открылась выставка современного искусства, сообщили организаторы. Экспозиция "
    "займёт три зала музея и продлится до конца месяца, вход в выходные будет свободным.",
    "Порт Владивостока расширят к концу следующего года, сообщила администрация края. "
    "Новые причалы позволят принимать крупные контейнеровозы круглый год.",
    "В Казани построят новый мост через реку, сообщили в мэрии города. Строительство "
    "начнётся весной и займёт около двух лет, движение по старому мосту не закроют.",
)
FILLER = " Эксперты считают, что работы продолжатся и в следующем году." * 8


@dataclass
class Site:
    """A feed of teasers: each entry's page is fetched, and answers after PAGE_DELAY."""

    base: str = ""
    requested: list[int] = field(default_factory=list)  # pages asked for, in order
    answered: int = 0  # pages answered

    @property
    def url(self) -> str:
        return f"{self.base}/rss"


def _rss(base: str) -> str:
    items = "".join(
        f"<item><title>{title}</title><link>{base}/a/{n}</link>"
        f"<description>{title}.</description></item>"
        for n, title in enumerate(TITLES)
    )
    return (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Новости</title>'
        f"<link>{base}/</link><description>d</description>{items}</channel></rss>"
    )


@pytest.fixture
async def site() -> AsyncIterator[Site]:
    state = Site()

    async def rss(_: web.Request) -> web.Response:
        return web.Response(text=_rss(state.base), content_type="application/rss+xml")

    async def page(request: web.Request) -> web.Response:
        n = int(request.match_info["n"])
        state.requested.append(n)
        await asyncio.sleep(PAGE_DELAY)
        state.answered += 1
        body = (
            f"<html><head><title>{TITLES[n]}</title></head><body><article><h1>{TITLES[n]}</h1>"
            f"<p>{BODIES[n]}</p><p>{FILLER}</p></article></body></html>"
        )
        return web.Response(text=body, content_type="text/html")

    app = web.Application()
    app.router.add_get("/rss", rss)
    app.router.add_get("/a/{n}", page)
    async with serve(app) as state.base:
        yield state


async def _new_feed(db: aiosqlite.Connection, site: Site) -> int:
    feed = await feed_store.add(db, url=site.url, title="Новости")
    assert feed is not None
    return feed.id


async def _polled(db: aiosqlite.Connection, feed_id: int) -> bool:
    """Whether the feed's poll was saved (its next poll scheduled)."""
    async with db.execute("SELECT next_poll_at FROM feeds WHERE id = ?", (feed_id,)) as cur:
        row = await cur.fetchone()
    return row is not None and row[0] is not None


async def test_each_new_article_is_handed_on_while_the_feed_is_still_being_stored(
    db: aiosqlite.Connection, nlp: NlpModels, site: Site
) -> None:
    feed_id = await _new_feed(db, site)
    calls: list[tuple[int, int, int, bool]] = []  # (article, stored, pages answered, saved)
    handed: list[tuple[tuple[int, int], ...]] = []

    async def on_new(article_id: int) -> None:
        stored = await count_articles(db)
        calls.append((article_id, stored, site.answered, await _polled(db, feed_id)))

    async def on_stored(stored: tuple[tuple[int, int], ...]) -> None:
        handed.append(stored)

    report = await feeds.poll_due(db, nlp, poll_settings(), on_new=on_new, on_stored=on_stored)
    ((poll),) = report.feeds
    assert (poll.status, poll.new, poll.failed) == ("ok", len(TITLES), 0)
    # Once per new article, in storing order, each while the next ones were still coming.
    assert [c[0] for c in calls] == [a for a, _ in report.stored]
    assert [c[1] for c in calls] == [1, 2, 3, 4]
    assert [c[2] for c in calls] == [1, 2, 3, 4]  # the next pages not answered yet
    assert [c[3] for c in calls[:-1]] == [False] * 3  # the feed's poll not saved yet
    assert await _polled(db, feed_id)
    # The at-save hand-on still gets the feed's articles together, once.
    assert handed == [report.stored]


async def test_a_failing_or_hanging_hook_does_not_stop_the_poll(
    db: aiosqlite.Connection,
    nlp: NlpModels,
    site: Site,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    monkeypatch.setattr(feeds, "ON_NEW_TIMEOUT_SECONDS", 0.2)
    await _new_feed(db, site)
    calls: list[int] = []

    async def on_new(article_id: int) -> None:
        calls.append(article_id)
        if len(calls) == 1:
            raise RuntimeError("hook bug")
        if len(calls) == 2:
            await asyncio.sleep(60)  # hangs: cut at ON_NEW_TIMEOUT_SECONDS

    started = time.monotonic()
    report = await feeds.poll_due(db, nlp, poll_settings(), on_new=on_new)
    assert time.monotonic() - started < 10
    assert report.new == len(TITLES)
    assert await count_articles(db) == len(TITLES)
    assert calls == [a for a, _ in report.stored]  # every article, the ones after too
    assert caplog.text.count("on_new hook failed") == 2
    assert "hook bug" in caplog.text


async def test_a_slow_hook_holds_up_no_poll(
    db: aiosqlite.Connection, nlp: NlpModels, site: Site
) -> None:
    await _new_feed(db, site)
    stored_at_end: list[int] = []  # articles stored when each call ends
    ended = 0

    async def on_new(_: int) -> None:
        nonlocal ended
        await asyncio.sleep(3 * PAGE_DELAY)
        stored_at_end.append(await count_articles(db))
        ended += 1

    report = await feeds.poll_due(db, nlp, poll_settings(), on_new=on_new)
    assert report.new == len(TITLES)
    # The feed's four pages took about 4 * PAGE_DELAY while the hook's first call slept
    # 3 * PAGE_DELAY: the poll stored on meanwhile; and the run waited for every call.
    assert stored_at_end[0] >= 3
    assert ended == len(TITLES)


async def test_the_poll_job_alerts_a_follower_before_the_feed_is_done(
    db: aiosqlite.Connection, nlp: NlpModels, site: Site
) -> None:
    """The poll job (scheduler.poll_feeds): the alert of the feed's first article is in the
    outbox, and the outbox worker woken, while the feed's last page is still being asked."""
    settings = poll_settings()
    await _new_feed(db, site)
    await follows.follow(
        db, settings, nlp, chat_id=1001, chat_kind="private", language_code="ru", text="Лавров"
    )
    woken: list[int] = []  # pages asked for when the outbox worker was woken

    def wake() -> None:
        woken.append(len(site.requested))

    services = Services(settings=settings, db=db, reader=db, nlp=nlp, wake_outbox=wake)
    await scheduler.poll_feeds(services)
    async with db.execute(
        "SELECT chat_id, dedup_key FROM outbox WHERE kind = 'follow' ORDER BY id"
    ) as cur:
        rows = [tuple(r) for r in await cur.fetchall()]
    async with db.execute("SELECT id FROM articles WHERE title LIKE 'Лавров%'") as cur:
        (lavrov,) = [r[0] for r in await cur.fetchall()]
    assert rows == [(1001, f"follow:1001:{lavrov}")]  # once, not again at the save
    assert woken
    assert woken[0] < len(TITLES)  # woken before the last page was even asked for
