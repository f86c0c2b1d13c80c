"""Extraction in a worker process with a time and a memory limit, so that one document cannot hang
the night or exhaust the machine: a PDF that exceeds either, or crashes the parser, is a clear error
naming the file and the limit, and the run goes on with the other documents.

Workers fork from a server process that has imported the extractors once (multiprocessing's
"forkserver"), so a document costs a fork, not a fresh interpreter with spaCy and the PDF libraries.
The parent watches the worker's resident memory and kills it past the limit (an address-space rlimit
would also count the libraries' reserved, unused memory). What the OCR reports per page in the worker
(`extractors.ocr` logging at INFO) is sent to the parent and logged there, in the flow's run log.
"""

from __future__ import annotations

import logging
import multiprocessing
import time
from multiprocessing.connection import Connection
from pathlib import Path

import psutil

from models.records import Extraction

#: how often the parent looks at the worker (seconds)
_POLL = 0.1
_context = multiprocessing.get_context("forkserver")
_context.set_forkserver_preload(["extractors.document"])


class ExtractionFailed(Exception):
    """A document could not be extracted within the limits; the message names the file and why."""


def extract_isolated(path: Path, *, timeout_seconds: float, memory_mb: int) -> Extraction:
    """`extractors.document.extract_document(path)` in a worker process, within the limits."""
    receive, send = _context.Pipe(duplex=False)
    # not a daemon: the extractors may start processes of their own (OCR reads pages in parallel)
    worker = _context.Process(target=_extract, args=(str(path), send))
    worker.start()
    send.close()
    try:
        return _wait(worker, receive, Path(path).name, timeout_seconds, memory_mb * 1024 * 1024)
    finally:
        if worker.is_alive():
            worker.kill()
        worker.join(5)
        receive.close()


#: where the parent reports its workers' progress (INFO: one line per OCR page)
PROGRESS = logging.getLogger(__name__)


class _Progress(logging.Handler):
    """In the worker: each OCR log line, sent to the parent as ("progress", text)."""

    def __init__(self, send: Connection) -> None:
        super().__init__(logging.INFO)
        self.send = send

    def emit(self, record: logging.LogRecord) -> None:
        self.send.send(("progress", record.getMessage()))


def _extract(path: str, send: Connection) -> None:
    """The worker: extract, reporting OCR progress, and send back the extraction or the error (never both)."""
    from extractors.document import extract_document

    ocr_log = logging.getLogger("extractors.ocr")
    ocr_log.setLevel(logging.INFO)
    ocr_log.addHandler(_Progress(send))
    try:
        send.send(("ok", extract_document(path)))
    except Exception as exc:  # the parent records it as the document's error
        send.send(("error", exc))
    finally:
        send.close()


def _wait(worker, receive: Connection, name: str, timeout: float, memory: int) -> Extraction:
    deadline = time.monotonic() + timeout
    process = psutil.Process(worker.pid)
    peak = 0
    while True:
        if receive.poll(_POLL):
            try:
                status, value = receive.recv()
            except EOFError:
                raise ExtractionFailed(f"{name}: the parser crashed (worker exit code {worker.exitcode})") from None
            if status != "progress":
                break
            _report_progress(value)
            continue
        if not worker.is_alive():
            if receive.poll(0):
                continue  # it answered and exited between the two looks: the answer is in the pipe
            raise ExtractionFailed(f"{name}: the parser crashed (worker exit code {worker.exitcode})")
        if time.monotonic() > deadline:
            raise ExtractionFailed(f"{name}: extraction took longer than the limit of {timeout:g} s")
        try:
            peak = max(peak, process.memory_info().rss)
        except psutil.NoSuchProcess:
            continue
        if peak > memory:
            raise ExtractionFailed(f"{name}: extraction needed more than the memory limit of "
                                   f"{memory // (1024 * 1024)} MB")
    if status == "error":
        raise value
    return value


def _report_progress(message: str) -> None:
    """A worker's progress line: on this module's logger (`ramme run` shows it on its status line) and,
    inside a Prefect flow, in the flow run's log."""
    from prefect.exceptions import MissingContextError
    from prefect.logging import get_run_logger

    PROGRESS.info("%s", message)
    try:
        get_run_logger().info("%s", message)
    except MissingContextError:
        pass
