"""The nightly deployment for real, as a data team runs it (docs/nightly.md): `prefect.yaml` deployed to
a local Prefect server (`prefect server start`, fresh PREFECT_HOME, the offline environment) and run by
process workers (`prefect worker start --pool ramme-process`).

1. One worker, one run over a good agreement and an encrypted PDF: the run ends Failed, named
   "Completed with failures"; the good document is loaded, the other recorded with its error; the
   deployment is scheduled at 02:00 Europe/Copenhagen.
2. Two workers (`--limit 1` each), two runs of the deployment at once on one PostgreSQL store: both
   complete, and the store holds what one run alone loads, each document once.

Every process a test starts (server, workers, and whatever they start: flow runs, forkservers,
extraction workers) is stopped by PID with one signal, and the test asserts that none is left.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from contextlib import closing
from pathlib import Path
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import httpx
import psutil
import pytest
import yaml
from sqlalchemy import create_engine, text

from models.settings import OFFLINE_ENVIRONMENT

ROOT = Path(__file__).resolve().parents[1]
AGREEMENTS = ROOT / "data" / "agreements"
GOOD = AGREEMENTS / "hovedstaden-2025-2026-main-web.pdf"  # 8 pages, 15 clauses
BROKEN = ROOT / "tests" / "fixtures" / "robustness" / "pdfminer_aes-256-r6.pdf"  # a PDF, but encrypted
#: the bundled agreements (not the 187-page minutes): 215 offers in the first, clauses in all three
STORE_SOURCES = [("hovedstaden", "hovedstaden-2025-2026-web.pdf"),
                 ("hovedstaden", "hovedstaden-2025-2026-main-web.pdf"),
                 ("sjaelland", "sjaelland-2021-2022-word.pdf")]
PREFECT = str(Path(sys.executable).with_name("prefect"))
POOL, DEPLOYMENT = "ramme-process", "process-agreements/nightly"
#: what a project copy needs: the packages the flow imports, and the deployment file
PROJECT = ("flows", "extractors", "transform", "models", "validations", "warehouse", "app", "prefect.yaml")
STOP_WITHIN = 30  # seconds a server or worker may take to stop after one signal
COUNTED = ("document", "offer", "offer_year", "clause", "anomaly")


# --- processes the tests start, and everything those start -----------------------------------------

class Processes:
    """Long-running processes started by a test, each in a session of its own. A thread notes every
    descendant (flow runs, forkservers, extraction workers) while they run, so that the test can
    check that none outlives the stop, and kill (by PID) whatever does."""

    def __init__(self) -> None:
        self.started: dict[str, tuple[subprocess.Popen, Path]] = {}
        self.seen: dict[int, tuple[float, str]] = {}  # pid -> (create time, command line)
        self._done = threading.Event()
        self._watcher = threading.Thread(target=self._watch, daemon=True)
        self._watcher.start()

    def start(self, name: str, argv: list[str], *, env: dict[str, str], cwd: Path, log: Path) -> subprocess.Popen:
        """Start `argv` in a session of its own, with SIGINT at its default even where the test run itself was
        started in the background with SIGINT ignored (`make test &`): a worker drops its clean stop on an
        ignored SIGINT (docs/nightly.md, "When it takes two signals")."""
        with open(log, "wb") as out:
            popen = subprocess.Popen(["env", "--default-signal=INT", *argv], env=env, cwd=cwd, stdout=out,
                                     stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True)
        self.started[name] = (popen, log)
        self._note(popen.pid)
        return popen

    def log(self, name: str) -> str:
        return self.started[name][1].read_text(errors="replace")

    def _note(self, pid: int) -> None:
        try:
            process = psutil.Process(pid)
            for p in [process, *process.children(recursive=True)]:
                self.seen.setdefault(p.pid, (p.create_time(), " ".join(p.cmdline())[:200]))
        except psutil.Error:
            pass

    def _watch(self) -> None:
        while not self._done.wait(0.25):
            for popen, _log in list(self.started.values()):
                if popen.poll() is None:
                    self._note(popen.pid)

    def stop(self, name: str, signum: int) -> float:
        """Send one signal to the process; the seconds it took to exit (it must, within STOP_WITHIN)."""
        popen, log = self.started[name]
        assert popen.poll() is None, f"{name} exited before it was stopped:\n{tail(log)}"
        self._note(popen.pid)
        started = time.monotonic()
        popen.send_signal(signum)
        try:
            popen.wait(STOP_WITHIN)
        except subprocess.TimeoutExpired:
            pytest.fail(f"{name} still runs {STOP_WITHIN} s after one {signal.Signals(signum).name}:\n{tail(log)}")
        return time.monotonic() - started

    def _alive(self) -> list[psutil.Process]:
        alive = []
        for pid, (created, _cmd) in self.seen.items():
            try:
                process = psutil.Process(pid)
                if process.create_time() == created and process.status() != psutil.STATUS_ZOMBIE:
                    alive.append(process)
            except psutil.Error:
                pass
        sessions = {popen.pid for popen, _log in self.started.values()}
        for process in psutil.process_iter():  # also what the watcher had no time to see
            try:
                if os.getsid(process.pid) in sessions and process.pid not in {p.pid for p in alive} \
                        and process.status() != psutil.STATUS_ZOMBIE:
                    alive.append(process)
            except (OSError, psutil.Error):
                pass
        return alive

    def cleanup(self) -> list[str]:
        """Kill (SIGKILL, by PID) whatever is still running a few seconds after the stops; what it was."""
        self._done.set()
        deadline = time.monotonic() + 10  # a forkserver leaves when its parent has gone
        while (alive := self._alive()) and time.monotonic() < deadline:
            time.sleep(0.25)
        left = []
        for process in alive:
            try:
                left.append(f"{process.pid}: {' '.join(process.cmdline())[:200]}")
                process.kill()
            except psutil.Error:
                pass
        for popen, _log in self.started.values():
            try:
                popen.wait(10)
            except subprocess.TimeoutExpired:
                pass
        return left


def tail(log: Path, lines: int = 40) -> str:
    return "\n".join(log.read_text(errors="replace").splitlines()[-lines:]) if log.exists() else ""


def free_port() -> int:
    with closing(socket.socket()) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def prefect(server: SimpleNamespace, *args: str, timeout: float = 120, cwd: Path | None = None,
            check: bool = True) -> subprocess.CompletedProcess:
    """One `prefect` command against the test's server; it is waited for (and killed on time-out)."""
    result = subprocess.run([PREFECT, *args], env=server.env, cwd=cwd or server.work, capture_output=True,
                            text=True, timeout=timeout, stdin=subprocess.DEVNULL)
    if check:
        assert result.returncode == 0, \
            f"prefect {' '.join(args)}: exit {result.returncode}\n{result.stdout}\n{result.stderr}"
    return result


def start_workers(server: SimpleNamespace, processes: Processes, *names: str, extra: tuple[str, ...] = ()) -> None:
    """`prefect worker start` for each name, all at once; back when each says it started."""
    for name in names:
        processes.start(name, [PREFECT, "worker", "start", "--pool", POOL, "--name", name, *extra], env=server.env,
                        cwd=server.work, log=server.work / f"{name}.log")
    deadline = time.monotonic() + 60
    for name in names:
        while f"Worker '{name}' started!" not in processes.log(name):
            popen, log = processes.started[name]
            assert popen.poll() is None, f"worker {name} exited:\n{tail(log)}"
            assert time.monotonic() < deadline, f"worker {name} did not start:\n{tail(log)}"
            time.sleep(0.25)


def write_sources(path: Path, entries: list[tuple[str, Path, str]]) -> Path:
    path.write_text(yaml.safe_dump({"sources": [{"region": region, "url": str(url), "kind": kind}
                                                for region, url, kind in entries]}), encoding="utf-8")
    return path


def client(server: SimpleNamespace):
    from prefect.client.orchestration import SyncPrefectClient

    return SyncPrefectClient(server.api)


# --- a Prefect server with the deployment, for the module ------------------------------------------

@pytest.fixture(scope="module")
def prefect_server(tmp_path_factory):
    """`prefect server start` on a free port with a fresh PREFECT_HOME and the offline environment, the
    work pool, and `prefect --no-prompt deploy --all` run in a copy of the project."""
    work = tmp_path_factory.mktemp("nightly")
    project = work / "project"
    for name in PROJECT:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, project / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            project.mkdir(exist_ok=True)
            shutil.copy(source, project / name)
    port = free_port()
    api = f"http://127.0.0.1:{port}/api"
    # what docs/nightly.md sets: `eval "$(ramme env)"`, PREFECT_API_URL, no prompts; nothing else of
    # this session's Prefect or ramme settings
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "RAMME_"))}
    env.update(OFFLINE_ENVIRONMENT)
    env.update(PREFECT_HOME=str(work / "prefect-home"), PREFECT_API_URL=api, PREFECT_CLI_PROMPT="false",
               PREFECT_LOGGING_LEVEL="INFO", PREFECT_WORKER_QUERY_SECONDS="2",  # default 10: a faster test
               RAMME_DATA_DIR=str(work / "data"), PATH=f"{Path(PREFECT).parent}{os.pathsep}{os.environ['PATH']}")
    server = SimpleNamespace(work=work, project=project, api=api, env=env, timings={})
    processes = Processes()
    try:
        started = time.monotonic()
        popen = processes.start("server", [PREFECT, "server", "start", "--host", "127.0.0.1", "--port", str(port)],
                                env=env, cwd=work, log=work / "server.log")
        while True:
            assert popen.poll() is None, f"the Prefect server exited:\n{tail(work / 'server.log')}"
            assert time.monotonic() - started < 120, f"no /api/health in 120 s:\n{tail(work / 'server.log')}"
            try:
                if httpx.get(f"{api}/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            time.sleep(0.5)
        server.timings["server ready"] = time.monotonic() - started
        started = time.monotonic()
        prefect(server, "work-pool", "create", POOL, "--type", "process")
        deployed = prefect(server, "--no-prompt", "deploy", "--all", cwd=project)
        assert f"Deployment '{DEPLOYMENT}' successfully created" in " ".join(deployed.stdout.split())
        server.timings["pool + deploy"] = time.monotonic() - started
        yield server
        server.timings["server stop"] = processes.stop("server", signal.SIGTERM)
    finally:
        left = processes.cleanup()
        print("timings:", {k: round(v, 1) for k, v in server.timings.items()})
    assert not left, f"still running after the server stopped (killed now): {left}"


# --- 1. one worker, one run with a failing document --------------------------------------------------

@pytest.mark.slow
def test_the_nightly_deployment_runs_on_a_process_worker(prefect_server, tmp_path):
    server = prefect_server
    sources = write_sources(tmp_path / "sources.yaml", [("hovedstaden", GOOD, "agreement"),
                                                        ("nordjylland", BROKEN, "minutes")])
    db = tmp_path / "ramme.db"
    processes = Processes()
    try:
        start_workers(server, processes, "nightly-1")
        started = time.monotonic()
        watched = prefect(server, "deployment", "run", DEPLOYMENT, "--param", f"sources_file={sources}",
                          "--param", f"database_url=sqlite:///{db}", "--watch", "--watch-timeout", "180",
                          timeout=240, check=False)
        server.timings["run (1 worker)"] = time.monotonic() - started
        output = " ".join(watched.stdout.split())
        assert "Flow run finished in state 'Completed with failures'" in output, watched.stdout + watched.stderr
        assert watched.returncode != 0  # a run with a failed document is no success for a script either
        [flow_run_id] = re.findall(r"UUID: ([0-9a-f-]{36})", watched.stdout)

        with client(server) as prefect_api:
            run = prefect_api.read_flow_run(flow_run_id)
            history = [(s.type.value, s.name) for s in prefect_api.read_flow_run_states(flow_run_id)]
            deployment = prefect_api.read_deployment_by_name(DEPLOYMENT)
        assert (run.state.type.value, run.state.name) == ("FAILED", "Completed with failures"), history
        assert not run.state.is_completed()
        assert run.state.message.startswith("run 1: pdfminer_aes-256-r6.pdf: ") and "encrypted" in run.state.message
        assert history[-2:] == [("RUNNING", "Running"), ("FAILED", "Completed with failures")]
        assert run.parameters == {"sources_file": str(sources), "database_url": f"sqlite:///{db}"}

        engine = create_engine(f"sqlite:///{db}")
        with engine.connect() as connection:
            documents = {r.file_name: r for r in connection.execute(text(
                "SELECT file_name, status, error, region, pages FROM document"))}
            clauses = connection.execute(text("SELECT COUNT(*) FROM clause")).scalar()
            runs = connection.execute(text("SELECT status, flow_run_id, finished_at FROM run")).all()
        engine.dispose()
        good, broken = documents[GOOD.name], documents[BROKEN.name]
        assert (good.status, good.error, good.region, good.pages) == ("loaded", None, "hovedstaden", 8)
        assert clauses == 15
        assert broken.status == "failed"
        assert broken.error == "pdfminer_aes-256-r6.pdf: cannot open PDF: encrypted (a password is required)"
        assert [(r.status, r.flow_run_id) for r in runs] == [("completed_with_failures", flow_run_id)]
        assert runs[0].finished_at is not None
        assert (Path(server.env["RAMME_DATA_DIR"]) / "validation" / "report.html").is_file()  # the worker's env

        # the deployment as prefect.yaml says, run from the project, and scheduled at 02:00 in Copenhagen
        [schedule] = deployment.schedules
        assert (schedule.schedule.cron, schedule.schedule.timezone, schedule.active) == \
            ("0 2 * * *", "Europe/Copenhagen", True)
        assert (deployment.entrypoint, deployment.work_pool_name, deployment.parameters, deployment.tags) == \
            ("flows/process.py:process_agreements", POOL, {"sources_file": "sources.yaml"}, ["nightly"])
        assert deployment.pull_steps == [
            {"prefect.deployments.steps.set_working_directory": {"directory": str(server.project)}}]
        scheduled = scheduled_runs(server, deployment.id)
        assert scheduled, "the scheduler created no runs of the nightly deployment"
        copenhagen = ZoneInfo("Europe/Copenhagen")
        assert {(r.expected_start_time.astimezone(copenhagen).hour, r.expected_start_time.minute)
                for r in scheduled} == {(2, 0)}

        # Prefect resolves a Failed state's data into an exception at the end of a deployment run; the
        # summary dict cannot be one, and the worker log then ends the run with a TypeError traceback
        log = processes.log("nightly-1")
        assert "cannot be resolved into an exception" not in log, \
            "the flow's 'Completed with failures' state carries a dict as its data: " + \
            next(line for line in log.splitlines() if "cannot be resolved" in line)[:300]

        server.timings["worker stop"] = processes.stop("nightly-1", signal.SIGINT)
        assert "Worker 'nightly-1' stopped!" in processes.log("nightly-1")
    finally:
        left = processes.cleanup()
    assert not left, f"still running after the worker stopped (killed now): {left}"


def scheduled_runs(server: SimpleNamespace, deployment_id) -> list:
    """The runs the server's scheduler created for the deployment (it runs every few seconds)."""
    from prefect.client.schemas.filters import (
        DeploymentFilter,
        DeploymentFilterId,
        FlowRunFilter,
        FlowRunFilterState,
        FlowRunFilterStateType,
    )
    from prefect.client.schemas.objects import StateType

    deadline = time.monotonic() + 60
    with client(server) as prefect_api:
        while True:
            runs = prefect_api.read_flow_runs(
                deployment_filter=DeploymentFilter(id=DeploymentFilterId(any_=[deployment_id])),
                flow_run_filter=FlowRunFilter(state=FlowRunFilterState(
                    type=FlowRunFilterStateType(any_=[StateType.SCHEDULED]))))
            runs = [r for r in runs if r.auto_scheduled]
            if runs or time.monotonic() > deadline:
                return runs
            time.sleep(1)


# --- 2. two workers, two runs at once, one PostgreSQL store ----------------------------------------

def counts(url: str) -> dict[str, object]:
    """Rows per table, and per document file: its status and its offers, offer years and clauses."""
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            tables = {t: connection.execute(text(f"SELECT COUNT(*) FROM {t}")).scalar() for t in COUNTED}
            documents = sorted(tuple(r) for r in connection.execute(text(
                "SELECT d.file_name, d.status, d.sha256,"
                " (SELECT COUNT(*) FROM offer o WHERE o.document_id = d.id),"
                " (SELECT COUNT(*) FROM offer_year y WHERE y.document_id = d.id),"
                " (SELECT COUNT(*) FROM clause c WHERE c.document_id = d.id) FROM document d")))
            anomalies = sorted(tuple(r) for r in connection.execute(text(
                "SELECT rule, COUNT(*) FROM anomaly GROUP BY rule")))
    finally:
        engine.dispose()
    return {"tables": tables, "documents": documents, "anomalies": anomalies}


@pytest.mark.slow
def test_two_workers_run_the_deployment_at_once_on_one_postgresql_store(prefect_server, postgresql, prefect_harness,
                                                                         tmp_path, monkeypatch):
    import psycopg

    server = prefect_server
    info = postgresql.info
    store = f"postgresql+psycopg://{info.user}@{info.host}:{info.port}/{info.dbname}"
    sources = write_sources(tmp_path / "sources.yaml",
                            [(region, AGREEMENTS / name, "agreement") for region, name in STORE_SOURCES])
    parameters = {"sources_file": str(sources), "database_url": store}
    processes = Processes()
    try:
        started = time.monotonic()
        with client(server) as prefect_api:
            deployment = prefect_api.read_deployment_by_name(DEPLOYMENT)
            # the schedule off (the first test checks it), so that no nightly run comes between, on a
            # CI run at 02:00: its upcoming runs go with it
            for schedule in deployment.schedules:
                prefect_api.update_deployment_schedule(deployment.id, schedule.id, active=False)
            ids = [prefect_api.create_flow_run_from_deployment(deployment.id, parameters=parameters).id
                   for _ in range(2)]
            # both runs wait for a worker; the two workers start together, so the runs start together
            start_workers(server, processes, "pg-a", "pg-b", extra=("--limit", "1"))
            while True:
                runs = [prefect_api.read_flow_run(i) for i in ids]
                if all(r.state.is_final() for r in runs) or time.monotonic() - started > 240:
                    break
                time.sleep(1)
        server.timings["2 runs (2 workers)"] = time.monotonic() - started
        logs = {name: processes.log(name) for name in ("pg-a", "pg-b")}
        assert [(r.state.type.value, r.state.name) for r in runs] == [("COMPLETED", "Completed")] * 2, \
            "\n".join(tail(server.work / f"{n}.log", 30) for n in logs)
        # one run on each worker, side by side
        ran = {name: {r.name for r in runs if f"Flow run '{r.name}' submitted to infrastructure" in log}
               for name, log in logs.items()}
        assert sorted(map(len, ran.values())) == [1, 1] and set.union(*ran.values()) == {r.name for r in runs}, ran
        first, second = runs
        assert first.start_time < second.end_time and second.start_time < first.end_time

        # the same sources run once, directly, on a second database of the same server
        single_db = f"{info.dbname}_single"
        with psycopg.connect(host=info.host, port=info.port, user=info.user, dbname="postgres",
                             autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{single_db}"')
        single = f"postgresql+psycopg://{info.user}@{info.host}:{info.port}/{single_db}"
        try:
            started = time.monotonic()
            summary = single_run(sources, single, tmp_path, monkeypatch)
            server.timings["1 run (direct)"] = time.monotonic() - started
            assert summary["totals"]["processed"] == len(STORE_SOURCES) and summary["status"] == "completed"
            expected, got = counts(single), counts(store)
        finally:
            with psycopg.connect(host=info.host, port=info.port, user=info.user, dbname="postgres",
                                 autocommit=True) as connection:
                connection.execute(f'DROP DATABASE IF EXISTS "{single_db}" WITH (FORCE)')
        assert expected["tables"]["offer"] == 215 and expected["tables"]["clause"] > 0  # a real comparison
        assert got == expected
        assert [d[0] for d in got["documents"]] == sorted(name for _, name in STORE_SOURCES)  # each once
        assert {d[1] for d in got["documents"]} == {"loaded"}

        for name in ("pg-a", "pg-b"):
            server.timings[f"stop {name}"] = processes.stop(name, signal.SIGINT)
    finally:
        left = processes.cleanup()
    assert not left, f"still running after the workers stopped (killed now): {left}"


def single_run(sources: Path, url: str, tmp_path: Path, monkeypatch) -> dict:
    """`flows.process.run_agreements` in this process, under the session's temporary Prefect server."""
    from flows.process import run_agreements

    monkeypatch.setenv("RAMME_DATA_DIR", str(tmp_path / "single-data"))
    return run_agreements(sources_file=str(sources), database_url=url)


# --- 3. two `ramme run` at once on one SQLite store, 20 times -------------------------------------

RAMME = str(Path(sys.executable).with_name("ramme"))
ROUNDS = 20
PAIR_SOURCES = [("hovedstaden", GOOD, "agreement"), ("sjaelland", AGREEMENTS / "sjaelland-2021-2022-word.pdf", "agreement")]


def ramme_run(server: SimpleNamespace, sources: Path, folder: Path) -> subprocess.Popen:
    """`ramme run` as a data team starts it on one machine: the store and data dir in `folder`, the flow
    reported to the test's Prefect server (so no run waits for a temporary server of its own)."""
    env = {**server.env, "RAMME_DATA_DIR": str(folder / "data")}
    log = open(folder / f"run-{time.monotonic_ns()}.log", "wb")
    return subprocess.Popen([RAMME, "run", "--sources", str(sources), "--database-url",
                             f"sqlite:///{folder / 'ramme.db'}"], env=env, cwd=folder, stdout=log,
                            stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)


@pytest.mark.slow
def test_two_ramme_runs_started_together_on_one_sqlite_store_20_times(prefect_server, tmp_path):
    """Each round a fresh store and two `ramme run` started at the same moment: both exit 0, both runs
    are recorded completed, and the store holds what one run alone loads (rows, documents, anomalies)."""
    server = prefect_server
    sources = write_sources(tmp_path / "sources.yaml", PAIR_SOURCES)
    single = tmp_path / "single"
    single.mkdir()
    assert ramme_run(server, sources, single).wait(300) == 0, \
        "\n".join(tail(log) for log in single.glob("run-*.log"))
    expected = counts(f"sqlite:///{single / 'ramme.db'}")
    assert [d[1] for d in expected["documents"]] == ["loaded", "loaded"] and expected["tables"]["clause"] > 0
    started = time.monotonic()
    differences = []
    for n in range(ROUNDS):
        folder = tmp_path / f"round-{n:02d}"
        folder.mkdir()
        pair = [ramme_run(server, sources, folder) for _ in range(2)]
        codes = [run.wait(300) for run in pair]
        logs = "\n".join(tail(log) for log in sorted(folder.glob("run-*.log")))
        assert codes == [0, 0], f"round {n}: exit codes {codes}\n{logs}"
        url = f"sqlite:///{folder / 'ramme.db'}"
        engine = create_engine(url)
        with engine.connect() as connection:
            runs = [tuple(r) for r in connection.execute(text("SELECT status, finished_at IS NOT NULL FROM run"))]
        engine.dispose()
        assert runs == [("completed", True)] * 2, f"round {n}: {runs}"
        if (got := counts(url)) != expected:
            differences.append((n, got))
    server.timings[f"{ROUNDS} rounds of 2 ramme run"] = time.monotonic() - started
    assert differences == [], f"rounds whose store differs from a single run's {expected}: {differences}"
