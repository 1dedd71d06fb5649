"""Text from outside made safe to show: controls and bidi overrides removed."""

from __future__ import annotations

import pytest

from bot.text import one_line, strip_unsafe


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a\x00b", "ab"),  # NUL
        ("a\x1b[31mb", "a[31mb"),  # escape: the terminal colour code loses its power
        ("gro\u202eoc.elgoog", "grooc.elgoog"),  # right-to-left override
        ("x\u202a\u202b\u202c\u202d\u2066\u2067\u2068\u2069y", "xy"),  # embeddings, isolates
        ("a\x85b\x9fc\x7fd", "abcd"),  # C1 controls and DEL
        ("a\ud800b", "ab"),  # a lone surrogate (a JSON "\ud800")
        ("line\r\nnext\rlast", "line\nnext\nlast"),  # no words joined
        ("tab\tand\nnewline", "tab\tand\nnewline"),  # kept
        ("שלום \u200fعالم 😀 Привет", "שלום \u200fعالم 😀 Привет"),  # real text untouched
    ],
)
def test_strip_unsafe(text: str, expected: str) -> None:
    assert strip_unsafe(text) == expected


def test_one_line() -> None:
    assert one_line("refused:\n  <b>\x00\u202e x\ty  ", 100) == "refused: <b> x y"
    assert one_line("a" * 50, 10) == "a" * 9 + "…"
