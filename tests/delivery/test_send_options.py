"""What an outbox payload becomes in sendMessage: its text and the options stored with it."""

from __future__ import annotations

from bot.delivery.send import message_options


def test_a_payload_with_a_topic_posts_into_it() -> None:
    options = message_options({"text": "<b>x</b>", "thread_id": 42}, paid_broadcast=False)
    assert options == {
        "text": "<b>x</b>",
        "parse_mode": "HTML",
        "disable_web_page_preview": True,
        "message_thread_id": 42,
    }
    plain = message_options({"text": "x", "thread_id": None}, paid_broadcast=True)
    assert "message_thread_id" not in plain
    assert plain["allow_paid_broadcast"] is True
