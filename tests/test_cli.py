"""The `ramme` command line: offers queries and formats against a loaded store, clean errors."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from app.cli import app
from conftest import build_extraction, load_extraction
from warehouse import create_schema, make_engine

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
    figures = [(r["name"], r["year"], r["capacity"], r["usage"], r["occupancy_pct"]) for r in rows]
    assert figures == [("Broen", 2021, 16, 16.0, 100), ("Broen", 2022, 16, 16.2, 102), ("Broen", 2023, 16, None, None)]
    assert [tuple(type(v) for v in row[2:]) for row in figures] == [  # as printed: "16,0" is 16.0, "16" is 16
        (int, float, int), (int, float, int), (int, type(None), type(None))]
    assert rows[0]["operator"] == "Albertslund kommune" and rows[0]["operator_name"] == "Albertslund Kommune"
    assert rows[0]["operator_code"] == 165 and rows[0]["region"] == "hovedstaden" and rows[0]["page"] == 12


def test_offers_csv_by_year_and_target_group(store):
    result = ramme("offers", "--year", "2022", "--target-group", "udviklingshæmning", "--format", "csv")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [(r["name"], r["year"], r["capacity"], r["usage"], r["occupancy_pct"]) for r in rows] == [
        ("Granbohus - Udviklingshæmning", "2022", "38", "33.1", "87"), ("Broen", "2022", "16", "16.2", "102"),
        ("Hulegården", "2022", "10", "9.5", "95")]


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
    from models.enums import ClauseKind

    result = ramme("clauses", "--kind", "nonsense")
    assert result.exit_code == 1
    assert result.stderr == f"ramme: error: unknown kind 'nonsense' (valid: {', '.join(ClauseKind)})\n"
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


@pytest.mark.parametrize("url", ["nonsense", "foo://x", "postgresql+nodriver://u:secret@h/db",
                                 "postgresql+psycopg//u:secret@h/db", "postgresql+psycopg://u:secret@h:54x2/db",
                                 "postgresql+psycopg://u:se/secret@h:54x2/db", "postgresql+psycopg//u:a:secret@h/db",
                                 "postgresql+psycopg//u:p@secret@h:x/db"])
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


def run_sources(tmp_path, monkeypatch, *entries: tuple[str, Path]):
    """`ramme run` on a sources file listing (region, path) entries, with its own data dir and store."""
    monkeypatch.setenv("RAMME_DATA_DIR", str(tmp_path / "data"))
    sources = tmp_path / "sources.yaml"
    sources.write_text("sources:\n" + "".join(
        f"  - {{region: {region}, url: {path}, kind: agreement}}\n" for region, path in entries))
    return ramme("run", "--sources", str(sources), "--database-url", f"sqlite:///{tmp_path / 'r.db'}")


def test_run_prints_a_summary_per_region_and_exits_3_when_a_document_failed(prefect_harness, tmp_path,
                                                                            monkeypatch):
    result = run_sources(tmp_path, monkeypatch,
                         ("hovedstaden", ROOT / "data/agreements/hovedstaden-2025-2026-main-web.pdf"),
                         ("nordjylland", ROBUSTNESS / "pdfminer_aes-256-r6.pdf"))
    assert result.exit_code == 3, result.output
    out = result.stdout
    assert "Region Hovedstaden" in out and "Region Nordjylland" in out and "Total wall time:" in out
    assert "Table figures" in out
    assert "pdfminer_aes-256-r6.pdf: cannot open PDF: encrypted" in out


def test_run_shows_extraction_warnings_and_exits_0_without_failures(prefect_harness, tmp_path, monkeypatch):
    result = run_sources(tmp_path, monkeypatch, ("sjaelland", ROBUSTNESS / "pdfminer_pdf-with-jbig2.pdf"))
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    at = lines.index("warnings pdfminer_pdf-with-jbig2.pdf:")
    # the scanned page's progress, as the worker reads it (a line of its own: the output is no terminal)
    assert any(re.match(r"pdfminer_pdf-with-jbig2\.pdf: OCR page 1 \(1 of 1\) in ", line) for line in lines[:at])
    assert lines[at + 1] == "  no text layer (or only garbage) on 1 of 1 pages, read by OCR: 1"
    assert lines[at + 2].strip() == "Anomalies: 1"  # a document without region, period or type
    assert any(line.startswith("│ document_missing_metadata") for line in lines[at + 2:])
    assert lines[-1].startswith("Total wall time:")


def test_the_run_summary_caps_the_warnings_per_document(capsys):
    from app.cli import _print_summary

    counts = dict.fromkeys(("processed", "unchanged", "failed", "suspect", "offers", "offer_years", "clauses",
                            "agenda_items", "table_figures"), 0)
    _print_summary({"regions": {"sjaelland": counts}, "totals": counts, "failures": [], "warnings": [
        {"region": "sjaelland", "url": "s.pdf", "file_name": "s.pdf",
         "warnings": [f"s.pdf: page {n}: a cell left empty" for n in range(1, 6)]}]}, 1.0)
    out = capsys.readouterr().out.splitlines()
    at = out.index("warnings s.pdf:")
    assert out[at + 1:at + 5] == ["  page 1: a cell left empty", "  page 2: a cell left empty",
                                  "  page 3: a cell left empty", "  … 2 more"]
