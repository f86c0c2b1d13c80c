"""What is loaded: the documents (current or superseded, failed with their error) and the runs."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine
from sqlmodel import Session, select

from models.enums import QUERIED_STATUSES, DocumentStatus, SourceOutcome
from models.store import DocumentRow, RunRow, SourceRow
from warehouse.engine import session_for
from warehouse.queries import listing, period

#: one document version: what it is, where it came from, whether its rows are the ones queried
DocumentListing = listing("DocumentListing", (
    "id", "region", "title", "period", "doc_type", "pages", "file_name", "source", "sha256", "fetched_at",
    "status", "current", "error", "warnings"))

#: one pipeline run and its counts
RunListing = listing("RunListing", (
    "id", "started_at", "finished_at", "status", "sources_file", "processed", "unchanged", "failed", "offers",
    "clauses", "anomalies"))


def query_documents(db: Session | Engine, *, failed_only: bool = False) -> list[Any]:
    """Every stored document version, newest first; `current` is False for a superseded version (its
    rows stay, out of the queries), `error` says why a failed one failed."""
    query = (select(DocumentRow, SourceRow.url).join(SourceRow, SourceRow.id == DocumentRow.source_id, isouter=True)
             .order_by(DocumentRow.region, DocumentRow.id.desc()))
    if failed_only:
        query = query.where(DocumentRow.status == DocumentStatus.FAILED)
    with session_for(db) as session:
        found = session.exec(query).all()
    return [DocumentListing(
        id=d.id, region=d.region, title=d.title, period=period(d), doc_type=d.doc_type, pages=d.pages,
        file_name=d.file_name, source=url, sha256=d.sha256, fetched_at=d.fetched_at, status=d.status,
        current=d.status in QUERIED_STATUSES, error=d.error, warnings=len(d.warnings or ()))
        for d, url in found]


def query_runs(db: Session | Engine, *, limit: int = 20) -> list[Any]:
    """The latest runs, newest first, with what they processed, loaded and found."""
    with session_for(db) as session:
        runs = session.exec(select(RunRow).order_by(RunRow.id.desc()).limit(max(1, min(limit, 1000)))).all()
    return [RunListing(id=r.id, started_at=r.started_at, finished_at=r.finished_at, status=r.status,
                       sources_file=r.sources_file, **_counts(r.counts or {})) for r in runs]


def _counts(counts: dict) -> dict[str, int | None]:
    totals = counts.get("totals", {})
    return {"processed": totals.get(SourceOutcome.PROCESSED), "unchanged": totals.get(SourceOutcome.UNCHANGED),
            "failed": totals.get(SourceOutcome.FAILED), "offers": totals.get("offers"),
            "clauses": totals.get("clauses"), "anomalies": (counts.get("validation") or {}).get("total")}
