# /start, /help, /stop, /lang and the command menu.

start-greeting =
    Hi! I am newsbrief: I read the news and tell you in a few lines what happened: who, where, when and what was said.

    You are subscribed. Send me a link to an article or the text of a news story and I will summarise it.

    /latest: the newest articles
    /search words: search the articles
    /settings: digest, time, time zone, sources
    /lang: the bot's language
    /stop: unsubscribe
    /help: what I can do
start-help =
    Send a link (http or https) or the text of a news story: I answer with two or three sentences and a fact line.

    /start: subscribe
    /latest [N]: the N newest articles
    /search words: search the articles, any form of the words
    /said name: what a person or organisation said
    /follow name or word: new articles about them at once; /following: the list, and how alerts come; /quiet 22:30 07:00: quiet hours
    /channel @channel: link your channel
    /add URL: add a feed or a site as a source; /remove URL: remove it
    /feeds: your sources; /export: them as an OPML file (send an OPML file to import one)
    /settings: the daily digest: time, time zone, how many stories, sources
    /lang [ru|be|uk|en]: the bot's language
    /stop: unsubscribe
start-stopped = You have unsubscribed. /start: subscribe again.
start-not-subscribed = You are not subscribed. /start: subscribe.
start-admins-only = Only the group's administrators can change its subscription and language.
# The language's own name, shown on the language buttons.
language-self = English
lang-set = Language: English.
lang-choose = Choose the bot's language:
lang-usage = Send /lang and choose a language, or /lang ru, /lang be, /lang uk, /lang en.

command-start = subscribe and start
command-help = what I can do
command-latest = the newest articles
command-search = search the articles
command-settings = digest: time, time zone, sources
command-digest = the digest now
command-stop = unsubscribe
command-lang = the bot's language
