"""The fake Bot API of ``tests/fake_telegram.py`` in a process of its own, for fanout.py.

Prints ``PORT <n>`` on stdout once it listens, then serves until SIGTERM (or stdin closes).
An extra route, ``GET /_bench/report``, answers what the fake saw: every accepted
sendMessage as ``[chat_id, message_id, sha1(text)[:16]]``, the violations, the refusals and
the injected faults.

    python benchmarks/_fanout_fake.py [--limits on|off] [--p500 P] [--p502 P] [--drop P]
        [--drop-after P] [--seed N]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import hashlib
import os
import signal
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from aiohttp import web  # noqa: E402

from tests.fake_telegram import FakeTelegram, Faults  # noqa: E402


def text_key(text: str) -> str:
    """How a message's text is told apart in the reports (the texts are unique)."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]  # noqa: S324 (an id, not security)


class ReportingTelegram(FakeTelegram):
    """The fake with a report route and the time of each accepted message (monotonic, which
    is the same clock in every process); everything else is the fake's own behaviour."""

    times: list[float]

    async def _send_message(self, params: dict[str, Any]) -> web.Response:
        before = len(self.sent)
        response = await super()._send_message(params)
        if len(self.sent) > before:
            self.times.append(time.monotonic())
        return response

    async def start(self) -> str:
        app = web.Application()
        app.router.add_get("/_bench/report", self._report)
        app.router.add_route("*", "/bot{token}/{method}", self._dispatch)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0, backlog=1024)
        await site.start()
        port = self._runner.addresses[0][1]
        self.base_url = f"http://127.0.0.1:{port}"
        return self.base_url

    async def _report(self, _: web.Request) -> web.Response:
        body = {
            "sent": [
                [s.chat_id, s.message_id, text_key(s.text), t]
                for s, t in zip(self.sent, self.times, strict=True)
            ],
            "violations": self.violations,
            "refused": Counter(description for _, _, description in self.refused),
            "injected": Counter(self.injected),
        }
        return web.json_response(body)


async def serve(args: argparse.Namespace) -> None:
    faults = None
    if args.p500 or args.p502 or args.drop or args.drop_after:
        faults = Faults(
            p500=args.p500, p502=args.p502, drop=args.drop, drop_after=args.drop_after,
            seed=args.seed,
        )  # fmt: skip
    fake = ReportingTelegram(limits=args.limits == "on", faults=faults)
    fake.times = []
    url = await fake.start()
    print(f"PORT {url.rsplit(':', 1)[1]}", flush=True)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    await stop.wait()
    with contextlib.suppress(Exception):
        await fake.stop()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--limits", choices=("on", "off"), default="on")
    parser.add_argument("--p500", type=float, default=0.0)
    parser.add_argument("--p502", type=float, default=0.0)
    parser.add_argument("--drop", type=float, default=0.0)
    parser.add_argument("--drop-after", type=float, default=0.0)
    parser.add_argument("--seed", type=int, default=0)
    asyncio.run(serve(parser.parse_args()))


if __name__ == "__main__":
    main()
