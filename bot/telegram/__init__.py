"""Telegram adapter: one Router per feature, thin handlers calling services."""

from __future__ import annotations

from aiogram import Router

from bot.telegram import errors, latest, search, start, submit


def get_routers() -> list[Router]:
    """Routers in the order they must see updates (the catch-all submit last)."""
    return [errors.router, start.router, latest.router, search.router, submit.router]
