"""scripts/check_strings.py (run by `make lint`): the bot's chat code writes no user-facing
text, and the check finds text written in code when there is some."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "check_strings.py"
spec = importlib.util.spec_from_file_location("check_strings", SCRIPT)
assert spec is not None and spec.loader is not None
check_strings = importlib.util.module_from_spec(spec)
spec.loader.exec_module(check_strings)


def test_the_chat_code_writes_no_user_facing_text(capsys: pytest.CaptureFixture[str]) -> None:
    assert check_strings.main([]) == 0
    assert capsys.readouterr().out == ""


def test_text_written_in_code_is_found(tmp_path: Path) -> None:
    handler = tmp_path / "handler.py"
    handler.write_text(
        '"""Docstrings may say «привет»."""\n'
        'WORDS = frozenset({"время", "time"})  # words the bot reads\n'
        "async def h(message, i18n, answer, builder, n):\n"
        '    await message.answer("Привет!")\n'
        '    await message.answer(f"Queued: {n} messages")\n'
        '    await message.answer(i18n.get("start-help"))\n'
        '    builder.button(text="Back", callback_data="x")\n'
        '    builder.button(text=f"• {n} •", callback_data="y")\n'
        '    answer.text = "Expired"\n'
        '    return Bold("Subscribers"), Text("\\n" + i18n.get("prefs-hint"))\n',
        encoding="utf-8",
    )
    found = list(check_strings.findings(handler))
    lines = sorted(int(line.split(":")[1]) for line in found)
    # Cyrillic literal and its send (4, twice), the f-string (5), the button (7), the
    # callback notice (9), the Bold label (10); not the docstring, the words read, the
    # i18n lookups or the bullet of digits.
    assert lines == [4, 4, 5, 7, 9, 10]
    assert check_strings.main([str(handler)]) == 1
