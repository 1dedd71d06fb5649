# Notices about a chat's sources, sent by the bot on its own (through the outbox).

# A feed the chat added failed $n times in a row; $feed is its title (or its URL), $error
# the last failure in one line, $url the feed's URL for /remove.
error-feed-failing =
    The source { $feed } is not working: { $n } { $n ->
        [one] failure
       *[other] failures
    } in a row. The last one: { $error }
    I keep checking it. To remove it: /remove { $url } (or with its button in /feeds).
