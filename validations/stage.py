"""The validation stage as the flow and the CLI run it: validate the store, keep the findings, and
write the report a person reads (with GX Data Docs beside it)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine

from models.settings import Settings
from validations.report import write_report
from validations.suites import run_suites
from warehouse.anomalies import query_anomalies, replace_anomalies
from warehouse.load import document_files

REPORT_NAME = "report.html"
DATA_DOCS_NAME = "data-docs"


@dataclass(frozen=True)
class Validated:
    """What one validation found: counts per (rule, region), and where the report and Data Docs are."""

    counts: dict[str, dict[str, int]] = field(default_factory=dict)  # rule → region → anomalies
    report: Path | None = None
    data_docs: Path | None = None

    @property
    def total(self) -> int:
        return sum(n for regions in self.counts.values() for n in regions.values())


def validate_store(engine: Engine, run_id: int | None, settings: Settings) -> Validated:
    """Run every suite on the store, replace its anomalies with what they found (as run `run_id`),
    and write the report and Data Docs into the data dir."""
    url = engine.url.render_as_string(hide_password=False)
    anomalies, data_docs = run_suites(url, settings.validation_dir / DATA_DOCS_NAME)
    replace_anomalies(engine, run_id, anomalies)
    listings = query_anomalies(engine)
    report = write_store_report(engine, settings, data_docs_index=data_docs, listings=listings)
    counts: dict[str, dict[str, int]] = {}
    for (rule, region), n in sorted(Counter((a.rule, a.region or "ukendt region") for a in listings).items()):
        counts.setdefault(rule, {})[region] = n
    return Validated(counts, report, data_docs)


def write_store_report(engine: Engine, settings: Settings, out: Path | None = None,
                       data_docs_index: Path | None = None, listings: list | None = None) -> Path:
    """The report of the anomalies stored (`listings`, when the caller has read them already), written to
    `out` (default: the data dir's validation report), with crops from the fetched PDFs."""
    files = document_files(engine)

    def pdf_for(document_id: int) -> Path | None:
        return settings.cached_file(*files[document_id]) if document_id in files else None

    docs = data_docs_index or settings.validation_dir / DATA_DOCS_NAME / "index.html"
    anomalies = listings if listings is not None else query_anomalies(engine)
    return write_report(out or settings.validation_dir / REPORT_NAME, anomalies, pdf_for=pdf_for,
                        data_docs_index=docs if docs.is_file() else None)
