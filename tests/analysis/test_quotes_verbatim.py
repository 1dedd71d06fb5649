"""A direct quote's text is verbatim: the words inside the marks, never the narration."""

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


# (text, lang, the direct quote's expected text, its speaker, narration words it must not hold)
SPLIT: list[tuple[str, str, str, str, list[str]]] = [
    (
        "Ahmed Azzouz runs a shop in Hebron.\n\n“We must pay attention to what is written,” "
        "Azzouz said. “There is worry among the traders.”",
        "en",
        "We must pay attention to what is written, … There is worry among the traders.",
        "Ahmed Azzouz",
        ["said", "Azzouz"],
    ),
    (
        "“The officer returned fire,” the chief said. “Nobody else was hurt.”",
        "en",
        "The officer returned fire, … Nobody else was hurt.",
        "the chief",
        ["said", "chief"],
    ),
    (
        "«Мы не планируем повышать налоги, — отметил Антон Силуанов, — но расходы придется "
        "сократить».",
        "ru",
        "Мы не планируем повышать налоги, … но расходы придется сократить",
        "Антон Силуанов",
        ["отметил", "Силуанов"],
    ),
    (
        "«Что мы будем говорить к 20-летию? — посетовал Александр Лукашенко. — Нечего будет "
        "сказать».",
        "ru",
        "Что мы будем говорить к 20-летию? … Нечего будет сказать",
        "Александр Лукашенко",
        ["посетовал", "Лукашенко"],
    ),
]


@pytest.mark.parametrize(("text", "lang", "expected", "speaker", "narration"), SPLIT)
def test_split_quote_is_its_pieces_without_narration(
    nlp: NlpModels, text: str, lang: str, expected: str, speaker: str, narration: list[str]
) -> None:
    direct = [q for q in quotes_of(text, lang, nlp) if q.direct]
    assert len(direct) == 1, direct
    q = direct[0]
    assert (q.text, q.speaker) == (expected, speaker)
    assert not any(word in q.text for word in narration)
    # the offsets still run from the first quoted word to the last
    assert text[q.start :].startswith(expected.split(" … ", maxsplit=1)[0])
    assert text[: q.end].endswith(expected.rsplit(" … ", maxsplit=1)[-1])


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        (
            "«Работа продолжится в обычном режиме», — сообщил Сергей Собянин.",
            "ru",
            "Работа продолжится в обычном режиме",
        ),
        (
            '"We will not back down," Senator Mary Jones said on Tuesday.',
            "en",
            "We will not back down",
        ),
    ],
)
def test_one_pair_of_marks_is_the_words_between_them(
    nlp: NlpModels, text: str, lang: str, expected: str
) -> None:
    direct = [q for q in quotes_of(text, lang, nlp) if q.direct]
    assert [q.text for q in direct] == [expected]
    assert direct[0].text == text[direct[0].start : direct[0].end]
