"""What the extractors return: plain records with provenance, independent of any store.

Every record that comes from a place in the PDF carries `page` (1-based) and `bbox` (x0, top, x1,
bottom in PDF points). Values are kept as printed; nothing here "fixes" the source.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from extractors.pdf import BBox

Number = int | float


@dataclass
class DocumentMeta:
    """What a document is, read from its content (never from its file name)."""

    region: str | None  # region code, e.g. "hovedstaden"
    title: str | None
    period_start: int | None
    period_end: int | None
    doc_type: str  # "agreement" | "meeting_minutes" | "unknown"


@dataclass
class OfferYear:
    year: int
    capacity: Number | None
    usage: Number | None
    occupancy_pct: Number | None
    page: int
    bbox: BBox


@dataclass
class Offer:
    name: str
    operator: str | None
    legal_basis: str | None
    page: int
    bbox: BBox
    years: list[OfferYear] = field(default_factory=list)


@dataclass
class OfferTable:
    label: str  # "Tabel 6"
    title: str  # title without the label, e.g. "Tilbud målrettet voksne med udviklingshæmning"
    age_group: str | None  # "children" | "adults"
    target_group: str | None  # as the document names the group, e.g. "Udviklingshæmning"
    years: list[int]
    page: int
    bbox: BBox | None
    offers: list[Offer] = field(default_factory=list)


@dataclass
class StatedCount:
    """A count the document states about itself, e.g. "Udviklingshæmning (13)" in the children's section."""

    age_group: str | None
    target_group: str
    count: int
    page: int
    bbox: BBox | None = None


@dataclass
class Clause:
    kind: str  # notice_period, notice_exception, payment_term, tariff_rule, target_group, legal_paragraph, ...
    subject: str | None  # e.g. the offer type a notice period applies to
    text: str
    normalized: dict[str, Any] | None
    page: int
    bbox: BBox | None
    section: str | None = None  # the numbered heading the clause stands under
    detail: str | None = None  # a finer rule label, e.g. "settlement", "overhead_cap"
    flags: list[str] = field(default_factory=list)  # e.g. "unrecognised_notice_wording", "template_default"


@dataclass
class AgendaItem:
    number: int
    title: str
    case_number: str | None
    recommendation: str | None
    decision: str | None
    page: int
    bbox: BBox | None


@dataclass
class RegionTable:
    """A table with one row per region (e.g. survey figures in minutes); cells kept as printed."""

    caption: str | None
    columns: list[str]
    rows: dict[str, list[str | None]]
    page: int
    bbox: BBox | None


@dataclass
class Extraction:
    """Everything found in one document."""

    file: str
    sha256: str
    pages: int
    meta: DocumentMeta
    extractor_version: str
    offer_tables: list[OfferTable] = field(default_factory=list)
    stated_counts: list[StatedCount] = field(default_factory=list)
    clauses: list[Clause] = field(default_factory=list)
    agenda_items: list[AgendaItem] = field(default_factory=list)
    region_tables: list[RegionTable] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def offers(self) -> list[tuple[OfferTable, Offer]]:
        return [(table, offer) for table in self.offer_tables for offer in table.offers]
