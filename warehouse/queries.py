"""Read-side queries: listings of offers and clauses, in the columns of their records.

A listing's columns are derived from the records (`models.records`): where a row stands (region,
document, …), then the record's own fields. Superseded documents are left out: one version per source
(warehouse.load says which).
"""

from __future__ import annotations

import dataclasses
from typing import Any

from sqlalchemy import Engine
from sqlmodel import Session, select

from models.enums import ClauseKind, DocumentStatus
from models.records import Clause, Offer, OfferKeys, OfferYear
from models.regions import REGIONS, region_code
from models.store import ClauseRow, DocumentRow, OfferRow, OfferYearRow, record_from_row
from models.store.base import record_fields
from warehouse.engine import session_for

_YEAR_PLACE = ("year", "page", "bbox")


def listing(name: str, context: tuple[str, ...], *fields: str) -> type:
    """A frozen dataclass named `name`: the `context` columns (where a row stands), then `fields`."""
    return dataclasses.make_dataclass(name, [(f, Any) for f in (*context, *fields)], frozen=True)


#: one offer in one year (the year's fields are None for an offer printed without years)
OfferListing = listing(
    "OfferListing", ("region", "document", "table", "age_group", "target_group"),
    *record_fields(Offer), *record_fields(OfferKeys), "year",
    *(f.name for f in dataclasses.fields(OfferYear) if f.name not in _YEAR_PLACE), "page")

#: one clause, with the document and period it stands in
ClauseListing = listing("ClauseListing", ("region", "document", "period"),
                         *(f.name for f in dataclasses.fields(Clause) if f.name != "bbox"))


def query_offers(
    db: Session | Engine,
    *,
    region: str | None = None,
    target_group: str | None = None,
    operator: str | None = None,
    year: int | None = None,
) -> list[Any]:
    """Offers per year (`OfferListing`), filtered; text filters are case-insensitive substrings.

    `region` is a code or name ("hovedstaden", "Region Hovedstaden"); `operator` matches the printed
    or the normalised operator name, or the operator code; `year` keeps only that year's figures.
    Raises ValueError for a region that is not one of the five.
    """
    query = (
        select(OfferRow, OfferYearRow, DocumentRow.region, DocumentRow.file_name)
        .join(DocumentRow, OfferRow.document_id == DocumentRow.id)
        .join(OfferYearRow, OfferYearRow.offer_id == OfferRow.id, isouter=year is None)
        .where(DocumentRow.status != DocumentStatus.SUPERSEDED)
        .order_by(DocumentRow.region, DocumentRow.id, OfferRow.position, OfferYearRow.year)
    )
    if region is not None:
        query = query.where(DocumentRow.region == region_filter(region))
    if year is not None:
        query = query.where(OfferYearRow.year == year)
    with session_for(db) as session:
        rows = [_offer_listing(offer, offer_year, code, file_name)
                for offer, offer_year, code, file_name in session.exec(query).all()]
    # Case-insensitive matching in Python: SQLite's lower() folds ASCII only (not Æ, Ø, Å).
    if target_group is not None:
        rows = [r for r in rows if _contains(r.target_group, target_group)]
    if operator is not None:
        rows = [r for r in rows if _operator_matches(r, operator)]
    return rows


def _offer_listing(row: OfferRow, year_row: OfferYearRow | None, region: str | None, file_name: str | None):
    offer = record_from_row(Offer, row)
    year = record_from_row(OfferYear, year_row) if year_row is not None else None
    year_values = {f: getattr(year, f) if year else None
                   for f in (f.name for f in dataclasses.fields(OfferYear)) if f not in ("page", "bbox")}
    return OfferListing(
        region=region, document=file_name, table=row.table_label, age_group=row.age_group,
        target_group=row.target_group, **_values(offer), **_values(record_from_row(OfferKeys, row)),
        **year_values, page=year.page if year and year.page is not None else offer.page,
    )


def _values(record: Any) -> dict[str, Any]:
    return {name: getattr(record, name) for name in record_fields(type(record))}


def _contains(value: str | None, needle: str) -> bool:
    return value is not None and " ".join(needle.split()).casefold() in " ".join(value.split()).casefold()


def _operator_matches(row: Any, needle: str) -> bool:
    if needle.strip().isdigit():
        return row.operator_code == int(needle)
    return _contains(row.operator, needle) or _contains(row.operator_name, needle)


def query_clauses(db: Session | Engine, *, kind: str | None = None, region: str | None = None) -> list[Any]:
    """Clauses (`ClauseListing`) in document and page order, filtered by kind and region (code or name).

    Raises ValueError for a kind the extractors do not produce or a region that is not one of the five.
    """
    query = (select(ClauseRow, DocumentRow).join(DocumentRow, ClauseRow.document_id == DocumentRow.id)
             .where(DocumentRow.status != DocumentStatus.SUPERSEDED)
             .order_by(DocumentRow.region, DocumentRow.id, ClauseRow.page, ClauseRow.id))
    if kind is not None:
        if kind not in set(ClauseKind):
            raise ValueError(f"unknown kind {kind!r}; use one of: {', '.join(ClauseKind)}")
        query = query.where(ClauseRow.kind == kind)
    if region is not None:
        query = query.where(DocumentRow.region == region_filter(region))
    with session_for(db) as session:
        found = session.exec(query).all()
    listings = []
    for row, document in found:
        clause = record_from_row(Clause, row)
        listings.append(ClauseListing(
            region=document.region, document=document.file_name,
            period=f"{document.period_start}-{document.period_end}" if document.period_start else None,
            **{f.name: getattr(clause, f.name) for f in dataclasses.fields(Clause) if f.name != "bbox"}))
    return listings


def region_filter(region: str) -> str:
    """The code of the region a filter names; ValueError when it names none of the five."""
    code = region_code(region)
    if code is None:
        raise ValueError(f"unknown region {region!r}; use one of: {', '.join(r.code for r in REGIONS)}")
    return code
