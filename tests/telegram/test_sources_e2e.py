"""A chat's own sources through the real aiogram stack and the fake Bot API (issue 14).

/add of a feed URL and of a page naming one (served on 127.0.0.1 and counted), the same
feed added by a second chat without a fetch, /feeds with its remove and mode buttons,
/remove, an OPML file in and /export out, the per-chat limit, a group member who is not an
administrator, and a second chat that never sees the first one's sources or their articles.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import aiosqlite
import pytest
from aiogram import Bot, Dispatcher
from aiohttp import web

from bot.config import Settings
from bot.sources.opml import parse_opml
from bot.storage import chat_feeds
from bot.storage import feeds as feed_store
from tests.factories import add_story, document, message, press, say, serve, subscribe
from tests.fake_telegram import FakeTelegram, Sent, parse_html

A, B, C = 1001, 2002, 3003
GROUP, MEMBER, ADMIN = -100500, 51, 52
LIMIT = 4
HOSTILE_OPML = Path(__file__).parents[1] / "data" / "feeds" / "hostile.opml"


def _rss(title: str, path: str) -> str:
    return (
        '<?xml version="1.0"?><rss version="2.0"><channel>'
        f"<title>{title}</title><link>http://example.com/</link><description>d</description>"
        f"<item><title>{title} item</title><link>http://example.com{path}/1</link>"
        "<description>One item.</description></item></channel></rss>"
    )


PAGE = """<!doctype html><html><head><title>A site</title>
<link rel="stylesheet" href="/s.css">
<link rel="alternate" type="application/rss+xml" title="Site feed" href="/site-rss">
</head><body><p>Welcome.</p></body></html>"""
PLAIN = "<!doctype html><html><head><title>No feed</title></head><body>Hi</body></html>"


class Site:
    """The feed server: what it serves, and how often each path was asked for."""

    def __init__(self) -> None:
        self.base = ""
        self.hits: Counter[str] = Counter()

    def url(self, path: str) -> str:
        return self.base + path


@pytest.fixture
async def site() -> AsyncIterator[Site]:
    state = Site()

    async def handle(request: web.Request) -> web.Response:
        state.hits[request.path_qs] += 1
        path = request.path
        if path == "/page.html":
            return web.Response(text=PAGE, content_type="text/html")
        if path == "/plain.html":
            return web.Response(text=PLAIN, content_type="text/html")
        if path == "/site-rss":
            return web.Response(text=_rss("Site Feed", path), content_type="application/rss+xml")
        if path.startswith("/rss"):
            title = "Local & News" if path == "/rss" else f"Feed {path[4:]}"
            return web.Response(text=_rss(title, path), content_type="application/rss+xml")
        return web.Response(status=404)

    app = web.Application()
    app.router.add_get("/{tail:.*}", handle)
    async with serve(app) as base:
        state.base = base
        yield state


@pytest.fixture
def bot_settings() -> Settings:
    return Settings(_env_file=None, allow_private_urls=True, max_feeds_per_chat=LIMIT)  # type: ignore[call-arg]


async def _say(stack: tuple[Bot, Dispatcher], tg: FakeTelegram, chat: int, text: str) -> Sent:
    bot, dp = stack
    before = len(tg.sent_to(chat))
    await dp.feed_update(bot, message(chat, text))
    sent = tg.sent_to(chat)
    assert len(sent) == before + 1, [parse_html(s.text) for s in sent[before:]]
    return sent[-1]


async def _text(stack: tuple[Bot, Dispatcher], tg: FakeTelegram, chat: int, text: str) -> str:
    return parse_html((await _say(stack, tg, chat, text)).text)


async def _feed_id(db: aiosqlite.Connection, url: str) -> int:
    stored = await chat_feeds.feed_by_url(db, url=url)
    assert stored is not None
    return stored.id


async def test_add_by_feed_and_by_page_and_shared_without_a_second_fetch(
    stack: tuple[Bot, Dispatcher], telegram: FakeTelegram, site: Site, db: aiosqlite.Connection
) -> None:
    rss = site.url("/rss")
    added = await _text(stack, telegram, A, f"/add {rss}")
    assert added == say("en", "sources-added", title="Local & News", url=rss)
    assert site.hits["/rss"] == 1
    stored = await chat_feeds.feed_by_url(db, url=rss)
    assert stored is not None
    assert (stored.title, stored.shared) == ("Local & News", False)

    # Again in A: already its own. In B: shared, answered from the stored row, no fetch.
    again = await _text(stack, telegram, A, f"/add {rss}")
    assert again == say("en", "sources-already", title="Local & News", url=rss)
    in_b = await _text(stack, telegram, B, f"/add {rss}")
    assert in_b == say("en", "sources-added", title="Local & News", url=rss)
    assert site.hits["/rss"] == 1
    assert [c.chat_id for c in await chat_feeds.chats_of(db, feed_id=stored.id)] == [A, B]

    # A page naming its feed: the page, then the feed it names, each fetched once.
    by_page = await _text(stack, telegram, A, f"/add {site.url('/page.html')}")
    assert by_page == say("en", "sources-added", title="Site Feed", url=site.url("/site-rss"))
    assert (site.hits["/page.html"], site.hits["/site-rss"]) == (1, 1)
    assert site.hits["/s.css"] == 0
    # The page again: its feed is stored, so only the page is fetched.
    await _text(stack, telegram, B, f"/add {site.url('/page.html')}")
    assert (site.hits["/page.html"], site.hits["/site-rss"]) == (2, 1)

    # A page without a feed, a dead link, a link that is not http(s): one line each.
    none = await _text(stack, telegram, A, f"/add {site.url('/plain.html')}")
    assert none == say("en", "sources-no-feed", url=site.url("/plain.html"))
    dead = await _text(stack, telegram, A, f"/add {site.url('/gone')}")
    assert dead.startswith("The site answered with error 404")
    assert await _text(stack, telegram, A, "/add ftp://example.com/rss") == say(
        "en", "error-scheme"
    )
    assert await _text(stack, telegram, A, "/add") == say("en", "sources-add-usage")
    assert await chat_feeds.count(db, chat_id=A) == 2
    assert telegram.refused == []


async def test_feeds_list_buttons_and_remove(
    stack: tuple[Bot, Dispatcher], telegram: FakeTelegram, site: Site, db: aiosqlite.Connection
) -> None:
    bot, dp = stack
    assert await _text(stack, telegram, A, "/feeds") == say("en", "sources-empty")
    for n in (1, 2):
        await _say(stack, telegram, A, f"/add {site.url(f'/rss{n}')}")
    one, two = site.url("/rss1"), site.url("/rss2")
    one_id = await _feed_id(db, one)
    # The feed of source 1 brought an article yesterday; source 2's last poll failed.
    yesterday = datetime.now(tz=UTC) - timedelta(days=1)
    await db.execute(
        "UPDATE feeds SET last_article_at = ? WHERE id = ?", (int(yesterday.timestamp()), one_id)
    )
    await db.execute(
        "UPDATE feeds SET error_count = 3, last_error = 'HTTP 500 <b>' WHERE url = ?", (two,)
    )
    await db.commit()

    listed = await _say(stack, telegram, A, "/feeds")
    shown = parse_html(listed.text)
    assert shown.startswith(say("en", "sources-header", total=2, page=1, pages=1))
    digest_mode = say("en", "sources-mode-digest")
    assert say("en", "sources-item", n=1, title="Feed 1", mode=digest_mode) in shown
    assert say("en", "sources-state-ok", date=yesterday.strftime("%d.%m.%Y")) in shown
    assert say("en", "sources-state-failing", errors=3, error="HTTP 500 <b>") in shown
    assert one in shown and two in shown
    labels = [b["text"] for b in listed.buttons()]
    assert labels == [
        say("en", "sources-button-remove", n=1),
        say("en", "sources-button-instant", n=1),
        say("en", "sources-button-remove", n=2),
        say("en", "sources-button-instant", n=2),
    ]

    # Source 1 at once: the answer says so, the list shows it, its digest leaves it out.
    to_instant = listed.buttons()[1]["callback_data"]
    await dp.feed_update(bot, press(A, listed.message_id, to_instant))
    assert telegram.answered[-1]["text"] == say("en", "sources-now-instant", title="Feed 1")
    edited = telegram.edits[-1]
    instant_mode = say("en", "sources-mode-instant")
    assert say("en", "sources-item", n=1, title="Feed 1", mode=instant_mode) in parse_html(
        edited.text
    )
    assert (one_id, "instant") in await chat_feeds.modes(db, chat_id=A)
    back = [b for row in edited.reply_markup["inline_keyboard"] for b in row][1]  # type: ignore[index]
    assert back["text"] == say("en", "sources-button-digest", n=1)

    # Remove source 2 with its button; a second press of it finds it gone.
    remove_two = listed.buttons()[2]["callback_data"]
    await dp.feed_update(bot, press(A, listed.message_id, remove_two))
    assert telegram.answered[-1]["text"] == say("en", "sources-removed", title="Feed 2")
    assert "Feed 2" not in parse_html(telegram.edits[-1].text)
    await dp.feed_update(bot, press(A, listed.message_id, remove_two))
    assert telegram.answered[-1]["text"] == say("en", "sources-expired")
    assert telegram.answered[-1]["show_alert"]

    # /remove as typed (a trailing slash-free URL with a different case of host).
    upper = one.replace("127.0.0.1", "127.0.0.1").replace("http://", "HTTP://")
    assert await _text(stack, telegram, A, f"/remove {upper}") == say(
        "en", "sources-removed", title="Feed 1"
    )
    assert await _text(stack, telegram, A, f"/remove {one}") == say("en", "sources-not-found")
    assert await _text(stack, telegram, A, "/remove") == say("en", "sources-remove-usage")
    assert await chat_feeds.count(db, chat_id=A) == 0
    # Only the press on a source already gone refreshed a list that had not changed.
    assert [r[2].split(":")[1] for r in telegram.refused] == [" message is not modified"]


async def test_feeds_pages(
    stack: tuple[Bot, Dispatcher], telegram: FakeTelegram, db: aiosqlite.Connection
) -> None:
    bot, dp = stack
    await subscribe(db, A)
    for n in range(8):  # stored directly: the list does not care how they came
        feed = await chat_feeds.add_feed(db, url=f"https://feeds.example/{n}", title=f"F{n}")
        await chat_feeds.link(db, chat_id=A, feed_id=feed.id)
    first = await _say(stack, telegram, A, "/feeds")
    assert parse_html(first.text).startswith(say("en", "sources-header", total=8, page=1, pages=2))
    assert "F5" in parse_html(first.text) and "F6" not in parse_html(first.text)
    (following,) = [b for b in first.buttons() if b["text"] == say("en", "page-next")]
    await dp.feed_update(bot, press(A, first.message_id, following["callback_data"]))
    second = parse_html(telegram.edits[-1].text)
    assert second.startswith(say("en", "sources-header", total=8, page=2, pages=2))
    assert "7. F6" in second and "F5" not in second
    assert "F6" in await _text(stack, telegram, A, "/feeds 2")


async def test_opml_in_and_out(
    stack: tuple[Bot, Dispatcher], telegram: FakeTelegram, site: Site, db: aiosqlite.Connection
) -> None:
    bot, dp = stack
    await _say(stack, telegram, A, f"/add {site.url('/rss1')}")
    opml = f"""<?xml version="1.0"?><opml version="2.0"><head/><body>
      <outline text="Mine already" xmlUrl="{site.url("/rss1")}"/>
      <outline text="Folder"><outline text="Two" title="My own name" xmlUrl="{site.url("/rss2")}"/>
        <outline text="Three" xmlUrl="{site.url("/rss3")}"/></outline>
      <outline text="Bad" xmlUrl="javascript:alert(1)"/>
      <outline text="File" xmlUrl="file:///etc/passwd"/>
      <outline text="Four" xmlUrl="{site.url("/rss4")}"/>
      <outline text="Five" xmlUrl="{site.url("/rss5")}"/>
    </body></opml>""".encode()
    telegram.files["subs"] = opml
    hits = sum(site.hits.values())
    await dp.feed_update(bot, document(A, "subs", "My Feeds.OPML", size=len(opml)))
    answer = parse_html(telegram.sent_to(A)[-1].text)
    assert answer == "\n".join([
        say("en", "sources-imported"),
        say("en", "sources-imported-added", n=3),  # 2, 3, 4; 5 is over the limit of 4
        say("en", "sources-imported-skipped", n=1),
        say("en", "sources-imported-refused", n=2),
        say("en", "sources-imported-over-limit", n=1, limit=LIMIT),
    ])  # fmt: skip
    assert sum(site.hits.values()) == hits  # nothing fetched at import: the poller does
    # A title typed in the file is not stored: the poller takes the feed's own.
    assert (await chat_feeds.feed_by_url(db, url=site.url("/rss2"))).title is None  # type: ignore[union-attr]

    await dp.feed_update(bot, message(A, "/export"))
    (out,) = telegram.documents
    assert out.chat_id == A and out.file_name.endswith(".opml")
    assert parse_html(out.caption or "") == say("en", "sources-exported")
    assert [url for url, _ in parse_opml(out.data)] == [site.url(f"/rss{n}") for n in (1, 2, 3, 4)]

    # A hostile file (entity expansion) and a file that is not OPML: one line, nothing added.
    telegram.files["bad"] = HOSTILE_OPML.read_bytes()
    await dp.feed_update(bot, document(B, "bad", "x.opml", size=len(telegram.files["bad"])))
    assert parse_html(telegram.sent_to(B)[-1].text) == say("en", "error-opml")
    telegram.files["text"] = b"just text"
    await dp.feed_update(bot, document(B, "text", "list.txt", mime_type="text/x-opml", size=9))
    assert parse_html(telegram.sent_to(B)[-1].text) == say("en", "error-opml")
    assert await chat_feeds.count(db, chat_id=B) == 0
    assert await _text(stack, telegram, B, "/export") == say("en", "sources-empty")
    assert len(telegram.documents) == 1
    # A document that is not OPML goes on to the other handlers.
    telegram.files["pic"] = b"\x89PNG"
    await dp.feed_update(bot, document(B, "pic", "cat.png", mime_type="image/png", size=4))
    assert parse_html(telegram.sent_to(B)[-1].text) == say("en", "submit-not-text")


async def test_the_limit(
    stack: tuple[Bot, Dispatcher], telegram: FakeTelegram, site: Site, db: aiosqlite.Connection
) -> None:
    for n in range(1, LIMIT + 1):
        await _say(stack, telegram, C, f"/add {site.url(f'/rss{n}')}")
    assert await chat_feeds.count(db, chat_id=C) == LIMIT
    refused = await _text(stack, telegram, C, f"/add {site.url('/rss99')}")
    assert refused == say("en", "sources-limit", limit=LIMIT)
    assert site.hits["/rss99"] == 0  # refused before any fetch
    # A feed the chat has already is still answered as such.
    assert await _text(stack, telegram, C, f"/add {site.url('/rss1')}") == say(
        "en", "sources-already", title="Feed 1", url=site.url("/rss1")
    )
    # Stored already (another chat's): refused too, without a fetch.
    await _say(stack, telegram, A, f"/add {site.url('/rss99')}")
    assert await _text(stack, telegram, C, f"/add {site.url('/rss99')}") == refused
    assert site.hits["/rss99"] == 1


async def test_in_a_group_only_administrators_change_sources(
    stack: tuple[Bot, Dispatcher], telegram: FakeTelegram, site: Site, db: aiosqlite.Connection
) -> None:
    bot, dp = stack
    telegram.members[GROUP, ADMIN] = "administrator"
    rss = site.url("/rss")
    denied = say("en", "sources-admins-only")
    for text in (f"/add {rss}", f"/remove {rss}"):
        await dp.feed_update(bot, message(GROUP, text, user_id=MEMBER))
        assert parse_html(telegram.sent_to(GROUP)[-1].text) == denied
    assert site.hits["/rss"] == 0
    telegram.files["subs"] = (
        b'<opml version="2.0"><body><outline xmlUrl="https://x.example/"/></body></opml>'
    )
    await dp.feed_update(bot, document(GROUP, "subs", "a.opml", size=80, user_id=MEMBER))
    assert parse_html(telegram.sent_to(GROUP)[-1].text) == denied

    await dp.feed_update(bot, message(GROUP, f"/add {rss}", user_id=ADMIN))
    assert parse_html(telegram.sent_to(GROUP)[-1].text) == say(
        "en", "sources-added", title="Local & News", url=rss
    )
    # Anyone reads the list; a member's press on its buttons is refused with an alert.
    await dp.feed_update(bot, message(GROUP, "/feeds", user_id=MEMBER))
    listed = telegram.sent_to(GROUP)[-1]
    assert "Local & News" in parse_html(listed.text)
    remove = listed.buttons()[0]["callback_data"]
    await dp.feed_update(bot, press(GROUP, listed.message_id, remove, user_id=MEMBER))
    assert telegram.answered[-1]["text"] == denied
    assert await chat_feeds.count(db, chat_id=GROUP) == 1
    await dp.feed_update(bot, press(GROUP, listed.message_id, remove, user_id=ADMIN))
    assert await chat_feeds.count(db, chat_id=GROUP) == 0


async def test_a_second_chat_never_sees_the_first_ones_sources(
    stack: tuple[Bot, Dispatcher], telegram: FakeTelegram, site: Site, db: aiosqlite.Connection
) -> None:
    await subscribe(db, A)
    await subscribe(db, B)
    operator = await feed_store.add(db, url="https://operator.example/rss", title="Operator")
    assert operator is not None
    await _say(stack, telegram, A, f"/add {site.url('/rss')}")
    own = await _feed_id(db, site.url("/rss"))
    now = datetime.now(tz=UTC)
    # As the poller stores them: one article of the operator's feed, two of A's source.
    await add_story(
        db, 1, title="Council story", text="The city council approved the harbour budget.",
        search_title="council stori", search_text="citi council approv harbour budget",
        feed_id=operator.id, ingested_at=now - timedelta(hours=3),
    )  # fmt: skip
    texts = {2: "A volcano woke up on the island.", 3: "Farmers protested about grain prices."}
    for n, text in texts.items():
        await add_story(
            db, n, title=f"Volcano story {n}", text=text,
            search_title=f"volcano stori {n}", search_text=f"volcano council {n}",
            url=f"https://private.example/{n}", feed_id=own,
            ingested_at=now - timedelta(hours=3 - n + 1),
        )  # fmt: skip

    # A: its source's articles and the operator's, in /latest (and its count), /search,
    # and its digest.
    a_latest = await _text(stack, telegram, A, "/latest")
    assert a_latest.startswith("Latest articles: 1–3 of 3")
    assert "Volcano story 3" in a_latest and "Council story" in a_latest
    assert "Volcano story 2" in await _text(stack, telegram, A, "/search volcano")
    a_digest = await _text(stack, telegram, A, "/digest")
    assert "Volcano story 3" in a_digest and "Council story" in a_digest

    # B: none of it, whatever it asks, and its /settings does not list A's source.
    assert await _text(stack, telegram, B, "/feeds") == say("en", "sources-empty")
    b_latest = await _text(stack, telegram, B, "/latest 20")
    assert b_latest.startswith("Latest articles: 1–1 of 1")
    b_search = await _text(stack, telegram, B, "/search volcano")
    assert b_search == "Nothing found for “volcano”."
    b_council = await _text(stack, telegram, B, "/search council")
    assert "Council story" in b_council
    b_digest = await _text(stack, telegram, B, "/digest")
    assert "Council story" in b_digest
    settings = await _say(stack, telegram, B, "/settings")
    (sources_view,) = [b for b in settings.buttons() if b["callback_data"].startswith("sv:feeds")]
    bot, dp = stack
    await dp.feed_update(bot, press(B, settings.message_id, sources_view["callback_data"]))
    b_all = "\n".join(
        [s.text for s in telegram.sent_to(B)]
        + [str(s.reply_markup) for s in telegram.sent_to(B)]
        + [e.text + str(e.reply_markup) for e in telegram.edits if e.chat_id == B]
    )
    for secret in ("Volcano", "Local", site.base, "private.example"):
        assert secret not in b_all, secret
    assert "Operator" in b_all  # the operator's feed is listed in /settings

    # A source taken at once is not in A's digest (its articles come as they arrive).
    await chat_feeds.set_mode(db, chat_id=A, feed_id=own, mode="instant")
    a_digest = await _text(stack, telegram, A, "/digest")
    assert "Volcano" not in a_digest and "Council story" in a_digest
    assert telegram.refused == []
