"""Rendering: valid Telegram HTML, escaped article text, never over 4096 characters."""

from __future__ import annotations

import pytest

from bot.digest.render import TELEGRAM_LIMIT, render_digest, render_page, render_summary
from bot.digest.select import DigestItem, OtherSource
from bot.locales import translator
from bot.models import Entity, Mention, Quote, Source, Summary
from tests.fake_telegram import parse_entities, parse_html, utf16_len

RU = translator("ru")
EN = translator("en")


def _summary(**kw: object) -> Summary:
    base: dict[str, object] = {
        "lang": "ru",
        "title": "Рубио и Лавров встретились",
        "sentences": ("Госсекретарь США Марко Рубио встретился с Сергеем Лавровым.",),
        "who": (
            Entity("Марко Рубио", "PER", (Mention(0, 5, "PER", "Рубио", "Марко Рубио"),),
                   role="госсекретарь США"),
        ),
        "where": ("Куала-Лумпур",),
        "when": ("2025-07-10",),
        "quotes": (Quote("Мы остаемся вовлеченными", True, 0, 10, "Марко Рубио"),),
        "source": Source("Reuters", "https://example.com/a?b=1&c=2"),
        "version": 1,
    }  # fmt: skip
    base.update(kw)
    return Summary(**base)  # type: ignore[arg-type]


def test_fact_line() -> None:
    shown = parse_html(render_summary(_summary(), RU))
    assert "Кто: Марко Рубио (госсекретарь США)" in shown
    assert "Где: Куала-Лумпур" in shown
    assert "Когда: 2025-07-10" in shown
    assert "Сказано: Марко Рубио: «Мы остаемся вовлеченными»" in shown


def test_reported_speech_is_shown_as_reported_after_direct_speech() -> None:
    quotes = (
        Quote("что стороны договорились продолжить консультации", False, 0, 10, "Хакан Фидан"),
        Quote("Мы остаемся вовлеченными", True, 20, 30, "Марко Рубио"),
    )
    shown = parse_html(render_summary(_summary(quotes=quotes), RU))
    lines = [line for line in shown.splitlines() if line.startswith("Сказано:")]
    assert lines == [
        "Сказано: Марко Рубио: «Мы остаемся вовлеченными»",
        "Сказано: Хакан Фидан: стороны договорились продолжить консультации",
    ]


def test_english_reported_speech_drops_that_and_marks() -> None:
    quotes = (Quote("that the talks would go on", False, 0, 10, "Marco Rubio"),)
    shown = parse_html(render_summary(_summary(quotes=quotes), EN))
    assert "Said: Marco Rubio: the talks would go on" in shown
    assert "«" not in shown.split("Said:")[1]


def test_unattributed_quotes_are_not_said() -> None:
    quotes = (Quote("Ничего не изменится", True, 0, 10, None),)
    assert "Сказано" not in parse_html(render_summary(_summary(quotes=quotes), RU))


def test_english_labels() -> None:
    assert "Who: Марко Рубио" in parse_html(render_summary(_summary(), EN))


@pytest.mark.parametrize(
    "hostile",
    ["<script>alert(1)</script>", "a < b && c > d", "<b>bold</b>", "**md** _x_ [l](http://x)",
     "שלום עולם مرحبا", "😀" * 50],
)  # fmt: skip
def test_hostile_text_is_escaped(hostile: str) -> None:
    html = render_summary(_summary(title=hostile, sentences=(hostile,)), RU)
    assert hostile in parse_html(html)


def test_never_longer_than_telegram_allows() -> None:
    long = "Очень длинное предложение " * 400 + "."
    who = tuple(
        Entity(f"Человек {i} " * 20, "PER", (Mention(0, 1, "PER", "x", "x"),), role="роль " * 50)
        for i in range(8)
    )
    html = render_summary(_summary(sentences=(long, long), who=who, title="Т" * 5000), RU)
    assert utf16_len(parse_html(html)) <= TELEGRAM_LIMIT


def test_page_of_twenty_long_items_fits() -> None:
    long = "Очень длинное предложение про <b>новости</b> & прочее " * 40 + "."
    items = [_summary(title="Заголовок " * 40 + str(i), sentences=(long, long)) for i in range(20)]
    html = render_page(items, t=RU, header="Последние статьи: 1–20 из 20")
    shown = parse_html(html)
    assert utf16_len(shown) <= TELEGRAM_LIMIT
    assert shown.startswith("Последние статьи")
    assert "20. " in shown  # long items are cut, not dropped


def test_page_drops_what_does_not_fit_and_says_so() -> None:
    items = [_summary(title=f"Заголовок {i} " * 8, sentences=("Т" * 190,)) for i in range(200)]
    shown = parse_html(render_page(items, t=EN, header="Latest"))
    assert utf16_len(shown) <= TELEGRAM_LIMIT
    assert "Did not fit in the message:" in shown


def test_page_links_only_http_urls() -> None:
    items = [
        _summary(title="Вставленный текст", source=Source(None, "urn:sha256:" + "a" * 64)),
        _summary(title="Ссылка", source=Source(None, "https://example.com/a?b=1&c=2")),
        _summary(title="Скрипт", source=Source(None, "javascript:alert(1)")),
    ]
    html = render_page(items, t=RU, header="Поиск")
    assert "urn:" not in html
    assert "javascript:" not in html
    assert html.count("<a ") == 1
    assert 'href="https://example.com/a?b=1&' in html


@pytest.mark.parametrize(
    "hostile",
    ["<script>alert(1)</script>", "a < b && c > d", "<b>bold</b>", '"><a href="x">', "😀" * 50],
)
def test_page_escapes_hostile_titles(hostile: str) -> None:
    items = [_summary(title=hostile, sentences=(hostile + ".",))]
    shown = parse_html(render_page(items, t=RU, header=hostile))
    assert shown.count(hostile) >= 2


def test_untitled_item_shows_its_first_sentence() -> None:
    shown = parse_html(render_page([_summary(title=None)], t=RU, header="H"))
    assert "1. Госсекретарь США Марко Рубио встретился" in shown


def test_ampersand_in_href_is_escaped() -> None:
    # Unescaped, Telegram reads "&lt=2" in the href as "<=2" (with or without semicolon).
    url = "https://example.com/a?b=1&lt=2&quot=3"
    for html in (
        render_summary(_summary(source=Source("Reuters", url)), RU),
        render_page([_summary(source=Source(None, url))], t=RU, header="H"),
    ):
        assert 'href="https://example.com/a?b=1&amp;lt=2&amp;quot=3"' in html
        links = [e["url"] for e in parse_entities(html)[1] if e["type"] == "text_link"]
        assert links == [url]


def test_emoji_heavy_summary_fits_in_utf16_units() -> None:
    # 2,000 code points of title but 4,000 UTF-16 units: Telegram counts the units.
    html = render_summary(_summary(title="😀" * 2000, sentences=("Событие произошло. " * 10,)), RU)
    shown = parse_html(html)
    assert utf16_len(shown) <= TELEGRAM_LIMIT
    assert shown.startswith("😀" * 100)
    html = render_summary(_summary(title="😀" * 100, sentences=("😀 " * 3000,), who=()), RU)
    assert utf16_len(parse_html(html)) <= TELEGRAM_LIMIT


UNSAFE = "\x00\x1b[31m\u202e\u2066\u2069\u202a\x85\x7f"


def test_control_and_bidi_characters_are_removed() -> None:
    summary = _summary(
        title=f"Рубио{UNSAFE} и Лавров",
        sentences=(f"Госсекретарь{UNSAFE} встретился.",),
        where=(f"Куала{UNSAFE}-Лумпур",),
        quotes=(Quote(f"Мы{UNSAFE} здесь", True, 0, 10, f"Марко{UNSAFE} Рубио"),),
        source=Source(f"Reu{UNSAFE}ters", "https://example.com/a"),
    )
    for html in (
        render_summary(summary, RU),
        render_page([summary], t=RU, header=f"Поиск{UNSAFE}"),
    ):
        shown = parse_html(html)
        assert not any(c in shown for c in UNSAFE.replace("[31m", ""))
        assert "Рубио[31m и Лавров" in shown  # the printable part of the escape stays


def test_merged_story_links_each_other_source_and_digest_stays_split() -> None:
    also = (
        OtherSource("Агентство <Б>", "https://b.example/1?x=1&lt=2"),
        OtherSource("Сайт В", "urn:sha256:00"),  # not a web link: named, not linked
        OtherSource("Г" * 200, "https://g.example/2"),  # a long name is cut
        OtherSource("Д", "https://d.example/3"),
    )
    item = DigestItem(summary=_summary(), article_id=1, also=also, score=1.0)
    (message,) = render_digest([item], t=RU, header="Дайджест")
    shown, entities = parse_entities(message)
    line = next(x for x in shown.splitlines() if x.startswith("Также: "))
    assert line.startswith("Также: Агентство <Б>, Сайт В, " + "Г" * 10)
    assert line.endswith(", ещё 1")
    links = {e["url"] for e in entities if e["type"] == "text_link"}
    assert "https://b.example/1?x=1&lt=2" in links
    assert "https://g.example/2" in links
    assert not any(u.startswith("urn:") for u in links)
    # Forty merged stories with long summaries: every message within Telegram's limit.
    long = _summary(sentences=("Очень длинное предложение о событии. " * 60,))
    items = [DigestItem(summary=long, article_id=i, also=also, score=1.0) for i in range(40)]
    messages = render_digest(items, t=RU, header="Дайджест")
    assert len(messages) > 1
    assert all(utf16_len(parse_html(m)) <= TELEGRAM_LIMIT for m in messages)
    assert sum(parse_html(m).count("Также: ") for m in messages) == 40
