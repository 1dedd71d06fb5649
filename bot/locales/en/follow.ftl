# /follow, /following, /unfollow and the alerts they bring.

follow-usage = Send /follow and a name or a word, e.g. /follow Lavrov or /follow sanctions: a new article that names them comes to this chat at once.
follow-added = Following “{ $term }”. /following lists what this chat follows.
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
