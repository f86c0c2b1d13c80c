"""The `ramme` commands that read the store: offers, clauses, anomalies, agenda items, next meetings,
table figures, documents, runs, the comparisons and exports. Each prints a table (readable at 80 columns),
CSV or JSON of one warehouse listing; an empty answer says why on stderr."""

from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from app.common import (
    Column,
    DatabaseUrl,
    ExcelOption,
    FormatOption,
    OutputFormat,
    app,
    console,
    fail,
    note,
    print_rows,
    read_store,
    show_listing,
)

Region = Annotated[str | None, typer.Option(help="Region code or name, e.g. hovedstaden.")]


def _offer_filters(**given: Any):
    from warehouse.filters import FilterError, OfferFilters

    try:
        return OfferFilters(**given)
    except FilterError as exc:
        fail(str(exc))


@app.command()
def offers(
    region: Region = None,
    agreement: Annotated[str | None, typer.Option(help="Period (2025-2026), a year in it, or part of the "
                                                       "file name.")] = None,
    age_group: Annotated[str | None, typer.Option("--age-group", help="children / adults (børn / voksne).")] = None,
    target_group: Annotated[str | None, typer.Option("--target-group", help="Target group: vocabulary key or "
                                                     "part of the printed name.")] = None,
    operator: Annotated[str | None, typer.Option(help="Part of the operator name, or its code.")] = None,
    name: Annotated[str | None, typer.Option(help="Part of the offer's name.")] = None,
    paragraph: Annotated[str | None, typer.Option(help="Legal paragraph, e.g. 'SEL § 108' or 108.")] = None,
    year: Annotated[int | None, typer.Option(help="Only this year's figures.")] = None,
    min_occupancy: Annotated[float | None, typer.Option("--min-occupancy", help="Occupancy % at least.")] = None,
    max_occupancy: Annotated[float | None, typer.Option("--max-occupancy", help="Occupancy % at most.")] = None,
    rule: Annotated[str | None, typer.Option(help="Offer-years an anomaly rule flagged.")] = None,
    totals: Annotated[bool, typer.Option("--totals", help="Totals per region, target group and year instead "
                                                          "of the offers.")] = False,
    format: FormatOption = OutputFormat.table,
    excel: ExcelOption = False,
    database_url: DatabaseUrl = None,
) -> None:
    """Offers per year from the store, filtered (all filters must hold), or their totals."""
    from warehouse.offers import OfferListing, explain_empty, offer_totals, query_offers

    filters = _offer_filters(region=region, agreement=agreement, age_group=age_group, target_group=target_group,
                             operator=operator, name=name, paragraph=paragraph, year=year,
                             min_occupancy=min_occupancy, max_occupancy=max_occupancy, rule=rule)
    if rule is not None:
        _known_rule(rule)
    rows, why = read_store(database_url, lambda engine: _with_reason(
        query_offers(engine, filters), lambda: explain_empty(engine, filters)))
    if totals:
        _print_totals(offer_totals(rows), format, empty_note=why)
        return
    show_listing(rows, OfferListing, format, excel=excel, title="offer-years", columns=[
        Column("Region", lambda r: r.region, 2), Column("Tabel", lambda r: r.table, 1),
        Column("Målgruppe", lambda r: r.target_group, 3), Column("Tilbud", lambda r: r.name, 9),
        Column("Driftsherre", lambda r: r.operator, 4), Column("Paragraf", lambda r: r.legal_basis, 2),
        Column("År", lambda r: r.year, 8, True), Column("Pladser", lambda r: r.capacity, 7, True),
        Column("Belagt", lambda r: r.usage, 7, True), Column("Bel. %", lambda r: r.occupancy_pct, 7, True),
    ], empty_note=why)


def _with_reason(rows: list, reason) -> tuple[list, str | None]:
    """The rows, and why there are none (computed only then)."""
    return rows, (None if rows else reason())


_TOTAL_COLUMNS = ("region", "target_group", "year", "offers", "capacity", "usage", "occupancy_pct")


def _print_totals(totals: list, format: OutputFormat, *, empty_note: str | None) -> None:
    """Offer totals as a table, CSV or JSON; when there are none, `empty_note` (why) on stderr."""
    if not totals and empty_note:
        note(empty_note)
    records = [dict(zip(_TOTAL_COLUMNS, (*t.group, t.offers, t.capacity, t.usage, t.occupancy_pct), strict=True))
               for t in totals]
    if format is OutputFormat.json:
        sys.stdout.write(json.dumps(records, ensure_ascii=False, indent=2) + "\n")
    elif format is OutputFormat.csv:
        from warehouse.exports import write_table

        write_table(_TOTAL_COLUMNS, (record.values() for record in records), sys.stdout)
    else:
        print_rows(records, [
            Column("Region", lambda r: r["region"], 3), Column("Målgruppe", lambda r: r["target_group"], 4),
            Column("År", lambda r: r["year"], 5, True), Column("Tilbud", lambda r: r["offers"], 5, True),
            Column("Pladser", lambda r: r["capacity"], 5, True), Column("Belagt", lambda r: r["usage"], 5, True),
            Column("Bel. %", lambda r: r["occupancy_pct"], 5, True),
        ], f"totals: {len(records)} (occupancy from the summed places)")


def _known_rule(rule: str) -> None:
    from validations.rules import RULES_BY_ID
    from warehouse.filters import unknown

    if rule not in RULES_BY_ID:
        fail(str(unknown("rule", rule, RULES_BY_ID)))


@app.command()
def clauses(
    kind: Annotated[str | None, typer.Option(help="Clause kind, e.g. notice_period, payment_term.")] = None,
    region: Region = None,
    include_non_binding: Annotated[bool, typer.Option("--all", help="Also wordings the documents quote without "
                                                      "stating them (proposals, templates, questions), with "
                                                      "the reason.")] = False,
    format: FormatOption = OutputFormat.table,
    excel: ExcelOption = False,
    database_url: DatabaseUrl = None,
) -> None:
    """Clauses the documents state, with their normalised values and the page they stand on."""
    from warehouse import ClauseListing, query_clauses

    rows = read_store(database_url, lambda engine: query_clauses(engine, kind=kind, region=region,
                                                                 include_non_binding=include_non_binding))
    show_listing(rows, ClauseListing, format, excel=excel, title="clauses", columns=[
        Column("Region", lambda r: r.region, 3), Column("Periode", lambda r: r.period, 2),
        Column("Art", lambda r: r.kind if r.binding is not False else f"{r.kind} ({r.not_binding_reason})", 5),
        Column("Side", lambda r: r.page, 4, True),
        Column("Emne", lambda r: r.subject, 3),
        Column("Normaliseret", lambda r: json.dumps(r.normalized, ensure_ascii=False) if r.normalized else "", 2),
        Column("Tekst", lambda r: r.text, 9),
    ], empty_note="no clauses match; `ramme documents` lists what is loaded")


@app.command()
def anomalies(
    region: Region = None,
    rule: Annotated[str | None, typer.Option(help="Rule id, e.g. occupancy_mismatch.")] = None,
    severity: Annotated[str | None, typer.Option(help="error or warning.")] = None,
    format: FormatOption = OutputFormat.table,
    excel: ExcelOption = False,
    database_url: DatabaseUrl = None,
) -> None:
    """What the last validation found: one row per record and rule, with the printed values, the
    expected value and the page."""
    from warehouse.anomalies import AnomalyListing, query_anomalies

    if rule is not None:
        _known_rule(rule)
    rows = read_store(database_url, lambda engine: query_anomalies(engine, region=region, rule=rule,
                                                                   severity=severity))
    show_listing(rows, AnomalyListing, format, excel=excel, title="anomalies", columns=[
        Column("Region", lambda r: (r.region or "").removeprefix("Region "), 3), Column("Regel", lambda r: r.rule, 5),
        Column("År", lambda r: r.year, 4, True), Column("Side", lambda r: r.page, 4, True),
        Column("Besked", lambda r: r.message, 9),
    ], empty_note="no anomalies match; the last `ramme run` validated the store")


@app.command()
def agenda(
    search: Annotated[str | None, typer.Option(help="Words that must all occur in the item's title, case "
                                                    "number, recommendation or decision.")] = None,
    region: Region = None,
    format: FormatOption = OutputFormat.table,
    excel: ExcelOption = False,
    database_url: DatabaseUrl = None,
) -> None:
    """Agenda items of meeting minutes, with recommendation and decision."""
    from warehouse.minutes import AgendaListing, query_agenda

    rows = read_store(database_url, lambda engine: query_agenda(engine, search=search, region=region))
    show_listing(rows, AgendaListing, format, excel=excel, title="agenda items", columns=[
        Column("Møde", lambda r: r.meeting, 2), Column("Punkt", lambda r: r.number, 8, True),
        Column("Titel", lambda r: r.title, 9), Column("Indstilling", lambda r: r.recommendation, 3),
        Column("Beslutning", lambda r: r.decision, 7), Column("Side", lambda r: r.page, 5, True),
    ], empty_note="no agenda item matches" + (f" {search!r}" if search else "; no minutes are loaded"))


@app.command()
def figures(
    measure: Annotated[str | None, typer.Option(help="Part of the column header, e.g. 2023.")] = None,
    caption: Annotated[str | None, typer.Option("--caption", "--table", help="Part of the table's caption, "
                                                "e.g. 'Tabel 15'.")] = None,
    row_kind: Annotated[str | None, typer.Option("--row-kind", help="What the rows are: region, offer, "
                                                 "municipality or measure.")] = None,
    row: Annotated[str | None, typer.Option(help="Part of the row's label, e.g. Morsø.")] = None,
    region: Region = None,
    format: FormatOption = OutputFormat.table,
    excel: ExcelOption = False,
    database_url: DatabaseUrl = None,
) -> None:
    """The cells of the printed tables with one row per region, offer, municipality or measure (survey
    figures, tariffs, overhead percentages, case counts): as printed, as a number with its unit, and the page."""
    from warehouse.tables import FigureListing, query_figures

    rows = read_store(database_url, lambda engine: query_figures(engine, measure=measure, caption=caption,
                                                                 region=region, row_kind=row_kind, row=row))
    show_listing(rows, FigureListing, format, excel=excel, title="table figures", columns=[
        Column("Tabel", lambda r: r.caption, 3), Column("Rækker", lambda r: r.row_kind, 2),
        Column("Række", lambda r: r.row_label, 8), Column("Mål", lambda r: r.measure, 7),
        Column("Værdi", lambda r: r.value, 9, True), Column("Tal", lambda r: r.number, 5, True),
        Column("Enhed", lambda r: r.unit, 4), Column("Side", lambda r: r.page, 6, True),
    ], empty_note="no table figure matches; `ramme figures` without filters lists them all")


@app.command()
def meetings(
    region: Region = None,
    format: FormatOption = OutputFormat.table,
    excel: ExcelOption = False,
    database_url: DatabaseUrl = None,
) -> None:
    """The next meeting each loaded minutes announce: date, time and the sentence, with its page."""
    from warehouse.minutes import MeetingListing, query_next_meetings

    rows = read_store(database_url, lambda engine: query_next_meetings(engine, region=region))
    show_listing(rows, MeetingListing, format, excel=excel, title="next meetings", columns=[
        Column("Region", lambda r: r.region, 3), Column("Møde", lambda r: r.meeting, 4),
        Column("Næste møde", lambda r: r.date, 9), Column("Kl.", lambda r: r.time, 6),
        Column("Tekst", lambda r: r.text, 2), Column("Side", lambda r: r.page, 5, True),
    ], empty_note="no minutes in the store announce a next meeting")


@app.command()
def documents(
    failed: Annotated[bool, typer.Option("--failed", help="Only the documents that failed.")] = False,
    format: FormatOption = OutputFormat.table,
    excel: ExcelOption = False,
    database_url: DatabaseUrl = None,
) -> None:
    """The documents in the store: region, title, period, pages, sha256, when fetched, and whether the
    version is current, superseded or failed (with the error)."""
    from warehouse.status import DocumentListing, query_documents

    rows = read_store(database_url, lambda engine: query_documents(engine, failed_only=failed))
    show_listing(rows, DocumentListing, format, excel=excel, title="documents", columns=[
        Column("Region", lambda r: r.region, 6), Column("Titel", lambda r: r.title, 5),
        Column("Periode", lambda r: r.period, 4), Column("Sider", lambda r: r.pages, 3, True),
        Column("Fil", lambda r: r.file_name, 8), Column("Status", lambda r: r.status, 9),
        Column("sha256", lambda r: (r.sha256 or "")[:12], 1), Column("Hentet", lambda r: r.fetched_at, 2),
        Column("Fejl", lambda r: r.error, 7),
    ], empty_note="no failed documents" if failed else "no documents; run `ramme run`")


@app.command()
def runs(
    limit: Annotated[int, typer.Option(help="How many of the latest runs.", min=1, max=1000)] = 20,
    format: FormatOption = OutputFormat.table,
    excel: ExcelOption = False,
    database_url: DatabaseUrl = None,
) -> None:
    """The latest pipeline runs and what they counted."""
    from warehouse.status import RunListing, query_runs

    rows = read_store(database_url, lambda engine: query_runs(engine, limit=limit))
    show_listing(rows, RunListing, format, excel=excel, title="runs", columns=[
        Column("Kørsel", lambda r: r.id, 9, True), Column("Start", lambda r: r.started_at, 8),
        Column("Status", lambda r: r.status, 9), Column("Behandlet", lambda r: r.processed, 5, True),
        Column("Uændret", lambda r: r.unchanged, 4, True), Column("Fejlet", lambda r: r.failed, 7, True),
        Column("Tilbud", lambda r: r.offers, 3, True), Column("Anomalier", lambda r: r.anomalies, 6, True),
    ], empty_note="no runs yet; run `ramme run`")


class ExportFormat(str, Enum):
    csv = "csv"
    json = "json"
    xlsx = "xlsx"


class Listing(str, Enum):
    offers = "offers"
    clauses = "clauses"
    anomalies = "anomalies"
    agenda = "agenda"
    meetings = "meetings"
    figures = "figures"
    documents = "documents"
    runs = "runs"


@app.command()
def export(
    what: Annotated[Listing, typer.Argument(help="Which listing.")],
    out: Annotated[Path, typer.Option("--out", help="The file to write.")],
    format: Annotated[ExportFormat, typer.Option("--format", help="File format.")] = ExportFormat.xlsx,
    excel: ExcelOption = False,
    database_url: DatabaseUrl = None,
) -> None:
    """Write a whole listing to a file: XLSX, CSV (--excel: as a Danish-locale Excel reads it) or JSON."""
    from warehouse.exports import write_csv, write_json, write_xlsx

    with console.status(f"Reading {what.value} from the store …"):
        rows, listing = read_store(database_url, lambda engine: _everything(engine, what))
    out.parent.mkdir(parents=True, exist_ok=True)
    with console.status(f"Writing {len(rows)} rows to {out} …"):
        if format is ExportFormat.xlsx:
            write_xlsx(rows, listing, out, sheet=what.value)
        else:
            with out.open("w", encoding="utf-8", newline="") as handle:
                write_json(rows, handle) if format is ExportFormat.json else write_csv(rows, listing, handle,
                                                                                      excel=excel)
    typer.echo(f"{out}: {len(rows)} rows")


def _everything(engine, what: Listing) -> tuple[list, type]:
    from warehouse import ClauseListing, query_clauses
    from warehouse.anomalies import AnomalyListing, query_anomalies
    from warehouse.minutes import AgendaListing, MeetingListing, query_agenda, query_next_meetings
    from warehouse.offers import OfferListing, query_offers
    from warehouse.status import DocumentListing, RunListing, query_documents, query_runs
    from warehouse.tables import FigureListing, query_figures

    return {
        Listing.offers: lambda: (query_offers(engine), OfferListing),
        Listing.clauses: lambda: (query_clauses(engine), ClauseListing),
        Listing.anomalies: lambda: (query_anomalies(engine), AnomalyListing),
        Listing.agenda: lambda: (query_agenda(engine), AgendaListing),
        Listing.meetings: lambda: (query_next_meetings(engine), MeetingListing),
        Listing.figures: lambda: (query_figures(engine), FigureListing),
        Listing.documents: lambda: (query_documents(engine), DocumentListing),
        Listing.runs: lambda: (query_runs(engine, limit=1000), RunListing),
    }[what]()


compare_app = typer.Typer(help="Compare offers and clauses across regions and editions.", no_args_is_help=True)
app.add_typer(compare_app, name="compare")


@compare_app.command("offers")
def compare_offers(
    target_group: Annotated[str | None, typer.Option("--target-group", help="One target group's trend across "
                                                     "regions and years (else: region × target group).")] = None,
    year: Annotated[int | None, typer.Option(help="The year of the figures (default: each offer's latest).")] = None,
    age_group: Annotated[str | None, typer.Option("--age-group", help="children / adults.")] = None,
    format: FormatOption = OutputFormat.table,
    database_url: DatabaseUrl = None,
) -> None:
    """Offers per target group and region (offers and places), or one target group's trend."""
    from warehouse.offers import region_target_group_matrix, target_group_trend

    _offer_filters(year=year, age_group=age_group, target_group=target_group)  # one-line errors for bad values
    if target_group is not None:
        trend = read_store(database_url, lambda engine: target_group_trend(engine, target_group, age_group))
        _print_totals([_as_totals_row(t) for t in trend], format,
                      empty_note=f"no figures for target group {target_group!r}")
        return
    matrix = read_store(database_url, lambda engine: region_target_group_matrix(engine, year=year, age=age_group))
    if format is OutputFormat.json:
        sys.stdout.write(json.dumps({group: {region: {"offers": t.offers, "capacity": t.capacity}
                                             for region, t in cells.items()} for group, cells in matrix.cells.items()},
                                    ensure_ascii=False, indent=2) + "\n")
        return
    table = Table(title="Tilbud (pladser) pr. målgruppe og region")
    table.add_column("Målgruppe")
    for region in matrix.regions:
        table.add_column(region, justify="right")
    for group, cells in matrix.cells.items():
        table.add_row(group, *(f"{cells[r].offers} ({_places(cells[r].capacity)})" if r in cells else "–"
                               for r in matrix.regions))
    console.print(table)


def _as_totals_row(total):
    from warehouse.offers import OfferTotal

    region, year = total.group
    return OfferTotal((region, None, year), total.offers, total.capacity, total.usage, total.occupancy_pct)


def _places(value: float | None) -> str:
    from models.numbers import format_danish_number

    return format_danish_number(int(value) if value is not None and float(value).is_integer() else value)


@compare_app.command("notice-periods")
def compare_notice_periods_command(
    include_non_binding: Annotated[bool, typer.Option("--all", help="Also wordings the documents quote without "
                                                      "stating them (proposals, templates, questions).")] = False,
    format: FormatOption = OutputFormat.table,
    database_url: DatabaseUrl = None,
) -> None:
    """Notice periods per offer type, one column per region and period (a general rule fills the offer
    types it covers, marked as such)."""
    from warehouse.compare import compare_clauses

    _print_comparison(read_store(database_url, lambda engine: compare_clauses(
        engine, "notice", include_non_binding=include_non_binding)), "Opsigelsesvarsler pr. tilbudstype", format)


class ClauseTopic(str, Enum):
    notice = "notice"
    payment = "payment"
    tariff = "tariff"


@compare_app.command("clauses")
def compare_clauses_command(
    kind: Annotated[ClauseTopic, typer.Argument(help="notice (per offer type), payment or tariff (per rule).")],
    include_non_binding: Annotated[bool, typer.Option("--all", help="Also wordings the documents quote without "
                                                      "stating them (proposals, templates, questions).")] = False,
    format: FormatOption = OutputFormat.table,
    database_url: DatabaseUrl = None,
) -> None:
    """Notice periods, payment terms or tariff rules side by side, one column per region and edition:
    the normalised value, and the page it is printed on."""
    from warehouse.compare import compare_clauses

    titles = {"notice": "Opsigelsesvarsler pr. tilbudstype", "payment": "Betalingsbetingelser",
              "tariff": "Takstregler"}
    _print_comparison(read_store(database_url, lambda engine: compare_clauses(
        engine, kind.value, include_non_binding=include_non_binding)), titles[kind.value], format)


def _print_comparison(comparison, title: str, format: OutputFormat) -> None:
    import dataclasses

    if format is OutputFormat.json:
        rows = {row: {column: [dataclasses.asdict(cell) for cell in cells] for column, cells in values.items()}
                for row, values in comparison.rows.items()}
        sys.stdout.write(json.dumps({"columns": comparison.columns, "rows": rows, "notes": comparison.notes},
                                    ensure_ascii=False, indent=2) + "\n")
        return
    cells = [(row, ["; ".join(_cell_text(c) for c in values.get(column, [])) for column in comparison.columns])
             for row, values in comparison.rows.items()]
    if format is OutputFormat.csv:
        from warehouse.exports import write_table

        write_table(["row", *comparison.columns], ([row, *values] for row, values in cells), sys.stdout)
        return
    table = Table(title=title)
    table.add_column("")
    for column in comparison.columns:
        table.add_column(column, overflow="fold")
    for row, values in cells:
        table.add_row(row, *(value or "—" for value in values))
    console.print(table)


def _cell_text(cell) -> str:
    return f"{cell.value} (s. {cell.page})" if cell.page else cell.value


@compare_app.command("editions")
def compare_editions(
    region: Annotated[str, typer.Argument(help="Region code or name, e.g. hovedstaden.")],
    old: Annotated[str | None, typer.Option(help="The older edition: a period (2023-2024) or a year in it "
                                                 "(default: the one before --new).")] = None,
    new: Annotated[str | None, typer.Option(help="The newer edition (default: the latest).")] = None,
    format: FormatOption = OutputFormat.table,
    database_url: DatabaseUrl = None,
) -> None:
    """What changed between two editions of a region's agreement: offers added and removed, capacity
    changed, clauses whose value changed, clauses in one edition only."""
    import dataclasses

    from warehouse.editions import diff_editions

    diff = read_store(database_url, lambda engine: diff_editions(engine, region, old, new))
    if format is OutputFormat.json:
        sys.stdout.write(json.dumps(dataclasses.asdict(diff), ensure_ascii=False, indent=2, default=str) + "\n")
        return
    lines = ([("Tilbud tilføjet", item.label, f"s. {item.place.page}") for item in diff.offers_added]
             + [("Tilbud fjernet", item.label, f"s. {item.place.page}") for item in diff.offers_removed]
             + [("Pladser ændret", f"{c.offer} {c.year}: {_number(c.old)} → {_number(c.new)}",
                 f"s. {c.old_place.page} → {c.new_place.page}") for c in diff.capacity_changed]
             + [("Klausul ændret", f"{c.label}: {c.old.value} → {c.new.value}", f"s. {c.old.page} → {c.new.page}")
                for c in diff.clauses_changed]
             + [("Kun i " + diff.old, c.label + ": " + c.cell.value, f"s. {c.cell.page}") for c in diff.clauses_only_old]
             + [("Kun i " + diff.new, c.label + ": " + c.cell.value, f"s. {c.cell.page}") for c in diff.clauses_only_new])
    if format is OutputFormat.csv:
        from warehouse.exports import write_table

        write_table(["change", "what", "page"], lines, sys.stdout)
        return
    print_rows(lines, [Column("Ændring", lambda r: r[0], 5), Column("Hvad", lambda r: r[1], 9),
                       Column("Side", lambda r: r[2], 3)], f"{diff.title}: {len(lines)} changes")


def _number(value) -> str:
    from models.numbers import format_danish_number

    return format_danish_number(value) or "–"
