"""Clauses in the store and compared across regions: Hovedstaden 2025-2026 next to Sjælland 2021-2022."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from app.cli import app
from extractors.document import extract_document
from conftest import load_extraction
from warehouse import compare_notice_periods, create_schema, make_engine, query_clauses
from warehouse.compare import describe_notice

ROOT = Path(__file__).resolve().parents[1]
DOCUMENTS = {
    "hovedstaden": "data/agreements/hovedstaden-2025-2026-web.pdf",
    "sjaelland": "data/agreements/sjaelland-2021-2022-word.pdf",
    "nordjylland": "data/agreements/nordjylland-das-2024-word.pdf",
}
H, S = "Region Hovedstaden 2025-2026", "Region Sjælland 2021-2022"


class _Source:
    def __init__(self, region: str, url: str) -> None:
        self.region, self.url, self.kind = region, url, "agreement"


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('compare') / 'ramme.db'}"
    engine = make_engine(url)
    create_schema(engine)
    for region, relative in DOCUMENTS.items():
        load_extraction(engine, _Source(region, relative), extract_document(ROOT / relative))
    engine.dispose()
    return url


def test_notice_periods_side_by_side(store):
    comparison = compare_notice_periods(make_engine(store))
    assert comparison.columns == [H, S]  # the minutes' proposals and templates are not rules in force
    assert comparison.rows["Botilbud"] == {H: ["løbende måned + 1 måned"]}
    assert comparison.rows["Aflastning"] == {H: ["løbende måned + 1 måned"]}
    assert comparison.rows["Alle tilbud (generelt)"] == {S: ["løbende måned + 30 dage (medmindre andet er aftalt)"]}
    assert comparison.rows["Herberger"] == {H: ["intet opsigelsesvarsel"]}
    extended = comparison.rows["Forlænget varsel ved opsigelse af flere pladser"]
    assert extended == {H: ["løbende måned + 6 måneder (leverandøren kan forlænge)"]}


def test_clauses_query_keeps_provenance(store):
    rows = query_clauses(make_engine(store), kind="payment_term", region="Region Sjælland")
    assert rows and {r.region for r in rows} == {"sjaelland"}
    assert all(r.page and r.period == "2021-2022" for r in rows)
    normalized = [r.normalized or {} for r in rows]
    assert {"frequency": "monthly", "timing": "in_arrears"}.items() <= next(
        n for n in normalized if n.get("timing") == "in_arrears").items()
    assert any(n.get("payment_deadline_days") == 30 for n in normalized)


def test_cli_compare_and_clauses(store, monkeypatch):
    monkeypatch.setenv("RAMME_DATABASE_URL", store)
    runner = CliRunner()
    result = runner.invoke(app, ["compare", "notice-periods", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["columns"] == [H, S]
    table = runner.invoke(app, ["compare", "notice-periods"], env={"COLUMNS": "200"})
    assert "løbende måned + 1 måned" in table.output and "løbende måned + 30 dage" in table.output
    clauses = runner.invoke(app, ["clauses", "--kind", "notice_period", "--region", "hovedstaden", "--format", "json"])
    assert clauses.exit_code == 0, clauses.output
    found = json.loads(clauses.output)
    assert len(found) == 6 and all(c["section"] == "4.2 OPSIGELSESVARSLER" for c in found)
    bad = runner.invoke(app, ["clauses", "--region", "atlantis"])
    assert bad.exit_code == 1 and "unknown region" in bad.output


@pytest.mark.parametrize(("normalized", "words"), [
    ({"running_month": True, "plus_months": 1, "plus_days": 0}, "løbende måned + 1 måned"),
    ({"running_month": True, "plus_months": 3, "plus_days": 0}, "løbende måned + 3 måneder"),
    ({"running_month": True, "plus_months": 0, "plus_days": 30}, "løbende måned + 30 dage"),
    (None, "ikke genkendt"),
])
def test_describe_notice(normalized, words):
    assert describe_notice(normalized) == words
