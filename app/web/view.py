"""Rendering: the Jinja2 templates, their filters (Danish numbers, links to a value's source) and the
one-line error page."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi.templating import Jinja2Templates
from starlette.requests import Request
from starlette.responses import Response

from models.geometry import BBox
from models.numbers import format_danish_number
from models.regions import REGIONS_BY_CODE

templates = Jinja2Templates(directory=Path(__file__).parent / "templates")

#: the pages in the menu: (path, label)
MENU = (("/", "Oversigt"), ("/offers", "Tilbud"), ("/target-groups", "Målgrupper"), ("/clauses", "Klausuler"),
        ("/editions", "Udgaver"),
        ("/minutes", "Referater"), ("/region-tables", "Regionstabeller"), ("/anomalies", "Anomalier"),
        ("/status", "Indlæsning"))


def number(value: Any) -> str:
    """16 → "16", 33.5 → "33,5", None → "–"."""
    return "–" if value is None else format_danish_number(value)


def region_name(code: str | None) -> str:
    region = REGIONS_BY_CODE.get(code or "")
    return region.name if region else (code or "–")


def source_url(document_id: int | None, page: int | None, bbox: Any = None) -> str | None:
    """/source/3/12?bbox=x0,top,x1,bottom: the page a value stands on, its box framed; None without a page.
    `bbox` is a `BBox`, its fields as a mapping (a listing made with `dataclasses.asdict`) or a tuple."""
    if not document_id or not page:
        return None
    url = f"/source/{document_id}/{page}"
    if bbox is None:
        return url
    box = bbox if isinstance(bbox, BBox) else BBox(**bbox) if isinstance(bbox, dict) else BBox(*bbox)
    return url + "?bbox=" + ",".join(f"{v:g}" for v in box.as_list())


templates.env.filters.update(number=number, region_name=region_name)
templates.env.globals.update(source_url=source_url, menu=MENU)


def render(request: Request, template: str, http_status: int = 200, /, **context: Any) -> Response:
    return templates.TemplateResponse(request, template, context, status_code=http_status)


def error_page(request: Request, status: int, message: str) -> Response:
    """The error page: the status and one line (cut at 300 characters), never a traceback."""
    line = " ".join(message.split())
    return render(request, "error.html", status, status=status, message=line[:300])
