# /channel: channels linked from a private chat.

channel-usage = Напишите /channel @имя_канала, чтобы подключить канал, /channel @имя_канала off, чтобы отключить, или /channel, чтобы увидеть подключённые.
channel-private-only = Каналы подключаются в личном чате с ботом: напишите мне /channel @имя_канала.
channel-not-found = Не нашёл канал { $name }. Проверьте имя и что бот добавлен в канал.
channel-not-channel = «{ $title }» не канал: /channel подключает каналы.
channel-not-admin = Подключить «{ $title }» может только администратор канала.
channel-bot-not-admin = Сделайте бота администратором «{ $title }» с правом публиковать сообщения и повторите /channel.
channel-linked = Канал «{ $title }» подключён: дайджест будет выходить там каждый день в { $time }. Источники канала: /add ссылка { $name }.
channel-unlinked = Канал «{ $title }» отключён: я больше туда не пишу.
channel-not-linked = Канал «{ $title }» не подключён из этого чата.
channel-none = Подключённых каналов нет. /channel @имя_канала: подключить.
channel-list-header = Подключённые каналы:
channel-list = { $channels }
