"""The HTML pages: overview, offer search, target groups, clauses, minutes, region tables, anomalies and
load status. Each reads the store through a warehouse function; parameters are checked first (`params`)."""

from __future__ import annotations

from collections import defaultdict
from functools import partial
from typing import Any

from fastapi import APIRouter
from starlette.requests import Request
from starlette.responses import Response

from app.web import charts, params
from app.web.view import render
from models.enums import Severity
from models.regions import REGIONS

router = APIRouter()
page = partial(router.api_route, methods=["GET", "HEAD"])  # every page answers GET and HEAD only

REGION_OPTIONS = [(r.code, r.name) for r in REGIONS]
AGE_OPTIONS = [("adults", "Voksne"), ("children", "Børn og unge")]
#: the clauses compared side by side (`warehouse.compare.KINDS`), with their Danish names
CLAUSE_KINDS = {"notice": "Opsigelsesvarsler", "payment": "Betalingsbetingelser", "tariff": "Takstregler"}
OFFER_FILTERS = ("region", "agreement", "age_group", "target_group", "operator", "name", "paragraph", "year",
                 "min_occupancy", "max_occupancy", "rule")


def engine(request: Request):
    return request.app.state.engine


def rules() -> dict[str, Any]:
    from validations.rules import RULES_BY_ID

    return RULES_BY_ID


@page("/")
def overview(request: Request) -> Response:
    """Target groups × regions: how many offers each region's agreement lists, with their places."""
    from warehouse.offers import region_target_group_matrix

    age = params.choice(request, "age_group", dict(AGE_OPTIONS), "age group")
    matrix = region_target_group_matrix(engine(request), age=age)
    return render(request, "overview.html", matrix=matrix, age_group=age, age_options=AGE_OPTIONS)


def offer_filters(request: Request):
    """The offer search's filters from the query string (`warehouse.filters.OfferFilters`)."""
    from warehouse.filters import OfferFilters

    rule = params.choice(request, "rule", rules(), "rule")
    values = {name: params.text(request, name) for name in OFFER_FILTERS[:7]}
    return OfferFilters(**values, year=params.year(request), rule=rule,
                        min_occupancy=params.number(request, "min_occupancy", high=10_000),
                        max_occupancy=params.number(request, "max_occupancy", high=10_000))


@page("/offers")
def offers(request: Request) -> Response:
    """The offer search: every filter, the matching offer-years with their source, totals per region and year."""
    from models.vocabulary import TARGET_GROUP, TERMS
    from warehouse.offers import explain_empty, offer_totals, query_offers

    filters = offer_filters(request)
    rows = query_offers(engine(request), filters)
    target_groups = [term.label for term in TERMS if term.category == TARGET_GROUP]
    return render(request, "offers.html", rows=rows, filters=filters, query=request.url.query,
                  offer_count=len({r.offer_id for r in rows}),
                  totals=offer_totals(rows, by=("region", "year")), target_groups=target_groups,
                  empty=None if rows else explain_empty(engine(request), filters),
                  region_options=REGION_OPTIONS, age_options=AGE_OPTIONS,
                  rule_options=[(r, r) for r in rules()])


@page("/target-groups")
def target_groups(request: Request) -> Response:
    from warehouse.offers import region_target_group_matrix

    matrix = region_target_group_matrix(engine(request))
    return render(request, "target_groups.html", matrix=matrix)


@page("/target-groups/{name}")
def target_group(request: Request, name: str) -> Response:
    """One target group across regions: capacity against places used, and occupancy, per year."""
    from warehouse.filters import MAX_TEXT, shown
    from warehouse.offers import target_group_trend

    if len(name) > MAX_TEXT or not name.strip():
        raise params.BadRequest(f"Målgruppen {shown(name)} er for lang eller tom.")
    age = params.choice(request, "age_group", dict(AGE_OPTIONS), "age group")
    totals = target_group_trend(engine(request), name, age)
    return render(request, "target_group.html", name=name, totals=totals, age_group=age, age_options=AGE_OPTIONS,
                  capacity_chart=charts.capacity_and_usage(totals), occupancy_chart=charts.occupancy(totals))


@page("/clauses")
def clauses(request: Request) -> Response:
    """Notice periods, payment terms or tariff rules side by side, one column per agreement."""
    from warehouse.compare import compare_clauses

    kind = params.choice(request, "kind", CLAUSE_KINDS, "clause kind") or "notice"
    return render(request, "clauses.html", comparison=compare_clauses(engine(request), kind), kind=kind,
                  kinds=CLAUSE_KINDS)


@page("/editions")
def editions(request: Request) -> Response:
    """What changed between two editions of a region's agreement: offers, capacities and clauses."""
    from warehouse.editions import diff_editions
    from warehouse.filters import FilterError
    from warehouse.queries import region_filter

    region, old, new = (params.text(request, name) for name in ("region", "old", "new"))
    diff, problem = None, None
    if region is not None:
        region_filter(region)  # an unknown region is a bad request
        try:
            diff = diff_editions(engine(request), region, old, new)
        except FilterError as exc:  # an unknown period (a bad request), or fewer than two editions
            problem = str(exc)
    return render(request, "editions.html", 400 if problem and (old or new) else 200, diff=diff, problem=problem,
                  region=region, old=old, new=new, region_options=REGION_OPTIONS)


@page("/minutes")
def minutes(request: Request) -> Response:
    """Agenda items of the minutes, their recommendation and decision; full-text search."""
    from warehouse.minutes import query_agenda

    search, region = params.text(request, "q"), params.text(request, "region")
    items = query_agenda(engine(request), search=search, region=region)
    return render(request, "minutes.html", items=items, search=search, region=region, region_options=REGION_OPTIONS)


@page("/region-tables")
def region_tables(request: Request) -> Response:
    """The minutes' tables with one row per region, as printed, each cell linked to its page."""
    from warehouse.tables import query_figures

    measure, region = params.text(request, "measure"), params.text(request, "region")
    cells = query_figures(engine(request), measure=measure, region=region, row_kind="region")
    tables: dict[tuple, dict[str, Any]] = {}
    for cell in cells:
        table = tables.setdefault((cell.document_id, cell.table_index), {
            "caption": cell.caption, "document": cell.document, "document_id": cell.document_id,
            "page": cell.page, "columns": {}, "rows": defaultdict(dict)})
        table["columns"].setdefault(cell.measure)
        table["rows"][cell.row_label][cell.measure] = cell
    return render(request, "region_tables.html", tables=list(tables.values()), measure=measure, region=region,
                  region_options=REGION_OPTIONS)


def anomaly_rows(request: Request) -> list[Any]:
    """The anomalies the query string's region, rule and severity select."""
    from warehouse.anomalies import query_anomalies

    rule = params.choice(request, "rule", rules(), "rule")
    severity = params.choice(request, "severity", list(Severity), "severity")
    return query_anomalies(engine(request), region=params.text(request, "region"), rule=rule, severity=severity)


@page("/anomalies")
def anomalies(request: Request) -> Response:
    """What the last validation found: counts per rule and region, then every finding with its source."""
    rows = anomaly_rows(request)
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for row in rows:
        counts[row.rule][row.region] += 1
    return render(request, "anomalies.html", rows=rows, counts=counts, query=request.url.query,
                  regions=sorted({r.region for r in rows}), rules=rules(),
                  region=request.query_params.get("region"), rule=request.query_params.get("rule"),
                  severity=request.query_params.get("severity"), region_options=REGION_OPTIONS,
                  rule_options=[(r, r) for r in rules()], severity_options=[("error", "Fejl"), ("warning", "Advarsel")])


@page("/status")
def status(request: Request) -> Response:
    """Load status: every stored document version (failed ones with their error) and the latest runs."""
    from warehouse.status import query_documents, query_runs

    documents = query_documents(engine(request))
    return render(request, "status.html", documents=documents, runs=query_runs(engine(request)),
                  failed=[d for d in documents if d.status == "failed"])
