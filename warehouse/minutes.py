"""Meeting minutes: agenda items with their recommendation and decision (searched as full text), and
the tables with one row per region, by measure."""

from __future__ import annotations

import dataclasses
from typing import Any

from sqlalchemy import Engine
from sqlmodel import Session, select

from models.enums import QUERIED_STATUSES
from models.records import AgendaItem, RegionFigure
from models.store import AgendaItemRow, DocumentRow, RegionFigureRow, record_from_row
from warehouse.engine import session_for
from warehouse.filters import FilterError, contains, shown
from warehouse.queries import listing, period, region_filter

_CONTEXT = ("region", "meeting", "period", "document", "document_id")

#: one agenda item of a meeting's minutes
AgendaListing = listing("AgendaListing", _CONTEXT, *(f.name for f in dataclasses.fields(AgendaItem)))

#: one cell of a per-region table (`region` is the row's region; the document's is `document_region`)
FigureListing = listing("FigureListing", ("document_region", *_CONTEXT[1:]),
                        *(f.name for f in dataclasses.fields(RegionFigure)))

#: the agenda item's texts a search reads
_SEARCHED = ("title", "case_number", "recommendation", "decision")


def query_agenda(db: Session | Engine, *, search: str | None = None, region: str | None = None) -> list[Any]:
    """Agenda items in meeting and item order; `search` keeps the items whose title, case number,
    recommendation or decision hold every one of its words (case- and accent-insensitive)."""
    words = _words(search)
    query = _current(select(AgendaItemRow, DocumentRow), AgendaItemRow, region).order_by(
        DocumentRow.period_start, DocumentRow.id, AgendaItemRow.number)
    with session_for(db) as session:
        items = [(record_from_row(AgendaItem, row), document) for row, document in session.exec(query).all()]
    return [AgendaListing(**_context(document), **{f.name: getattr(item, f.name) for f in dataclasses.fields(item)})
            for item, document in items
            if all(any(contains(getattr(item, name), word) for name in _SEARCHED) for word in words)]


def query_figures(db: Session | Engine, *, measure: str | None = None, caption: str | None = None,
                  region: str | None = None) -> list[Any]:
    """Cells of the per-region tables, table by table; `measure` and `caption` keep those whose column
    header or caption holds the text; `region` those of one region's row (or its documents' tables)."""
    query = _current(select(RegionFigureRow, DocumentRow), RegionFigureRow, None).order_by(
        DocumentRow.id, RegionFigureRow.table_index, RegionFigureRow.row_index, RegionFigureRow.column_index)
    code = region_filter(region) if region is not None else None
    with session_for(db) as session:
        cells = [(record_from_row(RegionFigure, row), document) for row, document in session.exec(query).all()]
    return [FigureListing(document_region=document.region, **_context(document, with_region=False),
                          **{f.name: getattr(cell, f.name) for f in dataclasses.fields(RegionFigure)})
            for cell, document in cells
            if (measure is None or contains(cell.measure, measure)) and (caption is None or contains(cell.caption, caption))
            and (code is None or code in (cell.region, document.region))]


def _current(query, table, region: str | None):
    query = query.join(DocumentRow, table.document_id == DocumentRow.id).where(
        DocumentRow.status.in_(QUERIED_STATUSES))
    return query.where(DocumentRow.region == region_filter(region)) if region is not None else query


def _context(document: DocumentRow, *, with_region: bool = True) -> dict[str, Any]:
    context = {"meeting": document.title, "period": period(document), "document": document.file_name,
               "document_id": document.id}
    return {"region": document.region, **context} if with_region else context


def _words(search: str | None) -> list[str]:
    if search is None:
        return []
    if len(search) > 200 or "\x00" in search:
        raise FilterError(f"search {shown(search)} is too long or not text")
    return search.split()
