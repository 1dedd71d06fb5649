"""A chat's own sources: /add URL, /feeds (paged, with buttons), /remove URL, an OPML file
in and /export out. In groups only administrators change them; anyone may read the list.

A channel linked with /channel is managed from its manager's private chat: the commands
take its name last (``/add URL @channel``, ``/feeds @channel``, ``/remove URL @channel``,
``/export @channel``), and the list's buttons carry its id.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from aiogram import Bot, F, Router
from aiogram.enums import ChatType
from aiogram.filters import Command, CommandObject
from aiogram.filters.callback_data import CallbackData
from aiogram.types import (
    BufferedInputFile,
    CallbackQuery,
    Document,
    InlineKeyboardMarkup,
    Message,
)
from aiogram.utils.callback_answer import CallbackAnswer
from aiogram.utils.keyboard import InlineKeyboardBuilder
from aiogram_i18n import I18nContext

from bot.errors import InputError, TooLargeError
from bot.locales import Translator
from bot.services import channels, sources
from bot.services.context import Services
from bot.services.flood import FloodGuard
from bot.services.sources import Imported, SourcePage
from bot.telegram.channel import resolve
from bot.telegram.flood import ANALYSIS_FLAG, FloodMiddleware
from bot.telegram.i18n import html_of
from bot.telegram.paging import edit_in_place
from bot.telegram.permissions import chat_kind, may_manage, may_manage_chat_of

# /add fetches the URL (and up to discover.MAX_CANDIDATES feeds a page names). Someone
# adding their sources by hand sends several in a row, faster than links to read; twenty a
# minute allows that and still stops a script (an OPML file is the way to add many).
FLOOD_LIMIT = 20
FLOOD_PER_SECONDS = 60
# An OPML file is read into memory: the size the OPML reader takes (bot.sources.opml).
MAX_OPML_FILE_BYTES = 5 * 1024 * 1024
OPML_TYPES = frozenset({"text/x-opml", "text/x-opml+xml", "application/x-opml"})
EXPORT_NAME = "newsbrief-sources.opml"
DATE_FORMAT = "%d.%m.%Y"
ERROR_CHARS = 80  # a source's last error, cut: the list shows many sources


class SourceButton(CallbackData, prefix="src"):
    """A /feeds button: "rm" (remove), "dg"/"in" (digest/instant mode) of ``feed_id``, or
    "pg" (show page ``page``). Values are absolute, so a double press does the same."""

    action: str
    feed_id: int
    page: int
    chat: int = 0  # a managed channel's id; 0: the chat the list is in


def _is_opml(document: Document | None) -> bool:
    if document is None:
        return False
    name = (document.file_name or "").lower()
    return name.endswith(".opml") or (document.mime_type or "").lower() in OPML_TYPES


def _state(
    t: Translator, *, error_count: int, last_error: str | None, last_article_at: datetime | None
) -> str:
    if error_count and last_error:
        error = last_error[:ERROR_CHARS]
        return html_of(t, "sources-state-failing", errors=error_count, error=error)
    if last_article_at is not None:
        return html_of(t, "sources-state-ok", date=_date(last_article_at))
    return html_of(t, "sources-state-none")


def _date(moment: datetime) -> str:
    return moment.strftime(DATE_FORMAT)


def _screen(
    page: SourcePage, t: Translator, chat: int = 0
) -> tuple[str, InlineKeyboardMarkup | None]:
    if not page.items:
        return html_of(t, "sources-empty"), None
    lines = [html_of(t, "sources-header", total=page.total, page=page.page + 1, pages=page.pages)]
    builder = InlineKeyboardBuilder()
    first = page.page * sources.PAGE_SIZE + 1
    for n, source in enumerate(page.items, start=first):
        mode = "sources-mode-digest" if source.mode == "digest" else "sources-mode-instant"
        title = source.title or source.url
        lines.append("")
        lines.append(html_of(t, "sources-item", n=n, title=title, mode=t.get(mode)))
        lines.append(html_of(t, "sources-url", url=source.url))
        lines.append(
            _state(
                t,
                error_count=source.error_count,
                last_error=source.last_error,
                last_article_at=source.last_article_at,
            )
        )
        other = "in" if source.mode == "digest" else "dg"
        label = "sources-button-instant" if other == "in" else "sources-button-digest"
        builder.button(
            text=t.get("sources-button-remove", n=n),
            callback_data=SourceButton(
                action="rm", feed_id=source.feed_id, page=page.page, chat=chat
            ),
        )
        builder.button(
            text=t.get(label, n=n),
            callback_data=SourceButton(
                action=other, feed_id=source.feed_id, page=page.page, chat=chat
            ),
        )
    paging = 0
    if page.page > 0:
        builder.button(
            text=t.get("page-previous"),
            callback_data=SourceButton(action="pg", feed_id=0, page=page.page - 1, chat=chat),
        )
        paging += 1
    if page.page + 1 < page.pages:
        builder.button(
            text=t.get("page-next"),
            callback_data=SourceButton(action="pg", feed_id=0, page=page.page + 1, chat=chat),
        )
        paging += 1
    builder.adjust(*([2] * len(page.items)), max(1, paging))
    return "\n".join(lines), builder.as_markup()


@dataclass(frozen=True, slots=True)
class _Target:
    """Whose sources a command changes: the chat itself, or a channel it manages."""

    chat_id: int
    kind: str
    args: str  # the command's arguments without the channel's name


async def _target(
    message: Message, args: str, bot: Bot, services: Services, i18n: I18nContext
) -> _Target | None:
    """The chat, or the channel named last (``@name``) if this private chat manages it and
    the sender still administers it; None (answered) otherwise."""
    words = args.split()
    if not words or not words[-1].startswith("@") or message.chat.type != ChatType.PRIVATE:
        return _Target(message.chat.id, chat_kind(message.chat), args)
    name = words[-1]
    found = await resolve(bot, name)
    channel = None
    if found is not None:
        channel = await channels.managed_channel(
            services.reader, manager_chat_id=message.chat.id, channel_id=found.id
        )
    user = message.from_user
    if channel is None or found is None or user is None:
        await message.answer(html_of(i18n, "channel-not-linked", title=name))
        return None
    if not await may_manage(bot, chat=found, user=user):  # still one of its administrators
        await message.answer(html_of(i18n, "channel-not-admin", title=found.title or name))
        return None
    return _Target(channel.chat_id, "channel", " ".join(words[:-1]))


async def _may_change(message: Message, bot: Bot, i18n: I18nContext) -> bool:
    if await may_manage_chat_of(message, bot):
        return True
    await message.answer(html_of(i18n, "sources-admins-only"))
    return False


async def add(
    message: Message, command: CommandObject, bot: Bot, services: Services, i18n: I18nContext
) -> None:
    target = await _target(message, (command.args or "").strip(), bot, services, i18n)
    if target is None:
        return
    url = target.args
    if not url or len(url.split()) != 1:
        await message.answer(html_of(i18n, "sources-add-usage"))
        return
    if not await _may_change(message, bot, i18n):
        return
    user = message.from_user
    added = await sources.add_source(
        services.db,
        services.settings,
        chat_id=target.chat_id,
        kind=target.kind,
        language_code=user.language_code if user is not None else None,
        url=url,
        # In a forum, the topic /add was sent in is where the source's posts go.
        thread_id=message.message_thread_id if message.is_topic_message else None,
    )
    title = added.title or added.url
    key = "sources-already" if added.already else "sources-added"
    await message.answer(
        html_of(i18n, key, title=title, url=added.url), disable_web_page_preview=True
    )


async def feeds(
    message: Message, command: CommandObject, bot: Bot, services: Services, i18n: I18nContext
) -> None:
    target = await _target(message, (command.args or "").strip(), bot, services, i18n)
    if target is None:
        return
    args = target.args
    page = int(args) - 1 if args.isdecimal() and len(args) <= 4 else 0  # noqa: PLR2004
    listed = await sources.list_sources(services.reader, chat_id=target.chat_id, page=page)
    shown = target.chat_id if target.chat_id != message.chat.id else 0
    html, keyboard = _screen(listed, i18n, shown)
    await message.answer(html, reply_markup=keyboard, disable_web_page_preview=True)


async def remove(
    message: Message, command: CommandObject, bot: Bot, services: Services, i18n: I18nContext
) -> None:
    target = await _target(message, (command.args or "").strip(), bot, services, i18n)
    if target is None:
        return
    url = target.args
    if not url:
        await message.answer(html_of(i18n, "sources-remove-usage"))
        return
    if not await _may_change(message, bot, i18n):
        return
    removed = await sources.remove_source(services.db, chat_id=target.chat_id, url=url)
    await message.answer(
        html_of(i18n, "sources-removed", title=removed.title or removed.url),
        disable_web_page_preview=True,
    )


async def on_button(
    callback: CallbackQuery,
    *,
    callback_data: SourceButton,
    bot: Bot,
    services: Services,
    i18n: I18nContext,
    callback_answer: CallbackAnswer,
) -> None:
    message = callback.message
    if not isinstance(message, Message):  # too old to edit
        callback_answer.text = i18n.get("sources-expired")
        callback_answer.show_alert = True
        return
    chat_id, action = message.chat.id, callback_data.action
    if callback_data.chat:  # a channel's list, shown in its manager's private chat
        channel = await channels.managed_channel(
            services.reader, manager_chat_id=message.chat.id, channel_id=callback_data.chat
        )
        if channel is None or message.chat.type != ChatType.PRIVATE:
            callback_answer.text = i18n.get("sources-expired")
            callback_answer.show_alert = True
            return
        chat_id = channel.chat_id
    elif action != "pg" and not await may_manage(bot, chat=message.chat, user=callback.from_user):
        callback_answer.text = i18n.get("sources-admins-only")
        callback_answer.show_alert = True
        return
    try:
        if action == "rm":
            gone = await sources.remove_source(
                services.db, chat_id=chat_id, feed_id=callback_data.feed_id
            )
            callback_answer.text = i18n.get("sources-removed", title=gone.title or gone.url)
        elif action in {"dg", "in"}:
            mode = "digest" if action == "dg" else "instant"
            changed = await sources.set_mode(
                services.db, chat_id=chat_id, feed_id=callback_data.feed_id, mode=mode
            )
            key = "sources-now-digest" if mode == "digest" else "sources-now-instant"
            callback_answer.text = i18n.get(key, title=changed.title or changed.url)
        elif action != "pg":
            raise sources.UnknownSourceError
    except sources.UnknownSourceError:  # removed meanwhile, or data we never sent
        callback_answer.text = i18n.get("sources-expired")
        callback_answer.show_alert = True
    listed = await sources.list_sources(services.db, chat_id=chat_id, page=callback_data.page)
    await edit_in_place(message, *_screen(listed, i18n, callback_data.chat))


def _imported(result: Imported, limit: int, t: Translator) -> str:
    lines = [html_of(t, "sources-imported"), html_of(t, "sources-imported-added", n=result.added)]
    if result.skipped:
        lines.append(html_of(t, "sources-imported-skipped", n=result.skipped))
    if result.refused:
        lines.append(html_of(t, "sources-imported-refused", n=result.refused))
    if result.over_limit:
        lines.append(html_of(t, "sources-imported-over-limit", n=result.over_limit, limit=limit))
    return "\n".join(lines)


async def import_file(message: Message, bot: Bot, services: Services, i18n: I18nContext) -> None:
    document = message.document
    if document is None or not await _may_change(message, bot, i18n):
        return
    if document.file_size is not None and document.file_size > MAX_OPML_FILE_BYTES:
        raise TooLargeError(document.file_size, MAX_OPML_FILE_BYTES)
    stream = await bot.download(document)
    if stream is None:
        raise InputError("the file could not be downloaded", key="error-failed")
    data = stream.read(MAX_OPML_FILE_BYTES + 1)
    if len(data) > MAX_OPML_FILE_BYTES:
        raise TooLargeError(len(data), MAX_OPML_FILE_BYTES)
    user = message.from_user
    result = await sources.import_opml(
        services.db,
        services.settings,
        chat_id=message.chat.id,
        kind=chat_kind(message.chat),
        language_code=user.language_code if user is not None else None,
        data=data,
    )
    await message.answer(_imported(result, services.settings.max_feeds_per_chat, i18n))


async def export(
    message: Message, command: CommandObject, bot: Bot, services: Services, i18n: I18nContext
) -> None:
    target = await _target(message, (command.args or "").strip(), bot, services, i18n)
    if target is None:
        return
    data = await sources.export_opml(services.reader, chat_id=target.chat_id)
    if data is None:
        await message.answer(html_of(i18n, "sources-empty"))
        return
    await message.answer_document(
        BufferedInputFile(data, filename=EXPORT_NAME), caption=html_of(i18n, "sources-exported")
    )


def build_router() -> Router:
    """A fresh Router with this feature's handlers (one per Dispatcher)."""
    router = Router(name=__name__)
    router.message.middleware(FloodMiddleware(FloodGuard(FLOOD_LIMIT, FLOOD_PER_SECONDS)))
    router.message.register(add, Command("add"), flags={ANALYSIS_FLAG: True})
    router.message.register(feeds, Command("feeds"))
    router.message.register(remove, Command("remove"))
    router.message.register(export, Command("export"))
    router.message.register(import_file, F.document.func(_is_opml))
    router.callback_query.register(on_button, SourceButton.filter())
    return router
