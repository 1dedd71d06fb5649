# Notices about a chat's sources, sent by the bot on its own (through the outbox).

# A feed the chat added failed $n times in a row; $feed is its title (or its URL), $error
# the last failure in one line, $url the feed's URL for /remove.
error-feed-failing =
    Крыніца { $feed } не адказвае: { $n } { $n ->
        [one] памылка
        [few] памылкі
       *[many] памылак
    } запар. Апошняя: { $error }
    Я працягваю правяраць яе. Каб выдаліць крыніцу: /remove { $url } (або кнопкай у /feeds).
