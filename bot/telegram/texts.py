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
