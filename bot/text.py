"""Text from outside made safe to show: no control or bidi-override characters (pure).

Used by extraction (page text, titles, names) and by rendering (everything that reaches a
chat), so that a stored row from before, a feed title or an error message is cleaned too.
"""

from __future__ import annotations

import re

# Removed: C0 controls but tab and newline (NUL, escape, carriage return, ...), DEL and the
# C1 controls; the bidi embeddings and overrides U+202A-U+202E and the isolates
# U+2066-U+2069, which reorder what follows them (a link "moc.elgoog" shown as "google.com");
# and lone surrogates, which are no text at all (a JSON "\ud800") and which Telegram refuses.
# The marks U+200E/U+200F stay: they only nudge neutral characters and are common in real
# Hebrew and Arabic text.
_UNSAFE_RE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def strip_unsafe(text: str) -> str:
    """``text`` without control characters (but tab and newline) and bidi overrides.

    A carriage return becomes a newline (old Mac line ends), so no two words are joined.
    """
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _UNSAFE_RE.sub("", text)


def blank_unsafe(text: str) -> str:
    """``text`` with what ``strip_unsafe`` removes turned into spaces: offsets stay the same."""
    return _UNSAFE_RE.sub(" ", text)


def one_line(text: str, limit: int) -> str:
    """``text`` made safe, on one line (whitespace runs become one space), cut to ``limit``."""
    line = " ".join(strip_unsafe(text).split())
    return line if len(line) <= limit else line[: limit - 1] + "…"
