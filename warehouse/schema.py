"""The store's schema: Alembic migrations in warehouse/migrations bring a store to this ramme's revision."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util import CommandError
from sqlalchemy import Connection, Engine, insert, inspect, select
from sqlmodel import SQLModel

from models.regions import REGIONS
from models.store import RegionRow

MIGRATIONS = Path(__file__).parent / "migrations"

#: ramme's own Alembic version table, so a PostgreSQL database can also hold another Alembic app's
#: `alembic_version`; env.py and every reader of the revision use it
VERSION_TABLE = "ramme_alembic_version"

#: the pg_advisory_xact_lock key create_schema holds while it upgrades a PostgreSQL store
_ADVISORY_LOCK = 0x72616D6D65  # "ramme"

#: Alembic keeps the running migration in module globals (alembic.context), so one process upgrades
#: one store at a time; the database lock serialises processes
_UPGRADING = threading.Lock()


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
    """Upgrade the store to this ramme's schema revision and seed the five regions (idempotent).

    One transaction that first takes a lock (PostgreSQL: an advisory lock; SQLite: BEGIN IMMEDIATE),
    then reads the revision, upgrades and seeds: concurrent callers wait for each other, and a
    failed upgrade leaves the store as it was."""
    # BEGIN IMMEDIATE (see warehouse.engine): on SQLite the write lock is taken before the revision is
    # read, so a second upgrader waits (busy_timeout) instead of failing with "database is locked"
    with _UPGRADING, _alembic_errors(engine), engine.connect().execution_options(sqlite_begin="IMMEDIATE") \
            as connection, _sqlite_foreign_keys_off(connection), connection.begin():
        if connection.dialect.name == "postgresql":
            connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_ADVISORY_LOCK})")
        store_revision(connection)
        command.upgrade(alembic_config(connection), "head")
        if connection.dialect.name == "sqlite" and connection.exec_driver_sql("PRAGMA foreign_key_check").first():
            raise SchemaError(f"upgrading the store at {_name(engine)} would break its foreign keys; "
                              "it is left as it was")
        region = RegionRow.__table__
        present = set(connection.execute(select(region.c.code)).scalars())
        missing = [{"code": r.code, "name": r.name, "number": r.number} for r in REGIONS if r.code not in present]
        if missing:
            connection.execute(insert(region), missing)


@contextmanager
def _alembic_errors(engine: Engine) -> Iterator[None]:
    """An Alembic error (e.g. a version table it cannot read) as a SchemaError naming the store."""
    try:
        yield
    except CommandError as exc:
        raise SchemaError(f"cannot read or upgrade the schema of the store at {_name(engine)}: {exc}") from exc


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


def _ramme_tables(bind: Engine | Connection) -> set[str]:
    """Those of ramme's tables the store holds."""
    return set(SQLModel.metadata.tables) & set(inspect(bind).get_table_names())


def require_current_schema(engine: Engine) -> None:
    """A SchemaError unless the store is at this ramme's revision; read-only commands neither create
    nor upgrade a schema."""
    with _alembic_errors(engine), engine.connect() as connection:
        revision = store_revision(connection)
    if revision is None:  # nothing of ramme's in it (a store with tables but no revision is refused above)
        raise SchemaError(f"the store at {_name(engine)} holds no ramme tables; run `ramme run` first")
    if revision != (head := head_revision()):
        raise SchemaError(f"the store at {_name(engine)} has schema revision {revision}, this ramme needs "
                          f"{head}; run `ramme run` to upgrade it")


def store_revision(connection: Connection) -> str | None:
    """The store's schema revision (None when empty); a SchemaError when no migration can start from it."""
    revision = MigrationContext.configure(connection, opts={"version_table": VERSION_TABLE}).get_current_revision()
    if revision is None and _ramme_tables(connection):
        raise SchemaError(f"the store at {_name(connection.engine)} was made by a ramme without schema "
                          "versions; move it away (or empty that database) and run `ramme run` to rebuild it")
    known = {script.revision for script in ScriptDirectory.from_config(alembic_config()).walk_revisions()}
    if revision is not None and revision not in known:
        raise SchemaError(f"the store at {_name(connection.engine)} has schema revision {revision}, which this "
                          "ramme does not know; use the ramme that made it, or a newer one")
    return revision


def _name(engine: Engine) -> str:
    return engine.url.render_as_string(hide_password=True)
