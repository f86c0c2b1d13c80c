"""The `ramme` command line: run the pipeline, extract one PDF, write the validation report, serve the
web page; the query commands are in `app.query_commands`.

Errors the user can fix (a missing or broken file, an unknown region, an invalid database URL, no
store yet) end with exit code 1 and one readable line on stderr, never a traceback. `ramme run`
exits with 3 when it ran but a document failed (its summary says which); 2 stays Click's code for a
wrong command line.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import logging
import os
import sys
import time
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table
from rich.text import Text

from app import query_commands  # noqa: F401  (registers the query commands on `app`)
from app.common import DatabaseUrl, app, console, fail, read_store


class ExtractFormat(str, Enum):
    json = "json"


DOCUMENT_FAILED_EXIT = 3  # `ramme run`: not 1 (nothing ran) and not 2 (Click: a wrong command line)


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
    from flows.server import start_temporary_server

    server_ready = start_temporary_server()  # starts while the stages below are imported
    from sqlalchemy.exc import SQLAlchemyError

    from flows.process import run_agreements
    from warehouse import SchemaError

    started = time.perf_counter()
    try:
        with console.status(f"Processing {len(listed)} documents from {sources} …") as status, \
                _progress_on(status, f"Processing {len(listed)} documents from {sources} … "):
            server_ready()
            summary = run_agreements(sources_file=str(sources), database_url=database_url)
    except SchemaError as exc:  # a store made before schema versions, or by a newer ramme
        fail(str(exc))
    except SQLAlchemyError as exc:
        fail(f"cannot use the store: {type(exc).__name__}: {exc.args[0] if exc.args else exc}")
    except OSError as exc:  # e.g. a data dir that cannot be written
        fail(f"{exc.filename or 'data dir'}: {exc.strerror or exc}")
    _print_summary(summary, time.perf_counter() - started)
    if summary["totals"]["failed"] or "error" in summary.get("validation", {}):
        raise typer.Exit(DOCUMENT_FAILED_EXIT)


@contextlib.contextmanager
def _progress_on(status, prefix: str):
    """Show the workers' progress (a scanned document's pages as OCR reads them) on the status line, or
    as lines of their own when the output is not a terminal (a nightly log)."""
    from flows.isolation import PROGRESS

    class StatusLine(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            if console.is_terminal:
                status.update(prefix + record.getMessage())
            else:
                console.print(Text(record.getMessage()), soft_wrap=True)

    handler, level = StatusLine(logging.INFO), PROGRESS.level
    PROGRESS.addHandler(handler)
    PROGRESS.setLevel(logging.INFO)
    try:
        yield
    finally:
        PROGRESS.removeHandler(handler)
        PROGRESS.setLevel(level)


WARNINGS_SHOWN = 3  # per document; the rest stay on its row in the store (document.warnings)


def _print_summary(summary: dict, seconds: float) -> None:
    from models.enums import SourceOutcome
    from models.records import LoadCounts
    from models.regions import REGIONS_BY_CODE

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
    for region in summary.get("no_source", []):
        console.print(Text.assemble(("no source ", "yellow"), f"{REGIONS_BY_CODE[region['region']].name}: no "
                                    f"document listed; it publishes at {region['publisher']}"), soft_wrap=True)
    for suspect in summary.get("suspects", []):
        console.print(Text.assemble(("suspect ", "yellow"), f"{suspect['reason']} (`ramme documents` shows it, "
                                    "`ramme accept ID` makes it current)"), soft_wrap=True)
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
        unchanged = " (the store is unchanged since it was written)" if validation.get("reused") else ""
        console.print(f"Validation report: {validation['report']}{unchanged}", soft_wrap=True)


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
def report(
    out: Annotated[Path | None, typer.Option("--out", help="Where to write the HTML report "
                                             "(default: $RAMME_DATA_DIR/validation/report.html).")] = None,
    database_url: DatabaseUrl = None,
) -> None:
    """Write the validation report: one self-contained HTML page with every anomaly, its printed values
    and a crop of the PDF page it stands on."""
    from models.settings import get_settings
    from validations.stage import write_store_report

    path = read_store(database_url, lambda engine: write_store_report(engine, get_settings(), out))
    typer.echo(str(path))


@app.command()
def accept(
    document_id: Annotated[int, typer.Argument(help="The suspect document's id (`ramme documents`).")],
    database_url: DatabaseUrl = None,
) -> None:
    """Accept a version held back as suspect: it replaces its source's current version in the queries."""
    from warehouse.load import accept_suspect

    document = read_store(database_url, lambda engine: accept_suspect(engine, document_id))
    typer.echo(f"{document.file_name} (document {document.id}) is now its source's current version")


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on (127.0.0.1: this machine only).")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.", min=1, max=65535)] = 8000,
    database_url: DatabaseUrl = None,
) -> None:
    """Serve the read-only web page: offers, comparisons, minutes, anomalies and load status, each
    value linked to the PDF page it stands on."""
    from app.web.server import serve as serve_web

    read_store(database_url, lambda engine: None)  # a missing or outdated store is one line, not a traceback
    serve_web(database_url, host=host, port=port)


def main() -> None:
    from models.settings import apply_offline_environment

    apply_offline_environment()  # before any command imports Prefect or Great Expectations
    app()


if __name__ == "__main__":
    main()
