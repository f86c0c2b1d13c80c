"""The `ramme` command line: offers queries and formats against a loaded store, clean errors."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from app.cli import app
from conftest import build_extraction
from warehouse import create_schema, load_extraction, make_engine

ROOT = Path(__file__).resolve().parents[1]
ROBUSTNESS = ROOT / "tests" / "fixtures" / "robustness"
runner = CliRunner()


class _Src:
    region, url, kind = "hovedstaden", "data/agreements/h.pdf", "agreement"


@pytest.fixture
def store(tmp_path, monkeypatch) -> str:
    """A SQLite store with the sample extraction loaded, named by RAMME_DATABASE_URL."""
    url = f"sqlite:///{tmp_path / 'ramme.db'}"
    engine = make_engine(url)
    create_schema(engine)
    load_extraction(engine, _Src(), build_extraction())
    engine.dispose()
    monkeypatch.setenv("RAMME_DATABASE_URL", url)
    return url


def ramme(*args: str):
    return runner.invoke(app, list(args), env={"COLUMNS": "200"})  # rich tables: no folding in asserts


def test_offers_json_with_filters(store):
    result = ramme("offers", "--region", "hovedstaden", "--operator", "Albertslund", "--format", "json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert [(r["name"], r["year"], r["capacity"], r["usage"], r["occupancy_pct"]) for r in rows] == [
        ("Broen", 2021, 16, 16.0, 100), ("Broen", 2022, 16, 16.2, 102), ("Broen", 2023, 16, None, None)]
    assert rows[0]["operator"] == "Albertslund kommune" and rows[0]["operator_name"] == "Albertslund Kommune"
    assert rows[0]["operator_code"] == 165 and rows[0]["region"] == "hovedstaden" and rows[0]["page"] == 12


def test_offers_csv_by_year_and_target_group(store):
    result = ramme("offers", "--year", "2022", "--target-group", "udviklingshæmning", "--format", "csv")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [(r["name"], r["year"], r["occupancy_pct"]) for r in rows] == [
        ("Granbohus - Udviklingshæmning", "2022", "87.0"), ("Broen", "2022", "102.0"), ("Hulegården", "2022", "95.0")]


def test_offers_table(store):
    result = ramme("offers", "--year", "2021", "--operator", "region hovedstaden")
    assert result.exit_code == 0, result.output
    assert "Hulegården" in result.stdout and "Broen" not in result.stdout
    line = next(line for line in result.stdout.splitlines() if "Hulegården" in line)
    assert [cell.strip() for cell in line.split("│")[1:-1]][-4:] == ["2021", "0", "6", ""]
    assert "offer-years: 1" in result.stdout


def test_offers_with_no_match_is_empty_not_an_error(store):
    result = ramme("offers", "--target-group", "Krisecentre", "--format", "json")
    assert result.exit_code == 0 and json.loads(result.stdout) == []


def test_offers_unknown_region_is_a_one_line_error(store):
    result = ramme("offers", "--region", "atlantis")
    assert result.exit_code == 1
    assert result.stderr.startswith("ramme: error: unknown region 'atlantis'") and result.stderr.count("\n") == 1


def test_clauses_of_an_unknown_kind_is_a_one_line_error(store):
    from extractors.clauses import KINDS

    result = ramme("clauses", "--kind", "nonsense")
    assert result.exit_code == 1
    assert result.stderr == f"ramme: error: unknown kind 'nonsense'; use one of: {', '.join(KINDS)}\n"
    found = ramme("clauses", "--kind", "notice_period", "--format", "json")
    assert found.exit_code == 0 and [c["kind"] for c in json.loads(found.stdout)] == ["notice_period"]


def test_offers_without_a_store_says_so(tmp_path, monkeypatch):
    monkeypatch.delenv("RAMME_DATABASE_URL", raising=False)
    monkeypatch.setenv("RAMME_DATA_DIR", str(tmp_path / "empty"))
    result = ramme("offers")
    assert result.exit_code == 1 and "run `ramme run` first" in result.stderr
    assert not (tmp_path / "empty" / "ramme.db").exists()


def test_queries_on_a_store_without_tables_say_so_and_create_nothing(tmp_path, monkeypatch):
    import sqlite3

    db = tmp_path / "other.db"
    sqlite3.connect(db).close()
    monkeypatch.setenv("RAMME_DATABASE_URL", f"sqlite:///{db}")
    for command in (["offers"], ["clauses"], ["compare", "notice-periods"]):
        result = ramme(*command)
        assert result.exit_code == 1 and "holds no ramme tables" in result.stderr, command
    with sqlite3.connect(db) as connection:
        assert connection.execute("select count(*) from sqlite_master").fetchone() == (0,)


@pytest.mark.parametrize("url", ["nonsense", "foo://x", "postgresql+nodriver://u:secret@h/db"])
@pytest.mark.parametrize("command", [["offers"], ["clauses"], ["compare", "notice-periods"], ["run"]])
def test_a_malformed_database_url_is_a_one_line_error(tmp_path, monkeypatch, command, url):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "sources.yaml").write_text("sources:\n  - {region: hovedstaden, url: a.pdf, kind: agreement}\n")
    result = ramme(*command, "--database-url", url)
    assert result.exit_code == 1, result.output
    assert result.stderr.startswith("ramme: error: invalid database URL ") and result.stderr.count("\n") == 1
    assert "secret" not in result.stderr


def test_extract_prints_the_contract_as_json():
    result = ramme("extract", str(ROOT / "data" / "agreements" / "hovedstaden-2025-2026-main-web.pdf"),
                   "--format", "json")
    assert result.exit_code == 0, result.output
    contract = json.loads(result.stdout)
    assert contract["document"]["region"] == "hovedstaden"
    assert {"document", "offer_tables", "clauses", "agenda_items"} <= set(contract)


@pytest.mark.parametrize(("file", "message"), [
    ("qpdf_bad1.pdf", "qpdf_bad1.pdf: not a PDF"),
    ("pdfminer_aes-256-r6.pdf", "pdfminer_aes-256-r6.pdf: cannot open PDF: encrypted"),
    ("no-such-file.pdf", "no-such-file.pdf: no such file"),
])
def test_extract_on_a_broken_pdf_exits_1_with_one_readable_line(file, message):
    """Through the installed entry point, as a user runs it."""
    proc = subprocess.run([str(Path(sys.executable).parent / "ramme"), "extract", str(ROBUSTNESS / file),
                           "--format", "json"], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1
    assert proc.stdout == ""
    assert proc.stderr.count("\n") == 1 and message in proc.stderr and "Traceback" not in proc.stderr


def test_run_with_a_missing_sources_file_is_a_one_line_error(tmp_path):
    result = ramme("run", "--sources", str(tmp_path / "nope.yaml"))
    assert result.exit_code == 1 and result.stderr.strip().endswith("nope.yaml: sources file not found")


def test_run_prints_a_summary_per_region(prefect_harness, tmp_path, monkeypatch):
    monkeypatch.setenv("RAMME_DATA_DIR", str(tmp_path / "data"))
    sources = tmp_path / "sources.yaml"
    sources.write_text(
        "sources:\n"
        f"  - {{region: hovedstaden, url: {ROOT}/data/agreements/hovedstaden-2025-2026-main-web.pdf, kind: agreement}}\n"
        f"  - {{region: nordjylland, url: {ROBUSTNESS}/pdfminer_aes-256-r6.pdf, kind: minutes}}\n")
    result = ramme("run", "--sources", str(sources), "--database-url", f"sqlite:///{tmp_path / 'r.db'}")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "Region Hovedstaden" in out and "Region Nordjylland" in out and "Total wall time:" in out
    assert "pdfminer_aes-256-r6.pdf: cannot open PDF: encrypted" in out
