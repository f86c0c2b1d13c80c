"""What every `ramme` command shares: the Typer app, the console, one-line errors, the store
connection, and printing listings as a table (readable at 80 columns), CSV or JSON."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

app = typer.Typer(name="ramme", help="Danish regional framework agreements from PDF to structured data.",
                  no_args_is_help=True, add_completion=False)


def _console() -> Console:
    """The terminal's width; $COLUMNS when set; else (logs, pipes) 160 columns."""
    if os.environ.get("COLUMNS", "").isdigit():
        return Console(width=int(os.environ["COLUMNS"]))
    return Console() if sys.stdout.isatty() else Console(width=160)


console = _console()

DatabaseUrl = Annotated[str | None, typer.Option("--database-url", envvar="RAMME_DATABASE_URL",
                                                  help="SQLAlchemy URL of the store (default: SQLite file "
                                                       "in $RAMME_DATA_DIR).", show_default=False)]


class OutputFormat(str, Enum):
    table = "table"
    csv = "csv"
    json = "json"


FormatOption = Annotated[OutputFormat, typer.Option("--format", help="Output format.")]
ExcelOption = Annotated[bool, typer.Option("--excel", help="CSV as a Danish-locale Excel reads it: UTF-8 "
                                                           "byte-order mark, ';' and decimal comma.")]


#: the longest error line printed (a message quoting a huge value is cut there)
MAX_MESSAGE = 600


def fail(message: str) -> NoReturn:
    """One line on stderr, exit code 1."""
    line = " ".join(str(message).split())
    typer.echo(f"ramme: error: {line if len(line) <= MAX_MESSAGE else line[:MAX_MESSAGE - 1] + '…'}", err=True)
    raise typer.Exit(1)


def note(message: str) -> None:
    """One line on stderr that explains an answer (e.g. why it is empty); the exit code stays 0."""
    typer.echo(f"ramme: {' '.join(str(message).split())}", err=True)


def read_store(database_url: str | None, query: Callable[[Any], Any]) -> Any:
    """Run `query(engine)` on the store; a bad URL, a missing store, a filter that names nothing or a
    query error ends with one readable line."""
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
    except ValueError as exc:  # SchemaError, FilterError
        fail(str(exc))
    except SQLAlchemyError as exc:
        fail(f"cannot read the store: {type(exc).__name__}: {str(exc.args[0] if exc.args else exc)[:200]}")
    finally:
        engine.dispose()


@dataclass(frozen=True)
class Column:
    """A column of a printed table: its header, how to read the cell, and how much it matters (the
    lowest `priority` columns are left out first when the terminal is narrow)."""

    header: str
    value: Callable[[Any], Any]
    priority: int = 1
    numeric: bool = False


def print_rows(rows: Sequence[Any], columns: Sequence[Column], caption: str) -> None:
    """A table that fits the console: columns are dropped by priority until the longest word of every
    kept column fits, cells wrap between words (a word too long is cut with "…", never split)."""
    cells = [[_text(c.value(row)) for c in columns] for row in rows]
    kept = list(range(len(columns)))
    while len(kept) > 1 and _min_width(columns, cells, kept) > _console().width:
        kept.remove(min(kept, key=lambda i: (columns[i].priority, -i)))
    table = Table(caption=caption + (f" ({len(columns) - len(kept)} columns left out at this width)"
                                     if len(kept) < len(columns) else ""))
    out = _console()
    for i in kept:
        table.add_column(columns[i].header, justify="right" if columns[i].numeric else "left", overflow="ellipsis")
    for row in cells:
        table.add_row(*(Text(row[i]) for i in kept))
    out.print(table)


def _min_width(columns: Sequence[Column], cells: list[list[str]], kept: list[int]) -> int:
    widest_word = [max([len(columns[i].header)] + [max((len(w) for w in row[i].split()), default=0)
                                                    for row in cells]) for i in kept]
    return sum(min(w, 24) for w in widest_word) + 3 * len(kept) + 1


def _text(value: Any) -> str:
    from models.numbers import format_danish_number
    from warehouse.exports import cell

    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return format_danish_number(value)
    return str(cell(value))


def _write_listing(rows: Sequence[Any], listing: type, format: OutputFormat, *, excel: bool = False) -> None:
    """Rows of a listing as JSON or CSV on stdout, one column per listing field."""
    from warehouse.exports import write_csv, write_json

    if format is OutputFormat.json:
        write_json(rows, sys.stdout)
    else:
        write_csv(rows, listing, sys.stdout, excel=excel)


def show_listing(rows: Sequence[Any], listing: type, format: OutputFormat, *, excel: bool, title: str,
                 columns: Sequence[Column], empty_note: str | None) -> None:
    """Rows of a listing as a table captioned "title: count", or as CSV or JSON; when there are none,
    `empty_note` (why) on stderr."""
    if not rows and empty_note:
        note(empty_note)
    if format is OutputFormat.table:
        print_rows(rows, columns, f"{title}: {len(rows)}")
    else:
        _write_listing(rows, listing, format, excel=excel)
