"""The fake Bot API's own rules, so that tests relying on it can be trusted."""

from __future__ import annotations

import pytest
from aiogram.exceptions import (
    ClientDecodeError,
    TelegramBadRequest,
    TelegramMigrateToChat,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
)
from aiogram.types import BotCommand, InlineKeyboardButton, InlineKeyboardMarkup, Update

from tests.factories import telegram_bot
from tests.fake_telegram import (
    EntityError,
    FakeTelegram,
    Faults,
    parse_entities,
    parse_html,
    utf16_len,
)


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("<b>bold</b> &amp; <i>it</i>", "bold & it"),
        ('<a href="https://e.com">link</a>', "link"),
        ("plain &lt;b&gt;", "plain <b>"),
        ('<span class="tg-spoiler">x</span>', "x"),
        ("&copy; &para=1 &#x41;&#66", "&copy; &para=1 AB"),  # Telegram's four names only
    ],
)
def test_valid_html(text: str, shown: str) -> None:
    assert parse_html(text) == shown


@pytest.mark.parametrize(
    "text",
    ["<script>x</script>", "<b>open", "<b><i>x</b></i>", "<div>x</div>", "<a>no href</a>",
     '<span class="x">s</span>', "a < b", "x</b>", "<b>x</i>", '<a href="x>y</a>',
     "<b", "<b x>y</b>"],
)  # fmt: skip
def test_invalid_html(text: str) -> None:
    with pytest.raises(EntityError):
        parse_html(text)


def test_utf16_length_counts_emoji_twice() -> None:
    assert utf16_len("😀a") == 3


def test_entities_and_link_urls_as_telegram_decodes_them() -> None:
    # Telegram decodes &lt, &quot and &amp in href, with or without the semicolon.
    shown, entities = parse_entities('<b>😀</b> <a href="https://e.com/?a=1&lt=2&amp;b">l</a>')
    assert shown == "😀 l"
    assert entities == [
        {"type": "bold", "offset": 0, "length": 2},
        {"type": "text_link", "offset": 3, "length": 1, "url": "https://e.com/?a=1<=2&b"},
    ]


async def test_length_is_counted_in_utf16_code_units() -> None:
    fake = FakeTelegram(limits=False)
    await fake.start()
    bot = telegram_bot(fake)
    try:
        await bot.send_message(1, "<b>" + "😀" * 2048 + "</b>")  # 2,048 characters, 4,096 units
        with pytest.raises(TelegramBadRequest, match="too long"):
            await bot.send_message(1, "😀" * 2048 + "a")  # 2,049 characters, 4,097 units
        assert [utf16_len(parse_html(s.text)) for s in fake.sent] == [4096]
        assert fake.sent[0].entities == [{"type": "bold", "offset": 0, "length": 4096}]
    finally:
        await bot.session.close()
        await fake.stop()


async def test_edits_keyboards_and_callback_answers() -> None:
    fake = FakeTelegram(limits=False)
    await fake.start()
    bot = telegram_bot(fake)
    try:
        keyboard = InlineKeyboardMarkup(
            inline_keyboard=[[InlineKeyboardButton(text="Next", callback_data="p:5")]]
        )
        sent = await bot.send_message(1, "<b>page 1</b>", reply_markup=keyboard)
        (record,) = fake.sent
        assert record.buttons() == [{"text": "Next", "callback_data": "p:5"}]
        await bot.edit_message_text("<i>page 2</i>", chat_id=1, message_id=sent.message_id)
        assert [e.text for e in fake.edits] == ["<i>page 2</i>"]
        with pytest.raises(TelegramBadRequest):
            await bot.edit_message_text("<div>x</div>", chat_id=1, message_id=sent.message_id)
        with pytest.raises(TelegramBadRequest):
            await bot.edit_message_text("x" * 4097, chat_id=1, message_id=sent.message_id)
        with pytest.raises(TelegramBadRequest):
            await bot.edit_message_text("x", chat_id=1, message_id=999)
        assert len(fake.edits) == 1
        query_id = fake.push_callback(1, sent.message_id, "p:5")
        (update,) = fake.updates
        assert update["callback_query"]["message"]["text"] == "page 2"  # the edited text
        assert await bot.answer_callback_query(query_id, text="ok")
        assert fake.answered[0]["callback_query_id"] == query_id
        with pytest.raises(KeyError):
            fake.push_callback(2, sent.message_id, "p:5")
    finally:
        await bot.session.close()
        await fake.stop()


async def test_commands_members_and_membership_updates() -> None:
    fake = FakeTelegram(limits=False)
    await fake.start()
    bot = telegram_bot(fake, parse_mode=None)
    try:
        await bot.set_my_commands(
            [BotCommand(command="start", description="начать")], language_code="ru"
        )
        await bot.set_my_commands([BotCommand(command="start", description="start")])
        assert fake.commands == {"ru": [("start", "начать")], "": [("start", "start")]}

        fake.members[-5, 2] = "administrator"
        fake.members[-5, 3] = "creator"
        statuses = [(await bot.get_chat_member(-5, user)).status for user in (1, 2, 3)]
        assert statuses == ["member", "administrator", "creator"]

        fake.push_my_chat_member(7, "kicked")
        fake.push_message(-5, "/start", user_id=2, chat_type="supergroup")
        blocked, group = (Update.model_validate(u) for u in fake.updates)
        assert blocked.my_chat_member is not None
        assert blocked.my_chat_member.new_chat_member.status == "kicked"
        assert blocked.my_chat_member.old_chat_member.status == "member"
        assert group.message is not None
        assert (group.message.chat.type, group.message.chat.title) == ("supergroup", "Test group")
    finally:
        await bot.session.close()
        await fake.stop()


async def test_limits_retry_after_violations_and_faults() -> None:
    fake = FakeTelegram(limits=True)
    await fake.start()
    bot = telegram_bot(fake, parse_mode=None)
    try:
        await bot.send_message(1, "a")
        with pytest.raises(TelegramRetryAfter) as caught:
            await bot.send_message(1, "b")  # 1 per second per chat
        assert caught.value.retry_after == 1
        with pytest.raises(TelegramRetryAfter):
            await bot.send_message(1, "c")  # back before retry_after: a violation
        assert fake.violations == 1
        for n in range(20):  # a group: 20 per minute
            await bot.send_message(-100, f"g{n}")
            fake._last_by_chat.clear()
        with pytest.raises(TelegramRetryAfter) as caught:
            await bot.send_message(-100, "g20")
        assert 55 <= caught.value.retry_after <= 60

        fake.migrated[-5] = -1005
        with pytest.raises(TelegramMigrateToChat) as moved:
            await bot.send_message(-5, "x")
        assert moved.value.migrate_to_chat_id == -1005

        fake.limits = False
        fake.hang_seconds = 2
        fake.fail_next.extend(["500", "502", "drop", "drop_after", "hang"])
        with pytest.raises(TelegramServerError):
            await bot.send_message(2, "x")
        with pytest.raises(ClientDecodeError):
            await bot.send_message(2, "x")
        with pytest.raises(TelegramNetworkError):
            await bot.send_message(2, "dropped before")
        with pytest.raises(TelegramNetworkError):
            await bot.send_message(2, "dropped after")
        with pytest.raises(TelegramNetworkError):
            await bot.send_message(2, "hung", request_timeout=1)
        assert [s.text for s in fake.sent_to(2)] == ["dropped after"]  # accepted, then cut
        assert fake.injected == ["500", "502", "drop", "drop_after", "hang"]
    finally:
        await bot.session.close()
        await fake.stop()


def test_random_faults_are_reproducible() -> None:
    draws = [Faults(p500=0.1, drop=0.1, seed=7) for _ in range(2)]
    first, second = ([f.draw() for _ in range(1000)] for f in draws)
    assert first == second
    assert 150 < sum(d is not None for d in first) < 250
