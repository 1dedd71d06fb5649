"""Dictionary forms of names the dictionary does not decline, and broken names (issue 10)."""

from __future__ import annotations

import pytest

from bot.analysis.entities import (
    find_mentions,
    merge_compound_orgs,
    normalize_person,
    normalize_phrase,
)
from bot.analysis.models import NlpModels


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        # a known first name gives the case and gender; the unknown surname declines regularly
        (["Ричарда", "Гренелла"], "Ричард Гренелл"),
        (["Сергея", "Скрипаля"], "Сергей Скрипаль"),
        (["Доминика", "Рааба"], "Доминик Рааб"),
        # a double surname declines in its last part
        (["Джейкоба", "Рис-Могга"], "Джейкоб Рис-Могг"),
        # a woman's foreign surname in a consonant does not decline
        (["Терезы", "Мэй"], "Тереза Мэй"),
        # a surname in -и that no ending explains is indeclinable
        (["Хадимом", "Хусейном", "Ризви"], "Хадим Хусейн Ризви"),
        # names the dictionary knows are unchanged
        (["Дональда", "Трампа"], "Дональд Трамп"),
    ],
)
def test_unknown_surname_declines_with_the_first_name(
    nlp: NlpModels, words: list[str], expected: str
) -> None:
    assert " ".join(normalize_person(words, nlp.morph_vocab)) == expected


@pytest.mark.parametrize(
    ("text", "surface", "normal"),
    [
        # the first name written in the nominative is a man's: one entry, not "Эда Гонзалеса"
        ("По словам шерифа Эда Гонзалеса, стрелок задержан.", "Эда Гонзалеса", "Эд Гонзалес"),
        ("Суд оправдал Асию Биби в среду.", "Асию Биби", "Асия Биби"),
        # an organisation unknown to the dictionary declines as a masculine noun
        ("Акции Русала выросли на бирже.", "Русала", "Русал"),
    ],
)  # fmt: skip
def test_unknown_names_in_context(nlp: NlpModels, text: str, surface: str, normal: str) -> None:
    mentions = {m.text: m.normal for m in find_mentions(text, "ru", nlp)}
    assert mentions.get(surface) == normal


def test_a_word_doubled_in_a_name_is_written_once(nlp: NlpModels) -> None:
    text = "Родившийся в Ленинграде Максим Дадашев Дадашев дебютировал на ринге в 2013 году."
    per = [m for m in find_mentions(text, "ru", nlp) if m.type == "PER"]
    assert [m.normal for m in per] == ["Максим Дадашев"]


def test_a_first_name_that_is_also_the_surname_stays(nlp: NlpModels) -> None:
    text = "Британский министр Дэвид Дэвис ушел в отставку. Дэвис Дэвис ничего не сказал."
    per = {m.text: m.normal for m in find_mentions(text, "ru", nlp) if m.type == "PER"}
    assert per.get("Дэвис Дэвис") == "Дэвис Дэвис"


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ('Фанаты ФК "Зенит" праздновали победу.', 'ФК "Зенит"'),
        ("Концерт прошел в СК «Олимпийский» в Москве.", "СК «Олимпийский»"),
    ],
)
def test_quotes_in_a_name_are_kept_in_pairs(nlp: NlpModels, text: str, name: str) -> None:
    normals = {m.normal for m in find_mentions(text, "ru", nlp)}
    assert name in normals
    for n in normals:
        assert n.count("«") == n.count("»")
        assert n.count('"') % 2 == 0


def test_a_man_named_in_two_written_forms_takes_the_nominative(nlp: NlpModels) -> None:
    text = (
        "Болгарский шахматист Веселин Топалов выиграл турнир. Победа Веселина Топалова "
        "стала неожиданной для всех. Топалов поблагодарил болельщиков."
    )
    per = {m.text: m.normal for m in find_mentions(text, "ru", nlp) if m.type == "PER"}
    assert per.get("Веселин Топалов") == "Веселин Топалов"
    assert per.get("Веселина Топалова") == "Веселин Топалов"
    assert per.get("Топалов") == "Веселин Топалов"


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        # an adjective before an acronym agrees with it; the acronym keeps its capitals
        (["российского", "МИД"], "российский МИД"),
        (["британского", "МИДа"], "британский МИД"),
        (["Высшего", "госсовета"], "Высший госсовет"),
    ],
)
def test_adjective_and_acronym(nlp: NlpModels, words: list[str], expected: str) -> None:
    assert " ".join(normalize_phrase(words, nlp.morph_vocab)) == expected


@pytest.mark.parametrize(
    ("text", "lang", "descriptor", "name"),
    [
        # a generic descriptor names the only organisation named before it
        ("Российский МИД выступил с заявлением. Российское внешнеполитическое ведомство "
         "подчеркнуло, что это провокация.", "ru", "Российское внешнеполитическое ведомство",
         "МИД"),
        # a descriptor whose noun is a word of the name names that organisation
        ("The Department of Justice opened an inquiry. The department said it would report "
         "soon.", "en", "department", "Department of Justice"),
    ],
)  # fmt: skip
def test_descriptor_names_the_organisation_named_before(
    nlp: NlpModels, text: str, lang: str, descriptor: str, name: str
) -> None:
    vocab = nlp.morph_vocab if lang == "ru" else None
    mentions = merge_compound_orgs(text, find_mentions(text, lang, nlp), lang, vocab)
    assert {(m.text, m.type, m.normal) for m in mentions} >= {(descriptor, "ORG", name)}


def test_descriptor_of_another_organisation_or_of_several_is_no_mention(
    nlp: NlpModels,
) -> None:
    text = (
        "Министерство финансов предложило налог, а Сбербанк его поддержал. Министерство "
        "обороны возразило. Компания не ответила на вопросы."
    )
    mentions = merge_compound_orgs(text, find_mentions(text, "ru", nlp), "ru", nlp.morph_vocab)
    texts = {m.text for m in mentions}
    assert "Компания" not in texts  # two organisations named: no way to tell which
    assert all(m.normal != "Министерство финансов" or m.start < 40 for m in mentions)


@pytest.mark.parametrize(
    ("verb", "name"),
    [("заявила, что довольна", "Анна Шмидт"), ("заявил, что доволен", "Петр Шмидт")],
)
def test_a_surname_shared_by_a_man_and_a_woman_goes_by_the_verb(
    nlp: NlpModels, verb: str, name: str
) -> None:
    text = f"Петр Шмидт и Анна Шмидт пришли на встречу. Шмидт {verb}."
    lone = [m for m in find_mentions(text, "ru", nlp) if m.text == "Шмидт"]
    assert [m.normal for m in lone] == [name]


def test_a_name_after_a_street_noun_is_the_street(nlp: NlpModels) -> None:
    text = "Акция прошла на проспекте Сахарова в Москве."
    loc = {m.text: m.normal for m in find_mentions(text, "ru", nlp) if m.type == "LOC"}
    assert loc.get("Сахарова") == "проспект Сахарова"
    assert loc.get("Москве") == "Москва"


@pytest.mark.parametrize(
    ("text", "surface", "normal"),
    [
        # an indeclinable foreign place is no case form of a one-letter word
        ("Стрельба произошла в школе города Санта-Фе, штат Техас.", "Санта-Фе", "Санта-Фе"),
        # a city's streets are the city
        ("Ночью на улицы Лондона вышли тысячи людей.", "Лондона", "Лондон"),
    ],
)
def test_places_keep_their_own_name(nlp: NlpModels, text: str, surface: str, normal: str) -> None:
    mentions = {m.text: m.normal for m in find_mentions(text, "ru", nlp)}
    assert mentions.get(surface) == normal


@pytest.mark.parametrize(
    ("text", "lang", "surfaces", "name"),
    [
        # with and without an initial in the middle: the form named first
        ("Суд предъявил обвинение Дмитрию Н. Андрейченко. Адвокат Дмитрия Андрейченко не "
         "ответил.", "ru", ["Дмитрию Н. Андрейченко", "Дмитрия Андрейченко"],
         "Дмитрий Н. Андрейченко"),
        # the name in another script in parentheses right after it
        ("Стрелком оказался Димитриос Пагуртзис (Dimitrios Pagourtzis). Пагуртзис задержан.",
         "ru", ["Димитриос Пагуртзис", "Dimitrios Pagourtzis", "Пагуртзис"],
         "Димитриос Пагуртзис"),
    ],
)  # fmt: skip
def test_one_person_named_two_ways_has_one_name(
    nlp: NlpModels, text: str, lang: str, surfaces: list[str], name: str
) -> None:
    per = {m.text: m.normal for m in find_mentions(text, lang, nlp) if m.type == "PER"}
    assert [per.get(s) for s in surfaces] == [name] * len(surfaces)
