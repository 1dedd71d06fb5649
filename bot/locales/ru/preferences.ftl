# /settings: the chat's preferences (digest on/off, time, time zone, size, sources, language).

prefs-title = Настройки
prefs-digest-on = Дайджест: каждый день в { $time }
prefs-digest-off = Дайджест: выключен
prefs-next = Следующий: { $when }
prefs-zone = Часовой пояс: { $zone }
prefs-size = Статей в дайджесте: { $size }
prefs-sources-all = Источники: все
prefs-sources-some = Источники: { $chosen } из { $total }
prefs-language = Язык: русский
prefs-not-subscribed = Чат не подписан: дайджест начнёт приходить после /start.
prefs-hint =
    Точное время: /settings time 07:30
    Пояс: /settings tz Минск или /settings tz +3
prefs-button-on = 🔔 Дайджест включён
prefs-button-off = 🔕 Дайджест выключен
prefs-button-hour-minus = −1 ч
prefs-button-minutes-minus = −15 мин
prefs-button-minutes-plus = +15 мин
prefs-button-hour-plus = +1 ч
prefs-button-zone = 🌍 Часовой пояс
prefs-button-sources = 📰 Источники
prefs-button-back = « Настройки
prefs-button-all-sources = Все источники
prefs-zone-choose =
    Часовой пояс: { $zone }

    Выберите пояс или пришлите город или сдвиг от UTC: /settings tz Минск, /settings tz +3
prefs-zone-matches = Какой часовой пояс для «{ $query }»?
prefs-sources-header = Источники дайджеста: в него попадут отмеченные ✅.
prefs-no-feeds = Источников пока нет.
prefs-last-feed = Оставьте хотя бы один источник.
prefs-admins-only = Настройки группы могут менять только её администраторы.
prefs-usage = Напишите /settings, или /settings time 07:30, /settings tz Минск, /settings size 5, /settings on, /settings off.
prefs-time-usage = Не понял время. Напишите, например: /settings time 07:30
prefs-zone-usage = Не нашёл такой часовой пояс. Город или сдвиг: /settings tz Минск, /settings tz +3
prefs-size-usage = Сколько статей в дайджесте: от 1 до 20. Например: /settings size 5
prefs-expired = Эта кнопка устарела: напишите /settings.
