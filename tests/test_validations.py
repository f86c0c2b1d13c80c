"""The validation stage: each rule on a minimal store (a bad row fires, a good row and the edges do not),
the report page, GX Data Docs, and the same findings on PostgreSQL.

The test store is made here with plain CREATE TABLE statements (the columns the rules read), not
with the project's models, so these tests do not move when the models do.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from models.enums import Severity
from models.geometry import BBox
from models.records import Anomaly
from models.regions import REGIONS_BY_CODE
from validations import suites
from validations.report import UNKNOWN_REGION, write_report
from validations.rules import RULES, Rule
from validations.suites import ValidationError, run_suites
from warehouse.anomalies import AnomalyListing

PDF = Path(__file__).parents[1] / "data/agreements/hovedstaden-2025-2026-web.pdf"

BOX = """page INTEGER, x0 FLOAT, top FLOAT, x1 FLOAT, bottom FLOAT"""
SCHEMA = [
    "CREATE TABLE agreement (id INTEGER PRIMARY KEY, region VARCHAR NOT NULL, period_start INTEGER, "
    "period_end INTEGER, title VARCHAR)",
    "CREATE TABLE document (id INTEGER PRIMARY KEY, sha256 VARCHAR, source_id INTEGER, agreement_id INTEGER, "
    "file_name VARCHAR, pages INTEGER, doc_type VARCHAR, region VARCHAR, title VARCHAR, period_start INTEGER, "
    "period_end INTEGER, status VARCHAR NOT NULL, error TEXT, warnings JSON)",
    f"CREATE TABLE offer (id INTEGER PRIMARY KEY, document_id INTEGER NOT NULL, agreement_id INTEGER, "
    f"position INTEGER NOT NULL, table_label VARCHAR, table_title VARCHAR, age_group VARCHAR, target_group VARCHAR, "
    f"target_group_key VARCHAR, name VARCHAR NOT NULL, operator VARCHAR, operator_name VARCHAR, "
    f"operator_code INTEGER, operator_type VARCHAR, legal_basis VARCHAR, legal_refs JSON, {BOX})",
    f"CREATE TABLE offer_year (id INTEGER PRIMARY KEY, offer_id INTEGER NOT NULL, document_id INTEGER NOT NULL, "
    f"year INTEGER NOT NULL, capacity FLOAT, usage FLOAT, occupancy_pct FLOAT, decimal_comma JSON, {BOX})",
    f"CREATE TABLE stated_count (id INTEGER PRIMARY KEY, document_id INTEGER NOT NULL, age_group VARCHAR, "
    f"target_group VARCHAR NOT NULL, target_group_key VARCHAR, count INTEGER NOT NULL, {BOX})",
    f"CREATE TABLE clause (id INTEGER PRIMARY KEY, document_id INTEGER NOT NULL, kind VARCHAR NOT NULL, "
    f"subject VARCHAR, section VARCHAR, detail VARCHAR, text TEXT NOT NULL, normalized JSON, flags JSON, {BOX})",
    f"CREATE TABLE table_figure (id INTEGER PRIMARY KEY, document_id INTEGER NOT NULL, table_index INTEGER NOT NULL, "
    f"caption VARCHAR, row_kind VARCHAR NOT NULL DEFAULT 'region', row_index INTEGER NOT NULL, "
    f"row_label VARCHAR NOT NULL, region VARCHAR, "
    f"column_index INTEGER NOT NULL, measure VARCHAR NOT NULL, value VARCHAR, {BOX})",
]

#: a box on page 26 of the bundled PDF (Svanehuset's rows), so report crops show real print
ROW_BOX = {"page": 26, "x0": 411.1, "top": 243.3, "x1": 431.5, "bottom": 276.9}
NO_BOX = {"page": None, "x0": None, "top": None, "x1": None, "bottom": None}

AGREEMENTS = [  # id, region, period, title; 4 has no documents (nothing to check)
    (1, "hovedstaden", 2025, 2026), (2, "sjaelland", 2021, 2022), (3, "nordjylland", 2024, 2025),
    (4, "syddanmark", 2023, 2024),
]
COMPLETE = {"doc_type": "agreement", "region": "hovedstaden", "period_start": 2025, "period_end": 2026}
DOCUMENTS = {  # id: (agreement, status, metadata overrides)
    1: (1, "loaded", {}),
    2: (1, "superseded", {}),
    3: (1, "failed", {}),                       # failed reload: its rows still count
    4: (None, "loaded", {"region": None}),
    5: (None, "loaded", {"doc_type": "unknown", "region": "sjaelland"}),
    6: (None, "loaded", {"period_end": None}),
    7: (2, "loaded", {"region": "sjaelland", "period_start": 2021, "period_end": 2022}),
    8: (3, "loaded", {"region": "nordjylland", "period_start": 2024, "period_end": 2025}),
    9: (3, "superseded", {"region": "nordjylland", "period_start": 2024, "period_end": 2025}),
    10: (None, "failed", {"region": None}),     # not loaded: metadata not checked
    11: (None, "loaded", {"doc_type": None}),
}

#: offer name -> {year: (capacity, usage, occupancy_pct)}, all in document 1 (children, udviklingshæmning)
OFFER_YEARS = {
    "ok": {2021: (10, 9, 90)},
    "zero_used": {2021: (10, 5, 0)},
    "zero_zero": {2021: (10, 0, 0)},             # 0 used with 0 %: fine
    "diff2": {2021: (100, 52, 50)},              # exactly 2 points off: fine
    "diff3": {2021: (100, 53, 50)},              # 3 points off
    "half_up_ok": {2021: (8, 1, 15)},            # 12.5 rounds half up to 13: 2 off (half-even would be 3)
    "half_up_off": {2021: (8, 1, 10)},           # 13 vs 10: 3 off (half-even 12 would be 2)
    "occ110": {2021: (100, 110, 110)},           # exactly 110: fine
    "occ111": {2021: (100, 111, 111)},
    "cap_zero_used": {2021: (0, 5, None)},
    "cap_blank_occ": {2021: (None, None, 88)},
    "cap_zero_occ": {2021: (0, 0, 88)},
    "cap_zero_idle": {2021: (0, 0, 0)},
    "blank_usage": {2021: (10, None, 90)},
    "all_blank": {2021: (None, None, None)},     # nothing given: not a blank among values
    "carried": {2021: (10, 7.5, 75), 2022: (10, 7.5, 75), 2023: (10, 8, 80)},
    "carried_capacity": {2021: (12.5, 10, 80), 2022: (12.5, 11, 88)},
    "same_integer": {2021: (10, 8, 80), 2022: (10, 8, 80)},
    "gap": {2021: (10, 7.5, 75), 2023: (10, 7.5, 75)},
}
#: (document, name, years, age group, target group, key, operator, operator_name, legal basis, offer.agreement_id)
OTHER_OFFERS = [
    (2, "superseded", {2021: (10, 5, 0), 2022: (10, 5.5, 55), 2023: (10, 5.5, 55)}, "children", "Udviklingshæmning",
     "udviklingshaemning", "Testkommune", None, "SEL § 107", 1),
    (3, "failed_load", {2021: (10, 5, 0)}, "children", "Udviklingshæmning", "udviklingshaemning", "Testkommune",
     None, "SEL § 107", 1),
    (1, "Dup", {}, "adults", "Sindslidelse", "sindslidelse", "X Kommune", "X Kommune", "SEL § 107", 1),
    (3, "Dup", {}, "adults", "Sindslidelse", "sindslidelse", "X Kommune", None, "SEL § 107", None),
    (1, "Dup", {}, "adults", "Sindslidelse", "sindslidelse", "X Kommune", "X Kommune", "SEL § 108", 1),
    (2, "Dup", {}, "adults", "Sindslidelse", "sindslidelse", "X Kommune", "X Kommune", "SEL § 107", 1),
    (7, "Dup", {}, "adults", "Sindslidelse", "sindslidelse", "X Kommune", "X Kommune", "SEL § 107", 2),
    (1, "Herberg", {}, "adults", "Hjemløshed", None, "Y Kommune", "Y Kommune", "SEL § 110", 1),
]
STATED_COUNTS = [  # document, age group, target group, key, count
    (1, "children", "Udviklingshæmning", "udviklingshaemning", len(OFFER_YEARS)),  # matches
    (1, "adults", "Sindslidelse", "sindslidelse", 5),             # 2 loaded
    (1, "children", "Autisme", "autisme", 1),                     # none loaded
    (1, "adults", "Hjemløshed", None, 1),                         # no key: matched on the printed group
    (1, None, "Sindslidelse", "sindslidelse", 2),                 # no age group: both age groups count
    (2, "children", "Udviklingshæmning", "udviklingshaemning", 99),  # superseded document
]
CLAUSES = [  # id, document, kind, normalized (JSON text, 'null' = JSON null, None = SQL NULL)
    (1, 1, "notice_period", '{"running_month": true, "plus_months": 1}'),
    (2, 1, "notice_period", None),
    (3, 1, "notice_period", "null"),
    (4, 1, "payment_term", None),
    (5, 2, "notice_period", None),
    (6, 7, "payment_term", "{}"),
    (7, 9, "notice_period", '{"months": 3}'),
]
H, S = ("Hovedstaden", "hovedstaden"), ("Sjælland", "sjaelland")
REGION_TABLES = [  # document, table, column, [(label, region code, value)]
    (1, 0, 0, [(*H, "10.488"), (*S, "6.354"), ("I alt", None, "16.842")]),
    (1, 1, 0, [(*H, "1.000"), (*S, "2.000"), ("I alt", None, "3.001")]),
    (1, 1, 1, [(*H, "1"), (*S, "2"), ("I alt", None, "3")]),
    (1, 2, 0, [(*H, "40%"), (*S, "60%"), ("I alt", None, "50%")]),
    (1, 3, 0, [(*H, "2,05"), (*S, "1,76"), ("Hele landet", None, "3,81")]),
    (1, 4, 0, [(*H, "5"), (*S, "-"), ("I alt", None, "7")]),
    (1, 5, 0, [(*H, "-3"), (*S, "5"), ("Total", None, "2")]),
    (1, 6, 0, [(*H, "1"), (*S, "2"), ("Landsgennemsnit", None, "5")]),
    (1, 7, 0, [(*H, "4"), (*S, "4"), ("Hele landet", None, "9")]),
    (2, 0, 0, [(*H, "1"), (*S, "1"), ("I alt", None, "5")]),
]

#: what each rule must find, in the terms of `_key`
EXPECTED = {
    "zero_occupancy_with_usage": {("zero_used", 2021), ("failed_load", 2021)},
    "occupancy_mismatch": {("zero_used", 2021), ("diff3", 2021), ("half_up_off", 2021), ("failed_load", 2021)},
    "occupancy_over_110": {("occ111", 2021)},
    "capacity_missing_with_use": {("cap_zero_used", 2021), ("cap_blank_occ", 2021), ("cap_zero_occ", 2021)},
    "blank_value": {("cap_zero_used", 2021), ("cap_blank_occ", 2021), ("blank_usage", 2021)},
    "value_carried_forward": {("carried", 2022), ("carried_capacity", 2022)},
    "duplicate_offer": {("Dup", 1, "SEL § 107"), ("Dup", 3, "SEL § 107")},
    "stated_count_mismatch": {("Sindslidelse (voksne)", 5, 2), ("Autisme (børn og unge)", 1, 0)},
    "notice_period_not_normalised": {2, 3},
    "agreement_without_notice_period": {2, 3},
    "document_missing_metadata": {4, 5, 6, 11},
    "region_total_mismatch": {("3.001", 3000), ("9", 8)},
}


def build_store(url: str) -> dict[int, str]:
    """Create the tables and rows above at `url`; the offer names by offer id."""
    offers, offer_years = [], []
    rows = [(1, name, years, "children", "Udviklingshæmning", "udviklingshaemning", "Testkommune", None,
             f"SEL § {100 + i}", 1) for i, (name, years) in enumerate(OFFER_YEARS.items())] + OTHER_OFFERS
    for offer_id, (doc, name, years, age, group, key, operator, operator_name, legal, agreement) in enumerate(rows, 1):
        offers.append({"id": offer_id, "document_id": doc, "agreement_id": agreement, "position": offer_id,
                       "table_label": "Tabel 1", "age_group": age, "target_group": group, "target_group_key": key,
                       "name": name, "operator": operator, "operator_name": operator_name, "legal_basis": legal,
                       **ROW_BOX})
        for year, (capacity, usage, occupancy) in years.items():
            offer_years.append({"id": len(offer_years) + 1, "offer_id": offer_id, "document_id": doc, "year": year,
                                "capacity": capacity, "usage": usage, "occupancy_pct": occupancy, **ROW_BOX})
    documents = [{"id": i, "agreement_id": agreement, "file_name": f"doc{i}.pdf", "pages": 51, "status": status,
                  "title": f"Dokument {i}", **{**COMPLETE, **overrides}}
                 for i, (agreement, status, overrides) in DOCUMENTS.items()]
    stated = [{"id": i, "document_id": doc, "age_group": age, "target_group": group, "target_group_key": key,
               "count": count, **ROW_BOX} for i, (doc, age, group, key, count) in enumerate(STATED_COUNTS, 1)]
    clauses = [{"id": i, "document_id": doc, "kind": kind, "subject": f"Klausul <{i}> & co", "text": "Løbende måned",
                "normalized": normalized, **{**ROW_BOX, "page": 13}} for i, doc, kind, normalized in CLAUSES]
    figures = [{"id": 0, "document_id": doc, "table_index": table, "caption": f"Tabel {table}", "row_index": row,
                "row_label": label, "region": region, "column_index": column, "measure": f"kolonne {column}",
                "value": value, **ROW_BOX}
               for doc, table, column, cells in REGION_TABLES for row, (label, region, value) in enumerate(cells)]
    for i, figure in enumerate(figures, 1):
        figure["id"] = i
    engine = create_engine(url)
    with engine.begin() as connection:
        for statement in SCHEMA:
            connection.execute(text(statement))
        connection.execute(text("INSERT INTO agreement (id, region, period_start, period_end, title) "
                                "VALUES (:id, :region, :start, :end, :title)"),
                           [{"id": i, "region": r, "start": s, "end": e, "title": f"Rammeaftale {s}-{e}"}
                            for i, r, s, e in AGREEMENTS])
        for table, table_rows in (("document", documents), ("offer", offers), ("offer_year", offer_years),
                                  ("stated_count", stated), ("clause", clauses), ("table_figure", figures)):
            columns = list(table_rows[0])
            connection.execute(text(f"INSERT INTO {table} ({', '.join(columns)}) "
                                    f"VALUES ({', '.join(':' + c for c in columns)})"), table_rows)
    engine.dispose()
    return {offer["id"]: offer["name"] for offer in offers}


def _key(finding: Anomaly, names: dict[int, str]):
    table = next(rule.table for rule in RULES if rule.id == finding.rule)
    if table == "offer_year":
        return names[finding.offer_id], finding.year
    if table == "offer":
        return names[finding.offer_id], finding.document_id, finding.printed["legal_basis"]
    if table == "stated_count":
        return finding.subject, finding.printed["stated_count"], finding.expected_number
    if table == "clause":
        return finding.clause_id
    if table == "agreement":
        return finding.agreement_id
    if table == "document":
        return finding.document_id
    return finding.printed["total"], finding.expected_number


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    """The test store as a SQLite file: (url, offer names by id, findings)."""
    url = f"sqlite:///{tmp_path_factory.mktemp('validations') / 'ramme.db'}"
    names = build_store(url)
    return url, names, run_suites(url)[0]


def test_catalogue_reads_as_rules():
    assert len({rule.id for rule in RULES}) == len(RULES) == len(EXPECTED)
    for rule in RULES:
        assert rule.severity in set(Severity)
        assert rule.explanation_da and rule.explanation_en and "{batch}" in rule.query
        # GX substitutes {batch} as a bare subquery only when the query joins (it aliases it itself)
        assert re.search(r"\bJOIN\b", rule.query)
        assert ":" not in rule.query  # SQLAlchemy text() would read ':name' as a bind parameter


@pytest.mark.parametrize("rule", [rule.id for rule in RULES])
def test_rule_fires_on_bad_rows_only(store, rule):
    _url, names, findings = store
    assert {_key(f, names) for f in findings if f.rule == rule} == EXPECTED[rule]


def test_finding_carries_values_place_and_message(store):
    _url, names, findings = store
    finding = next(f for f in findings if f.rule == "occupancy_mismatch" and names[f.offer_id] == "zero_used")
    assert finding.severity == "error" and finding.document_id == 1 and finding.year == 2021
    assert finding.printed == {"capacity": 10, "usage": 5, "occupancy_pct": 0}
    assert (finding.expected, finding.expected_number) == ("50", 50)
    assert finding.page == 26 and finding.bbox == BBox(411.1, 243.3, 431.5, 276.9)
    assert "zero_used" in finding.message and "2021" in finding.message and "\n" not in finding.message


def test_report_is_self_contained_with_crops_and_counts(store, tmp_path):
    url, names, findings = store
    again, docs_index = run_suites(url, tmp_path / "docs")
    assert again == findings
    assert docs_index.is_file() and "offer_year" in docs_index.read_text(encoding="utf-8")

    region_of_document = {i: REGIONS_BY_CODE[{**COMPLETE, **overrides}["region"]].name
                          if {**COMPLETE, **overrides}["region"] in REGIONS_BY_CODE else UNKNOWN_REGION
                          for i, (_agreement, _status, overrides) in DOCUMENTS.items()}
    listings = [AnomalyListing(
        region=region_of_document[f.document_id], agreement=None, document="h.pdf", offer=names.get(f.offer_id),
        operator=None, legal_basis=None, capacity=None, usage=None, occupancy_pct=None, expected_pct=None,
        **{field.name: getattr(f, field.name) for field in dataclasses.fields(Anomaly)}) for f in findings]
    report = write_report(tmp_path / "report.html", listings, pdf_for=lambda _id: PDF, data_docs_index=docs_index)
    page = report.read_text(encoding="utf-8")
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:)?//""", page, re.IGNORECASE)
    assert "<script" not in page and "<link" not in page
    assert 'href="docs/index.html"' in page
    crops = re.findall(r'<img [^>]*src="data:image/png;base64,([A-Za-z0-9+/=]+)"', page)
    assert len(crops) == sum(1 for f in findings if f.page is not None and f.bbox is not None) > 0

    expected = Counter((f.rule, region_of_document[f.document_id]) for f in findings)
    shown = {(rule, region): int(count) for rule, region, count in
             re.findall(r'data-rule="([^"]+)" data-region="([^"]+)">(\d+)<', page)}
    assert {key: count for key, count in shown.items() if count} == dict(expected)
    assert "Klausul <2>" not in page and "Klausul &lt;2&gt; &amp; co" in page  # text is escaped


def test_rows_past_gx_result_limit_are_all_found(tmp_path):
    url = f"sqlite:///{tmp_path / 'many.db'}"
    engine = create_engine(url)
    with engine.begin() as connection:
        for statement in SCHEMA:
            connection.execute(text(statement))
        connection.execute(text("INSERT INTO document (id, status) VALUES (1, 'loaded')"))
        connection.execute(text("INSERT INTO offer (id, document_id, position, name) VALUES (:id, 1, :id, 'x')"),
                           [{"id": i} for i in range(1, 252)])
        connection.execute(text("INSERT INTO offer_year (id, offer_id, document_id, year, capacity) "
                                "VALUES (:id, :id, 1, 2021, 10)"), [{"id": i} for i in range(1, 252)])
    engine.dispose()
    assert sum(f.rule == "blank_value" for f in run_suites(url)[0]) == 251  # GX itself returns 200 rows


def test_a_rule_that_cannot_run_is_an_error_naming_it(store, monkeypatch):
    url, _names, _findings = store
    broken = Rule("broken_rule", Severity.ERROR, "offer", "Fejl.", "Broken.",
                  "SELECT o.no_such_column FROM {batch} AS o JOIN document d ON d.id = o.document_id")
    monkeypatch.setattr(suites, "RULES", (broken,))
    with pytest.raises(ValidationError, match="broken_rule"):
        run_suites(url)


@pytest.mark.slow
def test_postgresql_gives_the_same_findings(store, postgresql):
    sqlite_url, _names, sqlite_findings = store
    info = postgresql.info
    url = f"postgresql+psycopg://{info.user}@{info.host}:{info.port}/{info.dbname}"
    build_store(url)
    assert run_suites(url)[0] == sqlite_findings
