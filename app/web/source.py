"""A value's source: the PDF page it was read from, rendered as PNG (`extractors.render`, imported
lazily) with the value's box framed in red; and the HTML page around that image."""

from __future__ import annotations

import re
import threading
from functools import lru_cache, partial
from pathlib import Path

from fastapi import APIRouter
from starlette.requests import Request
from starlette.responses import Response

from app.web.params import BadRequest, identifier
from app.web.view import render
from models.geometry import BBox
from warehouse.filters import shown

router = APIRouter()
page = partial(router.api_route, methods=["GET", "HEAD"])

MAX_POINTS = 20_000  # a box coordinate beyond any page
_BBOX = re.compile(r"-?\d{1,5}(?:\.\d{1,3})?")
_PDFIUM = threading.Lock()  # pdfium is not thread-safe; the app renders in a thread pool


def bbox(request: Request) -> BBox | None:
    """?bbox=x0,top,x1,bottom in PDF points (origin top-left)."""
    value = request.query_params.get("bbox")
    if not value:
        return None
    parts = value.split(",")
    if len(parts) != 4 or not all(_BBOX.fullmatch(p.strip()) for p in parts):
        raise BadRequest(f"bbox: {shown(value)} er ikke fire tal x0,top,x1,bottom.")
    x0, top, x1, bottom = (float(p) for p in parts)
    if not (0 <= x0 <= x1 <= MAX_POINTS and 0 <= top <= bottom <= MAX_POINTS):
        raise BadRequest(f"bbox: {shown(value)} er ikke en boks på en side.")
    return BBox(x0, top, x1, bottom)


def pdf_path(request: Request, document_id: str) -> tuple[int, str, Path]:
    """(id, file name, path) of a stored document whose PDF is in the fetch cache; 404 otherwise."""
    from warehouse.load import document_files

    number = identifier(document_id, "Dokument")
    settings = request.app.state.settings
    found = document_files(request.app.state.engine).get(number)
    path = settings.cached_file(*found) if found else None
    if path is None or not path.resolve().is_relative_to(settings.cache_dir.resolve()) or not path.is_file():
        raise BadRequest(f"Dokument {number} findes ikke, eller dets PDF er ikke gemt.", 404)
    return number, found[1], path


@page("/source/{document_id}/{page_number}.png")
def source_image(request: Request, document_id: str, page_number: str) -> Response:
    """The page as PNG (before the HTML route: "{page_number}" would also match "12.png")."""
    _number, _name, path = pdf_path(request, document_id)
    png = render_png(path, _page(page_number, page_count(path)), bbox(request))
    return Response(png, media_type="image/png", headers={"Cache-Control": "private, max-age=3600"})


@page("/source/{document_id}/{page_number}")
def source_page(request: Request, document_id: str, page_number: str) -> Response:
    """The page a value stands on, with its box framed, and links to the pages around it."""
    number, file_name, path = pdf_path(request, document_id)
    pages = page_count(path)
    shown_page = _page(page_number, pages)
    box = bbox(request)
    image = f"/source/{number}/{shown_page}.png" + (f"?{request.url.query}" if box else "")
    return render(request, "source.html", document_id=number, file_name=file_name, page=shown_page, pages=pages,
                  bbox=box, image=image)


def _page(value: str, pages: int) -> int:
    number = identifier(value, "Side")
    if number > pages:
        raise BadRequest(f"Side {number} findes ikke; dokumentet har {pages} sider.", 404)
    return number


@lru_cache(maxsize=64)
def page_count(path: Path) -> int:
    from extractors.render import page_count as count

    with _PDFIUM:
        return count(path)


@lru_cache(maxsize=32)
def render_png(path: Path, page_number: int, box: BBox | None) -> bytes:
    """The whole page, `box` framed in red (pdfium is not thread-safe: one render at a time)."""
    from extractors.render import page_png

    with _PDFIUM:
        return page_png(path, page_number, box)
