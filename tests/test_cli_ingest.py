"""The `ingest` and `resummarize` commands on a database file in a temporary folder."""

from __future__ import annotations

import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from bot.analysis.models import NlpModels
from bot.analysis.summarize import SUMMARY_VERSION
from bot.cli import main

DATA = Path(__file__).parent / "data"
EXAMPLE = DATA / "zerkalo-rubio-lavrov.txt"
EN_NEWS = DATA / "flat-en-news.txt"


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str], str]:
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out.splitlines(), err


def test_ingest_reports_each_source(
    database: Path, tmp_path: Path, nlp: NlpModels, capsys: pytest.CaptureFixture[str]
) -> None:
    copy = tmp_path / "copy.txt"
    shutil.copy(EXAMPLE, copy)
    missing = tmp_path / "missing.txt"
    code, lines, _ = run(["ingest", str(EXAMPLE), str(EN_NEWS), str(copy), str(missing)], capsys)
    assert code == 1
    assert len(lines) == 4
    status, first_id, label = lines[0].split("  ", 2)
    assert (status, first_id) == ("new", "1")
    assert "Рубио" in label
    assert "\n" not in label
    assert lines[1].startswith("new  2  ")
    assert lines[2].startswith("dup  1  ")  # same text under another name
    assert lines[3] == f"error {missing}: no such file: {missing}"
    assert database.exists()

    code, lines, _ = run(["ingest", str(EN_NEWS), str(EXAMPLE)], capsys)
    assert code == 0
    assert [line.split("  ")[:2] for line in lines] == [["dup", "2"], ["dup", "1"]]


def test_ingest_refused_language_is_an_error_line(
    database: Path, tmp_path: Path, nlp: NlpModels, capsys: pytest.CaptureFixture[str]
) -> None:
    german = tmp_path / "de.txt"
    german.write_text(
        "Die Regierung hat am Montag einen neuen Haushalt beschlossen. Er gilt ab Januar.",
        encoding="utf-8",
    )
    code, lines, _ = run(["ingest", str(german)], capsys)
    assert code == 1
    assert lines == [f"error {german}: unsupported language: de"]


def test_resummarize_counts_updated_articles(
    database: Path, nlp: NlpModels, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, _ = run(["ingest", str(EXAMPLE), str(EN_NEWS)], capsys)
    assert code == 0
    with closing(sqlite3.connect(database)) as conn, conn:
        conn.execute("UPDATE articles SET summary_version = 0 WHERE id = 1")

    code, lines, _ = run(["resummarize"], capsys)
    assert code == 0
    assert lines == ["re-summarised 1 article"]
    with closing(sqlite3.connect(database)) as conn:
        versions = conn.execute("SELECT summary_version FROM articles ORDER BY id").fetchall()
    assert versions == [(SUMMARY_VERSION,), (SUMMARY_VERSION,)]

    code, lines, _ = run(["resummarize"], capsys)
    assert lines == ["re-summarised 0 articles"]


def test_backup_copies_a_consistent_database(
    database: Path, tmp_path: Path, nlp: NlpModels, capsys: pytest.CaptureFixture[str]
) -> None:
    run(["ingest", str(EXAMPLE)], capsys)
    target = tmp_path / "backups" / "copy.sqlite3"
    code, lines, _ = run(["backup", str(target)], capsys)
    assert code == 0
    assert lines == [f"backed up {database} to {target}"]
    with closing(sqlite3.connect(target)) as copy:
        assert copy.execute("SELECT COUNT(*) FROM articles").fetchone() == (1,)
        assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    code, _, err = run(["backup", str(target)], capsys)  # never overwrites
    assert code == 1
    assert "exists" in err


def test_digest_preview(
    database: Path, nlp: NlpModels, capsys: pytest.CaptureFixture[str]
) -> None:
    run(["ingest", str(EXAMPLE)], capsys)
    code, _, err = run(["digest", "--preview", "5"], capsys)
    assert code == 1
    assert err == "newsbrief: chat 5 is not a subscriber\n"
    with closing(sqlite3.connect(database)) as conn, conn:
        conn.execute(
            "INSERT INTO subscribers (chat_id, kind, lang, tz, digest_time, created_at) "
            "VALUES (5, 'private', 'en', 'UTC', '08:00', 0)"
        )
    code, lines, _ = run(["digest", "--preview", "5"], capsys)
    assert code == 0
    # An ingested file is not a feed's news: digests are made of feed articles only.
    assert lines == ["nothing new since the last digest"]
