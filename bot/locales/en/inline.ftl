# Inline mode (@bot query in any chat): the button shown above an empty list.

inline-none = Nothing found: search in the bot
inline-usage = Type words to search for (up to 200 characters)
inline-failed = Search is unavailable right now: try again later
