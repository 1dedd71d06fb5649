# /follow, /following, /unfollow і апавяшчэнні.

follow-usage = Дашліце /follow і імя або слова, напрыклад /follow Лаўроў або /follow санкцыі: новы артыкул пра іх адразу прыйдзе ў гэты чат.
follow-added = Сачу за «{ $term }». Спіс — /following.
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
