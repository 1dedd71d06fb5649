# What went wrong, in one line. Arguments quote what came from outside (a URL, a host): the
# bot escapes them and cuts them short.

error-failed = Нешта пайшло не так. Паспрабуйце яшчэ раз пазней.
error-storage = Не атрымалася захаваць: памылка базы даных. Паспрабуйце яшчэ раз пазней.
error-empty-text = Тэкст пусты: выкладаць няма чаго.
error-binary = Гэта не тэкст і не вэб-старонка (карцінка, архіў або іншы файл).
error-binary-type = Гэта не тэкст і не вэб-старонка: { $type }
error-too-large = Занадта вялікі тэкст або старонка: больш за { $megabytes } МБ.
error-no-sentences = У тэксце няма сказаў, якія можна выкласці.
error-no-article = На старонцы не знайшлося артыкула: толькі меню, спасылкі або подпісы.
error-unsupported-language = Гэтую мову ({ $lang }) я пакуль не ўмею выкладаць: толькі рускую і англійскую.
error-fetch = Не атрымалася адкрыць спасылку.
error-unsafe-url = Гэтую спасылку я не адкрываю.
error-bad-url = Гэта не падобна на спасылку, якую можна адкрыць: { $url }
error-scheme = Я адкрываю толькі спасылкі http і https.
error-private-address = { $host } вядзе ва ўнутраную сетку: такія спасылкі я не адкрываю.
error-unreachable = Сайт не адказвае: { $url }
error-timeout = Сайт занадта доўга не адказвае: { $url }
error-http = Сайт адказаў памылкай { $status }: { $url }
error-redirects = Занадта шмат перанакіраванняў: { $url }
error-corrupt = Сайт даслаў пашкоджаную старонку.
error-not-a-feed = Гэта не RSS- і не Atom-стужка: { $url }
error-opml = Гэта не файл OPML са спісам стужак.
