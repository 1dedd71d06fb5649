"""Page to clean article text (pure)."""
