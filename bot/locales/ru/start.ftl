# /start, /help, /stop, /lang and the command menu.

start-greeting =
    Привет! Я newsbrief: читаю новости и в нескольких строках говорю, что случилось: кто, где, когда и что было сказано.

    Вы подписаны. Пришлите ссылку на статью или текст новости, и я пришлю краткое изложение.

    /latest: последние статьи
    /search слова: поиск по статьям
    /settings: дайджест, время, часовой пояс, источники
    /lang: язык бота
    /stop: отписаться
    /help: что я умею
start-help =
    Пришлите ссылку (http или https) или текст новости: я отвечу двумя-тремя предложениями и строкой фактов.

    /start: подписаться
    /latest [N]: последние N статей
    /search слова: поиск по статьям в любой форме слов
    /said имя: что говорил человек или организация
    /follow имя или слово: сразу присылать новые статьи о них; /following: список
    /channel @канал: подключить свой канал
    /add адрес: добавить ленту или сайт как источник; /remove адрес: удалить
    /feeds: ваши источники; /export: они в файле OPML (пришлите файл OPML, чтобы импортировать)
    /settings: ежедневный дайджест: время, часовой пояс, сколько статей, источники
    /lang [ru|be|uk|en]: язык бота
    /stop: отписаться
start-stopped = Вы отписались. /start: подписаться снова.
start-not-subscribed = Вы не подписаны. /start: подписаться.
start-admins-only = Подписку и язык группы могут менять только её администраторы.
# The language's own name, shown on the language buttons.
language-self = Русский
lang-set = Язык: русский.
lang-choose = Выберите язык бота:
lang-usage = Напишите /lang и выберите язык, или /lang ru, /lang be, /lang uk, /lang en.

command-start = подписаться и начать
command-help = что я умею
command-latest = последние статьи
command-search = поиск по статьям
command-settings = дайджест: время, пояс, источники
command-digest = дайджест сейчас
command-stop = отписаться
command-lang = язык бота
