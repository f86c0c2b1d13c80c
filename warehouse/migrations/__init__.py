"""Alembic migrations of the store's schema: env.py, script.py.mako and versions/ (one file a revision).

`python -m warehouse.migrations "what changed"` writes the next revision for review.
"""
