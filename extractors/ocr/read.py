"""OCR results → the `Word`s and page texts a `ParsedDocument` serves, repaired and marked."""

from __future__ import annotations

import logging
from pathlib import Path

from extractors.ocr.engine import OcrUnavailable, RawPage, read_pages
from extractors.ocr.repair import repair_page
from extractors.pdf import PageLayout, Word, group_lines
from models.geometry import BBox

__all__ = ["OcrUnavailable", "read_scanned_pages", "page_layout"]

log = logging.getLogger(__name__)


def read_scanned_pages(path: Path, pages: list[int], texts: list[str], warnings: list[str]) -> dict[int, PageLayout]:
    """OCR `pages` (1-based) in parallel; each page's text in `texts` is replaced by what OCR read,
    and what it could not vouch for is added to `warnings` (naming the page and the value)."""
    layouts: dict[int, PageLayout] = {}
    for raw in read_pages(path, pages):
        layout, page_warnings = page_layout(raw)
        layouts[raw.number] = layout
        texts[raw.number - 1] = "\n".join(line.text for line in layout.lines)
        warnings.extend(f"{path.name}: {w}" for w in page_warnings)
    warnings.insert(0, f"{path.name}: no text layer (or only garbage) on {len(pages)} of {len(texts)} pages, "
                       f"read by OCR: {_ranges(pages)}")
    return dict(sorted(layouts.items()))


def page_layout(raw: RawPage) -> tuple[PageLayout, list[str]]:
    """One OCR page as a layout: repaired and marked words, each with its text line's top and bottom.

    Tesseract's word boxes hug the glyphs: "og" stands lower than "Kommune" on the same line, "38"
    lower than "Pladstal". A text layer's words all have the font's top, and the readers group a
    line by equal tops (`pdf.LINE_TOLERANCE`), so each OCR word takes the top and bottom of the
    text line Tesseract put it on.
    """
    words = [Word(w.text, BBox(w.box[0], w.line_box[1], w.box[2], w.line_box[3]), confidence=w.confidence)
             for w in raw.words]
    words, warnings = repair_page(words, raw.number)
    return PageLayout(raw.number, raw.width, raw.height, words), warnings


def _ranges(pages: list[int]) -> str:
    """[1, 2, 3, 7] → "1-3, 7"."""
    spans: list[list[int]] = []
    for page in pages:
        if spans and page == spans[-1][1] + 1:
            spans[-1][1] = page
        else:
            spans.append([page, page])
    return ", ".join(f"{a}-{b}" if a != b else str(a) for a, b in spans)
