# /latest, /search, paging, and links or texts sent in chat.

page-previous = « Back
page-next = Next »
latest-usage = Send /latest or /latest N, with N from 1 to 20: that many newest articles.
latest-header = Latest articles: { $first }–{ $last } of { $total }
latest-empty = No articles yet. Send a link or the text of a news story.
search-usage = Send /search and the words to look for (up to 200 characters), e.g. /search Lavrov
search-header = Search “{ $query }”: { $first }–{ $last }
search-none = Nothing found for “{ $query }”.
search-expired = This search has expired: send /search again.
submit-too-many = That is a lot of links and texts for one minute: please wait a little and send again.
submit-unknown-command = I do not know the command { $command }. What I can do: /help
submit-not-text = I understand only text and links.
