"""Quotes without quotation marks: Russian dash dialogue and a paragraph after a colon."""

from __future__ import annotations

import pytest

from bot.analysis.entities import find_mentions
from bot.analysis.models import NlpModels
from bot.analysis.quotes import find_quotes
from bot.analysis.sentences import split_sentences
from bot.models import Quote


def quotes_of(text: str, lang: str, nlp: NlpModels) -> list[Quote]:
    sentences = split_sentences(text, lang, nlp)
    mentions = find_mentions(text, lang, nlp)
    return find_quotes(text, sentences, mentions, lang, nlp)


# (text, lang, expected quotes as (text, speaker, direct))
FOUND: list[tuple[str, str, list[tuple[str, str, bool]]]] = [
    (
        "Дмитрий Песков ответил на вопросы журналистов.\n\n— Мы готовы к переговорам, — сказал "
        "Песков. — Но не на этих условиях.\n\nПосле этого брифинг закончился.",
        "ru",
        [("Мы готовы к переговорам, … Но не на этих условиях.", "Дмитрий Песков", True)],
    ),
    (
        "— Решение будет принято до конца недели,— уточнил министр финансов Антон Силуанов.",
        "ru",
        [("Решение будет принято до конца недели", "Антон Силуанов", True)],
    ),
    (
        "Владимир Путин хотел встать, но Анвар Ибрагим покачал головой и запротестовал:\n\n"
        "— Я должен ответить! Президент спросил: «Для кого этот трон?» Я понял, что это тест.",
        "ru",
        [
            (
                "Я должен ответить! Президент спросил: «Для кого этот трон?» Я понял, что это "
                "тест.",
                "Анвар Ибрагим",
                True,
            )
        ],
    ),
    (
        "Клуб снимется с розыгрыша.\n\nВ интервью газете главный тренер Александр Григорян "
        "отметил:\n\nНам объявили, что клуб закрывается. Ближайший матч станет последним.",
        "ru",
        [
            (
                "Нам объявили, что клуб закрывается. Ближайший матч станет последним.",
                "Александр Григорян",
                False,
            )
        ],
    ),
    (
        "Acme Corp apologised on Monday. The company said in a statement:\n\n"
        "We are deeply sorry for the delays and will refund every customer.",
        "en",
        [
            (
                "We are deeply sorry for the delays and will refund every customer.",
                "the company",
                False,
            )
        ],
    ),
]


@pytest.mark.parametrize(("text", "lang", "expected"), FOUND)
def test_dash_and_colon_quotes_are_found(
    nlp: NlpModels, text: str, lang: str, expected: list[tuple[str, str, bool]]
) -> None:
    got = [(q.text, q.speaker, q.direct) for q in quotes_of(text, lang, nlp)]
    assert got == expected


@pytest.mark.parametrize(
    "text",
    [
        # a list after a colon, dashes or not, is no one's speech
        "Для участия нужны документы:\n\n— Паспорт гражданина России;\n\n"
        "— Справка о доходах за последние полгода.",
        "В состав совета вошли:\n\nГеоргий Полтавченко, Алексей Седов и Александр Новак.",
        # a line of dialogue nobody is said to speak
        "Все молчали.\n\n— Первый пункт программы обсуждался долго и подробно.",
    ],
)
def test_lists_and_unattributed_dialogue_are_not_quotes(nlp: NlpModels, text: str) -> None:
    assert quotes_of(text, "ru", nlp) == []


def test_reported_speech_in_a_dash_paragraph_without_speech_is_still_found(
    nlp: NlpModels,
) -> None:
    text = "Итоги совещания:\n\n— Министр заявил, что реформа начнется весной."
    quotes = quotes_of(text, "ru", nlp)
    assert [(q.text, q.speaker, q.direct) for q in quotes] == [
        ("что реформа начнется весной", "министр", False)
    ]
