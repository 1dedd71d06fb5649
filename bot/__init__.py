"""newsbrief: a Telegram bot that reads the news and says, in a few lines, what happened."""
