"""Query parameters, read by hand and checked before a store function sees them: text of bounded length,
years and numbers of bounded size, names from a fixed list. A bad value is a `BadRequest` whose one-line
message says what was wrong and repeats at most 60 characters of it (`warehouse.filters.shown`)."""

from __future__ import annotations

import re
from collections.abc import Iterable

from starlette.requests import Request

from warehouse.filters import MAX_TEXT, YEARS, shown, unknown

_YEAR = re.compile(r"\d{4}")
_NUMBER = re.compile(r"\d{1,5}(?:[.,]\d{1,3})?")
_ID = re.compile(r"[1-9]\d{0,8}")


class BadRequest(Exception):
    """A request the page cannot answer as asked: an HTTP status and one line saying why."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.message, self.status = message, status


def text(request: Request, name: str) -> str | None:
    """A text parameter, stripped; None when missing or empty."""
    value = request.query_params.get(name, "").strip()
    if len(value) > MAX_TEXT or any(ord(c) < 32 for c in value):
        raise BadRequest(f"{name}: {shown(value)} er for lang eller indeholder kontroltegn (højst {MAX_TEXT} tegn).")
    return value or None


def year(request: Request, name: str = "year") -> int | None:
    """A year between 1990 and 2100."""
    value = text(request, name)
    if value is None:
        return None
    if not _YEAR.fullmatch(value) or int(value) not in YEARS:
        raise BadRequest(f"{name}: {shown(value)} er ikke et årstal ({YEARS.start}–{YEARS.stop - 1}).")
    return int(value)


def number(request: Request, name: str, *, high: float) -> float | None:
    """A number between 0 and `high`, with a decimal point or comma."""
    value = text(request, name)
    if value is None:
        return None
    if not _NUMBER.fullmatch(value) or float(value.replace(",", ".")) > high:
        raise BadRequest(f"{name}: {shown(value)} er ikke et tal mellem 0 og {high:g}.")
    return float(value.replace(",", "."))


def choice(request: Request, name: str, choices: Iterable[str], what: str) -> str | None:
    """One of `choices` (the message names the nearest when it is not)."""
    value = text(request, name)
    choices = list(choices)
    if value is not None and value not in choices:
        raise unknown(what, value, choices)
    return value


def identifier(value: str, what: str) -> int:
    """A path segment that must be a positive whole number (a document id, a page)."""
    if not _ID.fullmatch(value):
        raise BadRequest(f"{what}: {shown(value)} er ikke et positivt heltal.", 404)
    return int(value)

