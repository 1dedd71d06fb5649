"""Language identification: ru/en for analysis, any language reported by its code."""

from __future__ import annotations

import pytest

from bot.extraction.language import detect_language


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Госсекретарь США Марко Рубио встретился с министром иностранных дел России.", "ru"),
        ("The meeting lasted about fifty minutes, the ministry said in a statement.", "en"),
        ("Der Bundestag hat am Donnerstag das neue Gesetz mit großer Mehrheit beschlossen.", "de"),
        ("Українська делегація прибула до Брюсселя для переговорів щодо вступу.", "uk"),
        ("Беларуская дэлегацыя прыехала ў Брусэль на перамовы аб супрацоўніцтве.", "be"),
        ("Le gouvernement a annoncé jeudi une nouvelle réforme des retraites.", "fr"),
        ("Rząd ogłosił w czwartek nową reformę systemu emerytalnego w Polsce.", "pl"),
        ("12345 67890 !!! ???", "und"),
        ("Глава МИД РФ Sergey Lavrov заявил журналистам, что переговоры продолжатся.", "ru"),
    ],
)
def test_detect_language(text: str, expected: str) -> None:
    assert detect_language(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Привет мир, как дела у вас?", "ru"),
        ("Добрый день.", "ru"),
        ("Българският език е красив и ние се гордеем с него.", "bg"),
        ("Српски језик је леп и ми смо поносни на њега.", "sr"),
        (
            "Депутаты Рады обсудили законопроект, который вызвал споры. Один из них сказал: "
            "«Ми підтримуємо». Эксперты считают, что закон вступит в силу этой весной, "
            "когда выборы уже пройдут.",
            "ru",
        ),
    ],
)
def test_short_cyrillic_texts(text: str, expected: str) -> None:
    assert detect_language(text) == expected
