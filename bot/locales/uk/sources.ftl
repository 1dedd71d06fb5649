# Власні джерела чату: /add, /feeds, /remove, файл OPML, /export.

command-add = додати стрічку або сайт
command-feeds = ваші джерела

sources-add-usage = Надішліть /add і адресу стрічки (RSS, Atom, JSON Feed) або сайту, який її має: /add https://example.com/rss
sources-remove-usage = Надішліть /remove і адресу джерела або натисніть ✕ під його номером у /feeds.
sources-admins-only = Джерела групи можуть змінювати лише її адміністратори.
sources-added =
    Додано: { $title }
    { $url }
    Нові статті надходитимуть у щоденному дайджесті; /feeds: ваші джерела.
sources-already = { $title } вже серед джерел цього чату: /feeds
sources-removed = Видалено: { $title }
sources-now-digest = { $title }: у щоденному дайджесті
sources-now-instant = { $title }: кожна нова стаття одразу
sources-expired = Цей список застарів: надішліть /feeds ще раз.
sources-empty = У цього чату поки немає власних джерел. /add і адреса додає стрічку або сайт; надісланий сюди файл OPML імпортує список.
sources-header = { $total ->
    [one] { $total } джерело
    [few] { $total } джерела
   *[many] { $total } джерел
}, сторінка { $page } з { $pages }:
sources-item = { $n }. { $title } ({ $mode })
sources-url = { $url }
sources-mode-digest = у дайджесті
sources-mode-instant = одразу
sources-state-ok = остання нова стаття: { $date }
sources-state-none = нових статей поки немає
sources-state-failing = { $errors ->
    [one] { $errors } помилка поспіль
    [few] { $errors } помилки поспіль
   *[many] { $errors } помилок поспіль
}: { $error }
sources-button-remove = ✕ { $n }
sources-button-digest = { $n }: у дайджест
sources-button-instant = { $n }: одразу
sources-imported = Файл OPML прочитано.
sources-imported-added = { $n ->
    [one] Додано { $n } джерело
    [few] Додано { $n } джерела
   *[many] Додано { $n } джерел
}
sources-imported-skipped = { $n ->
    [one] { $n } вже було серед джерел чату
   *[other] { $n } вже були серед джерел чату
}
sources-imported-refused = { $n ->
    [one] { $n } адресу відхилено (не http чи https або приватна мережа)
    [few] { $n } адреси відхилено (не http чи https або приватна мережа)
   *[many] { $n } адрес відхилено (не http чи https або приватна мережа)
}
sources-imported-over-limit = { $n ->
    [one] { $n } не додано
   *[other] { $n } не додано
}: у чату може бути щонайбільше { $limit } джерел
sources-exported = Джерела цього чату у файлі OPML.
sources-limit = { $limit ->
    [one] У цього чату вже { $limit } джерело, більше не можна. Спершу видаліть одне командою /remove.
    [few] У цього чату вже { $limit } джерела, більше не можна. Спершу видаліть одне командою /remove.
   *[many] У цього чату вже { $limit } джерел, більше не можна. Спершу видаліть одне командою /remove.
}
sources-no-feed = За адресою { $url } стрічки не знайшлося: це не стрічка RSS, Atom чи JSON і не сторінка з посиланням на неї.
sources-not-found = Такого джерела в цього чату немає: список у /feeds.
