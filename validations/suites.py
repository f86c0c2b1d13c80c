"""Run the rule catalogue as Great Expectations suites (one per table) against a store, and turn the
rows that break a rule into findings.

GX runs in an ephemeral context on a SQL data source over the store's database URL (SQLite file or
PostgreSQL); each rule is an `UnexpectedRowsExpectation`. The caller sets GX_ANALYTICS_ENABLED=false.
"""

from __future__ import annotations

import decimal
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import great_expectations as gx
import great_expectations.expectations as gxe
from great_expectations.core.expectation_validation_result import ExpectationValidationResult
from great_expectations.data_context import AbstractDataContext
from great_expectations.data_context.types.base import ProgressBarsConfig
from great_expectations.expectations.metadata_types import FailureSeverity
from sqlalchemy import create_engine, text
from sqlalchemy.engine import URL, make_url

from models.enums import Severity
from models.geometry import BBox
from models.numbers import readable_danish_number
from models.records import Anomaly
from validations.rules import PRINTED_DA, RULES, Rule

#: the Data Docs site this stage writes (the ephemeral context already owns 'local_site')
DATA_DOCS_SITE = "ramme_validations"

_GX_SEVERITY = {Severity.ERROR: FailureSeverity.CRITICAL, Severity.WARNING: FailureSeverity.WARNING}
_BBOX = ("x0", "top", "x1", "bottom")


class ValidationError(RuntimeError):
    """A rule could not be evaluated (its query failed); the message names the rule."""


def run_suites(database_url: str, data_docs_dir: Path | None = None) -> tuple[list[Anomaly], Path | None]:
    """Every rule's findings in the store at `database_url`, in catalogue order; with `data_docs_dir`,
    GX Data Docs of the run are written there too (the second value: their index.html)."""
    context, findings = _validate(database_url)
    if data_docs_dir is None:
        return findings, None
    directory = Path(data_docs_dir).resolve()
    context.add_data_docs_site(site_name=DATA_DOCS_SITE, site_config={
        "class_name": "SiteBuilder",
        "store_backend": {"class_name": "TupleFilesystemStoreBackend", "base_directory": str(directory)},
        "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
    })
    context.build_data_docs(site_names=[DATA_DOCS_SITE])
    return findings, directory / "index.html"


def _validate(database_url: str) -> tuple[AbstractDataContext, list[Anomaly]]:
    """Run one suite per table in a fresh ephemeral context; the context (holding the results) and the findings."""
    url = _gx_url(database_url)
    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    source = _add_data_source(context, url)
    rows_by_rule: dict[str, list[dict]] = {}
    for table in dict.fromkeys(rule.table for rule in RULES):
        rules = [rule for rule in RULES if rule.table == table]
        suite = context.suites.add(gx.ExpectationSuite(name=table, expectations=[_expectation(r) for r in rules]))
        batch = source.add_table_asset(table, table_name=table).add_batch_definition_whole_table("whole table")
        definition = context.validation_definitions.add(gx.ValidationDefinition(name=table, data=batch, suite=suite))
        result = definition.run(result_format={"result_format": "COMPLETE"})
        for rule, outcome in zip(rules, _by_rule(rules, result.results)):
            rows_by_rule[rule.id] = _rows(rule, outcome, url)
    return context, [_finding(rule, row) for rule in RULES for row in _ordered(rows_by_rule[rule.id])]


def _gx_url(database_url: str) -> URL:
    """The URL GX can open: a SQLite file path made absolute (GX wants sqlite:////abs/path)."""
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        if not url.database or url.database == ":memory:":
            raise ValueError("the validation stage needs a SQLite file, not an in-memory database")
        url = url.set(database=str(Path(url.database).resolve()))
    return url


def _add_data_source(context: AbstractDataContext, url: URL):
    connection_string = url.render_as_string(hide_password=False)
    backend = url.get_backend_name()
    if backend == "sqlite":
        return context.data_sources.add_sqlite("store", connection_string=connection_string)
    if backend == "postgresql":
        return context.data_sources.add_postgres("store", connection_string=connection_string)
    return context.data_sources.add_sql("store", connection_string=connection_string)


def _expectation(rule: Rule) -> gxe.UnexpectedRowsExpectation:
    return gxe.UnexpectedRowsExpectation(
        unexpected_rows_query=rule.query, description=f"{rule.id}: {rule.explanation_en}",
        notes=rule.explanation_da, severity=_GX_SEVERITY[rule.severity], meta={"rule": rule.id})


def _by_rule(rules: list[Rule], results: Iterable[ExpectationValidationResult]) -> list[ExpectationValidationResult]:
    """The results in the order of `rules` (matched by the rule id in the expectation's meta)."""
    by_id = {result.expectation_config.meta["rule"]: result for result in results}
    return [by_id[rule.id] for rule in rules]


def _rows(rule: Rule, outcome: ExpectationValidationResult, url: URL) -> list[dict]:
    """The rows that break `rule`; a ValidationError when GX could not evaluate it.

    GX returns at most 200 rows (MAX_RESULT_RECORDS); past that the query is run once more directly."""
    error = _raised_exception(outcome.exception_info)
    if error is not None:
        raise ValidationError(f"rule {rule.id} (table {rule.table}) could not be evaluated: {error}")
    rows = outcome.result["details"]["unexpected_rows"]
    if outcome.result["observed_value"] > len(rows):
        engine = create_engine(url)
        try:
            with engine.connect() as connection:
                rows = [dict(row._mapping) for row in connection.execute(text(rule.query.format(batch=rule.table)))]
        finally:
            engine.dispose()
    return rows


def _raised_exception(exception_info: Mapping | None) -> str | None:
    """The message of an exception GX caught; exception_info is flat or keyed by metric."""
    if not exception_info:
        return None
    infos = [exception_info] if "raised_exception" in exception_info else list(exception_info.values())
    messages = [info.get("exception_message") or "unknown error" for info in infos if info.get("raised_exception")]
    return "; ".join(dict.fromkeys(messages)) or None


def _ordered(rows: list[dict]) -> list[dict]:
    keys = ("document_id", "agreement_id", "offer_id", "year", "clause_id", "offer_year_id", "page", "top", "subject")
    return sorted(rows, key=lambda row: tuple((row.get(k) is not None, row.get(k) or 0) for k in keys))


def _plain(value: Any) -> Any:
    """A database value as a plain Python value (PostgreSQL's SUM gives Decimal)."""
    if isinstance(value, decimal.Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def _finding(rule: Rule, row: Mapping[str, Any]) -> Anomaly:
    row = {key: _plain(value) for key, value in row.items()}
    decimals = _decimal_comma(row.get("decimal_comma"))
    printed = {name: _as_printed(value, name in decimals)
               for name, value in ((key.removeprefix("printed_"), value) for key, value in row.items()
                                   if key.startswith("printed_"))}
    bbox = BBox(*(float(row[k]) for k in _BBOX)) if all(row.get(k) is not None for k in _BBOX) else None
    expected = row.get("expected")
    number = expected if isinstance(expected, (int, float)) and not isinstance(expected, bool) else None
    return Anomaly(
        rule=rule.id, severity=rule.severity, message=_message(rule, row, printed),
        document_id=row["document_id"], agreement_id=row.get("agreement_id"), offer_id=row.get("offer_id"),
        offer_year_id=row.get("offer_year_id"), clause_id=row.get("clause_id"), year=row.get("year"),
        subject=row.get("subject"), printed=printed or None,
        expected=None if expected is None else readable_danish_number(expected), expected_number=number,
        page=row.get("page"), bbox=bbox)


def _decimal_comma(value: Any) -> set[str]:
    """The offer-year's measures printed with decimals (a JSON list; SQLite hands it over as text)."""
    if isinstance(value, str):
        value = json.loads(value)
    return set(value or ())


def _as_printed(value: Any, decimals: bool) -> Any:
    """A stored number in the form it was printed: 6.0 from a cell "6" is 6; "16,0" stays 16.0."""
    if isinstance(value, float) and value.is_integer() and not decimals:
        return int(value)
    return value


def _message(rule: Rule, row: Mapping[str, Any], printed: Mapping[str, Any]) -> str:
    """One Danish line: what, which year, the rule, the printed values and what was expected."""
    where = ", ".join(str(part) for part in (row.get("subject"), row.get("year")) if part is not None)
    values = ", ".join(f"{PRINTED_DA.get(key, key)} {_short(value)}" for key, value in printed.items())
    parts = [f"{where}: {rule.explanation_da}" if where else rule.explanation_da]
    if values:
        parts.append(f"trykt: {values}")
    if row.get("expected") is not None:
        parts.append(f"forventet: {readable_danish_number(row['expected'])}")
    return " — ".join(parts)


def _short(value: Any, limit: int = 80) -> str:
    shown = " ".join(readable_danish_number(value).split())
    return shown if len(shown) <= limit else shown[: limit - 1] + "…"
