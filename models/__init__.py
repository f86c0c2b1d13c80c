"""The data model: SQLModel tables (one module per concern) and the regions/municipalities reference.

Importing this package registers every table on `SQLModel.metadata`.
"""

from models.catalog import (
    DOCUMENT_FAILED,
    DOCUMENT_LOADED,
    DOCUMENT_SUPERSEDED,
    RUN_COMPLETED,
    RUN_COMPLETED_WITH_FAILURES,
    RUN_FAILED,
    RUN_RUNNING,
    Agreement,
    Document,
    Region,
    Run,
    Source,
)
from models.content import AgendaItem, Clause, RegionFigure
from models.offers import Offer, OfferYear, StatedCount

__all__ = [
    "DOCUMENT_FAILED", "DOCUMENT_LOADED", "DOCUMENT_SUPERSEDED", "RUN_COMPLETED", "RUN_COMPLETED_WITH_FAILURES", "RUN_FAILED",
    "RUN_RUNNING", "AgendaItem", "Agreement", "Clause", "Document", "Offer", "OfferYear", "Region", "StatedCount",
    "RegionFigure", "Run", "Source",
]
