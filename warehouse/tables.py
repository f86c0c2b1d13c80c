"""The printed tables other than offers tables (one row per region, offer, municipality or measure), cell
by cell: each cell as printed and as a number with its unit, with its document, pages and box."""

from __future__ import annotations

import dataclasses
from typing import Any

from sqlalchemy import Engine
from sqlmodel import Session, select

from models.enums import QUERIED_STATUSES, RowKind
from models.records import TableFigure
from models.store import DocumentRow, TableFigureRow, record_from_row
from warehouse.engine import session_for
from warehouse.filters import contains, unknown
from warehouse.queries import listing, period, region_filter

#: one cell of a printed table (`region` is a region row's code; the document's region is `document_region`)
FigureListing = listing("FigureListing", ("document_region", "title", "period", "document", "document_id"),
                        *(f.name for f in dataclasses.fields(TableFigure)))


def query_figures(db: Session | Engine, *, measure: str | None = None, caption: str | None = None,
                  region: str | None = None, row_kind: str | None = None, row: str | None = None) -> list[Any]:
    """Cells of the printed tables, table by table and row by row. `measure`, `caption` and `row` keep
    the cells whose column header, table caption or row label holds the text; `row_kind` those of tables
    whose rows are regions, offers, municipalities or measures; `region` those of one region's row (or
    of its documents' tables). Raises a FilterError for an unknown row kind or region."""
    if row_kind is not None and row_kind not in set(RowKind):
        raise unknown("row kind", row_kind, list(RowKind))
    code = region_filter(region) if region is not None else None
    query = (select(TableFigureRow, DocumentRow).join(DocumentRow, TableFigureRow.document_id == DocumentRow.id)
             .where(DocumentRow.status.in_(QUERIED_STATUSES))
             .order_by(DocumentRow.id, TableFigureRow.table_index, TableFigureRow.row_index,
                       TableFigureRow.column_index))
    if row_kind is not None:
        query = query.where(TableFigureRow.row_kind == row_kind)
    with session_for(db) as session:
        cells = [(record_from_row(TableFigure, found), document) for found, document in session.exec(query).all()]
    return [FigureListing(document_region=document.region, title=document.title, period=period(document),
                          document=document.file_name, document_id=document.id,
                          **{f.name: getattr(cell, f.name) for f in dataclasses.fields(TableFigure)})
            for cell, document in cells
            if all(wanted is None or contains(text, wanted) for text, wanted in (
                (cell.measure, measure), (cell.caption, caption), (cell.row_label, row)))
            and (code is None or code in (cell.region, document.region))]
