"""Printed tables other than offers tables, read from the page texts' lines:

- region tables (`extractors.minutes.extract_region_tables`): one row per region;
- municipality tables: a header line naming the label column "Kommune" or "Kommune/region" ("Antal …
  Kommune 2020 2021 2022 (jan-nov)", "Kommune/region Overheadprocent Evt. bemærkning"), then one line per
  municipality or region ("Morsø 6%", "Hjørring 8-10 8-10 8-10", "Jammerbugt" with no figures, "I alt …");
  a last text column ("Evt. bemærkning") takes the rest of the line and the lower-case lines that wrap it;
- municipality tables whose rows print their counts after the name and leave blank cells out ("Hjørring 7 6"
  under six headers, "Frederikshav n" / "1 2" for a name broken in its cell): a caption ending in "." with the
  first header after it ("… kommuner.1 Kommunale tilbud"), one header per line, the rows, a total row ("SUM …");
  the columns a row fills are the one placement that makes every column add up to the total row;
- measure tables: a caption "Tabel N: …", a header ending in years ("Udvikling i samlede antal sager i
  kommunikationscentre 2021 2022 2023", the header cell may wrap over lines), then one measure per line
  ("Antal sager i alt 16.361 12.925 13.107"); or, without a caption, column headers stacked one per line
  that share their first word ("Scenarie 1" / "(14 pladser, 73% belægning)" / "Scenarie 2" / …) under the
  label column's header ("Erhvervet Hjerneskade"), then the measures ("Basistakst 3.559 3.355 3.197");
- amount tables: a caption "Tabel N. …" ending in its column headers ("… hjerneskade Basistakst Ydelsestakst
  (timetakst)"), whose rows (offers) run together as text with their amounts ("Ambulant STU tilbud 569 kr.
  402 kr."); a cell printed in parts ("§107: 2.487 kr. STU: 569 kr.") makes one row per part.

    from extractors.tables import extract_tables
    tables = extract_tables(doc)   # list[PrintedTable], by page

Offers tables ("Tilbud Driftsherre Paragraf Pladser …") are `extractors.offers`'s and are left alone.
Cells are kept exactly as printed; the transform reads them as numbers.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import cache
from itertools import combinations, groupby

from extractors.minutes import dehyphenate, extract_region_tables, header_labels
from extractors.pdf import ParsedDocument
from extractors.segment import clean_lines
from models.enums import RowKind
from models.geometry import BBox
from models.records import PrintedTable
from models.regions import municipality, region

__all__ = ["extract_tables"]

Lines = list[tuple[int, str]]


def extract_tables(doc: ParsedDocument) -> list[PrintedTable]:
    """Every printed table with one row per region, offer, municipality or measure, by page."""
    lines = clean_lines(doc.page_texts)
    captioned = _measure_tables(lines)
    others = [replace(table, bbox=_locate(doc, table))
              for table in [*_municipality_tables(lines), *_total_placed_tables(lines), *captioned,
                            *_stacked_header_tables(lines, captioned), *_amount_tables(lines)]]
    return sorted([*extract_region_tables(doc), *others], key=lambda table: table.page)


def _locate(doc: ParsedDocument, table: PrintedTable) -> BBox | None:
    """The box of the table's caption, else of its first row's label."""
    first = next(iter(table.rows), "")
    return (doc.locate(table.page, (table.caption or "")[:80]) if table.caption else None) \
        or doc.locate(table.page, first.split(" — ")[0])


def _pages(rows_from: int, rows_to: int, lines: Lines) -> tuple[int, int | None]:
    """The first page of a table, and its last when its rows run onto a later page."""
    first, last = lines[rows_from][0], lines[rows_to - 1][0]
    return first, last if last > first else None


# --------------------------------------------------------------------------------------------------
# municipality tables
# --------------------------------------------------------------------------------------------------

_STUB = re.compile(r"^(?P<caption>.*?)\s*\b(?P<stub>Kommune(?:/region)?)\s+(?P<headers>\S.*)$")
_TOTAL = re.compile(r"^(?P<label>I alt|SUM|Total)\b\s*(?P<rest>.*)$")
#: a figure as printed in a municipality's row: "6%", "4,70%", "8-10", "?", "12,3% til 17,3 %", "5,86% og 4,93%."
_FIGURE = r"(?:\?|-?\d[\d.,]*(?:-\d[\d.,]*)?(?:\s?%)?)"
_CELL = re.compile(rf"^(?P<cell>{_FIGURE}(?:\s+(?:til|og)\s+{_FIGURE})?\.?)(?:\s+|$)")
_YEAR_HEADER = re.compile(r"\b\d{4}(?:\s*\([^)]*\))?")
#: the header of a last column of remarks, whose cells are text: "Evt. bemærkning"
_REMARKS = re.compile(r"bemærk|kommentar", re.IGNORECASE)
#: an operator's short unit after its municipality's name: "Aalborg ÆH", "Aalborg FB"
_UNIT = re.compile(r"^[A-ZÆØÅ]{2,3}$")


def _place(text: str) -> tuple[str, str] | None:
    """The label of a municipality's or region's row and the rest of the line: "Aalborg ÆH 4,10% 2023
    takster" → ("Aalborg ÆH", "4,10% 2023 takster"); None when the line names none first."""
    words = text.split()
    for n in (2, 1):
        label = " ".join(words[:n])
        if len(words) >= n and (municipality(label) or (n == 2 and region(label))):
            if len(words) > n and _UNIT.match(words[n]):
                n += 1
            return " ".join(words[:n]), " ".join(words[n:])
    return None


def _header_columns(headers: str) -> list[str]:
    """"2020 2021 2022 (jan-nov)" → ["2020", "2021", "2022 (jan-nov)"]; "Overheadprocent Evt. bemærkning" →
    ["Overheadprocent", "Evt. bemærkning"]."""
    years = _YEAR_HEADER.findall(headers)
    if years and "".join(years).replace(" ", "") == headers.replace(" ", ""):
        return years
    return header_labels(headers)


def _split_row(rest: str, width: int, text_column: bool) -> list[str | None] | None:
    """A row's cells from the text after its label: figures left to right, then (with `text_column`) the
    rest as the last cell; None when the text does not fit the columns, or (without a text column) when
    some columns are blank but not all: which ones, the text does not say."""
    cells: list[str | None] = []
    while rest and len(cells) < width - (1 if text_column else 0) and (m := _CELL.match(rest)):
        cells.append(m.group("cell").strip())
        rest = rest[m.end():].strip()
    if text_column and rest:
        cells += [None] * (width - 1 - len(cells)) + [rest]
        rest = ""
    if rest or (not text_column and 0 < len(cells) < width):
        return None
    return cells + [None] * (width - len(cells))


def _municipality_tables(lines: Lines) -> list[PrintedTable]:
    """"… Kommune 2020 2021 …" headers over at least three rows of municipalities, regions and totals."""
    tables = []
    for i, (_, text) in enumerate(lines):
        m = _STUB.match(text.strip())
        if not m or i + 1 >= len(lines) or not _place(lines[i + 1][1].strip()):
            continue
        columns = _header_columns(m.group("headers"))
        text_column = _REMARKS.search(columns[-1]) is not None
        caption = m.group("caption").strip() or _caption_line(lines, i)
        rows: dict[str, list[str | None]] = {}
        j = i + 1
        while j < len(lines):
            line = lines[j][1].strip()
            found = _place(line) or ((t := _TOTAL.match(line)) and (t.group("label"), t.group("rest")))
            if found:
                cells = _split_row(found[1], len(columns), text_column)
                if cells is None:
                    break
                rows[found[0]] = cells
            elif text_column and rows and line[:1].islower() and (last := list(rows.values())[-1])[-1]:
                last[-1] = f"{last[-1]} {line}"  # the remark wraps onto this line
            else:
                break
            j += 1
        if len(rows) >= 3:
            first, last = _pages(i + 1, j, lines)
            tables.append(PrintedTable(
                caption=caption, columns=tuple(columns), rows={k: tuple(v) for k, v in rows.items()},
                page=first, bbox=None, last_page=last, row_kind=RowKind.MUNICIPALITY, stub=m.group("stub")))
    return tables


# --------------------------------------------------------------------------------------------------
# municipality tables that leave blank cells out: the columns placed by the total row
# --------------------------------------------------------------------------------------------------

#: a caption ending in a full stop and maybe a footnote marker, then the first column header:
#: "Antal tilbud … kommuner.1 Kommunale tilbud"
_CAPTION_THEN_HEADER = re.compile(r"^(?P<caption>.+\.)\d?\s+(?P<header>[A-ZÆØÅ][^.\d]*)$")
#: a column header on its own line: short text without figures ("Private pladser")
_TEXT_HEADER = re.compile(r"^[A-ZÆØÅ][^.\d]{0,40}$")
_COUNTS = r"\d+(?:\.\d{3})*(?:\s+\d+(?:\.\d{3})*)*"
#: a row of counts: a name of up to 30 characters without figures, then its counts if any ("Jammerbugt 20 79")
_COUNT_ROW = re.compile(rf"^(?P<name>[A-ZÆØÅ]\D{{0,30}}?)(?:\s+(?P<counts>{_COUNTS}))?$")
_COUNTS_LINE = re.compile(rf"^{_COUNTS}$")


def _total_placed_tables(lines: Lines) -> list[PrintedTable]:
    """Municipality tables whose rows print their counts left-aligned after the name, blank cells left out;
    no table where more than one placement of the counts adds up to the total row."""
    tables = []
    i = 0
    while i < len(lines):
        rows, end = _count_rows(lines, i)  # a run that breaks off breaks off at the same line from any of its rows
        if len(rows) >= 4 and (table := _placed_table(lines, i, rows, end)):
            tables.append(table)
        i = max(end, i + 1)
    return tables


def _count_rows(lines: Lines, i: int) -> tuple[dict[str, list[str]], int]:
    """From line `i`: the rows of municipalities with their counts up to a total row ("SUM 9 45 …"), which
    ends them, and the line after it; else no rows and the line they break off at. A row without counts
    takes those of a next line that holds only counts (its name wrapped in its cell)."""
    rows: dict[str, list[str]] = {}
    j = i
    while j < len(lines) and (row := _COUNT_ROW.match(lines[j][1].strip())):
        counts = (row.group("counts") or "").split()
        if (total := _TOTAL.match(row.group("name"))) and not total.group("rest"):
            return ({**rows, total.group("label"): counts}, j + 1) if counts else ({}, j)
        place = _broken_place(row.group("name"))
        if not place or place[1]:
            break
        if not counts and j + 1 < len(lines) and _COUNTS_LINE.match(wrapped := lines[j + 1][1].strip()):
            counts, j = wrapped.split(), j + 1
        rows[place[0]] = counts
        j += 1
    return {}, j


def _broken_place(text: str) -> tuple[str, str] | None:
    """`_place`, also for a name broken in its cell: "Frederikshav n" → ("Frederikshavn", "")."""
    words = text.split()
    return _place(text) or (_place(" ".join([words[0] + words[1], *words[2:]])) if len(words) > 1 else None)


def _placed_table(lines: Lines, first: int, rows: dict[str, list[str]], end: int) -> PrintedTable | None:
    """The table of `rows` (the last the total row) under the caption and headers above line `first`, each
    row's counts in the columns of the one placement that adds up to the total row; None without one."""
    width = len(list(rows.values())[-1])
    headed = _caption_and_headers(lines, first, width)
    group = _group_size(headed[1]) if headed else 0
    if not group or any(len(figures) % group for figures in rows.values()):
        return None
    counts = [tuple(int(f.replace(".", "")) for f in figures) for figures in rows.values()]
    placements = _placements(tuple(counts[:-1]), counts[-1], group)
    if len(placements) != 1:
        return None
    columns = (*placements[0], tuple(range(width)))  # the total row fills every column
    cells = {label: tuple(dict(zip(placed, figures)).get(c) for c in range(width))
             for (label, figures), placed in zip(rows.items(), columns)}
    page, last = _pages(first - width, end, lines)
    return PrintedTable(caption=headed[0], columns=tuple(headed[1]), rows=cells, page=page, bbox=None,
                        last_page=last, row_kind=RowKind.MUNICIPALITY)


def _caption_and_headers(lines: Lines, first: int, width: int) -> tuple[str | None, list[str]] | None:
    """The caption and the `width` column headers above line `first`, one header per line, the first printed
    after the caption ("… kommuner.1 Kommunale tilbud", the footnote marker left out) or under it."""
    if first < width:
        return None
    above = [text.strip() for _, text in lines[first - width:first]]
    glued = _CAPTION_THEN_HEADER.match(above[0])
    headers = [glued.group("header"), *above[1:]] if glued else above
    if not all(_TEXT_HEADER.match(header) for header in headers):
        return None
    return (glued.group("caption") if glued else _caption_line(lines, first - width)), headers


def _group_size(headers: list[str]) -> int:
    """The columns per group of headers that share their first word ("Kommunale tilbud", "Kommunale pladser",
    "Private tilbud", … → 2; 1 when none share it); 0 when the groups differ in size."""
    sizes = {len(list(group)) for _, group in groupby(headers, key=lambda header: header.split()[0])}
    return sizes.pop() if len(sizes) == 1 else 0


def _placements(rows: tuple[tuple[int, ...], ...], total: tuple[int, ...],
                group: int) -> tuple[tuple[tuple[int, ...], ...], ...]:
    """Up to two ways to put each row's counts, in printed order, into whole groups of columns so that every
    column adds up to `total`: for each, the columns of each row."""
    slots = len(total) // group

    @cache
    def place(row: int, sums: tuple[int, ...]) -> tuple[tuple[tuple[int, ...], ...], ...]:
        if row == len(rows):
            return ((),) if sums == total else ()
        found: list[tuple[tuple[int, ...], ...]] = []
        for chosen in combinations(range(slots), len(rows[row]) // group):
            columns = tuple(slot * group + k for slot in chosen for k in range(group))
            added = dict(zip(columns, rows[row]))
            new = tuple(s + added.get(c, 0) for c, s in enumerate(sums))
            if all(s <= t for s, t in zip(new, total)):
                found += [(columns, *rest) for rest in place(row + 1, new)]
            if len(found) > 1:
                break
        return tuple(found[:2])

    return place(0, (0,) * len(total))


def _caption_line(lines: Lines, header: int) -> str | None:
    """The line above a header when it is a caption: short, not a sentence's end."""
    if header == 0:
        return None
    text = lines[header - 1][1].strip()
    return text if text and not text.endswith((".", ":")) and len(text) < 120 else None


# --------------------------------------------------------------------------------------------------
# measure tables: "Tabel N: …", a header ending in years, one measure per line
# --------------------------------------------------------------------------------------------------

_TABLE_CAPTION = re.compile(r"^Tabel\s+\d+[:.]\s+\S")
_OFFERS_HEADER = re.compile(r"\bDriftsherre\b|\bPladstal\b")
_NUMBER = r"-?\d[\d.]*(?:,\d+)?\s?%?"
_YEARS = re.compile(r"^(?P<stub>.*?)\s*(?P<years>(?:\b(?:19|20)\d{2}\s*){2,})$")
#: a measure and its figures: "Ydelsestakst (samlet) 4.274 3.671 3.467"
_MEASURE_LINE = re.compile(rf"^(?P<label>[A-ZÆØÅ][^\d%]*?)\s+(?P<values>(?:{_NUMBER}\s+)+{_NUMBER})$")


def _measure_tables(lines: Lines) -> list[PrintedTable]:
    """"Tabel N: …" captions over a header ending in years (offers tables left out), then the measures."""
    tables = []
    for i, (_, text) in enumerate(lines):
        if not _TABLE_CAPTION.match(text.strip()):
            continue
        header: list[str] = []
        j, years_line = i + 1, None
        while j < len(lines) and len(header) < 4 \
                and not (years_line := _YEARS.match(" ".join([*header, lines[j][1].strip()]))):
            header.append(lines[j][1].strip())
            j += 1
        if j >= len(lines) or not years_line or _OFFERS_HEADER.search(years_line.group(0)):
            continue
        years = years_line.group("years").split()
        row = re.compile(rf"^(?P<label>\D.*?)\s+(?P<values>(?:{_NUMBER}\s+){{{len(years) - 1}}}{_NUMBER})$")
        rows: dict[str, tuple[str, ...]] = {}
        k = j + 1
        while k < len(lines) and (r := row.match(lines[k][1].strip())):
            rows[r.group("label")] = tuple(re.findall(rf"{_NUMBER}(?=\s|$)", r.group("values")))
            k += 1
        if len(rows) >= 2:
            first, last = _pages(i, k, lines)
            tables.append(PrintedTable(
                caption=text.strip(), columns=tuple(years), rows=rows, page=first, bbox=None, last_page=last,
                row_kind=RowKind.MEASURE, stub=years_line.group("stub").strip() or None))
    return tables


def _stacked_header_tables(lines: Lines, captioned: list[PrintedTable]) -> list[PrintedTable]:
    """Runs of at least three measure lines with the same number of figures (two or more) under column
    headers stacked one per line, numbered alike ("Scenarie 1", "Scenarie 2", …); runs a captioned table
    holds are skipped."""
    taken = {label for table in captioned for label in table.rows}
    tables = []
    i = 0
    while i < len(lines):
        width, rows, j = _measure_run(lines, i)
        if len(rows) < 3 or taken & set(rows):
            i = max(j, i + 1)
            continue
        header = _stacked_headers(lines, i)
        if len(header) > width and _numbered_alike(header[-width:]):
            footnotes = {t.split()[0] for _, t in lines[j:j + 10] if re.match(r"^\d\s+[A-ZÆØÅ]", t.strip())}
            columns = tuple(re.sub(rf"(?<=\d) (?:{'|'.join(footnotes)})(?= \(|$)", "", name) if footnotes else name
                            for name in header[-width:])
            first, last = _pages(i, j, lines)
            tables.append(PrintedTable(caption=None, columns=columns, rows=rows, page=first, bbox=None, last_page=last,
                                       row_kind=RowKind.MEASURE, stub=header[-width - 1]))
        i = j
    return tables


def _numbered_alike(names: list[str]) -> bool:
    """"Scenarie 1 …", "Scenarie 2 …", "Scenarie 3 …": one word, then each its own number."""
    found = [re.match(r"^(\S+) (\d+)\b", name) for name in names]
    return all(found) and len({m.group(1) for m in found}) == 1 and len({m.group(2) for m in found}) == len(names)


def _measure_run(lines: Lines, i: int) -> tuple[int, dict[str, tuple[str, ...]], int]:
    """From line `i`: the number of figures per line, the measures of the run, and the line after it."""
    rows: dict[str, tuple[str, ...]] = {}
    width = 0
    j = i
    while j < len(lines) and (m := _MEASURE_LINE.match(lines[j][1].strip())) and not _OFFERS_HEADER.search(lines[j][1]):
        values = tuple(re.findall(rf"{_NUMBER}(?=\s|$)", m.group("values")))
        if width and len(values) != width:
            break
        width = len(values)
        rows[m.group("label")] = values
        j += 1
    return width, rows, j


def _stacked_headers(lines: Lines, at: int) -> list[str]:
    """The short lines above line `at` as headers, a "(…)" line joined to the line it qualifies."""
    headers: list[str] = []
    for _, text in reversed(lines[max(0, at - 12):at]):
        text = text.strip()
        if text.endswith(".") or len(text) > 60:
            break
        headers.insert(0, text)
    joined: list[str] = []
    for text in headers:
        if text.startswith("(") and joined:
            joined[-1] = f"{joined[-1]} {text}"
        else:
            joined.append(text)
    return joined



# --------------------------------------------------------------------------------------------------
# amount tables: rows running together as text, each with its amounts in kroner
# --------------------------------------------------------------------------------------------------

_AMOUNT = re.compile(r"(?:(?P<part>§\s?\d+|[A-ZÆØÅ]{2,4}):\s*)?(?P<amount>\d[\d.]*(?:,\d+)?\s?kr\.)")


def _amount_tables(lines: Lines) -> list[PrintedTable]:
    """"Tabel N. …" captions ending in their column headers, then the rows' text up to the last amount."""
    tables = []
    for i, (_, text) in enumerate(lines):
        if not _TABLE_CAPTION.match(text.strip()) or "kr." in text:
            continue
        body: list[str] = []
        j = i + 1
        while j < len(lines) and "kr." in lines[j][1]:
            body.append(lines[j][1].strip())
            j += 1
        rows = _amount_rows(" ".join(body))
        widths = {len(cells) for cells in rows.values()}
        if len(rows) < 2 or len(widths) != 1:
            continue
        width = widths.pop()
        labels = header_labels(text.strip())
        if len(labels) <= width:
            continue
        columns = labels[-width:]
        caption = dehyphenate(text.strip()[:text.strip().rindex(columns[0])].strip())
        first, last = _pages(i, j, lines)
        tables.append(PrintedTable(caption=caption, columns=tuple(columns), rows=rows, page=first, bbox=None,
                                   last_page=last, row_kind=RowKind.OFFER))
    return tables


def _amount_rows(text: str) -> dict[str, tuple[str, ...]]:
    """"A 3.187 kr. 402 kr. B §107: 2.487 kr. STU: 569 kr. §107: 402 kr. STU: 402 kr." → {"A": ("3.187 kr.",
    "402 kr."), "B — §107": ("2.487 kr.", "402 kr."), "B — STU": ("569 kr.", "402 kr.")}: the text before a
    row's first amount is its label; amounts printed in parts fill one row per part, column by column."""
    found: list[tuple[str, list[tuple[str | None, str]]]] = []
    end = 0
    for m in _AMOUNT.finditer(text):
        label = text[end:m.start()].strip()
        if label:
            found.append((label, []))
        if found:
            found[-1][1].append((m.group("part"), m.group("amount")))
        end = m.end()
    rows: dict[str, tuple[str, ...]] = {}
    for label, amounts in found:
        parts = list(dict.fromkeys(part for part, _ in amounts))
        if parts == [None]:
            rows[label] = tuple(amount for _, amount in amounts)
            continue
        for part in parts:
            rows[f"{label} — {part}"] = tuple(amount for p, amount in amounts if p == part)
    return rows
