"""Entities: dictionary forms, surnames resolved, roles, importance (tables, both languages)."""

from __future__ import annotations

import pytest

from bot.analysis.entities import (
    body_mentions,
    find_mentions,
    find_roles,
    merge_compound_orgs,
    normalize_person,
    normalize_phrase,
)
from bot.analysis.models import NlpModels
from bot.analysis.salience import rank_entities
from bot.analysis.sentences import split_sentences


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        (["Сергеем", "Лавровым"], "Сергей Лавров"),
        (["Марко", "Рубио"], "Марко Рубио"),
        (["Светланы", "Тихановской"], "Светлана Тихановская"),
        (["Владимиру", "Путину"], "Владимир Путин"),
        (["Александром", "Лукашенко"], "Александр Лукашенко"),
        (["Дональда", "Трампа"], "Дональд Трамп"),
        (["Марии", "Захаровой"], "Мария Захарова"),
    ],
)
def test_person_dictionary_form(nlp: NlpModels, words: list[str], expected: str) -> None:
    assert " ".join(normalize_person(words, nlp.morph_vocab)) == expected


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        (["Министерства", "иностранных", "дел"], "Министерство иностранных дел"),
        (["Соединенных", "Штатов"], "Соединенные Штаты"),
        (["Верховным", "судом"], "Верховный суд"),
        (["Куала-Лумпуре"], "Куала-Лумпур"),
        (["Ассоциации", "государств", "Юго-Восточной", "Азии"],
         "Ассоциация государств Юго-Восточной Азии"),
        (["Европейского", "союза"], "Европейский союз"),
        (["МИД"], "МИД"),
        (["Государственной", "думы"], "Государственная дума"),
        # a relative adjective before its qualitative homograph (окружной / окружный)
        (["Окружного", "административного", "суда"], "Окружной административный суд"),
    ],
)  # fmt: skip
def test_phrase_dictionary_form(nlp: NlpModels, words: list[str], expected: str) -> None:
    assert " ".join(normalize_phrase(words, nlp.morph_vocab)) == expected


RU_TEXT = (
    "Госсекретарь США Марко Рубио встретился с министром иностранных дел России "
    "Сергеем Лавровым в Куала-Лумпуре.\n"
    "Ни Лавров, ни Рубио не дали комментариев.\n"
    "Позже Рубио заявил, что президент США Дональд Трамп разочарован."
)


def test_russian_mentions_normalised_and_surnames_resolved(nlp: NlpModels) -> None:
    mentions = find_mentions(RU_TEXT, "ru", nlp)
    pairs = {(m.text, m.normal) for m in mentions}
    assert ("Сергеем Лавровым", "Сергей Лавров") in pairs
    assert ("Лавров", "Сергей Лавров") in pairs
    assert ("Рубио", "Марко Рубио") in pairs
    assert ("Куала-Лумпуре", "Куала-Лумпур") in pairs
    for m in mentions:
        assert RU_TEXT[m.start : m.end] == m.text


@pytest.mark.parametrize(
    ("text", "lang", "name", "role"),
    [
        (RU_TEXT, "ru", "Марко Рубио", "госсекретарь США"),
        (RU_TEXT, "ru", "Сергей Лавров", "министр иностранных дел России"),
        (RU_TEXT, "ru", "Дональд Трамп", "президент США"),
        ("Встречу провел премьер-министр Великобритании Кир Стармер.", "ru",
         "Кир Стармер", "премьер-министр Великобритании"),
        ("Об этом рассказала официальный представитель МИД России Мария Захарова.", "ru",
         "Мария Захарова", "официальный представитель МИД России"),
        ("Сергей Лавров, министр иностранных дел России, ответил на вопросы.", "ru",
         "Сергей Лавров", "министр иностранных дел России"),
    ],
)  # fmt: skip
def test_roles_from_appositions(
    nlp: NlpModels, text: str, lang: str, name: str, role: str
) -> None:
    sentences = split_sentences(text, lang, nlp)
    mentions = find_mentions(text, lang, nlp)
    assert find_roles(text, mentions, sentences, lang, nlp).get(name) == role


def test_no_role_when_none_given(nlp: NlpModels) -> None:
    text = "Вчера Сергей Лавров прилетел в Минск."
    sentences = split_sentences(text, "ru", nlp)
    mentions = find_mentions(text, "ru", nlp)
    assert "Сергей Лавров" not in find_roles(text, mentions, sentences, "ru", nlp)


def test_importance_puts_the_lead_first(nlp: NlpModels) -> None:
    sentences = split_sentences(RU_TEXT, "ru", nlp)
    mentions = find_mentions(RU_TEXT, "ru", nlp)
    entities = rank_entities(RU_TEXT, "ru", mentions, sentences, {})
    people = [e.name for e in entities if e.type == "PER"]
    assert people[:2] == ["Марко Рубио", "Сергей Лавров"]
    assert people.index("Дональд Трамп") == 2


def test_empty_text_has_no_mentions(nlp: NlpModels) -> None:
    assert find_mentions("   \n", "ru", nlp) == []


EN_TEXT = (
    "Secretary of State Marco Rubio met Russian Foreign Minister Sergei Lavrov in Kuala "
    "Lumpur on Thursday, Reuters reported.\n"
    "Rubio told reporters that President Donald Trump was disappointed.\n"
    "Tim Cook, the chief executive of Apple, was not there."
)


def test_english_mentions_and_surnames(nlp: NlpModels) -> None:
    mentions = find_mentions(EN_TEXT, "en", nlp)
    pairs = {(m.text, m.type, m.normal) for m in mentions}
    assert ("Marco Rubio", "PER", "Marco Rubio") in pairs
    assert ("Rubio", "PER", "Marco Rubio") in pairs
    assert ("Kuala Lumpur", "LOC", "Kuala Lumpur") in pairs
    assert ("Reuters", "ORG", "Reuters") in pairs


@pytest.mark.parametrize(
    ("name", "role"),
    [
        ("Marco Rubio", "Secretary of State"),
        ("Sergei Lavrov", "Russian Foreign Minister"),
        ("Donald Trump", "President"),
        ("Tim Cook", "chief executive of Apple"),
    ],
)
def test_english_roles(nlp: NlpModels, name: str, role: str) -> None:
    sentences = split_sentences(EN_TEXT, "en", nlp)
    mentions = find_mentions(EN_TEXT, "en", nlp)
    assert find_roles(EN_TEXT, mentions, sentences, "en", nlp).get(name) == role


def test_merge_organisation_and_country(nlp: NlpModels) -> None:
    text = "В МИД РФ рассказали о встрече."
    merged = merge_compound_orgs(text, find_mentions(text, "ru", nlp))
    assert [(m.text, m.type) for m in merged] == [("МИД РФ", "ORG")]


@pytest.mark.parametrize(
    ("text", "surface", "normal"),
    [
        # gender and case from context: one entry, the woman's name
        ("Оппозиция решила поддержать Юлию Галямину на выборах.", "Юлию Галямину",
         "Юлия Галямина"),
        # a foreign name that does not decline stays as written
        ("Нападающий Криштиану Роналду забил гол.", "Криштиану Роналду", "Криштиану Роналду"),
        ("Встреча с Криштиану Роналду прошла в Мадриде.", "Криштиану Роналду",
         "Криштиану Роналду"),
        # a name in apposition agrees with its head
        ("Ювентус сыграл вничью с Реал Мадридом.", "Реал Мадридом", "Реал Мадрид"),
        # the adjective's own nominative, not another degree of the same lexeme
        ("Решение Высшего госсовета было принято вчера.", "Высшего госсовета",
         "Высший госсовет"),
        ("Жители Самборского района вышли на протест.", "Самборского района",
         "Самборский район"),
        ("Переговоры прошли в Белом доме.", "Белом доме", "Белый дом"),
        # a capitalised word is the country, not the chemical element
        ("Канцлер выступил в Германии.", "Германии", "Германия"),
    ],
)  # fmt: skip
def test_dictionary_form_in_context(nlp: NlpModels, text: str, surface: str, normal: str) -> None:
    mentions = {m.text: m.normal for m in find_mentions(text, "ru", nlp)}
    assert mentions.get(surface) == normal


@pytest.mark.parametrize(
    ("text", "surface", "normal"),
    [
        (
            "Robert Mugabe has ruled Zimbabwe since 1980. Mr Mugabe, 93, said he would stay.",
            "Mugabe",
            "Robert Mugabe",
        ),
        (
            "Justice Samuel Alito asked the question. Justice Alito then called it hard.",
            "Justice Alito",
            "Samuel Alito",
        ),
        (
            "Donald Trump arrived at Trump Tower on Monday. “Probably,” Trump said.",
            "Trump",
            "Donald Trump",
        ),
    ],
)
def test_title_and_surname_merge_into_the_full_name(
    nlp: NlpModels, text: str, surface: str, normal: str
) -> None:
    mentions = find_mentions(text, "en", nlp)
    last = [m for m in mentions if m.text == surface][-1]
    assert last.normal == normal
    assert all(m.normal != "Trump Tower" or m.text == "Trump Tower" for m in mentions)


def test_two_people_sharing_a_surname_stay_apart(nlp: NlpModels) -> None:
    text = (
        "Hillary Clinton spoke in Ohio on Monday. Bill Clinton joined her later. "
        "Clinton said the campaign was going well."
    )
    normals = {m.normal for m in find_mentions(text, "en", nlp) if m.type == "PER"}
    assert {"Hillary Clinton", "Bill Clinton"} <= normals


def test_full_name_left_inflected_takes_the_form_the_text_writes(nlp: NlpModels) -> None:
    text = (
        "Председателя суда Павла Вовка уволили. Среди обвиняемых Павел Вовк и Евгений "
        "Аблов. Вовк оспаривает увольнение."
    )
    per = {m.text: m.normal for m in find_mentions(text, "ru", nlp) if m.type == "PER"}
    assert per["Павла Вовка"] == "Павел Вовк"
    assert per["Вовк"] == "Павел Вовк"


def test_brother_and_sister_keep_their_own_names(nlp: NlpModels) -> None:
    text = "Александр Иванов встретился с Александрой Ивановой. Иванов сказал, что всё хорошо."
    per = {m.text: m.normal for m in find_mentions(text, "ru", nlp) if m.type == "PER"}
    assert per["Александр Иванов"] == "Александр Иванов"
    assert per["Александрой Ивановой"] == "Александра Иванова"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a place's body, in any case
        ("Власти Ямала погасят долги перед жителями.", ["Власти Ямала"]),
        ("Решение принято правительством Бурятии в среду.", ["Правительство Бурятии"]),
        ("Посол встретился с коллегами в миде Армении.", ["МИД Армении"]),
        # a bare body noun acts only as the subject of a verb agreeing with it
        ("Правительство готовит новый закон о налогах.", ["Правительство"]),
        ("Он пришёл в правительство с новым законом о налогах.", []),
        # an organisation's body, its adjectives in the nominative
        ("Решения судейского комитета ФИФА ждут все арбитры.", ["Судейский комитет ФИФА"]),
        # an agency after a body is the one it told
        ("Об этом сообщила полиция РИА Новости.", []),
        # a body in a person's title is no actor
        ("Председатель правительства Бурятии Алексей Цыденов открыл мост.", []),
    ],
)
def test_bodies_named_by_their_kind(nlp: NlpModels, text: str, expected: list[str]) -> None:
    mentions = find_mentions(text, "ru", nlp)
    assert [m.normal for m in body_mentions(text, mentions, nlp.morph_vocab)] == expected


def test_a_bare_body_noun_is_the_body_the_headline_names(nlp: NlpModels) -> None:
    title = "Власти Туниса гарантируют безопасность туристам"
    text = "Власти заявляют о желании удвоить число туристов."
    titled = body_mentions(title, find_mentions(title, "ru", nlp), nlp.morph_vocab)
    mentions = find_mentions(text, "ru", nlp)
    found = body_mentions(text, mentions, nlp.morph_vocab, titled)
    assert [m.normal for m in found] == ["Власти Туниса"]
    assert [m.normal for m in body_mentions(text, mentions, nlp.morph_vocab)] == ["Власти"]
