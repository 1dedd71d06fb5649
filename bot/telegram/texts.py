"""What the bot says, in Russian and English."""

from __future__ import annotations

GREETING = {
    "ru": (
        "Привет! Я newsbrief: читаю новости и в нескольких строках говорю, что случилось: "
        "кто, где, когда и что было сказано.\n\n"
        "Пришлите ссылку на статью или текст новости, и я пришлю краткое изложение.\n"
        "/help: что я умею"
    ),
    "en": (
        "Hi! I am newsbrief: I read the news and tell you in a few lines what happened: "
        "who, where, when and what was said.\n\n"
        "Send me a link to an article or the text of a news story and I will summarise it.\n"
        "/help: what I can do"
    ),
}
HELP = {
    "ru": (
        "Пришлите ссылку (http или https) или текст новости: я отвечу двумя-тремя "
        "предложениями и строкой фактов.\n/start: начать"
    ),
    "en": (
        "Send a link (http or https) or the text of a news story: I answer with two or "
        "three sentences and a fact line.\n/start: start"
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
    """The interface language for a Telegram user's language code."""
    return "ru" if (language_code or "").split("-")[0] in {"ru", "be", "uk"} else "en"


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
