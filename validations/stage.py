"""The validation stage as the flow and the CLI run it: validate the store, keep the findings, and
write the report a person reads (with GX Data Docs beside it).

A store whose documents have not changed since its last validation (same versions, same statuses,
same validation code) has the same findings: the suites are not run again (Great Expectations is not
even imported), the stored findings and the report stand. The state they were found in is kept as a
hash beside the report (`store-state.sha256`).
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine, text

from models.settings import Settings
from validations.report import write_report
from warehouse.anomalies import query_anomalies, replace_anomalies
from warehouse.load import document_files

REPORT_NAME = "report.html"
DATA_DOCS_NAME = "data-docs"
STATE_NAME = "store-state.sha256"


@dataclass(frozen=True)
class Validated:
    """What one validation found: counts per (rule, region), and where the report and Data Docs are."""

    counts: dict[str, dict[str, int]] = field(default_factory=dict)  # rule → region → anomalies
    report: Path | None = None
    data_docs: Path | None = None
    reused: bool = False  # the store had not changed since its last validation: nothing was run again

    @property
    def total(self) -> int:
        return sum(n for regions in self.counts.values() for n in regions.values())


def validate_store(engine: Engine, run_id: int | None, settings: Settings, *, again: bool = False) -> Validated:
    """Run every suite on the store, replace its anomalies with what they found (as run `run_id`),
    and write the report and Data Docs into the data dir; or, when the store is as it was at its last
    validation here (and not `again`), keep that validation's findings and report."""
    report, data_docs = settings.validation_dir / REPORT_NAME, settings.validation_dir / DATA_DOCS_NAME / "index.html"
    state = settings.validation_dir / STATE_NAME
    if not again and report.is_file() and state.is_file() and state.read_text() == store_state(engine):
        return Validated(_counts(query_anomalies(engine)), report, data_docs if data_docs.is_file() else None,
                         reused=True)
    from validations.suites import run_suites  # Great Expectations loads only when the suites run

    url = engine.url.render_as_string(hide_password=False)
    anomalies, data_docs = run_suites(url, settings.validation_dir / DATA_DOCS_NAME)
    replace_anomalies(engine, run_id, anomalies)
    listings = query_anomalies(engine)
    report = write_store_report(engine, settings, data_docs_index=data_docs, listings=listings)
    state.write_text(store_state(engine))
    return Validated(_counts(listings), report, data_docs)


def _counts(listings: list) -> dict[str, dict[str, int]]:
    counts: dict[str, dict[str, int]] = {}
    for (rule, region), n in sorted(Counter((a.rule, a.region or "ukendt region") for a in listings).items()):
        counts.setdefault(rule, {})[region] = n
    return counts


def store_state(engine: Engine) -> str:
    """A hash of what the findings depend on: the validation code, the store (its URL without password),
    each document's version and status, and how many anomalies are stored."""
    digest = hashlib.sha256(engine.url.render_as_string(hide_password=True).encode())
    for path in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(path.read_bytes())
    with engine.connect() as connection:
        for row in connection.execute(text(
                "SELECT id, sha256, status, extractor_version FROM document ORDER BY id")):
            digest.update(repr(tuple(row)).encode())
        digest.update(str(connection.execute(text("SELECT COUNT(*) FROM anomaly")).scalar()).encode())
    return digest.hexdigest()


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
