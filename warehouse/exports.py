"""Listings written out: CSV (plain, or as a Danish-locale Excel reads it), JSON and XLSX, one column per
listing field, so the CLI, the web page's downloads and the exports give the same table."""

from __future__ import annotations

import csv
import dataclasses
import json
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from enum import Enum
from pathlib import Path
from typing import IO, Any

from models.geometry import BBox

FORMATS = ("csv", "json", "xlsx")


def columns(listing: type) -> list[str]:
    return [f.name for f in dataclasses.fields(listing)]


def cell(value: Any, *, decimal_comma: bool = False) -> Any:
    """A value as one table cell: lists joined with "; ", mappings as JSON, a box as "x0, top, x1, bottom"
    (PDF points), None empty; with `decimal_comma`, 33.5 is written "33,5"."""
    if value is None:
        return ""
    if isinstance(value, BBox):
        return ", ".join(str(v) for v in value.as_list())
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, (list, tuple)):
        return "; ".join(str(cell(v)) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if decimal_comma and isinstance(value, float):
        return str(value).replace(".", ",")
    return value


def write_csv(rows: Sequence[Any], listing: type, out: IO[str], *, excel: bool = False) -> None:
    """A listing as CSV (`write_table`), one column per listing field."""
    names = columns(listing)
    write_table(names, ([getattr(r, name) for name in names] for r in rows), out, excel=excel)


def write_table(header: Sequence[str], rows: Iterable[Iterable[Any]], out: IO[str], *, excel: bool = False) -> None:
    """CSV with a header row, each value written by `cell`; `excel` writes what a Danish-locale Excel opens
    as is: a UTF-8 byte-order mark, ";" between cells and a decimal comma."""
    if excel:
        out.write("\ufeff")
    writer = csv.writer(out, delimiter=";" if excel else ",", lineterminator="\r\n" if excel else "\n")
    writer.writerow(header)
    writer.writerows([cell(value, decimal_comma=excel) for value in row] for row in rows)


def write_json(rows: Sequence[Any], out: IO[str]) -> None:
    """A JSON array of objects, numbers as stored (16.0 stays 16.0), boxes as [x0, top, x1, bottom]."""
    records = [{name: _json(getattr(r, name)) for name in columns(type(r))} for r in rows]
    out.write(json.dumps(records, ensure_ascii=False, indent=2) + "\n")


def _json(value: Any) -> Any:
    if isinstance(value, BBox):
        return value.as_list()
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    return value


def write_xlsx(rows: Sequence[Any], listing: type, path: Path, *, sheet: str = "ramme") -> Path:
    """An Excel workbook with one sheet: the header row (bold, frozen), then one row per listing row."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    worksheet = workbook.active
    worksheet.title = sheet[:31]
    worksheet.append(columns(listing))
    for header in worksheet[1]:
        header.font = Font(bold=True)
    worksheet.freeze_panes = "A2"
    for r in rows:
        worksheet.append([cell(getattr(r, name)) if not isinstance(getattr(r, name), (int, float))
                          else getattr(r, name) for name in columns(listing)])
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(path)
    return path
