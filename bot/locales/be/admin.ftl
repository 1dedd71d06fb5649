# Operator commands: /broadcast and /stats.

admin-broadcast-usage = Напішыце /broadcast і тэкст паведамлення для ўсіх падпісчыкаў.
admin-broadcast-queued =
    Пастаўлена ў чаргу: { $n } { $n ->
        [one] паведамленне
        [few] паведамленні
       *[many] паведамленняў
    }.
admin-stats-subscribers = Падпісчыкі
admin-stats-active = актыўныя
admin-stats-inactive = неактыўныя
admin-stats-articles = Артыкулаў за дзень (UTC)
admin-stats-outbox = Чарга адпраўкі
admin-stats-failures = Не адпраўлена, па прычынах
