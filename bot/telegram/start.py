"""/start and /help."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import Command, CommandStart
from aiogram.types import Message

from bot.telegram.texts import GREETING, HELP, ui_lang

router = Router(name=__name__)


@router.message(CommandStart())
async def start(message: Message) -> None:
    lang = ui_lang(message.from_user.language_code if message.from_user else None)
    await message.answer(GREETING[lang])


@router.message(Command("help"))
async def help_(message: Message) -> None:
    lang = ui_lang(message.from_user.language_code if message.from_user else None)
    await message.answer(HELP[lang])
