"""Bytes in: feeds, safe HTTP fetches, local files and pasted text (I/O)."""
