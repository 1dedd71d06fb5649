"""The one dateline recogniser: what the cleaner splits off is what the analysis reads."""

from __future__ import annotations

from datetime import date

import pytest

from bot.extraction.boilerplate import clean_text
from bot.extraction.dateline import find_dateline
from bot.extraction.datewords import iso_day, month_en, month_ru
from bot.models import Mention

LEAD = "The second paragraph is long enough to be a paragraph of the article on its own."


@pytest.mark.parametrize(
    ("text", "place", "day", "agency"),
    [
        ("LONDON, Aug 9, 2019 (Reuters) - Britain said.", "London", (2019, 8, 9), "Reuters"),
        ("МОСКВА, 9 августа 2019 года. /ТАСС/. Суд вынес решение.", "Москва", (2019, 8, 9),
         "ТАСС"),
        ("INTERFAX.RU - Клуб победил.", None, None, "Интерфакс"),
        ("ЯКУТСК, 10 авг – РИА Новости.\nСредства направят на погашение.", "Якутск",
         (None, 8, 10), "РИА Новости"),
        # the correspondent after the agency; a time after the day; a mixed-case place
        ("МОСКВА, 9 авг — РИА Новости, Анна Петрова. Суд вынес решение.", "Москва",
         (None, 8, 9), "РИА Новости"),
        ("Москва, 9 августа 2019, 12:30 — REGNUM Суд вынес решение.", "Москва", (2019, 8, 9),
         "REGNUM"),
        ("Минск, 9 августа. /БЕЛТА/. Суд вынес решение.", "Минск", (None, 8, 9), "БелТА"),
        ("NEW YORK, Aug. 9, 2019 /PRNewswire/ -- The company said.", "New York", (2019, 8, 9),
         "PRNewswire"),
        ("Washington, D.C. — The Senate voted.", "Washington", None, None),
        ("Sacramento, Calif. — The Senate voted.", "Sacramento", None, None),
        ("GENEVA, Nov 1 — The treatment of the prisoner was criticised.", "Geneva",
         (None, 11, 1), None),
        # an acronym opening the sentence is no agency
        ("МОСКВА, 9 августа — МИД России заявил протест.", "Москва", (None, 8, 9), None),
    ],
)  # fmt: skip
def test_dateline_parts(
    text: str, place: str | None, day: tuple[int | None, int, int] | None, agency: str | None
) -> None:
    found = find_dateline(text)
    assert found is not None
    assert found.place == place
    assert ((found.year, found.month, found.day) if found.month else None) == day
    assert found.agency == agency


@pytest.mark.parametrize(
    ("first", "words"),
    [
        ("WASHINGTON — The Senate voted on the bill today.", "WASHINGTON —"),
        ("ТАСС, 11 августа. Число эвакуированных достигло тысячи.", "ТАСС, 11 августа."),
        ("(CNN) -- The official was talking to reporters.", "(CNN)"),
        ("INTERFAX.RU - Клуб победил в финале турнира.", "INTERFAX.RU"),
    ],
)
def test_the_cleaner_splits_what_the_recogniser_finds(first: str, words: str) -> None:
    paragraphs = clean_text(first + "\n\n" + LEAD).text.split("\n\n")
    assert paragraphs[0] == words
    assert paragraphs[2] == LEAD
    # the split-off paragraph is still the dateline the analysis reads
    again = find_dateline("\n\n".join(paragraphs))
    original = find_dateline(first)
    assert again is not None and original is not None
    assert (again.place, again.agency, again.month, again.day) == (
        original.place,
        original.agency,
        original.month,
        original.day,
    )


@pytest.mark.parametrize(
    "first",
    [
        "Москва, 11 августа. Без сущностей смешанный регистр не даёт датлайна.",
        "США - крупнейшая экономика мира, напомнил министр.",
        "Apple (AAPL) - Shares rose on Monday.",
        "The mother of a woman who took pills has spoken.",
        "Apple, Google — The companies said they would cooperate.",
        "Газпром, Роснефть — крупнейшие компании страны.",
        "США, Китай — Переговоры прошли в Женеве.",
    ],
)
def test_no_dateline_no_split(first: str) -> None:
    assert find_dateline(first) is None
    assert clean_text(first + "\n\n" + LEAD).text.split("\n\n") == [first, LEAD]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2016-07-29T16:42:00-04:00", date(2016, 7, 29)),
        (" 2019-08-10", date(2019, 8, 10)),
        ("2019-02-30", None),
        ("10/04/2016", None),
        (None, None),
        ("", None),
    ],
)
def test_iso_day_is_the_date_as_written(value: str | None, expected: date | None) -> None:
    assert iso_day(value) == expected


def test_iso_day_minimum_year() -> None:
    assert iso_day("1990-05-01", min_year=1995) is None
    assert iso_day("1990-05-01") == date(1990, 5, 1)


@pytest.mark.parametrize(
    ("word", "month"),
    [("августа", 8), ("авг", 8), ("мая", 5), ("марта", 3), ("мар.", 3), ("сент", 9),
     ("декабре", 12), ("слово", 0)],
)  # fmt: skip
def test_month_ru(word: str, month: int) -> None:
    assert month_ru(word) == month


def test_month_en() -> None:
    assert [month_en(w) for w in ("Sept.", "August", "dec", "Mon")] == [9, 8, 12, 0]


def test_a_place_in_the_agency_mark() -> None:
    text = "(CHICAGO)\n\nA purported street-gang leader was charged."
    place = find_dateline(text, [Mention(1, 8, "LOC", "CHICAGO", "Chicago")])
    assert place is not None and (place.place, place.agency) == ("Chicago", None)
    # without entities, or for a known agency, the mark names the agency
    unknown = find_dateline(text)
    assert unknown is not None and unknown.agency == "CHICAGO"
    agency = find_dateline("(Reuters) - Text.", [Mention(1, 8, "LOC", "Reuters", "Reuters")])
    assert agency is not None and (agency.place, agency.agency) == (None, "Reuters")


def test_a_dateline_under_a_deck_is_split_too() -> None:
    deck = "В финале он сыграет с «Ливерпулем»"
    text = (
        f"Тоттенхэм вышел в финал\n\n{deck}\n\n"
        f"Москва. 9 мая. INTERFAX.RU - Лондонский клуб победил.\n\n{LEAD}"
    )
    assert clean_text(text).text.split("\n\n") == [
        deck,
        "Москва. 9 мая. INTERFAX.RU",
        "Лондонский клуб победил.",
        LEAD,
    ]
    # under a long paragraph the dateline-like start is left alone
    long = "Первый абзац длинного текста о событиях дня. " * 8
    text = f"{long.strip()}\n\nМОСКВА, 9 августа. /ТАСС/. Суд вынес решение.\n\n{LEAD}"
    assert clean_text(text).text.split("\n\n")[1].startswith("МОСКВА, 9 августа. /ТАСС/. Суд")
