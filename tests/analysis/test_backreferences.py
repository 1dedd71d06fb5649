"""Background («Ранее сообщалось…», "Earlier, …") and link teasers are never summary sentences."""

from __future__ import annotations

import dataclasses

import pytest

from bot.analysis import ranking
from bot.analysis.entities import find_mentions
from bot.analysis.models import NlpModels
from bot.analysis.sentences import split_sentences
from bot.analysis.summarize import summarize
from bot.models import Article, Sentence

# Written for these tests: a regional news item whose last paragraph reports another,
# earlier event in words close to the story's own (so that, unflagged, it scores high).
RU_BACKGROUND = (
    "Ранее сообщалось, что власти соседней Новосибирской области выделили 200 миллионов "
    "рублей на ремонт сельских школ и детских садов в районах области."
)
RU_ARTICLE = (
    "Власти Томской области выделят 120 миллионов рублей на ремонт сельских школ, "
    "сообщила пресс-служба областного правительства во вторник.\n"
    "Деньги получат 40 школ в девяти районах области, в первую очередь те, где крыши и "
    "отопление не ремонтировали больше двадцати лет.\n"
    "Работы в школах должны закончить до первого сентября, чтобы ученики начали учебный год "
    "в отремонтированных классах.\n"
    "Губернатор области Владимир Мазур поручил районным администрациям каждый месяц "
    "отчитываться о ходе ремонта.\n" + RU_BACKGROUND
)
EN_TEASER = "Read more: The city council approved a new budget for bus lanes and cycle paths."
EN_BACKGROUND = (
    "Earlier, the council had approved a separate budget for the city's bus lanes and "
    "new cycle paths."
)
EN_ARTICLE = (
    "The city council approved a plan on Monday to build 40 kilometres of new cycle paths "
    "by 2027, the mayor's office said.\n"
    "The cycle paths will link the city's suburbs with the centre and the main railway "
    "station, and will cost about 30 million dollars.\n" + EN_TEASER + "\n"
    "Work on the first cycle paths will begin in the spring, the council said.\n" + EN_BACKGROUND
)


def test_an_earlier_report_ending_the_article_is_not_chosen(nlp: NlpModels) -> None:
    summary = summarize(Article(text=RU_ARTICLE, lang="ru"), nlp)
    assert summary.sentences
    assert RU_BACKGROUND not in summary.sentences
    assert not any(s.startswith("Ранее") for s in summary.sentences)
    assert RU_BACKGROUND in summary.text  # it stays in the article text
    assert summary.sentences[0].startswith("Власти Томской области выделят")


@pytest.mark.parametrize(
    ("text", "lang", "flagged"),
    [(RU_ARTICLE, "ru", {RU_BACKGROUND}), (EN_ARTICLE, "en", {EN_TEASER, EN_BACKGROUND})],
)
def test_the_rule_is_what_keeps_them_out(
    nlp: NlpModels, text: str, lang: str, flagged: set[str]
) -> None:
    sentences = split_sentences(text, lang, nlp)
    features = ranking.sentence_features(sentences, lang, mentions=find_mentions(text, lang, nlp))
    probabilities = ranking.sentence_probabilities(features)
    chosen = ranking.choose(sentences, features, probabilities, max_sentences=3, max_chars=600)
    assert chosen
    assert not {s.text for s in chosen} & flagged
    # without the flags, at least one of them would have been chosen
    unflagged = dataclasses.replace(features, background=[False] * len(features.index))
    before = ranking.choose(sentences, unflagged, probabilities, max_sentences=3, max_chars=600)
    assert {s.text for s in before} & flagged


def _sentences(paragraphs: list[list[str]]) -> list[Sentence]:
    out = []
    start = 0
    for number, paragraph in enumerate(paragraphs):
        for text in paragraph:
            out.append(Sentence(start, start + len(text), text, number))
            start += len(text) + 1
    return out


LEAD = "Мэрия Томска закрыла мост через Томь на ремонт до конца августа."
EN_LEAD = "The mayor closed the bridge over the river for repairs until the end of August."


@pytest.mark.parametrize(
    ("sentence", "lang", "flag"),
    [
        ("Ранее сообщалось, что мост закрывали на ремонт в 2019 году.", "ru", True),
        ("Ранее мэрия уже закрывала мост на три месяца.", "ru", True),
        ("Напомним, в мае мост закрывали из-за паводка.", "ru", True),
        ("Как сообщалось, ремонт моста оценили в 200 миллионов рублей.", "ru", True),
        ("Как уже писала наша газета, мост построили в 1965 году.", "ru", True),
        ("— Ранее сообщалось о закрытии двух полос движения.", "ru", True),
        ("Читайте также: В Томске открыли новый парк.", "ru", True),
        ("Также по теме: Как объехать мост в час пик.", "ru", True),
        ("Подробнее — в материале нашего корреспондента.", "ru", True),
        ("Earlier, the mayor had promised to keep the bridge open.", "en", True),
        ("Previously, the bridge was closed for six months in 2019.", "en", True),
        ("As previously reported, the repairs will cost 20 million dollars.", "en", True),
        ("Read more: How to get around the closed bridge.", "en", True),
        ("Related: The city opens a new ferry line.", "en", True),
        ("See also: Five bridges that were closed this year.", "en", True),
        # today's story, in words that look alike
        ("Как сообщила пресс-служба мэрии, объезд организуют по соседнему мосту.", "ru", False),
        ("Полиция ранее задержала водителя, который пытался проехать по мосту.", "ru", False),
        ("«Ранее мы такого не видели», — сказал водитель автобуса журналистам.", "ru", False),
        ("Earlier this month, the council approved the money for the repairs.", "en", False),
        ("As reported by Reuters, the repairs will take three months.", "en", False),
        ("Related work on the tunnel will start next year, the mayor said.", "en", False),
    ],
)
def test_backreference_openers(sentence: str, lang: str, flag: bool) -> None:
    lead = LEAD if lang == "ru" else EN_LEAD
    assert ranking.backreferences(_sentences([[lead], [sentence]]), lang) == [False, flag]


def test_a_background_paragraph_goes_whole_but_a_midparagraph_one_alone() -> None:
    sentences = _sentences(
        [
            [LEAD],
            ["Напомним: в апреле мост закрывали из-за паводка.", "А в мае его открыли снова."],
            ["Объезд организуют по соседнему мосту.", "Ранее там ремонтировали дорогу."],
            ["Движение по мосту откроют в сентябре."],
        ]
    )
    assert ranking.backreferences(sentences, "ru") == [False, True, True, False, True, False]


def test_the_lead_is_never_background() -> None:
    sentences = _sentences([["Ранее закрытый мост через Томь открыли для машин."], [LEAD]])
    assert ranking.backreferences(sentences, "ru") == [False, False]
