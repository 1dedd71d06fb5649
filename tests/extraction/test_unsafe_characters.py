"""NUL, controls and bidi overrides never reach a summary: extraction removes them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.analysis.models import NlpModels
from bot.cli import main
from bot.extraction.boilerplate import clean_flat_text
from bot.extraction.html import extract_html

# NUL, escape, bidi override, embedding and isolates, a C1 control, DEL.
UNSAFE = "\x00\x1b\u202e\u202a\u2066\u2069\x85\x7f"
BIDI = "\u202e\u202a\u2066\u2069\x85"
# A few C0 controls only: past 1% of the characters, a file counts as binary.
TEXT = (
    f"Foreign Minister{BIDI} Jean Dupont met the British ambassador in Paris on Monday, "
    f"the ministry said.\x00{BIDI}\n\nThe two men discussed trade and security for more "
    "than an hour, officials said.\x1b\n\n"
    f'"We agreed to meet again next month," Dupont told{BIDI} reporters after the talks.\x7f'
    "\n\nThe ministry published a statement about the meeting on its website later that "
    "day, and the embassy confirmed that the ambassador would travel to London next week."
)
PAGE = f"""<html><head><title>Minister{BIDI} meets envoy in Paris</title>
<meta property="og:site_name" content="Example{BIDI} News"></head><body><article>
<h1>Minister meets envoy in Paris</h1>
<p>{TEXT.replace(chr(10) * 2, "</p><p>")}</p>
<p>Officials said more&#x202E; talks&#0; would follow&#x1b; in the spring.</p>
</article></body></html>"""


def _clean(value: object) -> bool:
    return not any(c in json.dumps(value, ensure_ascii=False) for c in UNSAFE)


def test_extraction_removes_unsafe_characters() -> None:
    page = extract_html(PAGE)
    assert "Jean Dupont met the British ambassador" in page.text
    assert page.title == "Minister meets envoy in Paris"
    assert page.site_name == "Example News"
    assert not any(c in page.text + page.title + page.site_name for c in UNSAFE)
    flat = clean_flat_text(TEXT)
    assert "Foreign Minister Jean Dupont met" in flat
    assert not any(c in flat for c in UNSAFE)


@pytest.mark.parametrize(("name", "content"), [("page.html", PAGE), ("text.txt", TEXT)])
def test_summaries_carry_no_unsafe_characters(
    nlp: NlpModels,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    name: str,
    content: str,
) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    assert main(["summarize", str(path), "--json", "--details"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert any("Jean Dupont" in s for s in summary["sentences"])
    for key in ("title", "sentences", "who", "where", "quotes", "source", "text"):
        assert _clean(summary[key]), (key, summary[key])
