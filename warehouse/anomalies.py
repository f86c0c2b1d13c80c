"""What the validation stage found, in the store: written per run, read for the CLI and the report.

The table holds the findings of the last validation: each run replaces them in one transaction, so
a rerun on unchanged input leaves the same set, and a reloaded document's anomalies follow its
current version (the rules only read current documents).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from typing import Any

from sqlalchemy import Engine, delete
from sqlmodel import Session, select

from models.enums import Severity
from models.records import Anomaly
from models.regions import REGIONS_BY_CODE
from models.store import AgreementRow, AnomalyRow, DocumentRow, OfferRow, record_from_row, row_values
from warehouse.engine import session_for
from warehouse.queries import listing, region_filter

#: one anomaly with where it stands; capacity … expected_pct are the offer-year's printed figures
AnomalyListing = listing(
    "AnomalyListing", ("region", "agreement", "document", "offer", "operator", "legal_basis", "capacity", "usage",
                       "occupancy_pct", "expected_pct"),
    *(f.name for f in dataclasses.fields(Anomaly)))

#: rules whose expected number is an occupancy percent
_OCCUPANCY_RULES = {"zero_occupancy_with_usage", "occupancy_mismatch"}


def replace_anomalies(db: Session | Engine, run_id: int | None, anomalies: Iterable[Anomaly]) -> int:
    """Store `anomalies` as the findings of run `run_id`, in place of the earlier ones; how many."""
    with session_for(db, write=True) as session:
        try:
            session.exec(delete(AnomalyRow))
            rows = [AnomalyRow(run_id=run_id, **row_values(anomaly)) for anomaly in anomalies]
            session.add_all(rows)
            session.commit()
        except BaseException:
            session.rollback()
            raise
    return len(rows)


def query_anomalies(db: Session | Engine, *, region: str | None = None, rule: str | None = None,
                    severity: str | None = None) -> list[Any]:
    """The stored anomalies (`AnomalyListing`), by region, rule and page; filtered.

    Raises ValueError for a region that is not one of the five, or a severity that is not one."""
    query = (select(AnomalyRow, DocumentRow, AgreementRow, OfferRow)
             .join(DocumentRow, AnomalyRow.document_id == DocumentRow.id)
             .join(AgreementRow, AgreementRow.id == AnomalyRow.agreement_id, isouter=True)
             .join(OfferRow, OfferRow.id == AnomalyRow.offer_id, isouter=True)
             .order_by(DocumentRow.region, AnomalyRow.rule, AnomalyRow.document_id, AnomalyRow.page, AnomalyRow.id))
    if region is not None:
        query = query.where(DocumentRow.region == region_filter(region))
    if rule is not None:
        query = query.where(AnomalyRow.rule == rule)
    if severity is not None:
        if severity not in set(Severity):
            raise ValueError(f"unknown severity {severity!r}; use one of: {', '.join(Severity)}")
        query = query.where(AnomalyRow.severity == severity)
    with session_for(db) as session:
        return [_listing(*found) for found in session.exec(query).all()]


def _listing(row: AnomalyRow, document: DocumentRow, agreement: AgreementRow | None, offer: OfferRow | None):
    anomaly = record_from_row(Anomaly, row)
    printed = anomaly.printed or {}
    region = REGIONS_BY_CODE.get(document.region)
    title = agreement.title if agreement else (document.title if document.doc_type == "agreement" else None)
    return AnomalyListing(
        region=region.name if region else document.region, agreement=title, document=document.file_name,
        offer=offer.name if offer else None, operator=offer.operator if offer else None,
        legal_basis=offer.legal_basis if offer else None,
        capacity=printed.get("capacity"), usage=printed.get("usage"), occupancy_pct=printed.get("occupancy_pct"),
        expected_pct=anomaly.expected_number if anomaly.rule in _OCCUPANCY_RULES else None,
        **{f.name: getattr(anomaly, f.name) for f in dataclasses.fields(Anomaly)})
