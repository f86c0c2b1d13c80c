"""Shared column sets: provenance (document, page, bbox) carried by every extracted row."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import DateTime
from sqlmodel import Field, SQLModel

# Every constraint and index gets a predictable name (the convention from the Alembic docs), so a later
# migration can drop or alter it by name on every database, and SQLite batch mode can find it. Names are
# given when a table is defined, so this has to run before any table class: every models module imports
# models.base before defining one.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
if SQLModel.metadata.tables:
    raise RuntimeError("models.base must be imported before any table is defined: these tables would have "
                       f"no constraint names: {sorted(SQLModel.metadata.tables)}")
SQLModel.metadata.naming_convention = NAMING_CONVENTION


def utc_now() -> datetime:
    return datetime.now(UTC)


def timestamp_field(**kwargs) -> datetime:
    """A timezone-aware timestamp column (TIMESTAMPTZ on PostgreSQL)."""
    return Field(sa_type=DateTime(timezone=True), **kwargs)


class Provenance(SQLModel):
    """Where a row came from: the document, the 1-based page and the bbox in PDF points (top-left origin).

    The bbox is stored as four nullable float columns so it can be queried and indexed; all four are
    null when the extractor gave no position.
    """

    document_id: int = Field(foreign_key="document.id", index=True)
    page: int | None = None
    x0: float | None = None
    top: float | None = None
    x1: float | None = None
    bottom: float | None = None

    @property
    def bbox(self) -> tuple[float, float, float, float] | None:
        if self.x0 is None:
            return None
        return (self.x0, self.top, self.x1, self.bottom)
