"""Comparisons across regions and editions: clauses side by side, one column per agreement.

A column is a region and period (an agreement: its main part and annexes together); a cell holds, per
clause, the normalised value in words (Danish), the printed text and where it stands. Only current
documents count, only agreements (minutes discuss proposals, not the rules in force) and, by default,
only binding clauses (not a proposal, a template's placeholder or a question).
A column without values says why in every cell ("kun referat", "intet opsigelsesvarsel i aftalen").
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

from sqlalchemy import Engine
from sqlmodel import Session, select

from models.enums import NOTICE_KINDS, QUERIED_STATUSES, ClauseKind, DocType
from models.numbers import format_danish_number
from models.records import Clause
from models.regions import REGIONS_BY_CODE
from models.store import ClauseRow, DocumentRow, record_from_row
from models.vocabulary import OFFER_TYPE, find_terms
from warehouse.engine import session_for
from warehouse.filters import unknown

ALL_OFFERS = "Alle tilbud (generelt)"
EXTENDED = "Forlænget varsel ved opsigelse af flere pladser"
GENERAL = "generel regel"
NO_VALUE = "se teksten"  # a clause without a normalised value
ONLY_MINUTES = "kun referat"
NO_AGREEMENT = "ingen rammeaftale"

#: what `compare_clauses` compares: the clause kinds, and a column's note when its agreement states none
KINDS = {
    "notice": (NOTICE_KINDS, "intet opsigelsesvarsel i aftalen"),
    "payment": ((ClauseKind.PAYMENT_TERM,), "ingen betalingsbetingelser i aftalen"),
    "tariff": ((ClauseKind.TARIFF_RULE,), "ingen takstregler i aftalen"),
}

_FREQUENCY = {"monthly": "månedsvis", "quarterly": "kvartalsvis", "annual": "årligt"}
_TIMING = {"in_advance": "forud", "in_arrears": "bagud", "in_advance_or_in_arrears_by_agreement":
           "forud eller bagud efter aftale"}
_DANISH_SEPARATORS = str.maketrans(",.", ".,")


@dataclass(frozen=True)
class Cell:
    """One clause in a comparison: its value in words, the printed text and where it stands.

    `general` marks a general rule ("Alle tilbud") shown for an offer type it covers; a note cell (a
    column without values) has no text and no page, and points at one of the column's documents."""

    value: str
    text: str
    page: int | None
    document_id: int
    bbox: tuple[float, float, float, float] | None = None
    general: bool = False

    def __str__(self) -> str:
        return self.value

    @classmethod
    def of(cls, clause: Clause, document_id: int, value: str | None = None) -> Cell:
        """The cell of a stored clause, its value in words (`describe`) unless given."""
        return cls(describe(clause) if value is None else value, clause.text, clause.page, document_id,
                   dataclasses.astuple(clause.bbox) if clause.bbox else None)


@dataclass
class Comparison:
    """Rows × columns (region and period); each cell the clauses' values (`Cell`), in page order.

    `notes` says, per column without values, why (also written into each of its cells)."""

    columns: list[str]
    rows: dict[str, dict[str, list[Cell]]] = field(default_factory=dict)
    notes: dict[str, str] = field(default_factory=dict)

    def add(self, row: str, column: str, cell: Cell) -> None:
        cells = self.rows.setdefault(row, {}).setdefault(column, [])
        if all((c.value, c.text) != (cell.value, cell.text) for c in cells):
            cells.append(cell)


def compare_notice_periods(db: Session | Engine) -> Comparison:
    """Notice periods per offer type, one column per agreement (`compare_clauses(db, "notice")`)."""
    return compare_clauses(db, "notice")


def compare_clauses(db: Session | Engine, kind: str, *, include_non_binding: bool = False) -> Comparison:
    """Clauses of one `kind` ("notice", "payment" or "tariff") side by side, one column per agreement.

    Rows: for notice periods the offer type (the vocabulary's label when the subject names one or
    more, "Sociale tilbud (botilbud, dagtilbud …)" → Botilbud, Dagtilbud, …; else the subject as
    printed; `ALL_OFFERS` without a subject), and a general rule fills the offer types its agreement
    names no rule for; for payment terms and tariff rules the clause's `detail`. Only binding clauses
    unless `include_non_binding` (proposals, templates, questions). A FilterError for an unknown kind.
    """
    if kind not in KINDS:
        raise unknown("comparison", kind, KINDS)
    clause_kinds, absent = KINDS[kind]
    with session_for(db) as session:
        documents = session.exec(select(DocumentRow).where(DocumentRow.status.in_(QUERIED_STATUSES),
                                                           DocumentRow.doc_type.is_not(None))).all()
        agreements = {d.id: d for d in documents if d.doc_type == DocType.AGREEMENT}
        rows = session.exec(select(ClauseRow).where(ClauseRow.kind.in_(clause_kinds),
                                                    ClauseRow.document_id.in_(list(agreements)))
                            .order_by(ClauseRow.document_id, ClauseRow.page, ClauseRow.id)).all()
    columns = _columns(documents)
    comparison = Comparison(columns=list(columns))
    offer_types: list[str] = []
    for row in sorted(rows, key=lambda r: comparison.columns.index(_column(agreements[r.document_id]))):
        clause = record_from_row(Clause, row)
        if clause.binding or include_non_binding:
            for name, value, offer_type in _rows(clause):
                comparison.add(name, _column(agreements[row.document_id]), Cell.of(clause, row.document_id, value))
                if offer_type and name not in offer_types:
                    offer_types.append(name)
    _fill_general(comparison, offer_types)
    _note_empty(comparison, columns, absent)
    return comparison


def _columns(documents: list[DocumentRow]) -> dict[str, list[DocumentRow]]:
    """Column → its documents: every agreement, and the documents of a region without one."""
    with_agreement = {d.region for d in documents if d.doc_type == DocType.AGREEMENT}
    shown = [d for d in documents if d.doc_type == DocType.AGREEMENT or d.region not in with_agreement]
    columns: dict[str, list[DocumentRow]] = {}
    for document in sorted(shown, key=lambda d: (d.region or "", d.period_start or 0, d.period_end or 0, d.id)):
        columns.setdefault(_column(document), []).append(document)
    return columns


def _note_empty(comparison: Comparison, columns: dict[str, list[DocumentRow]], absent: str) -> None:
    """Each column without values gets a note, in `notes` and in every row: why it has none."""
    for column, members in columns.items():
        if any(column in cells for cells in comparison.rows.values()):
            continue
        types = {d.doc_type for d in members}
        comparison.notes[column] = absent if DocType.AGREEMENT in types else (
            ONLY_MINUTES if types == {DocType.MEETING_MINUTES} else NO_AGREEMENT)
        for row in comparison.rows:
            comparison.add(row, column, Cell(comparison.notes[column], "", None, members[0].id))


def _fill_general(comparison: Comparison, offer_types: list[str]) -> None:
    """In each column with a general rule, the offer types it names no rule for get the general value."""
    for column, general in comparison.rows.get(ALL_OFFERS, {}).items():
        for row in offer_types:
            if column not in comparison.rows[row]:
                for cell in general:
                    comparison.add(row, column, dataclasses.replace(
                        cell, value=f"{cell.value} ({GENERAL})", general=True))


def _rows(clause: Clause) -> list[tuple[str, str, bool]]:
    """(row, value in words, whether the row is an offer type) for each row a clause fills."""
    normalized = clause.normalized or {}
    if clause.kind == ClauseKind.NOTICE_PERIOD:
        rows = _offer_types(clause.subject)
        return [(row, describe(clause), row != ALL_OFFERS and not normalized.get("trigger")) for row in rows]
    if clause.kind == ClauseKind.NOTICE_EXTENSION:
        return [(EXTENDED, describe(clause), False)] if normalized else []
    if clause.kind == ClauseKind.NOTICE_EXCEPTION:
        return [(_capitalised(name), "intet opsigelsesvarsel", True) for name in normalized.get("no_notice_for", ())]
    return [(clause.detail or str(clause.kind), describe(clause), False)]


def describe(clause: Clause) -> str:
    """A clause's normalised value in words, in Danish ("månedsvis forud, den 10.", "overhead 6 %")."""
    normalized = clause.normalized or {}
    if clause.kind == ClauseKind.NOTICE_PERIOD:
        return describe_notice(clause.normalized)
    if clause.kind == ClauseKind.NOTICE_EXTENSION and normalized:
        who = " (leverandøren kan forlænge)" if "optional" in str(normalized.get("mechanism", "")) else ""
        return describe_notice(normalized) + who
    if clause.kind == ClauseKind.NOTICE_EXCEPTION:
        return _describe_exception(normalized)
    if clause.kind == ClauseKind.PAYMENT_TERM:
        return _describe_payment(normalized)
    if clause.kind == ClauseKind.TARIFF_RULE:
        return _describe_tariff(normalized)
    return NO_VALUE


def describe_notice(normalized: dict | None) -> str:
    """{"running_month": true, "plus_months": 1} → "løbende måned + 1 måned" (Danish, as users read it)."""
    if not normalized:
        return "ikke genkendt"
    parts = ["løbende måned"] if normalized.get("running_month") else []
    months, days = normalized.get("plus_months") or 0, normalized.get("plus_days") or 0
    if months:
        parts.append(f"+ {_months(months)}")
    if days:
        parts.append(f"+ {days} dage")
    text = " ".join(parts) or "intet varsel"
    if normalized.get("qualifier"):
        text += f" ({normalized['qualifier']})"
    if normalized.get("trigger") == "death":
        text += " (ved dødsfald)"
    return text


def _describe_exception(normalized: dict) -> str:
    parts = []
    if normalized.get("no_notice_for"):
        parts.append("intet opsigelsesvarsel for " + ", ".join(normalized["no_notice_for"]))
    if normalized.get("notice_lapses_if_place_refilled_immediately"):
        parts.append("varslet bortfalder, når pladsen genbesættes straks")
    if normalized.get("termination_without_notice"):
        parts.append("opsigelse uden varsel" + (f" ved {normalized['trigger']}" if normalized.get("trigger") else ""))
    return "; ".join(parts) or NO_VALUE


def _describe_payment(normalized: dict) -> str:
    when = [_FREQUENCY.get(normalized["frequency"], normalized["frequency"])] if normalized.get("frequency") else []
    if normalized.get("timing"):
        when.append(_TIMING.get(normalized["timing"], normalized["timing"]))
    parts = [" ".join(when)] if when else []
    if normalized.get("due_day_of_month"):
        parts.append(f"den {normalized['due_day_of_month']}.")
    if normalized.get("payment_deadline_days"):
        parts.append(f"betalingsfrist {normalized['payment_deadline_days']} dage")
    if normalized.get("deadline_days"):
        parts.append(f"frist {normalized['deadline_days']} dage")
    if normalized.get("cancellation_deadline_days_before"):
        parts.append(f"afbud senest {normalized['cancellation_deadline_days_before']} dage før")
    if normalized.get("late_interest_after_months"):
        parts.append(f"morarenter efter {_months(normalized['late_interest_after_months'])}")
    return ", ".join(parts) or NO_VALUE


def _describe_tariff(normalized: dict) -> str:
    parts = []
    if normalized.get("overhead_pct") is not None:
        parts.append(f"overhead {_pct(normalized['overhead_pct'])}")
    if normalized.get("index"):
        minus = normalized.get("minus_pct_per_year")
        parts.append(f"{normalized['index']}-fremskrivning" + (f" − {_pct(minus)} pr. år" if minus else ""))
    if normalized.get("occupancy_pct"):
        parts.append("belægning " + ", ".join(map(_pct, normalized["occupancy_pct"])))
    if normalized.get("max_occupancy_pct") is not None:
        parts.append(f"belægning højst {_pct(normalized['max_occupancy_pct'])}")
    if normalized.get("averaging_years"):
        parts.append(f"gennemsnit af {normalized['averaging_years']} år")
    if normalized.get("threshold_pct") is not None:
        parts.append(f"efterregulering ud over {_pct(normalized['threshold_pct'])}")
    if not parts:  # no rule recognised: the figures printed
        parts = [*map(_pct, normalized.get("percentages") or ()), *map(_kroner, normalized.get("amounts_dkk") or ())]
    return ", ".join(parts) or NO_VALUE


def _pct(value: int | float) -> str:
    return f"{format_danish_number(value)} %"


def _kroner(value: int | float) -> str:
    return f"{value:,}".translate(_DANISH_SEPARATORS) + " kr."  # 3197 → "3.197 kr."


def _months(months: int) -> str:
    return f"{months} {'måned' if months == 1 else 'måneder'}"


def _offer_types(subject: str | None) -> list[str]:
    if not subject:
        return [ALL_OFFERS]
    labels = [t.label for t, _, _ in find_terms(subject) if t.category == OFFER_TYPE]
    return list(dict.fromkeys(labels)) or [_capitalised(subject)]


def _column(document: DocumentRow) -> str:
    region = REGIONS_BY_CODE[document.region].name if document.region in REGIONS_BY_CODE else "ukendt region"
    if document.period_start and document.period_end and document.period_start != document.period_end:
        return f"{region} {document.period_start}-{document.period_end}"
    return f"{region} {document.period_start or ''}".strip()


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]
