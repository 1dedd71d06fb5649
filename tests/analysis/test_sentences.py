"""Sentences: verbatim slices, razdel for Russian, syntok for English."""

from __future__ import annotations

import pytest

from bot.analysis.models import NlpModels
from bot.analysis.sentences import split_sentences


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("Он приехал в 10 ч. утра. Встреча длилась 2,5 часа.", "ru",
         ["Он приехал в 10 ч. утра.", "Встреча длилась 2,5 часа."]),
        ("«Мы готовы», — сказал он. Затем ушел.", "ru",
         ["«Мы готовы», — сказал он.", "Затем ушел."]),
        ("Первый абзац.\n\nВторой абзац.", "ru", ["Первый абзац.", "Второй абзац."]),
        ("Т. е. все шло по плану. А. С. Пушкин родился в Москве.", "ru",
         ["Т. е. все шло по плану.", "А. С. Пушкин родился в Москве."]),
        ("Mr. J. Smith paid $3.50 on Jan. 5. He left.", "en",
         ["Mr. J. Smith paid $3.50 on Jan. 5.", "He left."]),
        ('He said: "It is fine." Then he left the U.S. for good.', "en",
         ['He said: "It is fine."', "Then he left the U.S. for good."]),
        ("Growth was 2.5 per cent. Dr. Brown disagreed.", "en",
         ["Growth was 2.5 per cent.", "Dr. Brown disagreed."]),
        ("Line one\n---\n12345\nLine two.", "en", ["Line one", "Line two."]),
    ],
)  # fmt: skip
def test_split(nlp: NlpModels, text: str, lang: str, expected: list[str]) -> None:
    sentences = split_sentences(text, lang, nlp)
    assert [s.text for s in sentences] == expected
    for s in sentences:
        assert text[s.start : s.end] == s.text


def test_paragraph_numbers(nlp: NlpModels) -> None:
    sentences = split_sentences("Один. Два.\nТри.", "ru", nlp)
    assert [s.paragraph for s in sentences] == [0, 0, 1]


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("«Мы готовы. Мы ждем», — сказал он. Потом ушел.", "ru",
         ["«Мы готовы. Мы ждем», — сказал он.", "Потом ушел."]),
        ("“We are ready. We wait,” he said. He left.", "en",
         ["“We are ready. We wait,” he said.", "He left."]),
        ("Стray « mark. Next sentence. Third one.", "ru",
         ["Стray « mark.", "Next sentence.", "Third one."]),
    ],
)  # fmt: skip
def test_multi_sentence_quotes_stay_whole(
    nlp: NlpModels, text: str, lang: str, expected: list[str]
) -> None:
    assert [s.text for s in split_sentences(text, lang, nlp)] == expected
