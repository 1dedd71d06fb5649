# What went wrong, in one line. Arguments quote what came from outside (a URL, a host): the
# bot escapes them and cuts them short.

error-failed = Щось пішло не так. Спробуйте ще раз пізніше.
error-storage = Не вдалося зберегти: помилка бази даних. Спробуйте ще раз пізніше.
error-empty-text = Текст порожній: викладати нічого.
error-binary = Це не текст і не вебсторінка (зображення, архів або інший файл).
error-binary-type = Це не текст і не вебсторінка: { $type }
error-too-large = Завеликий текст або сторінка: понад { $megabytes } МБ.
error-no-sentences = У тексті немає речень, які можна викласти.
error-no-article = На сторінці не знайшлося статті: лише меню, посилання або підписи.
error-unsupported-language = Цю мову ({ $lang }) я поки не вмію викладати: лише російську та англійську.
error-fetch = Не вдалося відкрити посилання.
error-unsafe-url = Це посилання я не відкриваю.
error-bad-url = Це не схоже на посилання, яке можна відкрити: { $url }
error-scheme = Я відкриваю лише посилання http і https.
error-private-address = { $host } веде у внутрішню мережу: такі посилання я не відкриваю.
error-unreachable = Сайт не відповідає: { $url }
error-timeout = Сайт надто довго не відповідає: { $url }
error-http = Сайт відповів помилкою { $status }: { $url }
error-redirects = Забагато перенаправлень: { $url }
error-corrupt = Сайт надіслав пошкоджену сторінку.
error-not-a-feed = Це не RSS- і не Atom-стрічка: { $url }
error-opml = Це не файл OPML зі списком стрічок.
