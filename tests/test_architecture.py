"""The shape of the house: who may import whom, what the query commands load, and that a record's
field reaches every shape derived from it (docs/architecture.md, README "How to add a field")."""

from __future__ import annotations

import dataclasses
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from extractors.contract import plain
from models.enums import ClauseKind
from models.records import (
    AgendaItem,
    Clause,
    DocumentMeta,
    NextMeeting,
    Offer,
    OfferKeys,
    OfferYear,
    StatedCount,
    TableFigure,
)
from models.store import (
    AgendaItemRow,
    ClauseRow,
    DocumentRow,
    NextMeetingRow,
    OfferRow,
    OfferYearRow,
    StatedCountRow,
    TableFigureRow,
)
from models.store.base import record_fields

ROOT = Path(__file__).resolve().parents[1]
HEAVY = ("pdfplumber", "pypdfium2", "spacy")


def _run_python(code: str, *, cwd: Path = ROOT, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code], cwd=cwd, capture_output=True, text=True, timeout=300,
                          env=env)


def test_the_layer_rules_hold():
    """pyproject.toml [tool.importlinter]: extractors never import the warehouse or flows, the warehouse
    never imports extractors, models import nothing of the house, the domain core no heavy library."""
    result = subprocess.run([str(Path(sys.executable).parent / "lint-imports")], cwd=ROOT, capture_output=True,
                            text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_domain_core_imports_no_database_pdf_or_nlp_library():
    result = _run_python(
        "import sys\n"
        "import models.enums, models.geometry, models.normalized, models.numbers, models.records\n"
        "import models.regions, models.settings, models.vocabulary, transform.normalize\n"
        "print([m for m in ('sqlmodel', 'sqlalchemy', *" + repr(HEAVY) + ") if m in sys.modules])")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_a_query_command_loads_no_pdf_or_nlp_library(tmp_path):
    url = f"sqlite:///{tmp_path / 'ramme.db'}"
    result = _run_python(
        "import sys\n"
        "from typer.testing import CliRunner\n"
        "from app.cli import app\n"
        "from warehouse import create_schema, make_engine\n"
        f"create_schema(make_engine({url!r}))\n"
        f"result = CliRunner().invoke(app, ['offers', '--database-url', {url!r}, '--format', 'json'])\n"
        "assert result.exit_code == 0, result.output\n"
        "print([m for m in " + repr(HEAVY) + " if m in sys.modules])")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


@pytest.mark.parametrize(("record", "row"), [
    (Offer, OfferRow), (OfferKeys, OfferRow), (OfferYear, OfferYearRow), (StatedCount, StatedCountRow),
    (Clause, ClauseRow), (AgendaItem, AgendaItemRow), (NextMeeting, NextMeetingRow), (TableFigure, TableFigureRow),
    (DocumentMeta, DocumentRow),
])
def test_every_stored_field_of_a_record_is_a_column_of_its_row(record, row):
    columns = set(row.__table__.columns.keys())
    assert set(record_fields(record)) <= columns
    names = {f.name for f in dataclasses.fields(record)}
    assert {"page", "bbox"} & names <= {"page", "bbox"} and ({"page", "x0", "top", "x1", "bottom"} <= columns
                                                             if "bbox" in names else True)


def test_the_contract_writes_every_field_of_a_record():
    from models.geometry import BBox

    clause = Clause(ClauseKind.PAYMENT_TERM, None, "Betaling sker månedsvis forud.", {"frequency": "monthly"}, 3,
                    BBox(1.04, 2, 3, 4), "6. Afregning", "settlement", ("flag",))
    assert plain(clause) == {"kind": "payment_term", "subject": None, "text": "Betaling sker månedsvis forud.",
                             "normalized": {"frequency": "monthly"}, "page": 3, "bbox": [1.0, 2, 3, 4],
                             "section": "6. Afregning", "detail": "settlement", "flags": ["flag"],
                             "binding": True, "not_binding_reason": None}


def _readme_diff() -> str:
    """The ```diff blocks of the README's "How to add a field"."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("### How to add a field", 1)[1].split("\n## ", 1)[0]
    return "".join(block + "\n" for block in re.findall(r"```diff\n(.*?)```", section, re.DOTALL))


@pytest.mark.slow
def test_the_readme_worked_example_adds_a_field_everywhere(tmp_path):
    """Apply the README's change (the record and the extractor that fills it), write its migration with
    `python -m warehouse.migrations`, and see the field in the contract JSON, the store and `ramme offers`."""
    copy = tmp_path / "ramme"
    shutil.copytree(ROOT, copy, ignore=shutil.ignore_patterns(".git", ".venv", ".ramme", "__pycache__", "tests"))
    applied = subprocess.run(["git", "apply", "--unidiff-zero", "-"], cwd=copy, input=_readme_diff(), text=True,
                             capture_output=True)
    assert applied.returncode == 0, applied.stderr
    env = {"PATH": str(Path(sys.executable).parent), "PYTHONPATH": str(copy), "HOME": str(tmp_path),
           "RAMME_DATA_DIR": str(tmp_path / "data")}
    migration = subprocess.run([sys.executable, "-m", "warehouse.migrations", "add offer spans_pages"], cwd=copy,
                               env=env, capture_output=True, text=True, timeout=300)
    assert migration.returncode == 0, migration.stderr
    written = list((copy / "warehouse/migrations/versions").glob("*_add_offer_spans_pages.py"))
    assert len(written) == 1 and "add_column(sa.Column('spans_pages'" in written[0].read_text()

    pdf = "data/agreements/hovedstaden-2025-2026-web.pdf"
    result = _run_python(
        "import json\n"
        "from app.cli import app\n"
        "from typer.testing import CliRunner\n"
        "from extractors.contract import to_contract\n"
        "from extractors.document import extract_document\n"
        "from transform.normalize import normalize_document\n"
        "from warehouse import create_schema, load_document, make_engine\n"
        f"extraction = extract_document({pdf!r})\n"
        "contract = to_contract(extraction)['offer_tables'][0]['offers'][0]\n"
        "engine = make_engine()\n"
        "create_schema(engine)\n"
        "load_document(engine, None, normalize_document(extraction, 'hovedstaden'))\n"
        "runner = CliRunner()\n"
        "rows = json.loads(runner.invoke(app, ['offers', '--format', 'json']).stdout)\n"
        "header = runner.invoke(app, ['offers', '--format', 'csv']).stdout.splitlines()[0]\n"
        "print(json.dumps({'contract': contract, 'spans': sum(bool(r['spans_pages']) for r in rows),\n"
        "                  'rows': len(rows), 'header': header}))",
        cwd=copy, env=env)
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout.strip().splitlines()[-1])
    assert "spans_pages" in found["contract"] and "spans_pages" in found["header"].split(",")
    assert 0 < found["spans"] < found["rows"]  # some offers continue on the next page, most do not
