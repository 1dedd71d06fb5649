"""Quotes and speakers: direct and reported speech, Russian and English (tables)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.analysis.entities import find_mentions
from bot.analysis.models import NlpModels
from bot.analysis.quotes import find_quotes
from bot.analysis.sentences import split_sentences
from bot.analysis.summarize import _order_quotes
from bot.models import Quote

# (quoted words that the quote contains, speaker or None, direct)
Expected = tuple[str, str | None, bool]
Case = tuple[str, list[Expected]]


def quotes_of(text: str, lang: str, nlp: NlpModels) -> list[Quote]:
    sentences = split_sentences(text, lang, nlp)
    mentions = find_mentions(text, lang, nlp)
    return find_quotes(text, sentences, mentions, lang, nlp)


def check(text: str, lang: str, nlp: NlpModels, expected: list[Expected]) -> list[Quote]:
    quotes = quotes_of(text, lang, nlp)
    for fragment, speaker, direct in expected:
        found = [q for q in quotes if fragment in " ".join(q.text.split())]
        assert found, f"no quote with {fragment!r} in {quotes}"
        q = found[0]
        assert (q.speaker, q.direct) == (speaker, direct), q
    return quotes


RU_DIRECT: list[Case] = [
    (
        "Сергей Лавров провел переговоры.\n\n«Мы готовы к диалогу», — сказал Лавров.",
        [("Мы готовы к диалогу", "Сергей Лавров", True)],
    ),
    (
        "Министр финансов Антон Силуанов заявил: «Бюджет будет исполнен в полном объеме».",
        [("Бюджет будет исполнен", "Антон Силуанов", True)],
    ),
    (
        "«Мы не планируем повышать налоги, — отметил Антон Силуанов, — но расходы придется "
        "сократить».",
        [
            ("Мы не планируем", "Антон Силуанов", True),
            ("расходы придется", "Антон Силуанов", True),
        ],
    ),
    (
        "«Мы долго готовились к этому матчу и знали сильные стороны соперника.\n\n"
        "«Победа далась нам тяжело», — рассказала тренер команды Ольга Кузнецова.",
        [
            ("Мы долго готовились", "Ольга Кузнецова", True),
            ("Победа далась нам тяжело", "Ольга Кузнецова", True),
        ],
    ),
    (
        "«Компания „Северсталь“ выполнила план», — сообщил директор завода Игорь Сидоров.",
        [("выполнила план", "Игорь Сидоров", True)],
    ),
    (
        '"Это окончательное решение", - заявил губернатор Александр Беглов.',
        [("Это окончательное решение", "Александр Беглов", True)],
    ),
    (
        "«Работа продолжится», — сообщил в среду журналистам мэр Москвы Сергей Собянин.",
        [("Работа продолжится", "Сергей Собянин", True)],
    ),
    (
        "«Ситуация полностью под контролем», — заявили в пресс-службе компании.",
        [("Ситуация полностью под контролем", "пресс-служба компании", True)],
    ),
    (
        "Мария Захарова выступила в четверг.\n\n«Мы ждем ответа от Вашингтона», — "
        "написала она в своем канале.",
        [("Мы ждем ответа", "Мария Захарова", True)],
    ),
    (
        "Следователь сказал: «Дело будет передано в суд в ближайшее время».",
        [("Дело будет передано", "следователь", True)],
    ),
    (
        "«Я не позволю сорвать переговоры», — с усмешкой бросил в ответ министр.",
        [("сорвать переговоры", "министр", True)],
    ),
]

RU_REPORTED: list[Case] = [
    (
        "Президент Франции Эмманюэль Макрон заявил, что Европа должна усилить оборону.",
        [("Европа должна усилить оборону", "Эмманюэль Макрон", False)],
    ),
    (
        "По словам Дмитрия Пескова, Кремль не получал такого предложения.",
        [("Кремль не получал такого предложения", "Дмитрий Песков", False)],
    ),
    (
        "Как сообщил глава Минздрава Михаил Мурашко, число случаев заболевания снизилось.",
        [("число случаев заболевания снизилось", "Михаил Мурашко", False)],
    ),
    (
        "В МИД РФ сообщили, что посол был вызван для беседы.",
        [("посол был вызван для беседы", "МИД РФ", False)],
    ),
    (
        "Эльвира Набиуллина выступила на пресс-конференции. По ее словам, решение было "
        "принято единогласно. Она добавила, что ставка останется неизменной до осени.",
        [
            ("решение было принято единогласно", "Эльвира Набиуллина", False),
            ("ставка останется неизменной", "Эльвира Набиуллина", False),
        ],
    ),
    (
        "Анна Смирнова ответила на вопросы депутатов. Иван Петров в это время молчал. "
        "Она сказала, что реформа начнется весной.",
        [("реформа начнется весной", "Анна Смирнова", False)],
    ),
    (
        "Эксперты считают, что цены на жилье продолжат расти.",
        [("цены на жилье продолжат расти", "эксперты", False)],
    ),
    (
        "Дональд Трамп прилетел в Эр-Рияд. Трамп уверен, что сделка будет заключена до конца "
        "года.",
        [("сделка будет заключена", "Дональд Трамп", False)],
    ),
    (
        "Инфляция в мае замедлилась до пяти процентов, сообщил Росстат.",
        [("Инфляция в мае замедлилась", "Росстат", False)],
    ),
    (
        "Эта тенденция, говорят аналитики, сохранится и в следующем году.",
        [("Эта тенденция", "аналитики", False)],
    ),
    (
        "Студент Артем, пришедший на встречу с друзьями, говорит, что такие новости "
        "распространяются очень быстро.",
        [("такие новости распространяются", "Артем", False)],
    ),
]

EN_DIRECT: list[Case] = [
    (
        "Joe Biden spoke in Ohio.\n\n“We will not back down,” Biden said.",
        [("We will not back down", "Joe Biden", True)],
    ),
    (
        'Secretary of State Antony Blinken said: "The talks were productive and honest."',
        [("The talks were productive", "Antony Blinken", True)],
    ),
    (
        "“The economy is strong,” said Janet Yellen, the Treasury secretary, “but risks remain.”",
        [
            ("The economy is strong", "Janet Yellen", True),
            ("but risks remain", "Janet Yellen", True),
        ],
    ),
    (
        "Senator Elizabeth Warren spoke on Tuesday.\n\n“I’m not going anywhere,” she told "
        "reporters.",
        [("I’m not going anywhere", "Elizabeth Warren", True)],
    ),
    (
        "‘We have a plan and we will deliver it,’ the minister said.",
        [("We have a plan", "the minister", True)],
    ),
    (
        "Mayor Eric Adams opened the school.\n\n“First paragraph of the statement goes on.\n\n"
        "“Second paragraph ends here,” Adams said.",
        [
            ("First paragraph of the statement", "Eric Adams", True),
            ("Second paragraph ends here", "Eric Adams", True),
        ],
    ),
    (
        '"This is a historic day for our country," said Prime Minister Keir Starmer.',
        [("This is a historic day", "Keir Starmer", True)],
    ),
    (
        "Donald Trump wrote on Truth Social:\n\n“We will win this election big.”",
        [("We will win this election big", "Donald Trump", True)],
    ),
    (
        "''It's a very good deal,'' Mr. Sanders said. ''We should take it.''",
        [("It's a very good deal", "Sanders", True), ("We should take it", "Sanders", True)],
    ),
]

EN_REPORTED: list[Case] = [
    (
        "The ministry said the talks had failed after three days.",
        [("the talks had failed", "the ministry", False)],
    ),
    (
        "According to the World Health Organization, cases rose by ten percent last week.",
        [("cases rose by ten percent", "World Health Organization", False)],
    ),
    (
        "The company will cut 500 jobs in Texas, a spokesman said.",
        [("The company will cut 500 jobs", "a spokesman", False)],
    ),
    (
        "Mayor Eric Adams told reporters that the city would hire more teachers. He added "
        "that the budget was balanced.",
        [
            ("the city would hire more teachers", "Eric Adams", False),
            ("the budget was balanced", "Eric Adams", False),
        ],
    ),
    (
        "Police say the suspect fled on foot after the robbery.",
        [("the suspect fled on foot", "Police", False)],
    ),
    (
        "Senator Elizabeth Warren spoke on Sunday. Warren told CNN that the bill would pass.",
        [("the bill would pass", "Elizabeth Warren", False)],
    ),
    (
        "Angela Merkel warned that the crisis was far from over.",
        [("the crisis was far from over", "Angela Merkel", False)],
    ),
]


def ids(prefix: str, cases: list[Case]) -> list[str]:
    return [f"{prefix}{i:02d}" for i in range(len(cases))]


@pytest.mark.parametrize(("text", "expected"), RU_DIRECT, ids=ids("ru-direct-", RU_DIRECT))
def test_russian_direct_quotes(nlp: NlpModels, text: str, expected: list[Expected]) -> None:
    check(text, "ru", nlp, expected)


@pytest.mark.parametrize(("text", "expected"), RU_REPORTED, ids=ids("ru-reported-", RU_REPORTED))
def test_russian_reported_speech(nlp: NlpModels, text: str, expected: list[Expected]) -> None:
    check(text, "ru", nlp, expected)


@pytest.mark.parametrize(("text", "expected"), EN_DIRECT, ids=ids("en-direct-", EN_DIRECT))
def test_english_direct_quotes(nlp: NlpModels, text: str, expected: list[Expected]) -> None:
    check(text, "en", nlp, expected)


@pytest.mark.parametrize(("text", "expected"), EN_REPORTED, ids=ids("en-reported-", EN_REPORTED))
def test_english_reported_speech(nlp: NlpModels, text: str, expected: list[Expected]) -> None:
    check(text, "en", nlp, expected)


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Стороны обсуждали «урегулирование вокруг Украины» и другие вопросы.", "ru"),
        ("Фильм «Война и мир» вышел в прокат в пятницу.", "ru"),
        ("Компания «Ромашка» открыла новый завод в Туле.", "ru"),
        ("Он рассказал о поездке.", "ru"),
        ('She starred in "The Crown" last year.', "en"),
        ("The senator called the plan “a disaster” and left the room.", "en"),
        ("He declined to say where he was going.", "en"),
        ("The state report was published on Monday.", "en"),
    ],
)
def test_no_quote(nlp: NlpModels, text: str, lang: str) -> None:
    assert quotes_of(text, lang, nlp) == []


@pytest.mark.parametrize(
    ("text", "lang", "fragment"),
    [
        ("«Мы будем бороться до конца и не отступим ни на шаг».", "ru", "Мы будем бороться"),
        ("“This is a moment for the history books, and we will remember it.”", "en", "moment"),
    ],
)
def test_unattributed_quote_has_no_speaker(
    nlp: NlpModels, text: str, lang: str, fragment: str
) -> None:
    (q,) = quotes_of(text, lang, nlp)
    assert fragment in q.text
    assert q.direct
    assert q.speaker is None
    assert q.speaker_start is None


@pytest.mark.parametrize(
    ("text", "lang", "speaker_words"),
    [
        ("«Мы готовы», — сказал глава МИД Сергей Лавров.", "ru", "Сергей Лавров"),
        ("В МИД РФ рассказали, что встреча прошла успешно.", "ru", "МИД РФ"),
        ("По его словам, решение уже принято.", "ru", "его"),
        ("“We are ready,” he said.", "en", "he"),
        ("“We are ready,” said Rep. John Smith (R-Ohio).", "en", "John Smith"),
    ],
)
def test_speaker_offsets_name_the_words(
    nlp: NlpModels, text: str, lang: str, speaker_words: str
) -> None:
    (q,) = quotes_of(text, lang, nlp)
    assert q.speaker_start is not None
    assert q.speaker_end is not None
    assert text[q.speaker_start : q.speaker_end] == speaker_words


def test_quote_text_is_a_slice_in_text_order(nlp: NlpModels) -> None:
    text = (
        "«Первая цитата здесь», — сказал Иван Петров. Петров добавил, что работа идет. "
        "«Вторая цитата тоже здесь», — заметила Анна Смирнова."
    )
    quotes = quotes_of(text, "ru", nlp)
    assert [q.start for q in quotes] == sorted(q.start for q in quotes)
    for q in quotes:
        assert text[q.start : q.end] == q.text
    assert [q.speaker for q in quotes] == ["Иван Петров", "Иван Петров", "Анна Смирнова"]


def test_example_page(nlp: NlpModels, data_dir: Path) -> None:
    text = (data_dir / "zerkalo-rubio-lavrov.txt").read_text(encoding="utf-8")
    text = text[text.index("Госсекретарь США") :]
    quotes = check(
        text,
        "ru",
        nlp,
        [
            ("Мы остаемся вовлеченными в процесс", "Марко Рубио", True),
            ("проведена обстоятельная сверка часов", "МИД РФ", True),
            ("Дональд Трамп разочарован", "Марко Рубио", False),
            ("Соединенные Штаты сейчас ожидают", "Марко Рубио", False),
        ],
    )
    ministry = next(q for q in quotes if "сверка часов" in q.text)
    assert ministry.speaker_start is not None
    assert text[ministry.speaker_start : ministry.speaker_end].split() == ["МИД", "РФ"]
    assert ministry.text.startswith("проведена")
    assert ministry.text.endswith(
        "в\xa0мире"
    )  # the next sentence's quoted phrase is not part of it
    assert not any("урегулирование вокруг Украины" in q.text and q.speaker is None for q in quotes)


def test_empty_text(nlp: NlpModels) -> None:
    assert find_quotes("", [], [], "ru", nlp) == []
    assert find_quotes("   \n", [], [], "en", nlp) == []


def test_the_same_statement_is_listed_once() -> None:
    said = Quote("Мы готовы к диалогу", True, 10, 29, "Дмитрий Песков", 0, 6)
    again = Quote("мы  готовы к диалогу", True, 200, 219, "Кремль", 180, 186)
    inside = Quote("готовы к диалогу", False, 13, 29, "Кремль", 40, 46)
    other = Quote("Решение принято", True, 300, 315, "Кремль", 280, 286)
    assert _order_quotes([said, again, inside, other], [], None) == [said, other]


def test_second_hand_speech_is_the_statement_of_who_reports_it() -> None:
    outer = Quote("Mr Mugabe had told Zuma that he was fine", False, 18, 58, "South Africa", 0, 12)
    inner = Quote("he was fine", False, 47, 58, "Robert Mugabe", 21, 27)
    assert _order_quotes([outer, inner], [], None) == [outer]


def test_a_direct_quote_inside_reported_speech_is_kept() -> None:
    outer = Quote("he said “we will appeal” on Monday", False, 10, 44, "Jane Roe", 0, 8)
    inner = Quote("we will appeal", True, 19, 33, "Jane Roe", 0, 8)
    assert inner in _order_quotes([outer, inner], [], None)
