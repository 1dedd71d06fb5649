# Notices about a chat's sources, sent by the bot on its own (through the outbox).

# A feed the chat added failed $n times in a row; $feed is its title (or its URL), $error
# the last failure in one line, $url the feed's URL for /remove.
error-feed-failing =
    Джерело { $feed } не відповідає: { $n } { $n ->
        [one] помилка
        [few] помилки
       *[many] помилок
    } поспіль. Остання: { $error }
    Я й далі перевіряю його. Щоб видалити джерело: /remove { $url } (або кнопкою в /feeds).
