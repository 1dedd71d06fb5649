"""The fake Bot API's own rules, so that tests relying on it can be trusted."""

from __future__ import annotations

import pytest

from tests.fake_telegram import EntityError, parse_html, utf16_len


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("<b>bold</b> &amp; <i>it</i>", "bold & it"),
        ('<a href="https://e.com">link</a>', "link"),
        ("plain &lt;b&gt;", "plain <b>"),
        ('<span class="tg-spoiler">x</span>', "x"),
    ],
)
def test_valid_html(text: str, shown: str) -> None:
    assert parse_html(text) == shown


@pytest.mark.parametrize(
    "text",
    ["<script>x</script>", "<b>open", "<b><i>x</b></i>", "<div>x</div>", "<a>no href</a>",
     '<span class="x">s</span>'],
)  # fmt: skip
def test_invalid_html(text: str) -> None:
    with pytest.raises(EntityError):
        parse_html(text)


def test_utf16_length_counts_emoji_twice() -> None:
    assert utf16_len("😀a") == 3
