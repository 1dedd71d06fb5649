"""The fake Bot API's answerInlineQuery refuses what Telegram refuses, so the inline tests'
green means Telegram would take the answers."""

from __future__ import annotations

import pytest
from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest
from aiogram.types import InlineQueryResultArticle, InputTextMessageContent

from tests.fake_telegram import FakeTelegram


def _article(
    result_id: str, text: str = "<b>Title</b> text", title: str = "T"
) -> InlineQueryResultArticle:
    return InlineQueryResultArticle(
        id=result_id,
        title=title,
        input_message_content=InputTextMessageContent(message_text=text, parse_mode="HTML"),
    )


async def test_a_valid_answer_is_recorded(bot: Bot, telegram: FakeTelegram) -> None:
    results = [_article(str(n)) for n in range(50)]
    await bot.answer_inline_query("q1", results, next_offset="x" * 64, cache_time=5)  # type: ignore[arg-type]
    (answer,) = telegram.inline_answers
    assert answer.query_id == "q1"
    assert len(answer.results) == 50
    assert answer.results[0].shown == "Title text"
    assert answer.results[0].entities[0]["type"] == "bold"
    assert answer.next_offset == "x" * 64
    assert answer.cache_time == 5


@pytest.mark.parametrize(
    ("results", "next_offset", "refusal"),
    [
        ([_article(str(n)) for n in range(51)], "", "RESULTS_TOO_MUCH"),
        ([_article("1")], "я" * 33, "NEXT_OFFSET_INVALID"),  # 66 bytes
        ([_article("1" * 65)], "", "RESULT_ID_INVALID"),
        ([_article("1"), _article("1")], "", "RESULT_ID_DUPLICATE"),
        ([_article("1", title=" ")], "", "RESULT_TITLE_EMPTY"),
        ([_article("1", "<b>open")], "", "can't parse entities"),
        ([_article("1", "a < b")], "", "can't parse entities"),
        ([_article("1", "<b>" + "я" * 4097 + "</b>")], "", "message is too long"),
        ([_article("1", "<b> </b>")], "", "message text is empty"),
    ],
)
async def test_what_telegram_refuses_is_refused(
    bot: Bot, telegram: FakeTelegram, results: list[object], next_offset: str, refusal: str
) -> None:
    with pytest.raises(TelegramBadRequest, match=refusal):
        await bot.answer_inline_query("q1", results, next_offset=next_offset)  # type: ignore[arg-type]
    assert telegram.inline_answers == []
    assert telegram.refused[-1][0] == "answerInlineQuery"
