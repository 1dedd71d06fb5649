"""What the bot says, in Russian and English."""

from __future__ import annotations

GREETING = {
    "ru": (
        "Привет! Я newsbrief: читаю новости и в нескольких строках говорю, что случилось: "
        "кто, где, когда и что было сказано.\n\n"
        "Вы подписаны. Пришлите ссылку на статью или текст новости, и я пришлю краткое "
        "изложение.\n\n"
        "/latest: последние статьи\n"
        "/search слова: поиск по статьям\n"
        "/settings: дайджест, время, часовой пояс, источники\n"
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
        "/settings: digest, time, time zone, sources\n"
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
        "/settings: ежедневный дайджест: время, часовой пояс, сколько статей, источники\n"
        "/lang [ru|en]: язык бота\n"
        "/stop: отписаться"
    ),
    "en": (
        "Send a link (http or https) or the text of a news story: I answer with two or "
        "three sentences and a fact line.\n\n"
        "/start: subscribe\n"
        "/latest [N]: the N newest articles\n"
        "/search words: search the articles, any form of the words\n"
        "/settings: the daily digest: time, time zone, how many stories, sources\n"
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
        ("settings", "дайджест: время, пояс, источники"),
        ("digest", "дайджест сейчас"),
        ("stop", "отписаться"),
        ("lang", "язык: русский или английский"),
    ),
    "en": (
        ("start", "subscribe and start"),
        ("help", "what I can do"),
        ("latest", "the newest articles"),
        ("search", "search the articles"),
        ("settings", "digest: time, time zone, sources"),
        ("digest", "the digest now"),
        ("stop", "unsubscribe"),
        ("lang", "language: Russian or English"),
    ),
}
NOT_TEXT = {
    "ru": "Я понимаю только текст и ссылки.",
    "en": "I understand only text and links.",
}
FAILED = {
    "ru": "Что-то пошло не так. Попробуйте еще раз позже.",
    "en": "Something went wrong. Please try again later.",
}


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


# /settings
SETTINGS_TITLE = {"ru": "Настройки", "en": "Settings"}
SETTINGS_DIGEST_ON = {
    "ru": "Дайджест: каждый день в {time}",
    "en": "Daily digest: every day at {time}",
}
SETTINGS_DIGEST_OFF = {"ru": "Дайджест: выключен", "en": "Daily digest: off"}
SETTINGS_NEXT = {"ru": "Следующий: {when}", "en": "Next one: {when}"}
SETTINGS_ZONE = {"ru": "Часовой пояс: {zone}", "en": "Time zone: {zone}"}
SETTINGS_SIZE = {"ru": "Статей в дайджесте: {size}", "en": "Stories per digest: {size}"}
SETTINGS_SOURCES_ALL = {"ru": "Источники: все", "en": "Sources: all"}
SETTINGS_SOURCES_SOME = {
    "ru": "Источники: {chosen} из {total}",
    "en": "Sources: {chosen} of {total}",
}
SETTINGS_LANGUAGE = {"ru": "Язык: русский", "en": "Language: English"}
SETTINGS_NOT_SUBSCRIBED = {
    "ru": "Чат не подписан: дайджест начнёт приходить после /start.",
    "en": "This chat is not subscribed: digests start after /start.",
}
SETTINGS_HINT = {
    "ru": "Точное время: /settings time 07:30\nПояс: /settings tz Минск или /settings tz +3",
    "en": "Exact time: /settings time 07:30\nTime zone: /settings tz Minsk or /settings tz +3",
}
SETTINGS_BUTTONS = {
    "ru": {
        "on": "🔔 Дайджест включён", "off": "🔕 Дайджест выключен",
        "hour_minus": "−1 ч", "minutes_minus": "−15 мин", "minutes_plus": "+15 мин",
        "hour_plus": "+1 ч", "zone": "🌍 Часовой пояс", "sources": "📰 Источники",
        "back": "« Настройки", "all_sources": "Все источники",
    },
    "en": {
        "on": "🔔 Digest on", "off": "🔕 Digest off",
        "hour_minus": "−1 h", "minutes_minus": "−15 min", "minutes_plus": "+15 min",
        "hour_plus": "+1 h", "zone": "🌍 Time zone", "sources": "📰 Sources",
        "back": "« Settings", "all_sources": "All sources",
    },
}  # fmt: skip
LANGUAGE_NAMES = {"ru": "Русский", "en": "English"}
SETTINGS_ZONE_CHOOSE = {
    "ru": (
        "Часовой пояс: {zone}\n\nВыберите пояс или пришлите город или сдвиг от UTC: "
        "/settings tz Минск, /settings tz +3"
    ),
    "en": (
        "Time zone: {zone}\n\nChoose one, or send a city or an offset from UTC: "
        "/settings tz Minsk, /settings tz +3"
    ),
}
SETTINGS_ZONE_MATCHES = {
    "ru": "Какой часовой пояс для «{query}»?",
    "en": "Which time zone for “{query}”?",
}
SETTINGS_SOURCES_HEADER = {
    "ru": "Источники дайджеста: в него попадут отмеченные ✅.",
    "en": "Digest sources: the ticked ones ✅ go into it.",
}
SETTINGS_NO_FEEDS = {"ru": "Источников пока нет.", "en": "There are no sources yet."}
SETTINGS_LAST_FEED = {
    "ru": "Оставьте хотя бы один источник.",
    "en": "Keep at least one source.",
}
SETTINGS_ADMINS_ONLY = {
    "ru": "Настройки группы могут менять только её администраторы.",
    "en": "Only the group's administrators can change its settings.",
}
SETTINGS_USAGE = {
    "ru": (
        "Напишите /settings, или /settings time 07:30, /settings tz Минск, /settings size 5, "
        "/settings on, /settings off."
    ),
    "en": (
        "Send /settings, or /settings time 07:30, /settings tz Minsk, /settings size 5, "
        "/settings on, /settings off."
    ),
}
SETTINGS_TIME_USAGE = {
    "ru": "Не понял время. Напишите, например: /settings time 07:30",
    "en": "I could not read that time. Send, for example: /settings time 07:30",
}
SETTINGS_ZONE_USAGE = {
    "ru": "Не нашёл такой часовой пояс. Город или сдвиг: /settings tz Минск, /settings tz +3",
    "en": "No such time zone. Send a city or an offset: /settings tz Minsk, /settings tz +3",
}
SETTINGS_SIZE_USAGE = {
    "ru": "Сколько статей в дайджесте: от 1 до 20. Например: /settings size 5",
    "en": "How many stories per digest: 1 to 20. For example: /settings size 5",
}
SETTINGS_EXPIRED = {
    "ru": "Эта кнопка устарела: напишите /settings.",
    "en": "This button is out of date: send /settings.",
}


# /digest and the admin commands
DIGEST_NOTHING = {
    "ru": "С последнего дайджеста новых статей нет.",
    "en": "Nothing new since your last digest.",
}
DIGEST_NOT_SUBSCRIBED = {
    "ru": "Дайджест приходит подписчикам. /start: подписаться.",
    "en": "Digests are for subscribers. /start: subscribe.",
}
NOT_ALLOWED = {"ru": "Эта команда только для администраторов бота.", "en": "Not allowed."}
BROADCAST_USAGE = {
    "ru": "Напишите /broadcast и текст сообщения для всех подписчиков.",
    "en": "Send /broadcast and the text for every subscriber.",
}
BROADCAST_QUEUED = {
    "ru": "Поставлено в очередь: {n} сообщений.",
    "en": "Queued: {n} messages.",
}
