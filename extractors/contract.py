"""The extract contract: `ramme extract FILE.pdf --format json`, in the shape of the gold files.

This JSON is how accuracy is measured, by the project's tests and from outside; keep it stable. It is
derived from the records (`models.records`): every field of a record appears under its own name
(a box as [x0, top, x1, bottom]), except where the gold files' shape differs, which is written out
below — an offers table's label is `table`, and an offer lists its per-year measures as arrays
(`capacity: [38, 38, 38]`) with each year's position in `year_provenance`.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Mapping
from typing import Any

from models.geometry import BBox
from models.records import Extraction, Offer, OfferTable, OfferYear

CONTRACT_VERSION = 1
_PROVENANCE = ("page", "bbox")
#: OfferYear fields that are not measures: they go to `year_provenance`
_YEAR_PLACE = ("year", "page", "bbox")


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
        "clauses": [plain(c) for c in extraction.clauses],
        "agenda_items": [plain(a) for a in extraction.agenda_items],
        "tables": [plain(t) for t in extraction.tables],
        "next_meeting": plain(extraction.next_meeting),
        "warnings": list(extraction.warnings),
    }


def plain(value: Any) -> Any:
    """A record as JSON-ready values: fields by name, boxes as lists, tuples as lists, dates as ISO text."""
    if isinstance(value, BBox):
        return value.as_list()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if dataclasses.is_dataclass(value):
        return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Mapping):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(item) for item in value]
    return value


def _offer_table(table: OfferTable) -> dict[str, Any]:
    fields = plain(dataclasses.replace(table, offers=()))
    fields["offers"] = [_offer(offer) for offer in table.offers]
    return {("table" if name == "label" else name): value for name, value in fields.items()}


def _offer(offer: Offer) -> dict[str, Any]:
    printed = {f.name: plain(getattr(offer, f.name)) for f in dataclasses.fields(Offer)
               if f.name not in (*_PROVENANCE, "years")}
    measures = {f.name: [getattr(y, f.name) for y in offer.years] for f in dataclasses.fields(OfferYear)
                if f.name not in _YEAR_PLACE}
    return {
        **printed,
        **measures,
        "page": offer.page,
        "bbox": plain(offer.bbox),
        "year_provenance": [{name: plain(getattr(y, name)) for name in _YEAR_PLACE} for y in offer.years],
    }


def _stated_counts(extraction: Extraction) -> dict[str, dict[str, int]]:
    """{"children": {"Udviklingshæmning": 13, …}, "adults": {…}}: the counts the document states."""
    result: dict[str, dict[str, int]] = {}
    for stated in extraction.stated_counts:
        result.setdefault(stated.age_group or "unknown", {})[stated.target_group] = stated.count
    return result
