"""Text content of documents: clauses, agenda items and the next meeting of minutes, and the cells of the
printed tables other than offers tables.

Their columns are derived from `models.records.Clause`, `AgendaItem`, `NextMeeting` and `TableFigure`.
"""

from __future__ import annotations

from sqlmodel import Field

from models.records import AgendaItem, Clause, NextMeeting, TableFigure
from models.store.base import Provenance, define_table, record_columns


class _Keyed(Provenance):
    id: int | None = Field(default=None, primary_key=True)


ClauseRow = define_table("ClauseRow", "clause", _Keyed, record_columns(Clause, indexed=("kind",)))
AgendaItemRow = define_table("AgendaItemRow", "agenda_item", _Keyed, record_columns(AgendaItem))
NextMeetingRow = define_table("NextMeetingRow", "next_meeting", _Keyed, record_columns(NextMeeting))
TableFigureRow = define_table("TableFigureRow", "table_figure", _Keyed, record_columns(
    TableFigure, indexed=("region", "row_kind"), foreign_keys={"region": "region.code"}))
