# /follow, /following, /unfollow и оповещения.

follow-usage = Отправьте /follow и имя или слово, например /follow Лавров или /follow санкции: новая статья о них сразу придёт в этот чат.
follow-added = Слежу за «{ $term }» — { $kind ->
    [word] слово в заголовке и тексте, в любой форме
   *[name] имя среди всех, кого называет статья, в любой форме
}. Список — /following.
follow-exists = Этот чат уже следит за «{ $term }».
follow-full = Этот чат следит за { $n ->
    [one] { $n } темой
   *[other] { $n } темами
}, больше нельзя: сначала уберите одну (/following).
follow-alert = 🔔 { $terms }
following-none = Этот чат пока ни за чем не следит. Отправьте /follow и имя или слово.
following-header = { $n ->
    [one] Этот чат следит за { $n } темой. Нажмите, чтобы перестать:
    [few] Этот чат следит за { $n } темами. Нажмите на тему, чтобы перестать:
   *[other] Этот чат следит за { $n } темами. Нажмите на тему, чтобы перестать:
}
following-stop = ✕ { $term }
unfollow-done = Больше не слежу за «{ $term }».
unfollow-unknown = Этот чат не следит за «{ $term }». Список — /following.
command-follow = следить за человеком, организацией или словом
command-following = за чем я слежу

# Как приходят оповещения (кнопки под /following, /quiet) и раздел дайджеста.
follow-chosen = ✓ { $label }
follow-alerts-instant = Сразу
follow-alerts-digest = В ежедневном дайджесте
follow-alerts-now-instant = Оповещения будут приходить сразу.
follow-alerts-now-digest = Оповещения будут приходить в ежедневном дайджесте, первым разделом.
follow-digest-off = Этот чат не получает ежедневный дайджест: сначала включите его (/start или /settings).
quiet-button = 🌙 Тихие часы: { $hours }
quiet-off = выкл.
quiet-range = { $from }–{ $to }
quiet-menu = Тихие часы по часам этого чата ({ $zone }): оповещения, пришедшие в них, придут, когда они закончатся. Сейчас: { $hours }.
    Выберите или отправьте любые: /quiet 22:30 07:00; /quiet off — выключить.
quiet-back = ← Назад
quiet-set = Тихие часы: { $from }–{ $to } по часам этого чата ({ $zone }). Оповещения, пришедшие в них, придут, когда они закончатся.
quiet-cleared = Тихие часы выключены: оповещения приходят в любое время.
quiet-usage = Отправьте /quiet и два времени, начало и конец тихих часов по часам этого чата, например /quiet 22:30 07:00; /quiet off — выключить.
command-quiet = тихие часы для оповещений
digest-follows = 🔔 По вашим подпискам
digest-follows-rest = 📰 Остальные новости
