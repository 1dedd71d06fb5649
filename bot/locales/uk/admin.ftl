# Operator commands: /broadcast and /stats.

admin-broadcast-usage = Напишіть /broadcast і текст повідомлення для всіх підписників.
admin-broadcast-queued =
    Поставлено в чергу: { $n } { $n ->
        [one] повідомлення
        [few] повідомлення
       *[many] повідомлень
    }.
admin-stats-subscribers = Підписники
admin-stats-active = активні
admin-stats-inactive = неактивні
admin-stats-articles = Статей за день (UTC)
admin-stats-outbox = Черга надсилання
admin-stats-failures = Не надіслано, за причинами
