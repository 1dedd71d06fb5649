"""The CLI as a thin adapter: what `extract` loads, ALLOW_PRIVATE_URLS read as a setting."""

from __future__ import annotations

import asyncio
import json
import os
import sys
from pathlib import Path

import pytest

from bot.cli import main
from tests.factories import page_server

PAGE = (
    "<html><head><title>Council news</title></head><body><article>"
    "<p>The town council met on Monday evening in the old library.</p>"
    "<p>It approved the budget for the new school year after a long debate.</p>"
    "</article></body></html>"
)
TEXT = "The town council met on Monday evening. It approved the budget for the school year.\n"

# Runs the CLI in a fresh interpreter and reports which heavy packages it imported.
_LOADED = """
import json, sys
from bot.cli import main
code = main(sys.argv[1:])
heavy = ("natasha", "aiohttp", "aiogram", "aiosqlite", "bot.analysis", "bot.storage")
print(json.dumps({"code": code, "loaded": sorted(m for m in heavy if m in sys.modules)}))
"""


async def _run(*argv: str, cwd: Path) -> tuple[int, str, str]:
    proc = await asyncio.create_subprocess_exec(
        *argv,
        cwd=cwd,
        env=dict(os.environ),
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(proc.communicate(), 120)
    assert proc.returncode is not None
    return proc.returncode, out.decode(), err.decode()


@pytest.fixture
def clean_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)  # no .env of the developer's is read
    for name in ("ALLOW_PRIVATE_URLS", "BOT_TOKEN", "DATABASE_PATH"):
        monkeypatch.delenv(name, raising=False)
    return tmp_path


@pytest.mark.slow
async def test_extract_of_a_file_loads_no_models_network_or_storage(clean_env: Path) -> None:
    path = clean_env / "council.txt"
    path.write_text(TEXT, encoding="utf-8")
    code, out, err = await _run(sys.executable, "-c", _LOADED, "extract", str(path), cwd=clean_env)
    assert (code, err) == (0, "")
    text, report = out.rsplit("\n", 2)[:2]
    assert text == TEXT.strip()
    assert json.loads(report) == {"code": 0, "loaded": []}


@pytest.mark.slow
async def test_allow_private_urls_is_a_setting_read_from_dotenv(clean_env: Path) -> None:
    async with page_server(PAGE) as server:
        url = server.base + "/news/1"
        refused = await _run(sys.executable, "-m", "bot", "extract", url, cwd=clean_env)
        (clean_env / ".env").write_text("ALLOW_PRIVATE_URLS=true\n", encoding="utf-8")
        fetched = await _run(sys.executable, "-m", "bot", "extract", url, cwd=clean_env)
        (clean_env / ".env").write_text("ALLOW_PRIVATE_URLS=perhaps\n", encoding="utf-8")
        malformed = await _run(sys.executable, "-m", "bot", "extract", url, cwd=clean_env)
    assert refused == (1, "", "newsbrief: refused: 127.0.0.1 is a private address\n")
    assert fetched[0] == 0, fetched[2]
    assert "The town council met on Monday evening" in fetched[1]
    assert malformed[0] == 2
    assert malformed[2].startswith("newsbrief: setting ALLOW_PRIVATE_URLS is invalid: ")
    assert malformed[2].count("\n") == 1
    assert server.hits == ["/news/1"]  # neither the refusal nor the bad setting fetched


def test_main_sets_one_blas_thread(
    clean_env: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The installed `newsbrief` script enters at bot.cli.main, not through bot/__main__.py."""
    monkeypatch.delenv("OPENBLAS_NUM_THREADS", raising=False)
    path = clean_env / "council.txt"
    path.write_text(TEXT, encoding="utf-8")
    assert main(["extract", str(path)]) == 0
    assert capsys.readouterr().out == TEXT
    assert os.environ["OPENBLAS_NUM_THREADS"] == "1"
