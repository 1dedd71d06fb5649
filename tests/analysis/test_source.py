"""Source and datelines: agency marks, cited outlets, the page's publisher, proper-case places."""

from __future__ import annotations

from datetime import date

import pytest

from bot.analysis.models import NlpModels
from bot.analysis.source import (
    cited_outlets,
    copyright_holder,
    provenance,
    self_named_brand,
)
from bot.analysis.summarize import summarize
from bot.extraction.dateline import find_dateline, proper_case
from bot.models import Article, Mention


@pytest.mark.parametrize(
    ("text", "place", "month_day", "agency"),
    [
        ("ЛОНДОН, 9 августа. /ТАСС/. Британский премьер уехал.", "Лондон", (8, 9), "ТАСС"),
        ("МОСКВА, 10 авг - РИА Новости. Суд вынес решение.", "Москва", (8, 10), "РИА Новости"),
        ("Москва. 9 мая. INTERFAX.RU - Клуб победил.", "Москва", (5, 9), "Интерфакс"),
        ("Москва. 9 мая. INTERFAX.RU\n\nКлуб победил.", "Москва", (5, 9), "Интерфакс"),
        ("ТАСС, 11 августа. Число эвакуированных растет.", None, (8, 11), "ТАСС"),
        ("РОСТОВ-НА-ДОНУ, 5 мая. /ТАСС/. В городе...", "Ростов-на-Дону", (5, 5), "ТАСС"),
        ("WASHINGTON (Reuters) - The Senate voted.", "Washington", None, "Reuters"),
        ("LONDON, Aug 9 (Reuters) - Britain said.", "London", (8, 9), "Reuters"),
        ("BATON ROUGE, La. (AP) - Deep in the bayou.", "Baton Rouge", None, "AP"),
        ("(CNN) -- The official was talking.", None, None, "CNN"),
        ("WASHINGTON — The Senate voted on Tuesday.", "Washington", None, None),
        ("КРАСНОЯРСК, 3 марта. /Корр. ТАСС Иван Петров/. Снег выпал.", "Красноярск", (3, 3),
         "ТАСС"),
    ],
)  # fmt: skip
def test_dateline(
    text: str, place: str | None, month_day: tuple[int, int] | None, agency: str | None
) -> None:
    found = find_dateline(text)
    assert found is not None
    assert found.place == place
    assert ((found.month, found.day) if found.month else None) == month_day
    assert found.agency == agency


@pytest.mark.parametrize(
    "text",
    [
        "США - крупнейшая экономика мира.",
        "Президент США - Дональд Трамп.",
        "Вчера в Москве прошел митинг.",
        "Officials said (on Monday) that it was over.",
        "The mother of a woman who took pills has spoken.",
    ],
)
def test_no_dateline(text: str) -> None:
    assert find_dateline(text) is None


@pytest.mark.parametrize(
    ("name", "expected"),
    [("ЛОНДОН", "Лондон"), ("НЬЮ-ЙОРК", "Нью-Йорк"), ("RIO DE JANEIRO", "Rio de Janeiro"),
     ("УЛАН-УДЭ", "Улан-Удэ"), ("Нью-Йорк", "Нью-Йорк")],
)  # fmt: skip
def test_proper_case(name: str, expected: str) -> None:
    assert proper_case(name) == expected


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("Об этом в четверг сообщает ТАСС.", "ru", ["ТАСС"]),
        ("Об этом пишет «Вестник Урала».", "ru", ["Вестник Урала"]),
        ("Как сообщает агентство Синьхуа, погибли трое.", "ru", ["Синьхуа"]),
        ("Об этом сообщает Lenta.ru.", "ru", ["Lenta.ru"]),
        # a ministry or a press office is no outlet
        ("По данным МВД, задержаны двое. Об этом сообщает пресс-служба.", "ru", []),
        ("Решение принято, сообщает «Газпром».", "ru", []),
        ("The crash was confirmed, according to the AP.", "en", ["AP"]),
        ("He told the newspaper Daily Planet that he would stay.", "en", ["Daily Planet"]),
        ("The union (NLG) reported injuries, according to OSHA.", "en", []),
        # a head word alone is a common noun at the start of a sentence
        ("He was held. Media reports said he also beat a woman.", "en", []),
        ("He was held, KRGV News reports.", "en", ["KRGV News"]),
        # a credit line of its own names an outlet; a data source is none
        ("Суд вынес решение.\n\nИсточник: ТАСС", "ru", ["ТАСС"]),
        ("Суд вынес решение.\nИсточник: Росстат", "ru", []),
        ("Rates rose.\nSource: Congressional Budget Office", "en", []),
    ],
)  # fmt: skip
def test_cited_outlets(text: str, lang: str, expected: list[str]) -> None:
    assert [name for _at, name in cited_outlets(text, lang)] == expected


@pytest.mark.parametrize(
    ("page", "expected"),
    [
        ("Terms\nCopyright © 2022, Los Angeles Times | Terms of Service", "Los Angeles Times"),
        ("© АО «Коммерсантъ». 123112, Москва", "Коммерсантъ"),
        ("© 2019 Example News Ltd. All rights reserved.", "Example News"),
        # a domain in the name is kept whole
        ("© 1999–2020 ООО «Лента.Ру». Все права защищены.", "Лента.Ру"),
        # the innermost quoted name; an em dash in the years; the mark after "All rights"
        ("© АО «Издательский дом «Комсомольская правда»», 2024", "Комсомольская правда"),
        ("© 1995—2024 ООО «РБК»", "РБК"),
        ("Все права защищены © ТАСС 2024", "ТАСС"),
        # a photo credit inside a line is no copyright line
        ("Текст статьи.\nФото: © Иван Петров\nЕще текст.", None),
        ("<footer><p>© 2016 Example Post</p></footer>", "Example Post"),
        (
            "Copyright © 2019 Business Insider Deutschland / finanzen.net GmbH Alle Rechte",
            "Business Insider Deutschland",
        ),
        ("No footer here.", None),
    ],
)
def test_copyright_holder(page: str, expected: str | None) -> None:
    assert copyright_holder(page) == expected


def test_dateline_agency_before_publisher_before_cited() -> None:
    text = "MOSCOW (AP) — A cargo ship broke up, the Interfax news agency reported."
    got = provenance(text, "en", publisher="Yahoo News", published=date(2016, 12, 1))
    assert got.source == "AP"
    assert "Interfax" in got.outlets
    assert provenance("A ship broke up, Interfax reported.", "en").source == "Interfax"
    assert provenance("A ship broke up, Interfax reported.", "en", publisher="Slon").source == (
        "Slon"
    )


def test_dateline_year_comes_from_the_publication_date_or_not_at_all() -> None:
    text = "ТАСС, 11 августа. Число эвакуированных достигло тысячи."
    assert provenance(text, "ru", published=date(2019, 8, 12)).published == date(2019, 8, 11)
    assert provenance(text, "ru").published is None


def test_flattened_page_date_line_and_dateline_cut_by_the_cleaner() -> None:
    lead = "An unmanned cargo ship broke up over Siberia on Thursday."
    page = f"Menu\nNews\nBy Jane Doe\nDec. 1, 2016 9:03 AM\nMOSCOW (AP) — {lead}\nMore"
    got = provenance(lead, "en", page=page)
    assert got.source == "AP"
    assert got.published == date(2016, 12, 1)
    assert got.dateline is not None and got.dateline.place == "Moscow"


def test_summary_reads_the_dateline(nlp: NlpModels) -> None:
    text = (
        "ЛОНДОН, 9 августа. /ТАСС/. Премьер-министр Великобритании Борис Джонсон "
        "объявил о новых мерах поддержки экономики. Об этом он сообщил журналистам.\n\n"
        "Как передает ТАСС, меры вступят в силу в сентябре."
    )
    summary = summarize(Article(text=text, lang="ru", published=date(2019, 8, 9)), nlp)
    assert summary.source.name == "ТАСС"
    assert summary.when[0] == "2019-08-09"
    assert "Лондон" in summary.where
    assert "ЛОНДОН" not in summary.where
    assert all("ТАСС" not in e.name for e in summary.who)
    assert any(e.name == "Борис Джонсон" for e in summary.who)


def test_summary_without_year_leaves_no_date(nlp: NlpModels) -> None:
    text = "ТАСС, 11 августа. Пожарные эвакуировали жителей острова. Огонь охватил лес."
    summary = summarize(Article(text=text, lang="ru"), nlp)
    assert summary.source.name == "ТАСС"
    assert summary.when == ()


@pytest.mark.parametrize(
    ("page", "expected"),
    [
        ("More from WIRED\nStory\nMore From WIRED\n© 2023 Condé Nast. All rights reserved. "
         "WIRED may earn a portion of sales from products.", "WIRED"),
        ("Text.\nFollow ONE Esports on Facebook and Twitter for more news.\n"
         "Just a heads up, some of the links on ONE Esports are affiliate links.", "ONE Esports"),
        # one kind of self-reference is not enough: a section, an author's other stories
        ("More from Business\nStory text.", None),
        ("More from Jason Cipriani\nStory text.\nMore from Jason Cipriani", None),
        ("We may earn a commission.\nFollow We on Twitter.", None),
        ("About Houston Chronicle\nChron Shop\nContact Chron\nAbout Us", "Chron"),
        ("RT Shop\nSubscribe to RT for news.", "RT"),
        # an author box: follow, about, more from
        ("Follow Victor Davis Hanson on Twitter\nAbout Victor Davis Hanson\nContact Us", None),
        ("No self-references here.", None),
    ],
)  # fmt: skip
def test_self_named_brand(page: str, expected: str | None) -> None:
    assert self_named_brand(page) == expected


def test_the_brand_comes_before_its_owner() -> None:
    lead = "Palestinian residents have been locked in for days at a time."
    page = f"Menu\n{lead}\nMore from WIRED\nWIRED may earn a portion of sales.\n© 2023 Condé Nast."
    assert provenance(lead, "en", page=page).source == "WIRED"
    assert provenance(lead, "en", page=page, publisher="Wired UK").source == "Wired UK"
    assert provenance(lead, "en", page=f"{lead}\n© 2023 Condé Nast.").source == "Condé Nast"


def _org(text: str, name: str, normal: str) -> Mention:
    at = text.index(name)
    return Mention(at, at + len(name), "ORG", name, normal)


@pytest.mark.parametrize(
    ("text", "orgs", "expected"),
    [
        # an interview with an agency, credited in the lead
        ("Египет ждет туристов. Об этом заявил президент в интервью агентству ИТАР-ТАСС.\n"
         "Другой абзац.", [], "ИТАР-ТАСС"),
        # an outlet's finding, and a story of theirs named in an oblique case
        ("Военных наказывают за смартфоны, выяснила «Медуза», изучив решения судов.",
         [("Медуза", "Медуза")], "Медуза"),
        ("Бабарико оказался в СИЗО. Подробнее — в материале «Ленты.ру».",
         [("Ленты.ру", "Лента.ру")], "Лента.ру"),
        # told an outlet (dative): the outlet; a company speaking (nominative): no outlet
        ("Юрист сказал «Медузе», что суды правы.", [("Медузе", "Медуза")], "Медуза"),
        ("Решение принято, заявил «Газпром».", [("Газпром", "Газпром")], None),
        ("Суд вынес решение, сообщили РИА Новости в пресс-службе суда.", [], "РИА Новости"),
        # a quoted name no entity calls an organisation is no outlet (a law, a title)
        ("Поправки к закону внесены, как сказано в статье «О статусе военнослужащих».", [],
         None),
        ("Цены на газ на год вперед выяснила «Медуза».", [], None),
    ],
)  # fmt: skip
def test_outlets_credited_in_the_lead(
    text: str, orgs: list[tuple[str, str]], expected: str | None
) -> None:
    mentions = [_org(text, name, normal) for name, normal in orgs]
    assert provenance(text, "ru", mentions).source == expected


def test_an_interview_credited_further_down_is_no_source() -> None:
    text = (
        "Чемпион проведет защиту титула в Абу-Даби.\n"
        "«Конор может посетить поединок», — заявил Уайт в интервью «Спорт-Экспрессу».\n"
    )
    mentions = [_org(text, "Спорт-Экспрессу", "Спорт-Экспресс")]
    assert provenance(text, "ru", mentions).source is None
    told = "Детей доставили в больницу.\nКак сообщила изданию «Подъем» омбудсмен, дети здоровы."
    assert provenance(told, "ru").source is None
    assert provenance(told.replace("\n", " "), "ru").source == "Подъем"


def test_a_dateline_under_a_deck_or_a_byline() -> None:
    text = "В финале он сыграет с «Ливерпулем»\nМосква. 9 мая. INTERFAX.RU - Клуб победил."
    got = provenance(text, "ru")
    assert got.source == "Интерфакс"
    assert got.dateline is not None and got.dateline.place == "Москва"
    assert provenance("By Jane Doe\n\nLONDON (Reuters) - Britain said.", "en").source == (
        "Reuters"
    )
    # under a long paragraph, or deeper than the third, it is some other text's
    long = "Первый абзац длинного текста о событиях. " * 10 + "\nМОСКВА, 9 августа. /ТАСС/. Суд."
    assert provenance(long, "ru").dateline is None
    assert provenance("Раз.\nДва.\nТри.\nМОСКВА, 9 августа. /ТАСС/. Суд.", "ru").source is None
