"""flows stage of ramme."""
