"""Run bookkeeping: one row per pipeline run."""

from __future__ import annotations

import os
import socket
from datetime import UTC
from typing import Any

import psutil
from sqlalchemy import Engine
from sqlmodel import Session, select

from models.enums import RunStatus
from models.store import RunRow, utc_now
from warehouse.engine import session_for


def start_run(db: Session | Engine, *, flow_run_id: str | None = None, sources_file: str | None = None) -> int:
    """Record that a run started; returns the run id."""
    with session_for(db, write=True) as session:
        run = RunRow(flow_run_id=flow_run_id, sources_file=sources_file, status=RunStatus.RUNNING,
                     host=socket.gethostname(), pid=os.getpid())
        session.add(run)
        session.commit()
        return run.id


def finish_run(db: Session | Engine, run_id: int, *, status: RunStatus, counts: dict[str, Any]) -> None:
    """Record how a run ended and what it counted."""
    with session_for(db, write=True) as session:
        run = session.get(RunRow, run_id)
        if run is None:
            raise LookupError(f"no run with id {run_id}")
        run.finished_at = utc_now()
        run.status = status
        run.counts = counts
        session.add(run)
        session.commit()


def mark_killed_runs(db: Session | Engine) -> list[int]:
    """Runs of this machine still marked running whose process is gone (killed, or the machine
    restarted) are marked killed; their ids. Runs of other machines are left as they are."""
    with session_for(db, write=True) as session:
        running = session.exec(select(RunRow).where(RunRow.status == RunStatus.RUNNING,
                                                    RunRow.host == socket.gethostname())).all()
        killed = [run for run in running if not _alive(run)]
        for run in killed:
            run.status, run.finished_at = RunStatus.KILLED, utc_now()
            session.add(run)
        session.commit()
        return [run.id for run in killed]


def _alive(run: RunRow) -> bool:
    """Whether the process that started `run` still runs (a reused pid started later is another one)."""
    try:
        started = psutil.Process(run.pid).create_time() if run.pid else None
    except psutil.Error:
        return False
    begun = run.started_at if run.started_at.tzinfo else run.started_at.replace(tzinfo=UTC)  # SQLite: naive UTC
    return started is not None and started <= begun.timestamp() + 1
