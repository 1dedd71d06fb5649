"""A link or a text sent in chat: answered with its summary."""

from __future__ import annotations

import re

from aiogram import F, Router
from aiogram.types import Message
from aiogram_i18n import I18nContext

from bot.digest.render import render_summary
from bot.services import summaries
from bot.services.context import Services
from bot.services.flood import FloodGuard
from bot.telegram.flood import ANALYSIS_FLAG, FloodMiddleware
from bot.telegram.i18n import html_of

# Flood guard: each analysis fetches a page and runs the NLP models for a second or more, so
# one user may ask for this many per minute. Five is above what a person reading the news
# sends by hand and well below what a script would.
FLOOD_LIMIT = 5
FLOOD_PER_SECONDS = 60


_LINK = re.compile(r"^\s*(https?://\S+)\s*$", re.IGNORECASE)
# A command no earlier router handled: "/word" or "/word@bot", alone or before arguments.
_COMMAND = re.compile(r"^(/\w+)(?:@\w+)?(?:\s|$)")


async def unknown_command(message: Message, command: re.Match[str], i18n: I18nContext) -> None:
    await message.answer(html_of(i18n, "submit-unknown-command", command=command.group(1)))


async def submit(message: Message, services: Services, i18n: I18nContext) -> None:
    text = message.text or ""
    link = _LINK.match(text)
    if link:
        summary = await summaries.summarize_link(
            services.db,
            link.group(1),
            services.nlp,
            chat_id=message.chat.id,
            allow_private=services.settings.allow_private_urls,
        )
    else:
        summary = await summaries.summarize_text(
            services.db, text, services.nlp, chat_id=message.chat.id
        )
    await message.answer(render_summary(summary, i18n), disable_web_page_preview=True)


async def other(message: Message, i18n: I18nContext) -> None:
    await message.answer(html_of(i18n, "submit-not-text"))


def build_router() -> Router:
    """A fresh Router with this feature's handlers (one per Dispatcher)."""
    router = Router(name=__name__)
    # Router-level (inner) middleware: it sees only messages a handler here has matched, and
    # counts only those of the handler flagged as analysis.
    router.message.middleware(FloodMiddleware(FloodGuard(FLOOD_LIMIT, FLOOD_PER_SECONDS)))
    router.message.register(unknown_command, F.text.regexp(_COMMAND).as_("command"))
    router.message.register(submit, F.text, flags={ANALYSIS_FLAG: True})
    router.message.register(other)
    return router
