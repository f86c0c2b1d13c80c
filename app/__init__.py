"""app stage of ramme."""
