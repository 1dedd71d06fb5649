"""Analysis in a worker process: same results, errors kept, the bot's loop left free."""

from __future__ import annotations

import pickle
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from bot.errors import EmptyTextError, NewsbriefError, TooLargeError, UnsupportedLanguageError

ROOT = Path(__file__).parents[2]


@pytest.mark.parametrize(
    "error", [UnsupportedLanguageError("de"), EmptyTextError(), TooLargeError(10, 5)]
)
def test_errors_cross_a_process_boundary_intact(error: NewsbriefError) -> None:
    again = pickle.loads(pickle.dumps(error))  # noqa: S301 (our own bytes)
    assert type(again) is type(error)
    assert str(again) == str(error)


SCRIPT = textwrap.dedent(
    """
    import asyncio, os, sys
    from bot.analysis.models import load
    from bot.errors import UnsupportedLanguageError
    from bot.services import cpu, ingest

    def where(arg, nlp):
        return os.getpid()

    async def main():
        nlp = load()
        text = open(sys.argv[1], encoding="utf-8").read()
        prepared = ingest.prepare(text)
        in_process = ingest._analyse(prepared, nlp)  # no thread yet: fork stays safe
        cpu.start(1)
        try:
            assert await cpu.run(where, None, nlp) != os.getpid()
            in_worker = await cpu.run(ingest._analyse, prepared, nlp)
            assert in_worker == in_process, "the worker's analysis differs"
            german = ingest.prepare("Der Bundestag hat das Gesetz beschlossen. Es gilt.")
            try:
                await cpu.run(ingest._analyse, german, nlp)
            except UnsupportedLanguageError as exc:
                print("refused:", exc)
        finally:
            cpu.stop()
        assert await cpu.run(where, None, nlp) == os.getpid()  # stopped: a thread again
        print("ok", in_worker.summary.sentences[0][:40])

    asyncio.run(main())
    """
)


@pytest.mark.slow  # starts a process
def test_analysis_in_a_worker_process_matches_the_thread() -> None:
    # A subprocess: forking pytest's own (threaded) process would be unsafe.
    example = ROOT / "tests" / "data" / "zerkalo-rubio-lavrov.txt"
    run = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(example)],
        cwd=ROOT, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr[-2000:]
    assert "Warning" not in run.stderr  # e.g. fork() of a multi-threaded process
    lines = run.stdout.splitlines()
    assert lines[0] == "refused: unsupported language: de"
    assert lines[1].startswith("ok Госсекретарь США Марко Рубио")
