"""Catalogue tables: regions, sources, fetched documents, agreements and pipeline runs."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from models.enums import RunStatus
from models.records import DocumentMeta
from models.store.base import define_table, record_columns, timestamp_field, utc_now


class RegionRow(SQLModel, table=True):
    """One of the five regions; seeded from `models.regions.REGIONS` when the schema is created."""

    __tablename__ = "region"

    code: str = Field(primary_key=True)  # "hovedstaden"
    name: str  # "Region Hovedstaden"
    number: int  # official region code, e.g. 1084


class SourceRow(SQLModel, table=True):
    """A place a document is published, as listed in sources.yaml."""

    __tablename__ = "source"
    __table_args__ = (UniqueConstraint("region", "url", name="uq_source_region_url"),)

    id: int | None = Field(default=None, primary_key=True)
    region: str = Field(foreign_key="region.code", index=True)
    url: str  # as written in sources.yaml: relative path, file:// or http(s)://
    kind: str  # a models.enums.SourceKind


class AgreementRow(SQLModel, table=True):
    """A region's agreement for a period; its main part and annexes are separate documents."""

    __tablename__ = "agreement"
    __table_args__ = (UniqueConstraint("region", "period_start", "period_end", name="uq_agreement_period"),)

    id: int | None = Field(default=None, primary_key=True)
    region: str = Field(foreign_key="region.code", index=True)
    period_start: int | None = None
    period_end: int | None = None
    title: str | None = None


class _DocumentFile(SQLModel):
    """One fetched file version, content-addressed by sha256; `status` says whether its rows are loaded.

    A document whose fetch failed has no content and so no sha256; it is kept per source instead.
    Its metadata columns (region, title, period, doc_type) are `models.records.DocumentMeta`'s.
    """

    id: int | None = Field(default=None, primary_key=True)
    sha256: str | None = Field(default=None, unique=True, index=True)
    source_id: int | None = Field(default=None, foreign_key="source.id", index=True)
    agreement_id: int | None = Field(default=None, foreign_key="agreement.id", index=True)
    file_name: str | None = None
    fetched_at: datetime | None = timestamp_field(default=None)
    etag: str | None = None
    last_modified: str | None = None
    size_bytes: int | None = None
    pages: int | None = None
    extractor_version: str | None = None  # which extractors produced the loaded rows
    status: str = Field(index=True)  # a models.enums.DocumentStatus
    error: str | None = Field(default=None, sa_type=Text)
    warnings: list[str] | None = Field(default=None, sa_type=JSON)


# a document that failed before it was read has no metadata yet, so every metadata column may be NULL
DocumentRow = define_table("DocumentRow", "document", _DocumentFile, record_columns(
    DocumentMeta, indexed=("region",), foreign_keys={"region": "region.code"}, nullable=True))


class RunRow(SQLModel, table=True):
    """One pipeline run: when, which Prefect flow run, how it ended and what it counted."""

    __tablename__ = "run"

    id: int | None = Field(default=None, primary_key=True)
    started_at: datetime = timestamp_field(default_factory=utc_now)
    finished_at: datetime | None = timestamp_field(default=None)
    flow_run_id: str | None = Field(default=None, index=True)
    sources_file: str | None = None
    host: str | None = None  # the machine and process that ran it, to tell a killed run from a running one
    pid: int | None = None
    status: str = RunStatus.RUNNING  # a models.enums.RunStatus
    counts: dict[str, Any] | None = Field(default=None, sa_type=JSON)


