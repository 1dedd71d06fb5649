"""`make lint`: no user-facing text is written in code; it is all in bot/locales/*.ftl.

Checked in the chat adapter (bot/telegram) and the presentation (bot/digest/render.py),
where text reaches users, by reading the code's syntax tree:
- no string literal holds a letter of a Cyrillic alphabet (Russian, Belarusian, Ukrainian
  text lives in the .ftl files), except docstrings and the words the bot reads rather than
  says (literals inside ``frozenset(...)``, ``set(...)`` or ``re.compile(...)``);
- no literal with letters is sent as a message, an edit, a callback answer or a button
  label: ``.answer("…")``, ``.edit_text(f"…")``, ``button(text="…")``, ``answer.text = "…"``.

Usage: python scripts/check_strings.py [PATH...]; prints each finding, exits 1 if any.
"""

from __future__ import annotations

import ast
import re
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHECKED = (ROOT / "bot" / "telegram", ROOT / "bot" / "digest" / "render.py")
CYRILLIC = re.compile(r"[\u0400-\u04ff]")
# Calls whose text reaches the user: the first positional argument, or these keywords.
SENDING = frozenset({
    "answer", "reply", "edit_text", "send_message", "button",  # aiogram methods, keyboards
    "Text", "Bold", "Italic", "as_key_value", "as_section", "BotCommand",  # formatting
})  # fmt: skip
TEXT_KEYWORDS = frozenset({"text", "description"})


def _literal_text(node: ast.AST) -> str | None:
    """The words of a string literal or an f-string's literal parts; None for other nodes."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(
            part.value
            for part in node.values
            if isinstance(part, ast.Constant) and isinstance(part.value, str)
        )
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = _literal_text(node.left), _literal_text(node.right)
        return None if left is None and right is None else (left or "") + (right or "")
    return None


def _has_words(text: str | None) -> bool:
    return text is not None and any(c.isalpha() for c in text)


# Calls whose string arguments are words the bot reads (commands typed in any language).
READING = frozenset({"frozenset", "set", "compile"})


def _exempt(tree: ast.AST) -> set[int]:
    """ids of the literals that are docstrings or words the bot reads."""
    exempt: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
            exempt.add(id(node.value))  # a docstring or a bare string statement
        elif isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name in READING:
                exempt.update(id(inner) for inner in ast.walk(node))
    return exempt


def findings(path: Path) -> Iterator[str]:
    """Each user-facing literal in ``path``, as "path:line: what"."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    shown = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
    exempt = _exempt(tree)
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            if CYRILLIC.search(node.value) and id(node) not in exempt:
                yield f"{shown}:{node.lineno}: Cyrillic text in code: {node.value[:40]!r}"
        elif isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name not in SENDING:
                continue
            texts = list(node.args[:1]) if name != "button" else []
            texts += [k.value for k in node.keywords if k.arg in TEXT_KEYWORDS]
            for text in texts:
                if _has_words(_literal_text(text)):
                    yield f"{shown}:{node.lineno}: text written in code, sent by {name}()"
        elif isinstance(node, ast.Assign):
            for target in node.targets:
                if (
                    isinstance(target, ast.Attribute)
                    and target.attr == "text"
                    and _has_words(_literal_text(node.value))
                ):
                    yield f"{shown}:{node.lineno}: text written in code, set as .text"


def main(paths: list[str]) -> int:
    files: list[Path] = []
    for given in [Path(p) for p in paths] or list(CHECKED):
        files += sorted(given.rglob("*.py")) if given.is_dir() else [given]
    found = [line for path in files for line in findings(path)]
    for line in found:
        print(line)
    if found:
        print(f"{len(found)} user-facing strings outside bot/locales: add them to every .ftl file")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
