"""Dates: explicit, year from the page or the publication date, relative to publication."""

from __future__ import annotations

from datetime import date

import pytest

from bot.analysis.dates import find_dates, page_date, resolve_year, shown_date, story_dates

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


@pytest.mark.parametrize(
    ("line", "lang", "expected"),
    [
        ("Sept. 25, 2018", "en", date(2018, 9, 25)),
        ("Dec. 16, 2016 2:05 PM PT", "en", date(2016, 12, 16)),
        ("Nov 7, 2023 2:00 AM", "en", date(2023, 11, 7)),
        ("October 9, 2019", "en", date(2019, 10, 9)),
        ("Updated 10:46 AM ET, Thu October 13, 2016", "en", date(2016, 10, 13)),
        ("10/13/16 3:12pm", "en", date(2016, 10, 13)),
        ("14.05.2025, 20:28", "ru", date(2025, 5, 14)),
        ("Опубликовано: 10 августа 2019, 12:00", "ru", date(2019, 8, 10)),
        ("10 авг. 2019, 12:00", "ru", date(2019, 8, 10)),
        # prose that holds a date is no date line
        ("In this photo dated Tuesday, Nov. 29, 2016 the rocket is installed on a pad.", "en",
         None),
        ("Copyright 2016", "en", None),
        ("31.02.2020", "ru", None),
        # month first when the day-first reading has no such month; an ISO time; a glued year
        ("11.14.2019 09:00 AM", "en", date(2019, 11, 14)),
        ("By Tim Childers - Live Science Contributor 2019-11-19T12:48:14Z Space", "en",
         date(2019, 11, 19)),
        ("Published Nov 20 20194:29 AM EST", "en", date(2019, 11, 20)),
    ],
)  # fmt: skip
def test_shown_date(line: str, lang: str, expected: date | None) -> None:
    assert shown_date(line, lang) == expected


PAGE = """Home
News
Teaser about something else
June 1, 2015
By Jane Doe
Sept. 25, 2018
Share
Deficit hawks have warned for years that a day of reckoning is coming.
Related
Oct. 2, 2018"""


def test_page_date_is_the_date_line_nearest_above_the_lead() -> None:
    lead = "Deficit hawks have warned for years that a day of reckoning is coming."
    assert page_date(PAGE, lead, "en") == date(2018, 9, 25)


def test_page_date_without_the_lead_nearby_is_the_bylines() -> None:
    # the cleaner kept a block far below the date: the date under the byline above it
    assert page_date(PAGE, "A text the page does not hold at all.", "en") == date(2018, 9, 25)
    far = PAGE.replace("Share\n", "Share\n" + "Chart label\n" * 40)
    lead = "Deficit hawks have warned for years that a day of reckoning is coming."
    assert page_date(far, lead, "en") == date(2018, 9, 25)


def test_page_date_needs_a_date_line_near_the_lead_or_a_byline() -> None:
    page = PAGE.replace("By Jane Doe\n", "")
    assert page_date(page, "A text the page does not hold at all.", "en") is None
    # a byline below the article (a teaser's) is not read
    below = "Home\nDeficit hawks have warned.\nRelated\nBy John Roe\nOct. 2, 2018"
    assert page_date(below, "Deficit hawks have warned.", "en") is None


def test_a_date_line_without_a_year_takes_the_pages_copyright_year() -> None:
    lead = "Сто пятьдесят семь миллионов гривен получили судьи за три года."
    page = (
        "Новости\nЗаголовок статьи о судьях\n"
        "Ярослав Кузишин Антон Зелинский Карина Гасимова 8 января, 17:46\n"
        f"коллаж: Андрей Калистратенко\n{lead}\nДругие новости\n"
        "© 2000-2026, Украинская правда. Все права защищены."
    )
    assert page_date(page, lead, "ru") == date(2026, 1, 8)
    assert page_date(page.replace("© 2000-2026, ", ""), lead, "ru") is None


@pytest.mark.parametrize(
    ("line", "year", "expected"),
    [
        ("8 января, 17:46", 2026, date(2026, 1, 8)),
        ("8 января, 17:46", None, None),
        ("Jan. 8, 5:46 PM", 2026, date(2026, 1, 8)),
        # a full date keeps its own year
        ("8 января 2019, 17:46", 2026, date(2019, 1, 8)),
        # prose is no date line, with or without a year
        ("Суд назначил заседание на 8 января, сообщили в пресс-службе суда.", 2026, None),
    ],
)
def test_shown_date_without_a_year(line: str, year: int | None, expected: date | None) -> None:
    assert shown_date(line, "ru" if "я" in line or "С" in line else "en", year=year) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Приказом Банка России от 21 10 2016 ОД 3628 назначена администрация.", ["2016-10-21"]),
        # numbers that are no date: a score, a count, a month out of range
        ("Счет 3 1 в пользу хозяев, 2016 зрителей.", []),
        ("Коды 12 31 2016 не даты.", []),
        ("Телефон 8 10 2016 55.", []),
    ],
)
def test_numeric_date_that_lost_its_dots(text: str, expected: list[str]) -> None:
    assert story_dates(find_dates(text, "ru")) == expected


@pytest.mark.parametrize(
    ("published", "page", "text", "expected"),
    [
        (date(2019, 8, 11), "", "", date(2019, 8, 10)),
        (date(2020, 1, 2), "", "", date(2019, 12, 30)),  # across the new year
        (None, "Фото: 10 августа 2018 года", "", date(2018, 8, 10)),
        (None, "", "Пожары начались в 2019 году.", date(2019, 8, 10)),
        (None, "", "Пожары начались в июле.", None),  # no year anywhere: no guess
        # the page's copyright year before a year the text names
        (None, "Меню\n© 2000-2019, Пример", "Пожары начались в 2018 году.", date(2019, 8, 10)),
    ],
)
def test_resolve_year(published: date | None, page: str, text: str, expected: date | None) -> None:
    month, day = (12, 30) if expected == date(2019, 12, 30) else (8, 10)
    assert resolve_year(month, day, published, page=page, text=text, lang="ru") == expected


def test_page_date_far_above_the_lead_is_the_last_resort() -> None:
    lead = "Deficit hawks have warned for years that a day of reckoning is coming."
    page = "Home\nNovember 19, 2019 12:04AM ET\n" + "Share\n" * 30 + lead + "\nMore"
    assert page_date(page, lead, "en") == date(2019, 11, 19)
    # a date line near the lead comes first
    near = page.replace("Share\nShare\n" + lead, "Nov. 20, 2019\nShare\n" + lead)
    assert page_date(near, lead, "en") == date(2019, 11, 20)
