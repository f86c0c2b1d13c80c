"""Everyday questions to the store, answered on the bundled corpus; expected values are hand-counted
from the PDFs via the hand-checked gold files (tests/gold), never from the queries themselves."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from typer.testing import CliRunner

from app.cli import app
from warehouse.filters import FilterError, OfferFilters, fold
from warehouse.minutes import query_agenda
from warehouse.offers import offer_totals, query_offers, region_target_group_matrix, target_group_trend
from warehouse.status import query_documents, query_runs

GOLD_OFFERS = json.loads(open("tests/gold/offers-000.json", encoding="utf-8").read())
GOLD_MINUTES = json.loads(open("tests/gold/clauses-004.json", encoding="utf-8").read())


@pytest.fixture(scope="module")
def store(bundled_store):
    engine, _settings, _validated = bundled_store
    return engine


@pytest.fixture(scope="module")
def url(store) -> str:
    return store.url.render_as_string(hide_password=False)


def ramme(*args: str, columns: int = 200):
    return CliRunner().invoke(app, list(args), env={"COLUMNS": str(columns)})


def gold_offers(table_title_words: str) -> list[dict]:
    return [o for t in GOLD_OFFERS["offer_tables"] if table_title_words in t["title"].lower() for o in t["offers"]]


def test_adult_offers_for_intellectual_disability_in_hovedstaden(store):
    rows = query_offers(store, OfferFilters(region="hovedstaden", target_group="Udviklingshæmning",
                                            age_group="voksne"))
    assert offer_totals(rows, by=("region",))[0].offers == len(gold_offers("voksne med udviklingshæmning")) == 87


def test_arild_2021_figures(store):
    arild = next(o for o in gold_offers("") if o["name"] == "Arild")
    rows = query_offers(store, name="arild", year=2021)  # accent- and case-insensitive part of the name
    assert [(r.capacity, r.usage, r.occupancy_pct) for r in rows] == [
        (arild["capacity"][0], arild["usage"][0], arild["occupancy_pct"][0])]


def test_names_match_without_danish_letters(store):
    assert fold("Hulegården") == fold("hulegaarden") == fold("hulegarden")
    assert {r.name for r in query_offers(store, name="hulegarden")} == {"Hulegården"}
    assert query_offers(store, operator="Hulegården") == []  # an offer, not an operator


def test_totals_compute_occupancy_from_the_sums(store):
    rows = query_offers(store, region="hovedstaden", year=2023, target_group="hjemløshed")
    total = offer_totals(rows, by=("region",))[0]
    assert total.capacity == sum(r.capacity for r in rows if r.capacity is not None)
    assert total.occupancy_pct == int(100 * total.usage / total.capacity + 0.5)


def test_trend_and_matrix(store):
    trend = target_group_trend(store, "sindslidelse")
    assert [t.group for t in trend] == [("hovedstaden", 2021), ("hovedstaden", 2022), ("hovedstaden", 2023)]
    stated = GOLD_OFFERS["stated_counts"]
    assert {t.offers for t in trend} == {stated["adults"]["Sindslidelse"] + stated["children"]["Sindslidelser"]}
    matrix = region_target_group_matrix(store, age="adults")
    assert matrix.cells["Udviklingshæmning"]["hovedstaden"].offers == 87


def test_filters_that_name_nothing_say_what_would(store):
    with pytest.raises(FilterError, match=r"unknown region 'hovedstadn'; did you mean: hovedstaden\?"):
        query_offers(store, region="hovedstadn")
    with pytest.raises(FilterError, match=r"unknown target group 'Xyzzy'"):
        query_offers(store, target_group="Xyzzy")
    with pytest.raises(FilterError, match="out of range"):
        OfferFilters(year=10**24)


@pytest.mark.parametrize(("args", "why"), [
    (("--year", "2025"), "no figures for 2025; years in the store: 2021–2023"),
    (("--region", "sjaelland"), "no offers tables in the documents of 'sjaelland'"),
    (("--name", "Xyzzy"), "no offer matches all of: name=Xyzzy"),
])
def test_an_empty_answer_says_why(url, args, why):
    result = ramme("offers", "--database-url", url, *args)
    assert result.exit_code == 0 and why in result.stderr


@pytest.mark.parametrize("args", [("--region", "hovedstadn"), ("--target-group", "Xyzzy"),
                                  ("--year", "9" * 25), ("--region", "x" * 100_000), ("--rule", "nope")])
def test_bad_filters_are_one_line_errors(url, args):
    result = ramme("offers", "--database-url", url, *args)
    assert result.exit_code == 1 and result.stderr.count("\n") == 1 and len(result.stderr) < 800
    assert "Traceback" not in result.output


@pytest.mark.parametrize("value", ["'; DROP TABLE offer; --", "../../etc/passwd", "\" OR 1=1 --", "%", "_"])
def test_hostile_filter_values_change_nothing(url, store, value):
    before = {r.id for r in query_documents(store)}, len(query_offers(store))
    for option in ("--name", "--operator", "--target-group", "--region", "--agreement", "--paragraph"):
        result = ramme("offers", "--database-url", url, option, value, "--format", "json")
        assert result.exit_code in (0, 1) and "Traceback" not in result.output
    assert ({r.id for r in query_documents(store)}, len(query_offers(store))) == before


def test_nordjylland_item_4_decision(store):
    item = next(i for i in GOLD_MINUTES["agenda_items"] if i["number"] == 4)
    found = {a.number: a for a in query_agenda(store, search="østerskoven TAKSTER")}
    assert 4 in found and found[4].case_number == item["case_number"]
    assert " ".join(found[4].decision.split()) == item["decision_text"]
    assert query_agenda(store, search="østerskoven xyzzy") == []


def test_status_lists_documents_and_runs(store):
    documents = query_documents(store)
    assert {d.file_name for d in documents} >= {"sjaelland-2021-2022-word.pdf", "nordjylland-das-2024-word.pdf"}
    assert all(d.current and len(d.sha256) == 64 for d in documents)
    assert query_runs(store) == []  # loads outside a flow run record no run


def test_tables_fit_80_columns_without_splitting_words(url):
    result = ramme("offers", "--database-url", url, "--target-group", "Hjemløshed", "--year", "2023", columns=80)
    lines = result.stdout.splitlines()
    assert result.exit_code == 0 and max(len(line) for line in lines) <= 80
    words = {w for line in lines for w in re.findall(r"[\wæøåÆØÅ]+", line)}
    names = {w for r in json.loads(ramme("offers", "--database-url", url, "--target-group", "Hjemløshed",
                                         "--year", "2023", "--format", "json").stdout) for w in r["name"].split()}
    assert words & names  # offer names are shown whole
    assert not any(w[:-1] in names for w in words if w not in names and len(w) > 3)  # no word cut in two


def test_csv_for_danish_excel_and_xlsx_export(url, tmp_path):
    result = ramme("offers", "--database-url", url, "--name", "Arild", "--format", "csv", "--excel")
    assert result.stdout.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(result.stdout.lstrip("\ufeff")), delimiter=";"))
    assert [r["usage"] for r in rows] == ["19", "19,4", "19,4"]  # as printed: "19" and "19,4"
    out = tmp_path / "offers.xlsx"
    exported = ramme("export", "offers", "--database-url", url, "--out", str(out))
    assert exported.exit_code == 0, exported.output
    from openpyxl import load_workbook

    sheet = load_workbook(out).active
    header = [c.value for c in sheet[1]]
    assert sheet.max_row - 1 == len(json.loads(ramme("offers", "--database-url", url, "--format", "json").stdout))
    assert {"name", "capacity", "usage", "occupancy_pct", "document_id", "page"} <= set(header)


def test_every_query_command_answers(url):
    for args in (("agenda", "--search", "takster"), ("figures", "--measure", "2023"), ("documents",),
                 ("runs",), ("compare", "offers"), ("compare", "offers", "--target-group", "sindslidelse"),
                 ("clauses", "--kind", "payment_term", "--region", "sjaelland")):
        result = ramme(*args, "--database-url", url)
        assert result.exit_code == 0, (args, result.output)


@pytest.mark.parametrize("value", ["'; DROP TABLE agenda_item; --", "../../etc/passwd", "x" * 100_000, "\x00"])
@pytest.mark.parametrize("command", [("agenda", "--search"), ("figures", "--measure"), ("figures", "--region"),
                                     ("anomalies", "--region"), ("anomalies", "--rule"), ("clauses", "--kind"),
                                     ("compare", "offers", "--target-group"), ("compare", "editions")])
def test_hostile_values_in_every_command_are_one_line_answers(url, store, command, value):
    before = len(query_agenda(store)), len(query_documents(store))
    result = ramme(*command, value, "--database-url", url)
    assert result.exit_code in (0, 1, 2) and "Traceback" not in result.output
    assert len(result.stderr) < 1_000 and result.stderr.count("\n") <= 1
    assert (len(query_agenda(store)), len(query_documents(store))) == before
