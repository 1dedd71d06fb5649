"""What an outbox payload becomes in sendMessage: its text and the options stored with it."""

from __future__ import annotations

from bot.delivery.send import _gone_reason, message_options


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


def test_a_closed_topic_or_lost_rights_end_the_destination() -> None:
    for description, reason in (
        ("Bad Request: TOPIC_CLOSED", "topic closed"),
        ("Bad Request: message thread not found", "topic deleted"),
        ("Bad Request: CHAT_WRITE_FORBIDDEN", "no rights"),
        ("Bad Request: not enough rights to send text messages to the chat", "no rights"),
        ("Forbidden: bot was blocked by the user", "blocked"),
    ):
        assert _gone_reason(description) == reason, description
    assert _gone_reason("Bad Request: message is too long") is None  # refused, not gone
