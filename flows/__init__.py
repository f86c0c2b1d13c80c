"""Prefect flows: orchestration only (fetch -> extract -> transform -> load), no parsing or domain rules.

Importing this package changes nothing: the offline switches are `models.settings.apply_offline_environment`,
called by the `ramme` command line and the tests before Prefect is imported.
"""
