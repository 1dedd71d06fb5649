"""natasha's Russian spans brought to factRuEval's conventions: one table row per rule case.

Each row gives a sentence, the spans natasha might return for it (surface strings, found
left to right, none inside another) and the spans expected after ``refine_ru_spans``, so
that every rule is tested on its own input whatever natasha's model does. A second table
runs natasha itself.
"""

from __future__ import annotations

import pytest

from bot.analysis.entities import find_mentions
from bot.analysis.models import NlpModels
from bot.analysis.ru_spans import RULES, refine_ru_spans

Surface = tuple[str, str]


def _locate(text: str, surfaces: list[Surface]) -> list[tuple[int, int, str]]:
    """Character spans of ``surfaces``, each searched after the previous one."""
    spans = []
    pos = 0
    for surface, kind in surfaces:
        start = text.index(surface, pos)
        spans.append((start, start + len(surface), kind))
        pos = start + len(surface)
    return spans


CASES: list[tuple[str, str, list[Surface], list[Surface]]] = [
    # split_brackets: an alias in brackets is a mention of its own, for every type
    ("split_brackets",
     "Об этом сообщил Союз независимых издателей (СНИ) в среду.",
     [("Союз независимых издателей (СНИ)", "ORG")],
     [("Союз независимых издателей", "ORG"), ("СНИ", "ORG")]),
    ("split_brackets",
     "Интервью дал Джон Смит (John Smith) из Лондона.",
     [("Джон Смит (John Smith)", "PER"), ("Лондона", "LOC")],
     [("Джон Смит", "PER"), ("John Smith", "PER"), ("Лондона", "LOC")]),
    ("split_brackets",
     "Делегация ОДКБ (Организации Договора о коллективной безопасности) прибыла в Ереван.",
     [("ОДКБ (", "ORG"), ("Ереван", "LOC")],
     [("ОДКБ", "ORG"), ("Ереван", "LOC")]),
    ("split_brackets",
     "Газета «Вечерний курьер» (Evening Courier) вышла в понедельник.",
     [("Вечерний курьер» (Evening Courier", "ORG")],
     [("Вечерний курьер", "ORG"), ("Evening Courier", "ORG")]),
    ("split_brackets",
     "Интервью Русской службе «Радио Балтики» дал министр.",
     [("Русской службе «Радио Балтики", "ORG")],
     [("Русской службе", "ORG"), ("Радио Балтики", "ORG")]),
    ("split_brackets",
     "Счёт открыл Петров, 5 минут спустя ответили гости.",
     [("Петров", "PER"), ("5", "ORG")],
     [("Петров", "PER")]),
    # strip_legal_forms: the name in quotes, without its legal form or kind
    ("strip_legal_forms",
     "Глава ОАО «Северсталь» Алексей Мордашов приехал в Череповец.",
     [("ОАО «Северсталь»", "ORG"), ("Алексей Мордашов", "PER"), ("Череповец", "LOC")],
     [("Северсталь", "ORG"), ("Алексей Мордашов", "PER"), ("Череповец", "LOC")]),
    ("strip_legal_forms",
     "Как сообщает РИА «Восток-Медиа», рейс отменён.",
     [("РИА «Восток-Медиа»", "ORG")],
     [("Восток-Медиа", "ORG")]),
    ("strip_legal_forms",
     "Автомобильный концерн «Лада» сократил выпуск.",
     [("Автомобильный концерн «Лада»", "ORG")],
     [("Лада", "ORG")]),
    ("strip_legal_forms",
     "Об этом сообщает ИА NewsWire.",
     [("ИА NewsWire", "ORG")],
     [("NewsWire", "ORG")]),
    ("strip_legal_forms",  # no quotes, no Latin script: the whole name stays
     "Промышленный банк Сибири открыл отделение.",
     [("Промышленный банк Сибири", "ORG")],
     [("Промышленный банк Сибири", "ORG")]),
    # retype_known: the European Union is an organisation, in every case form
    ("retype_known",
     "Решение поддержали в Евросоюзе, а Европейский союз выделит деньги.",
     [("Евросоюзе", "LOC"), ("Европейский союз", "LOC")],
     [("Евросоюзе", "ORG"), ("Европейский союз", "ORG")]),
    ("retype_known",
     "Страны ЕС и Европа в целом ждут решения.",
     [("ЕС", "LOC"), ("Европа", "LOC")],
     [("ЕС", "ORG"), ("Европа", "LOC")]),
    # drop_non_names: «СМИ» and a lone legal form name no organisation
    ("drop_non_names",
     "По данным СМИ, ЗАО отказалось от сделки.",
     [("СМИ", "ORG"), ("ЗАО", "ORG")],
     []),
    # strip_leading_person_noun: people of an organisation are not part of its name
    ("strip_leading_person_noun",
     "Исследователи Уральского федерального университета открыли минерал.",
     [("Исследователи Уральского федерального университета", "ORG")],
     [("Уральского федерального университета", "ORG")]),
    ("strip_leading_person_noun",
     "Замглавы ведомства подал в отставку.",
     [("Замглавы", "ORG")],
     []),
    ("strip_leading_person_noun",  # an acronym is no common noun
     "Представители ФИФА прилетели в Москву.",
     [("ФИФА", "ORG"), ("Москву", "LOC")],
     [("ФИФА", "ORG"), ("Москву", "LOC")]),
    # retype_facilities: a facility's name is a place
    ("retype_facilities",
     "Самолёт приземлился в аэропорту «Пулково».",
     [("Пулково", "ORG")],
     [("Пулково", "LOC")]),
    ("retype_facilities",
     "Концерт прошёл во Дворце спорта.",
     [("Дворце спорта", "ORG")],
     [("Дворце спорта", "LOC")]),
    # drop_vehicles: a ship or a space station, and its later mentions
    ("drop_vehicles",
     "Крейсер «Аврора» стоит у набережной. На борту «Авроры» открыт музей.",
     [("Авроры", "ORG")],
     []),
    ("drop_vehicles",
     "Экипаж станции «Мир» вернулся на Землю.",
     [("Мир", "ORG"), ("Землю", "LOC")],
     [("Землю", "LOC")]),
    ("drop_vehicles",  # a genitive after «станция» is its owner, an organisation
     "Ниже по реке находится станция «Мосводоканала».",
     [("Мосводоканала", "ORG")],
     [("Мосводоканала", "ORG")]),
    # add_names_after_kind: a quoted name after a kind of organisation
    ("add_names_after_kind",
     "Лидер партии «Зелёная волна» выступил на митинге.",
     [],
     [("Зелёная волна", "ORG")]),
    ("add_names_after_kind",
     "Дети занимаются в центре «Радуга».",
     [("Радуга", "LOC")],
     [("Радуга", "ORG")]),
    ("add_names_after_kind",  # a genitive name is no apposition of the kind
     "Акции оператора «Северного пути» подорожали.",
     [],
     []),
    # add_parenthesised: an alias in brackets after a mention
    ("add_parenthesised",
     "Концерн «Шкода» (Skoda) открыл завод.",
     [("Шкода", "ORG")],
     [("Шкода", "ORG"), ("Skoda", "ORG")]),
    ("add_parenthesised",
     "Всемирная организация здравоохранения (ВОЗ) (World Health Organization) предупредила.",
     [("Всемирная организация здравоохранения", "ORG")],
     [("Всемирная организация здравоохранения", "ORG"), ("ВОЗ", "ORG"),
      ("World Health Organization", "ORG")]),
    ("add_parenthesised",  # a person's organisation in brackets is no alias of the person
     "Выступил архиепископ Иван Петров (РПЦ).",
     [("Иван Петров", "PER")],
     [("Иван Петров", "PER")]),
    ("add_parenthesised",  # one word after a two-word name is no alias but a topic
     "Условия выхода из Европейского союза (Brexit) обсудили в Лондоне.",
     [("Европейского союза", "ORG"), ("Лондоне", "LOC")],
     [("Европейского союза", "ORG"), ("Лондоне", "LOC")]),
    ("add_parenthesised",  # an event held in a place is no alias of the place
     "Министр выступил в Варшаве (Warsaw Security Forum) во вторник.",
     [("Варшаве", "LOC")],
     [("Варшаве", "LOC")]),
    ("add_parenthesised",  # what an acronym stands for
     "Об этом сообщил КЗЖ (Committee to Protect Journalists) в среду.",
     [("КЗЖ", "ORG")],
     [("КЗЖ", "ORG"), ("Committee to Protect Journalists", "ORG")]),
    # retype_after_kind: a one-word foreign «person» after a kind of organisation
    ("retype_after_kind",
     "Команда Рено подала протест.",
     [("Рено", "PER")],
     [("Рено", "ORG")]),
    ("retype_after_kind",
     "Об этом сказал глава компании Алексей Миллер.",
     [("Алексей Миллер", "PER")],
     [("Алексей Миллер", "PER")]),
    # propagate_names: the other case forms of a name tagged once
    ("propagate_names",
     "Корреспондент «Голоса Сибири» взял интервью. Голос Сибири: что вы думаете?",
     [("Голоса Сибири", "ORG"), ("Сибири", "LOC")],
     [("Голоса Сибири", "ORG"), ("Голос Сибири", "ORG")]),
    ("propagate_names",
     "Компания Zelltec купила завод. Сделку Zelltec закрыла в мае.",
     [("Zelltec", "ORG")],
     [("Zelltec", "ORG"), ("Zelltec", "ORG")]),
    ("propagate_names",  # tagged once, left bare twice: the text does not take it for a name
     "Сторонники Brexit собрались в среду. Противники Brexit тоже. Итоги Brexit подведут.",
     [("Brexit", "ORG")],
     [("Brexit", "ORG")]),
    ("propagate_names",  # repeats in quotes count for the name
     "Группа «Телевизор» выступила. Песни «Телевизора» звучали. Альбом «Телевизора» вышел.",
     [("Телевизор", "ORG")],
     [("Телевизор", "ORG"), ("Телевизора", "ORG"), ("Телевизора", "ORG")]),
    # extend_scope_adjective: the country of a body belongs to its name
    ("extend_scope_adjective",
     "Глава французского МИДа прилетел в Москву.",
     [("МИДа", "ORG"), ("Москву", "LOC")],
     [("французского МИДа", "ORG"), ("Москву", "LOC")]),
    ("extend_scope_adjective",
     "Санкции белорусского Минсельхоза ударят по экспорту.",
     [("Минсельхоза", "ORG")],
     [("белорусского Минсельхоза", "ORG")]),
    ("extend_scope_adjective",  # a company's own name stays as it is
     "Акции принадлежат российскому Газпрому.",
     [("Газпрому", "ORG")],
     [("Газпрому", "ORG")]),
    ("extend_scope_adjective",  # a qualitative adjective stays out
     "Большинство в новом Сейме получили консерваторы.",
     [("Сейме", "ORG")],
     [("Сейме", "ORG")]),
    # add_described_bodies: a ministry named by its country and field
    ("add_described_bodies",
     "Представитель канадского министерства финансов заявил о пошлинах.",
     [],
     [("канадского министерства финансов", "ORG")]),
    ("add_described_bodies",  # a periphrasis stays untagged
     "Об этом рассказали в российском внешнеполитическом ведомстве.",
     [],
     []),
]  # fmt: skip


@pytest.mark.parametrize(
    ("rule", "text", "natasha", "expected"),
    CASES,
    ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)],
)
def test_rule(
    nlp: NlpModels, rule: str, text: str, natasha: list[Surface], expected: list[Surface]
) -> None:
    refined = refine_ru_spans(text, _locate(text, natasha), nlp)
    assert [(text[s:e], t) for s, e, t in refined] == expected


def test_every_rule_has_a_case() -> None:
    assert {name for name, _ in RULES} <= {c[0] for c in CASES}


def test_nothing_in_nothing_out(nlp: NlpModels) -> None:
    assert refine_ru_spans("", [], nlp) == []
    assert refine_ru_spans("Просто текст без имён.", [], nlp) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Глава ОАО «Северсталь» Алексей Мордашов приехал в Череповец.",
         [("Северсталь", "ORG"), ("Алексей Мордашов", "PER"), ("Череповец", "LOC")]),
        ("Решение поддержали в Евросоюзе, а Европейский союз выделит деньги.",
         [("Евросоюзе", "ORG"), ("Европейский союз", "ORG")]),
        ("Об этом сообщила Ассоциация региональных банков (АРБ) в среду.",
         [("Ассоциация региональных банков", "ORG"), ("АРБ", "ORG")]),
        ("Глава французского МИДа прилетел в Москву.",
         [("французского МИДа", "ORG"), ("Москву", "LOC")]),
    ],
)  # fmt: skip
def test_with_natasha(nlp: NlpModels, text: str, expected: list[Surface]) -> None:
    mentions = find_mentions(text, "ru", nlp)
    assert [(m.text, m.type) for m in mentions] == expected
