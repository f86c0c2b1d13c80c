"""The Prefect flow, run for real under a temporary Prefect server.

A small sources list: the full Hovedstaden agreement (local path, 215 offers), its main part served
over http from 127.0.0.1, a damaged PDF (file:// URL) and an http URL that answers 404. The good
documents load, the bad ones are recorded as failed with an error naming the file, and a second run
finds the good ones unchanged.
"""

from __future__ import annotations

import shutil
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import yaml
from sqlalchemy import create_engine, text

from conftest import load_extraction
from flows.fetch import FetchError, fetch
from flows.sources import Source, SourcesFileError, load_sources
from warehouse import (
    create_schema,
    make_engine,
    query_offers,
    record_failure,
)

ROOT = Path(__file__).resolve().parents[1]
AGREEMENTS = ROOT / "data" / "agreements"
BROKEN = ROOT / "tests" / "fixtures" / "robustness" / "pdfminer_aes-256-r6.pdf"  # a PDF, but encrypted


REQUESTS: list[str] = []  # paths the local server was asked for, in order


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass

    def do_GET(self) -> None:
        REQUESTS.append(self.path)
        super().do_GET()


@pytest.fixture(scope="module")
def http_base(tmp_path_factory):
    """A local http server on 127.0.0.1 serving a copy of the Hovedstaden main part."""
    root = tmp_path_factory.mktemp("www")
    shutil.copy(AGREEMENTS / "hovedstaden-2025-2026-main-web.pdf", root)
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_QuietHandler, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def write_sources(path: Path, entries: list[dict]) -> Path:
    path.write_text(yaml.safe_dump({"sources": entries}, allow_unicode=True), encoding="utf-8")
    return path


def table_rows(url: str) -> dict[str, list[tuple]]:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return {t: [tuple(r) for r in conn.execute(text(f"SELECT * FROM {t} ORDER BY id"))]
                    for t in ("source", "agreement", "document", "offer", "offer_year")}
    finally:
        engine.dispose()


@pytest.fixture(scope="module")
def two_runs(prefect_harness, tmp_path_factory, http_base):
    """The flow run twice on the small sources list; returns both summaries and the store URL."""
    from flows.process import run_agreements

    work = tmp_path_factory.mktemp("flow")
    sources = write_sources(work / "sources.yaml", [
        {"region": "hovedstaden", "url": str(AGREEMENTS / "hovedstaden-2025-2026-web.pdf"), "kind": "agreement"},
        {"region": "hovedstaden", "url": f"{http_base}/hovedstaden-2025-2026-main-web.pdf", "kind": "agreement"},
        {"region": "nordjylland", "url": BROKEN.as_uri(), "kind": "minutes"},
        {"region": "sjaelland", "url": f"{http_base}/missing.pdf", "kind": "agreement"},
    ])
    url = f"sqlite:///{work / 'ramme.db'}"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("RAMME_DATA_DIR", str(work / "data"))
        first = run_agreements(sources_file=str(sources), database_url=url)
        after_first = table_rows(url)
        second = run_agreements(sources_file=str(sources), database_url=url)
    return {"first": first, "second": second, "url": url, "after_first": after_first, "work": work,
            "http_base": http_base}


def documents(url: str) -> dict[str, tuple]:
    engine = create_engine(url)
    with engine.connect() as conn:
        rows = conn.execute(text(
            "SELECT file_name, status, error, sha256, region, doc_type, last_modified FROM document")).all()
    engine.dispose()
    return {r.file_name: r for r in rows}


def test_first_run_summary_per_region(two_runs):
    first = two_runs["first"]
    counted = ("documents", "processed", "unchanged", "failed", "offers", "offer_years")
    assert {region: {k: c[k] for k in counted} for region, c in first["regions"].items()} == {
        "hovedstaden": {"documents": 2, "processed": 2, "unchanged": 0, "failed": 0, "offers": 215,
                        "offer_years": 645},
        "nordjylland": {"documents": 1, "processed": 0, "unchanged": 0, "failed": 1, "offers": 0,
                        "offer_years": 0},
        "sjaelland": {"documents": 1, "processed": 0, "unchanged": 0, "failed": 1, "offers": 0,
                      "offer_years": 0},
    }
    assert first["regions"]["hovedstaden"]["clauses"] > 0  # clauses of both Hovedstaden documents
    assert first["status"] == "completed_with_failures"
    assert [f["url"] for f in first["failures"]] == [BROKEN.as_uri(), f"{two_runs['http_base']}/missing.pdf"]
    assert first["warnings"] == []  # neither Hovedstaden document has anything the extractors doubt


def test_good_documents_are_loaded_with_their_offers(two_runs):
    docs = documents(two_runs["url"])
    web, main = docs["hovedstaden-2025-2026-web.pdf"], docs["hovedstaden-2025-2026-main-web.pdf"]
    assert (web.status, web.region, web.doc_type, web.error) == ("loaded", "hovedstaden", "agreement", None)
    assert (main.status, main.region) == ("loaded", "hovedstaden")
    assert main.last_modified  # fetched over http: the server's Last-Modified header is kept
    rows = query_offers(create_engine(two_runs["url"]), region="hovedstaden", year=2023)
    assert len(rows) == 215
    assert all(r.operator_type in ("municipal", "regional", "private_or_other") for r in rows)
    assert sum(r.operator_code == 101 for r in rows) > 0  # Københavns Kommune, normalised


def test_broken_documents_are_recorded_as_failed_with_a_readable_error(two_runs):
    docs = documents(two_runs["url"])
    broken = docs[BROKEN.name]
    assert broken.status == "failed" and broken.sha256  # fetched, then the PDF could not be read
    assert broken.error.startswith(f"{BROKEN.name}: ") and "Traceback" not in broken.error
    assert REQUESTS.count("/missing.pdf") == 2  # once per run: a 404 is not retried
    missing = docs["missing.pdf"]
    assert missing.status == "failed" and missing.sha256 is None
    assert missing.error.startswith("missing.pdf: cannot fetch ") and "HTTP 404" in missing.error
    print(broken.error, missing.error, sep="\n")


def test_second_run_finds_the_good_documents_unchanged_and_changes_nothing(two_runs):
    second = two_runs["second"]
    assert second["regions"]["hovedstaden"] == {"documents": 2, "processed": 0, "unchanged": 2, "failed": 0,
                                                "suspect": 0, "offers": 0, "offer_years": 0, "clauses": 0, "agenda_items": 0,
                                                "table_figures": 0}
    assert second["totals"]["failed"] == 2
    after_second = table_rows(two_runs["url"])
    for table in ("source", "agreement", "offer", "offer_year"):
        assert after_second[table] == two_runs["after_first"][table]
    assert len(after_second["document"]) == len(two_runs["after_first"]["document"]) == 4


def test_runs_are_recorded_with_the_flow_run_id(two_runs):
    engine = create_engine(two_runs["url"])
    with engine.connect() as conn:
        runs = conn.execute(text("SELECT status, flow_run_id, finished_at FROM run ORDER BY id")).all()
    engine.dispose()
    assert [r.status for r in runs] == ["completed_with_failures", "completed_with_failures"]
    assert runs[0].flow_run_id == two_runs["first"]["flow_run_id"] and runs[0].flow_run_id
    assert all(r.finished_at is not None for r in runs)


def test_fetched_files_are_cached_under_the_data_dir(two_runs):
    cached = sorted(p.name for p in (two_runs["work"] / "data" / "cache").rglob("*.pdf"))
    assert cached == sorted(["hovedstaden-2025-2026-main-web.pdf", "hovedstaden-2025-2026-web.pdf", BROKEN.name])


def test_a_source_found_unchanged_clears_its_stale_fetch_failure(prefect_harness, tmp_path, monkeypatch):
    from extractors.document import extract_document
    from flows.process import run_agreements

    monkeypatch.setenv("RAMME_DATA_DIR", str(tmp_path / "data"))
    sources = write_sources(tmp_path / "sources.yaml", [
        {"region": "hovedstaden", "url": str(AGREEMENTS / "hovedstaden-2025-2026-main-web.pdf"), "kind": "agreement"}])
    [source] = load_sources(sources)
    url = f"sqlite:///{tmp_path / 'ramme.db'}"
    engine = make_engine(url)
    create_schema(engine)
    load_extraction(engine, source, extract_document(source.location))
    record_failure(engine, source, "hovedstaden-2025-2026-main-web.pdf: cannot fetch: ConnectTimeout")  # last night
    engine.dispose()
    summary = run_agreements(sources_file=str(sources), database_url=url)
    assert summary["totals"]["unchanged"] == 1
    assert [(d.status, d.error) for d in documents(url).values()] == [("loaded", None)]


@pytest.mark.slow
def test_the_bundled_sources_file_loads_completely(prefect_harness, tmp_path, monkeypatch):
    from flows.process import run_agreements

    monkeypatch.setenv("RAMME_DATA_DIR", str(tmp_path / "data"))
    summary = run_agreements(sources_file=str(ROOT / "sources.yaml"),
                                 database_url=f"sqlite:///{tmp_path / 'ramme.db'}")
    assert summary["status"] == "completed"
    assert {r: (c["processed"], c["failed"]) for r, c in summary["regions"].items()} == {
        "hovedstaden": (2, 0), "sjaelland": (1, 0), "nordjylland": (1, 0)}
    assert (summary["totals"]["offers"], summary["totals"]["offer_years"]) == (215, 645)
    assert summary["regions"]["nordjylland"]["agenda_items"] == 19
    assert summary["totals"]["table_figures"] == sum(region["table_figures"] for region in summary["regions"].values())
    assert summary["regions"]["hovedstaden"]["table_figures"] == 9  # Tabel 15: 3 measures × 3 years
    assert summary["regions"]["nordjylland"]["table_figures"] > 0
    validation = summary["validation"]
    assert validation["anomalies"]["zero_occupancy_with_usage"] == {"Region Hovedstaden": 5}  # gold: 5
    assert Path(validation["report"]).is_file() and Path(validation["data_docs"]).is_file()
    artifact = _latest_artifact("validation")
    assert f"# Validation: {validation['total']} anomalies" in artifact.data
    assert "| zero_occupancy_with_usage | 5 |" in artifact.data and "report.html" in artifact.data


def _latest_artifact(key: str):
    """The newest Prefect artifact with `key`, read back from the Prefect API."""
    import asyncio

    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterKey

    async def read():
        async with get_client() as client:
            found = await client.read_artifacts(artifact_filter=ArtifactFilter(key=ArtifactFilterKey(any_=[key])))
            return max(found, key=lambda a: a.created)

    return asyncio.run(read())


# --- sources.yaml ---------------------------------------------------------------------------------

def test_bundled_sources_file_lists_one_entry_per_document():
    sources = load_sources(ROOT / "sources.yaml")
    assert [(s.region, Path(s.url).name, s.kind) for s in sources] == [
        ("hovedstaden", "hovedstaden-2025-2026-web.pdf", "agreement"),
        ("hovedstaden", "hovedstaden-2025-2026-main-web.pdf", "agreement"),
        ("sjaelland", "sjaelland-2021-2022-word.pdf", "agreement"),
        ("nordjylland", "nordjylland-das-2024-word.pdf", "minutes"),
    ]
    assert all(Path(s.location).is_file() for s in sources)


@pytest.mark.parametrize(("content", "message"), [
    ("sources: [", "not valid YAML (line"),
    ("- region: hovedstaden", "expected a top-level 'sources:' list"),
    ("sources: []", "list is empty"),
    ("sources:\n  - region: atlantis\n    url: a.pdf\n    kind: agreement", "sources[0]: region: Value error, unknown region"),
    ("sources:\n  - region: hovedstaden\n    url: a.pdf\n    kind: annex", "sources[0]: kind: Input should be"),
    ("sources:\n  - region: hovedstaden\n    kind: agreement", "sources[0]: url: Field required"),
    ("sources:\n  - region: hovedstaden\n    url: ftp://x/a.pdf\n    kind: agreement", "unsupported URL scheme"),
    ("sources:\n  - just a string", "sources[0]: expected a mapping"),
])
def test_malformed_sources_files_give_a_clear_error(tmp_path, content, message):
    path = tmp_path / "sources.yaml"
    path.write_text(content)
    with pytest.raises(SourcesFileError) as info:
        load_sources(path)
    assert str(info.value).startswith(str(path)) and message in str(info.value)


def test_missing_sources_file(tmp_path):
    with pytest.raises(SourcesFileError, match="sources file not found"):
        load_sources(tmp_path / "nope.yaml")


def test_relative_and_file_urls_resolve_against_the_sources_file(tmp_path):
    path = write_sources(tmp_path / "s.yaml", [
        {"region": "sjaelland", "url": "docs/a.pdf", "kind": "agreement"},
        {"region": "sjaelland", "url": "file:///srv/b%20c.pdf", "kind": "minutes"},
        {"region": "sjaelland", "url": "https://example.org/x/d.pdf", "kind": "agreement"},
    ])
    a, b, c = load_sources(path)
    assert (a.url, a.location) == ("docs/a.pdf", str(tmp_path / "docs" / "a.pdf"))
    assert (b.location, b.file_name) == ("/srv/b c.pdf", "b c.pdf")
    assert (c.location, c.is_http, c.file_name) == ("https://example.org/x/d.pdf", True, "d.pdf")


@pytest.mark.parametrize(("url", "name"), [
    ("https://x.dk/a/..%2F..%2F..%2Fevil.pdf", "evil.pdf"),
    ("https://x.dk/a/..%5C..%5Cevil.pdf", "evil.pdf"),
    ("https://x.dk/a/..", "document.pdf"),
    ("https://x.dk/a/%2E%2E", "document.pdf"),
    ("https://x.dk/", "document.pdf"),
    ("https://x.dk/a%00b.pdf", "document.pdf"),
    ("/srv/aftale#2 50%25.pdf", "aftale#2 50%25.pdf"),
])
def test_a_file_name_from_a_url_is_a_plain_name(url, name):
    assert Source(region="sjaelland", url=url, kind="agreement").file_name == name


@pytest.mark.parametrize("name", ["../../evil.pdf", "..", "", "a/b.pdf"])
def test_fetch_writes_only_inside_the_cache(tmp_path, name):
    cache = tmp_path / "data" / "cache"
    with pytest.raises(FetchError, match="not a plain file name") as raised:
        fetch(str(BROKEN), name, cache)
    assert not raised.value.retryable
    assert not cache.exists() and sorted(p.name for p in tmp_path.rglob("*")) == []


def test_a_url_with_an_encoded_traversal_is_cached_inside_the_cache(tmp_path, http_base):
    [source] = load_sources(write_sources(tmp_path / "s.yaml", [
        {"region": "sjaelland", "url": f"{http_base}/..%2F..%2Fhovedstaden-2025-2026-main-web.pdf",
         "kind": "agreement"}]))
    fetched = fetch(source.location, source.file_name, tmp_path / "data" / "cache")
    assert fetched.path.parent.parent == tmp_path / "data" / "cache"
    assert fetched.path.name == "hovedstaden-2025-2026-main-web.pdf"
    assert [p.relative_to(tmp_path) for p in tmp_path.rglob("*.pdf")] == [fetched.path.relative_to(tmp_path)]
