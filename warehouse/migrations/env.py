"""Alembic environment: runs on the connection `warehouse.schema` passes in (no alembic.ini)."""

from alembic import context
from sqlmodel import SQLModel

import models.store  # noqa: F401  (registers every table on SQLModel.metadata)
from warehouse.schema import VERSION_TABLE

connection = context.config.attributes.get("connection")
if connection is None or context.is_offline_mode():
    raise RuntimeError("run migrations through warehouse.create_schema or `python -m warehouse.migrations`")

context.configure(
    connection=connection,
    target_metadata=SQLModel.metadata,
    version_table=VERSION_TABLE,  # not alembic_version: the database may hold another Alembic app's
    render_as_batch=connection.dialect.name == "sqlite",  # SQLite alters most things by copying the table
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
