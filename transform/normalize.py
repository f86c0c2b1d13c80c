"""Normalise what the extractors printed: vocabulary keys of target groups, official operator names
and codes, parsed legal references, region codes, and the printed tables (one row per region, offer,
municipality or measure) as one figure per cell.

Pure functions from `models.records` to `models.records`; nothing here reads a PDF or writes the store.
"""

from __future__ import annotations

import re

from models.enums import RowKind
from models.records import (
    Extraction,
    NormalizedDocument,
    NormalizedOffer,
    NormalizedStatedCount,
    Number,
    Offer,
    OfferKeys,
    OfferTable,
    PrintedTable,
    TableFigure,
)
from models.numbers import parse_danish_number
from models.regions import normalize_operator, region_code
from models.vocabulary import find_paragraph_refs, lookup


def normalize_document(extraction: Extraction, source_region: str | None = None) -> NormalizedDocument:
    """Everything the store needs of one extraction; the region is the content's, else the source's."""
    return NormalizedDocument(
        extraction=extraction,
        region=region_code(extraction.meta.region) or source_region,
        offers=tuple(NormalizedOffer(table, offer, position, offer_keys(table, offer))
                     for position, (table, offer) in enumerate(extraction.offers)),
        stated_counts=tuple(NormalizedStatedCount(stated, _target_group_key(stated.target_group))
                            for stated in extraction.stated_counts),
        table_figures=tuple(figure for index, table in enumerate(extraction.tables)
                            for figure in table_figures(index, table)),
    )


def offer_keys(table: OfferTable, offer: Offer) -> OfferKeys:
    operator = normalize_operator(offer.operator)
    return OfferKeys(
        target_group_key=_target_group_key(table.target_group),
        operator_name=operator.name if operator else None,
        operator_code=operator.code if operator else None,
        operator_type=operator.type if operator else None,
        legal_refs=tuple(ref.label for ref in find_paragraph_refs(offer.legal_basis or "")) or None,
    )


def _target_group_key(printed: str | None) -> str | None:
    term = lookup(printed) if printed else None
    return term.id if term else None


def table_figures(table_index: int, table: PrintedTable) -> list[TableFigure]:
    """One figure per row per column of a printed table: the cell as printed (`value`) and as a number
    with its unit (`number`, `unit`) when it is one (a measure table's row names the measure, so its label
    counts for the unit too); a region's row (or a region among operators) gets its region code."""
    figures = []
    coded = table.row_kind in (RowKind.REGION, RowKind.MUNICIPALITY)
    for row_index, (label, cells) in enumerate(table.rows.items()):
        measures = _measures(table.columns, len(cells))
        for column_index, (measure, value) in enumerate(zip(measures, cells, strict=True)):
            number, unit = figure_number(value, f"{label} {measure}" if table.row_kind == RowKind.MEASURE else measure)
            figures.append(TableFigure(
                table_index=table_index, caption=table.caption, row_kind=table.row_kind, row_index=row_index,
                row_label=label, region=region_code(label) if coded else None, column_index=column_index,
                measure=measure, value=value, page=table.page, bbox=table.bbox, number=number, unit=unit,
                last_page=table.last_page,
            ))
    return figures


_PERCENT = re.compile(r"\s*%$")
_KRONER = re.compile(r"\s*kr\.?$", re.IGNORECASE)
_DECIMAL_POINT = re.compile(r"^-?\d+\.\d{1,2}$")  # "26.9": a decimal point misprinted for the comma
#: a measure of amounts in kroner: "Udgifter til …", "Samlede udgifter …", "Salgsindtægter, kr. pr. …",
#: "Basistakst"
_AMOUNT_MEASURE = re.compile(r"\budgift|indtægt|takst\b|\bkr\.|\bkroner\b", re.IGNORECASE)


def figure_number(value: str | None, measure: str = "") -> tuple[Number | None, str | None]:
    """A printed cell as a number and its unit: "46,8%" → (46.8, "%"), "10.488" under "Udgifter …" →
    (10488, "kr."), "1.250 kr." → (1250, "kr."), "2,05" → (2.05, None), "-" → (None, None).

    The unit is what the cell prints, else "kr." for a column of amounts (its header names expenses or
    income); a plain count or rate has none. The number keeps the printed form: "16,0" → 16.0, "16" → 16.
    A cell that is no number gives (None, None)."""
    if value is None:
        return None, None
    text = value.strip()
    unit = None
    if _PERCENT.search(text):
        text, unit = _PERCENT.sub("", text), "%"
    elif _KRONER.search(text):
        text, unit = _KRONER.sub("", text), "kr."
    try:
        number = parse_danish_number(text)
    except ValueError:
        if not _DECIMAL_POINT.match(text.replace(" ", "")):
            return None, None
        number = float(text.replace(" ", ""))
    if number is None:
        return None, None
    if unit is None and _AMOUNT_MEASURE.search(measure):
        unit = "kr."
    return number, unit


def _measures(columns: tuple[str, ...], width: int) -> list[str]:
    """Column headers for `width` value cells.

    A header row often names the label column too ("Region", "2022", "2023"), one more header than
    there are values; a short header row gets positional names so no printed value is dropped.
    """
    if len(columns) == width + 1:
        columns = columns[1:]
    return [columns[i] if i < len(columns) and columns[i] else f"column {i + 1}" for i in range(width)]
