"""Shared fixtures: a store (SQLite file, or a throwaway PostgreSQL), sample extractions, Prefect harness.

PostgreSQL refuses to run as root, so the server is started through `runuser -u postgres` (docs/STACK.md §4);
pytest-postgresql then gives every test a fresh database cloned from a template.
"""

from __future__ import annotations

import atexit
import os
import shutil
import socket
import subprocess
import tempfile

import pytest

from models.settings import apply_offline_environment

# Before anything imports prefect: a fresh PREFECT_HOME per session (a reused one serves stale task
# caches), the offline switches, and quiet logs. `make test` sets PREFECT_HOME itself.
if "PREFECT_HOME" not in os.environ:
    _prefect_home = tempfile.mkdtemp(prefix="ramme-prefect-")
    os.environ["PREFECT_HOME"] = _prefect_home
    atexit.register(shutil.rmtree, _prefect_home, True)
apply_offline_environment()
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")

from pytest_postgresql import factories  # noqa: E402
from pytest_postgresql.executors.noop import NoopExecutor  # noqa: E402

from models.enums import AgeGroup, ClauseKind, DocType  # noqa: E402
from models.geometry import BBox  # noqa: E402
from models.records import (  # noqa: E402
    AgendaItem,
    Clause,
    DocumentMeta,
    Extraction,
    Offer,
    OfferTable,
    OfferYear,
    PrintedTable,
    StatedCount,
)


# --- accuracy figures in the terminal summary ----------------------------------------------------

_ACCURACY_LINES: list[str] = []


@pytest.fixture(scope="session")
def accuracy_report() -> list[str]:
    """Lines a gold test appends; pytest prints them at the end of every run, passing or not."""
    return _ACCURACY_LINES


def pytest_terminal_summary(terminalreporter) -> None:
    if _ACCURACY_LINES:
        terminalreporter.section("accuracy against gold")
        for line in _ACCURACY_LINES:
            terminalreporter.write_line(line)


# --- sample extractions (real records, built in code) -------------------------------------------

def build_extraction(*, sha256: str = "a" * 64, changed: bool = False, broken: bool = False) -> Extraction:
    """A small agreement extraction: two tables, three offers, a clause, an agenda item, a region table.

    `changed` is a re-extraction of the same document with one offer fewer and other numbers;
    `broken` has an offer without a name, which the store must refuse (name is NOT NULL).
    """
    box = BBox(50.0, 100.0, 300.0, 112.5)

    def years(values):
        return tuple(OfferYear(year, cap, use, occ, 12, BBox(310.0 + 40 * i, 100.0, 340.0 + 40 * i, 112.5))
                     for i, (year, cap, use, occ) in enumerate(values))

    granbohus_years = [(2021, 38, 30.0 if changed else 33.5, 88), (2022, 38, 33.1, 87), (2023, 38, 31.3, 82)]
    children_offers = (
        Offer("Granbohus - Udviklingshæmning", "Fredensborg Kommune", "BL § 43", 12, box, years(granbohus_years)),
        Offer("Broen", "Albertslund kommune", "BL § 46", 12, box,
              years([(2021, 16, 16.0, 100), (2022, 16, 16.2, 102), (2023, 16, None, None)])),
    )
    children = OfferTable("Tabel 1", "Tilbud målrettet børn og unge med udviklingshæmning", AgeGroup.CHILDREN,
                          "Udviklingshæmning", (2021, 2022, 2023), 12, box,
                          children_offers[:1] if changed else children_offers)
    adult_offers = (Offer("Hulegården", "Region Hovedstaden", "SEL § 107", 20, box,
                          years([(2021, 0, 6, None), (2022, 10, 9.5, 95), (2023, 10, 9, 90)])),)
    if broken:
        adult_offers += (Offer(None, "Ishøj  Kommune", "SEL § 108", 21, box, years([(2021, 5, 5, 100)])),)
    adults = OfferTable("Tabel 6", "Tilbud målrettet voksne med udviklingshæmning", AgeGroup.ADULTS,
                        "Udviklingshæmning", (2021, 2022, 2023), 20, None, adult_offers)
    return Extraction(
        file="/somewhere/hovedstaden-2025-2026.pdf", sha256=sha256, pages=51,
        meta=DocumentMeta("hovedstaden", "Rammeaftale 2025-2026", 2025, 2026, DocType.AGREEMENT),
        extractor_version="test-v1",
        offer_tables=(children, adults),
        stated_counts=(StatedCount(AgeGroup.CHILDREN, "Udviklingshæmning", 2, 11, box),
                       StatedCount(AgeGroup.ADULTS, "Udviklingshæmning", 1, 19, None)),
        clauses=(Clause(ClauseKind.NOTICE_PERIOD, "Botilbud", "Løbende måned plus en måned",
                        {"running_month": True, "plus_months": 1, "plus_days": 0}, 30, box, "5.2 Opsigelse"),),
        agenda_items=(AgendaItem(1, "Godkendelse af dagsorden", "24/123", "Dagsordenen godkendes",
                                 "Godkendt", 2, None),),
        tables=(PrintedTable("Antal borgere", ("Region", "2022", "2023"),
                              {"Nordjylland": ("10", "12"), "Hovedstaden": ("1.234", None)}, 40, box),),
        warnings=("example warning",),
    )


def load_extraction(db, source, extraction: Extraction, **fetch):
    """Normalise and load an extraction, as the flow does (`transform` then `warehouse.load_document`)."""
    from transform.normalize import normalize_document
    from warehouse import load_document

    return load_document(db, source, normalize_document(extraction, source.region if source else None), **fetch)


# --- stores --------------------------------------------------------------------------------------

def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def pg_server():
    """A PostgreSQL server for the session on 127.0.0.1 (skipped when PostgreSQL is not installed)."""
    if shutil.which("pg_config") is None:
        if os.environ.get("CI"):  # CI installs PostgreSQL (.ci/run): a missing server is a failure there
            pytest.fail("PostgreSQL is not installed (no pg_config on PATH)")
        pytest.skip("PostgreSQL is not installed (no pg_config on PATH)")
    bindir = subprocess.run(["pg_config", "--bindir"], capture_output=True, text=True, check=True).stdout.strip()
    prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []  # initdb refuses root
    data = tempfile.mkdtemp(prefix="ramme-pg-")
    if prefix:
        shutil.chown(data, "postgres")
    port = _free_port()
    subprocess.run(prefix + [f"{bindir}/initdb", "-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8",
                             "--locale=C.UTF-8"], check=True, capture_output=True, timeout=120)
    subprocess.run(prefix + [f"{bindir}/pg_ctl", "-D", data, "-w", "-t", "60", "-l", f"{data}/log", "-o",
                             f"-p {port} -k {data} -c listen_addresses=127.0.0.1 -c fsync=off "
                             "-c full_page_writes=off", "start"], check=True, capture_output=True, timeout=120)
    try:
        import psycopg

        executor = NoopExecutor(host="127.0.0.1", port=port, user="postgres", options="", dbname="tests")
        with psycopg.connect(host="127.0.0.1", port=port, user="postgres", dbname="postgres",
                             autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{executor.template_dbname}"')
        yield executor
    finally:
        subprocess.run(prefix + [f"{bindir}/pg_ctl", "-D", data, "-m", "fast", "stop"], capture_output=True,
                       timeout=60)
        shutil.rmtree(data, ignore_errors=True)


pg_noproc = factories.postgresql_noproc(depends_on="pg_server")
postgresql = factories.postgresql("pg_noproc")


@pytest.fixture
def sqlite_url(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'store' / 'ramme.db'}"


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.slow)])
def database_url(request, tmp_path) -> str:
    """A fresh, empty store: a SQLite file, and (slow) a PostgreSQL database."""
    if request.param == "sqlite":
        return request.getfixturevalue("sqlite_url")
    info = request.getfixturevalue("postgresql").info
    return f"postgresql+psycopg://{info.user}@{info.host}:{info.port}/{info.dbname}"


@pytest.fixture
def engine(database_url):
    from warehouse import create_schema, make_engine

    engine = make_engine(database_url)
    create_schema(engine)
    yield engine
    engine.dispose()


# --- Prefect -------------------------------------------------------------------------------------

@pytest.fixture(scope="session")
def prefect_harness():
    """A temporary Prefect server and database for the session (startup takes 10-20 s)."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield


# --- the bundled corpus, extracted, loaded and validated once per session -------------------------

BUNDLED = {"hovedstaden-2025-2026-web.pdf": "hovedstaden", "hovedstaden-2025-2026-main-web.pdf": "hovedstaden",
           "sjaelland-2021-2022-word.pdf": "sjaelland", "nordjylland-das-2024-word.pdf": "nordjylland"}
AGREEMENTS_DIR = os.path.join(os.path.dirname(__file__), os.pardir, "data", "agreements")


class BundledSource:
    """A bundled document's source, as sources.yaml lists it."""

    kind = "agreement"

    def __init__(self, name: str) -> None:
        self.region, self.url = BUNDLED[name], f"data/agreements/{name}"


def load_bundled(engine, settings, name: str, extraction) -> None:
    """Load a bundled document as the flow does, with its PDF where the fetch step keeps it (the
    validation report and the web page render its pages)."""
    cached = settings.cached_file(extraction.sha256, name)
    cached.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(os.path.join(AGREEMENTS_DIR, name), cached)
    load_extraction(engine, BundledSource(name), extraction)


@pytest.fixture(scope="session")
def bundled_extractions() -> dict:
    """The four bundled documents, extracted once per session."""
    from extractors.document import extract_document

    return {name: extract_document(os.path.join(AGREEMENTS_DIR, name)) for name in BUNDLED}


@pytest.fixture(scope="session")
def bundled_store(tmp_path_factory, bundled_extractions):
    """The bundled corpus loaded into a SQLite store and validated: (engine, settings, validated)."""
    from models.settings import Settings
    from validations.stage import validate_store
    from warehouse import create_schema, make_engine

    data_dir = tmp_path_factory.mktemp("bundled")
    settings = Settings(data_dir=data_dir, database_url=f"sqlite:///{data_dir / 'ramme.db'}")
    engine = make_engine(settings.database_url)
    create_schema(engine)
    for name, extraction in bundled_extractions.items():
        load_bundled(engine, settings, name, extraction)
    yield engine, settings, validate_store(engine, None, settings)
    engine.dispose()
