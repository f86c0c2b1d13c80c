"""warehouse stage of ramme."""
