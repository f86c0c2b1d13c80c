"""Open a PDF once and expose it as a `ParsedDocument`: the one document model every extractor reads.

Text for every page comes from pypdfium2 (fast: hundreds of pages a second). Word positions and
tables come from pdfplumber (slow: ~10 pages a second), so they are computed per page, on demand,
and released again: a large document is never held in memory as layout all at once.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import pdfplumber
import pypdfium2 as pdfium

log = logging.getLogger(__name__)

LINE_TOLERANCE = 3.0  # points: words whose tops differ by less sit on one text line


class PdfError(Exception):
    """A PDF that cannot be read; the message names the file and what is wrong with it."""


@dataclass(frozen=True)
class BBox:
    """A rectangle in PDF points, origin top-left (pdfplumber's convention)."""

    x0: float
    top: float
    x1: float
    bottom: float

    def as_list(self) -> list[float]:
        return [round(self.x0, 1), round(self.top, 1), round(self.x1, 1), round(self.bottom, 1)]

    def union(self, other: BBox) -> BBox:
        return BBox(min(self.x0, other.x0), min(self.top, other.top),
                    max(self.x1, other.x1), max(self.bottom, other.bottom))

    @staticmethod
    def enclosing(boxes: list[BBox]) -> BBox:
        result = boxes[0]
        for box in boxes[1:]:
            result = result.union(box)
        return result


@dataclass(frozen=True)
class Word:
    text: str
    bbox: BBox

    @property
    def x_center(self) -> float:
        return (self.bbox.x0 + self.bbox.x1) / 2


@dataclass(frozen=True)
class Line:
    """Words sharing one baseline, left to right."""

    words: tuple[Word, ...]

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)

    @property
    def bbox(self) -> BBox:
        return BBox.enclosing([w.bbox for w in self.words])

    @property
    def top(self) -> float:
        return min(w.bbox.top for w in self.words)


@dataclass(frozen=True)
class Table:
    """A table pdfplumber found from ruling lines; cells as printed (None for an empty cell)."""

    rows: list[list[str | None]]
    bbox: BBox


@dataclass(frozen=True)
class PageLayout:
    """Positions on one page: its words, grouped into lines, and its ruled tables."""

    number: int
    width: float
    height: float
    words: list[Word]
    tables: list[Table] = field(default_factory=list)

    @cached_property
    def lines(self) -> list[Line]:
        return group_lines(self.words)


def group_lines(words: list[Word]) -> list[Line]:
    """Cluster words into lines by their top edge, top to bottom, each line left to right."""
    lines: list[list[Word]] = []
    for word in sorted(words, key=lambda w: (w.bbox.top, w.bbox.x0)):
        if lines and abs(lines[-1][0].bbox.top - word.bbox.top) < LINE_TOLERANCE:
            lines[-1].append(word)
        else:
            lines.append([word])
    return [Line(tuple(sorted(ws, key=lambda w: w.bbox.x0))) for ws in lines]


@dataclass
class ParsedDocument:
    """One opened PDF: identity, page texts, and on-demand page layout.

    Use as a context manager (`with parse_pdf(path) as doc:`); layout is only available while open.
    """

    path: Path
    sha256: str
    page_texts: list[str]
    info: dict[str, str]
    warnings: list[str] = field(default_factory=list)
    _plumber: pdfplumber.PDF | None = field(default=None, repr=False)

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def page_count(self) -> int:
        return len(self.page_texts)

    @property
    def text(self) -> str:
        return "\n".join(self.page_texts)

    def layout(self, page_number: int, *, tables: bool = False) -> PageLayout:
        """Words (and optionally ruled tables) of one 1-based page, read now and not kept."""
        if self._plumber is None:
            self._plumber = _open_plumber(self.path)
        page = None
        try:
            page = self._plumber.pages[page_number - 1]
            words = [
                Word(w["text"], BBox(w["x0"], w["top"], w["x1"], w["bottom"]))
                for w in page.extract_words(keep_blank_chars=False)
            ]
            found = [
                Table(t.extract(), BBox(*t.bbox)) for t in page.find_tables()
            ] if tables else []
            return PageLayout(page_number, float(page.width), float(page.height), words, found)
        except Exception as exc:  # pdfminer raises many types on damaged content streams
            raise PdfError(f"{self.name}: cannot read the layout of page {page_number}: {_reason(exc)}") from exc
        finally:
            if page is not None:
                page.close()  # drop pdfplumber's per-page caches

    def layouts(self, page_numbers: list[int], *, tables: bool = False) -> Iterator[PageLayout]:
        for number in page_numbers:
            yield self.layout(number, tables=tables)

    def close(self) -> None:
        if self._plumber is not None:
            self._plumber.stream.close()  # pdfplumber's own close() re-reads every page object
            self._plumber = None

    def __enter__(self) -> ParsedDocument:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def parse_pdf(path: Path | str) -> ParsedDocument:
    """Read a PDF's identity and the text of every page; raise `PdfError` naming the problem."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise PdfError(f"{path.name}: cannot read file: {exc.strerror or exc}") from exc
    if not data:
        raise PdfError(f"{path.name}: file is empty (0 bytes)")
    if not data.lstrip()[:5].startswith(b"%PDF"):
        raise PdfError(f"{path.name}: not a PDF (no %PDF header)")
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise PdfError(f"{path.name}: cannot open PDF: {_reason(exc)}") from exc
    try:
        if len(pdf) == 0:
            raise PdfError(f"{path.name}: PDF has no pages")
        texts, warnings = [], []
        for index in range(len(pdf)):
            try:
                texts.append(_page_text(pdf, index))
            except pdfium.PdfiumError as exc:
                texts.append("")
                warnings.append(f"{path.name}: page {index + 1} has no readable text: {_reason(exc)}")
        if not any(t.strip() for t in texts):
            warnings.append(f"{path.name}: no text layer (scanned or image-only PDF); nothing to extract")
        info = dict(pdf.get_metadata_dict(skip_empty=True))
    finally:
        pdf.close()
    return ParsedDocument(path=path, sha256=hashlib.sha256(data).hexdigest(), page_texts=texts,
                          info=info, warnings=warnings)


def _page_text(pdf: pdfium.PdfDocument, index: int) -> str:
    page = pdf[index]
    try:
        textpage = page.get_textpage()
        try:
            return textpage.get_text_range().replace("\r\n", "\n").replace("\r", "\n")
        finally:
            textpage.close()
    finally:
        page.close()


def _open_plumber(path: Path) -> pdfplumber.PDF:
    try:
        return pdfplumber.open(path)
    except Exception as exc:
        raise PdfError(f"{path.name}: cannot open PDF for layout: {_reason(exc)}") from exc


def _reason(exc: Exception) -> str:
    text = str(exc).strip()
    if "password" in text.lower():
        return "encrypted (a password is required)"
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__
