"""SQLite storage (aiosqlite): the only package that knows SQL."""
