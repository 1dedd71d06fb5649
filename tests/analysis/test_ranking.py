"""Sentence selection: budgets, article order, no captions, list lines, duplicates or cut text."""

from __future__ import annotations

import pytest

from bot.analysis.entities import find_mentions
from bot.analysis.models import NlpModels
from bot.analysis.quotes import find_quotes
from bot.analysis.ranking import eligible, select_sentences, sentence_features
from bot.analysis.sentences import split_sentences
from bot.models import Mention, Sentence

Paragraphs = list[list[str]]


def build(paragraphs: Paragraphs) -> tuple[str, list[Sentence]]:
    """Text (paragraphs on lines, sentences joined by a space) and its sentences."""
    text = ""
    sentences = []
    for number, paragraph in enumerate(paragraphs):
        if number:
            text += "\n"
        for k, sentence in enumerate(paragraph):
            if k:
                text += " "
            sentences.append(Sentence(len(text), len(text) + len(sentence), sentence, number))
            text += sentence
    return text, sentences


# Flattened news pages, written for these tests: menu lines, a numbered list of other
# stories, a lone slash, the article with a photo caption and credit (twice), a quote.
RU_PAGE: Paragraphs = [
    ["Поддержать редакцию"],
    ["Главное за неделю"],
    ["1. В Гродно открыли новый мост через Неман"],
    ["2. Поезд Брест–Минск задержался на три часа.", "Пассажиры рассказали, как это было"],
    ["3. Синоптики пообещали снег?", "Рассказываем, где его ждать"],
    ["/"],
    [
        "Глава Лиги городов Иван Петров встретился с мэром Вены Анной Мюллер в ратуше Вены.",
        "Переговоры прошли 12 марта и продолжались около двух часов, сообщает агентство Рейтер.",
    ],
    ["Иван Петров и Анна Мюллер.", "12 марта 2025 года, Австрия.", "Фото: пресс-служба Лиги"],
    ["Иван Петров и Анна Мюллер.", "12 марта 2025 года, Австрия.", "Фото: пресс-служба Лиги"],
    [
        "Стороны обсудили обмен студентами и строительство трамвайной линии между городами.",
        "По словам Петрова, мэрия Вены готова выделить на проект первые средства уже осенью.",
    ],
    ["«Мы договорились встречаться каждый квартал», — сказал Петров журналистам после встречи."],
]
RU_NOT_ARTICLE = {
    "Поддержать редакцию",
    "Главное за неделю",
    "1. В Гродно открыли новый мост через Неман",
    "2. Поезд Брест–Минск задержался на три часа.",
    "Пассажиры рассказали, как это было",
    "3. Синоптики пообещали снег?",
    "Рассказываем, где его ждать",
    "Иван Петров и Анна Мюллер.",
    "12 марта 2025 года, Австрия.",
    "Фото: пресс-служба Лиги",
    "/",
}
EN_PAGE: Paragraphs = [
    ["Skip to content"],
    ["Most read"],
    ["1. Storm closes the harbour bridge for a second day"],
    ["2. Council votes to keep the old library.", "Here is what happens next"],
    [
        "The mayor of Lisbon, Rita Costa, signed a water-sharing deal with the port authority "
        "on Tuesday after months of talks.",
        "The agreement caps the water the port may draw each summer and funds two new "
        "reservoirs, officials said.",
    ],
    ["Rita Costa and John Baker in Lisbon.", "Photo: Reuters"],
    [
        "Port chief John Baker said the deal would protect jobs at the docks.",
        '"We have found a balance that the city can live with," he told reporters.',
    ],
    ["Critics say the reservoirs will take years to build and cost more than planned."],
]
EN_NOT_ARTICLE = {
    "Skip to content",
    "Most read",
    "1. Storm closes the harbour bridge for a second day",
    "2. Council votes to keep the old library.",
    "Here is what happens next",
    "Rita Costa and John Baker in Lisbon.",
    "Photo: Reuters",
}
PAGES = [(RU_PAGE, "ru", RU_NOT_ARTICLE), (EN_PAGE, "en", EN_NOT_ARTICLE)]


def joined_length(chosen: list[Sentence]) -> int:
    return len(" ".join(s.text for s in chosen))


@pytest.mark.parametrize(("paragraphs", "lang", "junk"), PAGES)
@pytest.mark.parametrize(
    ("max_sentences", "max_chars"),
    [(3, 600), (2, 600), (1, 600), (3, 250), (3, 120), (5, 2000), (0, 600), (3, 10)],
)
def test_budgets_order_and_verbatim(
    paragraphs: Paragraphs, lang: str, junk: set[str], max_sentences: int, max_chars: int
) -> None:
    text, sentences = build(paragraphs)
    chosen = select_sentences(sentences, lang, max_sentences=max_sentences, max_chars=max_chars)
    assert len(chosen) <= max(0, max_sentences)
    assert joined_length(chosen) <= max_chars
    assert [s.start for s in chosen] == sorted({s.start for s in chosen})
    for s in chosen:
        assert s in sentences
        assert text[s.start : s.end] == s.text
        assert s.text not in junk


@pytest.mark.parametrize(("paragraphs", "lang", "junk"), PAGES)
def test_story_sentences_are_chosen(paragraphs: Paragraphs, lang: str, junk: set[str]) -> None:
    _, sentences = build(paragraphs)
    chosen = select_sentences(sentences, lang)
    assert 2 <= len(chosen) <= 3
    # the lead of the article (its first prose sentence) carries the story
    lead = next(s for s in sentences if s.text not in junk)
    assert chosen[0] == lead


@pytest.mark.parametrize(
    ("text", "lang", "ok"),
    [
        ("Министр встретился с коллегой в Вене и обсудил торговлю.", "ru", True),
        ("«Мы договорились встречаться чаще», — сказал он журналистам.", "ru", True),
        ("«Мы договорились встречаться чаще»", "ru", True),
        ("The minister met his counterpart in Vienna to discuss trade.", "en", True),
        ('"We agreed to meet more often," he said.', "en", True),
        ("Did the minister really meet his counterpart in Vienna?", "en", True),
        # cut: no sentence punctuation at the end
        ("Министр встретился с коллегой в Вене и обсудил", "ru", False),
        ("The minister met his counterpart in Vienna to discuss", "en", False),
        # captions: names, places and dates only
        ("Марко Рубио и Сергей Лавров.", "ru", False),
        ("10 июля 2025 года, Малайзия.", "ru", False),
        ("Rita Costa and John Baker in Lisbon.", "en", False),
        ("Rita Costa and John Baker, 10 July 2025.", "en", False),
        # credits
        ("Фото: МИД РФ", "ru", False),
        ("Фото: Reuters.", "ru", False),
        ("Photo: Reuters.", "en", False),
        ("The minister in Vienna. Photograph by Jane Roe for the agency.", "en", False),
        ("© Getty Images, all rights reserved for this picture.", "en", False),
        # list lines
        ("1. В Гродно открыли новый мост через Неман.", "ru", False),
        ("• Storm closes the harbour bridge for a second day.", "en", False),
        ("- Storm closes the harbour bridge for a second day.", "en", False),
        # too short to say anything
        ("Он ушел.", "ru", False),
        ("Shares fell.", "en", False),
    ],
)  # fmt: skip
def test_eligibility(text: str, lang: str, ok: bool) -> None:
    _, sentences = build([[text]])
    assert eligible(sentences, lang) == [ok]


def test_dialogue_dash_is_not_a_list() -> None:
    _, sentences = build([["— Мы договорились встречаться каждый квартал, — сказал министр."]])
    assert eligible(sentences, "ru") == [True]


def test_headline_line_is_not_prose_but_a_cut_last_line_keeps_its_sentences() -> None:
    _, sentences = build(
        [
            ["Поезд задержался на три часа под Оршей.", "Пассажиры рассказали, как это было"],
            ["Поезд из Бреста задержался на три часа из-за поломки локомотива под Оршей."],
            ["Пассажиров пересадили в другой состав.", "Перевозчик обещал вернуть деньги за"],
        ]
    )
    assert eligible(sentences, "ru") == [False, False, True, True, False]


def test_paragraph_introducing_a_quote_keeps_its_sentences() -> None:
    _, sentences = build(
        [
            ["The port authority published its response on Tuesday.", "It said:"],
            ['"The agreement protects jobs at the docks and the city\'s water."'],
        ]
    )
    assert eligible(sentences, "en") == [True, False, True]


def test_long_first_sentence_is_skipped_not_cut() -> None:
    long_lead = (
        "Глава Лиги городов Иван Петров встретился с мэром Вены Анной Мюллер, "
        + "и стороны обсудили обмен студентами, строительство трамвайной линии, " * 10
        + "а также подготовку к ежегодной конференции."
    )
    assert len(long_lead) > 600
    _, sentences = build(
        [
            [long_lead],
            ["Переговоры прошли 12 марта и продолжались около двух часов."],
            ["По словам Петрова, мэрия Вены готова выделить средства на проект уже осенью."],
        ]
    )
    chosen = select_sentences(sentences, "ru", max_chars=600)
    assert chosen
    assert all(s.text != long_lead for s in chosen)
    assert all(s in sentences for s in chosen)


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Минский метрополитен продлил работу станций в выходные до двух часов ночи.", "ru"),
        ("The city council voted on Tuesday to keep the old library open.", "en"),
    ],
)
def test_one_sentence_article(text: str, lang: str) -> None:
    _, sentences = build([[text]])
    assert select_sentences(sentences, lang) == sentences


def test_nothing_to_choose() -> None:
    assert select_sentences([], "ru") == []
    _, sentences = build([["Фото: МИД РФ"], ["Главное за неделю"]])
    assert select_sentences(sentences, "ru") == []


@pytest.mark.parametrize(
    "repeat",
    [
        "Глава Лиги городов Иван Петров встретился с мэром Вены Анной Мюллер в ратуше.",
        "Глава Лиги городов Иван Петров встретился в ратуше с мэром Вены Анной Мюллер.",
        "Глава Лиги городов Иван Петров встретился с мэром Вены Анной Мюллер в ратуше, "
        "пишет Рейтер.",
    ],
)
def test_no_near_duplicates(repeat: str) -> None:
    first = "Глава Лиги городов Иван Петров встретился с мэром Вены Анной Мюллер в ратуше."
    _, sentences = build(
        [
            [first, "Переговоры продолжались около двух часов и закончились подписанием плана."],
            [repeat, "Стороны обсудили обмен студентами и строительство трамвайной линии."],
        ]
    )
    chosen = select_sentences(sentences, "ru")
    assert len(chosen) >= 2
    assert not (sentences[0] in chosen and sentences[2] in chosen)


def test_question_lead_is_not_forced() -> None:
    _, sentences = build(
        [
            ["But who took that decision?"],
            [
                "Protests spread across Iran on Saturday after the government tripled the "
                "price of petrol overnight.",
                "The protests started in the capital, where drivers blocked a major highway.",
                "Petrol prices had been frozen for years before the government moved.",
            ],
        ]
    )
    chosen = select_sentences(sentences, "en", max_sentences=2)
    assert sentences[0] not in chosen
    assert len(chosen) == 2


def test_entity_coverage_counts_the_main_actors() -> None:
    _, sentences = build(
        [
            ["Ivan Petrov met the mayor of Vienna, Anna Muller, at the city hall on Tuesday."],
            ["The talks lasted two hours and ended with a plan for a new tram line."],
            ["Petrov said Muller had promised money for the line by the autumn."],
        ]
    )
    mentions = []
    for sentence in sentences:
        for name in ("Ivan Petrov", "Petrov", "Anna Muller", "Muller", "Vienna"):
            at = sentence.text.find(name)
            if at >= 0 and not any(m.start <= sentence.start + at < m.end for m in mentions):
                start = sentence.start + at
                normal = {"Petrov": "Ivan Petrov", "Muller": "Anna Muller"}.get(name, name)
                kind = "LOC" if name == "Vienna" else "PER"
                mentions.append(Mention(start, start + len(name), kind, name, normal))
    features = sentence_features(sentences, "en", mentions=mentions)
    coverage = features.matrix[:, 4]
    assert coverage[1] == 0.0
    assert coverage[0] > coverage[2] > 0.0


def test_custom_stemmer_is_used() -> None:
    _, sentences = build([[s for p in EN_PAGE[4:] for s in p]])
    seen: list[str] = []

    def stem(word: str) -> str:
        seen.append(word)
        return word

    assert select_sentences(sentences, "en", stemmer=stem)
    assert "reservoirs" in seen


@pytest.mark.parametrize(("paragraphs", "lang", "junk"), PAGES)
def test_with_the_real_analysis(
    nlp: NlpModels, paragraphs: Paragraphs, lang: str, junk: set[str]
) -> None:
    text, _ = build(paragraphs)
    sentences = split_sentences(text, lang, nlp)
    mentions = find_mentions(text, lang, nlp)
    chosen = select_sentences(sentences, lang, mentions=mentions)
    assert 2 <= len(chosen) <= 3
    assert joined_length(chosen) <= 600
    assert not {s.text for s in chosen} & junk


def test_an_off_story_hook_is_not_kept_as_the_lead(nlp: NlpModels) -> None:
    text = (
        "The dogs barked at dawn while snow fell quietly over the sleeping village.\n"
        "The central bank raised interest rates by half a point on Tuesday, the bank said.\n"
        "The rise in interest rates is the bank's third this year, as inflation stays high.\n"
        "Economists had expected the bank to raise rates, citing inflation and wage growth.\n"
        "The bank said inflation would fall next year and rates could then be cut."
    )
    chosen = select_sentences(split_sentences(text, "en", nlp), "en")
    assert chosen
    assert not chosen[0].text.startswith("The dogs barked")


def test_an_on_story_lead_is_kept(nlp: NlpModels) -> None:
    text = (
        "The central bank raised interest rates by half a point on Tuesday, the bank said.\n"
        "The rise in interest rates is the bank's third this year, as inflation stays high.\n"
        "Economists had expected the bank to raise rates, citing inflation and wage growth.\n"
        "The bank said inflation would fall next year and rates could then be cut."
    )
    chosen = select_sentences(split_sentences(text, "en", nlp), "en")
    assert chosen[0].text.startswith("The central bank raised")


# An article whose second paragraph is one long quote, its speaker named after its last
# sentence (written for these tests, on the pattern of RT's «Бальбек» item).
QUOTE_ARTICLE: Paragraphs = [
    ["Депутат Госдумы Руслан Бальбек раскритиковал решение властей Киева о мобилизации."],
    [
        "«Мобилизация студентов на Украине станет катастрофой для всей системы образования.",
        "Мобилизация студентов на Украине оставит университеты страны без студентов на годы.",
        "Система образования не выдержит такой мобилизации студентов», — сказал Бальбек.",
    ],
    ["Ранее власти Украины снизили возраст мобилизации студентов университетов."],
]


def test_a_sentence_inside_a_quote_is_chosen_only_with_its_speaker(nlp: NlpModels) -> None:
    text, sentences = build(QUOTE_ARTICLE)
    mentions = find_mentions(text, "ru", nlp)
    quotes = find_quotes(text, sentences, mentions, "ru", nlp)
    [quote] = [q for q in quotes if q.direct]
    assert quote.speaker == "Руслан Бальбек"
    inside = {s.text for s in sentences[1:3]}  # the first and middle sentences of the quote
    # without the quotes, a sentence of the quote without its speaker is chosen ...
    assert inside & {s.text for s in select_sentences(sentences, "ru", mentions=mentions)}
    # ... with them, only the sentence that names the speaker may be
    chosen = select_sentences(sentences, "ru", mentions=mentions, quotes=quotes)
    assert chosen
    assert not inside & {s.text for s in chosen}
    features = sentence_features(sentences, "ru", mentions=mentions, quotes=quotes)
    assert [features.background[features.index.index(i)] for i in (1, 2, 3)] == [
        True,
        True,
        False,
    ]
