"""Comparisons across regions and periods: normalised clause values side by side."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import Engine
from sqlmodel import Session, select

from models.enums import NOTICE_KINDS, ClauseKind, DocType, DocumentStatus
from models.records import Clause
from models.regions import REGIONS_BY_CODE
from models.store import ClauseRow, DocumentRow, record_from_row
from models.vocabulary import OFFER_TYPE, find_terms
from warehouse.engine import session_for

# Wordings that are not rules in force: a contract template's bracketed default, a question.
NOT_A_RULE = {"template_default", "question"}
ALL_OFFERS = "Alle tilbud (generelt)"
EXTENDED = "Forlænget varsel ved opsigelse af flere pladser"


@dataclass
class Comparison:
    """Rows (offer types) × columns (region and period); each cell the normalised values, in words."""

    columns: list[str]
    rows: dict[str, dict[str, list[str]]] = field(default_factory=dict)

    def add(self, row: str, column: str, value: str) -> None:
        cell = self.rows.setdefault(row, {}).setdefault(column, [])
        if value not in cell:
            cell.append(value)


def describe_notice(normalized: dict | None) -> str:
    """{"running_month": true, "plus_months": 1} → "løbende måned + 1 måned" (Danish, as users read it)."""
    if not normalized:
        return "ikke genkendt"
    parts = ["løbende måned"] if normalized.get("running_month") else []
    months, days = normalized.get("plus_months") or 0, normalized.get("plus_days") or 0
    if months:
        parts.append(f"+ {months} {'måned' if months == 1 else 'måneder'}")
    if days:
        parts.append(f"+ {days} dage")
    text = " ".join(parts) or "intet varsel"
    if normalized.get("qualifier"):
        text += f" ({normalized['qualifier']})"
    if normalized.get("trigger") == "death":
        text += " (ved dødsfald)"
    return text


def compare_notice_periods(db: Session | Engine) -> Comparison:
    """Notice periods per offer type for every region and period in the store.

    Only agreements count: minutes discuss proposals and templates, not the rules in force. An
    offer type is the vocabulary's label when the clause's subject names one or more
    ("Sociale tilbud (botilbud, dagtilbud …)" → Botilbud, Dagtilbud, …), else the subject as printed;
    a notice period without a subject applies to all offers.
    """
    query = (select(ClauseRow, DocumentRow).join(DocumentRow, ClauseRow.document_id == DocumentRow.id)
             .where(ClauseRow.kind.in_(NOTICE_KINDS), DocumentRow.doc_type == DocType.AGREEMENT,
                    DocumentRow.status != DocumentStatus.SUPERSEDED)
             .order_by(DocumentRow.region, DocumentRow.period_start, ClauseRow.page, ClauseRow.id))
    with session_for(db) as session:
        found = [(record_from_row(Clause, row), document) for row, document in session.exec(query).all()]
    comparison = Comparison(columns=[])
    for clause, document in found:
        if NOT_A_RULE & set(clause.flags or []):
            continue
        column = _column(document)
        if column not in comparison.columns:
            comparison.columns.append(column)
        for row, value in _notice_cells(clause):
            comparison.add(row, column, value)
    return comparison


def _notice_cells(clause: Clause) -> list[tuple[str, str]]:
    normalized = clause.normalized or {}
    if clause.kind == ClauseKind.NOTICE_PERIOD:
        return [(row, describe_notice(clause.normalized)) for row in _offer_types(clause.subject)]
    if clause.kind == ClauseKind.NOTICE_EXTENSION and normalized:
        who = " (leverandøren kan forlænge)" if "optional" in str(normalized.get("mechanism", "")) else ""
        return [(EXTENDED, describe_notice(normalized) + who)]
    if clause.kind == ClauseKind.NOTICE_EXCEPTION and normalized.get("no_notice_for"):
        return [(_capitalised(name), "intet opsigelsesvarsel") for name in normalized["no_notice_for"]]
    return []


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
