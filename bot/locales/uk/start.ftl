# /start, /help, /stop, /lang and the command menu.

start-greeting =
    Привіт! Я newsbrief: читаю новини й у кількох рядках кажу, що сталося: хто, де, коли і що було сказано.

    Ви підписані. Надішліть посилання на статтю або текст новини, і я надішлю стислий виклад.

    /latest: останні статті
    /search слова: пошук у статтях
    /settings: дайджест, час, часовий пояс, джерела
    /lang: мова бота
    /stop: відписатися
    /help: що я вмію
start-help =
    Надішліть посилання (http або https) або текст новини: я відповім двома-трьома реченнями і рядком фактів.

    /start: підписатися
    /latest [N]: останні N статей
    /search слова: пошук у статтях у будь-якій формі слів
    /said імʼя: що казала людина або організація
    /follow імʼя або слово: одразу надсилати нові статті про них; /following: список
    /channel @канал: підключити свій канал
    /add адреса: додати стрічку або сайт як джерело; /remove адреса: видалити
    /feeds: ваші джерела; /export: вони у файлі OPML (надішліть файл OPML, щоб імпортувати)
    /settings: щоденний дайджест: час, часовий пояс, скільки статей, джерела
    /lang [ru|be|uk|en]: мова бота
    /stop: відписатися
start-stopped = Ви відписалися. /start: підписатися знову.
start-not-subscribed = Ви не підписані. /start: підписатися.
start-admins-only = Підписку й мову групи можуть змінювати лише її адміністратори.
# The language's own name, shown on the language buttons.
language-self = Українська
lang-set = Мова: українська.
lang-choose = Оберіть мову бота:
lang-usage = Напишіть /lang і оберіть мову, або /lang ru, /lang be, /lang uk, /lang en.

command-start = підписатися і почати
command-help = що я вмію
command-latest = останні статті
command-search = пошук у статтях
command-settings = дайджест: час, пояс, джерела
command-digest = дайджест зараз
command-stop = відписатися
command-lang = мова бота
