"""The `ramme` command line: run the pipeline, extract one PDF, query offers and clauses.

Errors the user can fix (a missing or broken file, an unknown region, an invalid database URL, no
store yet) end with exit code 1 and one readable line on stderr, never a traceback. `ramme run`
exits with 3 when it ran but a document failed (its summary says which); 2 stays Click's code for a
wrong command line.
"""

from __future__ import annotations

import csv
import dataclasses
import json
import os
import sys
import time
from enum import Enum
from pathlib import Path
from typing import Annotated, NoReturn

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

app = typer.Typer(name="ramme", help="Danish regional framework agreements from PDF to structured data.",
                  no_args_is_help=True, add_completion=False)
# Rich assumes 80 columns when output is not a terminal (logs, pipes); tables need more to stay readable.
console = Console() if sys.stdout.isatty() else Console(width=160)

DatabaseUrl = Annotated[str | None, typer.Option("--database-url", envvar="RAMME_DATABASE_URL",
                                                  help="SQLAlchemy URL of the store (default: SQLite file "
                                                       "in $RAMME_DATA_DIR).", show_default=False)]


class ExtractFormat(str, Enum):
    json = "json"


class OutputFormat(str, Enum):
    table = "table"
    csv = "csv"
    json = "json"


DOCUMENT_FAILED_EXIT = 3  # `ramme run`: not 1 (nothing ran) and not 2 (Click: a wrong command line)


def fail(message: str) -> NoReturn:
    """One line on stderr, exit code 1."""
    typer.echo(f"ramme: error: {' '.join(str(message).split())}", err=True)
    raise typer.Exit(1)


@app.command()
def run(
    sources: Annotated[Path, typer.Option("--sources", help="The sources file.")] = Path("sources.yaml"),
    database_url: DatabaseUrl = None,
) -> None:
    """Fetch, extract and load every document in the sources file; print a summary per region,
    the failed documents and the extraction warnings.

    Exit codes:
    0  every document loaded or was unchanged;
    3  the run finished, but a document failed;
    1  nothing ran: a bad sources file, database URL or store;
    2  a wrong command line (an unknown option, a missing value).
    """
    from flows.sources import load_sources
    from warehouse import parse_url

    try:
        listed = load_sources(sources)
        parse_url(database_url)
    except ValueError as exc:  # a SourcesFileError, or an invalid database URL
        fail(str(exc))
    # The summary table is the report: Prefect's console log would repeat each failed document
    # with a traceback. Everything still reaches the Prefect API log; either variable overrides this.
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
    os.environ.setdefault("PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL", "CRITICAL")
    from sqlalchemy.exc import SQLAlchemyError

    from flows.process import process_agreements
    from warehouse import SchemaError

    started = time.perf_counter()
    try:
        with console.status(f"Processing {len(listed)} documents from {sources} …"):
            summary = process_agreements(sources_file=str(sources), database_url=database_url)
    except SchemaError as exc:  # a store made before schema versions, or by a newer ramme
        fail(str(exc))
    except SQLAlchemyError as exc:
        fail(f"cannot use the store: {type(exc).__name__}: {exc.args[0] if exc.args else exc}")
    except OSError as exc:  # e.g. a data dir that cannot be written
        fail(f"{exc.filename or 'data dir'}: {exc.strerror or exc}")
    _print_summary(summary, time.perf_counter() - started)
    if summary["totals"]["failed"] or "error" in summary.get("validation", {}):
        raise typer.Exit(DOCUMENT_FAILED_EXIT)


WARNINGS_SHOWN = 3  # per document; the rest stay on its row in the store (document.warnings)


def _print_summary(summary: dict, seconds: float) -> None:
    from models.regions import REGIONS_BY_CODE

    from models.enums import SourceOutcome
    from models.records import LoadCounts

    table = Table(title="ramme run: documents and rows loaded")
    keys = [*SourceOutcome, *(f.name for f in dataclasses.fields(LoadCounts))]
    table.add_column("Region", no_wrap=True)
    for key in keys:
        table.add_column(key.replace("_", " ").capitalize(), justify="right", no_wrap=True)
    for code, counts in summary["regions"].items():
        table.add_row(REGIONS_BY_CODE[code].name, *(str(counts[k]) for k in keys))
    table.add_section()
    table.add_row("Total", *(str(summary["totals"][k]) for k in keys), style="bold")
    console.print(table)
    for failure in summary["failures"]:
        # Text, not markup: an error message may contain brackets.
        console.print(Text.assemble(("failed ", "yellow"), f"{failure['url']}: {failure['error']}"),
                      soft_wrap=True)
    for document in summary["warnings"]:
        name, warnings = document["file_name"], document["warnings"]
        console.print(Text.assemble(("warnings ", "yellow"), f"{name}:"))
        for warning in warnings[:WARNINGS_SHOWN]:
            console.print(Text(f"  {warning.removeprefix(f'{name}: ')}"), soft_wrap=True)
        if len(warnings) > WARNINGS_SHOWN:
            console.print(f"  … {len(warnings) - WARNINGS_SHOWN} more")
    _print_validation(summary.get("validation", {}))
    console.print(f"Total wall time: {seconds:.1f} s")


def _print_validation(validation: dict) -> None:
    """The anomaly counts per rule and region, and where the report is; or why validation failed."""
    if "error" in validation:
        console.print(Text.assemble(("failed ", "yellow"), validation["error"]), soft_wrap=True)
        return
    counts = validation.get("anomalies", {})
    regions = sorted({region for per_region in counts.values() for region in per_region})
    table = Table(title=f"Anomalies: {validation.get('total', 0)}")
    table.add_column("Rule", no_wrap=True)
    for region in regions:
        table.add_column(region.removeprefix("Region "), justify="right", no_wrap=True)
    for rule, per_region in counts.items():
        table.add_row(rule, *(str(per_region.get(region, 0)) for region in regions))
    console.print(table)
    if validation.get("report"):
        console.print(f"Validation report: {validation['report']}", soft_wrap=True)


@app.command()
def env() -> None:
    """Print the environment that keeps Prefect and Great Expectations offline, as shell exports:
    `eval "$(ramme env)"` before `prefect server start` or `prefect worker start`."""
    from models.settings import OFFLINE_ENVIRONMENT

    for name, value in OFFLINE_ENVIRONMENT.items():
        typer.echo(f"export {name}={value}")


@app.command()
def extract(
    file: Annotated[Path, typer.Argument(help="A PDF file.", show_default=False)],
    format: Annotated[ExtractFormat, typer.Option("--format", help="Output format.")] = ExtractFormat.json,
) -> None:
    """Print what the extractors find in one PDF (the extract contract), without a database."""
    from extractors.contract import to_contract
    from extractors.document import extract_document
    from extractors.pdf import PdfError

    if not file.is_file():
        fail(f"{file}: no such file")
    try:
        extraction = extract_document(file)
    except PdfError as exc:
        fail(str(exc))
    except OSError as exc:
        fail(f"{file}: {exc.strerror or exc}")
    sys.stdout.write(json.dumps(to_contract(extraction), ensure_ascii=False, indent=2) + "\n")


@app.command()
def offers(
    region: Annotated[str | None, typer.Option(help="Region code or name, e.g. hovedstaden.")] = None,
    target_group: Annotated[str | None, typer.Option("--target-group", help="Part of the target group.")] = None,
    operator: Annotated[str | None, typer.Option(help="Part of the operator name, or its code.")] = None,
    year: Annotated[int | None, typer.Option(help="Only this year's figures.")] = None,
    format: Annotated[OutputFormat, typer.Option("--format", help="Output format.")] = OutputFormat.table,
    database_url: DatabaseUrl = None,
) -> None:
    """List offers per year from the store, filtered."""
    from warehouse import OfferListing, query_offers

    rows = _read_store(database_url, lambda engine: query_offers(
        engine, region=region, target_group=target_group, operator=operator, year=year))
    if format is OutputFormat.table:
        _print_offers(rows)
    else:
        _write_listing(rows, OfferListing, format)


def _read_store(database_url: str | None, query):
    """Run `query(engine)` on the store; a bad URL, a missing store or a query error ends with one
    readable line."""
    from sqlalchemy.exc import SQLAlchemyError

    from warehouse import make_engine, parse_url, require_current_schema

    try:
        parsed = parse_url(database_url)
    except ValueError as exc:
        fail(str(exc))
    if parsed.get_backend_name() == "sqlite" and parsed.database and not Path(parsed.database).exists():
        fail(f"no store at {parsed.database}; run `ramme run` first")
    engine = make_engine(parsed)
    try:
        require_current_schema(engine)  # a SchemaError (a ValueError): no tables, or how to upgrade or rebuild
        return query(engine)
    except ValueError as exc:
        fail(str(exc))
    except SQLAlchemyError as exc:
        fail(f"cannot read the store: {type(exc).__name__}: {exc.args[0] if exc.args else exc}")
    finally:
        engine.dispose()


@app.command()
def clauses(
    kind: Annotated[str | None, typer.Option(help="Clause kind, e.g. notice_period, payment_term.")] = None,
    region: Annotated[str | None, typer.Option(help="Region code or name, e.g. sjaelland.")] = None,
    format: Annotated[OutputFormat, typer.Option("--format", help="Output format.")] = OutputFormat.table,
    database_url: DatabaseUrl = None,
) -> None:
    """List clauses from the store, with their normalised values and the page they stand on."""
    from warehouse import ClauseListing, query_clauses

    rows = _read_store(database_url, lambda engine: query_clauses(engine, kind=kind, region=region))
    if format is not OutputFormat.table:
        _write_listing(rows, ClauseListing, format)
        return
    table = Table(caption=f"clauses: {len(rows)}")
    for column in ("Region", "Period", "Kind", "Page"):
        table.add_column(column, no_wrap=True)
    table.add_column("Subject", overflow="fold", max_width=28)
    table.add_column("Normalised", overflow="fold", max_width=40)
    table.add_column("Text", overflow="fold", ratio=1)
    for r in rows:
        table.add_row(r.region or "", r.period or "", r.kind, str(r.page or ""), r.subject or "",
                      json.dumps(r.normalized, ensure_ascii=False) if r.normalized else "", Text(r.text))
    console.print(table)


@app.command()
def anomalies(
    region: Annotated[str | None, typer.Option(help="Region code or name, e.g. hovedstaden.")] = None,
    rule: Annotated[str | None, typer.Option(help="Rule id, e.g. occupancy_mismatch.")] = None,
    severity: Annotated[str | None, typer.Option(help="error or warning.")] = None,
    format: Annotated[OutputFormat, typer.Option("--format", help="Output format.")] = OutputFormat.table,
    database_url: DatabaseUrl = None,
) -> None:
    """List what the last validation found: one row per record and rule, with the printed values,
    the expected value and the page."""
    from validations.rules import RULES_BY_ID
    from warehouse.anomalies import AnomalyListing, query_anomalies

    if rule is not None and rule not in RULES_BY_ID:
        fail(f"unknown rule {_shown(rule)}; use one of: {', '.join(RULES_BY_ID)}")
    rows = _read_store(database_url, lambda engine: query_anomalies(engine, region=region, rule=rule,
                                                                    severity=severity))
    if format is not OutputFormat.table:
        _write_listing(rows, AnomalyListing, format)
        return
    table = Table(caption=f"anomalies: {len(rows)}")
    for column in ("Region", "Rule", "Year", "Page"):
        table.add_column(column, no_wrap=True)
    table.add_column("Message", overflow="fold", ratio=1)
    for r in rows:
        table.add_row((r.region or "").removeprefix("Region "), r.rule, str(r.year or ""), str(r.page or ""),
                      Text(r.message))
    console.print(table)


@app.command()
def report(
    out: Annotated[Path | None, typer.Option("--out", help="Where to write the HTML report "
                                             "(default: $RAMME_DATA_DIR/validation/report.html).")] = None,
    database_url: DatabaseUrl = None,
) -> None:
    """Write the validation report: one self-contained HTML page with every anomaly, its printed values
    and a crop of the PDF page it stands on."""
    from models.settings import get_settings
    from validations.stage import write_store_report

    path = _read_store(database_url, lambda engine: write_store_report(engine, get_settings(), out))
    typer.echo(str(path))


def _shown(value: str, limit: int = 60) -> str:
    """A value the user gave, quoted and shortened for a message."""
    return repr(value if len(value) <= limit else value[: limit - 1] + "…")


compare_app = typer.Typer(help="Compare normalised clauses across regions and periods.", no_args_is_help=True)
app.add_typer(compare_app, name="compare")


@compare_app.command("notice-periods")
def compare_notice_periods_command(
    format: Annotated[OutputFormat, typer.Option("--format", help="Output format.")] = OutputFormat.table,
    database_url: DatabaseUrl = None,
) -> None:
    """Notice periods per offer type, one column per region and period."""
    from warehouse import compare_notice_periods

    comparison = _read_store(database_url, compare_notice_periods)
    if format is OutputFormat.json:
        sys.stdout.write(json.dumps({"columns": comparison.columns, "rows": comparison.rows},
                                    ensure_ascii=False, indent=2) + "\n")
        return
    cells = [(row, ["; ".join(values.get(c, [])) for c in comparison.columns])
             for row, values in comparison.rows.items()]
    if format is OutputFormat.csv:
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(["offer_type", *comparison.columns])
        writer.writerows([row, *values] for row, values in cells)
        return
    table = Table(title="Opsigelsesvarsler pr. tilbudstype")
    table.add_column("Tilbudstype", overflow="fold")
    for column in comparison.columns:
        table.add_column(column, overflow="fold")
    for row, values in cells:
        table.add_row(row, *(value or "—" for value in values))
    console.print(table)


def _write_listing(rows: list, listing: type, format: OutputFormat) -> None:
    """Query rows as JSON (values as stored: 16.0 stays 16.0) or CSV, one column per listing field."""
    if format is OutputFormat.json:
        sys.stdout.write(json.dumps([dataclasses.asdict(r) for r in rows], ensure_ascii=False, indent=2) + "\n")
        return
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(f.name for f in dataclasses.fields(listing))
    writer.writerows([_csv_cell(v) for v in dataclasses.astuple(r)] for r in rows)


def _csv_cell(value) -> object:
    """A value in one CSV cell: lists joined with "; ", mappings as JSON, None empty."""
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return "; ".join(str(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return value


def _print_offers(rows) -> None:
    from models.numbers import format_danish_number as number

    table = Table(caption=f"offer-years: {len(rows)}")
    for column in ("Region", "Table", "Target group", "Offer", "Operator", "Legal basis"):
        table.add_column(column, overflow="fold")
    for column in ("Year", "Places", "Used", "Occ. %"):
        table.add_column(column, justify="right", no_wrap=True)
    for r in rows:
        table.add_row(r.region or "", r.table or "", r.target_group or "", r.name, r.operator or "",
                      r.legal_basis or "", str(r.year or ""), number(r.capacity), number(r.usage),
                      number(r.occupancy_pct))
    console.print(table)


def main() -> None:
    from models.settings import apply_offline_environment

    apply_offline_environment()  # before any command imports Prefect or Great Expectations
    app()


if __name__ == "__main__":
    main()
