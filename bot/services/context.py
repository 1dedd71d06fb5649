"""What the chat adapter needs from the application, in one typed object.

``app.build_dispatcher`` makes one ``Services`` and hands it to every handler as the
``services`` argument (aiogram's workflow data): handlers reach the database, the models and
the outbox only through it, and pass them on to service functions.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import aiosqlite

from bot.analysis.models import NlpModels
from bot.config import Settings
from bot.services.reading import QueryCache


def _nothing() -> None:
    """The outbox wake-up when no worker runs (a Dispatcher built for tests or a preview)."""


@dataclass(frozen=True, slots=True)
class Services:
    """Long-lived dependencies of the handlers, built once per Dispatcher."""

    settings: Settings
    db: aiosqlite.Connection  # the one writing connection
    reader: aiosqlite.Connection  # a read-only connection for the answers' reads
    nlp: NlpModels
    queries: QueryCache = field(default_factory=QueryCache)  # /search paging keys
    # Called after something was queued in the outbox, so the worker sends it now.
    wake_outbox: Callable[[], None] = _nothing
