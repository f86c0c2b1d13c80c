"""The web app: routes, offline static files, security headers, GET/HEAD only, and one-line error pages.

`create_app` reads the store through the warehouse's functions only; `serve` runs it with uvicorn.
"""

from __future__ import annotations

from contextlib import asynccontextmanager
from functools import cache
from pathlib import Path
from urllib.parse import unquote_to_bytes

from fastapi import FastAPI, Request
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException
from starlette.responses import Response

from app.web import downloads, pages, source
from app.web.params import BadRequest
from app.web.view import error_page
from models.settings import Settings, get_settings
from warehouse.filters import FilterError

STATIC = Path(__file__).parent / "static"
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self'; "
                               "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Resource-Policy": "same-origin",
}
_HTTP_MESSAGES = {404: "Siden findes ikke.", 405: "Siden kan kun læses (GET/HEAD)."}


def create_app(database_url: str | None = None, settings: Settings | None = None) -> FastAPI:
    """The app on the store at `database_url` (default: the settings'); PDFs are read from the settings'
    cache. The store's schema is checked when the app starts."""
    from warehouse import make_engine, require_current_schema

    settings = settings or get_settings()
    engine = make_engine(database_url or settings.database_url)

    @asynccontextmanager
    async def lifespan(_app: FastAPI):
        require_current_schema(engine)
        yield
        engine.dispose()

    app = FastAPI(title="ramme", docs_url=None, redoc_url=None, openapi_url=None, lifespan=lifespan)
    app.state.engine, app.state.settings = engine, settings
    app.add_api_route("/static/plotly.min.js", _plotly_js, methods=["GET", "HEAD"])
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    for module in (pages, downloads, source):
        app.include_router(module.router)
    app.middleware("http")(_guard)
    app.add_exception_handler(BadRequest, _bad_request)
    app.add_exception_handler(FilterError, _bad_filter)
    app.add_exception_handler(HTTPException, _http_error)
    app.add_exception_handler(Exception, _internal_error)
    return app


def serve(database_url: str | None, host: str = "127.0.0.1", port: int = 8000) -> None:
    """Serve the page with uvicorn until interrupted (127.0.0.1: this machine only)."""
    import uvicorn

    uvicorn.run(create_app(database_url), host=host, port=port, log_level="warning")


async def _guard(request: Request, call_next) -> Response:
    """Only GET and HEAD, only UTF-8 in the query string; the security headers on every answer."""
    if request.method not in ("GET", "HEAD"):
        response = error_page(request, 405, _HTTP_MESSAGES[405])
        response.headers["Allow"] = "GET, HEAD"
    elif not _is_utf8(request.scope.get("query_string", b"")) or not _is_utf8(request.scope.get("raw_path", b"")):
        response = error_page(request, 400, "Adressen indeholder tegn, der ikke er gyldig UTF-8.")
    else:
        response = await call_next(request)
    response.headers.update(SECURITY_HEADERS)
    return response


def _is_utf8(raw: bytes) -> bool:
    try:
        unquote_to_bytes(raw.replace(b"+", b" ")).decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


@cache
def _plotly_source() -> bytes:
    from plotly.offline import get_plotlyjs

    return get_plotlyjs().encode("utf-8")


def _plotly_js() -> Response:
    """plotly.js from the plotly package: the charts need no network."""
    return Response(_plotly_source(), media_type="text/javascript",
                    headers={"Cache-Control": "public, max-age=86400"})


async def _bad_request(request: Request, exc: BadRequest) -> Response:
    return error_page(request, exc.status, exc.message)


async def _bad_filter(request: Request, exc: FilterError) -> Response:
    return error_page(request, 400, f"Ugyldigt filter: {exc}")


async def _http_error(request: Request, exc: HTTPException) -> Response:
    response = error_page(request, exc.status_code, _HTTP_MESSAGES.get(exc.status_code, "Forespørgslen kan ikke "
                                                                                          "besvares."))
    if exc.status_code == 405:
        response.headers["Allow"] = "GET, HEAD"
    return response


async def _internal_error(request: Request, _exc: Exception) -> Response:
    return error_page(request, 500, "Der opstod en intern fejl; den er skrevet i serverens log.")
