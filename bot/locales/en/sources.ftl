# A chat's own sources: /add, /feeds, /remove, an OPML file, /export.

command-add = add a feed or a site
command-feeds = your sources

sources-add-usage = Send /add and the address of a feed (RSS, Atom, JSON Feed) or of a site that has one: /add https://example.com/rss
sources-remove-usage = Send /remove and the address of a source, or press ✕ under its number in /feeds.
sources-admins-only = Only the group's administrators can change its sources.
sources-added =
    Added: { $title }
    { $url }
    Its new articles come in the daily digest; /feeds: your sources.
sources-already = { $title } is already among this chat's sources: /feeds
sources-removed = Removed: { $title }
sources-now-digest = { $title }: in the daily digest
sources-now-instant = { $title }: each new article at once
sources-expired = This list is out of date: send /feeds again.
sources-empty = This chat has no sources of its own yet. /add and an address adds a feed or a site; an OPML file sent here imports a list.
sources-header = { $total ->
    [one] { $total } source
   *[other] { $total } sources
}, page { $page } of { $pages }:
sources-item = { $n }. { $title } ({ $mode })
sources-url = { $url }
sources-mode-digest = in the digest
sources-mode-instant = at once
sources-state-ok = last new article: { $date }
sources-state-none = no new articles yet
sources-state-failing = { $errors ->
    [one] failed once
   *[other] failed { $errors } times in a row
}: { $error }
sources-button-remove = ✕ { $n }
sources-button-digest = { $n }: in the digest
sources-button-instant = { $n }: at once
sources-imported = OPML file read.
sources-imported-added = { $n ->
    [one] { $n } source added
   *[other] { $n } sources added
}
sources-imported-skipped = { $n ->
    [one] { $n } was already among this chat's sources
   *[other] { $n } were already among this chat's sources
}
sources-imported-refused = { $n ->
    [one] { $n } address refused (not http or https, or a private network)
   *[other] { $n } addresses refused (not http or https, or a private network)
}
sources-imported-over-limit = { $n ->
    [one] { $n } left out: a chat may have { $limit } sources
   *[other] { $n } left out: a chat may have { $limit } sources
}
sources-exported = This chat's sources, as an OPML file.
sources-limit = { $limit ->
    [one] This chat already has { $limit } source, the most it may have. Remove one with /remove first.
   *[other] This chat already has { $limit } sources, the most it may have. Remove one with /remove first.
}
sources-no-feed = No feed found at { $url }: it is neither an RSS, Atom or JSON feed nor a page that names one.
sources-not-found = That is not one of this chat's sources: /feeds lists them.
