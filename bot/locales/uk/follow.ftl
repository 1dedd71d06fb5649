# /follow, /following, /unfollow і сповіщення.

follow-usage = Надішліть /follow та ім'я або слово, наприклад /follow Лавров або /follow санкції: нова стаття про них одразу прийде в цей чат.
follow-added = Стежу за «{ $term }» — { $kind ->
    [word] слово в заголовку й тексті, у будь-якій формі
   *[name] ім’я серед усіх, кого називає стаття, у будь-якій формі
}. Список — /following.
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

# Як надходять сповіщення (кнопки під /following, /quiet) і розділ дайджесту.
follow-chosen = ✓ { $label }
follow-alerts-instant = Одразу
follow-alerts-digest = У щоденному дайджесті
follow-alerts-now-instant = Сповіщення надходитимуть одразу.
follow-alerts-now-digest = Сповіщення надходитимуть у щоденному дайджесті, першим розділом.
follow-digest-off = Цей чат не отримує щоденний дайджест: спершу увімкніть його (/start або /settings).
quiet-button = 🌙 Тихі години: { $hours }
quiet-off = вимк.
quiet-range = { $from }–{ $to }
quiet-menu = Тихі години за годинником цього чату ({ $zone }): сповіщення, що надійшли в них, прийдуть, коли вони скінчаться. Зараз: { $hours }.
    Оберіть або надішліть будь-які: /quiet 22:30 07:00; /quiet off — вимкнути.
quiet-back = ← Назад
quiet-set = Тихі години: { $from }–{ $to } за годинником цього чату ({ $zone }). Сповіщення, що надійшли в них, прийдуть, коли вони скінчаться.
quiet-cleared = Тихі години вимкнено: сповіщення надходять будь-коли.
quiet-usage = Надішліть /quiet і два часи, початок і кінець тихих годин за годинником цього чату, наприклад /quiet 22:30 07:00; /quiet off — вимкнути.
command-quiet = тихі години для сповіщень
digest-follows = 🔔 За вашими підписками
digest-follows-rest = 📰 Інші новини
