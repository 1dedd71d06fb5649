"""What the bot says, in Russian and English."""

from __future__ import annotations

from bot.services.subscriptions import language_of

GREETING = {
    "ru": (
        "Привет! Я newsbrief: читаю новости и в нескольких строках говорю, что случилось: "
        "кто, где, когда и что было сказано.\n\n"
        "Вы подписаны. Пришлите ссылку на статью или текст новости, и я пришлю краткое "
        "изложение.\n\n"
        "/latest: последние статьи\n"
        "/search слова: поиск по статьям\n"
        "/lang: English\n"
        "/stop: отписаться\n"
        "/help: что я умею"
    ),
    "en": (
        "Hi! I am newsbrief: I read the news and tell you in a few lines what happened: "
        "who, where, when and what was said.\n\n"
        "You are subscribed. Send me a link to an article or the text of a news story and I "
        "will summarise it.\n\n"
        "/latest: the newest articles\n"
        "/search words: search the articles\n"
        "/lang: по-русски\n"
        "/stop: unsubscribe\n"
        "/help: what I can do"
    ),
}
HELP = {
    "ru": (
        "Пришлите ссылку (http или https) или текст новости: я отвечу двумя-тремя "
        "предложениями и строкой фактов.\n\n"
        "/start: подписаться\n"
        "/latest [N]: последние N статей\n"
        "/search слова: поиск по статьям в любой форме слов\n"
        "/lang [ru|en]: язык бота\n"
        "/stop: отписаться"
    ),
    "en": (
        "Send a link (http or https) or the text of a news story: I answer with two or "
        "three sentences and a fact line.\n\n"
        "/start: subscribe\n"
        "/latest [N]: the N newest articles\n"
        "/search words: search the articles, any form of the words\n"
        "/lang [ru|en]: the bot's language\n"
        "/stop: unsubscribe"
    ),
}
STOPPED = {
    "ru": "Вы отписались. /start: подписаться снова.",
    "en": "You have unsubscribed. /start: subscribe again.",
}
NOT_SUBSCRIBED = {
    "ru": "Вы не подписаны. /start: подписаться.",
    "en": "You are not subscribed. /start: subscribe.",
}
ADMINS_ONLY = {
    "ru": "Подписку и язык группы могут менять только её администраторы.",
    "en": "Only the group's administrators can change its subscription and language.",
}
LANG_SET = {"ru": "Язык: русский.", "en": "Language: English."}
LANG_USAGE = {
    "ru": "Напишите /lang (сменить язык), /lang ru или /lang en.",
    "en": "Send /lang (switch language), /lang ru or /lang en.",
}
# The command menu (setMyCommands): Telegram shows the list matching the user's language.
COMMANDS = {
    "ru": (
        ("start", "подписаться и начать"),
        ("help", "что я умею"),
        ("latest", "последние статьи"),
        ("search", "поиск по статьям"),
        ("stop", "отписаться"),
        ("lang", "язык: русский или английский"),
    ),
    "en": (
        ("start", "subscribe and start"),
        ("help", "what I can do"),
        ("latest", "the newest articles"),
        ("search", "search the articles"),
        ("stop", "unsubscribe"),
        ("lang", "language: Russian or English"),
    ),
}
WORKING = {"ru": "Читаю…", "en": "Reading…"}
NOT_TEXT = {
    "ru": "Я понимаю только текст и ссылки.",
    "en": "I understand only text and links.",
}
FAILED = {
    "ru": "Что-то пошло не так. Попробуйте еще раз позже.",
    "en": "Something went wrong. Please try again later.",
}


def ui_lang(language_code: str | None) -> str:
    """The interface language for a Telegram user's language code (no stored choice)."""
    return language_of(language_code)


PREVIOUS_PAGE = {"ru": "« Назад", "en": "« Back"}
NEXT_PAGE = {"ru": "Дальше »", "en": "Next »"}
LATEST_USAGE = {
    "ru": "Напишите /latest или /latest N, где N от 1 до 20: столько последних статей я покажу.",
    "en": "Send /latest or /latest N, with N from 1 to 20: that many newest articles.",
}
LATEST_HEADER = {
    "ru": "Последние статьи: {first}–{last} из {total}",
    "en": "Latest articles: {first}–{last} of {total}",
}
LATEST_EMPTY = {
    "ru": "Пока нет ни одной статьи. Пришлите ссылку или текст новости.",
    "en": "No articles yet. Send a link or the text of a news story.",
}
SEARCH_USAGE = {
    "ru": "Напишите /search и слова для поиска (до 200 знаков), например: /search Лавров",
    "en": "Send /search and the words to look for (up to 200 characters), e.g. /search Lavrov",
}
SEARCH_HEADER = {
    "ru": "Поиск «{query}»: {first}–{last}",
    "en": "Search “{query}”: {first}–{last}",
}
SEARCH_NONE = {
    "ru": "По запросу «{query}» ничего не нашлось.",
    "en": "Nothing found for “{query}”.",
}
SEARCH_EXPIRED = {
    "ru": "Этот поиск устарел: повторите /search.",
    "en": "This search has expired: send /search again.",
}
TOO_MANY = {
    "ru": "Слишком много ссылок и текстов за минуту: подождите немного и пришлите снова.",
    "en": "That is a lot of links and texts for one minute: please wait a little and send again.",
}
UNKNOWN_COMMAND = {
    "ru": "Не знаю команды {command}. Что я умею: /help",
    "en": "I do not know the command {command}. What I can do: /help",
}
