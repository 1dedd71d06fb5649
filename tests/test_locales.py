"""Every user-facing string comes from bot/locales: every key in every locale, every message
renders, plurals agree with their number, a missing key falls back to Russian, and every key
the code asks for exists (and every key is asked for)."""

from __future__ import annotations

import pickle
import re
from pathlib import Path

import pytest
from fluent.syntax import FluentParser, ast
from fluent.syntax.visitor import Visitor

from bot import locales
from bot.app import MENU
from bot.errors import FetchError, InputError, TooLargeError, UnsupportedLanguageError
from bot.locales import LOCALES, LOCALES_DIR, translator
from bot.telegram.errors import told
from bot.telegram.i18n import html_of
from tests.factories import say

BOT = Path(locales.__file__).resolve().parent.parent
# Keys the code builds rather than writes out whole.
BUILT = {f"command-{name}" for name in MENU} | {"language-self"}
NUMBERS = {"n", "first", "last", "total", "size", "chosen"}


def _messages(locale: str) -> dict[str, ast.Message]:
    found: dict[str, ast.Message] = {}
    for path in sorted((LOCALES_DIR / locale).glob("*.ftl")):
        resource = FluentParser().parse(path.read_text(encoding="utf-8"))
        junk = [entry for entry in resource.body if isinstance(entry, ast.Junk)]
        assert not junk, f"{path}: {junk[0].annotations}"
        for entry in resource.body:
            if isinstance(entry, ast.Message):
                assert entry.id.name not in found, f"{path}: {entry.id.name} twice"
                found[entry.id.name] = entry
    return found


def _variables(message: ast.Message) -> set[str]:
    names: set[str] = set()

    class Variables(Visitor):
        def visit_VariableReference(self, node: ast.VariableReference) -> None:
            names.add(node.id.name)

    Variables().visit(message)
    return names


def _choices(message: ast.Message) -> dict[str, list[str]]:
    """The variables a message only chooses by («{ $kind -> [word] … *[name] … }»), with
    the names of their choices."""
    found: dict[str, list[str]] = {}

    class Selects(Visitor):
        def visit_SelectExpression(self, node: ast.SelectExpression) -> None:
            selector = node.selector
            if isinstance(selector, ast.VariableReference) and selector.id.name not in NUMBERS:
                keys = [v.key.name for v in node.variants if isinstance(v.key, ast.Identifier)]
                found.setdefault(selector.id.name, []).extend(keys)
            self.generic_visit(node)

    Selects().visit(message)
    return found


def _args(message: ast.Message) -> dict[str, object]:
    choices = _choices(message)
    return {
        name: 3 if name in NUMBERS else choices[name][0] if name in choices else f"«{name}»"
        for name in _variables(message)
    }


def test_every_locale_has_every_key_with_the_same_arguments() -> None:
    russian = _messages("ru")
    assert len(russian) > 50
    for locale in LOCALES:
        messages = _messages(locale)
        assert set(messages) == set(russian), locale
        for key, message in messages.items():
            assert _variables(message) == _variables(russian[key]), (locale, key)


@pytest.mark.parametrize("locale", LOCALES)
def test_every_message_renders(locale: str) -> None:
    t = translator(locale)
    for key, message in _messages(locale).items():
        text = t.get(key, **_args(message))
        assert text.strip(), key
        assert "{" not in text and "}" not in text, key
        choices = _choices(message)
        for name, value in _args(message).items():
            if name not in choices:
                assert str(value) in text, (key, value)
        # Each choice says something of its own.
        for name, keys in choices.items():
            said = {t.get(key, **{**_args(message), name: choice}) for choice in keys}
            assert len(said) == len(set(keys)), (key, name)
        # Shown as Telegram HTML escaped, never as markup.
        assert "<" not in html_of(t, key, **_args(message)).replace("&lt;", "")


@pytest.mark.parametrize(
    ("locale", "forms"),
    [
        ("ru", {1: "сообщение", 2: "сообщения", 4: "сообщения", 5: "сообщений", 11: "сообщений",
                21: "сообщение", 22: "сообщения", 100: "сообщений"}),
        ("be", {1: "паведамленне", 3: "паведамленні", 7: "паведамленняў", 12: "паведамленняў",
                31: "паведамленне"}),
        ("uk", {1: "повідомлення", 2: "повідомлення", 5: "повідомлень", 14: "повідомлень",
                41: "повідомлення"}),
        ("en", {1: "message", 2: "messages", 11: "messages", 21: "messages"}),
    ],
)  # fmt: skip
def test_plurals_agree_with_their_number(locale: str, forms: dict[int, str]) -> None:
    t = translator(locale)
    for n, word in forms.items():
        assert t.get("admin-broadcast-queued", n=n).endswith(f" {n} {word}."), (locale, n)


def test_the_interface_languages_are_named_in_themselves() -> None:
    names = [translator(code).get("language-self") for code in LOCALES]
    assert names == ["Русский", "Беларуская", "Українська", "English"]
    assert translator("de").locale == "ru"  # an unknown locale gets the fallback


def test_a_key_missing_in_belarusian_or_ukrainian_falls_back_to_russian(tmp_path: Path) -> None:
    for locale, body in (("ru", "only-ru = по-русски\nboth = русский\n"),
                         ("be", "both = беларуская\n"), ("uk", "both = українська\n"),
                         ("en", "both = English\n")):  # fmt: skip
        (tmp_path / locale).mkdir()
        (tmp_path / locale / "main.ftl").write_text(body, encoding="utf-8")
    core = locales.load(tmp_path)
    assert [core.get("both", code) for code in ("be", "uk")] == ["беларуская", "українська"]
    assert [core.get("only-ru", code) for code in ("be", "uk")] == ["по-русски"] * 2


def test_every_key_the_code_asks_for_exists_and_every_key_is_asked_for() -> None:
    known = set(_messages("ru"))
    # A key is a quoted literal that starts with one of the keys' first words ("prefs-…").
    prefixes = "|".join(sorted({key.split("-")[0] for key in known}))
    key = re.compile(rf"""["']((?:{prefixes})-[a-z0-9-]+)["']""")
    asked: set[str] = set()
    for path in BOT.rglob("*.py"):
        asked |= set(key.findall(path.read_text(encoding="utf-8")))
    assert asked - known == set()
    assert known - asked - BUILT == set()


def test_errors_are_told_in_the_chats_language_and_keep_it_across_processes() -> None:
    too_large = TooLargeError(20_000_000, 5_000_000)
    assert str(too_large) == "too large: 20,000,000 bytes, the limit is 5,000,000 bytes"  # CLI
    assert told(too_large, translator("ru")) == say("ru", "error-too-large", megabytes=5)
    assert "5 МБ" in told(too_large, translator("ru"))
    # The analysis worker process sends errors back pickled: key and arguments survive.
    back = pickle.loads(pickle.dumps(UnsupportedLanguageError("de")))  # noqa: S301
    assert type(back) is UnsupportedLanguageError
    assert (back.key, back.params) == ("error-unsupported-language", {"lang": "de"})
    assert told(back, translator("uk")) == say("uk", "error-unsupported-language", lang="de")
    # No key (a CLI-only error), or a message whose arguments are missing: the English line.
    assert told(InputError("each line must be a JSON object"), translator("ru")) == (
        "each line must be a JSON object"
    )
    broken = FetchError("the site answered HTTP 500", key="error-http")  # no status, no url
    assert told(broken, translator("ru")) == "the site answered HTTP 500"
