# Operator commands: /broadcast and /stats.

admin-broadcast-usage = Send /broadcast and the text for every subscriber.
admin-broadcast-queued =
    Queued: { $n } { $n ->
        [one] message
       *[other] messages
    }.
admin-stats-subscribers = Subscribers
admin-stats-active = active
admin-stats-inactive = inactive
admin-stats-articles = Articles per day (UTC)
admin-stats-outbox = Outbox
admin-stats-failures = Failed or dropped, by reason
