# /follow, /following, /unfollow и оповещения.

follow-usage = Отправьте /follow и имя или слово, например /follow Лавров или /follow санкции: новая статья о них сразу придёт в этот чат.
follow-added = Слежу за «{ $term }». Список — /following.
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
