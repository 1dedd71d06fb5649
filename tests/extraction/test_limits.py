"""Work per page is bounded: characters and elements kept, characters cleaned."""

from __future__ import annotations

from bot.extraction import boilerplate
from bot.extraction import html as page_html
from bot.extraction.boilerplate import clean_extracted_text, clean_flat_text
from bot.extraction.html import extract_html

PARAGRAPH = "Paragraph {n} of the report says the council met on Tuesday and voted for the plan."


def _page(paragraphs: int, *, wrap: str = "p") -> str:
    body = "".join(f"<{wrap}>{PARAGRAPH.format(n=n)}</{wrap}>" for n in range(paragraphs))
    return f"<html><head><title>Report</title></head><body><article>{body}</article></body></html>"


def test_a_page_is_cut_after_its_character_budget() -> None:
    page = _page(60_000)
    assert len(page) > 5_000_000
    text = extract_html(page).text
    assert text.startswith("Paragraph 0 of the report")
    assert len(text) <= page_html.MAX_PAGE_CHARS
    assert "Paragraph 10000 " not in text


def test_one_huge_paragraph_keeps_its_beginning() -> None:
    sentence = "The council met on Tuesday and voted for the plan. "
    page = f"<html><body><article><p>{sentence * 30_000}</p></article></body></html>"
    text = extract_html(page).text
    assert text.startswith("The council met on Tuesday")
    assert boilerplate.MAX_FLAT_CHARS // 2 < len(text) <= boilerplate.MAX_FLAT_CHARS


def test_a_page_of_many_elements_is_cut_after_the_element_budget() -> None:
    # 20,000 paragraphs of 40 K characters in all: under the character budget, over the
    # element budget (each paragraph is a <div> and a <p>).
    body = "".join(f"<div><p>Item {n} is here.</p></div>" for n in range(20_000))
    page = f"<html><body><article>{body}</article></body></html>"
    assert len(page) < page_html.MAX_PAGE_CHARS * 2
    text = extract_html(page).text
    assert "Item 0 is here." in text
    assert "Item 19999 is here." not in text
    kept = max(int(t.split()[1]) for t in text.split("\n") if t.startswith("Item "))
    assert kept < page_html.MAX_PAGE_ELEMENTS // 2


def test_flattened_text_is_cleaned_up_to_its_limit() -> None:
    line = "The council met on Tuesday and voted for the plan after a long debate, she said."
    text = "\n".join(f"{n}: {line}" for n in range(20_000))
    assert len(text) > 5 * boilerplate.MAX_FLAT_CHARS
    for cleaned in (clean_flat_text(text), clean_extracted_text(text)):
        assert cleaned.startswith("0: The council")
        assert 0 < len(cleaned) <= boilerplate.MAX_FLAT_CHARS + 20_000  # blank lines added
        assert "19999: The council" not in cleaned
