# /settings: the chat's preferences (digest on/off, time, time zone, size, sources, language).

prefs-title = Налады
prefs-digest-on = Дайджэст: кожны дзень у { $time }
prefs-digest-off = Дайджэст: выключаны
prefs-next = Наступны: { $when }
prefs-zone = Часавы пояс: { $zone }
prefs-size = Артыкулаў у дайджэсце: { $size }
prefs-sources-all = Крыніцы: усе
prefs-sources-some = Крыніцы: { $chosen } з { $total }
prefs-language = Мова: беларуская
prefs-not-subscribed = Чат не падпісаны: дайджэст пачне прыходзіць пасля /start.
prefs-hint =
    Дакладны час: /settings time 07:30
    Пояс: /settings tz Мінск або /settings tz +3
prefs-button-on = 🔔 Дайджэст уключаны
prefs-button-off = 🔕 Дайджэст выключаны
prefs-button-hour-minus = −1 г
prefs-button-minutes-minus = −15 хв
prefs-button-minutes-plus = +15 хв
prefs-button-hour-plus = +1 г
prefs-button-zone = 🌍 Часавы пояс
prefs-button-sources = 📰 Крыніцы
prefs-button-back = « Налады
prefs-button-all-sources = Усе крыніцы
prefs-zone-choose =
    Часавы пояс: { $zone }

    Выберыце пояс або дашліце горад ці зрух ад UTC: /settings tz Мінск, /settings tz +3
prefs-zone-matches = Які часавы пояс для «{ $query }»?
prefs-sources-header = Крыніцы дайджэсту: у яго трапяць адзначаныя ✅.
prefs-no-feeds = Крыніц пакуль няма.
prefs-last-feed = Пакіньце хаця б адну крыніцу.
prefs-admins-only = Налады групы могуць мяняць толькі яе адміністратары.
prefs-usage = Напішыце /settings, або /settings time 07:30, /settings tz Мінск, /settings size 5, /settings on, /settings off.
prefs-time-usage = Не зразумеў час. Напішыце, напрыклад: /settings time 07:30
prefs-zone-usage = Не знайшоў такі часавы пояс. Горад або зрух: /settings tz Мінск, /settings tz +3
prefs-size-usage = Колькі артыкулаў у дайджэсце: ад 1 да 20. Напрыклад: /settings size 5
prefs-expired = Гэтая кнопка састарэла: напішыце /settings.
