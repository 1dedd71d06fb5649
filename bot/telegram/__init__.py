"""Telegram adapter: one Router per feature, thin handlers calling services."""

from __future__ import annotations

from aiogram import Router

from bot.telegram import (
    admin,
    channel,
    digest,
    errors,
    follow,
    inline,
    latest,
    preferences,
    said,
    search,
    sources,
    start,
    submit,
)


def get_routers() -> list[Router]:
    """Fresh routers, in the order they must see updates (the catch-all submit last).

    Built anew for each Dispatcher: a Router joins one parent only, so module-level routers
    would tie the process to a single Dispatcher.
    """
    return [
        module.build_router()
        for module in (
            errors,
            start,
            latest,
            search,
            said,
            follow,
            inline,
            preferences,
            digest,
            channel,
            admin,
            sources,
            submit,
        )
    ]
