"""Read-side basics: the listing shape every query returns, the region filter, and the clauses listing.

A listing's columns are derived from the records (`models.records`): where a row stands (region,
document, …), then the record's own fields. Superseded documents are left out: one version per source
(warehouse.load says which).
"""

from __future__ import annotations

import dataclasses
from typing import Any

from sqlalchemy import Engine
from sqlmodel import Session, select

from models.enums import QUERIED_STATUSES, ClauseKind
from models.records import Clause
from models.regions import REGIONS, region_code
from models.store import ClauseRow, DocumentRow, record_from_row
from warehouse.engine import session_for
from warehouse.filters import unknown


def listing(name: str, context: tuple[str, ...], *fields: str) -> type:
    """A frozen dataclass named `name`: the `context` columns (where a row stands), then `fields`."""
    return dataclasses.make_dataclass(name, [(f, Any) for f in (*context, *fields)], frozen=True)


#: one clause, with the document and period it stands in
ClauseListing = listing("ClauseListing", ("region", "document", "period", "document_id"),
                         *(f.name for f in dataclasses.fields(Clause)))


def query_clauses(db: Session | Engine, *, kind: str | None = None, region: str | None = None,
                  include_non_binding: bool = False) -> list[Any]:
    """Clauses (`ClauseListing`) in document and page order, filtered by kind and region (code or name);
    only the binding ones (rules the documents state) unless `include_non_binding`.

    Raises ValueError for a kind the extractors do not produce or a region that is not one of the five.
    """
    query = (select(ClauseRow, DocumentRow).join(DocumentRow, ClauseRow.document_id == DocumentRow.id)
             .where(DocumentRow.status.in_(QUERIED_STATUSES))
             .order_by(DocumentRow.region, DocumentRow.id, ClauseRow.page, ClauseRow.id))
    if kind is not None:
        if kind not in set(ClauseKind):
            raise unknown("kind", kind, list(ClauseKind))
        query = query.where(ClauseRow.kind == kind)
    if region is not None:
        query = query.where(DocumentRow.region == region_filter(region))
    if not include_non_binding:
        query = query.where(ClauseRow.binding.is_not(False))  # NULL: stored before binding was read
    with session_for(db) as session:
        found = session.exec(query).all()
    listings = []
    for row, document in found:
        clause = record_from_row(Clause, row)
        listings.append(ClauseListing(
            region=document.region, document=document.file_name, period=period(document),
            document_id=document.id, **{f.name: getattr(clause, f.name) for f in dataclasses.fields(Clause)}))
    return listings


def period(document: DocumentRow) -> str | None:
    """"2025-2026" (or "2024" for a one-year period) of a document, None when it states none."""
    if document.period_start is None:
        return None
    if document.period_end in (None, document.period_start):
        return str(document.period_start)
    return f"{document.period_start}-{document.period_end}"


def region_filter(region: str) -> str:
    """The code of the region a filter names; a FilterError (with the nearest) when it names none of the five."""
    code = region_code(region) if len(region) <= 100 else None
    if code is None:
        raise unknown("region", region, [r.code for r in REGIONS])
    return code
