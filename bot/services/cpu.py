"""Where the CPU-heavy analysis runs: a worker process, so the bot keeps answering.

Analysis (NER, quotes, ranking) is pure Python for the most part and holds the GIL: in a
thread of the bot's own process it takes the interpreter from the handlers, and commands
answered while a feed is stored wait behind it (benchmarks/bench_commands.py). In a worker
process it has a core of its own.

``start(processes)`` is called once by ``app.run`` after the models are loaded and before
any thread exists: on Linux the workers are forked then, so they share the parent's models
(loaded once, copy-on-write) instead of loading their own. ``processes=0`` (and every test
or CLI command that never calls ``start``) runs the analysis in a thread, as before.
"""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import logging
import multiprocessing
import os
import signal
import sys
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import TypeVar

from bot.analysis.models import NlpModels, load

log = logging.getLogger(__name__)

PR_SET_PDEATHSIG = 1  # linux/prctl.h
WORKER_NICENESS = 10
T = TypeVar("T")
A = TypeVar("A")
_pool: ProcessPoolExecutor | None = None


def _in_worker(fn: Callable[[A, NlpModels], T], arg: A) -> T:
    # A forked worker finds the parent's models in load()'s cache; a spawned one loads them.
    return fn(arg, load())


def _ready() -> bool:
    load()
    return True


def _init_worker() -> None:
    """In each worker: die with the bot (even SIGKILLed), leave Ctrl-C to the bot, and
    yield the CPU to it: answers come first, a feed can take a moment longer."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    with contextlib.suppress(OSError):
        os.nice(WORKER_NICENESS)
    if sys.platform == "linux":
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


def start(processes: int) -> None:
    """Start ``processes`` analysis workers now (0: analysis stays in threads)."""
    global _pool  # noqa: PLW0603 (one pool per process, set at start-up)
    if processes <= 0 or _pool is not None:
        return
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    _pool = ProcessPoolExecutor(
        max_workers=processes, mp_context=context, initializer=_init_worker
    )
    # Fork every worker now, while the process has a single thread.
    for _ in range(processes):
        _pool.submit(_ready).result()
    log.info("analysis runs in %d worker process(es)", processes)


def stop() -> None:
    """Stop the workers (analysis in flight is finished first)."""
    global _pool  # noqa: PLW0603
    if _pool is not None:
        _pool.shutdown(wait=True, cancel_futures=True)
        _pool = None


async def call(fn: Callable[[], T]) -> T:
    """``fn()`` in a worker process when started, else in a thread: for CPU-heavy work that
    needs no models (HTML extraction). ``fn`` must pickle: a module-level function or a
    ``functools.partial`` of one."""
    pool = _pool
    if pool is None:
        return await asyncio.to_thread(fn)
    loop = asyncio.get_running_loop()
    try:
        return await loop.run_in_executor(pool, fn)
    except BrokenProcessPool:
        log.error("analysis worker died; working in a thread")
        return await asyncio.to_thread(fn)


async def run(fn: Callable[[A, NlpModels], T], arg: A, nlp: NlpModels) -> T:
    """``fn(arg, nlp)`` in a worker process when started, else in a thread.

    ``fn`` and ``arg`` must pickle (a module-level function, frozen dataclasses).
    """
    pool = _pool
    if pool is None:
        return await asyncio.to_thread(fn, arg, nlp)
    loop = asyncio.get_running_loop()
    try:
        return await loop.run_in_executor(pool, _in_worker, fn, arg)
    except BrokenProcessPool:  # a worker died (killed, out of memory): analyse here
        log.error("analysis worker died; analysing in a thread")
        return await asyncio.to_thread(fn, arg, nlp)
