"""The `feeds` command: a feed folder served on 127.0.0.1 by a thread, a database file."""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from bot.analysis.models import NlpModels
from bot.cli import main

FEEDS = Path(__file__).parent / "data" / "feeds"


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *_: object) -> None:
        pass


@pytest.fixture
def base() -> Iterator[str]:
    handler = functools.partial(_Quiet, directory=str(FEEDS))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def database(database: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """conftest's CLI database, with private URLs allowed and no FEEDS."""
    monkeypatch.setenv("ALLOW_PRIVATE_URLS", "true")
    monkeypatch.delenv("FEEDS", raising=False)
    return database


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str], str]:
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out.splitlines(), err


def test_add_list_remove(database: Path, base: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, lines, _ = run(["feeds", "add", base + "/rss-ru.xml"], capsys)
    assert (code, lines) == (0, [f"added {base}/rss-ru.xml"])
    code, lines, _ = run(["feeds", "add", base + "/rss-ru.xml"], capsys)
    assert (code, lines) == (0, [f"already there: {base}/rss-ru.xml"])
    code, lines, err = run(["feeds", "add", base + "/not-a-feed.html"], capsys)
    assert code == 1
    assert err == f"newsbrief: not a feed: {base}/not-a-feed.html\n"

    code, lines, _ = run(["feeds", "list"], capsys)
    assert (code, lines) == (0, [f"{base}/rss-ru.xml\tНовости Минска\tok"])

    code, lines, _ = run(["feeds", "remove", base + "/rss-ru.xml"], capsys)
    assert (code, lines) == (0, [f"removed {base}/rss-ru.xml"])
    code, lines, _ = run(["feeds", "remove", base + "/rss-ru.xml"], capsys)
    assert (code, lines) == (1, [f"not found: {base}/rss-ru.xml"])
    assert run(["feeds", "list"], capsys)[:2] == (0, [])


def test_import_export_round_trip(
    database: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, lines, err = run(["feeds", "import", str(FEEDS / "subscriptions.opml")], capsys)
    assert (code, lines) == (0, ["imported 3 new feeds"])
    assert "3/3 feeds" in err
    assert run(["feeds", "import", str(FEEDS / "subscriptions.opml")], capsys)[1] == [
        "imported 0 new feeds"
    ]

    out = tmp_path / "out.opml"
    code, lines, _ = run(["feeds", "export", str(out)], capsys)
    assert (code, lines) == (0, [f"exported to {out}"])
    code, stdout_lines, _ = run(["feeds", "export"], capsys)
    assert code == 0
    assert "\n".join(stdout_lines) + "\n" == out.read_text(encoding="utf-8")

    monkeypatch.setenv("DATABASE_PATH", str(tmp_path / "other.sqlite3"))
    assert run(["feeds", "import", str(out)], capsys)[1] == ["imported 3 new feeds"]
    code, lines, _ = run(["feeds", "list"], capsys)
    assert [line.split("\t")[:2] for line in lines] == [
        ["https://news.example.by/rss.xml", "Новости Минска"],
        ["https://world.example.com/feed.atom", "World Desk"],
        ["https://notes.example.org/feed.json", "Tech Notes"],
    ]


def test_import_refuses_a_hostile_file(database: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["feeds", "import", str(FEEDS / "hostile.opml")], capsys)
    assert code == 1
    assert err.startswith("newsbrief: not a valid OPML file: ")
    code, _, err = run(["feeds", "import", "missing.opml"], capsys)
    assert code == 1
    assert err.startswith("newsbrief: cannot read missing.opml")


def test_poll_prints_one_line_per_feed(
    database: Path, base: str, nlp: NlpModels, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(["feeds", "poll"], capsys)[:2] == (0, ["no feeds are due"])
    run(["feeds", "add", base + "/rss-local.xml"], capsys)
    # `feeds add` refuses a broken feed; an import does not fetch, so it takes it.
    opml = Path("broken.opml")
    opml.write_text(
        f'<opml version="2.0"><body><outline xmlUrl="{base}/broken.xml"/></body></opml>',
        encoding="utf-8",
    )
    run(["feeds", "import", str(opml)], capsys)

    code, lines, _ = run(["feeds", "poll"], capsys)
    assert code == 1
    # The teaser links to /article-en.html, not in this folder: one entry fails.
    assert lines == [
        f"ok {base}/rss-local.xml +2 new (1 failed)",
        f"error {base}/broken.xml: malformed feed: {base}/broken.xml",
    ]
    assert run(["feeds", "poll"], capsys)[:2] == (0, ["no feeds are due"])
