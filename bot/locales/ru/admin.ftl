# Operator commands: /broadcast and /stats.

admin-broadcast-usage = Напишите /broadcast и текст сообщения для всех подписчиков.
admin-broadcast-queued =
    Поставлено в очередь: { $n } { $n ->
        [one] сообщение
        [few] сообщения
       *[many] сообщений
    }.
admin-stats-subscribers = Подписчики
admin-stats-active = активные
admin-stats-inactive = неактивные
admin-stats-articles = Статей в день (UTC)
admin-stats-outbox = Очередь отправки
admin-stats-failures = Не отправлено, по причинам
