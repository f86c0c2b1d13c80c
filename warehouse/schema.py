"""The store's schema: Alembic migrations in warehouse/migrations bring a store to this ramme's revision."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, inspect
from sqlmodel import Session, SQLModel, select

import models  # noqa: F401  (registers every table on SQLModel.metadata)
from models.catalog import Region
from models.regions import REGIONS

MIGRATIONS = Path(__file__).parent / "migrations"


class SchemaError(ValueError):
    """The store's schema is not one this ramme can use as it is; the message says what to do."""


def alembic_config(connection: Connection | None = None) -> Config:
    """Alembic's configuration for the migrations folder; env.py runs on `connection`."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS).replace("%", "%%"))
    config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    """The schema revision this ramme's models need."""
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def create_schema(engine: Engine) -> None:
    """Upgrade the store to this ramme's schema revision and seed the five regions (idempotent)."""
    with engine.connect() as connection, _sqlite_foreign_keys_off(connection), connection.begin():
        store_revision(connection)
        command.upgrade(alembic_config(connection), "head")
        if connection.dialect.name == "sqlite" and connection.exec_driver_sql("PRAGMA foreign_key_check").first():
            raise SchemaError(f"upgrading the store at {_name(engine)} would break its foreign keys; "
                              "it is left as it was")
    with Session(engine) as session:
        present = set(session.exec(select(Region.code)).all())
        for region in REGIONS:
            if region.code not in present:
                session.add(Region(code=region.code, name=region.name, number=region.number))
        session.commit()


@contextmanager
def _sqlite_foreign_keys_off(connection: Connection) -> Iterator[None]:
    """SQLite alters a table by copying it, and with foreign keys on it refuses to drop a referenced
    original; the pragma only takes effect outside a transaction, so it is set on the raw connection."""
    if connection.dialect.name != "sqlite":
        yield
        return
    raw = connection.connection.driver_connection
    raw.execute("PRAGMA foreign_keys=OFF")
    try:
        yield
    finally:
        raw.execute("PRAGMA foreign_keys=ON")


def schema_present(engine: Engine) -> bool:
    """True when the store holds any of ramme's tables (a read-only command must not create them)."""
    return bool(set(SQLModel.metadata.tables) & set(inspect(engine).get_table_names()))


def require_current_schema(engine: Engine) -> None:
    """A SchemaError unless the store is at this ramme's revision; read-only commands do not upgrade."""
    with engine.connect() as connection:
        revision = store_revision(connection)
    if revision != (head := head_revision()):
        raise SchemaError(f"the store at {_name(engine)} has schema revision {revision}, this ramme needs "
                          f"{head}; run `ramme run` to upgrade it")


def store_revision(connection: Connection) -> str | None:
    """The store's schema revision (None when empty); a SchemaError when no migration can start from it."""
    revision = MigrationContext.configure(connection).get_current_revision()
    if revision is None and set(SQLModel.metadata.tables) & set(inspect(connection).get_table_names()):
        raise SchemaError(f"the store at {_name(connection.engine)} was made by a ramme without schema "
                          "versions; move it away (or empty that database) and run `ramme run` to rebuild it")
    known = {script.revision for script in ScriptDirectory.from_config(alembic_config()).walk_revisions()}
    if revision is not None and revision not in known:
        raise SchemaError(f"the store at {_name(connection.engine)} has schema revision {revision}, which this "
                          "ramme does not know; use the ramme that made it, or a newer one")
    return revision


def _name(engine: Engine) -> str:
    return engine.url.render_as_string(hide_password=True)
