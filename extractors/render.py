"""PDF pages as PNG images with a value's box framed in red: what the validation report and the web
page show a person, so that the printed numbers can be checked against the value stored."""

from __future__ import annotations

import io
from pathlib import Path

import pypdfium2 as pdfium
from PIL import ImageDraw

from models.geometry import BBox

#: pixels per PDF point
SCALE = 2.0
#: points shown above and below the box in a band
PAD = 4.0
_RED = (220, 0, 0)


def page_png(path: Path | str, page_number: int, box: BBox | None = None, *, band: bool = False,
             scale: float = SCALE) -> bytes:
    """Page `page_number` (1-based) of the PDF as PNG, `box` (PDF points, top-left origin) framed; with
    `band`, only the full-width strip of the page around the box."""
    pdf = pdfium.PdfDocument(str(path))
    try:
        page = pdf[page_number - 1]
        width, height = page.get_size()
        top = bottom = None
        if band and box is not None:
            top, bottom = max(0.0, box.top - PAD), min(height, box.bottom + PAD)
            if bottom - top < 1:  # a box off the page: show the page's top instead
                top, bottom = 0.0, min(height, 2 * PAD)
        crop = (0, height - bottom, 0, top) if top is not None else (0, 0, 0, 0)
        image = page.render(scale=scale, crop=crop).to_pil().convert("RGB")
        page.close()
    finally:
        pdf.close()
    if box is not None:
        offset = top or 0.0
        ImageDraw.Draw(image).rectangle(
            [(box.x0 - 2) * scale, (box.top - 2 - offset) * scale, (box.x1 + 2) * scale,
             (box.bottom + 2 - offset) * scale], outline=_RED, width=max(2, int(scale)))
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def page_count(path: Path | str) -> int:
    pdf = pdfium.PdfDocument(str(path))
    try:
        return len(pdf)
    finally:
        pdf.close()
