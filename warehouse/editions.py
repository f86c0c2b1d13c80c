"""What changed between two editions of a region's agreement (two periods of it in the store).

Offers are matched by name (casefolded, spaces collapsed), official operator and the target group of
their table: offers added, removed, and capacities changed in a year both editions print (the values
as printed, 16 or 16.0). Clauses (binding ones: notice, payment, tariff) are matched by kind and
subject (notice) or kind and detail (payment, tariff): those whose normalised value changed, and those
in one edition only. Every item says where it stands, document and page, on each side.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import Engine
from sqlmodel import Session, select

from models.enums import NOTICE_KINDS, QUERIED_STATUSES, ClauseKind
from models.records import Clause, Number, OfferYear
from models.regions import REGIONS_BY_CODE
from models.store import AgreementRow, ClauseRow, DocumentRow, OfferRow, OfferYearRow, record_from_row
from warehouse.compare import ALL_OFFERS, Cell
from warehouse.engine import session_for
from warehouse.filters import FilterError, shown, unknown
from warehouse.queries import period, region_filter

_CURRENT = DocumentRow.status.in_(QUERIED_STATUSES)
_KINDS = (*NOTICE_KINDS, ClauseKind.PAYMENT_TERM, ClauseKind.TARIFF_RULE)
#: a clause kind as a CLI table names it
KIND_LABELS = {ClauseKind.NOTICE_PERIOD: "Opsigelsesvarsel", ClauseKind.NOTICE_EXTENSION: "Forlænget varsel",
               ClauseKind.NOTICE_EXCEPTION: "Undtagelse fra varsel", ClauseKind.PAYMENT_TERM: "Betaling",
               ClauseKind.TARIFF_RULE: "Takst"}


@dataclass(frozen=True)
class Place:
    """Where a row stands: its document, page and box."""

    document_id: int
    page: int | None
    bbox: tuple[float, float, float, float] | None = None


@dataclass(frozen=True)
class OfferItem:
    """An offer in one edition only."""

    name: str
    operator: str | None  # the official name, else as printed
    target_group: str | None  # of its table, as printed
    place: Place

    @property
    def label(self) -> str:
        """"Broen (Albertslund Kommune; Udviklingshæmning)"."""
        context = "; ".join(filter(None, (self.operator, self.target_group)))
        return f"{self.name} ({context})" if context else self.name


@dataclass(frozen=True)
class CapacityChange:
    """An offer's capacity (places) in one year, as each edition prints it."""

    offer: str  # `OfferItem.label`
    year: int
    old: Number | None
    new: Number | None
    old_place: Place
    new_place: Place


@dataclass(frozen=True)
class _Topic:
    kind: str  # a models.enums.ClauseKind
    topic: str  # the subject (notice) or detail (payment, tariff)

    @property
    def label(self) -> str:
        """"Opsigelsesvarsel: Aflastning", "Betaling: settlement"."""
        return f"{KIND_LABELS.get(self.kind, self.kind)}: {self.topic}"


@dataclass(frozen=True)
class ClauseItem(_Topic):
    """A clause in one edition only."""

    cell: Cell


@dataclass(frozen=True)
class ClauseChange(_Topic):
    """A clause whose normalised value differs between the editions."""

    old: Cell
    new: Cell


@dataclass(frozen=True)
class EditionsDiff:
    """What changed from edition `old` to `new` (periods, "2025-2026") of `region` (a code)."""

    region: str
    old: str
    new: str
    offers_added: tuple[OfferItem, ...]
    offers_removed: tuple[OfferItem, ...]
    capacity_changed: tuple[CapacityChange, ...]
    clauses_changed: tuple[ClauseChange, ...]
    clauses_only_old: tuple[ClauseItem, ...]
    clauses_only_new: tuple[ClauseItem, ...]

    @property
    def title(self) -> str:
        """"Region Hovedstaden: 2025-2026 → 2027-2028"."""
        return f"{REGIONS_BY_CODE[self.region].name}: {self.old} → {self.new}"


def diff_editions(db: Session | Engine, region: str, old: str | None = None, new: str | None = None) -> EditionsDiff:
    """The changes between two editions of `region`'s agreement; `old` / `new` name a period ("2025-2026")
    or a year in it, by default the two latest. A FilterError for an unknown region or period, or a
    region with fewer than two editions in the store."""
    code = region_filter(region)
    with session_for(db) as session:
        editions = _editions(session, code)
        new_row = _edition(editions, new) if new else editions[-1]
        old_row = _edition(editions, old) if old else _before(editions, new_row)
        if old_row.id == new_row.id:
            raise FilterError(f"old and new are the same edition: {period(new_row)}")
        offers = _offer_changes(_offers(session, old_row.id), _offers(session, new_row.id))
        clauses = _clause_changes(_clauses(session, old_row.id), _clauses(session, new_row.id))
    return EditionsDiff(code, period(old_row), period(new_row), *offers, *clauses)


# --- editions -------------------------------------------------------------------------------------

def _editions(session: Session, code: str) -> list[AgreementRow]:
    """The region's agreements with a current document, oldest first; a FilterError with fewer than two."""
    query = (select(AgreementRow).where(AgreementRow.region == code, AgreementRow.id.in_(
        select(DocumentRow.agreement_id).where(_CURRENT))))
    editions = sorted(session.exec(query).all(), key=lambda a: (a.period_start or 0, a.period_end or 0))
    if len(editions) < 2:
        found = f"only one edition in the store: {_title(editions[0])}" if editions else "no agreement in the store"
        raise FilterError(f"{REGIONS_BY_CODE[code].name}: {found}")
    return editions


def _edition(editions: list[AgreementRow], name: str) -> AgreementRow:
    """The edition a period ("2025-2026", "2025–2026") or a year in it names."""
    text = name.strip().replace("–", "-")
    found = [e for e in editions if period(e) == text] or [
        e for e in editions if text.isdigit() and (e.period_start or 0) <= int(text) <= (e.period_end or 0)]
    if len(found) > 1:
        raise FilterError(f"year {shown(name)} is in more than one edition: {', '.join(map(period, found))}")
    if not found:
        raise unknown("period", name, [period(e) for e in editions])
    return found[0]


def _before(editions: list[AgreementRow], edition: AgreementRow) -> AgreementRow:
    earlier = editions[:editions.index(edition)]
    if not earlier:
        raise FilterError(f"no edition before {period(edition)} in the store")
    return earlier[-1]


def _title(edition: AgreementRow) -> str:
    return edition.title or f"Rammeaftale {period(edition)}"


# --- offers ---------------------------------------------------------------------------------------

def _offers(session: Session, agreement_id: int) -> dict[tuple, list[tuple[OfferRow, dict[int, OfferYearRow]]]]:
    """An edition's offers by match key, each with its years."""
    rows = session.exec(select(OfferRow).join(DocumentRow, OfferRow.document_id == DocumentRow.id)
                        .where(OfferRow.agreement_id == agreement_id, _CURRENT)
                        .order_by(OfferRow.document_id, OfferRow.position)).all()
    years: dict[int, dict[int, OfferYearRow]] = defaultdict(dict)
    for year in session.exec(select(OfferYearRow).where(OfferYearRow.offer_id.in_([r.id for r in rows]))).all():
        years[year.offer_id][year.year] = year
    by_key = defaultdict(list)
    for row in rows:
        by_key[(_fold(row.name), _fold(row.operator_name or row.operator), _fold(row.target_group))].append(
            (row, years[row.id]))
    return by_key


def _offer_changes(old: dict, new: dict) -> tuple[tuple, tuple, tuple]:
    """(added, removed, capacity changed); offers with one key are paired in document order."""
    added, removed, changed = [], [], []
    for key in dict.fromkeys([*old, *new]):
        olds, news = old.get(key, []), new.get(key, [])
        removed += [_offer_item(row) for row, _ in olds[len(news):]]
        added += [_offer_item(row) for row, _ in news[len(olds):]]
        for (_, old_years), (row, new_years) in zip(olds, news):
            for year in sorted(old_years.keys() & new_years.keys()):
                before, after = (record_from_row(OfferYear, y) for y in (old_years[year], new_years[year]))
                if before.capacity != after.capacity:
                    changed.append(CapacityChange(_offer_item(row).label, year, before.capacity, after.capacity,
                                                  _place(old_years[year]), _place(new_years[year])))
    return tuple(added), tuple(removed), tuple(changed)


def _offer_item(row: OfferRow) -> OfferItem:
    return OfferItem(row.name, row.operator_name or row.operator, row.target_group, _place(row))


def _place(row) -> Place:
    return Place(row.document_id, row.page, dataclasses.astuple(row.bbox) if row.bbox else None)


# --- clauses --------------------------------------------------------------------------------------

def _clauses(session: Session, agreement_id: int) -> dict[tuple, list[tuple[Clause, int]]]:
    """An edition's binding clauses (with their document id) by match key, in page order."""
    rows = session.exec(select(ClauseRow).join(DocumentRow, ClauseRow.document_id == DocumentRow.id)
                        .where(DocumentRow.agreement_id == agreement_id, _CURRENT, ClauseRow.kind.in_(_KINDS))
                        .order_by(ClauseRow.document_id, ClauseRow.page, ClauseRow.id)).all()
    by_key = defaultdict(list)
    for row in rows:
        clause = record_from_row(Clause, row)
        if clause.binding:
            notice = clause.kind in NOTICE_KINDS
            by_key[(clause.kind, _fold(clause.subject) if notice else "", clause.detail or "")].append(
                (clause, row.document_id))
    return by_key


def _clause_changes(old: dict, new: dict) -> tuple[tuple, tuple, tuple]:
    """(changed, only old, only new): per key, clauses with equal values pair off; the rest pair in order."""
    changed, only_old, only_new = [], [], []
    for key in dict.fromkeys([*old, *new]):
        olds, news = list(old.get(key, [])), list(new.get(key, []))
        for pair in list(olds):
            same = next((other for other in news if other[0].normalized == pair[0].normalized), None)
            if same is not None:
                olds.remove(pair)
                news.remove(same)
        changed += [ClauseChange(*_topic(a), Cell.of(*a), Cell.of(*b)) for a, b in zip(olds, news)]
        only_old += [ClauseItem(*_topic(a), Cell.of(*a)) for a in olds[len(news):]]
        only_new += [ClauseItem(*_topic(b), Cell.of(*b)) for b in news[len(olds):]]
    return tuple(changed), tuple(only_old), tuple(only_new)


def _topic(pair: tuple[Clause, int]) -> tuple[str, str]:
    """(kind, topic): a notice clause's subject, else the detail; `ALL_OFFERS` for a general notice period."""
    clause = pair[0]
    if clause.kind in NOTICE_KINDS and clause.subject:
        return str(clause.kind), clause.subject
    general = ALL_OFFERS if clause.kind == ClauseKind.NOTICE_PERIOD else str(clause.kind)
    return str(clause.kind), clause.detail or general


def _fold(text: str | None) -> str:
    return " ".join((text or "").split()).casefold()
