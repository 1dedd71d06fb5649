"""Polling many feeds (issue 14, points 4-5): feeds served on 127.0.0.x by aiohttp, a real
SQLite file, the real pipeline.

A run reads due feeds in batches until none is due, the longest due first, each once; one
host gets at most PER_HOST_CONCURRENCY polls at once (counted by the server) while other
hosts go on; a permanent redirect (301, 308) moves a feed's stored URL, a temporary one
does not; the 10th failure in a row tells each chat that added the feed once, in its
language, and a success starts the count again; the report lists the stored articles.
"""

from __future__ import annotations

import asyncio
import html
import itertools
import json
from collections import Counter
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import aiosqlite
import pytest
from aiohttp import web

from bot.analysis.models import NlpModels
from bot.services import feeds
from bot.sources.feeds import HostGates, host_of
from bot.storage import feeds as feed_store
from tests.factories import poll_settings, say, serve, subscribe

T0 = datetime(2025, 7, 10, 12, 0, tzinfo=UTC)
HOSTS = ("127.0.0.1", "127.0.0.2", "127.0.0.3")  # every 127.x address is this machine
HELD_SECONDS = 0.15
EMPTY = b'<?xml version="1.0"?><rss version="2.0"><channel><title>Empty</title></channel></rss>'


def story(n: int) -> str:
    """An article text of about 130 words (no teaser), different for each ``n``."""
    return (
        f"The harbour authority of Portlund approved berth plan number {n} on Monday after a "
        "long debate about ferries, cargo and the budget for the coming year. The harbour "
        "master said the vote was a turning point for the coast and thanked the crews who "
        "had written to the authority in recent months. Fishermen argued that the plan "
        "would raise mooring fees and delay repairs to the old quay, and they promised to "
        "challenge the decision at the next meeting. The authority will publish the full "
        "plan next week, and hearings are expected to begin in the spring. Shop owners on "
        "the waterfront welcomed the decision, saying that more ferries would bring more "
        "visitors to the old port. Environmental groups asked for cleaner fuel and quieter "
        f"engines, and the harbour master said their proposals would be studied with plan {n}."
    )


def rss(title: str, items: list[tuple[str, int]]) -> bytes:
    """An RSS feed of full-text items, given as (link, story number)."""
    body = "".join(
        f"<item><title>Berth plan {n}</title><link>{link}</link>"
        f"<description>{story(n)}</description></item>"
        for link, n in items
    )
    return (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>{title}</title>{body}'
        "</channel></rss>"
    ).encode()


@dataclass
class Server:
    """Feeds on every path; what each host was asked, in order, and how many at once."""

    bases: dict[str, str] = field(default_factory=dict)  # host -> base URL
    asked: list[str] = field(default_factory=list)  # paths, in the order they were asked
    asked_at: list[float] = field(default_factory=list)  # loop time of each feed request
    now: Counter[str] = field(default_factory=Counter)  # host -> requests being answered
    most: Counter[str] = field(default_factory=Counter)
    overall: int = 0
    overall_most: int = 0
    hold: float = 0.0
    down: bool = True  # /down.xml answers 500 while set

    def url(self, path: str, host: str = HOSTS[0]) -> str:
        return self.bases[host] + path


def _app(server: Server) -> web.Application:
    app = web.Application()

    async def feed(request: web.Request) -> web.Response:
        host = request.transport.get_extra_info("sockname")[0] if request.transport else "?"
        server.asked.append(request.path)
        server.asked_at.append(asyncio.get_running_loop().time())
        server.now[host] += 1
        server.overall += 1
        server.most[host] = max(server.most[host], server.now[host])
        server.overall_most = max(server.overall_most, server.overall)
        try:
            if server.hold:
                await asyncio.sleep(server.hold)
        finally:
            server.now[host] -= 1
            server.overall -= 1
        return web.Response(body=EMPTY, content_type="application/rss+xml")

    def redirect(status: int, to: str) -> Any:
        async def handler(request: web.Request) -> web.Response:
            server.asked.append(request.path)
            return web.Response(status=status, headers={"Location": to})

        return handler

    async def down(request: web.Request) -> web.Response:
        server.asked.append(request.path)
        if server.down:
            return web.Response(status=500, text="<b>oops</b>")
        return web.Response(body=EMPTY, content_type="application/rss+xml")

    async def news(request: web.Request) -> web.Response:
        server.asked.append(request.path)
        n = int(request.match_info["n"])
        items = [(f"/story/{n}-{k}", 10 * n + k) for k in range(2)]
        return web.Response(body=rss(f"News {n}", items), content_type="application/rss+xml")

    redirects = {
        "/moved-301.xml": (301, "/new-301.xml"),
        "/moved-308.xml": (308, "/new-308.xml"),
        "/found-302.xml": (302, "/new-302.xml"),
        "/temporary-307.xml": (307, "/new-307.xml"),
        "/chain.xml": (301, "/chain-middle.xml"),  # permanent, then temporary
        "/chain-middle.xml": (302, "/chain-end.xml"),
        "/taken.xml": (301, "/feed/taken-target.xml"),
    }
    for path, (status, to) in redirects.items():
        app.router.add_get(path, redirect(status, to))
    app.router.add_get("/down.xml", down)
    app.router.add_get("/news/{n}.xml", news)
    app.router.add_get("/{tail:.*}", feed)
    return app


@pytest.fixture
async def server() -> AsyncIterator[Server]:
    state = Server()
    app = _app(state)
    async with AsyncExitStack() as stack:
        for host in HOSTS:
            state.bases[host] = await stack.enter_async_context(serve(app, host))
        yield state


async def _add(db: aiosqlite.Connection, url: str, *, due: datetime | None = None) -> int:
    feed = await feed_store.add(db, url=url)
    assert feed is not None
    if due is not None:
        await db.execute(
            "UPDATE feeds SET next_poll_at = ? WHERE id = ?", (int(due.timestamp()), feed.id)
        )
    return feed.id


async def _row(db: aiosqlite.Connection, feed_id: int) -> feed_store.Feed:
    (feed,) = [f for f in await feed_store.all(db) if f.id == feed_id]
    return feed


# ---------------------------------------------------------------- batches and order


@pytest.mark.parametrize("waiting", [feeds.MAX_WAITING, 3])
async def test_a_run_takes_batches_until_none_is_due_longest_due_first(
    db: aiosqlite.Connection,
    nlp: NlpModels,
    server: Server,
    monkeypatch: pytest.MonkeyPatch,
    waiting: int,
) -> None:
    monkeypatch.setattr(feeds, "POLL_CONCURRENCY", 1)  # one at a time: the order shows
    monkeypatch.setattr(feeds, "MAX_WAITING", waiting)  # also with few feeds held at once
    # Added in this order; due at these times (None: never polled).
    dues = [
        T0 - timedelta(minutes=5),
        None,
        T0 - timedelta(hours=3),
        None,
        T0,
        T0 - timedelta(minutes=1),
        None,
    ]
    dues += [T0 - timedelta(minutes=30)] * 3  # a tie: by id
    for n, due in enumerate(dues):
        await _add(db, server.url(f"/f/{n}.xml"), due=due)
    await _add(db, server.url("/later.xml"), due=T0 + timedelta(seconds=1))  # not due
    await db.execute("UPDATE feeds SET enabled = 0 WHERE url = ?", (server.url("/f/9.xml"),))
    await db.commit()

    report = await feeds.poll_due(db, nlp, poll_settings(), now=T0, batch=2)

    # Never polled (by id), then the longest due first; ties by id; the disabled and the
    # not-yet-due feeds are left; every due feed once, in one run of batches of two.
    expected = [1, 3, 6, 2, 7, 8, 0, 5, 4]
    assert server.asked == [f"/f/{n}.xml" for n in expected]
    assert [p.url for p in report.feeds] == [server.url(f"/f/{n}.xml") for n in expected]
    assert {p.status for p in report.feeds} == {"ok"}
    # Each recorded: due again one interval later, so a second run finds none.
    for feed in await feed_store.all(db):
        if feed.url.endswith(tuple(f"/f/{n}.xml" for n in expected)):
            assert feed.next_poll_at == T0 + timedelta(minutes=15)
    assert (await feeds.poll_due(db, nlp, poll_settings(), now=T0, batch=2)).feeds == ()


async def test_each_host_gets_at_most_two_polls_at_once_while_the_others_go_on(
    db: aiosqlite.Connection, nlp: NlpModels, server: Server
) -> None:
    server.hold = HELD_SECONDS
    # The first host's feeds come first in due order: its busy slots must not stop the rest.
    for host in HOSTS:
        for n in range(6):
            await _add(db, server.url(f"/h/{n}.xml", host))
    report = await feeds.poll_due(db, nlp, poll_settings(), now=T0, batch=4)
    assert len(report.feeds) == 18
    assert {p.status for p in report.feeds} == {"ok"}
    assert feeds.PER_HOST_CONCURRENCY == 2  # the bound
    assert dict(server.most) == dict.fromkeys(HOSTS, 2)
    assert server.overall_most == len(HOSTS) * feeds.PER_HOST_CONCURRENCY
    assert sorted(server.asked) == sorted(f"/h/{n}.xml" for n in range(6) for _ in HOSTS)


async def test_polls_start_at_most_poll_rate_a_second(
    db: aiosqlite.Connection, nlp: NlpModels, server: Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The event loop's share: a run on a fast network would otherwise take all of it.
    monkeypatch.setattr(feeds, "POLL_RATE", 20.0)
    for n in range(9):
        await _add(db, server.url(f"/r/{n}.xml", HOSTS[n % len(HOSTS)]))
    report = await feeds.poll_due(db, nlp, poll_settings(), now=T0)
    assert len(report.feeds) == 9
    gaps = [b - a for a, b in itertools.pairwise(server.asked_at)]
    assert min(gaps) > 0.8 / 20
    assert server.asked_at[-1] - server.asked_at[0] > 8 * 0.9 / 20


def test_hosts_are_compared_by_name_lowercased() -> None:
    gates = HostGates(2)
    assert gates.gate("http://News.Example/a.xml") is gates.gate("https://news.example:8443/b")
    assert gates.gate("http://news.example/") is not gates.gate("http://other.example/")
    assert host_of("HTTP://WWW.EXAMPLE.ORG/feed") == "www.example.org"
    assert host_of("http://[::1/") == ""  # unparsable: one shared gate


# ---------------------------------------------------------------- redirects


async def test_a_permanent_redirect_moves_the_stored_url_a_temporary_one_does_not(
    db: aiosqlite.Connection, nlp: NlpModels, server: Server
) -> None:
    paths = [
        "/moved-301.xml",
        "/moved-308.xml",
        "/found-302.xml",
        "/temporary-307.xml",
        "/chain.xml",
        "/taken.xml",
        "/feed/taken-target.xml",
    ]
    ids = {path: await _add(db, server.url(path)) for path in paths}
    report = await feeds.poll_due(db, nlp, poll_settings(), now=T0)
    moved = {p.url.removeprefix(server.bases[HOSTS[0]]): p.moved_to for p in report.feeds}
    assert moved == {
        "/moved-301.xml": server.url("/new-301.xml"),
        "/moved-308.xml": server.url("/new-308.xml"),
        "/found-302.xml": None,
        "/temporary-307.xml": None,
        "/chain.xml": server.url("/chain-middle.xml"),  # as far as the redirects were permanent
        "/taken.xml": None,  # another feed has that URL: both kept
        "/feed/taken-target.xml": None,
    }
    assert {p.status for p in report.feeds} == {"ok"}
    urls = {path: (await _row(db, feed_id)).url for path, feed_id in ids.items()}
    assert urls == {
        "/moved-301.xml": server.url("/new-301.xml"),
        "/moved-308.xml": server.url("/new-308.xml"),
        "/found-302.xml": server.url("/found-302.xml"),
        "/temporary-307.xml": server.url("/temporary-307.xml"),
        "/chain.xml": server.url("/chain-middle.xml"),
        "/taken.xml": server.url("/taken.xml"),
        "/feed/taken-target.xml": server.url("/feed/taken-target.xml"),
    }

    # The next poll asks the new URLs; the temporary redirects are asked again.
    server.asked.clear()
    again = await feeds.poll_due(db, nlp, poll_settings(), now=T0 + timedelta(minutes=15))
    assert len(again.feeds) == len(paths)
    assert "/moved-301.xml" not in server.asked
    assert "/moved-308.xml" not in server.asked
    assert server.asked.count("/new-301.xml") == 1
    assert server.asked.count("/found-302.xml") == 1
    assert server.asked.count("/taken.xml") == 1  # still there, still not moved
    assert all(p.moved_to is None for p in again.feeds)


# ---------------------------------------------------------------- feeds that keep failing


async def _link(db: aiosqlite.Connection, chat_id: int, feed_id: int, thread: int | None) -> None:
    await db.execute(
        "INSERT INTO chat_feeds (chat_id, feed_id, thread_id, added_at) VALUES (?, ?, ?, ?)",
        (chat_id, feed_id, thread, int(T0.timestamp())),
    )
    await db.commit()


async def _notices(db: aiosqlite.Connection) -> list[tuple[int, str, dict[str, Any]]]:
    async with db.execute(
        "SELECT chat_id, dedup_key, payload_json FROM outbox WHERE kind = 'notice' ORDER BY id"
    ) as cur:
        return [(r[0], r[1], json.loads(r[2])) for r in await cur.fetchall()]


async def test_the_tenth_failure_in_a_row_tells_each_chat_once_in_its_language(
    db: aiosqlite.Connection, nlp: NlpModels, server: Server
) -> None:
    url = server.url("/down.xml")
    feed_id = await _add(db, url)
    await db.execute(
        "UPDATE feeds SET title = ?, error_count = 8 WHERE id = ?", ("Port <Desk> & co", feed_id)
    )
    other = await _add(db, server.url("/other.xml"))
    chats = {101: "ru", 102: "uk", -103: "en", 104: "be"}
    for chat_id, lang in chats.items():
        await subscribe(db, chat_id, lang=lang)
        await _link(db, chat_id, feed_id, 7 if chat_id == 102 else None)
    await subscribe(db, 105, lang="en")  # has another feed only
    await _link(db, 105, other, None)
    await subscribe(db, 106, lang="en")  # added it, then blocked the bot
    await _link(db, 106, feed_id, None)
    await db.execute("UPDATE subscribers SET active = 0 WHERE chat_id = 106")
    await db.commit()

    moment = T0
    report = await feeds.poll_due(db, nlp, poll_settings(), now=moment)  # the 9th
    assert (report.notices, await _notices(db)) == (0, [])
    assert (await _row(db, feed_id)).error_count == 9

    moment += timedelta(days=1)
    report = await feeds.poll_due(db, nlp, poll_settings(), now=moment)  # the 10th
    assert report.notices == 4
    row = await _row(db, feed_id)
    assert (row.error_count, row.failing_told_at) == (10, moment)
    error = row.last_error
    assert error is not None and error.startswith("the site answered HTTP 500")
    told = await _notices(db)
    assert sorted(chat for chat, _, _ in told) == sorted(chats)
    stamp = int(moment.timestamp())
    for chat_id, key, payload in told:
        assert key == f"notice:feed:{feed_id}:{stamp}:{chat_id}"
        expected = say(
            chats[chat_id],
            "error-feed-failing",
            feed="Port <Desk> & co",
            error=error,
            url=url,
            n=10,
        )
        assert payload["text"] == html.escape(expected, quote=False)
        assert "&lt;Desk&gt; &amp; co" in payload["text"]
        assert payload.get("thread_id") == (7 if chat_id == 102 else None)
    assert "ошибок подряд" in told[[c for c, _, _ in told].index(101)][2]["text"]

    # The 11th failure: told already.
    moment += timedelta(days=1)
    assert (await feeds.poll_due(db, nlp, poll_settings(), now=moment)).notices == 0
    assert len(await _notices(db)) == 4

    # It works again: the count and the notice start over.
    server.down = False
    moment += timedelta(days=1)
    report = await feeds.poll_due(db, nlp, poll_settings(), now=moment)
    assert report.notices == 0
    row = await _row(db, feed_id)
    assert (row.error_count, row.failing_told_at, row.last_error) == (0, None, None)

    # A later failing run is told again, once more per chat.
    server.down = True
    for _ in range(feeds.FAILING_AFTER):
        moment += timedelta(days=1)
        report = await feeds.poll_due(db, nlp, poll_settings(), now=moment)
    assert report.notices == 4
    assert (await _row(db, feed_id)).error_count == 10
    told = await _notices(db)
    assert len(told) == 8
    assert len({key for _, key, _ in told}) == 8


# ---------------------------------------------------------------- what was stored


async def test_the_report_lists_the_new_articles_in_storing_order(
    db: aiosqlite.Connection, nlp: NlpModels, server: Server
) -> None:
    first = await _add(db, server.url("/news/1.xml"))
    second = await _add(db, server.url("/news/2.xml"))
    quiet = await _add(db, server.url("/quiet.xml"))
    report = await feeds.poll_due(db, nlp, poll_settings(), now=T0)
    assert report.new == 4
    async with db.execute("SELECT id, feed_id, url FROM articles ORDER BY id") as cur:
        rows = await cur.fetchall()
    assert list(report.stored) == [(r[0], r[1]) for r in rows]
    assert sorted(feed for _, feed in report.stored) == [first, first, second, second]
    assert {r[2].rsplit("/", 1)[1] for r in rows} == {"1-0", "1-1", "2-0", "2-1"}
    assert (await _row(db, first)).last_article_at == T0
    assert (await _row(db, quiet)).last_article_at is None

    # Nothing new the next time: nothing listed, the time of the last new article kept.
    later = await feeds.poll_due(db, nlp, poll_settings(), now=T0 + timedelta(minutes=15))
    assert (later.stored, later.new) == ((), 0)
    assert (await _row(db, second)).last_article_at == T0


async def test_new_articles_are_handed_on_during_the_run_each_once(
    db: aiosqlite.Connection, nlp: NlpModels, server: Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(feeds, "RECORD_BATCH", 1)  # a save after every poll
    await _add(db, server.url("/news/1.xml"))
    await _add(db, server.url("/news/2.xml"))
    await _add(db, server.url("/slow.xml", HOSTS[1]))  # answers after 3 s
    server.hold = 3.0
    handed: list[tuple[tuple[int, int], ...]] = []
    slow_in_flight: list[int] = []

    async def on_stored(stored: tuple[tuple[int, int], ...]) -> None:
        handed.append(stored)
        slow_in_flight.append(server.overall)

    report = await feeds.poll_due(db, nlp, poll_settings(), now=T0, on_stored=on_stored)
    # Handed on while the slow feed was still being answered, not after the run...
    assert slow_in_flight[0] == 1
    # ...and every stored article once, in storing order.
    assert [pair for batch in handed for pair in batch] == list(report.stored)
    assert len(report.stored) == 4
