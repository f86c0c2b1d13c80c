"""The listing commands on a store without rows: an empty table, CSV or JSON on stdout, exit code 0,
and one line on stderr that says why."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from app.cli import app
from warehouse import create_schema, make_engine

EMPTY_ANSWERS = [
    (["offers"], "offer-years: 0", "the store holds no offers yet; run `ramme run`"),
    (["offers", "--totals"], "totals: 0", "the store holds no offers yet; run `ramme run`"),
    (["clauses"], "clauses: 0", "no clauses match; `ramme documents` lists what is loaded"),
    (["anomalies"], "anomalies: 0", "no anomalies match; the last `ramme run` validated the store"),
    (["agenda"], "agenda items: 0", "no agenda item matches; no minutes are loaded"),
    (["agenda", "--search", "takster"], "agenda items: 0", "no agenda item matches 'takster'"),
    (["figures"], "table figures: 0", "no table figure matches; `ramme figures` without filters lists them all"),
    (["meetings"], "next meetings: 0", "no minutes in the store announce a next meeting"),
    (["documents"], "documents: 0", "no documents; run `ramme run`"),
    (["documents", "--failed"], "documents: 0", "no failed documents"),
    (["runs"], "runs: 0", "no runs yet; run `ramme run`"),
    (["compare", "offers", "--target-group", "sindslidelse"], "totals: 0",
     "no figures for target group 'sindslidelse'"),
]


@pytest.fixture
def empty_store(tmp_path, monkeypatch) -> None:
    """A SQLite store with the tables and no rows, named by RAMME_DATABASE_URL."""
    url = f"sqlite:///{tmp_path / 'ramme.db'}"
    engine = make_engine(url)
    create_schema(engine)
    engine.dispose()
    monkeypatch.setenv("RAMME_DATABASE_URL", url)


@pytest.mark.parametrize(("command", "caption", "why"), EMPTY_ANSWERS, ids=[" ".join(c) for c, _, _ in EMPTY_ANSWERS])
def test_an_empty_answer_says_why_in_every_format(empty_store, command, caption, why):
    results = {format: CliRunner().invoke(app, [*command, "--format", format], env={"COLUMNS": "200"})
               for format in ("table", "csv", "json")}
    for format, result in results.items():
        assert result.exit_code == 0, (format, result.output)
        assert result.stderr == f"ramme: {why}\n", format
    assert caption in results["table"].stdout
    assert results["csv"].stdout.count("\n") <= 1  # the header at most
    assert json.loads(results["json"].stdout) == []
