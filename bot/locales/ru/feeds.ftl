# Notices about a chat's sources, sent by the bot on its own (through the outbox).

# A feed the chat added failed $n times in a row; $feed is its title (or its URL), $error
# the last failure in one line, $url the feed's URL for /remove.
error-feed-failing =
    Источник { $feed } не отвечает: { $n } { $n ->
        [one] ошибка
        [few] ошибки
       *[many] ошибок
    } подряд. Последняя: { $error }
    Я продолжаю проверять его. Чтобы удалить источник: /remove { $url } (или кнопкой в /feeds).
