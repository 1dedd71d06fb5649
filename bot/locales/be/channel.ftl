# /channel: channels linked from a private chat.

channel-usage = Напішыце /channel @імя_канала, каб падключыць канал, /channel @імя_канала off, каб адключыць, або /channel, каб убачыць падключаныя.
channel-private-only = Каналы падключаюцца ў асабістым чаце з ботам: напішыце мне /channel @імя_канала.
channel-not-found = Не знайшоў канал { $name }. Праверце імя і тое, што бот дададзены ў канал.
channel-not-channel = «{ $title }» не канал: /channel падключае каналы.
channel-not-admin = Падключыць «{ $title }» можа толькі адміністратар канала.
channel-bot-not-admin = Зрабіце бота адміністратарам «{ $title }» з правам публікаваць паведамленні і паўтарыце /channel.
channel-linked = Канал «{ $title }» падключаны: дайджэст будзе выходзіць там кожны дзень у { $time }. Крыніцы канала: /add спасылка { $name }.
channel-unlinked = Канал «{ $title }» адключаны: я больш туды не пішу.
channel-not-linked = Канал «{ $title }» не падключаны з гэтага чата.
channel-none = Падключаных каналаў няма. /channel @імя_канала: падключыць.
channel-list-header = Падключаныя каналы:
channel-list = { $channels }
