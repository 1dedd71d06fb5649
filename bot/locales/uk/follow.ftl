# /follow, /following, /unfollow і сповіщення.

follow-usage = Надішліть /follow та ім'я або слово, наприклад /follow Лавров або /follow санкції: нова стаття про них одразу прийде в цей чат.
follow-added = Стежу за «{ $term }». Список — /following.
follow-exists = Цей чат уже стежить за «{ $term }».
follow-full = Цей чат стежить за { $n ->
    [one] { $n } темою
   *[other] { $n } темами
}, більше не можна: спершу приберіть одну (/following).
follow-alert = 🔔 { $terms }
following-none = Цей чат поки ні за чим не стежить. Надішліть /follow та ім'я або слово.
following-header = { $n ->
    [one] Цей чат стежить за { $n } темою. Натисніть, щоб перестати:
   *[other] Цей чат стежить за { $n } темами. Натисніть на тему, щоб перестати:
}
following-stop = ✕ { $term }
unfollow-done = Більше не стежу за «{ $term }».
unfollow-unknown = Цей чат не стежить за «{ $term }». Список — /following.
command-follow = стежити за людиною, організацією або словом
command-following = за чим я стежу
