"""Open a PDF once and expose it as a `ParsedDocument`: the one document model every extractor reads.

Text for every page comes from pypdfium2 (fast: hundreds of pages a second), and so do `locate`,
the position of a snippet of text, and word positions (`layout`): pdfium's characters grouped into
words exactly as pdfplumber's default `extract_words` groups its characters (x and y tolerance 3),
so the words are pdfplumber's, read 5-7x faster (~20 ms a page against ~150 ms on the bundled
agreements; `tests/test_pdf_words.py` compares both readers). A page pdfium's characters cannot stand
in for (rotated, skewed or mirrored text, a rotated or cropped page, or two characters joined by
position with another between them in pdfium's order, where pdfium may have dropped a blank) is read
by pdfplumber (~10 pages a second), as are ruled tables (`tables`). Layout is
computed per page, on demand, and released again: a large document is never held in memory as
layout all at once. `tables` finds only tables drawn with rules; the offers reader works from word
positions, which serve rule-less tables too.

A page without a usable text layer (a scan: none, or an invisible scanner layer of garbage) is read
by OCR instead (`extractors.ocr`): its words, with their confidence, become that page's text and
layout, so every extractor reads scanned and born-digital pages alike and each page of a mixed
document comes from its best source. OCR words are kept (a few thousand per page) since reading a
page again would take seconds.
"""

from __future__ import annotations

import ctypes
import hashlib
import logging
from dataclasses import dataclass, field
from functools import cached_property
from itertools import groupby
from pathlib import Path
from typing import TYPE_CHECKING

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from models.geometry import BBox

if TYPE_CHECKING:
    import pdfplumber

log = logging.getLogger(__name__)

LINE_TOLERANCE = 3.0  # points: words whose tops differ by less sit on one text line
WORD_X_TOLERANCE = 3.0  # points: pdfplumber's default gap between two characters of one word
WORD_Y_TOLERANCE = 3.0  # points: pdfplumber's default difference of tops within one text line
LIGATURES = {"ﬀ": "ff", "ﬃ": "ffi", "ﬄ": "ffl", "ﬁ": "fi", "ﬂ": "fl", "ﬆ": "st", "ﬅ": "st"}  # as pdfplumber


class PdfError(Exception):
    """A PDF that cannot be read; the message names the file and what is wrong with it."""


@dataclass(frozen=True)
class Word:
    """A word and its box. Words read by OCR also carry Tesseract's confidence (0-100; None for a
    text layer's word) and, when the value cannot be vouched for, why (`uncertain`)."""

    text: str
    bbox: BBox
    confidence: float | None = None
    uncertain: str | None = None

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
class PageLayout:
    """Positions on one page: its words, grouped into lines."""

    number: int
    width: float
    height: float
    words: list[Word]

    @cached_property
    def lines(self) -> list[Line]:
        return group_lines(self.words)


@dataclass(frozen=True)
class PageTable:
    """A table drawn with rules on one page: its box and its cells' text as printed, row by row
    (None for a cell with no text; a cell's line breaks kept as "\\n")."""

    page: int
    bbox: BBox
    rows: list[list[str | None]]


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

    Use as a context manager (`with parse_pdf(path) as doc:`); `layout` and `locate` read the file
    and raise `ValueError` once it is closed.
    """

    path: Path
    sha256: str
    page_texts: list[str]
    warnings: list[str] = field(default_factory=list)
    _pdfium: pdfium.PdfDocument | None = field(default=None, repr=False)
    _text_page: tuple[int, pdfium.PdfPage, pdfium.PdfTextPage] | None = field(default=None, repr=False)
    _plumber: pdfplumber.PDF | None = field(default=None, repr=False)
    _closed: bool = field(default=False, repr=False)
    _ocr: dict[int, PageLayout] = field(default_factory=dict, repr=False)

    @property
    def ocr_pages(self) -> list[int]:
        """The 1-based pages whose text and words were read by OCR."""
        return sorted(self._ocr)

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def page_count(self) -> int:
        return len(self.page_texts)

    @property
    def text(self) -> str:
        return "\n".join(self.page_texts)

    def layout(self, page_number: int) -> PageLayout:
        """Words of one 1-based page, read now and not kept (an OCR page's words were kept): from
        pdfium's characters where they give pdfplumber's words, else from pdfplumber."""
        self._check_open()
        if page_number in self._ocr:
            return self._ocr[page_number]
        if self._pdfium is not None:
            try:
                page, textpage = self._searchable_page(page_number)
                words = _pdfium_words(page, textpage)
            except pdfium.PdfiumError:
                words = None  # pdfplumber's parser may still read it, or name the problem
            if words is not None:
                width, height = page.get_size()
                return PageLayout(page_number, float(width), float(height), words)
        return self.plumber_layout(page_number)

    def plumber_layout(self, page_number: int) -> PageLayout:
        """`layout` read by pdfplumber (`page.extract_words()`), whatever pdfium could read."""
        def read(page) -> PageLayout:
            words = [Word(w["text"], BBox(w["x0"], w["top"], w["x1"], w["bottom"]))
                     for w in page.extract_words(keep_blank_chars=False)]
            return PageLayout(page_number, float(page.width), float(page.height), words)
        return self._with_plumber_page(page_number, "layout", read)

    def tables(self, page_number: int) -> list[PageTable]:
        """The ruled tables of one 1-based page (pdfplumber's line strategy), read now and not kept;
        none on an OCR page, whose rules are pixels (the offers reader needs only words)."""
        if page_number in self._ocr:
            self._check_open()
            return []
        def read(page) -> list[PageTable]:
            return [PageTable(page_number, BBox(*table.bbox), table.extract()) for table in page.find_tables()]
        return self._with_plumber_page(page_number, "tables", read)

    def _with_plumber_page(self, page_number: int, what: str, read):
        """`read(page)` on pdfplumber's page, whose caches are dropped afterwards; a damaged page is
        a PdfError naming the document."""
        self._check_open()
        if self._plumber is None:
            self._plumber = _open_plumber(self.path)
        page = None
        try:
            page = self._plumber.pages[page_number - 1]
            return read(page)
        except Exception as exc:  # pdfminer raises many types on damaged content streams
            raise PdfError(f"{self.name}: cannot read the {what} of page {page_number}: {_reason(exc)}") from exc
        finally:
            if page is not None:
                page.close()  # drop pdfplumber's per-page caches

    def locate(self, page_number: int, passage: str) -> BBox | None:
        """The box of a passage of text printed on a 1-based page, or None when it is not found.

        Uses pdfium's text search (milliseconds a page, no layout analysis): the passage's opening
        words, as many as stand on one line, give its start; its closing words, found below the
        start, extend the box over the lines it wraps onto.
        """
        self._check_open()
        words = passage.split()
        if page_number in self._ocr:
            return _locate_in_words(self._ocr[page_number].words, words)
        if self._pdfium is None or not words:
            return None
        page, textpage = self._searchable_page(page_number)
        height = page.get_height()
        start = _search(textpage, words, height)
        end = _search(textpage, words[-4:], height, after=start) if start and len(words) > 8 else None
        return start.union(end) if start and end else start

    def _searchable_page(self, page_number: int) -> tuple[pdfium.PdfPage, pdfium.PdfTextPage]:
        """The pdfium page and text page, kept open for one page at a time (callers go page by page)."""
        if self._text_page is None or self._text_page[0] != page_number:
            self._release_text_page()
            page = self._pdfium[page_number - 1]
            self._text_page = (page_number, page, page.get_textpage())
        return self._text_page[1], self._text_page[2]

    def _release_text_page(self) -> None:
        if self._text_page is not None:
            self._text_page[2].close()
            self._text_page[1].close()
            self._text_page = None

    def _check_open(self) -> None:
        if self._closed:
            raise ValueError(f"{self.name}: document is closed; read it inside `with parse_pdf(...)`")

    def close(self) -> None:
        self._closed = True
        self._release_text_page()
        if self._pdfium is not None:
            self._pdfium.close()
            self._pdfium = None
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
    sha256 = hashlib.sha256(data).hexdigest()
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        reason = _reason(exc)
        if "encrypted" in reason:
            raise PdfError(f"{path.name}: cannot open PDF: {reason}") from exc
        texts = _texts_by_pdfplumber(path, reason)
        warnings = [f"{path.name}: damaged PDF ({reason}); text read with pdfplumber's parser instead, "
                    "so clauses have no position on the page"]
        return ParsedDocument(path=path, sha256=sha256, page_texts=texts, warnings=warnings + _text_warnings(path, texts))
    try:
        if len(pdf) == 0:
            raise PdfError(f"{path.name}: PDF has no pages")
        texts, warnings, scanned = [], [], []
        for index in range(len(pdf)):
            try:
                text, image_share = _page_text(pdf, index)
            except pdfium.PdfiumError as exc:
                text, image_share = "", 0.0
                warnings.append(f"{path.name}: page {index + 1} has no readable text: {_reason(exc)}")
            texts.append(text)
            if _needs_ocr(text, image_share):
                scanned.append(index + 1)
        ocr = _read_scanned_pages(path, scanned, texts, warnings) if scanned else {}
    except BaseException:
        pdf.close()
        raise
    return ParsedDocument(path=path, sha256=sha256, page_texts=texts, warnings=warnings + _text_warnings(path, texts),
                          _pdfium=pdf, _ocr=ocr)


def _needs_ocr(text: str, image_share: float) -> bool:
    from extractors.ocr.selection import needs_ocr

    return needs_ocr(text, image_share)


def _read_scanned_pages(path: Path, pages: list[int], texts: list[str], warnings: list[str]) -> dict[int, PageLayout]:
    """OCR the pages without a usable text layer: their text replaces the layer's in `texts`; their
    layouts are returned; what OCR could not vouch for goes to `warnings`. Without Tesseract the
    pages keep their (empty or garbage) text and a warning says why."""
    from extractors.ocr.read import OcrUnavailable, read_scanned_pages

    try:
        return read_scanned_pages(path, pages, texts, warnings)
    except OcrUnavailable as exc:
        warnings.append(f"{path.name}: no text layer (or only garbage) on {len(pages)} pages, and OCR is unavailable: {exc}")
        return {}


def _text_warnings(path: Path, texts: list[str]) -> list[str]:
    if any(t.strip() for t in texts):
        return []
    return [f"{path.name}: no text layer (scanned or image-only PDF); nothing to extract"]


def _texts_by_pdfplumber(path: Path, pdfium_reason: str) -> list[str]:
    """Page texts through pdfminer's more forgiving parser, for a file pdfium cannot open."""
    import pdfplumber

    try:
        with pdfplumber.open(path) as pdf:
            texts = []
            for page in pdf.pages:
                texts.append(page.extract_text() or "")
                page.close()
    except Exception as exc:
        raise PdfError(f"{path.name}: cannot open PDF: {pdfium_reason}; pdfplumber: {_reason(exc)}") from exc
    if not texts:
        raise PdfError(f"{path.name}: PDF has no pages")
    return texts


def _page_text(pdf: pdfium.PdfDocument, index: int) -> tuple[str, float]:
    """A page's text layer, and the share of the page its largest image covers (a scan: about 1)."""
    page = pdf[index]
    try:
        textpage = page.get_textpage()
        try:
            text = textpage.get_text_range().replace("\r\n", "\n").replace("\r", "\n")
        finally:
            textpage.close()
        return text, _image_share(page)
    finally:
        page.close()


def _image_share(page: pdfium.PdfPage) -> float:
    """The largest share of the page one image covers (top-level images only: a scanner places the
    page image directly on the page)."""
    width, height = page.get_size()
    largest = 0.0
    for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=1):
        left, bottom, right, top = obj.get_bounds()
        largest = max(largest, (right - left) * (top - bottom))
    return min(1.0, largest / (width * height)) if width and height else 0.0


def _locate_in_words(page_words: list[Word], words: list[str]) -> BBox | None:
    """`locate` on an OCR page: the first run of page words (reading order) spelling the passage's
    opening words, as many as match, extended by its closing words found after it."""
    lines = group_lines(page_words)
    ordered = [w for line in lines for w in line.words]
    texts = [w.text.casefold() for w in ordered]
    wanted = [w.casefold() for w in words]

    def find(tokens: list[str], start: int = 0) -> tuple[int, int] | None:
        for count in sorted({n for n in (len(tokens), 8, 4, 2, 1) if n <= len(tokens)}, reverse=True):
            for i in range(start, len(texts) - count + 1):
                if texts[i:i + count] == tokens[:count]:
                    return i, i + count
        return None

    first = find(wanted)
    if first is None:
        return None
    last = find(wanted[-4:], first[1]) if len(wanted) > 8 else None
    span = ordered[first[0]:(last or first)[1]]
    return BBox.enclosing(w.bbox for w in span)


def _search(textpage: pdfium.PdfTextPage, words: list[str], page_height: float,
            after: BBox | None = None) -> BBox | None:
    """The first occurrence (below `after`, if given) of the longest leading run of `words`."""
    for count in sorted({n for n in (len(words), 8, 4, 2) if n <= len(words)}, reverse=True):
        searcher = textpage.search(" ".join(words[:count]), match_case=False)
        try:
            while hit := searcher.get_next():
                box = _pdfium_box(textpage, *hit, page_height=page_height)
                if after is None or box.top >= after.top:
                    return box
        finally:
            searcher.close()
    return None


def _pdfium_box(textpage: pdfium.PdfTextPage, index: int, count: int, *, page_height: float) -> BBox:
    """The rectangles of a character range, joined, turned to a top-left origin."""
    rects = [textpage.get_rect(i) for i in range(textpage.count_rects(index, count))]
    left, right = min(r[0] for r in rects), max(r[2] for r in rects)
    bottom, top = min(r[1] for r in rects), max(r[3] for r in rects)
    return BBox(left, page_height - top, right, page_height - bottom)


def _pdfium_words(page: pdfium.PdfPage, textpage: pdfium.PdfTextPage) -> list[Word] | None:
    """The page's words as pdfplumber's `extract_words()` reads them, from pdfium's characters; None
    where pdfium's characters cannot stand in for pdfminer's (the caller then asks pdfplumber).

    A character is one the content stream draws (pdfium's generated spaces and line breaks are left
    out: pdfminer has none; a line-end hyphen, which pdfium marks U+0002, is a hyphen again). Its box
    is pdfminer's: left and right are pdfium's "loose" box (origin and advance width); bottom is the
    baseline moved by the font's descent (from the font descriptor, as pdfminer reads it), top one
    font size above it (pdfium's own loose box spans the font's ascent to descent instead, or the
    glyph's outline when the descriptor gives no descent). Then pdfplumber's grouping, step by step:
    tops clustered into lines (each top within 3 pt of the previous one), each line sorted left to
    right, a word ended by a blank, by a gap of more than 3 pt, by a step back, or by a top 3 pt off
    the previous character's. Only upright, unskewed text on an unrotated, uncropped page: otherwise
    pdfplumber's coordinates and reading directions differ, and such pages are rare enough to read
    slowly.
    """
    if page.get_rotation() or page.get_mediabox() != page.get_cropbox() or page.get_mediabox()[:2] != (0, 0):
        return None
    raw, height = textpage.raw, page.get_height()
    box, matrix, descent = pdfium_c.FS_RECTF(), pdfium_c.FS_MATRIX(), ctypes.c_float()
    c = pdfium_c
    descents: dict[int, float] = {}  # per text object: its font's descent per unit of font size
    chars: list[tuple[float, float, float, float, str, int]] = []  # top, x0, x1, bottom, text, pdfium's index
    for index in range(textpage.count_chars()):
        if c.FPDFText_IsGenerated(raw, index):
            continue
        text_object = c.FPDFText_GetTextObject(raw, index)
        if not text_object or not c.FPDFText_GetLooseCharBox(raw, index, box) \
                or not c.FPDFText_GetMatrix(raw, index, matrix):
            return None
        if matrix.b or matrix.c or matrix.a <= 0 or matrix.d <= 0:
            return None  # rotated, skewed or mirrored: pdfplumber reads it in another direction
        key = ctypes.addressof(text_object.contents)
        if key not in descents:
            font = c.FPDFTextObj_GetFont(text_object)
            if not font or not c.FPDFFont_GetDescent(font, 1.0, descent):
                return None
            descents[key] = min(descent.value, 0.0)  # a positive descent is a producer's slip: pdfminer negates it
        size = c.FPDFText_GetFontSize(raw, index) * matrix.d
        bottom = height - (matrix.f + descents[key] * size)
        unicode = c.FPDFText_GetUnicode(raw, index)
        if 0xDC00 <= unicode < 0xE000 and chars and 0xD800 <= ord(chars[-1][4][-1]) < 0xDC00 \
                and chars[-1][5] == index - 1:  # the second half of a character beyond U+FFFF
            high = ord(chars[-1][4][-1])
            pair = chr(0x10000 + ((high - 0xD800) << 10) + (unicode - 0xDC00))
            chars[-1] = (*chars[-1][:4], pair, index)
            continue
        chars.append((bottom - size, box.left, box.right, bottom, "-" if unicode == 2 else chr(unicode), index))
    words: list[Word] = []
    for line in _cluster_lines(chars):
        word: list[tuple[float, float, float, float, str, int]] = []
        for char in sorted(line, key=lambda ch: ch[1]):
            top, x0, _, _, text, order = char
            if text.isspace():
                _add_word(words, word)
                word = []
            elif word and (x0 < word[-1][1] or x0 > word[-1][2] + WORD_X_TOLERANCE
                           or abs(top - word[-1][0]) > WORD_Y_TOLERANCE):
                _add_word(words, word)
                word = [char]
            elif word and order != word[-1][5] + 1:
                # Joined by position, but pdfium has a character between them: one drawn elsewhere,
                # or a space it generated for a gap. Either may stand for a blank pdfium dropped
                # (it drops text it takes for overprinting, blanks too) that parts them in pdfminer.
                return None
            else:
                word.append(char)
        _add_word(words, word)
    return words


def _cluster_lines(chars: list[tuple]) -> list[list[tuple]]:
    """pdfplumber's `cluster_objects(chars, top, 3)`: distinct tops, sorted, chained into clusters;
    the characters of each cluster in their drawing order."""
    cluster_of: dict[float, int] = {}
    last = None
    for top in sorted({c[0] for c in chars}):
        cluster_of[top] = 0 if last is None else cluster_of[last] + (top > last + WORD_Y_TOLERANCE)
        last = top
    ordered = sorted(chars, key=lambda c: cluster_of[c[0]])
    return [list(group) for _, group in groupby(ordered, key=lambda c: cluster_of[c[0]])]


def _add_word(words: list[Word], chars: list[tuple]) -> None:
    if chars:
        text = "".join(LIGATURES.get(c[4], c[4]) for c in chars)
        words.append(Word(text, BBox(min(c[1] for c in chars), min(c[0] for c in chars),
                                     max(c[2] for c in chars), max(c[3] for c in chars))))


def _open_plumber(path: Path) -> pdfplumber.PDF:
    import pdfplumber

    try:
        return pdfplumber.open(path)
    except Exception as exc:
        raise PdfError(f"{path.name}: cannot open PDF for layout: {_reason(exc)}") from exc


def _reason(exc: Exception) -> str:
    text = str(exc).strip()
    if "password" in text.lower():
        return "encrypted (a password is required)"
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__
