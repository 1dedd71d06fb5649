# /settings: the chat's preferences (digest on/off, time, time zone, size, sources, language).

prefs-title = Settings
prefs-digest-on = Daily digest: every day at { $time }
prefs-digest-off = Daily digest: off
prefs-next = Next one: { $when }
prefs-zone = Time zone: { $zone }
prefs-size = Stories per digest: { $size }
prefs-sources-all = Sources: all
prefs-sources-some = Sources: { $chosen } of { $total }
prefs-language = Language: English
prefs-not-subscribed = This chat is not subscribed: digests start after /start.
prefs-hint =
    Exact time: /settings time 07:30
    Time zone: /settings tz Minsk or /settings tz +3
prefs-button-on = 🔔 Digest on
prefs-button-off = 🔕 Digest off
prefs-button-hour-minus = −1 h
prefs-button-minutes-minus = −15 min
prefs-button-minutes-plus = +15 min
prefs-button-hour-plus = +1 h
prefs-button-zone = 🌍 Time zone
prefs-button-sources = 📰 Sources
prefs-button-back = « Settings
prefs-button-all-sources = All sources
prefs-zone-choose =
    Time zone: { $zone }

    Choose one, or send a city or an offset from UTC: /settings tz Minsk, /settings tz +3
prefs-zone-matches = Which time zone for “{ $query }”?
prefs-sources-header = Digest sources: the ticked ones ✅ go into it.
prefs-no-feeds = There are no sources yet.
prefs-last-feed = Keep at least one source.
prefs-admins-only = Only the group's administrators can change its settings.
prefs-usage = Send /settings, or /settings time 07:30, /settings tz Minsk, /settings size 5, /settings on, /settings off.
prefs-time-usage = I could not read that time. Send, for example: /settings time 07:30
prefs-zone-usage = No such time zone. Send a city or an offset: /settings tz Minsk, /settings tz +3
prefs-size-usage = How many stories per digest: 1 to 20. For example: /settings size 5
prefs-expired = This button is out of date: send /settings.
