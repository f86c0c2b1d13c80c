"""Schema migrations: they build exactly the models, upgrade a store in place and refuse stores they cannot.

Each test runs on a SQLite file and (marked slow) on a throwaway PostgreSQL database.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Text, inspect, text
from sqlmodel import SQLModel
from typer.testing import CliRunner

import warehouse.schema
from app.cli import app
from conftest import build_extraction
from warehouse import SchemaError, create_schema, load_extraction, make_engine, query_offers
from warehouse.migrations.__main__ import make_revision

ROWS = ("region", "source", "agreement", "document", "offer", "offer_year", "stated_count", "clause",
        "agenda_item", "region_figure")

# A second revision, as a later ramme would add it. SQLite cannot alter a column's type, so there
# batch mode rebuilds `document`, which other tables reference: the case that needs the foreign keys
# off while migrating. PostgreSQL alters the table in place.
REVISION_0002 = '''
from alembic import op
import sqlalchemy as sa

revision = "0002"
down_revision = "0001"
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
        return MigrationContext.configure(conn).get_current_revision()


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
    """The migrations of a ramme one revision ahead (0002: document.note, document.title as TEXT)."""
    (migrations / "versions" / "0002_document_note.py").write_text(REVISION_0002)
    return migrations


def test_the_migrations_build_exactly_the_models(engine):
    """Fails when a model changes without a migration: `python -m warehouse.migrations "..."` writes one."""
    with engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), SQLModel.metadata) == []
    assert revision(engine) == warehouse.schema.head_revision()


def test_every_foreign_key_in_the_store_has_the_conventional_name(engine):
    """A later migration drops or alters a foreign key by name (SQLite batch mode too): the names come from
    the naming convention in models/base.py, not from whatever each database would make up."""
    inspector = inspect(engine)
    stored = {(table, fk["name"]) for table in SQLModel.metadata.tables for fk in inspector.get_foreign_keys(table)}
    modelled = {(table.name, fk.name) for table in SQLModel.metadata.tables.values()
                for fk in table.foreign_key_constraints}
    assert stored == modelled and len(stored) == 14 and all(name and name.startswith("fk_") for _, name in stored)


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
                             "schema revision 0001, this ramme needs 0002; run `ramme run` to upgrade it\n")

    create_schema(engine)
    assert revision(engine) == "0002"
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
    assert "alembic_version" not in names


def test_a_store_from_a_newer_ramme_is_refused(engine):
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '0999'"))
    with pytest.raises(SchemaError, match="has schema revision 0999, which this ramme does not know"):
        create_schema(engine)


def test_make_revision_writes_the_next_numbered_revision(migrations, sqlite_url):
    path = make_revision("nothing changed")
    assert path == str(migrations / "versions" / "0002_nothing_changed.py")
    source = Path(path).read_text()
    assert "revision = '0002'" in source and "down_revision = '0001'" in source
    assert "op." not in source.split("def upgrade")[1]  # the models match 0001
    engine = make_engine(sqlite_url)
    create_schema(engine)  # the written file is a working migration
    assert revision(engine) == "0002"
    engine.dispose()
