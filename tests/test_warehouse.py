"""The store: idempotent per-document loads, failures that leave good data intact, queries.

Each test runs on a SQLite file and (marked slow) on a throwaway PostgreSQL database.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import inspect, select, text
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from conftest import build_extraction, load_extraction
from models.settings import Settings
from models.store import AgreementRow, DocumentRow, OfferRow, OfferYearRow, RegionRow, SourceRow
from warehouse import (
    clear_fetch_failure,
    create_schema,
    finish_run,
    is_loaded,
    make_engine,
    query_clauses,
    query_offers,
    record_failure,
    start_run,
)

TABLES = ("source", "agreement", "document", "offer", "offer_year", "stated_count", "clause", "agenda_item",
          "table_figure")


class _Src:
    def __init__(self, region="hovedstaden", url="data/agreements/h.pdf", kind="agreement"):
        self.region, self.url, self.kind = region, url, kind


SOURCE = _Src()


def snapshot(engine) -> dict[str, list[dict]]:
    """Every row of every document table, in id order, without surrogate ids (offer ids renumber on reload)."""
    out = {}
    with engine.connect() as conn:
        positions = dict(conn.execute(text("SELECT id, position FROM offer")).all())
        for table in TABLES:
            rows = conn.execute(text(f"SELECT * FROM {table} ORDER BY id")).mappings().all()
            out[table] = [
                {k: (positions[v] if k == "offer_id" else v) for k, v in row.items() if k != "id"}
                for row in rows
            ]
    return out


def count(engine, table: str) -> int:
    with engine.connect() as conn:
        return conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()


def test_schema_has_design_tables_and_regions(engine):
    names = set(inspect(engine).get_table_names())
    assert {"region", "source", "document", "agreement", "offer", "offer_year", "run", "clause",
            "agenda_item", "table_figure"} <= names
    create_schema(engine)  # idempotent
    with Session(engine) as s:
        assert sorted(r.code for r in s.exec(select(RegionRow)).scalars()) == [
            "hovedstaden", "midtjylland", "nordjylland", "sjaelland", "syddanmark"]


def test_load_writes_every_record_with_provenance(engine):
    result = load_extraction(engine, SOURCE, build_extraction())
    assert (result.counts.offers, result.counts.offer_years, result.counts.clauses, result.counts.agenda_items,
            result.counts.table_figures) == (
        3, 9, 1, 1, 4)
    with Session(engine) as s:
        doc = s.execute(select(DocumentRow)).scalar_one()
        assert (doc.status, doc.region, doc.doc_type, doc.pages, doc.file_name) == (
            "loaded", "hovedstaden", "agreement", 51, "hovedstaden-2025-2026.pdf")
        assert doc.warnings == ["example warning"]
        agreement = s.execute(select(AgreementRow)).scalar_one()
        assert (agreement.region, agreement.period_start, agreement.period_end) == ("hovedstaden", 2025, 2026)
        assert doc.agreement_id == agreement.id
        broen = s.execute(select(OfferRow).where(OfferRow.name == "Broen")).scalar_one()
        assert broen.operator == "Albertslund kommune"  # as printed
        assert (broen.operator_name, broen.operator_code, broen.operator_type) == (
            "Albertslund Kommune", 165, "municipal")
        assert (broen.document_id, broen.page, broen.x0, broen.bottom) == (doc.id, 12, 50.0, 112.5)
        assert broen.agreement_id == agreement.id
        region_op = s.execute(select(OfferRow).where(OfferRow.name == "Hulegården")).scalar_one()
        assert (region_op.operator_type, region_op.operator_code) == ("regional", 1084)
        years = s.execute(select(OfferYearRow).where(OfferYearRow.offer_id == broen.id)
                          .order_by(OfferYearRow.year)).scalars().all()
        assert [(y.year, y.capacity, y.usage, y.occupancy_pct) for y in years] == [
            (2021, 16, 16.0, 100), (2022, 16, 16.2, 102), (2023, 16, None, None)]
        assert [y.decimal_comma for y in years] == [["usage"], ["usage"], None]  # "16,0" stays a decimal
        assert all(y.document_id == doc.id and y.page == 12 and y.x0 is not None for y in years)
    with engine.connect() as conn:
        figures = conn.execute(text(
            "SELECT row_label, region, measure, value FROM table_figure ORDER BY id")).all()
        assert [tuple(f) for f in figures] == [
            ("Nordjylland", "nordjylland", "2022", "10"), ("Nordjylland", "nordjylland", "2023", "12"),
            ("Hovedstaden", "hovedstaden", "2022", "1.234"), ("Hovedstaden", "hovedstaden", "2023", None)]
        clause = conn.execute(text("SELECT kind, section, normalized, page FROM clause")).one()
        assert clause.kind == "notice_period" and clause.page == 30
        normalized = clause.normalized if isinstance(clause.normalized, dict) else json.loads(clause.normalized)
        assert normalized == {"running_month": True, "plus_months": 1, "plus_days": 0}


def test_loading_the_same_extraction_twice_changes_nothing(engine):
    load_extraction(engine, SOURCE, build_extraction())
    first = snapshot(engine)
    load_extraction(engine, SOURCE, build_extraction())
    assert snapshot(engine) == first
    assert count(engine, "offer") == 3 and count(engine, "offer_year") == 9 and count(engine, "document") == 1
    assert count(engine, "stated_count") == 2


def test_a_changed_extraction_replaces_the_rows_of_that_document_only(engine):
    load_extraction(engine, SOURCE, build_extraction())
    other = build_extraction(sha256="b" * 64)
    other = replace(other, meta=replace(other.meta, region="nordjylland", period_start=2024, period_end=2024))
    load_extraction(engine, _Src("nordjylland", "n.pdf"), other)
    before = snapshot(engine)

    load_extraction(engine, SOURCE, build_extraction(changed=True))
    assert count(engine, "offer") == 2 + 3 and count(engine, "offer_year") == 6 + 9  # replaced, not added
    assert count(engine, "document") == 2 and count(engine, "agreement") == 2
    rows = query_offers(engine, region="hovedstaden", year=2021)
    assert [(r.name, r.usage) for r in rows] == [("Granbohus - Udviklingshæmning", 30.0), ("Hulegården", 6)]
    nord = [r for r in snapshot(engine)["offer"] if r["document_id"] == 2]
    assert nord == [r for r in before["offer"] if r["document_id"] == 2]  # the other document is untouched

    load_extraction(engine, SOURCE, build_extraction())  # and back: same content as the first load
    assert count(engine, "offer") == 6 and count(engine, "offer_year") == 18


def test_a_republished_file_supersedes_its_earlier_version_in_queries(engine):
    load_extraction(engine, SOURCE, build_extraction())
    load_extraction(engine, SOURCE, build_extraction(sha256="d" * 64, changed=True))  # new bytes, same source
    rows = query_offers(engine, region="hovedstaden", year=2021)
    assert [(r.name, r.usage) for r in rows] == [("Granbohus - Udviklingshæmning", 30.0), ("Hulegården", 6)]
    with Session(engine) as s:
        assert sorted((d.sha256[0], d.status) for d in s.execute(select(DocumentRow)).scalars()) == [
            ("a", "superseded"), ("d", "loaded")]
    assert count(engine, "offer") == 3 + 2  # the earlier version's rows are kept, not deleted


def test_a_load_without_fetch_details_keeps_the_stored_ones(engine):
    load_extraction(engine, SOURCE, build_extraction(), etag='"v1"', size_bytes=1234)
    load_extraction(engine, SOURCE, build_extraction())
    with Session(engine) as s:
        document = s.execute(select(DocumentRow)).scalar_one()
        assert (document.etag, document.size_bytes) == ('"v1"', 1234)


def test_a_document_counts_as_loaded_only_for_the_extractor_version_that_loaded_it(engine):
    load_extraction(engine, SOURCE, build_extraction())
    assert is_loaded(engine, "a" * 64, "test-v1")
    assert not is_loaded(engine, "a" * 64, "test-v2")  # improved extractors: process it again


def test_the_extractor_version_covers_the_code_that_shapes_the_records(tmp_path, monkeypatch):
    """A change to an extractor, the transform step or the domain core re-processes documents; one to
    the store (its tables, loads or queries) does not: it only writes and reads the records."""
    from extractors import version

    root = Path(version.__file__).resolve().parents[1]
    for folder in ("extractors", "transform", "models", "warehouse"):
        shutil.copytree(root / folder, tmp_path / folder, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(version, "_ROOT", tmp_path)

    def after_changing(path: str) -> str:
        with (tmp_path / path).open("a") as handle:
            handle.write("# changed\n")
        return version.extractor_version.__wrapped__()

    versions = [version.extractor_version.__wrapped__()]
    for shaping in ("extractors/offers.py", "extractors/clauses/patterns/details.yaml", "transform/normalize.py",
                    "models/records.py", "models/vocabulary.py"):
        versions.append(after_changing(shaping))
    assert len(set(versions)) == len(versions)  # each gave a new version
    for storing in ("warehouse/load.py", "warehouse/queries.py", "models/store/offers.py"):
        assert after_changing(storing) == versions[-1]


def test_a_load_that_fails_midway_leaves_the_earlier_rows_intact(engine):
    load_extraction(engine, SOURCE, build_extraction())
    good = snapshot(engine)
    with pytest.raises(IntegrityError):
        load_extraction(engine, SOURCE, build_extraction(broken=True))  # an offer without a name
    assert snapshot(engine) == good
    assert is_loaded(engine, "a" * 64)


def test_a_failure_inside_a_callers_session_is_rolled_back_too(engine):
    load_extraction(engine, SOURCE, build_extraction())
    good = snapshot(engine)
    with Session(engine) as session, pytest.raises(IntegrityError):
        load_extraction(session, SOURCE, build_extraction(broken=True))
    assert snapshot(engine) == good


def test_record_failure_marks_only_that_document(engine):
    load_extraction(engine, SOURCE, build_extraction())
    good = snapshot(engine)
    bad_source = _Src(url="data/agreements/broken.pdf")
    doc_id = record_failure(engine, bad_source, "broken.pdf: cannot open PDF: encrypted (a password is required)",
                            sha256="c" * 64, file_name="broken.pdf")
    record_failure(engine, bad_source, "broken.pdf: still broken", sha256="c" * 64)  # once per document
    after = snapshot(engine)
    for table in ("offer", "offer_year", "stated_count", "clause", "agenda_item", "table_figure", "agreement"):
        assert after[table] == good[table]
    with Session(engine) as s:
        doc = s.get(DocumentRow, doc_id)
        assert (doc.status, doc.error, doc.file_name, doc.region) == (
            "failed", "broken.pdf: still broken", "broken.pdf", "hovedstaden")
        assert s.get(SourceRow, doc.source_id).url == "data/agreements/broken.pdf"
    assert count(engine, "document") == 2 and not is_loaded(engine, "c" * 64)


def test_a_fetch_failure_without_content_is_kept_once_per_source_and_cleared_by_a_load(engine):
    record_failure(engine, SOURCE, "h.pdf: cannot fetch: file not found")
    record_failure(engine, SOURCE, "h.pdf: cannot fetch: file not found")
    assert count(engine, "document") == 1
    load_extraction(engine, SOURCE, build_extraction())
    with Session(engine) as s:
        assert [(d.status, d.error) for d in s.execute(select(DocumentRow)).scalars()] == [("loaded", None)]


def test_a_fetch_failure_is_cleared_once_the_source_is_fetched_again(engine):
    record_failure(engine, SOURCE, "h.pdf: cannot fetch: ConnectTimeout")
    record_failure(engine, SOURCE, "h.pdf: not a PDF", sha256="c" * 64)  # fetched, then unreadable
    with Session(engine) as s:
        assert [(d.sha256, d.error) for d in s.execute(select(DocumentRow)).scalars()] == [("c" * 64, "h.pdf: not a PDF")]


def test_failure_of_a_loaded_document_keeps_its_last_good_rows(engine):
    load_extraction(engine, SOURCE, build_extraction())
    record_failure(engine, SOURCE, "h.pdf: extractor crashed", sha256="a" * 64)
    assert count(engine, "offer") == 3 and not is_loaded(engine, "a" * 64)


def offers_2021(engine) -> list[tuple]:
    return [(r.name, r.usage) for r in query_offers(engine, region="hovedstaden", year=2021)]


FIRST = [("Granbohus - Udviklingshæmning", 33.5), ("Broen", 16.0), ("Hulegården", 6)]
CHANGED = [("Granbohus - Udviklingshæmning", 30.0), ("Hulegården", 6)]


def test_a_failed_reextraction_keeps_showing_its_earlier_rows_once(engine):
    load_extraction(engine, SOURCE, build_extraction())
    record_failure(engine, SOURCE, "h.pdf: extractor crashed", sha256="a" * 64)
    assert offers_2021(engine) == FIRST
    assert len(query_clauses(engine)) == 1


def test_a_new_version_supersedes_a_failed_earlier_one(engine):
    load_extraction(engine, SOURCE, build_extraction())
    record_failure(engine, SOURCE, "h.pdf: extractor crashed", sha256="a" * 64)
    load_extraction(engine, SOURCE, build_extraction(sha256="d" * 64, changed=True))
    assert offers_2021(engine) == CHANGED
    assert len(query_clauses(engine)) == 1
    assert count(engine, "offer") == 3 + 2  # the earlier rows are kept, out of the queries


def test_a_failed_new_version_leaves_the_last_good_one_in_the_queries(engine):
    load_extraction(engine, SOURCE, build_extraction())
    record_failure(engine, SOURCE, "h.pdf: not a PDF", sha256="d" * 64)
    assert offers_2021(engine) == FIRST


def test_a_source_found_unchanged_loses_its_fetch_failure(engine):
    load_extraction(engine, SOURCE, build_extraction())
    record_failure(engine, SOURCE, "h.pdf: cannot fetch: ConnectTimeout")
    clear_fetch_failure(engine, SOURCE)
    with Session(engine) as s:
        assert [(d.status, d.error) for d in s.execute(select(DocumentRow)).scalars()] == [("loaded", None)]


def test_a_source_going_back_to_earlier_bytes_that_now_fail_shows_those_bytes_rows(engine):
    load_extraction(engine, SOURCE, build_extraction())
    load_extraction(engine, SOURCE, build_extraction(sha256="d" * 64, changed=True))
    record_failure(engine, SOURCE, "h.pdf: extractor crashed", sha256="a" * 64)  # published again, re-extracted
    assert offers_2021(engine) == FIRST
    with Session(engine) as s:
        assert sorted((d.sha256[0], d.status) for d in s.execute(select(DocumentRow)).scalars()) == [
            ("a", "failed"), ("d", "superseded")]


def test_query_offers_filters(engine):
    load_extraction(engine, SOURCE, build_extraction())
    assert len(query_offers(engine)) == 9
    assert {r.name for r in query_offers(engine, operator="albertslund")} == {"Broen"}
    assert {r.name for r in query_offers(engine, operator="165")} == {"Broen"}
    assert {r.name for r in query_offers(engine, operator="region hovedstaden")} == {"Hulegården"}
    assert len(query_offers(engine, target_group="UDVIKLINGSHÆMNING")) == 9  # non-ASCII case folding
    assert query_offers(engine, target_group="Sindslidelse") == []
    assert [(r.name, r.capacity) for r in query_offers(engine, year=2021)] == [
        ("Granbohus - Udviklingshæmning", 38), ("Broen", 16), ("Hulegården", 0)]
    assert query_offers(engine, region="Region Hovedstaden", year=2030) == []
    assert query_offers(engine, region="nordjylland") == []
    with pytest.raises(ValueError, match="unknown region"):
        query_offers(engine, region="atlantis")


def test_runs_are_recorded(engine):
    run_id = start_run(engine, flow_run_id="abc", sources_file="sources.yaml")
    finish_run(engine, run_id, status="completed", counts={"hovedstaden": {"processed": 2}})
    with engine.connect() as conn:
        row = conn.execute(text("SELECT status, flow_run_id, finished_at, counts FROM run")).one()
    assert row.status == "completed" and row.flow_run_id == "abc" and row.finished_at is not None


def test_settings_from_env(tmp_path, monkeypatch):
    monkeypatch.delenv("RAMME_DATABASE_URL", raising=False)
    monkeypatch.setenv("RAMME_DATA_DIR", str(tmp_path / "d"))
    s = Settings()
    assert s.database_url == f"sqlite:///{tmp_path / 'd' / 'ramme.db'}"
    assert s.cache_dir == tmp_path / "d" / "cache"
    monkeypatch.delenv("RAMME_DATA_DIR")
    monkeypatch.setenv("RAMME_DATABASE_URL", "postgresql+psycopg://u@h/db")
    s = Settings()
    assert s.database_url == "postgresql+psycopg://u@h/db" and s.data_dir.name == ".ramme"
    engine = make_engine("postgresql://u@127.0.0.1:1/db")
    assert engine.dialect.driver == "psycopg"
