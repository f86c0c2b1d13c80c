"""models stage of ramme."""
