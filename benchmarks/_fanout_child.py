"""The outbox worker in a process of its own, for fanout.py's crash and memory scenarios.

Connects to the database file (already migrated and filled by fanout.py) and to the fake
Bot API at ``--url``, runs ``OutboxWorker`` until nothing is queued or sending, then prints
one JSON line: the worker's stats, the outbox counts and this process's memory (kB).
fanout.py kills it with SIGKILL at random moments and starts it again.

    python benchmarks/_fanout_child.py --db PATH --url http://127.0.0.1:PORT
        [--rate 25|none] [--concurrency 8] [--timeout 900]
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import logging
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _fanout_common import database, drain, make_bot, make_worker, rss_kb

from bot.delivery.limiter import Limiter
from bot.storage import outbox


async def run(args: argparse.Namespace) -> dict[str, object]:
    rate = None if args.rate == "none" else float(args.rate)
    before = rss_kb()
    async with database(Path(args.db)) as db:
        bot = make_bot(args.url)
        worker = make_worker(db, bot, Limiter(rate), args.concurrency)
        started = time.monotonic()
        drained = await drain(worker, db, within=args.timeout)
        seconds = time.monotonic() - started
        counts = await outbox.counts(db)
        await bot.session.close()
    gc.collect()
    after = rss_kb()
    return {
        "drained": drained,
        "seconds": seconds,
        "stats": worker.stats,
        "counts": counts,
        "rss_start_kb": before[0],
        "rss_end_kb": after[0],
        "hwm_kb": after[1],
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", required=True)
    parser.add_argument("--url", required=True)
    parser.add_argument("--rate", default="25")
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--timeout", type=float, default=900.0)
    args = parser.parse_args()
    logging.basicConfig(level=logging.ERROR)
    print(json.dumps(asyncio.run(run(args))), flush=True)


if __name__ == "__main__":
    main()
