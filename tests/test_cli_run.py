"""`python -m bot run` failing on a bad TELEGRAM_API_URL: one line, never the token."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from bot.config import Settings

SECRET = "AAHx9secretPartOfTheToken-abcdefghijk"
TOKEN = f"123456789:{SECRET}"


def _run(tmp_path: Path, api_url: str) -> subprocess.CompletedProcess[str]:
    env = os.environ | {
        "BOT_TOKEN": TOKEN,
        "TELEGRAM_API_URL": api_url,
        "DATABASE_PATH": str(tmp_path / "bot.sqlite3"),
        "ANALYSIS_PROCESSES": "0",
        "LOG_LEVEL": "WARNING",
    }
    return subprocess.run(
        [sys.executable, "-m", "bot", "run"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.mark.slow  # starts a process
@pytest.mark.parametrize("api_url", ["http://127.0.0.1:99999", "http://[::1", "ftp://127.0.0.1/x"])
def test_a_malformed_api_url_stops_at_start_in_one_line(tmp_path: Path, api_url: str) -> None:
    done = _run(tmp_path, api_url)
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr == (
        "newsbrief: setting TELEGRAM_API_URL is invalid: "
        "must be an http(s) URL, e.g. https://api.telegram.org\n"
    )
    assert SECRET not in done.stdout + done.stderr


@pytest.mark.slow  # starts a process
def test_an_unreachable_api_fails_in_one_line_without_the_token(tmp_path: Path) -> None:
    with socket.socket() as sock:  # a port on 127.0.0.1 that nothing listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    done = _run(tmp_path, f"http://127.0.0.1:{port}")
    assert done.returncode == 1
    assert SECRET not in done.stdout + done.stderr
    lines = done.stderr.splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith(
        f"newsbrief: cannot reach the Telegram Bot API at http://127.0.0.1:{port}: "
    )


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("https://api.telegram.org/", "https://api.telegram.org"),
        ("http://127.0.0.1:8081", "http://127.0.0.1:8081"),
        ("http://[::1]:8081/", "http://[::1]:8081"),
        ("http://telegram_bot_api:8081/api", "http://telegram_bot_api:8081/api"),
    ],
)
def test_good_api_urls_are_kept(value: str, expected: str) -> None:
    assert Settings(telegram_api_url=value).telegram_api_url == expected


@pytest.mark.parametrize(
    "value",
    ["http://127.0.0.1:0", "http://user:pass@host", "http://host/?q=1", "http://a b", "http://"],
)
def test_other_bad_api_urls_are_refused(value: str) -> None:
    with pytest.raises(ValueError, match="must be an http"):
        Settings(telegram_api_url=value)
