"""Pasted text (clean_text): an article is kept whole, its headline becomes the title.

Hard wrapping, [url] markers, bare URLs, CRLF and leftover dashes are cleaned; a whole page
pasted still yields its article, not its menus or footer.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from bot.extraction.boilerplate import clean_flat_text, clean_text

DATA = Path(__file__).resolve().parents[1] / "data"
_WORD = re.compile(r"\w+")

LEAD = (
    "Социальная сеть «ВКонтакте» в течение месяца подпишет меморандум с правообладателями, "
    "сообщили в компании."
)
BODY = (
    "Правообладатели связывают перемену с тем, что основатель сети покинул пост.",
    "Переговоры шли больше года.",
    "По данным участников рынка, меморандум обяжет сеть удалять пиратские видео по первому "
    "требованию, а за нарушения соглашения предусмотрены штрафы и проверка персональных "
    "данных пользователей.",
)


def _words(text: str) -> Counter[str]:
    return Counter(_WORD.findall(text.lower()))


def _kept(source: str, title: str | None, text: str) -> float:
    want = _words(source)
    return sum((want & _words(f"{title or ''} {text}")).values()) / sum(want.values())


def test_headline_line_becomes_the_title_and_the_text_starts_after_it() -> None:
    source = "\n\n".join(["«ВКонтакте» подпишет антипиратский меморандум", LEAD, *BODY])
    cleaned = clean_text(source)
    assert cleaned.title == "«ВКонтакте» подпишет антипиратский меморандум"
    assert cleaned.text.split("\n\n") == [LEAD, *BODY]


def test_headline_followed_directly_by_prose_is_the_title() -> None:
    cleaned = clean_text("Merkel, Poroshenko and Putin talk by phone\n" + LEAD + "\n" + BODY[0])
    assert cleaned.title == "Merkel, Poroshenko and Putin talk by phone"
    assert cleaned.text.split("\n\n") == [LEAD, BODY[0]]


@pytest.mark.parametrize(
    "first",
    [
        "Эстония стала первым постсоветским государством, вошедшим в зону евро.",  # a lead
        "Политика",  # a rubric word, no headline
        "- пункт первый",  # a list item
        "продолжение предыдущей строки без заглавной буквы",  # the middle of a sentence
    ],
)
def test_a_first_line_that_is_no_headline_stays_in_the_text(first: str) -> None:
    cleaned = clean_text(first + "\n\n" + LEAD)
    assert cleaned.title is None
    assert cleaned.text.startswith(first)


def test_one_paragraph_article_is_kept_whole() -> None:
    # one long line with consent words ("соглашения", "персональных") was refused before
    source = " ".join([LEAD, *BODY])
    cleaned = clean_text(source)
    assert cleaned.text == source
    assert cleaned.title is None


def test_short_lines_and_lists_inside_an_article_are_kept() -> None:
    source = "\n".join(
        [
            "Матч из четырёх партий прошёл в Бухаресте и закончился победой чемпиона мира.",
            "Календарь",
            "• 6 апреля, 1-я партия",
            "• • Нисипяну — Топалов 0,5:0,5",
            "• 7 апреля, 2-я партия",
            "• • Нисипяну — Топалов 0,5:0,5",
            "Комментарии",
            "Общий счёт матча 3:1 в пользу Веселина Топалова.",
        ]
    )
    cleaned = clean_text(source)
    # only the stray "Комментарии" button goes
    assert _kept(source.replace("Комментарии", ""), cleaned.title, cleaned.text) == 1.0
    assert "Комментарии" not in cleaned.text
    assert cleaned.text.endswith("Общий счёт матча 3:1 в пользу Веселина Топалова.")
    assert cleaned.text.count("Нисипяну — Топалов 0,5:0,5") == 2  # a score twice is no repeat


def test_a_paragraph_pasted_twice_is_kept_once() -> None:
    cleaned = clean_text("\n\n".join([LEAD, BODY[0], BODY[0], BODY[2]]))
    assert cleaned.text.split("\n\n") == [LEAD, BODY[0], BODY[2]]


WRAPPED = """Лукашенко сделал Путину предложение по интеграции

   Президент Белоруссии Александр Лукашенко [/tags/persons/lukashenko-aleksandr/]
предложил президенту России Владимиру Путину [/tags/persons/putin-vladimir/]
решить все спорные вопросы до 8 декабря, к 20-летию Союзного договора (Союзного государства
- ИФ). Об этом в четверг сообщает ТАСС [http://tass.ru/], а подробности есть на
https://example.org/news/2019/07/18/integration?ref=feed и в других изданиях.
   «Что мы будем говорить к 20-летию? — посетовал белорусский лидер. — Нечего будет
сказать, если мы не снимем все вопросы, которые есть»
   Россия и Белоруссия не должны вынести ни одной проблемы «за пределы этого срока».
"""


def test_hard_wrapped_paste_is_unwrapped_and_its_links_removed() -> None:
    cleaned = clean_text(WRAPPED.replace("\n", "\r\n"))
    assert cleaned.title == "Лукашенко сделал Путину предложение по интеграции"
    assert cleaned.text.split("\n\n") == [
        "Президент Белоруссии Александр Лукашенко предложил президенту России Владимиру Путину "
        "решить все спорные вопросы до 8 декабря, к 20-летию Союзного договора (Союзного "
        "государства - ИФ). Об этом в четверг сообщает ТАСС, а подробности есть на и в других "
        "изданиях.",
        "«Что мы будем говорить к 20-летию? — посетовал белорусский лидер. — Нечего будет "
        "сказать, если мы не снимем все вопросы, которые есть»",
        "Россия и Белоруссия не должны вынести ни одной проблемы «за пределы этого срока».",
    ]


def test_wrapped_paragraphs_end_at_a_short_line_that_ends_a_sentence() -> None:
    # and the first wrapped line, with no sentence punctuation, is not taken for a headline
    text = (
        "The city council voted on Tuesday to replace its entire fleet of diesel\n"
        "ferries with electric vessels by 2030.\n"
        "The new ferries will be built by a local shipyard and will cost about\n"
        "180 million pounds, council papers show.\n"
        "Work starts in May.\n"
    )
    assert clean_text(text).text.split("\n\n") == [
        "The city council voted on Tuesday to replace its entire fleet of diesel ferries with "
        "electric vessels by 2030.",
        "The new ferries will be built by a local shipyard and will cost about 180 million "
        "pounds, council papers show.",
        "Work starts in May.",
    ]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("- The U.S. Federal Reserve raised rates.", "The U.S. Federal Reserve raised rates."),
        ("— -- Hillary Clinton won the primary.", "Hillary Clinton won the primary."),
        ("— -- Хиллари Клинтон победила.", "Хиллари Клинтон победила."),
        ("— Мы готовы к диалогу, — заявил Песков.", "— Мы готовы к диалогу, — заявил Песков."),
        ("-5 градусов ожидается ночью в Москве.", "-5 градусов ожидается ночью в Москве."),
    ],
)
def test_leftover_dashes_go_dialogue_dashes_stay(line: str, expected: str) -> None:
    assert clean_text(LEAD + "\n\n" + line).text.split("\n\n")[-1] == expected


def test_a_pasted_page_still_yields_its_article_not_its_footer() -> None:
    page = (DATA / "zerkalo-rubio-lavrov.txt").read_text(encoding="utf-8")
    cleaned = clean_text(page)
    assert cleaned.text == clean_flat_text(page)
    footer = "\n".join(
        [
            "Главная",
            "Политика",
            "Экономика",
            "Общество",
            "Спорт",
            "Все права защищены. Перепечатка материалов запрещена.",
            "Сетевое издание зарегистрировано Роскомнадзором.",
            "Запрещённые в России организации:",
            "«Организация один» (признана экстремистской и запрещена в России)",
            "«Организация два» (признана террористической и запрещена в России)",
        ]
    )
    cleaned = clean_text(footer + "\n" + page + "\n" + footer)
    assert "Рубио" in cleaned.text
    assert "права защищены" not in cleaned.text
    assert "Организация один" not in cleaned.text


def test_empty_and_blank_input() -> None:
    assert clean_text("").text == ""
    assert clean_text(" \r\n\t\n").text == ""


@pytest.mark.parametrize(
    ("first", "dateline", "sentence"),
    [
        (
            "Москва. 9 мая. INTERFAX.RU - Лондонский клуб победил в Амстердаме.",
            "Москва. 9 мая. INTERFAX.RU",
            "Лондонский клуб победил в Амстердаме.",
        ),
        (
            "МОСКВА, 5 июля. /ТАСС/. Президент России провёл встречу.",
            "МОСКВА, 5 июля. /ТАСС/.",
            "Президент России провёл встречу.",
        ),
        (
            "BATON ROUGE, La. (AP) - Deep in the South, voters reelected the governor.",
            "BATON ROUGE, La. (AP)",
            "Deep in the South, voters reelected the governor.",
        ),
        ("(Reuters) - Charlotte moved ahead.", "(Reuters)", "Charlotte moved ahead."),
    ],
)
def test_an_agency_dateline_is_a_paragraph_of_its_own(
    first: str, dateline: str, sentence: str
) -> None:
    # the sentence starts clean; the place, date and agency stay in the text for "when"/"source"
    assert clean_text(first + "\n\n" + LEAD).text.split("\n\n") == [dateline, sentence, LEAD]


@pytest.mark.parametrize(
    "first",
    [
        "Президент США - Дональд Трамп заявил о новых пошлинах.",
        "США - крупнейшая экономика мира, напомнил министр.",
        "Apple (AAPL) - Shares rose on Monday.",
    ],
)
def test_a_sentence_with_a_dash_is_no_dateline(first: str) -> None:
    assert clean_text(first + "\n\n" + LEAD).text.split("\n\n") == [first, LEAD]


# --- captions, bylines and credits inside pasted text ----------------------------------------

WIKI_STYLE = (
    "Губернатор области досрочно отправлен в отставку\n"
    "Игорь Сомов\n"
    "12 марта президент досрочно отправил в отставку губернатора области Игоря Сомова, "
    "который занимал этот пост с 2012 года.\n"
    "Временно исполняющим обязанности губернатора назначен его первый заместитель.\n"
    "\n"
    "Ольга Летова\n"
    "Решение прокомментировала спикер областного парламента Ольга Летова, назвавшая его "
    "ожидаемым.\n"
)


def test_a_name_caption_under_the_headline_goes_and_the_headline_is_the_title() -> None:
    cleaned = clean_text(WIKI_STYLE)
    assert cleaned.title == "Губернатор области досрочно отправлен в отставку"
    paragraphs = cleaned.text.split("\n\n")
    assert paragraphs[0].startswith("12 марта президент")
    assert "Игорь Сомов" not in cleaned.text
    assert "Ольга Летова\n" not in cleaned.text
    assert paragraphs[-1].startswith("Решение прокомментировала")
    assert "спикер областного парламента Ольга Летова" in cleaned.text


def test_a_name_line_at_the_end_is_a_byline() -> None:
    text = f"{LEAD}\n\n{BODY[0]}\n\nПетр Звонарев"
    assert clean_text(text).text == f"{LEAD}\n\n{BODY[0]}"


@pytest.mark.parametrize(
    "line",
    [
        "Северная Ирландия",  # a subheading whose words do not recur below: no caption
        "Key Findings",
        "Кубок Англии",
    ],
)
def test_a_capitalised_subheading_between_paragraphs_stays(line: str) -> None:
    text = f"{LEAD}\n\n{line}\n\n{BODY[0]}\n\n{BODY[2]}"
    assert line in clean_text(text).text


def test_a_name_at_the_end_under_a_list_line_stays() -> None:
    text = f"{LEAD}\n\n{BODY[0]}\n\nСудья матча из Самары\nИгорь Кравец"
    assert "Игорь Кравец" in clean_text(text).text


@pytest.mark.parametrize(
    "line",
    [
        "Staff writers Ann Lee in Denver and Tom Ruiz in Austin contributed to this report.",
        "Additional reporting by Ann Lee",
        "Read more: A Quiet Town Votes to Close Its Only School",
        "Также по теме «Мы готовы к бою»: как команда готовится к финалу. Тренер сказал...",
    ],
)
def test_credits_and_links_to_other_stories_go_from_pasted_text(line: str) -> None:
    text = f"{LEAD}\n\n{BODY[0]}\n\n{line}\n\n{BODY[2]}"
    cleaned = clean_text(text).text
    assert line not in cleaned
    assert cleaned.split("\n\n") == [LEAD, BODY[0], BODY[2]]
