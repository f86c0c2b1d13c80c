"""Catalogue tables: regions, sources, fetched documents, agreements and pipeline runs."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from models.base import timestamp_field, utc_now

DOCUMENT_LOADED = "loaded"
DOCUMENT_FAILED = "failed"  # rows of an earlier good extraction of the same bytes stay in the queries
DOCUMENT_SUPERSEDED = "superseded"  # another version of a source's file is current; its rows stay, queries skip them

RUN_RUNNING = "running"
RUN_COMPLETED = "completed"
RUN_COMPLETED_WITH_FAILURES = "completed_with_failures"
RUN_FAILED = "failed"


class Region(SQLModel, table=True):
    """One of the five regions; seeded from `models.regions.REGIONS` when the schema is created."""

    code: str = Field(primary_key=True)  # "hovedstaden"
    name: str  # "Region Hovedstaden"
    number: int  # official region code, e.g. 1084


class Source(SQLModel, table=True):
    """A place a document is published, as listed in sources.yaml."""

    __table_args__ = (UniqueConstraint("region", "url", name="uq_source_region_url"),)

    id: int | None = Field(default=None, primary_key=True)
    region: str = Field(foreign_key="region.code", index=True)
    url: str  # as written in sources.yaml: relative path, file:// or http(s)://
    kind: str  # "agreement" | "minutes"


class Agreement(SQLModel, table=True):
    """A region's agreement for a period; its main part and annexes are separate documents."""

    __table_args__ = (UniqueConstraint("region", "period_start", "period_end", name="uq_agreement_period"),)

    id: int | None = Field(default=None, primary_key=True)
    region: str = Field(foreign_key="region.code", index=True)
    period_start: int | None = None
    period_end: int | None = None
    title: str | None = None


class Document(SQLModel, table=True):
    """One fetched file version, content-addressed by sha256; `status` says whether its rows are loaded.

    A document whose fetch failed has no content and so no sha256; it is kept per source instead.
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
    doc_type: str | None = None  # "agreement" | "meeting_minutes" | "unknown"
    region: str | None = Field(default=None, foreign_key="region.code", index=True)
    title: str | None = None
    period_start: int | None = None
    period_end: int | None = None
    extractor_version: str | None = None  # which extractors produced the loaded rows
    status: str = Field(index=True)  # DOCUMENT_LOADED | DOCUMENT_FAILED | DOCUMENT_SUPERSEDED
    error: str | None = Field(default=None, sa_type=Text)
    warnings: list[str] | None = Field(default=None, sa_type=JSON)


class Run(SQLModel, table=True):
    """One pipeline run: when, which Prefect flow run, how it ended and what it counted."""

    id: int | None = Field(default=None, primary_key=True)
    started_at: datetime = timestamp_field(default_factory=utc_now)
    finished_at: datetime | None = timestamp_field(default=None)
    flow_run_id: str | None = Field(default=None, index=True)
    sources_file: str | None = None
    status: str = RUN_RUNNING
    counts: dict[str, Any] | None = Field(default=None, sa_type=JSON)
