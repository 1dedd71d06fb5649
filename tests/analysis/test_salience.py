"""Salience: who comes first in `who` and `where` (short texts written for these tests)."""

from __future__ import annotations

import pytest

from bot.analysis.models import NlpModels
from bot.analysis.salience import (
    acronym_glosses,
    caption_spans,
    choose_who,
    is_cited,
    place_use,
    quoted_spans,
    rank_entities,
    rank_places,
)
from bot.analysis.sentences import split_sentences
from bot.analysis.summarize import summarize
from bot.models import Article, Entity, Mention, Quote


def _mention(text: str, surface: str, kind: str, normal: str | None = None) -> Mention:
    start = text.index(surface)
    return Mention(start, start + len(surface), kind, surface, normal or surface)  # type: ignore[arg-type]


# ---------------------------------------------------------------- who


def test_person_named_only_in_a_quote_is_not_first(nlp: NlpModels) -> None:
    text = (
        "Премьер-министр Великобритании Борис Джонсон объявил о новой программе "
        "поддержки науки.\n\n"
        "«Наша страна дала миру Аду Лавлейс и Фрэнсиса Крика, и Ада Лавлейс до сих пор "
        "вдохновляет инженеров, а Фрэнсис Крик — биологов», — сказал Джонсон.\n\n"
        "Программа начнётся в сентябре."
    )
    summary = summarize(Article(text=text, lang="ru"), nlp)
    names = [e.name for e in summary.who]
    assert names[0] == "Борис Джонсон"
    assert not any("Лавлейс" in n or "Крик" in n for n in names[:5])


def test_quoted_mentions_weigh_less_than_narrated_ones(nlp: NlpModels) -> None:
    text = (
        'The mayor said: "Alice Brown and Alice Brown again and Alice Brown." '
        "Later John Smith arrived."
    )
    brown = [
        Mention(m, m + 11, "PER", "Alice Brown", "Alice Brown")
        for m in (text.index("Alice"), text.index("Alice", 30), text.rindex("Alice"))
    ]
    smith = _mention(text, "John Smith", "PER")
    sentences = split_sentences(text, "en", nlp)
    quote = Quote(
        text=text[text.index('"') + 1 : text.rindex('"')],
        direct=True,
        start=text.index('"') + 1,
        end=text.rindex('"'),
    )
    ranked = rank_entities(text, "en", [*brown, smith], sentences, {}, quotes=[quote])
    scores = {e.name: e.score for e in ranked}
    # three quoted mentions in the lead count less than one narrated mention (not in the lead)
    assert scores["Alice Brown"] < 3 * 3  # unquoted, they would count 3 each
    assert scores["Alice Brown"] == pytest.approx(3 * 3 * 0.25)


def test_agency_cited_as_source_is_not_in_who(nlp: NlpModels) -> None:
    text = (
        "Министр финансов Антон Силуанов заявил, что бюджет будет принят в срок, "
        "сообщает Reuters.\n\n"
        "Силуанов добавил, что дефицит бюджета сократится."
    )
    summary = summarize(Article(text=text, lang="ru"), nlp)
    names = [e.name for e in summary.who]
    assert "Антон Силуанов" in names
    assert not any("Reuters" in n for n in names)


@pytest.mark.parametrize(
    ("text", "surface", "kind", "cited"),
    [
        ("Бюджет примут в срок, пишет «Коммерсантъ».", "Коммерсантъ", "ORG", True),
        ("Об этом министр рассказал «Известиям».", "Известиям", "ORG", True),
        ("Об этом заявил МИД России.", "МИД России", "ORG", False),
        ("Об этом сообщил Иванову министр.", "Иванову", "PER", False),
        ("В интервью «Спорт-Экспрессу» тренер отметил успех.", "Спорт-Экспрессу", "ORG", True),
        ("— Мы устали, — сообщил он «Известиям».", "Известиям", "ORG", True),
        ("— Мы устали, — рассказала Telegram-каналу соседка.", "Telegram-каналу", "PER", True),
        ("Как сообщил ТАСС, поезд прибыл.", "ТАСС", "ORG", True),
        ("Как сообщает Telegram-канал Life Shot, поезд прибыл.", "Life Shot", "ORG", True),
        ("Как сообщил Иван Петров, поезд прибыл.", "Иван Петров", "PER", False),
    ],
)
def test_is_cited_ru(nlp: NlpModels, text: str, surface: str, kind: str, cited: bool) -> None:
    m = _mention(text, surface, kind)
    assert is_cited(text, "ru", m, nlp.morph_vocab) is cited


@pytest.mark.parametrize(
    ("text", "surface", "cited"),
    [
        ("The company told Reuters it would appeal.", "Reuters", True),
        ("LONDON (Reuters) - Shares fell.", "Reuters", True),
        ("Reuters cut 200 jobs on Monday.", "Reuters", False),
        ("The Service Employees International Union (SEIU) struck.", "SEIU", False),
    ],
)
def test_is_cited_en(text: str, surface: str, cited: bool) -> None:
    assert is_cited(text, "en", _mention(text, surface, "ORG"), None) is cited


def test_building_is_no_actor(nlp: NlpModels) -> None:
    text = (
        "Donald Trump met reporters at Trump Tower on Monday. "
        "Trump Tower was closed to visitors, and Trump said the talks went well."
    )
    summary = summarize(Article(text=text, lang="en"), nlp)
    names = [e.name for e in summary.who]
    assert names[0] == "Donald Trump"
    assert "Trump Tower" not in names


# ---------------------------------------------------------------- where


def test_dateline_place_comes_first(nlp: NlpModels) -> None:
    text = (
        "ЛОНДОН, 9 августа. /ТАСС/. Премьер-министр Великобритании Борис Джонсон "
        "встретился в Париже с президентом Франции Эмманюэлем Макроном.\n\n"
        "Переговоры в Париже продолжались три часа."
    )
    summary = summarize(Article(text=text, lang="ru"), nlp)
    assert summary.where[0] == "Лондон"


def test_city_in_the_headline_leads_its_streets(nlp: NlpModels) -> None:
    text = (
        "Днем 23 июня центр Петербурга начнут перекрывать для парада.\n\n"
        "Для водителей закроют Миллионную улицу, Певческий проезд и Дворцовую набережную. "
        "Движение по Миллионной улице и Певческому проезду откроют вечером."
    )
    article = Article(text=text, lang="ru", title="Центр Петербурга перекроют к параду")
    summary = summarize(article, nlp)
    assert summary.where[0] == "Петербург"


@pytest.mark.parametrize(
    ("text", "surface", "use"),
    [
        ("Встреча прошла в Москве.", "Москве", "locative"),
        ("Делегация поедет в Стамбул.", "Стамбул", "direction"),
        ("Делегация вернулась из Москвы.", "Москвы", "direction"),
        ("Министр иностранных дел России прилетел.", "России", "other"),
        ("Переговоры прошли в Осло.", "Осло", "locative"),
        ("Они собрались в Зеленой гостиной Кремля.", "Кремля", "locative"),
        ("Жители в центре Москвы вышли на улицы.", "Москвы", "locative"),
    ],
)
def test_place_use_ru(nlp: NlpModels, text: str, surface: str, use: str) -> None:
    assert place_use(text, "ru", _mention(text, surface, "LOC"), nlp.morph_vocab) == use


@pytest.mark.parametrize(
    ("text", "surface", "use"),
    [
        ("The talks were held in Geneva.", "Geneva", "locative"),
        ("The minister flew to Geneva.", "Geneva", "direction"),
        ("Protesters gathered in the centre of Geneva.", "Geneva", "locative"),
        ("The Geneva office closed.", "Geneva", "other"),
    ],
)
def test_place_use_en(text: str, surface: str, use: str) -> None:
    assert place_use(text, "en", _mention(text, surface, "LOC")) == use


# ---------------------------------------------------------------- spans


def test_quoted_passages_and_captions() -> None:
    text = (
        "Глава «Роснефти» выступил.\n\n"
        "Он сказал: «Мы будем работать дальше и больше».\n\n"
        "Фото: Иван Петров\n\n"
        "Это последний абзац текста."
    )
    quoted = [text[a:b] for a, b in quoted_spans(text, [])]
    assert quoted == ["«Мы будем работать дальше и больше»"]  # «Роснефти» is a name
    assert [text[a:b].strip() for a, b in caption_spans(text)] == ["Фото: Иван Петров"]


def test_hard_wrapped_text_has_no_captions() -> None:
    text = "First line of a wrapped\nparagraph goes on here\nand ends here."
    assert caption_spans(text) == []


def test_headline_paragraph_is_no_caption() -> None:
    text = (
        "Hewlett-Packard follows Google\n\nThe company expands. It hires.\n\nPhoto: J. Doe\n\nEnd."
    )
    assert [text[a:b].strip() for a, b in caption_spans(text)] == ["Photo: J. Doe"]


def test_a_name_in_quotation_marks_is_no_quote(nlp: NlpModels) -> None:
    text = "Владелец компании «Агропромышленное объединение „Макфа“» Михаил Юревич ушёл."
    makfa = _mention(text, "Макфа", "ORG")
    sentences = split_sentences(text, "ru", nlp)
    ranked = rank_entities(text, "ru", [makfa], sentences, {})
    assert ranked[0].score == 3.0  # a mention in the lead sentence, counted in full


def test_organisation_typed_as_place_is_not_the_story_place(nlp: NlpModels) -> None:
    text = (
        "Interest rates in the United States may rise, said Jane Roe of the Brookings "
        "Institution at the Brookings Institution in Washington."
    )
    sentences = split_sentences(text, "en", nlp)
    brookings = [
        Mention(i, i + 21, "LOC", "Brookings Institution", "Brookings Institution")
        for i in (text.index("Brookings"), text.rindex("Brookings"))
    ]
    usa = _mention(text, "United States", "LOC")
    washington = _mention(text, "Washington", "LOC")
    entities = rank_entities(text, "en", [usa, *brookings, washington], sentences, {})
    places = rank_places(text, "en", sentences, [e for e in entities if e.type == "LOC"])
    assert places[-1] == "Brookings Institution"


def test_a_name_only_in_the_dateline_is_no_actor(nlp: NlpModels) -> None:
    text = (
        "ANNAPOLIS, Md. (AP) — John Carter Jr. had 13 points, and Navy beat East Carolina "
        "62-57 on Friday night. Carter said the team played well."
    )
    summary = summarize(Article(text=text, lang="en"), nlp)
    names = [e.name for e in summary.who]
    assert "Md." not in names
    assert "AP" not in names
    assert any("Carter" in n for n in names[:2])


def test_headline_names_count_with_their_capitals(nlp: NlpModels) -> None:
    text = "The US economy grew. Anna Smith of the Fed spoke. The US data surprised Anna Smith."
    sentences = split_sentences(text, "en", nlp)
    us = [Mention(i, i + 2, "LOC", "US", "US") for i in (4, text.rindex("US"))]
    titled = rank_entities(text, "en", us, sentences, {}, title="Markets tell us little")
    plain = rank_entities(text, "en", us, sentences, {}, title="US economy grows")
    assert plain[0].score - titled[0].score == 3.0  # TITLE_BONUS only for "US"


def test_listed_places_share_the_first_ones_use(nlp: NlpModels) -> None:
    text = "Заседание прошло в Цюрихе (Швейцария). Франция и Германия прислали делегации."
    names = [("Цюрихе", "Цюрих"), ("Швейцария", "Швейцария")]
    names += [("Франция", "Франция"), ("Германия", "Германия")]
    mentions = [_mention(text, s, "LOC", n) for s, n in names]
    sentences = split_sentences(text, "ru", nlp)
    entities = rank_entities(text, "ru", mentions, sentences, {})
    places = rank_places(text, "ru", sentences, entities, vocab=nlp.morph_vocab)
    assert places[:2] == ["Цюрих", "Швейцария"]


def test_a_government_that_acts_is_an_actor(nlp: NlpModels) -> None:
    text = (
        "Правительство Бурятии выделит деньги на ремонт школ. Об этом сообщил министр "
        "финансов Иван Петров.\n\n"
        "Правительство Бурятии рассчитывает завершить ремонт к сентябрю."
    )
    summary = summarize(Article(text=text, lang="ru"), nlp)
    assert "Правительство Бурятии" in [e.name for e in summary.who][:2]
    assert not any(m.normal == "Правительство Бурятии" for m in summary.mentions)


def test_an_acronym_counts_for_the_organisation_it_abbreviates(nlp: NlpModels) -> None:
    text = (
        "The National Nurses Union called a strike on Monday. "
        "NNU members walked out at noon, an NNU spokesman said."
    )
    mentions = [
        _mention(text, "National Nurses Union", "ORG"),
        Mention(text.index("NNU"), text.index("NNU") + 3, "ORG", "NNU", "NNU"),
        Mention(text.rindex("NNU"), text.rindex("NNU") + 3, "ORG", "NNU", "NNU"),
    ]
    sentences = split_sentences(text, "en", nlp)
    entities = rank_entities(text, "en", mentions, sentences, {})
    assert [(e.name, len(e.mentions)) for e in entities] == [("NNU", 3)]  # named most so
    title = "National Nurses Union goes on strike"
    entities = rank_entities(text, "en", mentions, sentences, {}, title=title)
    assert [(e.name, len(e.mentions)) for e in entities] == [("National Nurses Union", 3)]


def test_an_acronym_glossed_after_a_name_is_that_organisation() -> None:
    text = (
        "Члены ПАСЕ (Парламентская ассамблея Совета Европы) проголосовали. ПАСЕ приняла резолюцию."
    )
    full = "Парламентская ассамблея Совета Европы"
    mentions = [
        Mention(text.index("ПАСЕ"), text.index("ПАСЕ") + 4, "ORG", "ПАСЕ", "ПАСЕ"),
        _mention(text, full, "ORG"),
        Mention(text.rindex("ПАСЕ"), text.rindex("ПАСЕ") + 4, "ORG", "ПАСЕ", "ПАСЕ"),
    ]
    assert acronym_glosses(text, mentions) == {"ПАСЕ": ("ORG", full)}


def test_documents_and_bare_titles_are_no_actors() -> None:
    text = "The First Lady praised the Clean Water Act. Jane Doe of the Sierra Club agreed."
    kinds = {
        "First Lady": "PER",
        "Clean Water Act": "ORG",
        "Jane Doe": "PER",
        "Sierra Club": "ORG",
    }
    entities = [
        Entity(name=name, type=kind, mentions=(_mention(text, name, kind),))  # type: ignore[arg-type]
        for name, kind in kinds.items()
    ]
    who = choose_who(entities, text, "en", (), is_outlet=lambda _name, _known: False)
    assert [e.name for e in who] == ["Jane Doe", "Sierra Club"]


def test_an_organisation_only_the_headline_names_is_an_actor(nlp: NlpModels) -> None:
    title = "Встреча с послом Италии в миде Армении"
    text = (
        "Посол Италии Марио Росси встретился с заместителем министра иностранных дел "
        "Армении Ашотом Петросяном. Стороны обсудили сотрудничество."
    )
    summary = summarize(Article(text=text, lang="ru", title=title), nlp)
    assert "МИД Армении" in [e.name for e in summary.who]


def test_a_name_in_a_headline_quote_is_no_headline_actor(nlp: NlpModels) -> None:
    title = "Петр Сидоров: «Он играет, словно великий Лев Яшин в лучшие годы»"
    text = "Ветеран футбола Петр Сидоров оценил игру вратаря сборной. Сидоров доволен."
    summary = summarize(Article(text=text, lang="ru", title=title), nlp)
    names = [e.name for e in summary.who]
    assert "Петр Сидоров" in names
    assert not any("Яшин" in n for n in names)
