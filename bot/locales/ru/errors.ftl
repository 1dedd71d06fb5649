# What went wrong, in one line. Arguments quote what came from outside (a URL, a host): the
# bot escapes them and cuts them short.

error-failed = Что-то пошло не так. Попробуйте ещё раз позже.
error-storage = Не получилось сохранить: ошибка базы данных. Попробуйте ещё раз позже.
error-empty-text = Текст пустой: изложить нечего.
error-binary = Это не текст и не веб-страница (картинка, архив или другой файл).
error-binary-type = Это не текст и не веб-страница: { $type }
error-too-large = Слишком большой текст или страница: больше { $megabytes } МБ.
error-no-sentences = В тексте нет предложений, которые можно изложить.
error-no-article = На странице не нашлось статьи: только меню, ссылки или подписи.
error-unsupported-language = Этот язык ({ $lang }) я пока не умею излагать: только русский и английский.
error-fetch = Не получилось открыть ссылку.
error-unsafe-url = Эту ссылку я не открываю.
error-bad-url = Это не похоже на ссылку, которую можно открыть: { $url }
error-scheme = Я открываю только ссылки http и https.
error-private-address = { $host } ведёт во внутреннюю сеть: такие ссылки я не открываю.
error-unreachable = Сайт не отвечает: { $url }
error-timeout = Сайт слишком долго не отвечает: { $url }
error-http = Сайт ответил ошибкой { $status }: { $url }
error-redirects = Слишком много перенаправлений: { $url }
error-corrupt = Сайт прислал повреждённую страницу.
error-not-a-feed = Это не RSS- и не Atom-лента: { $url }
error-opml = Это не файл OPML со списком лент.
