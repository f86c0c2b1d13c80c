"""Read-side queries for the CLI: plain rows, no ORM objects.

Superseded documents are left out: one version per source (warehouse.load says which).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from sqlalchemy import Engine
from sqlmodel import Session, select

from models.catalog import DOCUMENT_SUPERSEDED, Document
from models.content import CLAUSE_KINDS, Clause
from models.offers import Offer, OfferYear
from models.regions import REGIONS
from warehouse.load import region_code, session_for


@dataclass(frozen=True)
class OfferRow:
    """One offer in one year (year fields are None for an offer printed without years)."""

    region: str | None
    document: str | None
    table: str | None
    age_group: str | None
    target_group: str | None
    name: str
    operator: str | None
    operator_name: str | None
    operator_code: int | None
    operator_type: str | None
    legal_basis: str | None
    year: int | None
    capacity: float | None
    usage: float | None
    occupancy_pct: float | None
    page: int | None

    def as_dict(self) -> dict:
        return asdict(self)


def query_offers(
    db: Session | Engine,
    *,
    region: str | None = None,
    target_group: str | None = None,
    operator: str | None = None,
    year: int | None = None,
) -> list[OfferRow]:
    """Offers per year, filtered; text filters are case-insensitive substrings.

    `region` is a code or name ("hovedstaden", "Region Hovedstaden"); `operator` matches the printed
    or the normalised operator name, or the operator code; `year` keeps only that year's figures.
    Raises ValueError for a region that is not one of the five.
    """
    query = (
        select(Offer, OfferYear, Document.region, Document.file_name)
        .join(Document, Offer.document_id == Document.id)
        .join(OfferYear, OfferYear.offer_id == Offer.id, isouter=year is None)
        .where(Document.status != DOCUMENT_SUPERSEDED)
        .order_by(Document.region, Document.id, Offer.position, OfferYear.year)
    )
    if region is not None:
        query = query.where(Document.region == _region_filter(region))
    if year is not None:
        query = query.where(OfferYear.year == year)
    with session_for(db) as session:
        rows = [_row(offer, offer_year, code, file_name)
                for offer, offer_year, code, file_name in session.exec(query).all()]
    # Case-insensitive matching in Python: SQLite's lower() folds ASCII only (not Æ, Ø, Å).
    if target_group is not None:
        rows = [r for r in rows if _contains(r.target_group, target_group)]
    if operator is not None:
        rows = [r for r in rows if _operator_matches(r, operator)]
    return rows


def _row(offer: Offer, offer_year: OfferYear | None, region: str | None, file_name: str | None) -> OfferRow:
    return OfferRow(
        region=region, document=file_name, table=offer.table_label, age_group=offer.age_group,
        target_group=offer.target_group, name=offer.name, operator=offer.operator,
        operator_name=offer.operator_name, operator_code=offer.operator_code, operator_type=offer.operator_type,
        legal_basis=offer.legal_basis,
        year=offer_year.year if offer_year else None,
        capacity=offer_year.capacity if offer_year else None,
        usage=offer_year.usage if offer_year else None,
        occupancy_pct=offer_year.occupancy_pct if offer_year else None,
        page=offer_year.page if offer_year and offer_year.page is not None else offer.page,
    )


def _contains(value: str | None, needle: str) -> bool:
    return value is not None and " ".join(needle.split()).casefold() in " ".join(value.split()).casefold()


def _operator_matches(row: OfferRow, needle: str) -> bool:
    if needle.strip().isdigit():
        return row.operator_code == int(needle)
    return _contains(row.operator, needle) or _contains(row.operator_name, needle)


@dataclass(frozen=True)
class ClauseRow:
    region: str | None
    document: str | None
    period: str | None
    kind: str
    subject: str | None
    section: str | None
    text: str
    normalized: dict | None
    page: int | None

    def as_dict(self) -> dict:
        return asdict(self)


def query_clauses(db: Session | Engine, *, kind: str | None = None, region: str | None = None) -> list[ClauseRow]:
    """Clauses in document and page order, filtered by kind and region (code or name).

    Raises ValueError for a kind the extractors do not produce or a region that is not one of the five.
    """
    query = (select(Clause, Document).join(Document, Clause.document_id == Document.id)
             .where(Document.status != DOCUMENT_SUPERSEDED)
             .order_by(Document.region, Document.id, Clause.page, Clause.id))
    if kind is not None:
        if kind not in CLAUSE_KINDS:
            raise ValueError(f"unknown kind {kind!r}; use one of: {', '.join(CLAUSE_KINDS)}")
        query = query.where(Clause.kind == kind)
    if region is not None:
        query = query.where(Document.region == _region_filter(region))
    with session_for(db) as session:
        found = session.exec(query).all()
    return [ClauseRow(
        region=document.region, document=document.file_name,
        period=f"{document.period_start}-{document.period_end}" if document.period_start else None,
        kind=clause.kind, subject=clause.subject, section=clause.section, text=clause.text,
        normalized=clause.normalized, page=clause.page,
    ) for clause, document in found]


def _region_filter(region: str) -> str:
    """The code of the region a filter names; ValueError when it names none of the five."""
    code = region_code(region)
    if code is None:
        raise ValueError(f"unknown region {region!r}; use one of: {', '.join(r.code for r in REGIONS)}")
    return code
