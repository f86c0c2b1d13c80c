"""Clauses in the store and compared across regions: Hovedstaden 2025-2026, Sjælland 2021-2022 and the
Nordjylland minutes. The expected values are read from the PDFs' page texts (`extractors.pdf`)."""

from __future__ import annotations

import dataclasses
import json
from functools import cache
from pathlib import Path

import pytest
from typer.testing import CliRunner

from app.cli import app
from conftest import build_extraction, load_extraction
from extractors.pdf import parse_pdf
from models.enums import NotBindingReason
from warehouse import compare_notice_periods, create_schema, make_engine, query_clauses
from warehouse.compare import Cell, compare_clauses, describe_notice
from warehouse.filters import FilterError

ROOT = Path(__file__).resolve().parents[1]
DOCUMENTS = {
    "hovedstaden": "data/agreements/hovedstaden-2025-2026-web.pdf",
    "sjaelland": "data/agreements/sjaelland-2021-2022-word.pdf",
    "nordjylland": "data/agreements/nordjylland-das-2024-word.pdf",
}
H, N, S = "Region Hovedstaden 2025-2026", "Region Nordjylland 2024", "Region Sjælland 2021-2022"


class _Source:
    def __init__(self, region: str, url: str) -> None:
        self.region, self.url, self.kind = region, url, "agreement"


@cache
def printed(region: str, page: int) -> str:
    """A page of a bundled PDF as text, lines joined (the reference the comparisons are checked against)."""
    with parse_pdf(ROOT / DOCUMENTS[region]) as document:
        return " ".join(document.page_texts[page - 1].split())


@pytest.fixture(scope="module")
def store(tmp_path_factory, bundled_extractions) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('compare') / 'ramme.db'}"
    engine = make_engine(url)
    create_schema(engine)
    for region, relative in DOCUMENTS.items():
        load_extraction(engine, _Source(region, relative), bundled_extractions[Path(relative).name])
    engine.dispose()
    return url


def values(cells: dict[str, list[Cell]]) -> dict[str, list[str]]:
    return {column: [cell.value for cell in found] for column, found in cells.items()}


def test_notice_periods_side_by_side(store):
    assert "Aflastning: Løbende måned plus en måned." in printed("hovedstaden", 13)
    assert "Sociale tilbud (botilbud, dagtilbud og beskyttet beskæftigelse): Løbende måned plus en måned." \
        in printed("hovedstaden", 13)
    assert "Der er ikke aftalt opsigelsesvarsler for herberger" in printed("hovedstaden", 13)
    assert "Opsigelsesvarsel er løbende måned plus 30 dage, medmindre andet er aftalt." in printed("sjaelland", 19)
    comparison = compare_notice_periods(make_engine(store))
    assert comparison.columns == [H, N, S]
    assert values(comparison.rows["Alle tilbud (generelt)"])[S] == [
        "løbende måned + 30 dage (medmindre andet er aftalt)"]
    assert H not in comparison.rows["Alle tilbud (generelt)"]  # Hovedstaden states no general rule
    for row in ("Botilbud", "Aflastning"):
        [cell] = comparison.rows[row][H]
        assert (cell.value, cell.page, cell.general) == ("løbende måned + 1 måned", 13, False)
        assert cell.text in printed("hovedstaden", 13) and cell.bbox is not None
    assert values(comparison.rows["Herberger"])[H] == ["intet opsigelsesvarsel"]
    extended = comparison.rows["Forlænget varsel ved opsigelse af flere pladser"]
    assert values(extended)[H] == ["løbende måned + 6 måneder (leverandøren kan forlænge)"]
    assert S not in extended  # not an offer type: the general rule does not fill it


def test_general_rule_fills_the_offer_types_it_covers(store):
    comparison = compare_notice_periods(make_engine(store))
    for row in ("Botilbud", "Aflastning", "Herberger"):  # offer types only Hovedstaden names
        [cell] = comparison.rows[row][S]
        assert cell.value == "løbende måned + 30 dage (medmindre andet er aftalt) (generel regel)"
        assert cell.general and cell.page == 19 and cell.text in printed("sjaelland", 19)


def test_minutes_get_a_column_that_says_why(store):
    assert printed("nordjylland", 1).startswith("KKR Nordjylland · Den Administrative Styregruppe (DAS) Punkt 1.")
    engine = make_engine(store)
    for kind in ("notice", "payment", "tariff"):
        comparison = compare_clauses(engine, kind)
        assert N in comparison.columns and comparison.notes == {N: "kun referat"}
        assert all(cells[N] == [Cell("kun referat", "", None, cells[N][0].document_id)]
                   for cells in comparison.rows.values())


def test_payment_terms_side_by_side(store):
    assert "Driftsherrerne afregner månedsvis forud hver den 10. i måneden." in printed("hovedstaden", 13)
    assert "Fristen for betaling fastsættes til 30 dage." in printed("sjaelland", 19)
    assert "Afregning sker månedsvis bagud med mindre andet er fastsat ved lov." in printed("sjaelland", 19)
    comparison = compare_clauses(make_engine(store), "payment")
    assert comparison.columns == [H, N, S]
    settlement = comparison.rows["settlement"]
    assert [(c.value, c.page) for c in settlement[H]] == [("månedsvis forud, den 10.", 13)]
    assert ("månedsvis bagud", 19) in [(c.value, c.page) for c in settlement[S]]
    deadline = next(c for c in comparison.rows["payment_deadline"][S] if c.value == "betalingsfrist 30 dage")
    assert (deadline.page, deadline.text) == (19, "Fristen for betaling fastsættes til 30 dage.")
    assert H not in comparison.rows["payment_deadline"]


def test_tariff_rules_side_by_side(store):
    assert "har en overheadprocent på 6" in printed("hovedstaden", 6)
    comparison = compare_clauses(make_engine(store), "tariff")
    overhead = comparison.rows["overhead_cap"][H]
    assert overhead[0].value == "overhead 6 %" and overhead[0].page == 6
    assert "overheadprocent på 6" in overhead[0].text


def test_agreement_without_such_clauses_says_so(engine):
    sample = build_extraction()
    proposal = dataclasses.replace(sample.clauses[0], subject="Krisecentre", binding=False,
                                   not_binding_reason=NotBindingReason.PROPOSAL)
    with_notice = dataclasses.replace(sample, clauses=(*sample.clauses, proposal))
    without = dataclasses.replace(build_extraction(sha256="b" * 64), clauses=(), meta=dataclasses.replace(
        with_notice.meta, region="syddanmark", title="Rammeaftale 2025-2026"))
    load_extraction(engine, _Source("hovedstaden", "h.pdf"), with_notice)
    load_extraction(engine, _Source("syddanmark", "s.pdf"), without)
    notice = compare_notice_periods(engine)
    assert notice.columns == ["Region Hovedstaden 2025-2026", "Region Syddanmark 2025-2026"]
    assert values(notice.rows["Botilbud"]) == {"Region Hovedstaden 2025-2026": ["løbende måned + 1 måned"],
                                              "Region Syddanmark 2025-2026": ["intet opsigelsesvarsel i aftalen"]}
    assert "Krisecentre" not in notice.rows  # a proposal is not a rule in force
    assert values(compare_clauses(engine, "notice", include_non_binding=True).rows["Krisecentre"]) == {
        "Region Hovedstaden 2025-2026": ["løbende måned + 1 måned"],
        "Region Syddanmark 2025-2026": ["intet opsigelsesvarsel i aftalen"]}
    payment = compare_clauses(engine, "payment")  # no payment term anywhere: no rows, every column a note
    assert payment.rows == {} and set(payment.notes.values()) == {"ingen betalingsbetingelser i aftalen"}
    with pytest.raises(FilterError, match="unknown comparison 'fees'"):
        compare_clauses(engine, "fees")


def test_clauses_query_keeps_provenance(store):
    rows = query_clauses(make_engine(store), kind="payment_term", region="Region Sjælland")
    assert rows and {r.region for r in rows} == {"sjaelland"}
    assert all(r.page and r.period == "2021-2022" for r in rows)
    normalized = [r.normalized or {} for r in rows]
    assert {"frequency": "monthly", "timing": "in_arrears"}.items() <= next(
        n for n in normalized if n.get("timing") == "in_arrears").items()
    assert any(n.get("payment_deadline_days") == 30 for n in normalized)


def test_cli_clauses(store, monkeypatch):
    monkeypatch.setenv("RAMME_DATABASE_URL", store)
    runner = CliRunner()
    clauses = runner.invoke(app, ["clauses", "--kind", "notice_period", "--region", "hovedstaden", "--format", "json"])
    assert clauses.exit_code == 0, clauses.output
    found = json.loads(clauses.output)
    assert len(found) == 6 and all(c["section"] == "4.2 OPSIGELSESVARSLER" for c in found)
    bad = runner.invoke(app, ["clauses", "--region", "atlantis"])
    assert bad.exit_code == 1 and "unknown region" in bad.output


def test_cli_compare_notice_periods(store, monkeypatch):
    monkeypatch.setenv("RAMME_DATABASE_URL", store)
    runner = CliRunner()
    result = runner.invoke(app, ["compare", "notice-periods", "--format", "json"])
    assert result.exit_code == 0, result.output
    found = json.loads(result.output)
    assert found["columns"] == [H, N, S]
    [cell] = found["rows"]["Botilbud"][H]
    assert (cell["value"], cell["page"]) == ("løbende måned + 1 måned", 13)
    table = runner.invoke(app, ["compare", "notice-periods"], env={"COLUMNS": "250"})
    assert "løbende måned + 1 måned" in table.output and "(generel regel)" in table.output
    assert "kun referat" in table.output


@pytest.mark.parametrize(("normalized", "words"), [
    ({"running_month": True, "plus_months": 1, "plus_days": 0}, "løbende måned + 1 måned"),
    ({"running_month": True, "plus_months": 3, "plus_days": 0}, "løbende måned + 3 måneder"),
    ({"running_month": True, "plus_months": 0, "plus_days": 30}, "løbende måned + 30 dage"),
    (None, "ikke genkendt"),
])
def test_describe_notice(normalized, words):
    assert describe_notice(normalized) == words
