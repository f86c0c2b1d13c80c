"""The domain core: records, enums, vocabulary, regions, geometry and Danish number notation — pure
Python, importable without a database, PDF or NLP library. The store's tables are `models.store`."""
