# /channel: channels linked from a private chat.

channel-usage = Send /channel @channel_name to link a channel, /channel @channel_name off to unlink it, or /channel to see the linked ones.
channel-private-only = Channels are linked in a private chat with the bot: send me /channel @channel_name.
channel-not-found = I could not find the channel { $name }. Check the name and that the bot is in the channel.
channel-not-channel = “{ $title }” is not a channel: /channel links channels.
channel-not-admin = Only an administrator of “{ $title }” can link it.
channel-bot-not-admin = Make the bot an administrator of “{ $title }” with the right to post messages, then send /channel again.
channel-linked = Channel “{ $title }” is linked: its digest will be posted there every day at { $time }. The channel's sources: /add link { $name }.
channel-unlinked = Channel “{ $title }” is unlinked: I no longer post there.
channel-not-linked = Channel “{ $title }” is not linked from this chat.
channel-none = No channels are linked. /channel @channel_name: link one.
channel-list-header = Linked channels:
channel-list = { $channels }
