"""The anomaly table: what the last validation found, one row per failing record per rule.

Its columns are `models.records.Anomaly`'s. The offer, offer-year and clause ids point at the rows
validated; they have no foreign keys, because a reload replaces those rows (and the next validation
replaces the anomalies).
"""

from __future__ import annotations

from sqlmodel import Field

from models.records import Anomaly
from models.store.base import Position, define_table, record_columns


class _AnomalyOfRun(Position):
    id: int | None = Field(default=None, primary_key=True)
    run_id: int | None = Field(default=None, foreign_key="run.id", index=True)  # the run that validated


AnomalyRow = define_table("AnomalyRow", "anomaly", _AnomalyOfRun, record_columns(
    Anomaly, indexed=("rule", "document_id"), foreign_keys={"document_id": "document.id"}))
