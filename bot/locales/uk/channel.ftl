# /channel: channels linked from a private chat.

channel-usage = Напишіть /channel @імʼя_каналу, щоб підключити канал, /channel @імʼя_каналу off, щоб відключити, або /channel, щоб побачити підключені.
channel-private-only = Канали підключаються в особистому чаті з ботом: напишіть мені /channel @імʼя_каналу.
channel-not-found = Не знайшов канал { $name }. Перевірте імʼя і те, що бота додано до каналу.
channel-not-channel = «{ $title }» не канал: /channel підключає канали.
channel-not-admin = Підключити «{ $title }» може лише адміністратор каналу.
channel-bot-not-admin = Зробіть бота адміністратором «{ $title }» з правом публікувати повідомлення і повторіть /channel.
channel-linked = Канал «{ $title }» підключено: дайджест виходитиме там щодня о { $time }. Джерела каналу: /add посилання { $name }.
channel-unlinked = Канал «{ $title }» відключено: я більше туди не пишу.
channel-not-linked = Канал «{ $title }» не підключено з цього чату.
channel-none = Підключених каналів немає. /channel @імʼя_каналу: підключити.
channel-list-header = Підключені канали:
channel-list = { $channels }
