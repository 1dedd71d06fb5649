"""Dates: explicit, year from the page or the publication date, relative to publication."""

from __future__ import annotations

from datetime import date

import pytest

from bot.analysis.dates import find_dates, story_dates

PUB = date(2025, 7, 14)  # a Monday


@pytest.mark.parametrize(
    ("text", "lang", "published", "context", "expected"),
    [
        ("Беседа состоялась 10 июля на полях форума.", "ru", None,
         "Фото: 10 июля 2025 года, Малайзия", ["2025-07-10"]),
        ("Беседа состоялась 10 июля на полях форума.", "ru", PUB, "", ["2025-07-10"]),
        ("Беседа состоялась 10 июля на полях форума.", "ru", None, "", []),
        ("Закон вступит в силу 1 января 2026 года.", "ru", PUB, "", ["2026-01-01"]),
        ("Митинг прошел 28 декабря.", "ru", date(2026, 1, 5), "", ["2025-12-28"]),
        ("Вчера в Минске прошли задержания.", "ru", PUB, "", ["2025-07-13"]),
        ("Сегодня суд вынес приговор.", "ru", PUB, "", ["2025-07-14"]),
        ("В пятницу министр встретился с послом.", "ru", PUB, "", ["2025-07-11"]),
        ("Указ подписан 05.03.2024.", "ru", None, "", ["2024-03-05"]),
        ("The two men met on July 10 in Kuala Lumpur.", "en", PUB, "", ["2025-07-10"]),
        ("The law was passed on 3 March 2020.", "en", None, "", ["2020-03-03"]),
        ("Shares fell on Jan. 5, 2021, analysts said.", "en", None, "", ["2021-01-05"]),
        ("The minister resigned on Friday.", "en", PUB, "", ["2025-07-11"]),
        ("Talks will resume next Wednesday.", "en", PUB, "", ["2025-07-16"]),
        ("Police said yesterday that two men were held.", "en", PUB, "", ["2025-07-13"]),
        ("The minister resigned on Friday.", "en", None, "", []),
        ("He may march on.", "en", PUB, "", []),
    ],
)  # fmt: skip
def test_find_dates(
    text: str, lang: str, published: date | None, context: str, expected: list[str]
) -> None:
    assert story_dates(find_dates(text, lang, published, context=context)) == expected


def test_spans_point_at_the_date_words() -> None:
    text = "Встреча прошла 10 июля 2025 года в Минске."
    (found,) = find_dates(text, "ru")
    assert text[found.start : found.end].startswith("10 июля 2025")


def test_story_dates_deduplicates_and_limits() -> None:
    text = "5 мая 2024 года, 5 мая 2024 года, 6 мая 2024 года, 7 мая 2024 года, 8 мая 2024 года."
    assert story_dates(find_dates(text, "ru"), limit=3) == [
        "2024-05-05",
        "2024-05-06",
        "2024-05-07",
    ]
