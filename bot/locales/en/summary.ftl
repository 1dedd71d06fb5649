# A summary's fact line, pages of summaries and the daily digest.

fact-who = Who
fact-where = Where
fact-when = When
fact-said = Said
fact-source = Source
page-untitled = Untitled
page-dropped = Did not fit in the message: { $n }.
digest-header = Digest: { $date }
digest-also = Also:
digest-more = { $n } more
digest-empty = No new articles.
digest-nothing = Nothing new since your last digest.
digest-not-subscribed = Digests are for subscribers. /start: subscribe.
