# /follow, /following, /unfollow and the alerts they bring.

follow-usage = Send /follow and a name or a word, e.g. /follow Lavrov or /follow sanctions: a new article that names them comes to this chat at once.
follow-added = Following “{ $term }” — { $kind ->
    [word] a word, in the title and text, in any form
   *[name] a name, among everyone an article names, in any form
}. /following lists what this chat follows.
follow-exists = This chat already follows “{ $term }”.
follow-full = This chat follows { $n } things, the most it can: stop following one first (/following).
follow-alert = 🔔 { $terms }
following-none = This chat follows nothing yet. Send /follow and a name or a word.
following-header = { $n ->
    [one] This chat follows { $n } thing. Press one to stop following it:
   *[other] This chat follows { $n } things. Press one to stop following it:
}
following-stop = ✕ { $term }
unfollow-done = No longer following “{ $term }”.
unfollow-unknown = This chat does not follow “{ $term }”. /following lists what it follows.
command-follow = follow a person, an organisation or a word
command-following = what this chat follows

# How alerts come (the buttons under /following, /quiet) and the digest's section.
follow-chosen = ✓ { $label }
follow-alerts-instant = At once
follow-alerts-digest = In the daily digest
follow-alerts-now-instant = Alerts will come at once.
follow-alerts-now-digest = Alerts will come in the daily digest, as its first section.
follow-digest-off = This chat gets no daily digest: turn it on first (/start or /settings).
quiet-button = 🌙 Quiet hours: { $hours }
quiet-off = off
quiet-range = { $from }–{ $to }
quiet-menu = Quiet hours on this chat's clock ({ $zone }): alerts that come in them arrive when they end. Now: { $hours }.
    Choose, or send any: /quiet 22:30 07:00; /quiet off turns them off.
quiet-back = ← Back
quiet-set = Quiet hours: { $from }–{ $to } on this chat's clock ({ $zone }). Alerts that come in them arrive when they end.
quiet-cleared = Quiet hours off: alerts come at any time.
quiet-usage = Send /quiet and two times, when quiet hours start and end on this chat's clock, e.g. /quiet 22:30 07:00; /quiet off turns them off.
command-quiet = quiet hours for alerts
digest-follows = 🔔 What you follow
digest-follows-rest = 📰 Other news
