"""--details offsets index into the text as given: headline, dateline and wrapped lines."""

from __future__ import annotations

import json
from typing import Any

import pytest

from bot.analysis.models import NlpModels
from bot.analysis.offsets import in_input
from bot.analysis.summarize import summary_as_dict
from bot.models import Mention, Quote, Source, Summary
from bot.services import ingest

PASTED = (
    "Сергей Лавров встретился с Марко Рубио в Куала-Лумпуре\n"
    "\n"
    "КУАЛА-ЛУМПУР, 10 июля. /ТАСС/. Министр иностранных дел России Сергей Лавров провел\n"
    "переговоры с госсекретарем США Марко Рубио. «Мы обсудили Украину»,  — сказал Лавров\n"
    "журналистам после встречи в столице Малайзии.\n"
)


def _details(text: str, nlp: NlpModels) -> dict[str, Any]:
    prepared = ingest.prepare(text, is_html=False)
    summary = ingest.summarize_prepared(prepared, nlp)
    return summary_as_dict(ingest.as_given(summary, prepared), details=True)


def test_offsets_index_the_pasted_text_with_its_headline(nlp: NlpModels) -> None:
    data = _details(PASTED, nlp)
    assert data["text"] == PASTED
    assert data["title"] == "Сергей Лавров встретился с Марко Рубио в Куала-Лумпуре"
    entities = data["entities"]
    spans = {(e["start"], e["end"], e["type"]) for e in entities}
    # the headline's own names are emitted, at their place in the input
    assert (0, len("Сергей Лавров"), "PER") in spans
    rubio = PASTED.index("Марко Рубио")
    assert (rubio, rubio + len("Марко Рубио"), "PER") in spans
    for e in entities:
        piece = PASTED[e["start"] : e["end"]]
        assert piece and piece.strip() == piece
        assert e["normal"]
    # the body's names after the dateline the cleaner split off land on the input's words
    lavrov_body = PASTED.index("Сергей Лавров провел")
    assert (lavrov_body, lavrov_body + len("Сергей Лавров"), "PER") in spans


def test_quote_offsets_follow_into_the_input(nlp: NlpModels) -> None:
    data = _details(PASTED, nlp)
    quotes = data["quotes"]
    assert quotes
    quote = quotes[0]
    assert PASTED[quote["start"] : quote["end"]] == "Мы обсудили Украину"
    assert PASTED[quote["speaker_start"] : quote["speaker_end"]] == "Лавров"


def _summary(text: str, mentions: tuple[Mention, ...], title: str | None = None) -> Summary:
    return Summary(
        lang="ru",
        title=title,
        sentences=(),
        who=(),
        where=(),
        when=(),
        quotes=(Quote("слова", True, text.index("слова"), text.index("слова") + 5, "Иван"),),
        source=Source(name=None, url=None),
        version=1,
        text=text,
        mentions=mentions,
    )


def test_a_name_wrapped_over_two_lines_keeps_its_line_break() -> None:
    analysed = "Вчера Иван Петров сказал слова."
    original = "Вчера Иван\nПетров сказал слова."
    m = Mention(6, 17, "PER", "Иван Петров", "Иван Петров")
    moved = in_input(_summary(analysed, (m,)), original)
    assert moved.text == original
    assert [(x.start, x.end, x.text) for x in moved.mentions] == [(6, 17, "Иван\nПетров")]
    assert original[moved.quotes[0].start : moved.quotes[0].end] == "слова"


def test_a_mention_in_words_the_cleaner_changed_is_dropped_not_guessed() -> None:
    analysed = "Вчера Иван Петров сказал слова."
    original = "Вчера Ив\u00adан Петров сказал слова."  # a soft hyphen the cleaner took out
    m = Mention(6, 17, "PER", "Иван Петров", "Иван Петров")
    moved = in_input(_summary(analysed, (m,)), original)
    assert moved.mentions == ()


@pytest.mark.parametrize("given_title", [True, False])
def test_a_title_not_in_the_input_adds_nothing(given_title: bool) -> None:
    text = "Иван Петров сказал слова."
    title_mention = Mention(0, 4, "PER", "Иван", "Иван")
    summary = _summary(text, (Mention(0, 11, "PER", "Иван Петров", "Иван Петров"),), "Иван")
    if given_title:
        summary = Summary(**{**_fields(summary), "title_mentions": (title_mention,)})
    moved = in_input(summary, text)
    assert [(m.start, m.end) for m in moved.mentions] == [(0, 11)]


def _fields(summary: Summary) -> dict[str, Any]:
    return {name: getattr(summary, name) for name in Summary.__dataclass_fields__}


def test_html_keeps_its_extracted_text(nlp: NlpModels) -> None:
    html = (
        "<html><head><title>Talks</title></head><body><nav>Home | World</nav><article>"
        "<p>Sergei Lavrov met Marco Rubio in Kuala Lumpur on Thursday. They spoke for an"
        " hour about Ukraine and trade.</p></article></body></html>"
    )
    prepared = ingest.prepare(html, is_html=True)
    summary = ingest.summarize_prepared(prepared, nlp)
    data = summary_as_dict(ingest.as_given(summary, prepared), details=True)
    assert "<" not in str(data["text"])
    for e in data["entities"]:
        assert data["text"][e["start"] : e["end"]].strip()
    json.dumps(data)
