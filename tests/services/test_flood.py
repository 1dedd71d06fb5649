"""The flood guard's sliding window, on a fake clock."""

from __future__ import annotations

import pytest

from bot.services.flood import FloodGuard


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


def test_limit_per_window_and_per_user(clock: Clock) -> None:
    guard = FloodGuard(limit=5, per_seconds=60, clock=clock)
    for _ in range(5):
        assert guard.allow(1)
        clock.now += 1
    assert not guard.allow(1)
    assert guard.allow(2)  # another user has an allowance of their own


def test_window_slides(clock: Clock) -> None:
    guard = FloodGuard(limit=2, per_seconds=60, clock=clock)
    assert guard.allow(1)  # t=1000
    clock.now += 30
    assert guard.allow(1)  # t=1030
    clock.now += 29
    assert not guard.allow(1)  # t=1059: both still inside the window
    clock.now += 1
    assert guard.allow(1)  # t=1060: the first one has left it
    assert not guard.allow(1)


def test_refusals_are_not_counted(clock: Clock) -> None:
    guard = FloodGuard(limit=1, per_seconds=10, clock=clock)
    assert guard.allow(1)
    for _ in range(9):
        clock.now += 1
        assert not guard.allow(1)
    clock.now += 1
    assert guard.allow(1)


def test_warned_once_per_refusal_period(clock: Clock) -> None:
    guard = FloodGuard(limit=1, per_seconds=10, clock=clock)
    assert not guard.should_warn(1)  # never seen
    assert guard.allow(1)
    assert not guard.allow(1)
    assert guard.should_warn(1)
    assert not guard.allow(1)
    assert not guard.should_warn(1)
    clock.now += 10
    assert guard.allow(1)
    assert not guard.allow(1)
    assert guard.should_warn(1)  # a new refusal period is told again


def test_idle_users_are_forgotten(clock: Clock) -> None:
    guard = FloodGuard(limit=5, per_seconds=60, clock=clock)
    for user in range(1000):
        guard.allow(user)
    assert len(guard) == 1000
    clock.now += 61
    assert guard.allow(5000)
    assert len(guard) == 1  # only the user active in the last window


@pytest.mark.parametrize(("limit", "per_seconds"), [(0, 60), (5, 0)])
def test_bad_limits(limit: int, per_seconds: float) -> None:
    with pytest.raises(ValueError, match="limit"):
        FloodGuard(limit=limit, per_seconds=per_seconds)
