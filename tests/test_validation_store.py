"""The validation stage on the bundled corpus, as the flow runs it: anomalies against the hand-checked
gold, reruns and reloads, `ramme anomalies`, and the report in a real headless Chromium."""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import load_bundled
from typer.testing import CliRunner

from app.cli import app
from models.settings import Settings
from validations.stage import validate_store
from warehouse import create_schema, make_engine
from warehouse.anomalies import query_anomalies

ROOT = Path(__file__).resolve().parents[1]
GOLD = json.loads((ROOT / "tests/gold/offers-000.json").read_text(encoding="utf-8"))
OFFER_YEAR_RULES = {"zero_occupancy_with_usage", "occupancy_mismatch", "occupancy_over_110",
                    "capacity_missing_with_use", "blank_value"}
ARTIFACTS = ROOT / "test-artifacts"


@pytest.fixture(scope="module")
def extractions(bundled_extractions) -> dict:
    return bundled_extractions


@pytest.fixture(scope="module")
def bundled(bundled_store):
    return bundled_store


def _load(engine, settings: Settings, name: str, extraction) -> None:
    load_bundled(engine, settings, name, extraction)


def _offer_years(listings) -> set[tuple[str, int]]:
    return {(a.offer, a.year) for a in listings if a.rule in OFFER_YEAR_RULES}


def test_flagged_offer_years_equal_the_gold(bundled, accuracy_report):
    """The five offer-year rules flag exactly the offer-years the gold lists (its `anomalies` and
    `values_outside_anomaly_rules`), each anomaly under the rules the gold names."""
    engine, _settings, _validated = bundled
    listings = query_anomalies(engine)
    flagged = _offer_years(listings)
    gold = {(item["name"], item["year"]) for item in GOLD["anomalies"] + GOLD["values_outside_anomaly_rules"]}
    hits = len(flagged & gold)
    precision, recall = hits / len(flagged), hits / len(gold)
    accuracy_report.extend(["", f"Offer-year anomalies vs gold (offers-000): flagged {len(flagged)}, gold {len(gold)},"
                                f" precision {precision:.3f}, recall {recall:.3f}"])
    assert (precision, recall) == (1.0, 1.0), (sorted(flagged - gold), sorted(gold - flagged))
    for item in GOLD["anomalies"]:
        rules = {a.rule for a in listings if (a.offer, a.year) == (item["name"], item["year"])} & OFFER_YEAR_RULES
        assert set(item["rules"]) <= rules, item
        mismatch = next((a for a in listings if (a.offer, a.year, a.rule) == (item["name"], item["year"],
                                                                              "occupancy_mismatch")), None)
        if mismatch is not None:
            assert mismatch.expected_pct == item["expected_pct"]


def test_the_users_examples_are_flagged_with_their_printed_values(bundled):
    engine, _settings, _validated = bundled
    by_key = {(a.offer, a.year, a.rule): a for a in query_anomalies(engine)}
    sostedet = by_key["Søstedet - De fleksible aktupladser", 2023, "zero_occupancy_with_usage"]
    assert (sostedet.capacity, sostedet.usage, sostedet.occupancy_pct) == (9, 8.6, 0)
    assert type(sostedet.capacity) is int and sostedet.page is not None and sostedet.bbox is not None
    elmehuset = by_key["Elmehuset , Hyblerne", 2021, "occupancy_mismatch"]
    assert (elmehuset.capacity, elmehuset.usage, elmehuset.occupancy_pct, elmehuset.expected_pct) == (6, 18.5, 100, 308)


def test_a_rerun_gives_the_same_set_and_no_duplicates(bundled):
    engine, settings, validated = bundled
    before = [(a.rule, a.offer_year_id, a.clause_id, a.document_id, a.message) for a in query_anomalies(engine)]
    again = validate_store(engine, None, settings, again=True)
    after = [(a.rule, a.offer_year_id, a.clause_id, a.document_id, a.message) for a in query_anomalies(engine)]
    assert not again.reused
    assert sorted(after) == sorted(before) and len(set(after)) == len(after) == validated.total == again.total


def test_an_unchanged_store_keeps_its_findings_and_a_changed_one_is_validated_again(tmp_path, extractions):
    """Validating a store whose documents did not change runs no suite: the stored findings and the
    report stand. A new document, or findings deleted behind the stage's back, make the next
    validation run the suites again."""
    from sqlalchemy import text

    settings = Settings(data_dir=tmp_path, database_url=f"sqlite:///{tmp_path / 'ramme.db'}")
    engine = make_engine(settings.database_url)
    create_schema(engine)
    name = "hovedstaden-2025-2026-web.pdf"
    _load(engine, settings, name, extractions[name])
    first = validate_store(engine, None, settings)
    assert not first.reused and first.total > 0
    kept = validate_store(engine, None, settings)
    assert kept.reused and (kept.counts, kept.report) == (first.counts, first.report)

    _load(engine, settings, "sjaelland-2021-2022-word.pdf", extractions["sjaelland-2021-2022-word.pdf"])
    changed = validate_store(engine, None, settings)
    assert not changed.reused and changed.total == first.total  # Sjælland's agreement has no anomalies
    with engine.begin() as connection:  # the anomaly rows are part of the state: a store emptied of them
        connection.execute(text("DELETE FROM anomaly"))
    assert validate_store(engine, None, settings).total == changed.total  # is validated again
    engine.dispose()


def test_a_reloaded_document_s_anomalies_follow_its_current_version(tmp_path, extractions):
    """A new version of the agreement where Søstedet 2023 prints 96 % replaces the old one: its zero-
    occupancy anomaly goes, and every anomaly points at the new version."""
    settings = Settings(data_dir=tmp_path, database_url=f"sqlite:///{tmp_path / 'ramme.db'}")
    engine = make_engine(settings.database_url)
    create_schema(engine)
    name = "hovedstaden-2025-2026-web.pdf"
    original = extractions[name]
    _load(engine, settings, name, original)
    validate_store(engine, None, settings)
    old_document = {a.document_id for a in query_anomalies(engine)}

    def fixed(offer):
        if offer.name != "Søstedet - De fleksible aktupladser":
            return offer
        return replace(offer, years=tuple(replace(y, occupancy_pct=96) if y.year == 2023 else y for y in offer.years))

    tables = tuple(replace(t, offers=tuple(fixed(o) for o in t.offers)) for t in original.offer_tables)
    _load(engine, settings, name, replace(original, sha256="f" * 64, offer_tables=tables))
    validate_store(engine, None, settings)
    listings = query_anomalies(engine)
    assert ("Søstedet - De fleksible aktupladser", 2023) not in {(a.offer, a.year) for a in listings
                                                                 if a.rule == "zero_occupancy_with_usage"}
    assert listings and {a.document_id for a in listings}.isdisjoint(old_document)
    engine.dispose()


def test_ramme_anomalies_filters_and_formats(bundled):
    engine, _settings, validated = bundled
    url = engine.url.render_as_string(hide_password=False)
    runner = CliRunner()
    result = runner.invoke(app, ["anomalies", "--database-url", url, "--format", "json", "--severity", "error"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert rows and {row["severity"] for row in rows} == {"error"}
    assert {"region", "agreement", "offer", "operator", "year", "rule", "severity", "message", "capacity", "usage",
            "occupancy_pct", "expected_pct", "document", "page"} <= set(rows[0])
    csv_rows = list(csv.DictReader(io.StringIO(runner.invoke(
        app, ["anomalies", "--database-url", url, "--format", "csv", "--rule", "occupancy_over_110"]).stdout)))
    assert len(csv_rows) == validated.counts["occupancy_over_110"]["Region Hovedstaden"]
    assert runner.invoke(app, ["anomalies", "--database-url", url, "--region", "sjaelland"]).exit_code == 0
    bad = runner.invoke(app, ["anomalies", "--database-url", url, "--rule", "no_such_rule"])
    assert bad.exit_code == 1 and "unknown rule 'no_such_rule'" in bad.stderr


def test_ramme_report_writes_the_page_where_asked(bundled, tmp_path, monkeypatch):
    engine, settings, validated = bundled
    monkeypatch.setenv("RAMME_DATA_DIR", str(settings.data_dir))
    out = tmp_path / "out" / "rapport.html"
    result = CliRunner().invoke(app, ["report", "--database-url", engine.url.render_as_string(hide_password=False),
                                      "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == str(out)
    page = out.read_text(encoding="utf-8")
    assert f"Valideringsrapport: {validated.total} fund" in page
    assert page.count('<div class="finding">') == validated.total
    assert page.count("data:image/png;base64,") == validated.total  # every anomaly here has a box


@pytest.mark.slow
def test_the_report_in_a_headless_browser(bundled, tmp_path):
    """The report opens in Chromium with the network off: the summary counts equal the anomaly rows,
    every anomaly row shows its crop, and a screenshot is kept in test-artifacts/."""
    from tests_browser import chromium

    engine, settings, validated = bundled
    report = validated.report
    assert report is not None and report.is_file()
    with chromium() as browser:
        browser.get(report.as_uri())
        summary = browser.execute_script(
            "return [...document.querySelectorAll('td[data-rule]')].map(td => [td.dataset.rule, "
            "td.dataset.region, Number(td.textContent)])")
        findings = browser.execute_script(
            "return [...document.querySelectorAll('div.finding')].map(div => { const img = div.querySelector('img');"
            " return [div.closest('body') !== null, img !== null && img.complete && img.naturalWidth > 0]; })")
        resources = browser.execute_script(
            "return performance.getEntriesByType('resource').map(e => e.name)")
        ARTIFACTS.mkdir(exist_ok=True)
        browser.save_screenshot(str(ARTIFACTS / "validation-report.png"))
    assert sum(count for _rule, _region, count in summary) == len(findings) == validated.total
    for rule, counts in validated.counts.items():
        for region, count in counts.items():
            assert [rule, region, count] in summary
    with_box = sum(1 for a in query_anomalies(engine) if a.page is not None and a.bbox is not None)
    assert sum(1 for _, shown in findings if shown) == with_box > 0
    assert all(not re.match(r"https?:", name) for name in resources)
    assert (ARTIFACTS / "validation-report.png").stat().st_size > 10_000


@pytest.mark.slow
def test_postgresql_finds_the_same_anomalies(bundled, extractions, postgresql, tmp_path):
    sqlite_engine, _settings, _validated = bundled
    info = postgresql.info
    settings = Settings(data_dir=tmp_path,
                        database_url=f"postgresql+psycopg://{info.user}@{info.host}:{info.port}/{info.dbname}")
    engine = make_engine(settings.database_url)
    try:
        create_schema(engine)
        for name, extraction in extractions.items():
            _load(engine, settings, name, extraction)
        validate_store(engine, None, settings)

        def found(db):
            return sorted((a.rule, a.region, a.offer, a.year, a.message, a.page) for a in query_anomalies(db))

        assert found(engine) == found(sqlite_engine)
    finally:
        engine.dispose()
