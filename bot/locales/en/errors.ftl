# What went wrong, in one line. Arguments quote what came from outside (a URL, a host): the
# bot escapes them and cuts them short.

error-failed = Something went wrong. Please try again later.
error-storage = Could not save: a database error. Please try again later.
error-empty-text = The text is empty: there is nothing to summarise.
error-binary = That is not text or a web page (an image, an archive or another file).
error-binary-type = That is not text or a web page: { $type }
error-too-large = The text or page is too large: over { $megabytes } MB.
error-no-sentences = The text has no sentences to summarise.
error-no-article = No article found on the page: only menus, links or captions.
error-unsupported-language = I cannot summarise this language ({ $lang }) yet: only Russian and English.
error-fetch = Could not open the link.
error-unsafe-url = I do not open this link.
error-bad-url = That does not look like a link I can open: { $url }
error-scheme = I open only http and https links.
error-private-address = { $host } leads into a private network: I do not open such links.
error-unreachable = The site does not answer: { $url }
error-timeout = The site took too long to answer: { $url }
error-http = The site answered with error { $status }: { $url }
error-redirects = Too many redirects: { $url }
error-corrupt = The site sent a damaged page.
error-not-a-feed = That is not an RSS or Atom feed: { $url }
error-opml = That is not an OPML file with a list of feeds.
