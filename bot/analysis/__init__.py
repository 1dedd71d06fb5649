"""Text to Summary (pure; models are passed in)."""
