"""The CLI refuses loopback in every spelling: summarize, ingest, feeds add, feeds import.

ALLOW_PRIVATE_URLS is off here. The target is a real aiohttp server on 127.0.0.1 that counts
the requests it gets: every refusal must leave it at zero.
"""

from __future__ import annotations

import asyncio
import os
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path
from xml.sax.saxutils import quoteattr

import pytest
from aiohttp import web

from bot.analysis.models import NlpModels
from bot.cli import main
from tests.factories import LOOPBACK_FORMS as FORMS

FEEDS = Path(__file__).parent / "data" / "feeds"
NOT_HTTP = ["file:///etc/passwd", "javascript:alert(1)", "data:text/html,<b>hi</b>"]


class Target:
    """A real aiohttp server on 127.0.0.1, in a thread, counting requests; serves a feed."""

    def __init__(self) -> None:
        self.hits: list[str] = []
        self.port = 0
        self._loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def url(self, form: str) -> str:
        return form.format(port=self.port)

    async def _handle(self, request: web.Request) -> web.Response:
        self.hits.append(request.path)
        body = (FEEDS / "rss-local.xml").read_bytes()
        return web.Response(body=body, content_type="application/rss+xml")

    def _run(self) -> None:
        asyncio.set_event_loop(self._loop)
        app = web.Application()
        app.router.add_get("/{tail:.*}", self._handle)
        self._runner = web.AppRunner(app)
        self._loop.run_until_complete(self._runner.setup())
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        self._loop.run_until_complete(site.start())
        self.port = self._runner.addresses[0][1]
        self._ready.set()
        self._loop.run_forever()
        self._loop.run_until_complete(self._runner.cleanup())
        self._loop.close()

    def __enter__(self) -> Target:
        self._thread.start()
        self._ready.wait(10)
        return self

    def __exit__(self, *_: object) -> None:
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)


@pytest.fixture
def target() -> Iterator[Target]:
    with Target() as server:
        yield server


@pytest.fixture
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)  # no .env of the developer's is read
    path = tmp_path / "news.sqlite3"
    monkeypatch.setenv("DATABASE_PATH", str(path))
    monkeypatch.delenv("ALLOW_PRIVATE_URLS", raising=False)
    monkeypatch.delenv("BOT_TOKEN", raising=False)
    monkeypatch.delenv("FEEDS", raising=False)
    return path


def _cli(*argv: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """The real command, as a process (environment: the one the fixtures set)."""
    return subprocess.run(
        [sys.executable, "-m", "bot", *argv],
        capture_output=True, text=True, check=False, timeout=180, cwd=cwd, env=dict(os.environ),
    )  # fmt: skip


def _rows(database: Path, table: str) -> int:
    if not database.exists():
        return 0
    with closing(sqlite3.connect(database)) as conn:
        (count,) = conn.execute(f"SELECT count(*) FROM {table}").fetchone()  # noqa: S608
    return int(count)


@pytest.mark.parametrize("form", FORMS)
def test_summarize_refuses(
    form: str,
    target: Target,
    database: Path,
    nlp: NlpModels,
    capsys: pytest.CaptureFixture[str],
) -> None:
    code = main(["summarize", target.url(form)])
    out, err = capsys.readouterr()
    assert (code, out) == (1, "")
    assert err.startswith("newsbrief: refused: ")
    assert err.endswith(" is a private address\n")
    assert err.count("\n") == 1
    assert target.hits == []


@pytest.mark.slow  # starts a process
def test_summarize_refuses_as_a_process(target: Target, database: Path) -> None:
    proc = _cli("summarize", target.url(FORMS[0]), cwd=database.parent)
    assert proc.returncode == 1
    assert proc.stderr == "newsbrief: refused: 127.0.0.1 is a private address\n"
    assert target.hits == []


@pytest.mark.slow  # starts a process
def test_ingest_refuses_every_spelling_and_stores_nothing(target: Target, database: Path) -> None:
    urls = [target.url(form) for form in FORMS]
    proc = _cli("ingest", *urls, cwd=database.parent)
    assert proc.returncode == 1
    lines = proc.stdout.splitlines()
    assert len(lines) == len(urls)
    for url, line in zip(urls, lines, strict=True):
        assert line.startswith(f"error {url}: refused: ")
        assert line.endswith(" is a private address")
    assert "Traceback" not in proc.stderr
    assert target.hits == []
    assert _rows(database, "articles") == 0


@pytest.mark.parametrize("form", FORMS)
def test_feeds_add_refuses(
    form: str, target: Target, database: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["feeds", "add", target.url(form)])
    out, err = capsys.readouterr()
    assert (code, out) == (1, "")
    assert err.startswith("newsbrief: refused: ")
    assert err.endswith(" is a private address\n")
    assert target.hits == []
    assert _rows(database, "feeds") == 0


@pytest.mark.slow  # starts a process
def test_feeds_add_refuses_as_a_process(target: Target, database: Path) -> None:
    proc = _cli(
        "feeds", "add", target.url("http://127。0。0。1:{port}/feed.xml"), cwd=database.parent
    )
    assert proc.returncode == 1
    assert proc.stderr == "newsbrief: refused: 127.0.0.1 is a private address\n"
    assert target.hits == []


@pytest.mark.slow  # starts a process
def test_feeds_import_keeps_the_good_and_counts_the_refused(
    target: Target, database: Path
) -> None:
    good = ["https://news.example.com/rss.xml", "https://ＷＯＲＬＤ.example.org/feed.atom"]
    bad = [target.url(form) for form in FORMS] + NOT_HTTP
    outlines = "".join(f"<outline text='x' xmlUrl={quoteattr(url)}/>" for url in [*bad, *good])
    opml = database.parent / "list.opml"
    opml.write_text(f'<opml version="2.0"><body>{outlines}</body></opml>', encoding="utf-8")

    proc = _cli("feeds", "import", str(opml), cwd=database.parent)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == f"imported 2 new feeds; refused {len(bad)} unsafe URLs\n"
    listed = _cli("feeds", "list", cwd=database.parent).stdout.splitlines()
    assert [line.split("\t")[0] for line in listed] == [
        "https://news.example.com/rss.xml",
        "https://world.example.org/feed.atom",  # stored in the normal form that is fetched
    ]
    assert target.hits == []  # an import fetches nothing; no refused URL is left to poll


def test_feeds_add_stores_the_form_that_was_checked(
    target: Target,
    database: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """With ALLOW_PRIVATE_URLS the fullwidth spelling is fetched, and stored as 127.0.0.1."""
    monkeypatch.setenv("ALLOW_PRIVATE_URLS", "true")
    code = main(["feeds", "add", target.url("http://１２７.０.０.１:{port}/feed.xml")])
    out, _ = capsys.readouterr()
    assert (code, out) == (0, target.url("added http://127.0.0.1:{port}/feed.xml\n"))
    assert target.hits == ["/feed.xml"]
