"""Offers tables ("Tabel N: Tilbud målrettet …") → offers with capacity, usage and occupancy per year.

The tables look like this in every edition seen so far, whatever the producer:

    Tilbud | Driftsherre | Paragraf | Pladser            | 2021 | 2022 | 2023
    name   | operator    | § …      | Pladstal           |  38  |  38  |  38
           |             |          | Pladsforbrug       | 33,5 | 33,1 | 31,3
           |             |          | Belægningsprocent  |  88% |  87% |  82%

The first three cells are merged over the offer's three measure rows, and may wrap over several
lines. Some producers draw a full grid, others only thin rules or nothing, so the extractor reads
word positions, not ruling lines: columns come from the header words, rows from the measure labels.
A table continues on the next page after a repeated header; an offer's rows may straddle the break.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from models.numbers import format_danish_number, is_danish_number, parse_danish_number
from extractors.pdf import Line, ParsedDocument, Word
from models.geometry import BBox
from models.enums import AgeGroup
from models.records import Offer, OfferTable, OfferYear, StatedCount

# Measure labels as printed → field. Matched on the start of the label word, lower-cased.
MEASURES = {"pladstal": "capacity", "pladsforbrug": "usage", "belægningsprocent": "occupancy_pct"}
HEADER_COLUMNS = {"tilbud": "name", "driftsherre": "operator", "paragraf": "legal_basis", "pladser": "measure"}
TOLERANCE = 3.0  # points of slack when comparing a word's edge with a column's edge
OCCUPANCY_SLACK = 2  # percentage points, as the validation rule `occupancy_mismatch`

_TITLE = re.compile(r"^\s*(Tabel\s+\d+)\s*[:.\-–]\s*(.+?)\s*$")
_YEAR = re.compile(r"^(19|20)\d\d$")
_STATED = re.compile(r"^[•▪◦\-–]?\s*(?P<name>[A-ZÆØÅ][^()\d]{2,60}?)\s*\((?P<count>\d{1,3})\)\s*$")
#: a sub-section heading ("3.3 Højt specialiserede tilbud på voksenområdet"): two or more levels, unlike
#: the numbered footnotes and list items ("2 Faldet i antallet …", "2. Kompleksitet …") that name ages too
_SUBSECTION_HEADING = re.compile(r"^\s*\d+(\.\d+)+\.?\s+\S")
_FOOTNOTE_MARK = re.compile(r"(?<=[a-zæøå])\d{1,2}$")
_TITLE_PREFIX = re.compile(r"^tilbud\s+målrettet\s+", re.IGNORECASE)
_TITLE_AGE_PHRASE = re.compile(r"^(børn\s+og\s+unge|unge|børn|voksne)\s+(med|på)\s+", re.IGNORECASE)


def occupancy_mismatch(capacity: float | None, usage: float | None, occupancy: float | None) -> str | None:
    """Why occupancy is not 100 × usage / capacity (± `OCCUPANCY_SLACK`), the table's own
    cross-check; None when it agrees, or when a value is missing or capacity is 0."""
    if capacity is None or usage is None or occupancy is None or not capacity:
        return None
    expected = int(100 * usage / capacity + 0.5)
    if abs(occupancy - expected) <= OCCUPANCY_SLACK:
        return None
    number = format_danish_number
    return f"occupancy {number(occupancy)}% does not match 100 × {number(usage)} / {number(capacity)} = {expected}%"


def age_group_of(text: str) -> AgeGroup | None:
    """"…børn og unge…" → children, "…voksne…"/"voksenområdet" → adults, else None."""
    lowered = text.lower()
    if re.search(r"\bvoks(en|ne)", lowered):
        return AgeGroup.ADULTS
    if re.search(r"\b(børn|unge)", lowered):
        return AgeGroup.CHILDREN
    return None


@dataclass(frozen=True)
class _Columns:
    """Left edges of the text columns, the measure column, and the year columns' spans."""

    text: dict[str, float]  # name / operator / legal_basis → left edge
    measure: float
    years: list[tuple[int, Word]]

    def text_column(self, word: Word) -> str | None:
        column = None
        for name, left in sorted(self.text.items(), key=lambda item: item[1]):
            if word.bbox.x0 >= left - TOLERANCE:
                column = name
        return column if word.bbox.x0 < self.measure - TOLERANCE else None

    def year_of(self, word: Word) -> int | None:
        """The year column a number belongs to: most horizontal overlap, else the nearest centre
        within half a column's spacing; None for a number outside every year column."""
        def overlap(header: Word) -> float:
            return min(word.bbox.x1, header.bbox.x1) - max(word.bbox.x0, header.bbox.x0)

        year, header = max(self.years, key=lambda item: overlap(item[1]))
        if overlap(header) > 0:
            return year
        centres = sorted(h.x_center for _, h in self.years)
        reach = min(b - a for a, b in zip(centres, centres[1:])) / 2
        year, header = min(self.years, key=lambda item: abs(item[1].x_center - word.x_center))
        return year if abs(header.x_center - word.x_center) <= reach else None


def _header_columns(line: Line) -> _Columns | None:
    """Recognise a header line: the known column titles plus at least two years."""
    years = [(int(w.text), w) for w in line.words if _YEAR.match(w.text)]
    found = {HEADER_COLUMNS[w.text.lower()]: w.bbox.x0 for w in line.words if w.text.lower() in HEADER_COLUMNS}
    if len(years) < 2 or "name" not in found or "measure" not in found:
        return None
    measure = found.pop("measure")
    return _Columns(text=found, measure=measure, years=years)


def _measure_of(line: Line, columns: _Columns) -> tuple[str, Word] | None:
    for word in line.words:
        if abs(word.bbox.x0 - columns.measure) <= TOLERANCE:
            label = word.text.lower()
            for prefix, measure in MEASURES.items():
                if label.startswith(prefix):
                    return measure, word
    return None


@dataclass
class _OfferDraft:
    """An offer being assembled from the lines of one or two pages."""

    page: int
    cells: dict[str, list[tuple[int, Word]]] = field(
        default_factory=lambda: {"name": [], "operator": [], "legal_basis": []})
    measures: dict[str, dict[int, list[Word]]] = field(default_factory=dict)
    measure_pages: dict[str, int] = field(default_factory=dict)
    labels: dict[str, Word] = field(default_factory=dict)
    boxes: list[BBox] = field(default_factory=list)

    def add_text(self, column: str, word: Word, page: int) -> None:
        self.cells[column].append((page, word))
        if page == self.page:
            self.boxes.append(word.bbox)

    def add_measure(self, measure: str, cells: dict[int, list[Word]], label: Word, page: int) -> None:
        self.measures[measure] = cells
        self.measure_pages[measure] = page
        self.labels[measure] = label
        if page == self.page:
            self.boxes.append(label.bbox)
            self.boxes.extend(w.bbox for ws in cells.values() for w in ws)

    def build(self, years: list[int], warnings: list[str]) -> Offer:
        name = _join(self.cells["name"])
        bbox = BBox.enclosing(self.boxes)
        return Offer(name=name, operator=_join(self.cells["operator"]) or None,
                     legal_basis=_join(self.cells["legal_basis"]) or None, page=self.page, bbox=bbox,
                     years=tuple(self._year(year, name, bbox, warnings) for year in years))

    def _year(self, year: int, name: str, offer_box: BBox, warnings: list[str]) -> OfferYear:
        values = {m: self._value(m, year, name, warnings) for m in MEASURES.values()}
        cell_words = [w for m in MEASURES.values() for w in self.measures.get(m, {}).get(year, [])
                      if self.measure_pages.get(m) == self._year_page()]
        bbox = BBox.enclosing([w.bbox for w in cell_words]) if cell_words else offer_box
        return OfferYear(year=year, page=self._year_page(), bbox=bbox, uncertain=self._uncertain(year, values),
                         **values)

    def _uncertain(self, year: int, values: dict[str, int | float | None]) -> tuple[str, ...]:
        """One reason per value of an OCR'd row that cannot be vouched for: its words' marks (low
        confidence, a repaired glyph), a cell read as no number, or a failed cross-check. A text
        layer's rows (words without a confidence) are as printed: nothing to doubt."""
        if all(label.confidence is None for label in self.labels.values()):
            return ()
        mismatch = occupancy_mismatch(values["capacity"], values["usage"], values["occupancy_pct"])
        reasons = []
        for measure, value in values.items():
            words = self.measures.get(measure, {}).get(year, [])
            marks = [w.uncertain for w in words if w.uncertain]
            if value is None and not marks:
                marks = [f"read as {' '.join(w.text for w in words)!r}, not one number" if words
                         else "no number read in the cell (blank, or lost by OCR)"]
            if mismatch and not marks:
                marks = [f"{mismatch} (misread, or printed so)"]
            reasons += [f"{measure}: {'; '.join(marks)}"] if marks else []
        return tuple(reasons)

    def _year_page(self) -> int:
        return self.measure_pages.get("capacity", self.page)

    def _value(self, measure: str, year: int, name: str, warnings: list[str]) -> int | float | None:
        """One cell's number. A cell holding more than one number ("38 2") is not guessed at: it is
        left empty and reported, as is a cell that does not read as a number."""
        words = [w.text for w in self.measures.get(measure, {}).get(year, [])]
        printed = " ".join(words)
        if len([w for w in words if w != "%"]) > 1:
            warnings.append(f"page {self.measure_pages[measure]}: {name!r} {measure} {year}: "
                            f"cell {printed!r} holds several numbers; left empty")
            return None
        try:
            return parse_danish_number(printed)
        except ValueError:
            warnings.append(f"page {self.measure_pages[measure]}: {name!r} {measure} {year}: "
                            f"cell {printed!r} is not a number; left empty")
            return None


def _join(words: list[tuple[int, Word]]) -> str:
    """Join a wrapped cell in reading order (page, line, x); a line ending in a glued hyphen
    ("107-") continues without a space on the next line ("108")."""
    text, previous_line = "", None
    for page, word in sorted(words, key=lambda pw: (pw[0], round(pw[1].bbox.top), pw[1].bbox.x0)):
        line = (page, round(word.bbox.top))
        continues_word = line != previous_line and re.search(r"\w-$", text)
        text = text + word.text if continues_word or not text else f"{text} {word.text}"
        previous_line = line
    return text


@dataclass
class _TableDraft:
    label: str | None
    title: str | None
    age_group: AgeGroup | None
    page: int
    columns: _Columns
    offers: list[_OfferDraft] = field(default_factory=list)
    boxes: list[BBox] = field(default_factory=list)

    @property
    def years(self) -> list[int]:
        return [year for year, _ in self.columns.years]


class OfferTableReader:
    """A small state machine over the document's lines: titles, headers, rows, sections."""

    def __init__(self) -> None:
        self.tables: list[_TableDraft] = []
        self.stated: list[StatedCount] = []
        self.section_age: str | None = None
        self.pending_title: tuple[str, str] | None = None
        self.current: _TableDraft | None = None
        self.in_rows = False
        self.last_row: tuple[int, float] = (0, 0.0)  # page and bottom of the last line taken
        self.warnings: list[str] = []

    def feed_text_line(self, text: str, page: int) -> None:
        """A line without positions (a page with no table): titles, headings and stated counts."""
        self.in_rows = False
        self._note_context(text, page)

    def feed_layout_line(self, line: Line, page: int) -> None:
        columns = _header_columns(line)
        if columns is not None:
            self._start_rows(columns, line, page)
            return
        if self.in_rows and self.current is not None and self._feed_row(line, page):
            return
        self.in_rows = False
        self._note_context(line.text, page)

    def _note_context(self, text: str, page: int) -> None:
        stated = _STATED.match(text.strip())
        if stated:
            self.stated.append(StatedCount(self.section_age, stated["name"].strip(), int(stated["count"]), page))
            return
        title = _TITLE.match(text)
        if title:
            self.pending_title = (re.sub(r"\s+", " ", title[1]), re.sub(r"\s+", " ", title[2]))
            self.current = None
        elif _SUBSECTION_HEADING.match(text) and age_group_of(text):
            self.section_age = age_group_of(text)

    def _start_rows(self, columns: _Columns, header: Line, page: int) -> None:
        self.in_rows = True
        if self.pending_title is not None or self.current is None:
            label, title = self.pending_title or (None, None)
            age = age_group_of(title or "") or self.section_age
            self.current = _TableDraft(label, title, age, page, columns)
            self.tables.append(self.current)
            self.pending_title = None
        else:
            self.current.columns = columns  # repeated header on a continuation page
        self.last_row = (page, header.bbox.bottom)

    def _feed_row(self, line: Line, page: int) -> bool:
        """Take a line into the current table; False when the line is not part of it."""
        table = self.current
        assert table is not None
        columns = table.columns
        measure = _measure_of(line, columns)
        if measure is None:
            if not table.offers or not all(columns.text_column(w) for w in line.words):
                return False
            if not self._touches_table(line, page):
                return False  # page furniture below the table, e.g. "Side 25 af 49"
            for word in line.words:  # wrapped cell text, possibly continued on a new page
                table.offers[-1].add_text(columns.text_column(word), word, page)
            return True
        name, label = measure
        if not table.offers or name in table.offers[-1].measures:
            table.offers.append(_OfferDraft(page=page))
        offer = table.offers[-1]
        cells: dict[int, list[Word]] = {}
        for word in line.words:
            if word.x_center > label.bbox.x1 and is_danish_number(word.text):
                year = columns.year_of(word)
                if year is None:
                    self.warnings.append(f"page {page}: number {word.text!r} beside the {name} row stands "
                                         "under no year column; ignored")
                    continue
                cells.setdefault(year, []).append(word)
            elif word.bbox.x1 <= label.bbox.x0 and columns.text_column(word):
                offer.add_text(columns.text_column(word), word, page)
        offer.add_measure(name, cells, label, page)
        table.boxes.append(line.bbox)
        self.last_row = (page, line.bbox.bottom)
        return True

    def _touches_table(self, line: Line, page: int) -> bool:
        """Wrapped cell text follows the previous table line (a row, or the repeated header of a
        continuation page) at line spacing on the same page; a running page header is not in it."""
        last_page, last_bottom = self.last_row
        height = line.bbox.bottom - line.bbox.top
        if last_page != page:
            return False
        if line.top - last_bottom <= height:
            self.last_row = (page, line.bbox.bottom)
            return True
        return False


def _feed_document(doc: ParsedDocument, reader: OfferTableReader) -> None:
    """Feed every page to the reader: positioned lines where a table may be, plain text elsewhere."""
    for number, text in enumerate(doc.page_texts, start=1):
        lowered = text.lower()
        if any(label in lowered for label in MEASURES):
            for line in doc.layout(number).lines:
                reader.feed_layout_line(line, number)
        else:
            for text_line in text.splitlines():
                if text_line.strip():
                    reader.feed_text_line(text_line, number)


@dataclass
class OffersFound:
    tables: list[OfferTable]
    stated_counts: list[StatedCount]  # the per-target-group counts the document states
    warnings: list[str]  # cells left empty, numbers ignored, rows without a name — each naming its page


def extract_offer_tables(doc: ParsedDocument) -> OffersFound:
    """All offers tables of a document, the counts it states about them, and what could not be read."""
    reader = OfferTableReader()
    _feed_document(doc, reader)
    stated_counts = [replace(s, bbox=doc.locate(s.page, f"{s.target_group} ({s.count})")) for s in reader.stated]
    warnings = [f"{doc.name}: {w}" for w in reader.warnings]
    tables = []
    for draft in reader.tables:
        unnamed = [o for o in draft.offers if not o.cells["name"]]
        warnings += [f"{doc.name}: page {o.page}: a row of {draft.label or 'an offers table'} has figures "
                     "but no offer name; left out" for o in unnamed]
        cell_warnings: list[str] = []
        offers = [o.build(draft.years, cell_warnings) for o in draft.offers if o.cells["name"]]
        warnings += [f"{doc.name}: {w}" for w in cell_warnings]
        if not offers:
            continue
        title = _FOOTNOTE_MARK.sub("", draft.title) if draft.title else None
        tables.append(OfferTable(
            label=draft.label or f"Tabel (side {draft.page})",
            title=title or "",
            age_group=draft.age_group,
            target_group=_target_group(title or "", draft.age_group, reader.stated),
            years=tuple(draft.years),
            page=draft.page,
            bbox=BBox.enclosing(draft.boxes) if draft.boxes else None,
            offers=tuple(offers),
        ))
    return OffersFound(tables, stated_counts, warnings)


def _target_group(title: str, age_group: AgeGroup | None, stated: list[StatedCount]) -> str | None:
    """The document's own name for the table's target group.

    Preferably the longest stated group (same age group) whose name the title contains, so the
    table and the stated counts use one spelling; otherwise the title without "Tilbud målrettet"
    and the age phrase ("… voksne med udviklingshæmning" → "Udviklingshæmning").
    """
    lowered = title.lower()
    candidates = [s.target_group for s in stated
                  if s.target_group.lower() in lowered and (s.age_group in (None, age_group))]
    if candidates:
        return max(candidates, key=len)
    rest = _TITLE_AGE_PHRASE.sub("", _TITLE_PREFIX.sub("", title)).strip()
    return rest[:1].upper() + rest[1:] if rest else None
