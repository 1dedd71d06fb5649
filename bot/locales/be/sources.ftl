# Уласныя крыніцы чата: /add, /feeds, /remove, файл OPML, /export.

command-add = дадаць стужку або сайт
command-feeds = вашы крыніцы

sources-add-usage = Дашліце /add і адрас стужкі (RSS, Atom, JSON Feed) або сайта, у якога яна ёсць: /add https://example.com/rss
sources-remove-usage = Дашліце /remove і адрас крыніцы або націсніце ✕ пад яе нумарам у /feeds.
sources-admins-only = Крыніцы групы могуць мяняць толькі яе адміністратары.
sources-added =
    Дададзена: { $title }
    { $url }
    Новыя артыкулы прыйдуць у штодзённым дайджэсце; /feeds: вашы крыніцы.
sources-already = { $title } ужо сярод крыніц гэтага чата: /feeds
sources-removed = Выдалена: { $title }
sources-now-digest = { $title }: у штодзённым дайджэсце
sources-now-instant = { $title }: кожны новы артыкул адразу
sources-expired = Гэты спіс састарэў: дашліце /feeds яшчэ раз.
sources-empty = У гэтага чата пакуль няма сваіх крыніц. /add і адрас дадае стужку або сайт; дасланы сюды файл OPML імпартуе спіс.
sources-header = { $total ->
    [one] { $total } крыніца
    [few] { $total } крыніцы
   *[many] { $total } крыніц
}, старонка { $page } з { $pages }:
sources-item = { $n }. { $title } ({ $mode })
sources-url = { $url }
sources-mode-digest = у дайджэсце
sources-mode-instant = адразу
sources-state-ok = апошні новы артыкул: { $date }
sources-state-none = новых артыкулаў пакуль няма
sources-state-failing = { $errors ->
    [one] { $errors } памылка запар
    [few] { $errors } памылкі запар
   *[many] { $errors } памылак запар
}: { $error }
sources-button-remove = ✕ { $n }
sources-button-digest = { $n }: у дайджэст
sources-button-instant = { $n }: адразу
sources-imported = Файл OPML прачытаны.
sources-imported-added = { $n ->
    [one] Дададзена { $n } крыніца
    [few] Дададзена { $n } крыніцы
   *[many] Дададзена { $n } крыніц
}
sources-imported-skipped = { $n ->
    [one] { $n } ужо была сярод крыніц чата
   *[other] { $n } ужо былі сярод крыніц чата
}
sources-imported-refused = { $n ->
    [one] { $n } адрас адхілены (не http ці https або прыватная сетка)
    [few] { $n } адрасы адхілены (не http ці https або прыватная сетка)
   *[many] { $n } адрасоў адхілена (не http ці https або прыватная сетка)
}
sources-imported-over-limit = { $n ->
    [one] { $n } не дададзена
   *[other] { $n } не дададзена
}: у чата можа быць не больш за { $limit } крыніц
sources-exported = Крыніцы гэтага чата ў файле OPML.
sources-limit = { $limit ->
    [one] У гэтага чата ўжо { $limit } крыніца, больш нельга. Спачатку выдаліце адну камандай /remove.
    [few] У гэтага чата ўжо { $limit } крыніцы, больш нельга. Спачатку выдаліце адну камандай /remove.
   *[many] У гэтага чата ўжо { $limit } крыніц, больш нельга. Спачатку выдаліце адну камандай /remove.
}
sources-no-feed = Па адрасе { $url } стужкі не знайшлося: гэта не стужка RSS, Atom ці JSON і не старонка са спасылкай на яе.
sources-not-found = Такой крыніцы ў гэтага чата няма: спіс у /feeds.
