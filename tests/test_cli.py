"""The command line: the example page end to end, --details offsets, bad input, batches."""

from __future__ import annotations

import io
import json
import logging
import subprocess
import sys
from pathlib import Path

import pytest

from bot.analysis.models import NlpModels
from bot.cli import main
from bot.cli.common import SettingsError, load_settings
from bot.cli.run import RedactSecret
from bot.cli.summarize import _fact_lines
from bot.models import Quote, Source, Summary

EXAMPLE = Path(__file__).parent / "data" / "zerkalo-rubio-lavrov.txt"
TRENDING = ["балетмейстер", "Пинск", "Золотова", "Гренланд", "колбас", "Орешник", "Львов"]


def run_cli(
    argv: list[str], capsys: pytest.CaptureFixture[str], stdin: str = ""
) -> tuple[int, str, str]:
    sys.stdin = io.TextIOWrapper(io.BytesIO(stdin.encode()), encoding="utf-8")
    try:
        code = main(argv)
    finally:
        sys.stdin = sys.__stdin__
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def example_json(nlp: NlpModels, capsys: pytest.CaptureFixture[str]) -> dict[str, object]:
    code, out, _ = run_cli(["summarize", str(EXAMPLE), "--json"], capsys)
    assert code == 0
    data: dict[str, object] = json.loads(out)
    return data


def test_example_sentences_are_the_article(example_json: dict[str, object]) -> None:
    sentences = example_json["sentences"]
    assert isinstance(sentences, list)
    assert 2 <= len(sentences) <= 3
    assert sum(len(s) for s in sentences) + len(sentences) - 1 <= 600
    assert sentences[0].startswith("Госсекретарь США Марко Рубио встретился")
    article = " ".join(EXAMPLE.read_text(encoding="utf-8").split("\n/\n", 1)[1].split())
    for s in sentences:
        assert " ".join(s.split()) in article
        assert "Фото:" not in s
        assert not any(word in s for word in TRENDING)


def test_example_who_where_when(example_json: dict[str, object]) -> None:
    who = example_json["who"]
    assert isinstance(who, list)
    people = [w for w in who if w["kind"] == "person"]
    assert people[0] == {"name": "Марко Рубио", "role": "госсекретарь США", "kind": "person"}
    assert people[1] == {
        "name": "Сергей Лавров",
        "role": "министр иностранных дел России",
        "kind": "person",
    }
    names = {w["name"] for w in who}
    assert not names & {"Марина Золотова", "Тихановский", "Лукашенко"}
    where = example_json["where"]
    assert isinstance(where, list)
    assert where[0] == "Куала-Лумпур"
    assert example_json["when"] == ["2025-07-10"]
    assert example_json["source"] == {"name": "Reuters", "url": None}


def test_example_quotes(example_json: dict[str, object]) -> None:
    quotes = example_json["quotes"]
    assert isinstance(quotes, list)
    by_start = {q["text"][:25]: q for q in quotes}
    rubio = [q for q in quotes if q["text"].startswith("Мы остаемся вовлеченными в процесс")]
    assert rubio and rubio[0]["speaker"] == "Марко Рубио" and rubio[0]["direct"]
    mid = [q for q in quotes if q["text"].startswith("проведена обстоятельная сверка часов")]
    assert mid and mid[0]["speaker"] == "МИД РФ", by_start
    # ordered by importance: the main actor's direct words first, one per speaker first
    assert quotes[0] is rubio[0]
    assert quotes[1] is mid[0]
    assert all(q["speaker"] != "Reuters" for q in quotes)  # the cited source, not a speaker


def test_details_offsets_index_the_text(
    nlp: NlpModels, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run_cli(["summarize", str(EXAMPLE), "--details"], capsys)
    assert code == 0
    data = json.loads(out)
    text = data["text"]
    assert data["entities"]
    for e in data["entities"]:
        assert e["type"] in {"PER", "LOC", "ORG"}
        assert text[e["start"] : e["end"]].strip()

    def words(s: str) -> str:  # the text as given may space with NBSP where the quote does not
        return " ".join(s.split())

    for q in data["quotes"]:
        # a quote split by its attribution shows its pieces joined with " … "
        pieces = [words(p) for p in q["text"].split(" … ")]
        assert words(text[q["start"] :]).startswith(pieces[0])
        assert words(text[: q["end"]]).endswith(pieces[-1])
        assert all(p in words(text[q["start"] : q["end"]]) for p in pieces)
        if q["speaker_start"] is not None:
            assert text[q["speaker_start"] : q["speaker_end"]].strip()


def test_human_output_has_the_fact_line(
    nlp: NlpModels, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run_cli(["summarize", str(EXAMPLE)], capsys)
    assert code == 0
    assert "Who: Марко Рубио (госсекретарь США)" in out
    assert "When: 2025-07-10" in out


def test_said_lines_show_reported_speech_as_reported() -> None:
    quotes = (
        Quote("что Сурков подал в отставку", False, 0, 5, "Дмитрий Песков"),
        Quote("Решение принято", True, 10, 20, "Дмитрий Песков"),
        Quote("Никто не знает", True, 30, 40, None),
    )
    summary = Summary("ru", None, (), (), (), (), quotes, Source(), 1)
    said = [line for line in _fact_lines(summary) if line.startswith("Said:")]
    assert said == [
        "Said: Дмитрий Песков: «Решение принято»",
        "Said: Дмитрий Песков: Сурков подал в отставку",
    ]


def test_extract_prints_the_clean_text(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(["extract", str(EXAMPLE)], capsys)
    assert code == 0
    assert out.startswith("Госсекретарь США Марко Рубио встретился")
    assert out.rstrip().endswith("— сказал Рубио.")


def _write(tmp_path: Path, name: str, data: bytes) -> str:
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("empty.txt", b"", "empty text"),
        ("blank.txt", b"  \n\t \n", "empty text"),
        ("image.png", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 10, "binary content"),
        ("random.bin", bytes(range(256)) * 40, "binary content"),
        ("words.txt", "слово другое третье и еще слова без точки".encode(), "no sentences"),
        ("de.txt", (b"Der Bundestag hat am Donnerstag das neue Gesetz beschlossen. "
                    b"Die Opposition kritisierte den Entwurf scharf."),
         "unsupported language: de"),
        ("broken.html", b"<html><body><div><p>\xd0\x9f</div></span></body", "no sentences"),
        ("menu.txt", "Главная\nНовости\n© 2025 Все права защищены.\nПодписаться на рассылку!\n"
         "Фото: Reuters\n".encode(), "no article text"),
    ],
)  # fmt: skip
def test_bad_input_one_line(
    nlp: NlpModels,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    name: str,
    data: bytes,
    message: str,
) -> None:
    code, out, err = run_cli(["summarize", _write(tmp_path, name, data)], capsys)
    assert code == 1
    assert out == ""
    assert err.count("\n") == 1
    assert message in err


def test_huge_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as fh:
        fh.truncate(20 * 1024 * 1024)
    code, _, err = run_cli(["summarize", str(path)], capsys)
    assert code == 1
    assert "too large" in err


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("http://127.0.0.1:9/news", "private address"),
        ("http://169.254.169.254/latest/meta-data/", "private address"),
        ("ftp://example.com/a.txt", "only http and https"),
    ],
)
def test_unsafe_urls(capsys: pytest.CaptureFixture[str], url: str, message: str) -> None:
    code, _, err = run_cli(["summarize", url], capsys)
    assert code == 1
    assert message in err


def test_unreachable_url(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ALLOW_PRIVATE_URLS", "true")
    code, _, err = run_cli(["summarize", "http://127.0.0.1:9/news"], capsys)
    assert code == 1
    assert err.startswith("newsbrief: cannot fetch")


def test_batch_goes_on_after_bad_lines(nlp: NlpModels, capsys: pytest.CaptureFixture[str]) -> None:
    lines = [
        {"id": "a", "text": EXAMPLE.read_text(encoding="utf-8")},
        {"id": "b", "text": ""},
        "not json",
        {"id": "d", "text": "Der Hund ist groß. Die Katze ist klein und schläft gern."},
        {"id": "e", "html": "<html><head><title>T</title></head><body><article><p>"
                            "The minister met the ambassador in Paris on Monday. "
                            "They discussed trade and security for an hour.</p>"
                            "</article></body></html>", "lang": "en"},
        {"id": "f"},
    ]  # fmt: skip
    stdin = "\n".join(x if isinstance(x, str) else json.dumps(x) for x in lines) + "\n"
    code, out, _ = run_cli(["summarize", "--batch", "--details"], capsys, stdin)
    assert code == 0
    results = [json.loads(line) for line in out.splitlines()]
    assert [r["id"] for r in results] == ["a", "b", 3, "d", "e", "f"]
    assert results[0]["sentences"] and "text" in results[0]
    assert results[1]["error"].startswith("empty text")
    assert results[2]["error"] == "not valid JSON"
    assert results[3]["error"] == "unsupported language: de"
    assert results[4]["lang"] == "en" and results[4]["sentences"]
    assert "error" in results[5]


def test_extract_batch_works_for_any_language(capsys: pytest.CaptureFixture[str]) -> None:
    text = "Menü\nDer Hund ist groß und die Katze ist klein, sagte der Nachbar am Montag."
    stdin = json.dumps({"id": 1, "text": text}) + "\n"
    code, out, _ = run_cli(["extract", "--batch"], capsys, stdin)
    assert code == 0
    result = json.loads(out)
    assert result["id"] == 1
    assert "Der Hund ist groß" in result["text"]


@pytest.mark.slow  # starts a process
def test_no_traceback_from_a_real_process(tmp_path: Path) -> None:
    path = _write(tmp_path, "bin.dat", bytes(range(256)) * 40)
    proc = subprocess.run(
        [sys.executable, "-m", "bot", "summarize", path],
        capture_output=True, text=True, check=False, timeout=120,
    )  # fmt: skip
    assert proc.returncode == 1
    assert proc.stderr.startswith("newsbrief: binary content")
    assert "Traceback" not in proc.stderr


def test_the_token_never_reaches_the_log(capsys: pytest.CaptureFixture[str]) -> None:
    token = "123456:AAE-secret-token-value-xyz"
    handler = logging.StreamHandler()
    handler.addFilter(RedactSecret(token))
    log = logging.getLogger("test.redact")
    log.addHandler(handler)
    try:
        log.error("GET https://api.telegram.org/bot%s/getMe failed", token)
        try:
            raise ConnectionError(f"cannot reach /bot{token}/sendMessage")
        except ConnectionError:
            log.exception("send failed")
    finally:
        log.removeHandler(handler)
    err = capsys.readouterr().err
    assert token not in err
    assert err.count("<BOT_TOKEN>") == 2
    assert "ConnectionError" in err  # the traceback is kept, only the secret goes


def test_a_rate_above_telegrams_needs_paid_broadcast(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MAX_MESSAGES_PER_SECOND", "100")
    with pytest.raises(SettingsError, match="ALLOW_PAID_BROADCAST"):
        load_settings()
    monkeypatch.setenv("ALLOW_PAID_BROADCAST", "true")
    assert load_settings().max_messages_per_second == 100


def test_env_example_lists_every_setting() -> None:
    from bot.config import Settings  # noqa: PLC0415 (beside the check it serves)

    example = (Path(__file__).parents[1] / ".env.example").read_text(encoding="utf-8")
    listed = {line.split("=", 1)[0] for line in example.splitlines() if "=" in line[:40]}
    listed = {name for name in listed if not name.startswith("#")}
    assert listed == {name.upper() for name in Settings.model_fields}
