"""ParsedDocument's ruled tables: pdfplumber's cells as printed, with their page and box."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractors.pdf import parse_pdf

ROOT = Path(__file__).resolve().parents[1]
WORD = ROOT / "tests" / "fixtures" / "pdf" / "hovedstaden-2025-2026-word.pdf"
WEB = ROOT / "data" / "agreements" / "hovedstaden-2025-2026-web.pdf"


def first_offers_page(doc) -> int:
    return next(n for n, text in enumerate(doc.page_texts, 1) if "Tabel 1:" in text)


def test_a_ruled_offers_table_is_read_cell_by_cell():
    with parse_pdf(WORD) as doc:
        page = first_offers_page(doc)
        [table] = doc.tables(page)
        layout = doc.layout(page)
    assert table.page == page
    assert 0 <= table.bbox.x0 < table.bbox.x1 <= layout.width and 0 <= table.bbox.top < table.bbox.bottom <= layout.height
    assert table.rows[0] == ["Tilbud", "Driftsherre", "Paragraf", "Pladser", "2021", "2022", "2023"]
    assert table.rows[1] == ["Granbohus -\nUdviklingshæmning", "Fredensborg\nKommune", "BL § 43", "Pladstal",
                             "38", "38", "38"]
    assert all(len(row) == 7 for row in table.rows)


def test_a_table_without_rules_is_not_a_ruled_table():
    """The web rendering rules only the header row: its offers are left to the word-position reader."""
    with parse_pdf(WEB) as doc:
        tables = doc.tables(first_offers_page(doc))
    assert [table.rows for table in tables] == [[["Tilbud", "Driftsherre", "Paragraf", "Pladser", "2021", "2022",
                                                   "2023"]]]


def test_tables_need_an_open_document():
    doc = parse_pdf(WORD)
    doc.close()
    with pytest.raises(ValueError, match="closed"):
        doc.tables(1)
