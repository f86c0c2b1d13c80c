"""validations stage of ramme."""
