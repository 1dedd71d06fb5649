"""Same-story detection: fingerprints, similarity, grouping (made-up news texts)."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from bot.analysis.models import NlpModels
from bot.digest import stories
from bot.digest.stories import (
    BODY_TITLE_WEIGHT,
    LEAD_CHARS,
    LEAD_FLOOR,
    LEAD_SHARE,
    NAME_WEIGHT,
    SAME_STORY_THRESHOLD,
    TITLE_WEIGHT,
    StoryKey,
    actors_only,
    conflicting,
    different_days,
    different_regions,
    different_subjects,
    group_stories,
    lead_similarity,
    pairwise_similarities,
    same_story,
    similarity,
    story_key,
)

RU_MEETING_A = (
    "Лавров и Рубио встретились в Куала-Лумпуре",
    "Министр иностранных дел России Сергей Лавров провел переговоры с госсекретарем США Марко "
    "Рубио на полях форума АСЕАН в Куала-Лумпуре. Встреча длилась около часа.",
)
RU_MEETING_B = (
    "Рубио провел встречу с Лавровым в Малайзии",
    "Госсекретарь США Марко Рубио и глава МИД России Сергей Лавров обсудили в Куала-Лумпуре "
    "отношения двух стран. Рубио назвал переговоры с Лавровым откровенными.",
)
RU_OTHER_LAVROV = (
    "Лавров прокомментировал новые санкции Евросоюза",
    "Глава МИД России Сергей Лавров заявил в Москве, что очередной пакет санкций Евросоюза "
    "ударит по европейской экономике. Брюссель утвердил ограничения против банков.",
)
EN_FESTIVAL_A = (
    "Hong Kong's biggest music festival cancelled over unrest",
    "Clockenflap, Hong Kong's biggest music festival, has been cancelled because of the "
    "political protests, its organisers said on Tuesday.",
)
EN_FESTIVAL_B = (
    "Clockenflap called off as Hong Kong protests continue",
    "Organisers of the Clockenflap music festival in Hong Kong cancelled this year's event, "
    "citing months of protests and safety concerns for fans.",
)
EN_OTHER_FESTIVAL = (
    "Glastonbury music festival sells out in record time",
    "Tickets for Glastonbury, the biggest music festival in Britain, sold out in 34 minutes "
    "on Sunday, its organisers said.",
)
EN_OTHER_HONG_KONG = (
    "Hong Kong stocks rise as banks rally",
    "Shares in Hong Kong closed higher on Tuesday, led by banks and property developers, "
    "as investors bet on lower interest rates.",
)


def _key(article: tuple[str, str], lang: str, nlp: NlpModels | None) -> StoryKey:
    title, text = article
    return story_key(title=title, text=text, lang=lang, morph=nlp.morph_vocab if nlp else None)


@pytest.mark.parametrize("with_morph", [True, False], ids=["pymorphy", "stems"])
def test_same_story_in_other_words_is_same(nlp: NlpModels, with_morph: bool) -> None:
    morph = nlp if with_morph else None
    a, b = _key(RU_MEETING_A, "ru", morph), _key(RU_MEETING_B, "ru", morph)
    assert same_story(a, b)
    assert similarity(a, b) >= SAME_STORY_THRESHOLD


def test_english_same_story_in_other_words_is_same(nlp: NlpModels) -> None:
    assert same_story(_key(EN_FESTIVAL_A, "en", nlp), _key(EN_FESTIVAL_B, "en", nlp))


@pytest.mark.parametrize(
    ("first", "second", "lang"),
    [(RU_MEETING_A, RU_OTHER_LAVROV, "ru"), (EN_FESTIVAL_A, EN_OTHER_FESTIVAL, "en")],
    ids=["ru-same-minister", "en-same-kind-of-event"],
)
def test_different_stories_sharing_names_are_not_same(
    nlp: NlpModels, first: tuple[str, str], second: tuple[str, str], lang: str
) -> None:
    a, b = _key(first, lang, nlp), _key(second, lang, nlp)
    assert 0.0 < similarity(a, b) < SAME_STORY_THRESHOLD
    assert not same_story(a, b)


def test_shared_two_word_place_alone_is_not_same(nlp: NlpModels) -> None:
    # The place outweighs the rest of two short leads (no IDF), but the headlines share
    # nothing but it: ``actors_only`` refuses the pair.
    a, b = _key(EN_FESTIVAL_A, "en", nlp), _key(EN_OTHER_HONG_KONG, "en", nlp)
    assert similarity(a, b) >= SAME_STORY_THRESHOLD
    assert actors_only(a, b)
    assert not same_story(a, b)


@pytest.mark.parametrize("with_morph", [True, False], ids=["pymorphy", "stems"])
def test_russian_inflections_are_one_term(nlp: NlpModels, with_morph: bool) -> None:
    morph = nlp.morph_vocab if with_morph else None
    keys = [
        story_key(title=None, text=f"Встреча с {name} в Казахстане", lang="ru", morph=morph)
        for name in ("Лавровым", "Лаврова", "Лавров")
    ]
    assert keys[0].weights.keys() == keys[1].weights.keys() != set()
    assert similarity(keys[0], keys[1]) == pytest.approx(1.0)
    assert similarity(keys[0], keys[2]) > 0.9


def test_similarity_is_symmetric_and_bounded(nlp: NlpModels) -> None:
    a, b = _key(RU_MEETING_A, "ru", nlp), _key(RU_MEETING_B, "ru", nlp)
    assert similarity(a, b) == pytest.approx(similarity(b, a))
    assert similarity(a, a) == pytest.approx(1.0)
    assert 0.0 <= similarity(a, b) <= 1.0


def test_function_words_and_single_digits_do_not_count() -> None:
    key = story_key(title="The 5 of the", text="и в на, а 150 рублей", lang="ru")
    assert set(key.weights) == {"150", "рубле"}  # «рублей» cut to five letters without morph


def test_title_words_weigh_more_and_title_case_is_not_names() -> None:
    key = story_key(title="Delhi Air Pollution Levels Drop", text="Wind helps Delhi.", lang="en")
    assert key.weights["pollut"] == TITLE_WEIGHT  # title only, not taken for a name
    assert key.weights["wind"] == 1.0  # sentence-initial capital is not a name
    assert key.weights["delhi"] > TITLE_WEIGHT  # in the title, and a name mid-sentence


def test_given_names_weigh_more(nlp: NlpModels) -> None:
    text = "в переговорах участвовал глава МИД лавров"  # lowercased: not spotted as a name
    plain = story_key(title=None, text=text, lang="ru", morph=nlp.morph_vocab)
    named = story_key(
        title=None, text=text, lang="ru", names=["Сергей Лавров"], morph=nlp.morph_vocab
    )
    assert named.weights["лавров"] > plain.weights["лавров"]
    assert "сергей" not in named.weights  # a name only boosts words the article has


@pytest.mark.parametrize(("title", "text"), [(None, ""), ("", "   "), ("...", "и в на, а")])
def test_empty_article_does_not_crash(title: str | None, text: str) -> None:
    empty = story_key(title=title, text=text, lang="ru")
    other = story_key(title="Лавров", text="Лавров прилетел", lang="ru")
    assert empty.norm == 0.0
    assert similarity(empty, other) == 0.0
    assert similarity(empty, empty) == 0.0
    assert not same_story(empty, empty)
    assert group_stories([empty, other, empty]) == [0, 1, 2]


def test_group_stories_labels(nlp: NlpModels) -> None:
    keys = [
        _key(RU_MEETING_A, "ru", nlp),
        _key(EN_FESTIVAL_A, "en", nlp),
        _key(RU_OTHER_LAVROV, "ru", nlp),
        _key(RU_MEETING_B, "ru", nlp),
        _key(EN_FESTIVAL_B, "en", nlp),
        _key(EN_OTHER_FESTIVAL, "en", nlp),
    ]
    assert group_stories(keys) == [0, 1, 2, 0, 1, 3]
    assert group_stories([]) == []
    assert group_stories(keys, threshold=1.01) == [0, 1, 2, 3, 4, 5]


def _bag(*terms: str) -> StoryKey:
    weights = dict.fromkeys(terms, 1.0)
    return StoryKey(weights=weights, norm=len(terms) ** 0.5, lang="en")


def test_group_stories_does_not_chain() -> None:
    # a~b and b~c are similar (0.5 each) but a and c share nothing: single-link would put all
    # three together; average-link keeps c out, since its mean similarity to {a, b} is 0.25.
    a, b, c = _bag("x", "y"), _bag("y", "z"), _bag("z", "w")
    assert similarity(a, b) == pytest.approx(0.5)
    assert similarity(a, c) == 0.0
    assert group_stories([a, b, c], threshold=0.4) == [0, 0, 1]
    # ...while a story told three times joins in one group.
    assert group_stories([a, a, b], threshold=0.4) == [0, 0, 0]


WEATHER = "Синоптики обещают в Минске облачную погоду, без осадков, ветер северо-западный."


@pytest.mark.parametrize(
    ("second_title", "same"),
    [
        ("Прогноз погоды в Минске на 16 ноября", False),  # the same actors, another day
        ("Прогноз погоды в Минске на 8 ноября", True),
        ("Прогноз погоды в Минске", True),  # a headline without a day says nothing against
    ],
)
def test_headlines_dated_to_different_days_are_different_stories(
    nlp: NlpModels, second_title: str, same: bool
) -> None:
    day = date(2019, 11, 7)
    a = story_key(title="Прогноз погоды в Минске на 8 ноября", text=WEATHER, lang="ru",
                  morph=nlp.morph_vocab, published=day)  # fmt: skip
    b = story_key(title=second_title, text=WEATHER, lang="ru", morph=nlp.morph_vocab,
                  published=day)  # fmt: skip
    assert similarity(a, b) > SAME_STORY_THRESHOLD  # the words alone would merge them
    assert different_days(a, b) is not same
    assert same_story(a, b) is same
    assert (group_stories([a, b]) == [0, 0]) is same


SELF_ISOLATION = (
    "По данным «Яндекса», Казань заняла последнее место среди городов-миллионников по "
    "индексу самоизоляции: на улицах очень много людей, индекс 2,2 балла."
)


@pytest.mark.parametrize(
    ("lead_day", "same"),
    [("4 мая", False), ("9 мая", True)],  # «День Победы» is 9 May, whatever the year
)
def test_a_holiday_in_the_headline_dates_the_event(
    nlp: NlpModels, lead_day: str, same: bool
) -> None:
    day = date(2020, 5, 10)
    a = story_key(title="Казань показала худший результат по индексу самоизоляции",
                  text=f"На {lead_day} {SELF_ISOLATION}", lang="ru", morph=nlp.morph_vocab,
                  published=day)  # fmt: skip
    b = story_key(title="Казань оказалась на последнем месте по самоизоляции в День Победы",
                  text=SELF_ISOLATION, lang="ru", morph=nlp.morph_vocab,
                  published=day)  # fmt: skip
    assert b.title_days == {"05-09"}
    assert similarity(a, b) > SAME_STORY_THRESHOLD
    assert same_story(a, b) is same
    assert (group_stories([a, b]) == [0, 0]) is same


CONTEST = "Началось голосование в нашем фотоконкурсе {}. Итоги конкурса мы подведём 22 ноября."


@pytest.mark.parametrize(
    ("second_name", "same"),
    [
        ("«На спорте»", False),  # two contests, one wording
        ("«Кофемания»", True),
        ("«кофемания»", True),  # not capitalised: not taken for a name, nothing against
    ],
)
def test_headlines_naming_different_subjects_in_quotes_are_different_stories(
    nlp: NlpModels, second_name: str, same: bool
) -> None:
    a = story_key(title="Голосуйте за участников фотоконкурса «Кофемания»",
                  text=CONTEST.format("«Кофемания»"), lang="ru",
                  morph=nlp.morph_vocab)  # fmt: skip
    b = story_key(title=f"Голосуйте за фото в конкурсе {second_name}",
                  text=CONTEST.format(second_name), lang="ru", morph=nlp.morph_vocab)  # fmt: skip
    assert similarity(a, b) > SAME_STORY_THRESHOLD
    assert different_subjects(a, b) is not same
    assert same_story(a, b) is same
    assert (group_stories([a, b]) == [0, 0]) is same


def test_a_quoted_remark_is_no_subject(nlp: NlpModels) -> None:
    key = story_key(title="«Это очень большой риск для всех»: посольство ответило", text="",
                    lang="ru", morph=nlp.morph_vocab)  # fmt: skip
    assert key.title_quoted == frozenset()  # more than MAX_QUOTED_WORDS words


POST = (
    "С 6 по 8 мая сотрудники Почты России доставят ветеранам персональные поздравления "
    "Президента с 75-летием Победы. Всего по стране почтальоны доставят миллион открыток."
)


@pytest.mark.parametrize(
    ("second_region", "second_text", "same"),
    [
        ("Тульская область", POST, False),  # the same campaign, another region
        ("Тверская область", POST, True),
        # the other article names this one's region: no evidence of two places
        ("Тульская область", POST + " Тверская и Тульская области начали первыми.", True),
        ("Тула", POST, True),  # a city against a region: kinds differ, nothing against
    ],
)
def test_reports_from_two_regions_of_one_kind_are_different_stories(
    nlp: NlpModels, second_region: str, second_text: str, same: bool
) -> None:
    a = story_key(title="Почтальоны доставят поздравления Президента ветеранам", text=POST,
                  lang="ru", names=["Почта России", "Тверская область"],
                  morph=nlp.morph_vocab)  # fmt: skip
    b = story_key(title="Ветераны получат открытки от Президента", text=second_text,
                  lang="ru", names=["Почта России", second_region],
                  morph=nlp.morph_vocab)  # fmt: skip
    assert similarity(a, b) > SAME_STORY_THRESHOLD
    assert different_regions(a, b) is not same
    assert conflicting(a, b) is not same
    assert same_story(a, b) is same


STRICTLY = (
    "Strictly Come Dancing star Mike Bushell and his partner Katya Jones were voted off the "
    "BBC show on Sunday night after the judges saved Michelle Visage and Giovanni Pernice."
)


@pytest.mark.parametrize(
    ("second_title", "same"),
    [
        # the same people, another event: nothing the headlines say happened is shared
        ("Katya Jones admits there were hard days after split from husband Neil", False),
        ("Katya Jones admits hard days after Mike Bushell voted off", True),
        ("Katya Jones and Mike Bushell", True),  # names only: nothing said against
    ],
)
def test_articles_sharing_only_their_actors_are_different_stories(
    nlp: NlpModels, second_title: str, same: bool
) -> None:
    names = ["Mike Bushell", "Katya Jones", "Michelle Visage", "Giovanni Pernice"]
    a = story_key(title="Mike Bushell booted off Strictly after showdown", text=STRICTLY,
                  lang="en", names=names, morph=nlp.morph_vocab)  # fmt: skip
    b = story_key(title=second_title, text=STRICTLY, lang="en", names=names,
                  morph=nlp.morph_vocab)  # fmt: skip
    assert similarity(a, b) > SAME_STORY_THRESHOLD
    assert actors_only(a, b) is not same
    assert same_story(a, b) is same
    assert (group_stories([a, b, a]) == [0, 0, 0]) is same


def test_actors_only_is_judged_within_one_language(nlp: NlpModels) -> None:
    names = ["Mike Bushell", "Katya Jones"]
    en = story_key(title="Mike Bushell booted off Strictly after showdown", text=STRICTLY,
                   lang="en", names=names, morph=nlp.morph_vocab)  # fmt: skip
    ru = story_key(title="Майка Бушелла исключили из шоу", text="Mike Bushell, Katya Jones.",
                   lang="ru", names=names, morph=nlp.morph_vocab)  # fmt: skip
    assert en.title_events and ru.title_events  # words of two languages never meet
    assert not actors_only(en, ru)
    assert actors_only(en, dataclasses.replace(ru, lang="en"))


@pytest.mark.parametrize(
    ("text", "lang", "kept", "dropped"),
    [
        ("The third episode airs on Sunday! ALSO READ: PODCAST | Marais on her steamy role",
         "en", "episod", "steami"),
        ("Депутаты обсудили бюджет. Читайте также: Нацсовет назначил проверку\nБюджет принят.",
         "ru", "бюджет", "нацсовет"),
        ("Министр высказался по теме: проверка назначена.", "ru", "проверка", None),
    ],
)  # fmt: skip
def test_links_to_other_articles_lend_no_words(
    nlp: NlpModels, text: str, lang: str, kept: str, dropped: str | None
) -> None:
    key = story_key(title=None, text=text, lang=lang, morph=nlp.morph_vocab)
    assert kept in key.weights
    assert kept in key.body
    if dropped is not None:  # a label opening a sentence; «по теме:» mid-sentence is kept
        assert dropped not in key.weights
        assert dropped not in key.body


def test_days_are_read_from_headline_and_lead_not_relative_words(nlp: NlpModels) -> None:
    key = story_key(
        title="Встреча 8 ноября перенесена",
        text="Вчера стороны договорились встретиться 12.11.2019 в Минске.",
        lang="ru",
        morph=nlp.morph_vocab,
        published=date(2019, 11, 7),
    )
    assert key.title_days == {"11-08"}
    assert key.days == {"11-08", "11-12"}  # «вчера» is no calendar day of the story
    assert story_key(title="Встреча 8 ноября", text="", lang="ru").title_days == set()


def test_summary_names_weigh_as_names_and_lead_is_cut_by_characters(nlp: NlpModels) -> None:
    text = "в переговорах участвовал глава мид лавров. " + "фон " * 300 + "санкции"
    named = story_key(title=None, text=text, lang="ru", names=["Сергей Лавров"],
                      morph=nlp.morph_vocab)  # fmt: skip
    assert named.weights["лавров"] == NAME_WEIGHT
    assert "санкция" not in named.weights  # past LEAD_CHARS
    assert len(text) > LEAD_CHARS


def test_body_reads_past_the_lead(nlp: NlpModels) -> None:
    text = "в переговорах участвовал глава мид лавров. " + "фон " * 300 + "санкции"
    key = story_key(title="Переговоры", text=text, lang="ru", morph=nlp.morph_vocab)
    assert "санкция" in key.body
    assert "санкция" not in key.weights
    assert key.body["переговоры"] == BODY_TITLE_WEIGHT  # in the title only
    assert key.body_norm > 0


def test_bodies_alone_never_make_one_story() -> None:
    # Alike bodies under unlike leads: similar by the mean, yet below the lead floor.
    a = StoryKey(weights={"a": 1.0}, norm=1.0, lang="ru", body={"x": 1.0}, body_norm=1.0)
    b = StoryKey(weights={"b": 1.0}, norm=1.0, lang="ru", body={"x": 1.0}, body_norm=1.0)
    assert similarity(a, b) == pytest.approx(LEAD_SHARE)
    assert similarity(a, b) >= SAME_STORY_THRESHOLD
    assert lead_similarity(a, b) < LEAD_FLOOR
    assert not same_story(a, b)
    assert group_stories([a, b]) == [0, 1]
    # With leads alike past the floor, the bodies count.
    c = StoryKey(weights={"a": 1.0}, norm=1.0, lang="ru", body={"y": 1.0}, body_norm=1.0)
    assert similarity(a, c) == pytest.approx(LEAD_SHARE)
    assert same_story(a, c)
    assert group_stories([a, b, c]) == [0, 1, 0]


def test_large_sets_take_the_dict_path_with_the_same_result(
    nlp: NlpModels, monkeypatch: pytest.MonkeyPatch
) -> None:
    articles = [
        (RU_MEETING_A, "ru"),
        (EN_FESTIVAL_A, "en"),
        (RU_OTHER_LAVROV, "ru"),
        (RU_MEETING_B, "ru"),
        (EN_FESTIVAL_B, "en"),
        (EN_OTHER_FESTIVAL, "en"),
    ]
    keys = [_key(article, lang, nlp) for article, lang in articles] * 2
    dense = pairwise_similarities(keys)
    monkeypatch.setattr(stories, "DENSE_PAIRS_MAX", 0)
    sparse = pairwise_similarities(keys)
    assert dense.keys() == sparse.keys() != set()
    assert all(dense[p] == pytest.approx(sparse[p]) for p in dense)
    assert group_stories(keys) == [0, 1, 2, 0, 1, 3] * 2
