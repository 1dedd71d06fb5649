"""/channel through the real aiogram stack and the fake Bot API: getChat finds the channel,
getChatMember tells who administers it; a linked channel gets the digests."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

import aiosqlite
import pytest
from aiogram import Bot, Dispatcher
from aiohttp import web

from bot.analysis.models import NlpModels
from bot.app import build_dispatcher
from bot.config import Settings
from bot.services import digests
from bot.storage import subscribers
from tests.factories import add_story, command, press, say, serve, telegram_bot
from tests.fake_telegram import FakeTelegram

BOT_ID = 123456  # the fake token's bot
NEWS = -100777  # a channel the user created, the bot posts in
SILENT = -100888  # a channel where the bot is only a member


class ChannelTelegram(FakeTelegram):
    """The fake Bot API with two public channels (getChat by @name) and their admins."""

    channels: dict[str, dict[str, Any]] = {  # noqa: RUF012 (the test's fixed world)
        "@news_by": {"id": NEWS, "type": "channel", "title": "News BY"},
        "@silent_by": {"id": SILENT, "type": "channel", "title": "Silent"},
        "@a_group": {"id": -555, "type": "supergroup", "title": "A group"},
    }

    async def _m_getChat(self, params: dict[str, Any]) -> web.Response:
        found = self.channels.get(str(params["chat_id"]))
        if found is None:
            found = next(
                (c for c in self.channels.values() if str(c["id"]) == str(params["chat_id"])),
                None,
            )
        if found is None:
            return self._refuse("getChat", params, 400, "Bad Request: chat not found")
        full = found | {"accent_color_id": 0, "max_reaction_count": 11, "accepted_gift_types": {
            "unlimited_gifts": False, "limited_gifts": False, "unique_gifts": False,
            "premium_subscription": False, "gifts_from_channels": False}}  # fmt: skip
        return web.json_response({"ok": True, "result": full})

    async def _m_getChatMember(self, params: dict[str, Any]) -> web.Response:
        chat_id, user_id = int(params["chat_id"]), int(params["user_id"])
        status = self.members.get((chat_id, user_id), "member")
        user = {"id": user_id, "is_bot": user_id == BOT_ID, "first_name": "Test"}
        member = self._member(user, status)
        if status == "administrator":
            member |= {"can_post_messages": True, "can_edit_messages": True}
        return web.json_response({"ok": True, "result": member})


@pytest.fixture
async def telegram() -> AsyncIterator[FakeTelegram]:
    fake = ChannelTelegram(limits=False)
    fake.members |= {
        (NEWS, 5): "creator", (NEWS, BOT_ID): "administrator",
        (SILENT, 5): "creator", (SILENT, BOT_ID): "member",
        (NEWS, 6): "member",
    }  # fmt: skip
    await fake.start()
    yield fake
    await fake.stop()


@pytest.fixture
async def stack(
    telegram: FakeTelegram, db: aiosqlite.Connection, nlp: NlpModels
) -> AsyncIterator[tuple[Bot, Dispatcher]]:
    client = telegram_bot(telegram)
    settings = Settings(_env_file=None, allow_private_urls=True)
    yield client, build_dispatcher(settings, nlp, db)
    await client.session.close()


RSS = (
    '<?xml version="1.0"?><rss version="2.0"><channel><title>Local News</title>'
    "<link>http://example.com/</link><description>d</description>"
    "<item><title>One</title><link>http://example.com/1</link>"
    "<description>One item.</description></item></channel></rss>"
)


@pytest.fixture
async def feed_url() -> AsyncIterator[str]:
    async def rss(_: web.Request) -> web.Response:
        return web.Response(text=RSS, content_type="application/rss+xml")

    app = web.Application()
    app.router.add_get("/rss", rss)
    async with serve(app) as base:
        yield base + "/rss"


async def _say(stack: tuple[Bot, Dispatcher], chat_id: int, text: str, **kwargs: Any) -> None:
    bot, dp = stack
    await dp.feed_update(bot, command(chat_id, text, **kwargs))


async def test_a_channel_is_linked_listed_and_unlinked_by_its_admin_only(
    stack: tuple[Bot, Dispatcher], telegram: FakeTelegram, db: aiosqlite.Connection
) -> None:
    await _say(stack, 5, "/channel @news_by")
    assert telegram.sent[-1].text == say(
        "en", "channel-linked", title="News BY", time="08:00", name="@news_by"
    )
    channel = await subscribers.get(db, chat_id=NEWS)
    assert channel is not None
    assert (channel.kind, channel.managed_by, channel.active) == ("channel", 5, True)
    assert channel.next_digest_at is not None  # it gets the digests

    refusals = [
        (5, "/channel @nobody_here", say("en", "channel-not-found", name="@nobody_here")),
        (5, "/channel @silent_by", say("en", "channel-bot-not-admin", title="Silent")),
        (5, "/channel @a_group", say("en", "channel-not-channel", title="A group")),
        (6, "/channel @news_by", say("en", "channel-not-admin", title="News BY")),
        (6, "/channel @news_by off", say("en", "channel-not-linked", title="News BY")),
        (5, "/channel news_by", say("en", "channel-usage")),
        (-42, "/channel @news_by", say("en", "channel-private-only")),
    ]
    for chat_id, text, answer in refusals:
        await _say(stack, chat_id, text)
        assert telegram.sent[-1].text == answer, text
    assert await subscribers.get(db, chat_id=SILENT) is None
    assert (await subscribers.get(db, chat_id=NEWS)).managed_by == 5  # type: ignore[union-attr]

    await _say(stack, 5, "/channel")
    listed = telegram.sent[-1].text
    assert listed == say("en", "channel-list", channels="Linked channels:\n• News BY")
    await _say(stack, 6, "/channel")
    assert telegram.sent[-1].text == say("en", "channel-none")  # another user's list

    # The channel's digest is queued for the channel itself.
    await db.execute("INSERT INTO feeds (id, url, title) VALUES (1, 'https://e.com/f', 'F')")
    await add_story(db, 1, feed_id=1, ingested_at=channel.next_digest_at - timedelta(hours=2))
    settings = Settings(_env_file=None)
    await digests.enqueue_due(db, settings, now=channel.next_digest_at + timedelta(minutes=1))
    async with db.execute("SELECT chat_id, kind FROM outbox") as cur:
        assert [tuple(row) for row in await cur.fetchall()] == [(NEWS, "digest")]

    await _say(stack, 5, "/channel @news_by off")
    assert telegram.sent[-1].text == say("en", "channel-unlinked", title="News BY")
    gone = await subscribers.get(db, chat_id=NEWS)
    assert gone is not None
    assert not gone.active


async def test_a_channels_sources_are_managed_from_its_managers_private_chat(
    stack: tuple[Bot, Dispatcher], telegram: FakeTelegram, db: aiosqlite.Connection, feed_url: str
) -> None:
    await _say(stack, 5, "/channel @news_by")
    await _say(stack, 5, f"/add {feed_url} @news_by")
    assert telegram.sent[-1].text == say("en", "sources-added", title="Local News", url=feed_url)
    async with db.execute("SELECT chat_id, mode FROM chat_feeds") as cur:
        assert [tuple(row) for row in await cur.fetchall()] == [(NEWS, "digest")]
    # Someone else cannot: the channel is not linked from their chat.
    await _say(stack, 6, f"/add {feed_url} @news_by")
    assert telegram.sent[-1].text == say("en", "channel-not-linked", title="@news_by")
    await _say(stack, 6, "/feeds @news_by")
    assert telegram.sent[-1].text == say("en", "channel-not-linked", title="@news_by")
    # The manager's own list is its own; the channel's list is the channel's.
    await _say(stack, 5, "/feeds")
    assert telegram.sent[-1].text == say("en", "sources-empty")
    await _say(stack, 5, "/feeds @news_by")
    listed = telegram.sent[-1]
    assert "Local News" in listed.text
    buttons = [b["callback_data"] for b in listed.buttons()]
    instant = next(data for data in buttons if data.startswith("src:in:"))
    assert instant.endswith(f":{NEWS}")
    # A forged press from another private chat finds nothing to change.
    bot, dp = stack
    await dp.feed_update(bot, press(6, listed.message_id, instant))
    async with db.execute("SELECT mode FROM chat_feeds") as cur:
        assert [row[0] for row in await cur.fetchall()] == ["digest"]
    await dp.feed_update(bot, press(5, listed.message_id, instant))
    async with db.execute("SELECT mode FROM chat_feeds") as cur:
        assert [row[0] for row in await cur.fetchall()] == ["instant"]
    await _say(stack, 5, f"/remove {feed_url} @news_by")
    assert telegram.sent[-1].text == say("en", "sources-removed", title="Local News")
    async with db.execute("SELECT count(*) FROM chat_feeds") as cur:
        assert tuple(await cur.fetchone() or ()) == (0,)
