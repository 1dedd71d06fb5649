"""HTML page to article text and metadata: kept and dropped parts, bad and hostile input."""

from __future__ import annotations

import dataclasses
import datetime
import time
from pathlib import Path

import lxml.html  # type: ignore[import-untyped]
import pytest

from bot.extraction.html import ExtractedPage, extract_html, is_data_table, looks_like_html

DATA = Path(__file__).resolve().parents[1] / "data"
ARTICLE_HTML = (DATA / "article-en.html").read_bytes()
ARTICLE = extract_html(ARTICLE_HTML, url="https://news.example.com/ferries")

RU_HTML = """<!doctype html>
<html lang="ru">
<head><meta charset="utf-8"><title>Парламент одобрил закон о бесплатных обедах — Новости</title>
<meta property="og:site_name" content="Новости региона"></head>
<body>
<nav><a href="/">Главная</a> <a href="/politics">Политика</a> <a href="/sport">Спорт</a></nav>
<article>
<h1>Парламент одобрил закон о бесплатных обедах</h1>
<p>Депутаты во втором чтении приняли закон, по которому все ученики начальных классов будут
получать бесплатные обеды с первого сентября следующего года.</p>
<figure><img src="a.jpg"><figcaption>Школьники в столовой. Фото: Reuters</figcaption></figure>
<p>По оценке министерства финансов, программа обойдется бюджету примерно в 40 миллионов
рублей в год. Деньги предлагается взять из резервного фонда правительства.</p>
<p>«Это решение, которого родители ждали много лет», — заявила председатель комитета по
образованию Ольга Петрова после голосования.</p>
<p>Читайте также: Учителя получат прибавку к зарплате с сентября</p>
</article>
<footer>© 2025 Новости региона. Все права защищены.</footer>
</body></html>"""


# --- the hand-made English page ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("fragment", "kept"),
    [
        ("The city council voted on Tuesday to replace its entire fleet", True),
        ("The new ferries will be built by a local shipyard", True),
        ('"This is the biggest investment in public transport', True),
        ("Opposition members argued that the money would be better spent", True),
        ("Passenger groups welcomed the decision", True),
        # navigation, cookie banner, byline, share bar
        ("Home", False),
        ("Politics", False),
        ("We use cookies", False),
        ("By Jane Porter", False),
        ("Share 12 Comments 3", False),
        # the headline is metadata, not text
        ("Harbour city approves plan", False),
        # figure caption and photo credit
        ("The first ferry is due to enter service in 2026", False),
        ("Reuters/Alan Smith", False),
        # scripts, styles, iframes
        ("MUST-NOT-APPEAR", False),
        ("secret-style-marker", False),
        ("trackingMarker", False),
        ("document.write", False),
        # subscribe box, aside with trending stories, footer
        ("Subscribe to our newsletter", False),
        ("Prime minister faces confidence vote", False),
        ("Storm leaves thousands without power", False),
        ("All rights reserved", False),
        ("Privacy policy", False),
    ],
)
def test_article_page_parts(fragment: str, kept: bool) -> None:
    assert (fragment in ARTICLE.text) is kept


def test_article_page_paragraphs_in_order() -> None:
    paragraphs = ARTICLE.text.split("\n\n")
    assert len(paragraphs) == 5
    assert paragraphs[0].startswith("The city council voted")
    assert paragraphs[-1].startswith("Passenger groups welcomed")


@pytest.mark.parametrize(
    ("field", "expected"),
    [
        ("title", "Harbour city approves plan to replace ageing ferry fleet"),
        ("published", datetime.date(2024, 3, 12)),
        ("author", "Jane Porter"),
        ("site_name", "Harbour News"),
        ("lang", "en"),
    ],
)
def test_article_page_metadata(field: str, expected: object) -> None:
    assert getattr(ARTICLE, field) == expected


def test_extracted_page_is_frozen() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        ARTICLE.text = "changed"  # type: ignore[misc]


# --- Russian page -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fragment", "kept"),
    [
        ("Депутаты во втором чтении приняли закон", True),
        ("По оценке министерства финансов", True),
        ("«Это решение, которого родители ждали много лет»", True),
        ("Главная", False),
        ("Фото: Reuters", False),
        ("Читайте также", False),
        ("Все права защищены", False),
    ],
)
def test_russian_page_parts(fragment: str, kept: bool) -> None:
    page = extract_html(RU_HTML)
    assert (fragment in page.text) is kept


def test_russian_page_metadata_from_bytes() -> None:
    page = extract_html(RU_HTML.encode("utf-8"))
    assert page.lang == "ru"
    assert page.site_name == "Новости региона"
    assert page.title is not None
    assert page.title.startswith("Парламент одобрил закон")
    assert "Депутаты во втором чтении" in page.text


def test_legacy_encoding_is_decoded() -> None:
    html = (
        '<html><head><meta charset="windows-1251"><title>Новости</title></head><body><article>'
        "<p>Депутаты во втором чтении приняли закон о бесплатных школьных обедах для всех "
        "учеников начальных классов страны.</p>"
        "<p>По оценке министерства финансов, программа обойдется бюджету примерно в сорок "
        "миллионов рублей в год.</p></article></body></html>"
    ).encode("cp1251")
    assert "Депутаты во втором чтении" in extract_html(html).text


# --- bad and hostile input --------------------------------------------------------------------

EMPTY = ExtractedPage(text="", title=None, published=None, author=None, site_name=None, lang=None)


@pytest.mark.parametrize("html", ["", b"", "   \n\t ", b" \r\n ", "<html></html>", "<!-- -->"])
def test_empty_input(html: str | bytes) -> None:
    page = extract_html(html)
    assert page.text == ""


def test_empty_input_gives_empty_page() -> None:
    assert extract_html("") == EMPTY


@pytest.mark.parametrize(
    "html",
    [
        "<html><body><div><p>Unclosed paragraph about the council vote on the new ferries",
        "<p>one<p>two<div><span>three</b></i></table>",
        "</html></body><<<>>>&&&;;<p",
        "<html><body>" + "<div>" * 3000 + "deep text" + "</div>" * 10 + "</body></html>",
        b"\x00\x01\x02\xff\xfe binary junk \x00\x00",
        "\ufeff<?xml version='1.0' encoding='utf-8'?><html><body><p>x</p></body></html>",
    ],
)
def test_broken_html_does_not_crash(html: str | bytes) -> None:
    page = extract_html(html)
    assert isinstance(page.text, str)


def test_broken_article_html_keeps_text() -> None:
    html = (
        "<html><body><div><p>The city council voted on Tuesday to replace its entire fleet of "
        "diesel ferries with electric vessels by 2030, ending a long debate.<p>The new ferries "
        "will be built by a local shipyard and will cost about 180 million pounds, officials "
        "said.</div"
    )
    text = extract_html(html).text
    assert "The city council voted on Tuesday" in text
    assert "built by a local shipyard" in text


@pytest.mark.parametrize(
    "html",
    [
        "<script>alert(1)</script>",
        "<html><body><script>alert(1)</script></body></html>",
        "<p>The council approved the ferry plan on Tuesday after a debate of two years.</p>"
        "<script>alert(1)</script>",
        "<html><body><article><p>The council approved the ferry plan on Tuesday after a long "
        "debate.<script>alert(1)</script> Officials said work would start next year.</p>"
        "<style>p{color:red}</style><iframe src=x>alert(1)</iframe>"
        "<template>alert(1)</template></article></body></html>",
        "<html><body><img src=x onerror=alert(1)><svg onload=alert(1)><text>alert(1)</text>"
        "</svg><object data=x>alert(1)</object></body></html>",
    ],
)
def test_scripts_never_reach_the_text(html: str) -> None:
    text = extract_html(html).text
    assert "alert" not in text
    assert "<script" not in text
    assert "color:red" not in text


def test_script_free_text_around_a_script_is_kept() -> None:
    html = (
        "<p>The council approved the ferry plan on Tuesday after a debate of two years.</p>"
        "<script>alert(1)</script>"
    )
    assert "The council approved the ferry plan" in extract_html(html).text


def test_huge_input_is_handled() -> None:
    paragraph = (
        "<p>The council discussed the ferry plan again today, and members asked for more "
        "details about costs, timetables and the shipyard contract.</p>"
    )
    html = "<html><body><article>" + paragraph * 40_000 + "</article></body></html>"  # ~6 MB
    start = time.perf_counter()
    page = extract_html(html)
    assert time.perf_counter() - start < 120
    assert isinstance(page.text, str)


def test_page_without_article_gives_no_text() -> None:
    html = (
        "<html><body><nav><ul><li><a href='/'>Home</a></li><li><a href='/n'>News</a></li>"
        "<li><a href='/s'>Sport</a></li><li><a href='/w'>Weather</a></li></ul></nav>"
        "<footer>© 2024 Example Ltd. All rights reserved.</footer></body></html>"
    )
    assert extract_html(html).text == ""


# --- routing pasted input ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "is_html"),
    [
        (ARTICLE_HTML.decode("utf-8"), True),
        (RU_HTML, True),
        ("<p>Just a paragraph of markup.</p>", True),
        ("  <div class='x'><p>text</p></div>", True),
        ("<!DOCTYPE html><title>x</title>", True),
        ("Госсекретарь США Марко Рубио встретился с министром иностранных дел России.", False),
        ("The formula is a < b and c > d, which holds for all values.", False),
        ("Use the <b> tag sparingly.", False),
        ("", False),
        ("   ", False),
    ],
)
def test_looks_like_html(text: str, is_html: bool) -> None:
    assert looks_like_html(text) is is_html


# --- tables: statistics are data, a layout for prose is text ----------------------------------

_TABLE_PROSE = """
<p>Число заболевших гриппом в Томской области за неделю выросло на треть, сообщил во вторник
областной департамент здравоохранения. Больше всего новых случаев выявили в Томске и Северске,
где в нескольких школах уже отменили занятия в младших классах.</p>
<p>Врачи советуют жителям области не откладывать прививку: вакцина есть во всех поликлиниках,
а поставить её можно бесплатно по полису. Эпидемический порог пока не превышен, но специалисты
ждут пика заболеваемости в конце месяца, когда дети вернутся с каникул.</p>
<p>Департамент попросил работодателей не требовать от заболевших сотрудников выходить на
работу и разрешить им работать из дома, если это возможно.</p>
"""
_STATS_TABLE = """
<table>
<tr><th>Район</th><th>Случаев</th><th>За неделю</th><th>На 10 000</th></tr>
<tr><td>Томск</td><td>4 812</td><td>+1 204</td><td>81,3</td></tr>
<tr><td>Северск</td><td>1 377</td><td>+402</td><td>63,9</td></tr>
<tr><td>Асино</td><td>233</td><td>+57</td><td>41,0</td></tr>
<tr><td>Колпашево</td><td>198</td><td>+31</td><td>39,7</td></tr>
</table>
"""


def _page(body: str) -> str:
    return (
        "<!doctype html><html lang='ru'><head><meta charset='utf-8'>"
        "<title>Заболеваемость гриппом выросла на треть</title></head>"
        f"<body><article><h1>Заболеваемость гриппом выросла на треть</h1>{body}"
        "</article></body></html>"
    )


def test_a_statistics_table_is_not_article_text() -> None:
    text = extract_html(_page(_TABLE_PROSE + _STATS_TABLE)).text
    assert "Число заболевших гриппом в Томской области" in text
    assert "работать из дома" in text
    for cell in ("4 812", "+1 204", "81,3", "Колпашево", "На 10 000", "Случаев"):
        assert cell not in text


def test_a_page_that_is_only_a_table_keeps_it() -> None:
    caption = "<p>Заболеваемость гриппом по районам области на 1 февраля.</p>"
    text = extract_html(_page(caption + _STATS_TABLE)).text
    assert "4 812" in text
    assert "Колпашево" in text


def test_a_table_laying_out_prose_is_kept() -> None:
    paragraphs = _TABLE_PROSE.split("</p>")
    layout = (
        "<table><tr><td>"
        + "</p>".join(paragraphs[:2])
        + "</p></td><td>"
        + paragraphs[2]
        + "</p></td></tr><tr><td>Фото: 12</td><td>2025</td></tr></table>"
    )
    text = extract_html(_page(layout)).text
    assert "Число заболевших гриппом в Томской области" in text
    assert "работать из дома" in text


@pytest.mark.parametrize(
    ("table", "is_data"),
    [
        (_STATS_TABLE, True),
        # a layout for prose: long cells
        (f"<table><tr><td>{_TABLE_PROSE}</td><td>{_TABLE_PROSE}</td></tr></table>", False),
        # short cells, but words, not figures (a comparison)
        (
            "<table><tr><th>Тариф</th><th>Плюсы</th></tr><tr><td>Базовый</td><td>дешёвый</td>"
            "</tr><tr><td>Полный</td><td>без ограничений</td></tr></table>",
            False,
        ),
        # too small to be statistics
        ("<table><tr><td>Полиция</td><td>102</td></tr></table>", False),
        # a layout table around a statistics table: the inner one is judged, not the outer
        (f"<table><tr><td>{_STATS_TABLE}</td></tr></table>", False),
    ],
)
def test_is_data_table(table: str, is_data: bool) -> None:
    tree = lxml.html.fromstring(f"<div>{table}</div>")
    assert is_data_table(tree.find(".//table")) is is_data


# The publication date the page states (meta, JSON-LD, <time datetime>) comes first, as written.
_DATED_BODY = (
    "<h1>Council approves the new harbour budget</h1>"
    + "<p>The city council approved the harbour budget on Friday after a long debate.</p>" * 8
)


def _dated_page(head: str, body: str = "", url_date: str = "2016/07/30") -> str:
    return (
        f"<html><head><title>Council approves the new harbour budget</title>"
        f'<link rel="canonical" href="https://example.com/{url_date}/harbour-budget.html">'
        f"{head}</head><body><article>{body}{_DATED_BODY}</article></body></html>"
    )


def test_meta_published_late_evening_negative_offset_keeps_printed_date() -> None:
    page = _dated_page(
        '<meta property="article:published" itemprop="datePublished"'
        ' content="2016-07-29T22:42:34-04:00" />'
    )
    assert extract_html(page).published == datetime.date(2016, 7, 29)


def test_meta_published_time_in_value_attribute() -> None:
    page = _dated_page('<meta value="2016-12-23T21:18:32-07:00" name="article:published_time">')
    assert extract_html(page).published == datetime.date(2016, 12, 23)


def test_iso_date_is_never_read_day_first() -> None:
    body = (
        '<p class="story-meta__timestamp"><time datetime="2016-10-04 05:07:09">'
        "10/04/2016 05:07 AM EDT</time></p>"
    )
    page = _dated_page("", body, url_date="2016/10")
    assert extract_html(page).published == datetime.date(2016, 10, 4)


def test_time_itemprop_date_published() -> None:
    body = '<time itemprop="datePublished" datetime="2016-10-04T23:30:00-07:00">4/10/2016</time>'
    page = _dated_page("", body, url_date="2016/10")
    assert extract_html(page).published == datetime.date(2016, 10, 4)


def test_json_ld_date_published_comes_first() -> None:
    head = (
        '<script type="application/ld+json">{"@type": "NewsArticle",'
        ' "datePublished": "2025-05-14T23:28:12+03:00"}</script>'
        '<meta name="date" content="2025-05-20">'
    )
    assert extract_html(_dated_page(head, url_date="2025/05/15")).published == datetime.date(
        2025, 5, 14
    )


def test_modified_time_is_not_the_publication_date() -> None:
    body = '<time itemprop="dateModified" class="dateline" datetime="2016-08-01T01:30:24-04:00">'
    head = '<meta property="article:published_time" content="2016-07-29T16:42:34-04:00">'
    assert extract_html(_dated_page(head, body + "x</time>")).published == datetime.date(
        2016, 7, 29
    )


def _titled_page(title: str, head: str = "") -> str:
    return (
        f"<html><head><title>{title}</title>{head}</head>"
        f"<body><article><h1>Council approves the new harbour budget</h1>{_DATED_BODY}"
        "</article></body></html>"
    )


@pytest.mark.parametrize(
    ("title", "head", "expected"),
    [
        # og:site_name in ``value`` (not ``content``); the title's spelling of the same name
        ("Council approves the new harbour budget | Harbours | The Guardian",
         '<meta value="the Guardian" name="og:site_name">', "The Guardian"),
        # no site name in metadata: the brand the <title> ends with
        ("Council approves the new harbour budget - The New York Times", "",
         "The New York Times"),
        ("Council approves the harbour budget", '<meta name="application-name" content="Slon">',
         "Slon"),
        # the JSON-LD publisher when the page names itself nowhere else
        ("Council approves the new harbour budget",
         '<script type="application/ld+json">{"@type": "NewsArticle", "publisher": '
         '{"@type": "Organization", "name": "Harbour Herald"}}</script>', "Harbour Herald"),
        # the site's own name comes before the title's suffix and the JSON-LD publisher
        ("Council approves the new harbour budget | Harbour Herald",
         '<meta property="og:site_name" content="WIRED"><script type="application/ld+json">'
         '{"publisher": {"name": "Conde Nast"}}</script>', "WIRED"),
    ],
)  # fmt: skip
def test_site_name(title: str, head: str, expected: str) -> None:
    assert extract_html(_titled_page(title, head)).site_name == expected


def test_a_title_part_of_the_headline_is_no_site_name() -> None:
    page = (
        "<html><head><title>США — Китай</title></head><body><article><h1>США — Китай</h1>"
        f"{_DATED_BODY}</article></body></html>"
    )
    assert extract_html(page).site_name != "Китай"
