"""The extract contract: `ramme extract FILE.pdf --format json`, in the shape of the gold files.

This JSON is how accuracy is measured, by the project's tests and from outside; keep it stable.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from extractors.pdf import BBox
from extractors.records import Extraction, OfferTable

CONTRACT_VERSION = 1


def to_contract(extraction: Extraction) -> dict[str, Any]:
    meta = extraction.meta
    return {
        "contract_version": CONTRACT_VERSION,
        "document": {
            "file": extraction.file,
            "sha256": extraction.sha256,
            "pages": extraction.pages,
            "region": meta.region,
            "title": meta.title,
            "period": [meta.period_start, meta.period_end] if meta.period_start else None,
            "doc_type": meta.doc_type,
        },
        "offer_tables": [_offer_table(t) for t in extraction.offer_tables],
        "stated_counts": _stated_counts(extraction),
        "clauses": [_with_bbox(asdict(c)) for c in extraction.clauses],
        "agenda_items": [_with_bbox(asdict(a)) for a in extraction.agenda_items],
        "region_tables": [_with_bbox(asdict(r)) for r in extraction.region_tables],
        "warnings": extraction.warnings,
    }


def _offer_table(table: OfferTable) -> dict[str, Any]:
    return {
        "table": table.label,
        "title": table.title,
        "age_group": table.age_group,
        "target_group": table.target_group,
        "years": table.years,
        "page": table.page,
        "bbox": _bbox(table.bbox),
        "offers": [
            {
                "name": offer.name,
                "operator": offer.operator,
                "legal_basis": offer.legal_basis,
                "capacity": [y.capacity for y in offer.years],
                "usage": [y.usage for y in offer.years],
                "occupancy_pct": [y.occupancy_pct for y in offer.years],
                "page": offer.page,
                "bbox": _bbox(offer.bbox),
                "year_provenance": [{"year": y.year, "page": y.page, "bbox": _bbox(y.bbox)} for y in offer.years],
            }
            for offer in table.offers
        ],
    }


def _stated_counts(extraction: Extraction) -> dict[str, dict[str, int]]:
    """{"children": {"Udviklingshæmning": 13, …}, "adults": {…}}: the counts the document states."""
    result: dict[str, dict[str, int]] = {}
    for stated in extraction.stated_counts:
        result.setdefault(stated.age_group or "unknown", {})[stated.target_group] = stated.count
    return result


def _bbox(bbox: BBox | None) -> list[float] | None:
    return bbox.as_list() if bbox else None


def _with_bbox(record: dict[str, Any]) -> dict[str, Any]:
    """`asdict` turns a BBox into a dict; the contract writes it as [x0, top, x1, bottom]."""
    box = record.get("bbox")
    if isinstance(box, dict):
        record["bbox"] = [round(box[k], 1) for k in ("x0", "top", "x1", "bottom")]
    return record
