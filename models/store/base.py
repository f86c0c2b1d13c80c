"""What every store table shares, and the columns derived from a domain record.

A table that stores a record (`models.records`) does not declare that record's fields again:
`record_columns(Offer)` gives one column per field, typed from the record's annotations, and
`row_values` / `record_from_row` map a record to column values and back. Adding a field to a record
adds the column (plus a migration: `python -m warehouse.migrations "…"`).

Type mapping: str (and StrEnum) → VARCHAR, `Prose` → TEXT, int → INTEGER, bool → BOOLEAN, a number
as printed (`Number`: int | float) → FLOAT plus its name in the row's `decimal_comma` list when it was
printed with decimals (so 16.0 reads back as 16.0, not 16), tuples, lists, dicts → JSON. `page` and
`bbox` go to the provenance columns (`Provenance`); nested records (an offer's years) are tables of
their own.
"""

from __future__ import annotations

import dataclasses
import functools
import types
import typing
from collections.abc import Mapping
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any, TypeVar

from sqlalchemy import JSON, DateTime, Text
from sqlmodel import Field, SQLModel

from models.geometry import BBox
from models.records import Prose

# Every constraint and index gets a predictable name (the convention from the Alembic docs), so a later
# migration can drop or alter it by name on every database, and SQLite batch mode can find it. Names are
# given when a table is defined, so this has to run before any table class: every store module imports
# models.store.base before defining one.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
if SQLModel.metadata.tables:
    raise RuntimeError("models.store.base must be imported before any table is defined: these tables would "
                       f"have no constraint names: {sorted(SQLModel.metadata.tables)}")
SQLModel.metadata.naming_convention = NAMING_CONVENTION

R = TypeVar("R")
PROVENANCE_FIELDS = ("page", "bbox")
#: the JSON column that lists the `Number` fields printed with decimals
DECIMAL_COMMA = "decimal_comma"


def utc_now() -> datetime:
    return datetime.now(UTC)


def timestamp_field(**kwargs) -> datetime:
    """A timezone-aware timestamp column (TIMESTAMPTZ on PostgreSQL)."""
    return Field(sa_type=DateTime(timezone=True), **kwargs)


class Position(SQLModel):
    """A place on a page: the 1-based page and the bbox in PDF points (top-left origin).

    The bbox is four nullable float columns so it can be queried and indexed; all four are null when
    no position is known.
    """

    page: int | None = None
    x0: float | None = None
    top: float | None = None
    x1: float | None = None
    bottom: float | None = None

    @property
    def bbox(self) -> BBox | None:
        return None if self.x0 is None else BBox(self.x0, self.top, self.x1, self.bottom)


class Provenance(Position):
    """Where an extracted row came from: its document, and the place on the page."""

    document_id: int = Field(foreign_key="document.id", index=True)


# --- columns from a record ------------------------------------------------------------------------

@dataclasses.dataclass(frozen=True)
class _FieldType:
    base: Any  # the type without None and Annotated
    nullable: bool
    prose: bool = False

    @property
    def is_number(self) -> bool:
        return self.base == int | float

    @property
    def is_json(self) -> bool:
        origin = typing.get_origin(self.base) or self.base
        return isinstance(origin, type) and (issubclass(origin, (tuple, list, dict, Mapping))
                                             or typing.is_typeddict(origin))

    @property
    def is_record(self) -> bool:
        args = typing.get_args(self.base)
        return self.is_json and bool(args) and dataclasses.is_dataclass(args[0])


def _field_type(hint: Any) -> _FieldType:
    nullable, prose = False, False
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        members = [a for a in typing.get_args(hint) if a is not type(None)]
        nullable = len(members) < len(typing.get_args(hint))
        hint = members[0] if len(members) == 1 else typing.Union[tuple(members)]
    if typing.get_origin(hint) is typing.Annotated:
        prose = hint == Prose
        hint = typing.get_args(hint)[0]
    return _FieldType(hint, nullable, prose)


@functools.cache
def record_fields(record: type) -> dict[str, _FieldType]:
    """The stored fields of a record: every field but provenance and nested records, in order (read once
    per record type: the type hints do not change)."""
    hints = typing.get_type_hints(record, include_extras=True)
    found = {f.name: _field_type(hints[f.name]) for f in dataclasses.fields(record)
             if f.name not in PROVENANCE_FIELDS}
    return {name: ftype for name, ftype in found.items() if not ftype.is_record}


def record_columns(record: type, *, indexed: tuple[str, ...] = (), foreign_keys: Mapping[str, str] | None = None,
                   nullable: bool = False) -> dict[str, tuple[Any, Any]]:
    """name → (annotation, Field) for each stored field of `record`, for `define_table`; with
    `nullable`, every column may be NULL (a row that holds the record only sometimes)."""
    columns: dict[str, tuple[Any, Any]] = {}
    numbers = False
    has_default = {f.name for f in dataclasses.fields(record) if f.default is not dataclasses.MISSING}
    for name, ftype in record_fields(record).items():
        options: dict[str, Any] = {"index": name in indexed}
        if foreign_keys and name in foreign_keys:
            options["foreign_key"] = foreign_keys[name]
        # a field with a default may be NULL: rows stored before the field existed hold NULL, () is NULL
        if ftype.nullable or nullable or name in has_default:
            options["default"] = None
        if ftype.is_json:
            is_map = issubclass(typing.get_origin(ftype.base) or ftype.base, (dict, Mapping)) \
                or typing.is_typeddict(ftype.base)
            annotation: Any = dict[str, Any] if is_map else list[Any]
            options["sa_type"] = JSON(none_as_null=True)  # None is SQL NULL, not the JSON text null
        elif ftype.is_number:
            annotation, numbers = float, True
        elif isinstance(ftype.base, type) and issubclass(ftype.base, StrEnum):
            annotation = str
        else:
            annotation = ftype.base
            if ftype.prose:
                options["sa_type"] = Text
        columns[name] = (annotation | None if "default" in options else annotation, Field(**options))
    if numbers:
        columns[DECIMAL_COMMA] = (list[str] | None, Field(default=None, sa_type=JSON(none_as_null=True)))
    return columns


def define_table(class_name: str, table_name: str, base: type[SQLModel],
                 columns: Mapping[str, tuple[Any, Any]], table_args: tuple = ()) -> type[SQLModel]:
    """A SQLModel table class named `class_name` for `table_name` with `columns` (name → (annotation,
    Field)) on top of `base`'s."""
    namespace: dict[str, Any] = {"__tablename__": table_name, "__module__": base.__module__,
                                 "__annotations__": {name: annotation for name, (annotation, _) in columns.items()},
                                 **{name: field for name, (_, field) in columns.items()}}
    if table_args:
        namespace["__table_args__"] = table_args
    return types.new_class(class_name, (base,), {"table": True}, lambda ns: ns.update(namespace))


# --- values: record → row, row → record -----------------------------------------------------------

def row_values(record: Any) -> dict[str, Any]:
    """Column values for a record's stored fields and provenance (see `record_columns`)."""
    values: dict[str, Any] = {}
    decimals = []
    for name, ftype in record_fields(type(record)).items():
        value = getattr(record, name)
        if ftype.is_json and value is not None:
            is_map = isinstance(value, Mapping)
            value = dict(value) if is_map else (list(value) or None)
        elif ftype.is_number and isinstance(value, float):
            decimals.append(name)
        values[name] = value
    if any(f.is_number for f in record_fields(type(record)).values()):
        values[DECIMAL_COMMA] = decimals or None
    names = {f.name for f in dataclasses.fields(record)}
    if "page" in names:
        values["page"] = record.page
    if "bbox" in names:
        box = record.bbox
        values.update(x0=box.x0, top=box.top, x1=box.x1, bottom=box.bottom) if box else \
            values.update(x0=None, top=None, x1=None, bottom=None)
    return values


def record_from_row(record: type[R], row: Any, **nested: Any) -> R:
    """The record a row stores (nested records, e.g. an offer's years, given as keywords)."""
    decimals = set(getattr(row, DECIMAL_COMMA, None) or ())
    defaults = {f.name: f.default for f in dataclasses.fields(record)}
    values: dict[str, Any] = {}
    for name, ftype in record_fields(record).items():
        value = getattr(row, name)
        if value is None and defaults[name] not in (None, dataclasses.MISSING):
            value = defaults[name]  # an empty tuple is stored as NULL
        elif ftype.is_number and value is not None:
            value = float(value) if name in decimals else int(value)
        elif ftype.is_json and value is not None and not isinstance(value, dict):
            value = tuple(value)
        elif isinstance(ftype.base, type) and issubclass(ftype.base, StrEnum) and value is not None:
            value = ftype.base(value)
        values[name] = value
    names = {f.name for f in dataclasses.fields(record)}
    if "page" in names:
        values["page"] = row.page
    if "bbox" in names:
        values["bbox"] = row.bbox
    return record(**values, **nested)
