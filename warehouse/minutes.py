"""Meeting minutes: agenda items with their recommendation and decision (searched as full text), and the
next meeting each minutes announce. (Their tables are `warehouse.tables`'.)"""

from __future__ import annotations

import dataclasses
from typing import Any

from sqlalchemy import Engine
from sqlmodel import Session, select

from models.enums import QUERIED_STATUSES
from models.records import AgendaItem, NextMeeting
from models.store import AgendaItemRow, DocumentRow, NextMeetingRow, record_from_row
from warehouse.engine import session_for
from warehouse.filters import FilterError, contains, shown
from warehouse.queries import listing, period, region_filter

_CONTEXT = ("region", "meeting", "period", "document", "document_id")

#: one agenda item of a meeting's minutes
AgendaListing = listing("AgendaListing", _CONTEXT, *(f.name for f in dataclasses.fields(AgendaItem)))

#: the next meeting one minutes announce
MeetingListing = listing("MeetingListing", _CONTEXT, *(f.name for f in dataclasses.fields(NextMeeting)))

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
    return [AgendaListing(**_context(document), **_fields(item)) for item, document in items
            if all(any(contains(getattr(item, name), word) for name in _SEARCHED) for word in words)]


def query_next_meetings(db: Session | Engine, *, region: str | None = None) -> list[Any]:
    """The next meeting each current minutes announce, by date."""
    query = _current(select(NextMeetingRow, DocumentRow), NextMeetingRow, region).order_by(
        NextMeetingRow.date, DocumentRow.id)
    with session_for(db) as session:
        found = [(record_from_row(NextMeeting, row), document) for row, document in session.exec(query).all()]
    return [MeetingListing(**_context(document), **_fields(meeting)) for meeting, document in found]


def _current(query, table, region: str | None):
    query = query.join(DocumentRow, table.document_id == DocumentRow.id).where(
        DocumentRow.status.in_(QUERIED_STATUSES))
    return query.where(DocumentRow.region == region_filter(region)) if region is not None else query


def _context(document: DocumentRow) -> dict[str, Any]:
    return {"region": document.region, "meeting": document.title, "period": period(document),
            "document": document.file_name, "document_id": document.id}


def _fields(record: Any) -> dict[str, Any]:
    """A record's fields by name, as they are (a box stays a box)."""
    return {f.name: getattr(record, f.name) for f in dataclasses.fields(record)}


def _words(search: str | None) -> list[str]:
    if search is None:
        return []
    if len(search) > 200 or "\x00" in search:
        raise FilterError(f"search {shown(search)} is too long or not text")
    return search.split()
