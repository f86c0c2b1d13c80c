"""The transform stage, between extract and load: printed records → normalised records
(`transform.normalize.normalize_document`)."""
