"""Offers (tilbud) from the capacity tables, and their per-year capacity, usage and occupancy."""

from __future__ import annotations

from sqlalchemy import JSON
from sqlmodel import Field

from models.base import Provenance


class Offer(Provenance, table=True):
    """One offer row of an offers table: values as printed plus normalised operator keys."""

    id: int | None = Field(default=None, primary_key=True)
    agreement_id: int | None = Field(default=None, foreign_key="agreement.id", index=True)
    position: int  # 0-based order of the offer within its document
    table_label: str | None = None  # "Tabel 6"
    table_title: str | None = None
    age_group: str | None = Field(default=None, index=True)  # "children" | "adults"
    target_group: str | None = Field(default=None, index=True)  # as the document names the group
    target_group_key: str | None = Field(default=None, index=True)  # models.vocabulary id, e.g. "sindslidelse"
    name: str
    operator: str | None = None  # as printed, e.g. "Albertslund kommune"
    operator_name: str | None = Field(default=None, index=True)  # "Albertslund Kommune"
    operator_code: int | None = None  # municipality code 165, or region code (1081-1085)
    operator_type: str | None = None  # municipal | regional | private_or_other
    legal_basis: str | None = None  # as printed, e.g. "ABL § 105 / SEL §§ 83/85"
    legal_refs: list[str] | None = Field(default=None, sa_type=JSON)  # normalised: ["ABL § 105", "SEL § 83", "SEL § 85"]
    financing_model: str | None = None  # tariff | objective | subscription | mixed
    is_national: bool | None = None


class StatedCount(Provenance, table=True):
    """A count the document states about its own offers, e.g. "Udviklingshæmning (13)" for children."""

    __tablename__ = "stated_count"

    id: int | None = Field(default=None, primary_key=True)
    age_group: str | None = None
    target_group: str  # as printed
    target_group_key: str | None = Field(default=None, index=True)  # models.vocabulary id
    count: int


class OfferYear(Provenance, table=True):
    """One offer in one year: places (capacity), places used (usage) and occupancy in percent."""

    __tablename__ = "offer_year"

    id: int | None = Field(default=None, primary_key=True)
    offer_id: int = Field(foreign_key="offer.id", index=True)
    year: int = Field(index=True)
    capacity: float | None = None
    usage: float | None = None
    occupancy_pct: float | None = None
