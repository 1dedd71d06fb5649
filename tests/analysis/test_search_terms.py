"""Search terms: Russian lemmas, English stems, queries in either script."""

from __future__ import annotations

import pytest

from bot.analysis.models import NlpModels
from bot.analysis.search_terms import MAX_QUERY_TERMS, normalize_for_search, query_terms


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("Рубио встретился с Лавровым", "ru", "рубио встретиться с лавров"),
        ("в Куала-Лумпуре", "ru", "в куала лумпур"),
        ("Министры обсудили пошлины.", "ru", "министр обсудить пошлина"),
        ("Ёлку поставили", "ru", "елка поставить"),
        # Latin words in a Russian article are stemmed as English, as a query would be.
        ("пишет Reuters", "ru", "писать reuter"),
        ("The meetings were held in Kuala Lumpur.", "en", "the meet were held in kuala lumpur"),
        ("Talks with Лавровым", "en", "talk with лавров"),
        ("Numbers stay: 2025, 10-11", "en", "number stay 2025 10 11"),
        # Languages we do not analyse: words, lowercased, nothing more.
        ("Die Häuser in Berlin", "de", "die häuser in berlin"),
        ("", "ru", ""),
        ("🙂 — !!!", "en", ""),
    ],
)
def test_normalize_for_search(text: str, lang: str, expected: str, nlp: NlpModels) -> None:
    assert normalize_for_search(text, lang, nlp) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Лавров", ["лавров"]),
        ("Лавровым", ["лавров"]),
        ("Куала-Лумпур", ["куала", "лумпур"]),
        ("meetings", ["meet"]),
        ("Meeting", ["meet"]),
        ("Лавров meetings Рубио", ["лавров", "meet", "рубио"]),
        ("встреча встречи встречу", ["встреча"]),  # duplicates dropped
        ("🙂🔥", []),
        ("\u200f\u202e 🙂", []),  # RTL marks and an emoji: no words
        ("", []),
    ],
)
def test_query_terms(query: str, expected: list[str], nlp: NlpModels) -> None:
    assert query_terms(query, nlp) == expected


def test_query_in_a_right_to_left_script_gives_plain_words(nlp: NlpModels) -> None:
    assert query_terms("שלום مرحبا", nlp) == ["שלום", "مرحبا"]


def test_query_terms_are_capped(nlp: NlpModels) -> None:
    query = " ".join(f"word{n}" for n in range(100))
    assert len(query_terms(query, nlp)) == MAX_QUERY_TERMS


def test_query_matches_the_indexed_forms(nlp: NlpModels) -> None:
    indexed = set(
        normalize_for_search("Марко Рубио встретился с Сергеем Лавровым.", "ru", nlp).split()
    )
    assert set(query_terms("Лавров Рубио встреча", nlp)) - indexed == {"встреча"}
    assert set(query_terms("Сергей Лавров встретился", nlp)) <= indexed
