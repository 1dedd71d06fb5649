# Собственные источники чата: /add, /feeds, /remove, файл OPML, /export.

command-add = добавить ленту или сайт
command-feeds = ваши источники

sources-add-usage = Пришлите /add и адрес ленты (RSS, Atom, JSON Feed) или сайта, у которого она есть: /add https://example.com/rss
sources-remove-usage = Пришлите /remove и адрес источника или нажмите ✕ под его номером в /feeds.
sources-admins-only = Источники группы могут менять только её администраторы.
sources-added =
    Добавлено: { $title }
    { $url }
    Новые статьи придут в ежедневном дайджесте; /feeds: ваши источники.
sources-already = { $title } уже среди источников этого чата: /feeds
sources-removed = Удалено: { $title }
sources-now-digest = { $title }: в ежедневном дайджесте
sources-now-instant = { $title }: каждая новая статья сразу
sources-expired = Этот список устарел: пришлите /feeds ещё раз.
sources-empty = У этого чата пока нет своих источников. /add и адрес добавляет ленту или сайт; присланный сюда файл OPML импортирует список.
sources-header = { $total ->
    [one] { $total } источник
    [few] { $total } источника
   *[many] { $total } источников
}, страница { $page } из { $pages }:
sources-item = { $n }. { $title } ({ $mode })
sources-url = { $url }
sources-mode-digest = в дайджесте
sources-mode-instant = сразу
sources-state-ok = последняя новая статья: { $date }
sources-state-none = новых статей пока нет
sources-state-failing = { $errors ->
    [one] { $errors } ошибка подряд
    [few] { $errors } ошибки подряд
   *[many] { $errors } ошибок подряд
}: { $error }
sources-button-remove = ✕ { $n }
sources-button-digest = { $n }: в дайджест
sources-button-instant = { $n }: сразу
sources-imported = Файл OPML прочитан.
sources-imported-added = { $n ->
    [one] Добавлен { $n } источник
    [few] Добавлено { $n } источника
   *[many] Добавлено { $n } источников
}
sources-imported-skipped = { $n ->
    [one] { $n } уже был среди источников чата
    [few] { $n } уже были среди источников чата
   *[many] { $n } уже были среди источников чата
}
sources-imported-refused = { $n ->
    [one] { $n } адрес отклонён (не http или https либо частная сеть)
    [few] { $n } адреса отклонены (не http или https либо частная сеть)
   *[many] { $n } адресов отклонено (не http или https либо частная сеть)
}
sources-imported-over-limit = { $n ->
    [one] { $n } не добавлен
    [few] { $n } не добавлены
   *[many] { $n } не добавлено
}: у чата может быть не больше { $limit } источников
sources-exported = Источники этого чата в файле OPML.
sources-limit = { $limit ->
    [one] У этого чата уже { $limit } источник, больше нельзя. Сначала удалите один командой /remove.
    [few] У этого чата уже { $limit } источника, больше нельзя. Сначала удалите один командой /remove.
   *[many] У этого чата уже { $limit } источников, больше нельзя. Сначала удалите один командой /remove.
}
sources-no-feed = По адресу { $url } ленты не нашлось: это не лента RSS, Atom или JSON и не страница со ссылкой на неё.
sources-not-found = Такого источника у этого чата нет: список в /feeds.
