"""The store's tables (SQLModel): importing this package registers every table on `SQLModel.metadata`.

Row classes are named `…Row`; the records they hold are in `models.records`.
"""

from models.store.anomalies import AnomalyRow
from models.store.base import Provenance, record_from_row, row_values, utc_now
from models.store.catalog import AgreementRow, DocumentRow, RegionRow, RunRow, SourceRow
from models.store.content import AgendaItemRow, ClauseRow, NextMeetingRow, TableFigureRow
from models.store.offers import OfferRow, OfferYearRow, StatedCountRow

__all__ = [
    "AgendaItemRow", "AnomalyRow", "AgreementRow", "ClauseRow", "DocumentRow", "NextMeetingRow", "OfferRow",
    "OfferYearRow", "Provenance", "RegionRow", "RunRow", "SourceRow", "StatedCountRow", "TableFigureRow",
    "record_from_row", "row_values", "utc_now",
]
