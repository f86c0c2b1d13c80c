"""`layout` reads words from pdfium's characters; they must be the words pdfplumber's default
`extract_words()` gives (`ParsedDocument.plumber_layout`), page by page, on the offers pages of both
renderings: the same texts in the same order, each box within a point.

Boxes differ by float rounding and by up to ~0.3 pt where pdfium's advance widths are rounded
differently from pdfminer's; texts do not differ. A page where pdfium's characters cannot be trusted
to give the same words (a character drawn elsewhere, or a gap pdfium filled with a space, between
two characters joined by position) is read by pdfplumber itself.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from extractors.offers import MEASURES
from extractors.pdf import _pdfium_words, parse_pdf

ROOT = Path(__file__).resolve().parents[1]
RENDERINGS = {
    "web": ROOT / "data/agreements/hovedstaden-2025-2026-web.pdf",
    "word": ROOT / "tests/fixtures/pdf/hovedstaden-2025-2026-word.pdf",
}
BOX_TOLERANCE = 1.0  # points


def _offers_pages(doc) -> list[int]:
    return [n for n, text in enumerate(doc.page_texts, 1) if any(label in text.lower() for label in MEASURES)]


@pytest.mark.parametrize("rendering", sorted(RENDERINGS))
def test_pdfium_words_are_pdfplumbers_words_on_every_offers_page(rendering):
    with parse_pdf(RENDERINGS[rendering]) as doc:
        pages = _offers_pages(doc)
        assert len(pages) >= 10
        for number in pages:
            assert _pdfium_words(*doc._searchable_page(number)) is not None, f"page {number} fell back"
            fast, slow = doc.layout(number), doc.plumber_layout(number)
            assert [w.text for w in fast.words] == [w.text for w in slow.words], f"page {number}"
            assert (fast.width, fast.height) == pytest.approx((slow.width, slow.height), abs=0.01)
            for a, b in zip(fast.words, slow.words):
                assert max(abs(a.bbox.x0 - b.bbox.x0), abs(a.bbox.top - b.bbox.top), abs(a.bbox.x1 - b.bbox.x1),
                           abs(a.bbox.bottom - b.bbox.bottom)) <= BOX_TOLERANCE, (number, a, b)
            assert [line.text for line in fast.lines] == [line.text for line in slow.lines], f"page {number}"


def test_a_page_pdfium_cannot_vouch_for_is_read_by_pdfplumber():
    """Nordjylland's form pages draw checkboxes over blanks pdfium drops as overprinting."""
    with parse_pdf(ROOT / "data/agreements/nordjylland-das-2024-word.pdf") as doc:
        assert _pdfium_words(*doc._searchable_page(170)) is None
        assert [w.text for w in doc.layout(170).words] == [w.text for w in doc.plumber_layout(170).words]


def test_layout_needs_an_open_document():
    doc = parse_pdf(RENDERINGS["web"])
    doc.close()
    with pytest.raises(ValueError, match="closed"):
        doc.layout(1)
