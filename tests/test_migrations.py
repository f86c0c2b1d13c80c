"""Schema migrations: they build exactly the models, upgrade a store in place and refuse stores they cannot.

Each test runs on a SQLite file and (marked slow) on a throwaway PostgreSQL database.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from conftest import build_extraction, load_extraction
from sqlalchemy import Column, Integer, Table, Text, inspect, text
from sqlmodel import SQLModel
from typer.testing import CliRunner

import warehouse.schema
from app.cli import app
from warehouse import (
    SchemaError,
    create_schema,
    make_engine,
    query_offers,
)
from warehouse.migrations.__main__ import NothingChanged, make_revision
from warehouse.schema import VERSION_TABLE

ROWS = ("region", "source", "agreement", "document", "offer", "offer_year", "stated_count", "clause",
        "agenda_item", "next_meeting", "table_figure")

# A second revision, as a later ramme would add it. SQLite cannot alter a column's type, so there
# batch mode rebuilds `document`, which other tables reference: the case that needs the foreign keys
# off while migrating. PostgreSQL alters the table in place.
HEAD = warehouse.schema.head_revision()  # this ramme's revision
NEXT = f"{int(HEAD) + 1:04d}"  # the one a later ramme adds
NEXT_REVISION = f'''
from alembic import op
import sqlalchemy as sa

revision = "{NEXT}"
down_revision = "{HEAD}"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("document") as batch_op:
        batch_op.add_column(sa.Column("note", sa.String(), nullable=True))
        batch_op.alter_column("title", existing_type=sa.String(), type_=sa.Text())


def downgrade() -> None:
    with op.batch_alter_table("document") as batch_op:
        batch_op.alter_column("title", existing_type=sa.Text(), type_=sa.String())
        batch_op.drop_column("note")
'''


class _Src:
    region, url, kind = "hovedstaden", "data/agreements/h.pdf", "agreement"


def counts(engine) -> dict[str, int]:
    with engine.connect() as conn:
        return {table: conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one() for table in ROWS}


def revision(engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn, opts={"version_table": VERSION_TABLE}).get_current_revision()


def ramme(*args: str):
    return CliRunner().invoke(app, list(args))


@pytest.fixture
def migrations(tmp_path, monkeypatch):
    """A copy of the migrations folder, used instead of the real one."""
    folder = tmp_path / "migrations"
    shutil.copytree(warehouse.schema.MIGRATIONS, folder, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(warehouse.schema, "MIGRATIONS", folder)
    return folder


@pytest.fixture
def later_ramme(migrations):
    """The migrations of a ramme one revision ahead (document.note, document.title as TEXT)."""
    (migrations / "versions" / f"{NEXT}_document_note.py").write_text(NEXT_REVISION)
    return migrations


def test_the_migrations_build_exactly_the_models(engine):
    """Fails when a model changes without a migration: `python -m warehouse.migrations "..."` writes one."""
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"version_table": VERSION_TABLE})
        assert compare_metadata(context, SQLModel.metadata) == []
    assert revision(engine) == warehouse.schema.head_revision()


def test_every_foreign_key_in_the_store_has_the_conventional_name(engine):
    """A later migration drops or alters a foreign key by name (SQLite batch mode too): the names come from
    the naming convention in models/store/base.py, not from whatever each database would make up."""
    inspector = inspect(engine)
    stored = {(table, fk["name"]) for table in SQLModel.metadata.tables for fk in inspector.get_foreign_keys(table)}
    modelled = {(table.name, fk.name) for table in SQLModel.metadata.tables.values()
                for fk in table.foreign_key_constraints}
    assert stored == modelled and len(stored) == 17 and all(name and name.startswith("fk_") for _, name in stored)


def test_create_schema_again_changes_nothing_and_keeps_the_rows(engine):
    load_extraction(engine, _Src(), build_extraction())
    before = counts(engine)
    create_schema(engine)
    assert counts(engine) == before and before["offer"] == 3 and before["region"] == 5
    assert revision(engine) == warehouse.schema.head_revision()


def test_a_store_at_an_older_revision_is_refused_by_queries_and_upgraded_by_create_schema(
        engine, database_url, later_ramme):
    load_extraction(engine, _Src(), build_extraction())
    before, offers = counts(engine), query_offers(engine)

    result = ramme("offers", "--database-url", database_url)
    assert result.exit_code == 1
    assert result.stderr == (f"ramme: error: the store at {engine.url.render_as_string(hide_password=True)} has "
                             f"schema revision {HEAD}, this ramme needs {NEXT}; run `ramme run` to upgrade it\n")

    create_schema(engine)
    assert revision(engine) == NEXT
    columns = {c["name"]: c["type"] for c in inspect(engine).get_columns("document")}
    assert "note" in columns and isinstance(columns["title"], Text)
    assert counts(engine) == before and query_offers(engine) == offers
    if engine.dialect.name == "sqlite":  # document was rebuilt: the references to it still hold and are enforced
        with engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA foreign_key_check").all() == []
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    assert ramme("offers", "--database-url", database_url).exit_code == 0


def test_a_store_made_before_schema_versions_is_refused_and_left_alone(database_url):
    url = database_url.replace("postgres@", "postgres:secret@")  # trust auth: the password is not checked
    engine = make_engine(url)
    SQLModel.metadata.create_all(engine)  # what an older ramme did
    try:
        with pytest.raises(SchemaError) as error:
            create_schema(engine)
        result = ramme("clauses", "--database-url", url)
    finally:
        names = set(inspect(engine).get_table_names())
        engine.dispose()
    shown = make_engine(url).url.render_as_string(hide_password=True)
    message = (f"the store at {shown} was made by a ramme without schema versions; move it away (or empty that "
               "database) and run `ramme run` to rebuild it")
    assert str(error.value) == message and "secret" not in message
    assert result.exit_code == 1 and result.stderr == f"ramme: error: {message}\n"
    assert VERSION_TABLE not in names


def test_a_store_from_a_newer_ramme_is_refused(engine):
    with engine.begin() as conn:
        conn.execute(text(f"UPDATE {VERSION_TABLE} SET version_num = '0999'"))
    with pytest.raises(SchemaError, match="has schema revision 0999, which this ramme does not know"):
        create_schema(engine)


def test_make_revision_writes_the_next_numbered_revision(migrations, sqlite_url):
    note = Table("scratch_note", SQLModel.metadata, Column("id", Integer, primary_key=True))
    try:
        path = make_revision("add scratch note")
    finally:
        SQLModel.metadata.remove(note)
    assert path == str(migrations / "versions" / f"{NEXT}_add_scratch_note.py")
    source = Path(path).read_text()
    assert f"revision = '{NEXT}'" in source and f"down_revision = '{HEAD}'" in source
    assert "op.create_table('scratch_note'" in source
    engine = make_engine(sqlite_url)
    create_schema(engine)  # the written file is a working migration
    assert revision(engine) == NEXT and "scratch_note" in inspect(engine).get_table_names()
    engine.dispose()


def test_make_revision_refuses_to_write_an_empty_revision(migrations):
    before = sorted(p.name for p in (migrations / "versions").glob("*.py"))
    with pytest.raises(NothingChanged, match=f"^the models match revision {HEAD}: no migration written$"):
        make_revision("nothing changed")
    assert sorted(p.name for p in (migrations / "versions").glob("*.py")) == before


# Each upgrader in its own process: Alembic keeps the running migration in module globals. They import,
# say they are ready, and start together when the test creates the `go` file.
UPGRADER = """
import sys, time
from pathlib import Path
from warehouse import create_schema, make_engine
engine = make_engine(sys.argv[1])
Path(sys.argv[2] + ".ready").touch()
while not Path(sys.argv[2]).exists():
    time.sleep(0.01)
create_schema(engine)
"""


def test_concurrent_create_schema_on_a_fresh_store_all_succeed(database_url, tmp_path):
    """Three `ramme run`s starting on one fresh store: the first upgrades it, the others wait and find it
    at head; none fails, and the regions are seeded once."""
    go = tmp_path / "go"
    upgraders = [subprocess.Popen([sys.executable, "-c", UPGRADER, database_url, f"{go}{n}"],
                                  cwd=Path(__file__).parent.parent, stderr=subprocess.PIPE, text=True)
                 for n in range(3)]
    deadline = time.monotonic() + 60
    while not all(Path(f"{go}{n}.ready").exists() for n in range(3)) and time.monotonic() < deadline:
        time.sleep(0.01)
    for n in range(3):
        Path(f"{go}{n}").touch()
    errors = [upgrader.communicate(timeout=120)[1] for upgrader in upgraders]
    assert [upgrader.returncode for upgrader in upgraders] == [0, 0, 0], errors
    engine = make_engine(database_url)
    try:
        assert revision(engine) == warehouse.schema.head_revision()
        with engine.connect() as conn:
            assert conn.execute(text("SELECT count(*), count(DISTINCT code) FROM region")).one() == (5, 5)
    finally:
        engine.dispose()


def test_another_apps_alembic_version_is_not_taken_for_rammes(database_url):
    """A PostgreSQL database shared with another Alembic app: its alembic_version is not ramme's."""
    engine = make_engine(database_url)
    try:
        with engine.begin() as conn:
            conn.execute(text("CREATE TABLE alembic_version (version_num VARCHAR(32) PRIMARY KEY)"))
            conn.execute(text("INSERT INTO alembic_version VALUES ('ae1027a6acf')"))
        create_schema(engine)
        assert revision(engine) == warehouse.schema.head_revision()
        with engine.connect() as conn:
            assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one() == "ae1027a6acf"
        assert ramme("offers", "--database-url", database_url).exit_code == 0
    finally:
        engine.dispose()


def test_an_alembic_error_is_a_schema_error_naming_the_store(engine, database_url):
    """E.g. a version table with two rows: one line from `ramme`, not an Alembic traceback."""
    with engine.begin() as conn:
        conn.execute(text(f"INSERT INTO {VERSION_TABLE} VALUES ('0999')"))
    shown = engine.url.render_as_string(hide_password=True)
    with pytest.raises(SchemaError, match=f"^cannot read or upgrade the schema of the store at {re.escape(shown)}: "
                                          "Version table .* has more than one head present"):
        create_schema(engine)
    result = ramme("offers", "--database-url", database_url)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"ramme: error: cannot read or upgrade the schema of the store at {shown}: ")
    assert result.stderr.count("\n") == 1


def test_an_upgrade_that_would_break_foreign_keys_is_refused_on_sqlite(sqlite_url, migrations):
    """SQLite migrates with foreign keys off; a migration leaving a dangling reference is rolled back."""
    engine = make_engine(sqlite_url)
    try:
        create_schema(engine)
        load_extraction(engine, _Src(), build_extraction())
        before = counts(engine)
        (migrations / "versions" / f"{NEXT}_drop_regions.py").write_text(
            f'from alembic import op\n\nrevision = "{NEXT}"\ndown_revision = "{HEAD}"\nbranch_labels = None\n'
            'depends_on = None\n\n\ndef upgrade() -> None:\n    op.execute("DELETE FROM region")\n')
        with pytest.raises(SchemaError, match="would break its foreign keys; it is left as it was"):
            create_schema(engine)
        assert revision(engine) == HEAD and counts(engine) == before
    finally:
        engine.dispose()
