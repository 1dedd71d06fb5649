"""Pasted text through the CLI: the headline line on top is the title, the prose is all kept."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from bot.analysis.models import NlpModels
from bot.cli import main

HEADLINE = "Минниханов предложил развивать проекты в сфере исламской культуры"
BODY = (
    "Развивать совместные проекты в сфере исламской культуры. С такой инициативой президент "
    "Татарстана Рустам Минниханов обратился к участникам форума в Казани во вторник. "
    "По его словам, соглашение о сотрудничестве подпишут до конца года, а персональные "
    "приглашения получат представители двенадцати стран."
)


def _run(argv: list[str], capsys: pytest.CaptureFixture[str], stdin: str = "") -> str:
    sys.stdin = io.TextIOWrapper(io.BytesIO(stdin.encode()), encoding="utf-8")
    try:
        assert main(argv) == 0
    finally:
        sys.stdin = sys.__stdin__
    return capsys.readouterr().out


def test_extract_batch_gives_the_headline_as_title(capsys: pytest.CaptureFixture[str]) -> None:
    lines = [
        {"id": "headline", "text": f"{HEADLINE}\r\n\r\n{BODY}\r\n"},
        {"id": "one paragraph", "text": BODY},  # refused before as "no article text"
        {"id": "given", "text": f"{HEADLINE}\n\n{BODY}", "title": "Заголовок редакции"},
    ]
    stdin = "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines)
    results = [
        json.loads(line)
        for line in _run(["extract", "--batch"], capsys, stdin).split("\n")
        if line
    ]
    assert results[0] == {"id": "headline", "text": BODY, "title": HEADLINE}
    assert results[1] == {"id": "one paragraph", "text": BODY}
    assert results[2] == {"id": "given", "text": BODY, "title": "Заголовок редакции"}


def test_summarize_json_gives_the_headline_as_title(
    nlp: NlpModels, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "pasted.txt"
    path.write_text(f"{HEADLINE}\n\n{BODY}\n", encoding="utf-8")
    data = json.loads(_run(["summarize", str(path), "--json"], capsys))
    assert data["title"] == HEADLINE
    assert data["sentences"][0].startswith("Развивать совместные проекты")
    assert all(HEADLINE not in s for s in data["sentences"])
