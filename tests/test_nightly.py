"""What a data team meets when it leaves the nightly run alone: a document that hangs or exhausts
memory, a text-less file published in place of an agreement, concurrent runs on one SQLite store, a
run killed mid-way, and the run's final state in Prefect."""

from __future__ import annotations

import multiprocessing
import shutil
import time
import zlib
from dataclasses import replace
from pathlib import Path

import pytest
import yaml
from sqlalchemy import text

from conftest import build_extraction, load_extraction
from flows.isolation import ExtractionFailed, _wait, extract_isolated
from models.enums import DocumentStatus, RunStatus
from warehouse import create_schema, make_engine, query_clauses, query_offers
from warehouse.load import accept_suspect
from warehouse.runs import finish_run, mark_killed_runs, start_run

ROOT = Path(__file__).resolve().parents[1]
MAIN = ROOT / "data/agreements/hovedstaden-2025-2026-main-web.pdf"  # 8 pages, 15 clauses, no offers


def zeros_pdf(path: Path, megabytes: int) -> Path:
    """A "%PDF" header followed by zeros: the fallback parser's scan grows with the square of the size."""
    path.write_bytes(b"%PDF-1.4\n" + b"\0" * (megabytes * 2**20))
    return path


def flate_bomb_pdf(path: Path, megabytes: int) -> Path:
    """A valid one-page PDF whose content stream inflates to `megabytes` of spaces (half a MB on disk)."""
    deflate = zlib.compressobj(9)
    data = b"".join(deflate.compress(b" " * 2**20) for _ in range(megabytes)) + deflate.flush()
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
               b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data + b"\nendstream"]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    path.write_bytes(bytes(out))
    return path


def blank_pdf(path: Path) -> Path:
    """A one-page PDF without any text: what a failed scan or an empty export looks like."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument.new()
    document.new_page(595, 842)
    document.save(str(path))
    document.close()
    return path


def test_a_document_past_the_time_limit_fails_within_it(tmp_path):
    started = time.monotonic()
    with pytest.raises(ExtractionFailed, match=r"zeros\.pdf: extraction took longer than the limit of 3 s"):
        extract_isolated(zeros_pdf(tmp_path / "zeros.pdf", 32), timeout_seconds=3, memory_mb=2048)
    assert time.monotonic() - started < 3 + 5


def test_a_document_past_the_memory_limit_fails(tmp_path):
    with pytest.raises(ExtractionFailed, match=r"bomb\.pdf: extraction needed more than the memory limit of 400 MB"):
        extract_isolated(flate_bomb_pdf(tmp_path / "bomb.pdf", 600), timeout_seconds=120, memory_mb=400)


def test_a_good_document_comes_back_from_its_worker(tmp_path):
    extraction = extract_isolated(MAIN, timeout_seconds=120, memory_mb=2048)
    assert (extraction.pages, extraction.meta.title) == (8, "Rammeaftale 2025-2026")


class _Source:
    region, url, kind = "hovedstaden", "data/agreements/h.pdf", "agreement"


def test_an_answer_sent_just_before_the_worker_exits_is_taken():
    """A small document's worker answers and exits between the parent's two looks (the pipe was empty
    at the first, the worker gone at the second): its answer counts; it did not crash. Seen as
    intermittent "the parser crashed (worker exit code 0)" on the 8-page agreement."""
    import os

    receive, send = multiprocessing.Pipe(duplex=False)

    class AnswerAfterFirstLook:
        looks = 0

        def poll(self, timeout: float) -> bool:
            self.looks += 1
            if self.looks == 1:
                send.send(("ok", "the extraction"))
                return False
            return receive.poll(timeout)

        def recv(self):
            return receive.recv()

    class Exited:
        pid, exitcode = os.getpid(), 0

        def is_alive(self) -> bool:
            return False

    assert _wait(Exited(), AnswerAfterFirstLook(), "small.pdf", 5, 2**30) == "the extraction"


def test_a_version_that_yields_far_less_is_held_back_until_accepted(engine):
    good = build_extraction()
    load_extraction(engine, _Source(), good)
    blank = replace(good, sha256="e" * 64, offer_tables=(), stated_counts=(), clauses=(),
                    warnings=("no text layer (scanned or image-only PDF); nothing to extract",))
    result = load_extraction(engine, _Source(), blank)
    assert result.suspect == ("suspect: no offers where the current version has 3; the current version stays "
                              "until accepted")
    assert len(query_offers(engine, year=2021)) == 3  # the last good version stays in the queries
    with engine.connect() as connection:
        statuses = dict(connection.execute(text("SELECT sha256, status FROM document")).all())
    assert statuses == {"a" * 64: DocumentStatus.LOADED, "e" * 64: DocumentStatus.SUSPECT}
    accept_suspect(engine, result.document_id)
    assert query_offers(engine, year=2021) == []
    with pytest.raises(ValueError, match="is not a suspect version"):
        accept_suspect(engine, result.document_id)


def _writer(url: str, rounds: int, name: str, failures) -> None:
    """One of two processes writing at once: start and finish runs, load, record failures."""
    from conftest import build_extraction, load_extraction
    from warehouse import make_engine, record_failure
    from warehouse.runs import finish_run, start_run

    class Source:
        region, url, kind = "sjaelland", f"data/{name}.pdf", "agreement"

    engine = make_engine(url)
    try:
        for n in range(rounds):
            run = start_run(engine, sources_file=name)
            load_extraction(engine, Source(), build_extraction(sha256=f"{name}{n:02d}".ljust(64, "0")))
            record_failure(engine, Source(), f"{name}: round {n}", sha256=None, file_name=f"{name}.pdf")
            finish_run(engine, run, status="completed", counts={"round": n})
    except Exception as exc:  # reported to the test: a writer that fails at once is the bug
        failures.put(f"{name}: {type(exc).__name__}: {exc}")
    finally:
        engine.dispose()


def test_concurrent_writers_on_one_sqlite_store_wait_for_each_other(tmp_path):
    """Two processes writing at once, 20 rounds each: none fails with "database is locked" (each write
    transaction takes the lock before it reads), and every write is there."""
    url = f"sqlite:///{tmp_path / 'ramme.db'}"
    engine = make_engine(url)
    create_schema(engine)
    context = multiprocessing.get_context("spawn")
    failures = context.Queue()
    writers = [context.Process(target=_writer, args=(url, 20, name, failures)) for name in ("a", "b")]
    for writer in writers:
        writer.start()
    for writer in writers:
        writer.join(300)
    assert [writer.exitcode for writer in writers] == [0, 0]
    assert failures.empty(), failures.get()
    with engine.connect() as connection:
        runs = connection.execute(text("SELECT status, COUNT(*) FROM run GROUP BY status")).all()
        documents = connection.execute(text("SELECT COUNT(*) FROM document WHERE sha256 IS NOT NULL")).scalar()
    assert runs == [("completed", 40)] and documents == 40
    engine.dispose()


def test_a_run_whose_process_died_is_marked_killed_by_the_next(engine):
    dead = start_run(engine, sources_file="killed.yaml")
    alive = start_run(engine, sources_file="running.yaml")
    with engine.begin() as connection:  # as if started by a process that is gone
        connection.execute(text("UPDATE run SET pid = 999999999 WHERE id = :id"), {"id": dead})
    assert mark_killed_runs(engine) == [dead]
    with engine.connect() as connection:
        statuses = dict(connection.execute(text("SELECT id, status FROM run")).all())
    assert statuses == {dead: RunStatus.KILLED, alive: RunStatus.RUNNING}
    finish_run(engine, alive, status=RunStatus.COMPLETED, counts={})


@pytest.fixture(scope="module")
def flow_runs(prefect_harness, tmp_path_factory):
    """The flow run twice over one source: the 8-page main part, then a blank PDF published in its
    place, beside a document that exhausts memory and one that hangs (tight limits for the test)."""
    from flows.process import process_agreements

    work = tmp_path_factory.mktemp("nightly")
    published = work / "hovedstaden-main.pdf"
    shutil.copyfile(MAIN, published)
    sources = work / "sources.yaml"
    sources.write_text(yaml.safe_dump({"publishers": {"syddanmark": "https://socialsekretariatet.dk/"}, "sources": [
        {"region": "hovedstaden", "url": str(published), "kind": "agreement"},
        {"region": "sjaelland", "url": str(flate_bomb_pdf(work / "bomb.pdf", 600)), "kind": "agreement"},
        {"region": "nordjylland", "url": str(zeros_pdf(work / "zeros.pdf", 32)), "kind": "minutes"},
    ]}))
    url = f"sqlite:///{work / 'ramme.db'}"
    with pytest.MonkeyPatch.context() as patch:
        for name, value in {"RAMME_DATA_DIR": str(work / "data"), "RAMME_EXTRACT_TIMEOUT_SECONDS": "5",
                            "RAMME_EXTRACT_MEMORY_MB": "400"}.items():
            patch.setenv(name, value)
        first = process_agreements(sources_file=str(sources), database_url=url, return_state=True)
        blank_pdf(published)
        second = process_agreements(sources_file=str(sources), database_url=url, return_state=True)
    return first, second, url


def test_a_run_with_failed_documents_is_not_completed_in_prefect(flow_runs):
    first, _second, _url = flow_runs
    summary = first.result(raise_on_failure=False).summary
    assert first.is_failed() and first.name == "Completed with failures"
    assert summary["status"] == RunStatus.COMPLETED_WITH_FAILURES
    errors = {f["url"].rsplit("/", 1)[-1]: f["error"] for f in summary["failures"]}
    assert errors == {"bomb.pdf": "bomb.pdf: extraction needed more than the memory limit of 400 MB",
                      "zeros.pdf": "zeros.pdf: extraction took longer than the limit of 5 s"}
    assert summary["regions"]["hovedstaden"]["processed"] == 1
    assert summary["no_source"] == [{"region": "syddanmark", "publisher": "https://socialsekretariatet.dk/"}]


def test_a_blank_replacement_is_held_back_and_the_queries_keep_the_agreement(flow_runs):
    _first, second, url = flow_runs
    summary = second.result(raise_on_failure=False).summary
    assert [s["url"].rsplit("/", 1)[-1] for s in summary["suspects"]] == ["hovedstaden-main.pdf"]
    assert "clauses where the current version has 15" in summary["suspects"][0]["reason"]
    engine = make_engine(url)
    assert len(query_clauses(engine, region="hovedstaden")) == 15
    engine.dispose()


@pytest.mark.slow
def test_no_process_outlives_ramme_run(tmp_path):
    """`ramme run` starts Prefect's temporary server and the extraction workers; none is left after it."""
    import os
    import subprocess
    import sys

    import psutil

    sources = tmp_path / "sources.yaml"
    sources.write_text(yaml.safe_dump({"sources": [{"region": "hovedstaden", "url": str(MAIN), "kind": "agreement"}]}))
    marker = str(tmp_path / "data")  # every process of this run inherits it
    env = {**os.environ, "RAMME_DATA_DIR": marker, "PREFECT_HOME": str(tmp_path / "prefect")}
    env.pop("PREFECT_API_URL", None)
    result = subprocess.run([str(Path(sys.executable).parent / "ramme"), "run", "--sources", str(sources)],
                            env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr

    def of_this_run(process: psutil.Process) -> bool:
        try:
            return process.environ().get("RAMME_DATA_DIR") == marker
        except psutil.Error:
            return False

    deadline = time.monotonic() + 10  # the temporary server is given a moment to finish stopping
    while (left := [p for p in psutil.process_iter() if of_this_run(p)]) and time.monotonic() < deadline:
        time.sleep(0.5)
    assert left == [], [" ".join(p.cmdline()) for p in left]
