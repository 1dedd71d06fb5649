# /follow, /following, /unfollow і апавяшчэнні.

follow-usage = Дашліце /follow і імя або слова, напрыклад /follow Лаўроў або /follow санкцыі: новы артыкул пра іх адразу прыйдзе ў гэты чат.
follow-added = Сачу за «{ $term }» — { $kind ->
    [word] слова ў загалоўку і тэксце, у любой форме
   *[name] імя сярод усіх, каго называе артыкул, у любой форме
}. Спіс — /following.
follow-exists = Гэты чат ужо сочыць за «{ $term }».
follow-full = Гэты чат сочыць за { $n ->
    [one] { $n } тэмай
   *[other] { $n } тэмамі
}, больш нельга: спачатку прыберыце адну (/following).
follow-alert = 🔔 { $terms }
following-none = Гэты чат пакуль ні за чым не сочыць. Дашліце /follow і імя або слова.
following-header = { $n ->
    [one] Гэты чат сочыць за { $n } тэмай. Націсніце, каб перастаць:
   *[other] Гэты чат сочыць за { $n } тэмамі. Націсніце на тэму, каб перастаць:
}
following-stop = ✕ { $term }
unfollow-done = Больш не сачу за «{ $term }».
unfollow-unknown = Гэты чат не сочыць за «{ $term }». Спіс — /following.
command-follow = сачыць за чалавекам, арганізацыяй або словам
command-following = за чым я сачу

# Як прыходзяць апавяшчэнні (кнопкі пад /following, /quiet) і раздзел дайджэсту.
follow-chosen = ✓ { $label }
follow-alerts-instant = Адразу
follow-alerts-digest = У штодзённым дайджэсце
follow-alerts-now-instant = Апавяшчэнні будуць прыходзіць адразу.
follow-alerts-now-digest = Апавяшчэнні будуць прыходзіць у штодзённым дайджэсце, першым раздзелам.
follow-digest-off = Гэты чат не атрымлівае штодзённы дайджэст: спачатку ўключыце яго (/start або /settings).
quiet-button = 🌙 Ціхія гадзіны: { $hours }
quiet-off = выкл.
quiet-range = { $from }–{ $to }
quiet-menu = Ціхія гадзіны па гадзінніку гэтага чата ({ $zone }): апавяшчэнні, што прыйшлі ў іх, прыйдуць, калі яны скончацца. Цяпер: { $hours }.
    Выберыце або дашліце любыя: /quiet 22:30 07:00; /quiet off — выключыць.
quiet-back = ← Назад
quiet-set = Ціхія гадзіны: { $from }–{ $to } па гадзінніку гэтага чата ({ $zone }). Апавяшчэнні, што прыйшлі ў іх, прыйдуць, калі яны скончацца.
quiet-cleared = Ціхія гадзіны выключаны: апавяшчэнні прыходзяць у любы час.
quiet-usage = Дашліце /quiet і два часы, пачатак і канец ціхіх гадзін па гадзінніку гэтага чата, напрыклад /quiet 22:30 07:00; /quiet off — выключыць.
command-quiet = ціхія гадзіны для апавяшчэнняў
digest-follows = 🔔 Па вашых падпісках
digest-follows-rest = 📰 Астатнія навіны
