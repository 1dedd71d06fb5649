"""Telegram's send limits, kept on our side so that Telegram rarely has to say 429.

- Overall: ``rate`` messages per second (``MAX_MESSAGES_PER_SECOND``, 25 by default, below
  Telegram's 30), handed out as evenly spaced slots: a burst can never put more than about
  ``rate + 1`` messages into one second.
- A private chat: one message per second. Telegram tolerates short bursts above that, but
  not how short; ``private_burst`` allows n messages per n seconds when set above 1.
- A group: 20 messages per minute (a sliding window).
- After a 429: the chat (or everything, when the wait is global) is paused for
  ``retry_after``.

Answers to a user's own command take priority. Background messages keep to ``rate`` within
every sliding second, and while people are being answered they leave ``REPLY_HEADROOM`` of
the second's places free; a reply goes out at once while that second holds fewer than
``reply_cap`` messages (27: Telegram's 30 with a margin). So a fan-out never makes a reply
wait, and replies and fan-out together stay under Telegram's limit.
"""

from __future__ import annotations

import asyncio
import contextlib
import heapq
import itertools
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field

# A margin over Telegram's 1 s and 60 s: the time is taken before the request, which the
# network can delay more than the one before it.
PRIVATE_INTERVAL = 1.1
PRIVATE_BURST = 1
GROUP_WINDOW = 62.0
GROUP_PER_WINDOW = 20
TELEGRAM_PER_SECOND = 30
REPLY_MARGIN = 3  # replies may fill the second up to Telegram's 30 less this
# While people are being answered (a reply in the last REPLY_ACTIVE seconds), background
# messages leave this many of the second's places free for the next replies.
REPLY_HEADROOM = 6
REPLY_ACTIVE = 2.0


@dataclass(slots=True)
class _Chat:
    sends: deque[float] = field(default_factory=deque)  # recent send times, oldest first
    paused_until: float = 0.0


class Limiter:
    """Slots for sending: ``await limiter.acquire(chat_id)`` before each message."""

    def __init__(
        self,
        rate: float | None,
        *,
        private_interval: float = PRIVATE_INTERVAL,
        private_burst: int = PRIVATE_BURST,
        group_per_window: int = GROUP_PER_WINDOW,
        group_window: float = GROUP_WINDOW,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        """``rate=None`` means no overall limit (and no per-chat ones): for a test server."""
        self.rate = rate
        self.private_interval = private_interval
        self.private_burst = private_burst
        self.group_per_window = group_per_window
        self.group_window = group_window
        self.clock = clock
        self._chats: dict[int, _Chat] = {}
        self._paused_until = 0.0  # global pause after a global 429
        self._next_slot = 0.0
        self._second: deque[float] = deque()  # every send of the last second, oldest first
        self._last_reply = -1e9
        # Background: at most `rate` a second; replies: up to Telegram's limit less a margin.
        self.background_cap = max(1, int(rate)) if rate is not None else 0
        self.reply_cap = (
            max(self.background_cap, TELEGRAM_PER_SECOND - REPLY_MARGIN) if rate else 0
        )
        self._waiters: list[tuple[int, int, asyncio.Future[None]]] = []
        self._seq = itertools.count()
        self._pump: asyncio.Task[None] | None = None
        self._wake = asyncio.Event()

    # ------------------------------------------------------------------ per chat

    def chat_wait(self, chat_id: int, now: float | None = None) -> float:
        """Seconds until the chat may get its next message (0 when it may now)."""
        if self.rate is None:
            return 0.0
        now = self.clock() if now is None else now
        chat = self._chats.get(chat_id)
        if chat is None:
            return 0.0
        wait = chat.paused_until - now
        if chat_id < 0:  # groups and supergroups have negative ids
            window, allowed = self.group_window, self.group_per_window
        else:
            # At most `private_burst` messages in `private_burst` intervals.
            window, allowed = self.private_interval * self.private_burst, self.private_burst
        while chat.sends and now - chat.sends[0] >= window:
            chat.sends.popleft()
        if len(chat.sends) >= allowed:
            wait = max(wait, chat.sends[0] + window - now)
        if wait <= 0 and not chat.sends and chat.paused_until <= now:
            del self._chats[chat_id]  # forget idle chats: memory stays flat
        return max(0.0, wait)

    def recent_sends(self, chat_id: int, within: float) -> int:
        """How many messages the chat got in the last ``within`` seconds."""
        chat = self._chats.get(chat_id)
        now = self.clock()
        return 0 if chat is None else sum(1 for t in chat.sends if now - t < within)

    def group_nearly_full(self, chat_id: int) -> bool:
        """Whether a group has had most of its per-minute allowance."""
        chat = self._chats.get(chat_id)
        if chat is None:
            return False
        now = self.clock()
        recent = sum(1 for t in chat.sends if now - t < self.group_window)
        return recent >= self.group_per_window * 3 // 4

    def throttled(self, chat_id: int, seconds: float) -> None:
        """Telegram said 429 (``retry_after=seconds``) to a message for ``chat_id``.

        When the chat was near its own limit (a group with most of its minute used, or a
        private chat that got another message just before this one), only it is paused;
        otherwise our pace for the chat was kept, so the limit hit is the bot's: all pause.
        """
        if chat_id < 0:
            own = self.group_nearly_full(chat_id)
        else:  # this message counts as one: a second one close to it is the chat's pace
            own = self.recent_sends(chat_id, within=2 * self.private_interval) > 1
        if own:
            self.pause_chat(chat_id, seconds)
        else:
            self.pause_all(seconds)

    def pause_chat(self, chat_id: int, seconds: float) -> None:
        """Telegram said 429 for this chat: nothing goes to it for ``seconds``."""
        chat = self._chats.setdefault(chat_id, _Chat())
        chat.paused_until = max(chat.paused_until, self.clock() + seconds)

    def pause_all(self, seconds: float) -> None:
        """Telegram said 429 for the bot as a whole: nothing goes out for ``seconds``."""
        self._paused_until = max(self._paused_until, self.clock() + seconds)
        self._wake.set()

    # ------------------------------------------------------------------ slots

    async def acquire(self, chat_id: int, *, priority: bool = False) -> None:
        """Wait for the chat's turn and an overall slot, then count the message as sent."""
        if self.rate is None:
            return
        while True:
            # The chat's pace can change while we wait (a 429 pauses it): check again.
            while (wait := self.chat_wait(chat_id)) > 0:  # noqa: ASYNC110
                await asyncio.sleep(wait)
            await self._slot(priority)
            if self.chat_wait(chat_id) <= 0:
                break
            # Another message to this chat took its turn meanwhile: wait for the next.
        chat = self._chats.setdefault(chat_id, _Chat())
        chat.sends.append(self.clock())

    async def _slot(self, priority: bool) -> None:
        loop = asyncio.get_running_loop()
        future: asyncio.Future[None] = loop.create_future()
        heapq.heappush(self._waiters, (0 if priority else 1, next(self._seq), future))
        if self._pump is None or self._pump.done():
            self._pump = loop.create_task(self._run_pump(), name="limiter-pump")
        self._wake.set()
        try:
            await future
        except asyncio.CancelledError:
            future.cancel()  # the pump skips it
            raise

    async def _run_pump(self) -> None:
        """Hand out slots while anyone waits: replies first, whenever the last second has
        room; background messages one per 1/rate seconds and at most ``rate`` a second."""
        assert self.rate is not None  # noqa: S101 (acquire returns early without a rate)
        interval = 1.0 / self.rate
        while self._waiters:
            now = self.clock()
            while self._second and now - self._second[0] >= 1.0:
                self._second.popleft()
            priority, _, future = self._waiters[0]
            if future.done():  # cancelled while waiting
                heapq.heappop(self._waiters)
                continue
            if priority == 0:
                start = now if len(self._second) < self.reply_cap else self._second[0] + 1.0
            else:
                start = self._next_slot
                cap = self.background_cap
                if now - self._last_reply < REPLY_ACTIVE:
                    cap = max(1, min(cap, self.reply_cap - REPLY_HEADROOM))
                if len(self._second) >= cap:
                    start = max(start, self._second[-cap] + 1.0)
            start = max(start, self._paused_until)
            if now < start:
                self._wake.clear()
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._wake.wait(), start - now)
                continue
            heapq.heappop(self._waiters)
            future.set_result(None)
            self._second.append(now)
            if priority == 0:
                self._last_reply = now
            else:
                # Slots keep their spacing when the pump wakes a little late, but an idle
                # stretch is not saved up for a burst.
                idle = self._next_slot < now - interval
                self._next_slot = (now if idle else self._next_slot) + interval
            await asyncio.sleep(0)  # let the winner run before the next slot
