"""Run bookkeeping: one row per pipeline run."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine
from sqlmodel import Session

from models.enums import RunStatus
from models.store import RunRow, utc_now
from warehouse.engine import session_for


def start_run(db: Session | Engine, *, flow_run_id: str | None = None, sources_file: str | None = None) -> int:
    """Record that a run started; returns the run id."""
    with session_for(db) as session:
        run = RunRow(flow_run_id=flow_run_id, sources_file=sources_file, status=RunStatus.RUNNING)
        session.add(run)
        session.commit()
        return run.id


def finish_run(db: Session | Engine, run_id: int, *, status: RunStatus, counts: dict[str, Any]) -> None:
    """Record how a run ended and what it counted."""
    with session_for(db) as session:
        run = session.get(RunRow, run_id)
        if run is None:
            raise LookupError(f"no run with id {run_id}")
        run.finished_at = utc_now()
        run.status = status
        run.counts = counts
        session.add(run)
        session.commit()
