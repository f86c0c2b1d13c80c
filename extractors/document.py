"""One call from a PDF file to everything ramme extracts from it."""

from __future__ import annotations

from pathlib import Path

from extractors.clauses.extract import extract_clauses
from extractors.metadata import detect_metadata
from extractors.minutes import extract_agenda_items, extract_next_meeting
from extractors.offers import extract_offer_tables
from extractors.pdf import ParsedDocument, parse_pdf
from extractors.tables import extract_tables
from extractors.version import extractor_version
from models.enums import DocType
from models.records import Extraction


def extract_document(path: Path | str) -> Extraction:
    """Parse a PDF and run every extractor on it; raises `PdfError` for a PDF that cannot be read."""
    with parse_pdf(path) as doc:
        return extract_parsed(doc)


def extract_parsed(doc: ParsedDocument) -> Extraction:
    """Run every extractor on an opened document."""
    meta = detect_metadata(doc)
    offers = extract_offer_tables(doc)
    minutes = meta.doc_type == DocType.MEETING_MINUTES
    agenda_items = extract_agenda_items(doc) if minutes else []
    tables = extract_tables(doc)
    warnings = [*doc.warnings, *offers.warnings]
    if minutes and not agenda_items:
        warnings.append(f"{doc.name}: read as meeting minutes, but no agenda item could be extracted")
    return Extraction(
        file=doc.name,
        sha256=doc.sha256,
        pages=doc.page_count,
        meta=meta,
        extractor_version=extractor_version(),
        offer_tables=tuple(offers.tables),
        stated_counts=tuple(offers.stated_counts),
        clauses=tuple(extract_clauses(doc, tables)),
        agenda_items=tuple(agenda_items),
        tables=tuple(tables),
        next_meeting=extract_next_meeting(doc) if minutes else None,
        warnings=tuple(warnings),
    )
