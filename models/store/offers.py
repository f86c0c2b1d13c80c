"""Offers (tilbud) from the capacity tables, their per-year figures, and the counts a document states.

The columns of `models.records.Offer`, `OfferKeys`, `OfferYear` and `StatedCount` are derived from
those records (`models.store.base.record_columns`); only the columns that place a row (its table,
its position, the ids it belongs to) are declared here.
"""

from __future__ import annotations

from sqlmodel import Field

from models.records import Offer, OfferKeys, OfferYear, StatedCount
from models.store.base import Provenance, define_table, record_columns


class _OfferPlace(Provenance):
    """Where an offer stands: its document and agreement, its order, the table it is printed in."""

    id: int | None = Field(default=None, primary_key=True)
    agreement_id: int | None = Field(default=None, foreign_key="agreement.id", index=True)
    position: int  # 0-based order of the offer within its document
    table_label: str | None = None  # models.records.OfferTable.label, "Tabel 6"
    table_title: str | None = None
    age_group: str | None = Field(default=None, index=True)  # a models.enums.AgeGroup
    target_group: str | None = Field(default=None, index=True)  # as the document names the group


OfferRow = define_table("OfferRow", "offer", _OfferPlace, {
    **record_columns(Offer),
    **record_columns(OfferKeys, indexed=("target_group_key", "operator_name")),
})


class _OfferYearOf(Provenance):
    id: int | None = Field(default=None, primary_key=True)
    offer_id: int = Field(foreign_key="offer.id", index=True)


OfferYearRow = define_table("OfferYearRow", "offer_year", _OfferYearOf, record_columns(OfferYear, indexed=("year",)))


class _StatedCountOf(Provenance):
    id: int | None = Field(default=None, primary_key=True)
    target_group_key: str | None = Field(default=None, index=True)  # models.vocabulary id


StatedCountRow = define_table("StatedCountRow", "stated_count", _StatedCountOf, record_columns(StatedCount))
