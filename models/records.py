"""The records that cross stage boundaries, each defined once.

Extractors return the *printed* records (`Extraction` and what it holds); the transform step adds the
normalised keys (`NormalizedDocument`); the warehouse stores and reads both. Every other shape — the
store rows (`models.store`), the contract JSON (`extractors.contract`), the query listings and the
CLI/export columns — is derived from the fields declared here, so a field added to a record appears
in all of them.

Conventions:
- provenance: a record read from a place in the PDF has `page` (1-based) and `bbox` (`BBox`, PDF
  points, origin top-left);
- numbers as printed: an `int` when the cell was printed without decimals ("16"), a `float` when it had
  a decimal comma ("16,0" → 16.0, "33,5" → 33.5); `None` for a blank cell. The store, the contract
  JSON and every output keep that distinction;
- values are never "fixed": an anomaly is kept as printed and flagged by the validations.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Annotated, Any

from models.enums import AgeGroup, ClauseKind, DocType, NotBindingReason, OperatorType, RowKind, Severity
from models.geometry import BBox

Number = int | float
#: a str that holds running text (stored as TEXT, not a short string)
Prose = Annotated[str, "prose"]


@dataclass(frozen=True)
class DocumentMeta:
    """What a document is, read from its content (never from its file name)."""

    region: str | None  # region code, e.g. "hovedstaden"
    title: str | None
    period_start: int | None
    period_end: int | None
    doc_type: DocType


@dataclass(frozen=True)
class OfferYear:
    """One offer in one year: places (capacity), places used (usage) and occupancy in percent.

    `uncertain` holds one reason per value that could not be vouched for when it was read (OCR of a
    scanned page: low confidence, a character repaired, a failed cross-check), e.g.
    "occupancy_pct: read as '9l', OCR confidence 41"; empty for a born-digital page.
    """

    year: int
    capacity: Number | None
    usage: Number | None
    occupancy_pct: Number | None
    page: int
    bbox: BBox
    uncertain: tuple[str, ...] = ()


@dataclass(frozen=True)
class Offer:
    """One row of an offers table, as printed."""

    name: str
    operator: str | None  # as printed, e.g. "Albertslund kommune"
    legal_basis: str | None  # as printed, e.g. "ABL § 105 / SEL §§ 83/85"
    page: int
    bbox: BBox
    years: tuple[OfferYear, ...] = ()


@dataclass(frozen=True)
class OfferTable:
    """An offers table ("Tabel 6") and its offers."""

    label: str  # "Tabel 6"
    title: str  # without the label, e.g. "Tilbud målrettet voksne med udviklingshæmning"
    age_group: AgeGroup | None
    target_group: str | None  # as the document names the group, e.g. "Udviklingshæmning"
    years: tuple[int, ...]
    page: int
    bbox: BBox | None
    offers: tuple[Offer, ...] = ()


@dataclass(frozen=True)
class StatedCount:
    """A count the document states about its own offers, e.g. "Udviklingshæmning (13)"."""

    age_group: AgeGroup | None
    target_group: str  # as printed
    count: int
    page: int
    bbox: BBox | None = None


@dataclass(frozen=True)
class Clause:
    """A statement of one kind (notice period, payment term, …) with its normalised value.

    `normalized` has the shape `models.normalized.NORMALIZED_BY_KIND[kind]`; None when the wording
    could not be read for certain (then `flags` says why)."""

    kind: ClauseKind
    subject: str | None  # e.g. the offer type a notice period applies to
    text: Prose
    normalized: dict[str, Any] | None
    page: int
    bbox: BBox | None
    section: str | None = None  # the numbered heading the clause stands under
    detail: str | None = None  # a finer label of the kind, e.g. "settlement", "overhead_cap"
    flags: tuple[str, ...] = ()  # e.g. "unrecognised_notice_wording", "template_default"
    binding: bool = True  # False: the document quotes the wording without stating it (see not_binding_reason)
    not_binding_reason: NotBindingReason | None = None


@dataclass(frozen=True)
class AgendaItem:
    """An agenda item (punkt) of meeting minutes."""

    number: int
    title: Prose
    case_number: str | None
    recommendation: Prose | None
    decision: Prose | None
    page: int
    bbox: BBox | None


@dataclass(frozen=True)
class PrintedTable:
    """A table other than an offers table, with one row per region, offer, municipality or measure
    (`row_kind`): survey figures of minutes, tariffs, overhead percentages, case counts; cells as
    printed. Its columns are the printed headers, the levels of a multi-level header joined by " — "."""

    caption: str | None
    columns: tuple[str, ...]
    rows: Mapping[str, tuple[str | None, ...]]  # row label as printed → cells
    page: int
    bbox: BBox | None
    last_page: int | None = None  # the last page its rows are printed on, when after `page`
    row_kind: RowKind = RowKind.REGION
    stub: str | None = None  # the label column's header as printed, e.g. "Kommune/region"


@dataclass(frozen=True)
class NextMeeting:
    """The next meeting the minutes announce: "Næste møde finder sted d. 4. april 2024 kl. 12.00-16.00"."""

    date: datetime.date
    time: str | None  # as printed, e.g. "12.00-16.00"
    text: Prose  # the sentence as printed
    page: int
    bbox: BBox | None


@dataclass(frozen=True)
class Extraction:
    """Everything the extractors found in one document."""

    file: str
    sha256: str
    pages: int
    meta: DocumentMeta
    extractor_version: str
    offer_tables: tuple[OfferTable, ...] = ()
    stated_counts: tuple[StatedCount, ...] = ()
    clauses: tuple[Clause, ...] = ()
    agenda_items: tuple[AgendaItem, ...] = ()
    tables: tuple[PrintedTable, ...] = ()
    next_meeting: NextMeeting | None = None
    warnings: tuple[str, ...] = ()

    @property
    def offers(self) -> list[tuple[OfferTable, Offer]]:
        return [(table, offer) for table in self.offer_tables for offer in table.offers]


# --- normalised records: what the transform step adds ---------------------------------------------

@dataclass(frozen=True)
class OfferKeys:
    """An offer's normalised keys: vocabulary id, official operator, parsed legal references."""

    target_group_key: str | None  # models.vocabulary id, e.g. "sindslidelse"
    operator_name: str | None  # official name, e.g. "Albertslund Kommune"
    operator_code: int | None  # municipality code 165, or region code (1081-1085)
    operator_type: OperatorType | None
    legal_refs: tuple[str, ...] | None  # ["ABL § 105", "SEL § 83", "SEL § 85"]


@dataclass(frozen=True)
class NormalizedOffer:
    table: OfferTable
    offer: Offer
    position: int  # 0-based order of the offer within its document
    keys: OfferKeys


@dataclass(frozen=True)
class NormalizedStatedCount:
    stated: StatedCount
    target_group_key: str | None


@dataclass(frozen=True)
class TableFigure:
    """One cell of a `PrintedTable`: a row's value for one measure (column), as printed and as a number."""

    table_index: int  # 0-based order of the table within its document
    caption: str | None
    row_kind: RowKind
    row_index: int
    row_label: str  # the row label as printed, e.g. "Nordjylland", "Morsø", "Ambulant STU tilbud"
    region: str | None  # region code of a row that names a region; None for "I alt", a municipality, an offer, …
    column_index: int
    measure: str  # the column header
    value: str | None  # as printed
    page: int
    bbox: BBox | None
    number: Number | None = None  # the value parsed, its unit stripped ("10.488" → 10488, "46,8%" → 46.8)
    unit: str | None = None  # "%", "kr."; None for a plain count or rate
    last_page: int | None = None  # the table's last page, when it runs on after `page`


@dataclass(frozen=True)
class NormalizedDocument:
    """An extraction with every key the store and the queries need, ready to load."""

    extraction: Extraction
    region: str | None  # region code from the content, else from the source
    offers: tuple[NormalizedOffer, ...] = ()
    stated_counts: tuple[NormalizedStatedCount, ...] = ()
    table_figures: tuple[TableFigure, ...] = ()


@dataclass(frozen=True)
class LoadCounts:
    """What a load stored, and what a run adds up per region."""

    offers: int = 0
    offer_years: int = 0
    clauses: int = 0
    agenda_items: int = 0
    table_figures: int = 0



# --- validation: what the rules find --------------------------------------------------------------

@dataclass(frozen=True)
class Anomaly:
    """One stored record that breaks a validation rule (`validations.rules`), with what a person needs
    to find it in the PDF: the document, page and box, the values as printed, what was expected."""

    rule: str  # a validations.rules id, e.g. "occupancy_mismatch"
    severity: Severity
    message: Prose  # one Danish line naming the record, the rule, the printed and the expected values
    document_id: int
    agreement_id: int | None = None
    offer_id: int | None = None
    offer_year_id: int | None = None
    clause_id: int | None = None
    year: int | None = None
    subject: str | None = None  # what the finding is about, e.g. "Søstedet (Tabel 10)"
    printed: dict[str, Any] | None = None  # the values as printed (None = blank cell), by field name
    expected: str | None = None  # the expected value or relation, as a person reads it ("57", "≤ 110 %")
    expected_number: Number | None = None  # the expected value, when it is a number (e.g. occupancy 57 %)
    page: int | None = None
    bbox: BBox | None = None
