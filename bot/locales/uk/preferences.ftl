# /settings: the chat's preferences (digest on/off, time, time zone, size, sources, language).

prefs-title = Налаштування
prefs-digest-on = Дайджест: щодня о { $time }
prefs-digest-off = Дайджест: вимкнено
prefs-next = Наступний: { $when }
prefs-zone = Часовий пояс: { $zone }
prefs-size = Статей у дайджесті: { $size }
prefs-sources-all = Джерела: усі
prefs-sources-some = Джерела: { $chosen } з { $total }
prefs-language = Мова: українська
prefs-not-subscribed = Чат не підписаний: дайджест почне надходити після /start.
prefs-hint =
    Точний час: /settings time 07:30
    Пояс: /settings tz Київ або /settings tz +2
prefs-button-on = 🔔 Дайджест увімкнено
prefs-button-off = 🔕 Дайджест вимкнено
prefs-button-hour-minus = −1 год
prefs-button-minutes-minus = −15 хв
prefs-button-minutes-plus = +15 хв
prefs-button-hour-plus = +1 год
prefs-button-zone = 🌍 Часовий пояс
prefs-button-sources = 📰 Джерела
prefs-button-back = « Налаштування
prefs-button-all-sources = Усі джерела
prefs-zone-choose =
    Часовий пояс: { $zone }

    Оберіть пояс або надішліть місто чи зсув від UTC: /settings tz Київ, /settings tz +2
prefs-zone-matches = Який часовий пояс для «{ $query }»?
prefs-sources-header = Джерела дайджесту: до нього потраплять позначені ✅.
prefs-no-feeds = Джерел поки немає.
prefs-last-feed = Залиште хоча б одне джерело.
prefs-admins-only = Налаштування групи можуть змінювати лише її адміністратори.
prefs-usage = Напишіть /settings, або /settings time 07:30, /settings tz Київ, /settings size 5, /settings on, /settings off.
prefs-time-usage = Не зрозумів час. Напишіть, наприклад: /settings time 07:30
prefs-zone-usage = Не знайшов такого часового поясу. Місто або зсув: /settings tz Київ, /settings tz +2
prefs-size-usage = Скільки статей у дайджесті: від 1 до 20. Наприклад: /settings size 5
prefs-expired = Ця кнопка застаріла: напишіть /settings.
