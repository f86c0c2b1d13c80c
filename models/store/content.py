"""Text content of documents: clauses, agenda items of minutes, and per-region figures.

Their columns are derived from `models.records.Clause`, `AgendaItem` and `RegionFigure`.
"""

from __future__ import annotations

from sqlmodel import Field

from models.records import AgendaItem, Clause, RegionFigure
from models.store.base import Provenance, define_table, record_columns


class _Keyed(Provenance):
    id: int | None = Field(default=None, primary_key=True)


ClauseRow = define_table("ClauseRow", "clause", _Keyed, record_columns(Clause, indexed=("kind",)))
AgendaItemRow = define_table("AgendaItemRow", "agenda_item", _Keyed, record_columns(AgendaItem))
RegionFigureRow = define_table("RegionFigureRow", "region_figure", _Keyed, record_columns(
    RegionFigure, indexed=("region",), foreign_keys={"region": "region.code"}))
