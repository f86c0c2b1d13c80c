"""The pipeline flow: for each source, fetch -> (skip if unchanged) -> extract -> transform -> load.

Wiring only: fetching lives in flows.fetch, extraction in extractors, normalisation in transform,
storage in warehouse. A source
that fails at any step is recorded as a failed document with a readable error; the others still load.
The summary counts what each region loaded and lists the failures and the extraction warnings of
the documents processed in this run.
"""

from __future__ import annotations

import dataclasses
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from prefect import State, flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact
from prefect.states import Completed, Failed
from prefect.task_runners import ThreadPoolTaskRunner
from prefect.cache_policies import NO_CACHE
from prefect.runtime import flow_run
from sqlalchemy import Engine

from extractors.version import extractor_version
from flows.fetch import FetchError, Fetched, NotModified, fetch
from flows.isolation import extract_isolated
from flows.sources import Source, load_sources_file
from models.enums import RunStatus, SourceOutcome
from models.records import Extraction, LoadCounts
from models.settings import Settings, get_settings
from models.store import DocumentRow
from transform.normalize import normalize_document
from warehouse import (
    LoadResult,
    clear_fetch_failure,
    create_schema,
    finish_run,
    is_loaded,
    load_document,
    make_engine,
    record_failure,
    start_run,
)
from warehouse.load import confirm_not_modified, validators
from warehouse.runs import mark_killed_runs


@dataclass(frozen=True)
class Outcome:
    status: SourceOutcome
    counts: LoadCounts = LoadCounts()
    error: str | None = None
    warnings: tuple[str, ...] = ()  # what the extractors could not read for certain


# Caching is the warehouse's job (a document whose sha256 is already loaded is skipped), so the
# tasks opt out of Prefect's result cache, which would outlive the store (docs/STACK.md, trap 4).
#: the longest Retry-After a fetch waits for before its next try; a server asking more is not retried
RETRY_AFTER_CAP_SECONDS = 60.0


def _worth_retrying(task, task_run, state) -> bool:
    """Retry a fetch only where another try can help (5xx, 429, time-outs; not a missing file or an
    HTTP 4xx), and not when the server asks to wait longer than the cap."""
    error = state.data
    if not isinstance(error, FetchError):
        return True
    return error.retryable and (error.retry_after or 0) <= RETRY_AFTER_CAP_SECONDS


@task(name="fetch", retries=2, retry_delay_seconds=[2, 10], retry_condition_fn=_worth_retrying,
      cache_policy=NO_CACHE)
def fetch_source(source: Source, settings: Settings, current: DocumentRow | None) -> Fetched | NotModified:
    """The source's bytes, or NotModified when the server says the current version (`current`, whose
    ETag / Last-Modified are sent) is still what it publishes."""
    try:
        fetched = fetch(source.location, source.file_name, settings.cache_dir,
                        etag=current.etag if current else None,
                        last_modified=current.last_modified if current else None,
                        deadline_seconds=settings.fetch_deadline_seconds, max_bytes=settings.fetch_max_mb * 2**20)
    except FetchError as exc:
        if exc.retryable and exc.retry_after and exc.retry_after <= RETRY_AFTER_CAP_SECONDS:
            time.sleep(exc.retry_after)  # the server said when to come back; the retry follows
        raise
    if isinstance(fetched, Fetched):
        get_run_logger().info("fetched %s (%d bytes, sha256 %s)", source.url, fetched.size_bytes,
                              fetched.sha256[:12])
    return fetched


@task(name="extract", cache_policy=NO_CACHE)
def extract(path: Path, settings: Settings) -> Extraction:
    """The document's records, extracted in a worker process within the time and memory limits."""
    extraction = extract_isolated(path, timeout_seconds=settings.extract_timeout_seconds,
                                  memory_mb=settings.extract_memory_mb)
    get_run_logger().info("extracted %s: %d pages, %d offers", path.name, extraction.pages, len(extraction.offers))
    return extraction


@task(name="load", retries=1, retry_delay_seconds=1, cache_policy=NO_CACHE)
def load(engine: Engine, source: Source, fetched: Fetched, extraction: Extraction) -> LoadResult:
    result = load_document(engine, source, normalize_document(extraction, source.region),
                           fetched_at=fetched.fetched_at, etag=fetched.etag, last_modified=fetched.last_modified,
                           size_bytes=fetched.size_bytes)
    get_run_logger().info("loaded %s: %s", fetched.path.name, result.counts)
    return result


def _readable(exc: Exception, file_name: str) -> str:
    """Errors from our own layers already name the file; anything else gets the name prefixed."""
    message = str(exc).strip() or type(exc).__name__
    return message if message.startswith(file_name) else f"{file_name}: {type(exc).__name__}: {message}"


@task(name="process-source", cache_policy=NO_CACHE)
def process_source(engine: Engine, source: Source, settings: Settings) -> Outcome:
    """One source through the stages; a failure is recorded on its document row, never raised."""
    fetched = None
    try:
        current = validators(engine, source, extractor_version())
        if current is not None and not settings.cached_file(current.sha256, current.file_name).is_file():
            current = None  # nothing to fall back on: fetch it whole
        fetched = fetch_source(source, settings, current)
        if isinstance(fetched, NotModified):
            get_run_logger().info("not modified: %s", source.url)
            confirm_not_modified(engine, current.id, fetched.etag, fetched.last_modified)
            clear_fetch_failure(engine, source)
            return Outcome(SourceOutcome.UNCHANGED)
        if is_loaded(engine, fetched.sha256, extractor_version()):
            get_run_logger().info("unchanged: %s", source.url)
            clear_fetch_failure(engine, source)
            return Outcome(SourceOutcome.UNCHANGED)
        extraction = extract(fetched.path, settings)
        result = load(engine, source, fetched, extraction)
    except Exception as exc:
        return _failed(engine, source, fetched, exc)
    if result.suspect:
        get_run_logger().warning("%s: %s", source.file_name, result.suspect)
        return Outcome(SourceOutcome.SUSPECT, result.counts, error=f"{source.file_name}: {result.suspect}",
                       warnings=extraction.warnings)
    return Outcome(SourceOutcome.PROCESSED, result.counts, warnings=extraction.warnings)


def _failed(engine: Engine, source: Source, fetched: Fetched | None, exc: Exception) -> Outcome:
    """Record a source's failure on its document row; if even that fails, log it and go on."""
    logger = get_run_logger()
    error = _readable(exc, source.file_name)
    logger.error("failed: %s", error)
    try:
        if fetched is None:
            record_failure(engine, source, error, file_name=source.file_name)
        else:
            record_failure(engine, source, error, sha256=fetched.sha256, file_name=source.file_name,
                           fetched_at=fetched.fetched_at, size_bytes=fetched.size_bytes)
    except Exception as store_exc:
        logger.error("could not record the failure of %s in the store: %s", source.url, store_exc)
    return Outcome(SourceOutcome.FAILED, error=error)


@task(name="validate", cache_policy=NO_CACHE)
def validate(engine: Engine, run_id: int, settings: Settings) -> dict[str, Any]:
    """Validate the store after the loads (anomalies never stop a load): the anomaly counts per rule and
    region and the report's path, published as a Prefect artifact; a validation that cannot run is
    reported, not raised."""
    from validations.stage import validate_store

    logger = get_run_logger()
    try:
        validated = validate_store(engine, run_id, settings)
    except Exception as exc:
        logger.error("validation failed: %s", exc)
        return {"error": f"validation: {type(exc).__name__}: {exc}"}
    if validated.reused:
        logger.info("the store is as it was at its last validation: its findings and report stand")
    create_markdown_artifact(key="validation", markdown=_validation_markdown(validated),
                             description="Anomalies per rule and region")
    return {"anomalies": validated.counts, "total": validated.total, "report": str(validated.report),
            "data_docs": str(validated.data_docs) if validated.data_docs else None, "reused": validated.reused}


def _summary_markdown(run_id: int, status: RunStatus, summary: dict[str, Any]) -> str:
    """The run's summary for people: counts per region, then each failed document and why."""
    keys = ["documents", *SourceOutcome, "offers", "clauses"]
    lines = [f"# Run {run_id}: {status}", "", "| region | " + " | ".join(keys) + " |",
             "|---|" + "---:|" * len(keys)]
    lines += [f"| {region} | " + " | ".join(str(counts[k]) for k in keys) + " |"
              for region, counts in summary["regions"].items()]
    lines += ["", "## Failed documents", *(f"- {f['url']}: {f['error']}" for f in summary["failures"])] \
        if summary["failures"] else []
    lines += ["", "## Held back as suspect", *(f"- {s['url']}: {s['reason']}" for s in summary["suspects"])] \
        if summary["suspects"] else []
    lines += ["", "## No source", *(f"- {n['region']}: publishes at {n['publisher']}" for n in summary["no_source"])] \
        if summary["no_source"] else []
    return "\n".join(lines)


def _validation_markdown(validated) -> str:
    regions = sorted({region for counts in validated.counts.values() for region in counts})
    lines = [f"# Validation: {validated.total} anomalies", "",
             "| rule | " + " | ".join(regions) + " |", "|---|" + "---:|" * len(regions)]
    lines += [f"| {rule} | " + " | ".join(str(counts.get(region, 0)) for region in regions) + " |"
              for rule, counts in validated.counts.items()]
    if validated.report:
        lines += ["", f"Report: [{validated.report.name}]({validated.report.as_uri()})"]
    return "\n".join(lines)


def summarize(outcomes: list[tuple[Source, Outcome]], publishers: dict[str, str] | None = None) -> dict[str, Any]:
    """Counts per region and in total, plus the failures with their errors and the documents with
    extraction warnings."""
    empty = {"documents": 0, **dict.fromkeys(SourceOutcome, 0), **dataclasses.asdict(LoadCounts())}
    regions: dict[str, dict[str, int]] = {}
    for source, outcome in outcomes:
        counts = regions.setdefault(source.region, dict(empty))
        counts["documents"] += 1
        counts[outcome.status] += 1
        for key, value in dataclasses.asdict(outcome.counts).items():
            counts[key] += value
    totals = {key: sum(c[key] for c in regions.values()) for key in empty}
    failures = [{"region": s.region, "url": s.url, "error": o.error} for s, o in outcomes
                if o.status == SourceOutcome.FAILED]
    suspects = [{"region": s.region, "url": s.url, "reason": o.error} for s, o in outcomes
                if o.status == SourceOutcome.SUSPECT]
    warnings = [{"region": s.region, "url": s.url, "file_name": s.file_name, "warnings": list(o.warnings)}
                for s, o in outcomes if o.warnings]
    no_source = [{"region": region, "publisher": page} for region, page in (publishers or {}).items()
                 if region not in regions]
    return {"regions": regions, "totals": totals, "failures": failures, "suspects": suspects, "warnings": warnings,
            "no_source": no_source}


#: the Prefect state of a run in which a document (or the validation) failed: not Completed, so that
#: alerts on a flow's state see it, and carrying the run's summary as its data
COMPLETED_WITH_FAILURES = "Completed with failures"


class CompletedWithFailures(Exception):
    """The data of a "Completed with failures" state, carrying the run's summary: Prefect resolves a
    Failed state's data into an exception (a deployment run raises it when the run ends), and a
    dict cannot be one."""

    def __init__(self, message: str, summary: dict[str, Any]) -> None:
        super().__init__(message, summary)
        self.summary = summary

    def __str__(self) -> str:
        return self.args[0]


@flow(name="process-agreements", task_runner=ThreadPoolTaskRunner(max_workers=get_settings().workers))
def process_agreements(sources_file: str | Path = "sources.yaml", database_url: str | None = None) -> State:
    """Fetch, extract and load every source in `sources_file`, documents side by side (each extracted
    in its own worker process; a failing document is recorded and the run goes on), then validate the
    store. Ends Completed, or Failed named "Completed with failures" when a document or the validation
    failed; either state's data is the summary: the run's ids and status, counts per region and in
    total, the failures and suspect versions, the extraction warnings, the anomaly counts and report."""
    logger = get_run_logger()
    settings = get_settings()
    sources, publishers = load_sources_file(sources_file)
    engine = make_engine(database_url or settings.database_url)
    try:
        create_schema(engine)
        killed = mark_killed_runs(engine)
        if killed:
            logger.warning("runs %s had stopped without finishing; marked killed", killed)
        run_id = start_run(engine, flow_run_id=flow_run.get_id(), sources_file=str(sources_file))
        try:
            order = _largest_first(sources)
            futures = [process_source.submit(engine, sources[i], settings) for i in order]
            by_source = {i: future.result() for i, future in zip(order, futures, strict=True)}
            outcomes = [(source, by_source[i]) for i, source in enumerate(sources)]
            summary = {**summarize(outcomes, publishers), "validation": validate(engine, run_id, settings)}
        except BaseException:
            finish_run(engine, run_id, status=RunStatus.FAILED, counts={})
            raise
        failed = summary["totals"][SourceOutcome.FAILED] or "error" in summary["validation"]
        status = RunStatus.COMPLETED_WITH_FAILURES if failed else RunStatus.COMPLETED
        finish_run(engine, run_id, status=status, counts=summary)
        create_markdown_artifact(key="run-summary", markdown=_summary_markdown(run_id, status, summary),
                                 description="Documents per region, failures with their errors, suspect versions")
        logger.info("run %d %s: %s", run_id, status, summary["totals"])
        result = {"run_id": run_id, "flow_run_id": flow_run.get_id(), "status": status, **summary}
        if failed:
            names = "; ".join(f["error"] for f in summary["failures"]) or summary["validation"].get("error")
            message = f"run {run_id}: {names}"
            return Failed(name=COMPLETED_WITH_FAILURES, message=message, data=CompletedWithFailures(message, result))
        return Completed(message=f"run {run_id}: {summary['totals']}", data=result)
    finally:
        engine.dispose()


def _largest_first(sources: list[Source]) -> list[int]:
    """The order the sources are worked on (indexes): local files largest first, so that the longest
    extraction starts first and the workers finish together; then the http(s) sources, whose size is
    known only once fetched, as listed."""
    def size(source: Source) -> int:
        try:
            return Path(source.location or source.url).stat().st_size
        except OSError:
            return 0  # the fetch reports it

    local = sorted((i for i, s in enumerate(sources) if not s.is_http), key=lambda i: -size(sources[i]))
    return local + [i for i, s in enumerate(sources) if s.is_http]


def run_agreements(sources_file: str | Path = "sources.yaml", database_url: str | None = None) -> dict[str, Any]:
    """Run the flow and return its summary, whatever state it ended in (the CLI reports failures itself)."""
    state = process_agreements(sources_file=sources_file, database_url=database_url, return_state=True)
    value = state.result(raise_on_failure=False)
    return value.summary if isinstance(value, CompletedWithFailures) else value
