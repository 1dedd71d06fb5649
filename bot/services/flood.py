"""A per-user sliding-window limiter: at most ``limit`` events in any ``per_seconds``."""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable


class FloodGuard:
    """Counts each user's accepted events over a sliding window; memory holds active users only.

    Refused events are not counted, so a user who keeps sending is let through again as soon
    as the oldest accepted event leaves the window.
    """

    def __init__(
        self,
        limit: int = 5,
        per_seconds: float = 60,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if limit < 1 or per_seconds <= 0:
            raise ValueError("limit must be >= 1 and per_seconds > 0")
        self.limit = limit
        self.per_seconds = per_seconds
        self._clock = clock
        self._events: dict[int, deque[float]] = {}
        self._warned: dict[int, float] = {}  # user -> end of the refusal they were told about
        self._next_sweep = clock() + per_seconds

    def allow(self, user_id: int) -> bool:
        """Record an event for the user and return True, or return False if over the limit."""
        now = self._clock()
        self._sweep(now)
        events = self._events.setdefault(user_id, deque())
        _forget_before(events, now - self.per_seconds)
        if len(events) >= self.limit:
            return False
        events.append(now)
        return True

    def should_warn(self, user_id: int) -> bool:
        """True for the first refused event of a refusal period, so the user is told once."""
        events = self._events.get(user_id)
        if not events or len(events) < self.limit:
            return False
        refused_until = events[0] + self.per_seconds
        if self._warned.get(user_id) == refused_until:
            return False
        self._warned[user_id] = refused_until
        return True

    def __len__(self) -> int:
        """How many users are remembered."""
        return len(self._events)

    def _sweep(self, now: float) -> None:
        # Once per window, drop users with no event inside it: memory stays proportional to
        # the users active in the last window, whatever the bot's lifetime.
        if now < self._next_sweep:
            return
        self._next_sweep = now + self.per_seconds
        horizon = now - self.per_seconds
        idle = [
            user for user, events in self._events.items() if not events or events[-1] <= horizon
        ]
        for user in idle:
            del self._events[user]
            self._warned.pop(user, None)


def _forget_before(events: deque[float], horizon: float) -> None:
    while events and events[0] <= horizon:
        events.popleft()
