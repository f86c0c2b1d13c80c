"""Text content of documents: clauses, agenda items of minutes, and per-region figures."""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, Text
from sqlmodel import Field

from models.base import Provenance

#: what `Clause.kind` holds, in the order a page's clauses are listed
NOTICE_KINDS = ("notice_period", "notice_extension", "notice_exception")
CLAUSE_KINDS = (*NOTICE_KINDS, "payment_term", "tariff_rule", "target_group", "offer_type", "legal_paragraph")


class Clause(Provenance, table=True):
    """A clause found in a document (notice period, payment term, tariff rule, ...)."""

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(index=True)  # one of CLAUSE_KINDS
    subject: str | None = None  # e.g. the offer type a notice period applies to
    section: str | None = None  # the numbered heading the clause stands under
    detail: str | None = None  # a finer rule label, e.g. "settlement", "overhead_cap"
    text: str = Field(sa_type=Text)
    normalized: dict[str, Any] | None = Field(default=None, sa_type=JSON)
    flags: list[str] | None = Field(default=None, sa_type=JSON)  # e.g. "unrecognised_notice_wording"


class AgendaItem(Provenance, table=True):
    """An agenda item (punkt) of meeting minutes, with its recommendation and decision."""

    __tablename__ = "agenda_item"

    id: int | None = Field(default=None, primary_key=True)
    number: int
    title: str = Field(sa_type=Text)
    case_number: str | None = None
    recommendation: str | None = Field(default=None, sa_type=Text)
    decision: str | None = Field(default=None, sa_type=Text)


class RegionFigure(Provenance, table=True):
    """One cell of a per-region table: a region's value for one measure (column), as printed."""

    __tablename__ = "region_figure"

    id: int | None = Field(default=None, primary_key=True)
    table_index: int  # 0-based order of the table within its document
    caption: str | None = None
    row_index: int
    region_label: str  # the row label as printed, e.g. "Nordjylland"
    region: str | None = Field(default=None, foreign_key="region.code", index=True)  # normalised code
    column_index: int
    measure: str  # the column header
    value: str | None = None  # as printed
