"""One call from a PDF file to everything ramme extracts from it."""

from __future__ import annotations

from pathlib import Path

from extractors.metadata import detect_metadata
from extractors.offers import extract_offer_tables
from extractors.pdf import parse_pdf
from extractors.records import Extraction
from extractors.version import extractor_version


def extract_document(path: Path | str) -> Extraction:
    """Parse a PDF and run every extractor on it; raises `PdfError` for a PDF that cannot be read."""
    with parse_pdf(path) as doc:
        tables, stated = extract_offer_tables(doc)
        return Extraction(
            file=doc.name,
            sha256=doc.sha256,
            pages=doc.page_count,
            meta=detect_metadata(doc),
            extractor_version=extractor_version(),
            offer_tables=tables,
            stated_counts=stated,
            warnings=list(doc.warnings),
        )
