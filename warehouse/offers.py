"""Offers across regions: the filtered listing, totals per group, a target group's trend over the
years, and the region × target group matrix.

Filters are applied in SQL where the database compares as a person would (ids, years, numbers) and in
Python where it does not: SQLite's lower() folds ASCII only, and names are matched accent-insensitively
(`warehouse.filters.fold`).
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import Engine, func
from sqlmodel import Session, select

from models.enums import QUERIED_STATUSES
from models.records import Offer, OfferKeys, OfferYear
from models.store import AnomalyRow, DocumentRow, OfferRow, OfferYearRow, record_from_row
from models.store.base import record_fields
from models.vocabulary import TARGET_GROUP, TERMS, find_paragraph_refs
from warehouse.engine import session_for
from warehouse.filters import FilterError, OfferFilters, age_group, contains, fold, shown, unknown, year_range
from warehouse.queries import listing, period, region_filter

_YEAR_PLACE = ("year", "page", "bbox")

#: one offer in one year (the year's fields are None for an offer printed without years)
OfferListing = listing(
    "OfferListing", ("region", "agreement", "document", "document_id", "offer_id", "table", "age_group",
                     "target_group"),
    *record_fields(Offer), *record_fields(OfferKeys), "year",
    *(f.name for f in dataclasses.fields(OfferYear) if f.name not in _YEAR_PLACE), "page", "bbox")


@dataclasses.dataclass(frozen=True)
class OfferTotal:
    """Offers of one group added up: capacity and places used summed, occupancy from the sums."""

    group: tuple  # the values of the grouping columns, e.g. ("hovedstaden", "Udviklingshæmning", 2023)
    offers: int
    capacity: float | None
    usage: float | None
    occupancy_pct: int | None  # round half up of 100 × usage / capacity, None without capacity


def query_offers(db: Session | Engine, filters: OfferFilters | None = None, **given: Any) -> list[Any]:
    """Offers per year (`OfferListing`) that pass every filter (`OfferFilters`, or its fields as keywords).

    A FilterError for a filter that names nothing (an unknown region, target group, age group or rule)."""
    filters = filters or OfferFilters(**given)
    query = (
        select(OfferRow, OfferYearRow, DocumentRow)
        .join(DocumentRow, OfferRow.document_id == DocumentRow.id)
        .join(OfferYearRow, OfferYearRow.offer_id == OfferRow.id, isouter=not _needs_years(filters))
        .where(DocumentRow.status.in_(QUERIED_STATUSES))
        .order_by(DocumentRow.region, DocumentRow.id, OfferRow.position, OfferYearRow.year)
    )
    if filters.region is not None:
        query = query.where(DocumentRow.region == region_filter(filters.region))
    if filters.age_group is not None:
        query = query.where(OfferRow.age_group == age_group(filters.age_group))
    if filters.year is not None:
        query = query.where(OfferYearRow.year == filters.year)
    if filters.min_occupancy is not None:
        query = query.where(OfferYearRow.occupancy_pct >= filters.min_occupancy)
    if filters.max_occupancy is not None:
        query = query.where(OfferYearRow.occupancy_pct <= filters.max_occupancy)
    if filters.rule is not None:
        query = query.where(OfferYearRow.id.in_(select(AnomalyRow.offer_year_id).where(
            AnomalyRow.rule == filters.rule)))
    with session_for(db) as session:
        found = session.exec(query).all()
        keys = _target_group_keys(session, filters.target_group) if filters.target_group else None
    rows = [_listing(*row) for row in found]
    return [row for row in rows if _passes(row, filters, keys)]


def _needs_years(filters: OfferFilters) -> bool:
    return any(v is not None for v in (filters.year, filters.min_occupancy, filters.max_occupancy, filters.rule))


def _listing(row: OfferRow, year_row: OfferYearRow | None, document: DocumentRow):
    offer = record_from_row(Offer, row)
    year = record_from_row(OfferYear, year_row) if year_row is not None else None
    year_values = {name: getattr(year, name) if year else None
                   for name in (f.name for f in dataclasses.fields(OfferYear)) if name not in ("page", "bbox")}
    return OfferListing(
        region=document.region, agreement=period(document), document=document.file_name, document_id=document.id,
        offer_id=row.id, table=row.table_label, age_group=row.age_group, target_group=row.target_group,
        **_values(offer), **_values(record_from_row(OfferKeys, row)), **year_values,
        page=year.page if year and year.page is not None else offer.page, bbox=year.bbox if year else offer.bbox,
    )


def _values(record: Any) -> dict[str, Any]:
    return {name: getattr(record, name) for name in record_fields(type(record))}


def _passes(row: Any, filters: OfferFilters, target_group_keys: set[str] | None) -> bool:
    if target_group_keys is not None and row.target_group_key not in target_group_keys \
            and not contains(row.target_group, filters.target_group):
        return False
    if filters.operator is not None and not _operator_matches(row, filters.operator):
        return False
    if filters.name is not None and not contains(row.name, filters.name):
        return False
    if filters.agreement is not None and not _in_agreement(row, filters.agreement):
        return False
    return filters.paragraph is None or _has_paragraph(row, filters.paragraph)


def _operator_matches(row: Any, needle: str) -> bool:
    if needle.strip().isdigit():
        return row.operator_code == int(needle)
    return contains(row.operator, needle) or contains(row.operator_name, needle)


def _in_agreement(row: Any, needle: str) -> bool:
    """A period ("2025-2026"), a year within it, or the file name's words."""
    if row.agreement and (needle.strip() == row.agreement or needle.strip() in row.agreement.split("-")):
        return True
    return contains(row.document, needle)


def _has_paragraph(row: Any, needle: str) -> bool:
    wanted = find_paragraph_refs(needle if "§" in needle else f"§ {needle}")
    refs = [ref for label in row.legal_refs or () for ref in find_paragraph_refs(label)]
    return any(w.paragraph == r.paragraph and (w.law is None or w.law == r.law) for w in wanted for r in refs)


def _target_group_keys(session: Session, needle: str) -> set[str]:
    """The vocabulary keys a target-group filter names (by key, label or a printed name); a FilterError
    when it names no group the vocabulary or the store knows."""
    folded = fold(needle)
    keys = {t.id for t in TERMS if folded == fold(t.id.replace("_", " ")) or any(folded == fold(n) for n in t.names)}
    printed = [p for p in session.exec(select(OfferRow.target_group).distinct()).all() if p]
    if keys or any(folded in fold(p) for p in printed):
        return keys
    raise unknown("target group", needle, [*printed, *(t.label for t in TERMS if t.category == TARGET_GROUP)])


def offer_totals(rows: Iterable[Any], by: Sequence[str] = ("region", "target_group", "year")) -> list[OfferTotal]:
    """`rows` (OfferListing) added up per group of the `by` columns, in the rows' order."""
    groups: dict[tuple, list[Any]] = defaultdict(list)
    for row in rows:
        groups[tuple(getattr(row, name) for name in by)].append(row)
    return [_total(group, members) for group, members in groups.items()]


def _total(group: tuple, rows: list[Any]) -> OfferTotal:
    offers = len({r.offer_id for r in rows})
    capacity = _sum(r.capacity for r in rows)
    usage = _sum(r.usage for r in rows)
    occupancy = int(100 * usage / capacity + 0.5) if capacity and usage is not None else None
    return OfferTotal(group, offers, capacity, usage, occupancy)


def _sum(values: Iterable[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return round(sum(present), 1) if present else None


def target_group_trend(db: Session | Engine, target_group: str, age: str | None = None) -> list[OfferTotal]:
    """One target group across regions and years: offers, capacity, places used and occupancy per
    (region, year)."""
    rows = query_offers(db, OfferFilters(target_group=target_group, age_group=age))
    return offer_totals([r for r in rows if r.year is not None], by=("region", "year"))


@dataclasses.dataclass(frozen=True)
class Matrix:
    """Target groups (rows) × regions (columns): the offers of each, with their capacity."""

    regions: list[str]
    cells: dict[str, dict[str, OfferTotal]]  # target group → region → total


def region_target_group_matrix(db: Session | Engine, *, year: int | None = None, age: str | None = None) -> Matrix:
    """How many offers (and places) each region's agreement lists per target group; `year` picks the
    figures' year (default: each offer's latest)."""
    rows = query_offers(db, OfferFilters(year=year, age_group=age))
    latest: dict[tuple, Any] = {}
    for row in rows:  # ordered by year: the last row of an offer is its latest year
        latest[row.offer_id] = row
    totals = offer_totals(latest.values(), by=("target_group", "region"))
    regions = sorted({t.group[1] for t in totals if t.group[1]})
    cells: dict[str, dict[str, OfferTotal]] = {}
    for total in totals:
        cells.setdefault(total.group[0] or "(ingen målgruppe)", {})[total.group[1]] = total
    return Matrix(regions, dict(sorted(cells.items())))


def explain_empty(db: Session | Engine, filters: OfferFilters) -> str:
    """Why no offer passes `filters`, in one line: no offers in the store or the region, a year the store
    has no figures for, or which filters together match nothing."""
    with session_for(db) as session:
        current = (select(OfferRow.id).join(DocumentRow, OfferRow.document_id == DocumentRow.id)
                   .where(DocumentRow.status.in_(QUERIED_STATUSES)))
        if session.exec(select(func.count()).select_from(current.subquery())).one() == 0:
            return "the store holds no offers yet; run `ramme run`"
        regions = set(session.exec(select(DocumentRow.region).join(OfferRow, OfferRow.document_id == DocumentRow.id)
                                   .where(DocumentRow.status.in_(QUERIED_STATUSES)).distinct()).all())
        years = session.exec(select(OfferYearRow.year).distinct()).all()
    if filters.region is not None and region_filter(filters.region) not in regions:
        return (f"no offers tables in the documents of {shown(filters.region)}; regions with offers: "
                f"{', '.join(sorted(r for r in regions if r))}")
    if filters.year is not None and filters.year not in years:
        return f"no figures for {filters.year}; years in the store: {year_range(years)}"
    given = ", ".join(f"{name}={value}" for name, value in filters.given().items())
    return f"no offer matches all of: {given}"
