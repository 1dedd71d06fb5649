"""Choose and present summaries (pure)."""
