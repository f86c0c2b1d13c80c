"""Exports of the offer search and the anomalies, with the page's filters: CSV as a Danish-locale Excel
opens it (UTF-8 byte-order mark, ";" and decimal comma), XLSX and JSON (`warehouse.exports`)."""

from __future__ import annotations

import io
import tempfile
from collections.abc import Sequence
from functools import partial
from pathlib import Path
from typing import Any

from fastapi import APIRouter
from starlette.requests import Request
from starlette.responses import Response

from app.web.pages import anomaly_rows, engine, offer_filters
from app.web.params import BadRequest
from warehouse.filters import shown

router = APIRouter()
page = partial(router.api_route, methods=["GET", "HEAD"])

_MEDIA = {"csv": "text/csv; charset=utf-8", "json": "application/json",
          "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def download(rows: Sequence[Any], listing: type, name: str, fmt: str) -> Response:
    """`rows` as a file to save, named `name`.`fmt`."""
    from warehouse.exports import write_csv, write_json, write_xlsx

    if fmt == "xlsx":
        with tempfile.TemporaryDirectory(prefix="ramme-web-") as folder:
            body = write_xlsx(rows, listing, Path(folder) / f"{name}.xlsx", sheet=name).read_bytes()
    else:
        text = io.StringIO()
        if fmt == "csv":
            write_csv(rows, listing, text, excel=True)
        else:
            write_json(rows, text)
        body = text.getvalue().encode("utf-8")
    return Response(body, media_type=_MEDIA[fmt],
                    headers={"Content-Disposition": f'attachment; filename="{name}.{fmt}"'})


@page("/offers.{fmt:str}")
def offers(request: Request, fmt: str) -> Response:
    from warehouse.offers import OfferListing, query_offers

    _check(fmt)
    return download(query_offers(engine(request), offer_filters(request)), OfferListing, "tilbud", fmt)


@page("/anomalies.{fmt:str}")
def anomalies(request: Request, fmt: str) -> Response:
    from warehouse.anomalies import AnomalyListing

    _check(fmt)
    return download(anomaly_rows(request), AnomalyListing, "anomalier", fmt)


def _check(fmt: str) -> None:
    if fmt not in _MEDIA:
        raise BadRequest(f"Ukendt format {shown(fmt)}; brug csv, xlsx eller json.", 404)
