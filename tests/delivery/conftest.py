"""Tests marked ``pytest.mark.asyncio(loop_factories=["virtual_time"])`` run, with their
async fixtures, on tests/virtual_time.py's loop: waits take no real time and are exact."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping

import pytest

from tests.virtual_time import VirtualTimeLoop


def pytest_asyncio_loop_factories(
    config: pytest.Config, item: pytest.Item
) -> Mapping[str, Callable[[], asyncio.AbstractEventLoop]]:
    marker = item.get_closest_marker("asyncio")
    if marker is not None and "virtual_time" in marker.kwargs.get("loop_factories", ()):
        return {"virtual_time": VirtualTimeLoop}
    return {"default": asyncio.new_event_loop}
