"""Flattened page text to article text: kept and dropped lines, bad input."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from bot.extraction.boilerplate import (
    clean_extracted_text,
    clean_flat_text,
    is_boilerplate_line,
)

DATA = Path(__file__).resolve().parents[1] / "data"


def _read(name: str) -> str:
    return (DATA / name).read_text(encoding="utf-8")


def _paragraphs(text: str) -> list[str]:
    return text.split("\n\n") if text else []


# --- the real Russian paste (shared/examples) -------------------------------------------------

ZERKALO = _read("zerkalo-rubio-lavrov.txt")
ZERKALO_CLEAN = clean_flat_text(ZERKALO)

ZERKALO_PARAGRAPHS = [
    "Госсекретарь США Марко Рубио встретился с министром иностранных дел России Сергеем "
    "Лавровым в Куала-Лумпуре.",
    "Разговор политиков продолжался около 50 минут.",
    "В МИД РФ рассказали, в ходе встречи «проведена обстоятельная сверка часов",
    "«Подтвержден обоюдный настрой на поиск мирных развязок конфликтных ситуаций",
    "будет продолжен».",
    "Государственный секретарь США Марко Рубио по итогам встречи заявил",
    "ожидают от Москвы четких сигналов о готовности к конструктивному диалогу.",
    "«Мы остаемся вовлеченными в процесс",
]

ZERKALO_TRENDING = [
    "Главного балетмейстера минского Большого театра обвинили в плагиате",
    "Поезд Пинск-Минск застрял ночью под Дзержинском",
    "Марина Золотова опубликовала первый пост после освобождения",
    "Еще одна страна освобождает заключенных под давлением США",
    "Сережа договорился отрицательно",
    "Опоздали на работу из-за сильного снегопада",
    "Трамп поручил составить план вторжения в Гренландию",
    "Покупали колбасы Борисовского мясокомбината",
    "Эксперты объяснили, почему Россия ударила «Орешником» именно по Львову",
]


def test_zerkalo_starts_and_ends_with_the_article() -> None:
    assert ZERKALO_CLEAN.startswith("Госсекретарь США Марко Рубио встретился")
    assert ZERKALO_CLEAN.endswith("— сказал Рубио.")


@pytest.mark.parametrize("fragment", ZERKALO_PARAGRAPHS)
def test_zerkalo_keeps_every_paragraph(fragment: str) -> None:
    assert fragment in ZERKALO_CLEAN


@pytest.mark.parametrize("headline", ZERKALO_TRENDING)
def test_zerkalo_drops_trending_headlines(headline: str) -> None:
    assert headline not in ZERKALO_CLEAN


@pytest.mark.parametrize("line", ["Поддержать команду Зеркала", "Беларусы на войне"])
def test_zerkalo_drops_menu_lines(line: str) -> None:
    assert line not in ZERKALO_CLEAN


def test_zerkalo_drops_lone_slash() -> None:
    assert "/" not in _paragraphs(ZERKALO_CLEAN)
    assert "\n/\n" not in ZERKALO_CLEAN


def test_zerkalo_drops_photo_caption() -> None:
    caption = "Марко Рубио и Сергей Лавров. 10 июля 2025 года, Малайзия. Фото: МИД РФ"
    assert ZERKALO_CLEAN.count(caption) == 0
    assert "Фото:" not in ZERKALO_CLEAN


def test_zerkalo_paragraphs_are_verbatim_lines() -> None:
    # whitespace inside a line is normalised (the paste has no-break spaces), words are not
    source_lines = {" ".join(line.split()) for line in ZERKALO.splitlines()}
    for paragraph in _paragraphs(ZERKALO_CLEAN):
        assert paragraph in source_lines


# --- hand-made English page -------------------------------------------------------------------

EN_PAGE = _read("flat-en-news.txt")
EN_CLEAN = _paragraphs(clean_flat_text(EN_PAGE))


@pytest.mark.parametrize(
    ("line", "kept"),
    [
        ("Skip to main content", False),
        ("World", False),
        ("Menu", False),
        (
            "We use cookies to improve your experience on our site. By continuing to browse you "
            "agree to our use of cookies. Accept all",
            False,
        ),
        ("Trending", False),
        ("1. Prime minister faces confidence vote after budget defeat", False),
        ("5. Watch: the moment a whale surfaced next to a kayak", False),
        ("Harbour city approves plan to replace ageing ferry fleet", False),
        ("By Jane Porter, Transport correspondent", False),
        ("12 March 2024, 09:15 GMT", False),
        ("Share 12 Comments 3", False),
        (
            "The city council voted on Tuesday to replace its entire fleet of diesel ferries "
            "with electric vessels by 2030, ending a debate that has divided residents for more "
            "than two years.",
            True,
        ),
        (
            "The new ferries will be built by a local shipyard and will cost about £180m, "
            "according to council documents seen by reporters. Officials said running costs "
            "would fall by almost half once the fleet is complete.",
            True,
        ),
        ("The first ferry is due to enter service in 2026. Photo: Reuters/Alan Smith", False),
        (
            '"This is the biggest investment in public transport the harbour has seen in a '
            'generation," council leader Maria Lopez said after the vote.',
            True,
        ),
        (
            "Opposition members argued that the money would be better spent on repairing the "
            "existing piers, several of which have been closed for safety reasons since last "
            "winter.",
            True,
        ),
        ("Read more: Ferry passengers stranded after engine fault", False),
        (
            "Passenger groups welcomed the decision but asked the council to keep fares at their "
            "current level while the new boats are introduced.",
            True,
        ),
        ("Subscribe to our newsletter", False),
        ("Get the day's top stories in your inbox every morning.", False),
        ("Related Topics", False),
        ("Flood defences to be reviewed after record rainfall", False),
        ("Privacy policy", False),
        ("© 2024 Harbour News Ltd. All rights reserved.", False),
    ],
)
def test_english_page_lines(line: str, kept: bool) -> None:
    assert line in EN_PAGE  # the table describes the fixture
    assert (line in EN_CLEAN) is kept


def test_english_page_keeps_article_order() -> None:
    assert EN_CLEAN[0].startswith("The city council voted")
    assert EN_CLEAN[-1].startswith("Passenger groups welcomed")


# --- hand-made Russian page -------------------------------------------------------------------

RU_PAGE = _read("flat-ru-news.txt")
RU_CLEAN = _paragraphs(clean_flat_text(RU_PAGE))


@pytest.mark.parametrize(
    ("start", "kept"),
    [
        ("Главная", False),
        ("Мы используем файлы cookie", False),
        ("Самое читаемое", False),
        ("1. В Минске подорожает проезд", False),
        ("Парламент одобрил закон", False),
        ("Автор: Анна Ковалева", False),
        ("10 июля 2025, 14:32", False),
        ("Поделиться", False),
        ("Депутаты во втором чтении приняли закон", True),
        ("По оценке министерства финансов", True),
        ("Школьники в столовой одной из школ. Фото: Reuters", False),
        ("«Это решение, которого родители ждали много лет»", True),
        ("Читайте также: Учителя получат прибавку", False),
        ("Против закона выступили несколько депутатов", True),
        ("Подписывайтесь на наш Telegram-канал", False),
        ("Комментарии (12)", False),
        ("Иван: Давно пора было это сделать!", False),
        ("© 2025 Новости региона", False),
    ],
)
def test_russian_page_lines(start: str, kept: bool) -> None:
    assert start in RU_PAGE
    assert any(p.startswith(start) for p in RU_CLEAN) is kept


# --- single lines -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "boilerplate"),
    [
        ("Photo: Reuters/Alan Smith", True),
        ("Фото: МИД РФ", True),
        ("Foto: dpa", True),
        ("Марко Рубио и Сергей Лавров. 10 июля 2025 года, Малайзия. Фото: МИД РФ", True),
        ("Image caption, People queue outside the station", True),
        ("Getty Images", True),
        ("REUTERS/Evelyn Hockstein", True),
        ("Share 12 Comments 3", True),
        ("Поделиться", True),
        ("Subscribe to our newsletter", True),
        ("Подпишитесь на нашу рассылку", True),
        ("Newsletter abonnieren", True),
        ("Read also: Ferry passengers stranded after engine fault", True),
        ("Читайте также: Учителя получат прибавку к зарплате", True),
        ("Lesen Sie auch: Die Bahn erhöht die Preise", True),
        ("Czytaj także: Nowe przepisy od stycznia", True),
        ("We use cookies to improve your experience.", True),
        ("Advertisement", True),
        ("Реклама", True),
        ("© 2024 Harbour News Ltd. All rights reserved.", True),
        ("", True),
        # article sentences that merely mention such words stay
        (
            "The photographer said the photo was taken minutes before the storm hit the coast.",
            False,
        ),
        (
            "Депутаты обсудили, как подписка на газеты влияет на тиражи региональных изданий.",
            False,
        ),
        ("The council will share the cost of the new piers with the regional government.", False),
        ("Госсекретарь США Марко Рубио встретился с министром иностранных дел России.", False),
    ],
)
def test_is_boilerplate_line(line: str, boilerplate: bool) -> None:
    assert is_boilerplate_line(line) is boilerplate


# --- bad and odd input ------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["", " ", "\n\n\n", " \t\r\n \u00a0 \u200b"])
def test_empty_input_gives_empty_text(text: str) -> None:
    assert clean_flat_text(text) == ""


def test_text_with_no_article_gives_empty_text() -> None:
    menu = "\n".join(
        ["Home", "News", "Sport", "Weather", "Contact us", "Privacy policy", "Terms of use"]
        + [f"{i}. Headline number {i} about something else" for i in range(1, 8)]
    )
    assert clean_flat_text(menu) == ""


def test_short_note_is_kept() -> None:
    note = "Путин встретился с Трампом. Они говорили час."
    assert clean_flat_text(note) == note


def test_already_clean_article_is_unchanged() -> None:
    article = "\n\n".join(p for p in EN_CLEAN)
    assert clean_flat_text(article) == article


def test_crlf_and_extra_spaces_are_normalised() -> None:
    text = (
        "Menu\r\nNews\r\n"
        "The   city council voted on Tuesday to replace its entire fleet of diesel ferries "
        "with electric vessels.  \r\n"
    )
    assert clean_flat_text(text) == (
        "The city council voted on Tuesday to replace its entire fleet of diesel ferries with "
        "electric vessels."
    )


def test_hard_wrapped_paragraphs_are_joined() -> None:
    wrapped = (
        "Ferry plan approved\n\n"
        "The city council voted on Tuesday to replace its entire fleet of diesel\n"
        "ferries with electric vessels by 2030, ending a debate that has divided\n"
        "residents for more than two years, officials said on Wednesday morning.\n\n"
        "The new ferries will be built by a local shipyard and will cost about\n"
        "180 million pounds, according to council documents seen by reporters.\n"
    )
    assert _paragraphs(clean_flat_text(wrapped)) == [
        "The city council voted on Tuesday to replace its entire fleet of diesel ferries with "
        "electric vessels by 2030, ending a debate that has divided residents for more than two "
        "years, officials said on Wednesday morning.",
        "The new ferries will be built by a local shipyard and will cost about 180 million "
        "pounds, according to council documents seen by reporters.",
    ]


def test_duplicate_paragraphs_and_pull_quotes_are_dropped() -> None:
    paragraph = (
        "Opposition members argued that the money would be better spent on repairing the "
        "existing piers, several of which have been closed since last winter."
    )
    text = "\n".join(
        [EN_CLEAN[0], paragraph, "better spent on repairing the existing piers", paragraph]
    )
    assert _paragraphs(clean_flat_text(text)) == [EN_CLEAN[0], paragraph]


def test_huge_input_is_handled_quickly() -> None:
    page = "\n".join([EN_PAGE] * 300)  # ~12 000 lines, ~700 kB
    start = time.perf_counter()
    cleaned = clean_flat_text(page)
    assert time.perf_counter() - start < 20
    assert cleaned.startswith("The city council voted")


def test_markup_like_text_stays_text() -> None:
    text = (
        "<script>alert(1)</script>\n"
        "The council said the <b>new</b> ferries would be built locally, officials told reporters "
        "on Tuesday."
    )
    assert clean_flat_text(text) == (
        "The council said the <b>new</b> ferries would be built locally, officials told "
        "reporters on Tuesday."
    )


# --- already-extracted text -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "kept"),
    [
        ("The council approved the plan on Tuesday after a long debate.", True),
        ("The first ferry is due to enter service in 2026. Photo: Reuters/Alan Smith", False),
        ("Getty Images", False),
        ("Share this article", False),
        ("Subscribe to our newsletter", False),
        ("June 9 – West Palm Beach, FL @ Coral Sky Amphitheatre", True),
        ("Officials said running costs would fall by almost half.", True),
    ],
)
def test_clean_extracted_text_lines(line: str, kept: bool) -> None:
    text = "\n".join(
        [
            "The council approved the plan on Tuesday after a long debate.",
            "The first ferry is due to enter service in 2026. Photo: Reuters/Alan Smith",
            "Getty Images",
            "Share this article",
            "June 9 – West Palm Beach, FL @ Coral Sky Amphitheatre",
            "Officials said running costs would fall by almost half.",
            "Subscribe to our newsletter",
            "Officials said running costs would fall by almost half.",
        ]
    )
    cleaned = _paragraphs(clean_extracted_text(text))
    assert (line in cleaned) is kept
    assert len(cleaned) == len(set(cleaned))


def test_clean_extracted_text_of_nothing() -> None:
    assert clean_extracted_text("") == ""


# --- a whole page with a column of teasers above the article ---------------------------------

_TEASERS = [
    (
        "Science",
        "Harbor Wire",
        "Divers find a second wreck off the northern cape",
        "Volunteer divers mapping the seabed off the northern cape found the hull of a second "
        "steamship on Sunday, the maritime museum said. The ship is thought to have sunk in a "
        "storm in 1911 with a cargo of coal and timber. Its bell and two lamps were brought up "
        "and will be shown at the museum next spring after conservation work is finished.",
    ),
    (
        "Politics",
        "City Desk",
        "Council delays vote on the new tram line again",
        "The city council put off its vote on the eastern tram line for the third time on "
        "Tuesday, saying the cost estimate had to be checked by outside engineers first. "
        "Supporters of the line said every delay makes the project more expensive, while "
        "residents along the planned route asked for more hearings before any decision is made.",
    ),
    (
        "Style",
        "Weekend Post",
        "A tailor who dresses half the orchestra",
        "For forty years one small workshop near the concert hall has sewn the black suits and "
        "dresses of most of the city orchestra, its owner said this week. She measures each "
        "player twice a year, because musicians who travel and rehearse for hours change shape "
        "faster than anyone would think, and she still keeps every pattern in paper folders.",
    ),
    (
        "World",
        "Harbor Wire",
        "Border crossing reopens after two weeks of repairs",
        "The main road crossing between the two countries reopened on Monday after two weeks "
        "of repairs to a bridge damaged by floods, officials on both sides said. Lorries had "
        "queued for up to a day at the smaller crossings in the south, and traders said they "
        "lost perishable goods worth several million during the closure of the main route.",
    ),
    (
        "Sport",
        "Daily Ledger",
        "Veteran keeper signs one more season",
        "The club's veteran goalkeeper agreed a contract for one more season on Wednesday, "
        "his agent said, ending talk of a move abroad. He has played more than four hundred "
        "league games for the club and said he wanted to finish his career in front of the "
        "home crowd that had supported him since he first joined the youth team as a boy.",
    ),
]
_ARTICLE = [
    "LISBON (Wire) — A cargo drone carrying medical supplies crashed into a field shortly after "
    "take-off on Thursday, the operator said, and no one on the ground was hurt.",
    "The drone lost contact with its pilots two minutes into the flight and came down about "
    "three kilometres from the airfield, according to a statement from the company.",
    "Local residents said they heard a loud bang and saw smoke rising from the field, and the "
    "fire service put out a small blaze before it could reach nearby farm buildings.",
    "The company said it had grounded its other drones until investigators find out what went "
    "wrong, and that the supplies would be sent by road in the meantime.",
    "It was the second loss of a cargo drone in the country this year, after a smaller model "
    "fell into a reservoir during a test flight in the spring.",
]


def _teaser_page() -> str:
    rows = ["Home", "Mail", "News", "Sports", "Finance", "Sign in"]
    for n, (section, source, headline, blurb) in enumerate(_TEASERS):
        rows += [section, source, f"{120 + n}Comments. Click to view comments", headline, blurb]
        rows += [f"{headline} and more", source]
    rows += ["Help", "Privacy", "Terms", "Cargo drone crashes after take-off"]
    rows += ["MARIA SOUZA", "Wire ServiceMarch 3, 2016", "11 Comments", "1 / 4"]
    rows += _ARTICLE
    rows += [
        "What to Read Next",
        "Divers find a second wreck off the northern cape",
        "Harbor Wire",
    ]
    return "\n".join(rows)


def test_a_page_yields_its_article_not_a_column_of_teasers_above_it() -> None:
    assert _paragraphs(clean_flat_text(_teaser_page())) == _ARTICLE


@pytest.mark.parametrize(
    "line",
    [
        "11Comments. Click to view comments",
        "3457 messages",
        "48.5k reactions",
        "1,2 тыс. просмотров",
        "Кадр: фильм «Тихая гавань»",
        "Photo: Ann Lee",
        "Additional reporting by Ann Lee",
    ],
)
def test_counters_and_credits_are_boilerplate(line: str) -> None:
    assert is_boilerplate_line(line)


@pytest.mark.parametrize(
    "line",
    [
        "The court heard 11 comments from residents before it ruled on the plan.",
        "Кадровые перестановки в правительстве продолжатся, заявил премьер.",
    ],
)
def test_sentences_with_counter_or_credit_words_are_not_boilerplate(line: str) -> None:
    assert not is_boilerplate_line(line)


def test_player_buttons_repeated_on_the_page_go_from_the_article() -> None:
    rows = ["Главная", "Новости", "Политика", "Заголовок статьи о переговорах"]
    for paragraph in _ARTICLE[:3]:
        rows += [paragraph, "Развернуть на весь экран", "Фото: Анна Ли"]
    rows += _ARTICLE[3:]
    assert _paragraphs(clean_flat_text("\n".join(rows))) == _ARTICLE


_LEAD_PAGE = [
    "Home",
    "News",
    "Esports",
    "Shop",
    "Rivertown Rowers win the regional cup",
    "Posted 12 May 2024",
    "The Rowers are cup winners!",
    "The club beat the holders by two lengths on the lake at Millbrook on Sunday, taking the "
    "trophy for the first time in the thirty years of its history.",
    "The stroke was named the rower of the day after a race in which her crew led from the "
    "start and never let the holders come level.",
    "The win caps a season in which the boat was rebuilt around two veterans and six young "
    "rowers from the club's own school.",
    "ADD TO CART: Rowers cup shirt",
    "ADD TO CART: Rowers cap",
    "ADD TO CART: Rowers scarf",
    "Related",
    "Another story",
]


def test_short_lead_sentence_above_the_block_is_kept() -> None:
    # a one-sentence first paragraph costs more than it adds in the block search; it is read
    # back as the lead, while the headline, the date and the menu above it stay out
    assert _paragraphs(clean_flat_text("\n".join(_LEAD_PAGE))) == _LEAD_PAGE[6:10]
