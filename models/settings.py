"""ramme's settings, read once from the environment (prefix `RAMME_`), and the offline switches of
the libraries it runs.

    RAMME_DATA_DIR       where the store and the fetch cache live (default ".ramme" under the current dir)
    RAMME_DATABASE_URL   SQLAlchemy URL of the store (default: a SQLite file, $RAMME_DATA_DIR/ramme.db);
                         PostgreSQL as postgresql+psycopg://user@host:port/db
    RAMME_EXTRACT_TIMEOUT_SECONDS, RAMME_EXTRACT_MEMORY_MB
                         the limits of one document's extraction (default 300 s, 2048 MB)
    RAMME_WORKERS        documents processed at once (default: the machine's cores)
    RAMME_FETCH_DEADLINE_SECONDS, RAMME_FETCH_MAX_MB
                         the limits of one http(s) fetch (default 120 s for the whole document, 200 MB)
"""

from __future__ import annotations

import os
from pathlib import Path

from pydantic import Field, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

#: environment that keeps Prefect and Great Expectations offline and quiet: no telemetry or analytics,
#: no UI, and a start-up timeout a fresh temporary Prefect server on a loaded 2-core machine can meet.
#: `apply_offline_environment` sets them; `ramme env` prints them for a shell (see README, nightly runs).
OFFLINE_ENVIRONMENT = {
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "PREFECT_SERVER_UI_ENABLED": "false",
    "PREFECT_TELEMETRY_ENABLE_RESOURCE_METRICS": "false",
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "120",
    "GX_ANALYTICS_ENABLED": "false",
    "DO_NOT_TRACK": "1",
}


def apply_offline_environment() -> None:
    """Set the offline switches in this process's environment (a value already set is kept); call it
    before Prefect or Great Expectations is imported."""
    for name, value in OFFLINE_ENVIRONMENT.items():
        os.environ.setdefault(name, value)


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="RAMME_", frozen=True)

    data_dir: Path = Path(".ramme")
    database_url: str = ""
    extract_timeout_seconds: float = Field(default=300.0, gt=0)
    extract_memory_mb: int = Field(default=2048, gt=0)
    workers: int = Field(default_factory=lambda: os.cpu_count() or 1, gt=0)
    fetch_deadline_seconds: float = Field(default=120.0, gt=0)
    fetch_max_mb: int = Field(default=200, gt=0)

    @field_validator("data_dir", mode="before")
    @classmethod
    def _empty_is_default(cls, value: object) -> object:
        return value or ".ramme"  # RAMME_DATA_DIR= (set but empty) means the default

    @model_validator(mode="after")
    def _defaults(self) -> Settings:
        data_dir = self.data_dir.absolute()
        object.__setattr__(self, "data_dir", data_dir)
        if not self.database_url:
            object.__setattr__(self, "database_url", f"sqlite:///{data_dir / 'ramme.db'}")
        return self

    @property
    def cache_dir(self) -> Path:
        """Fetched files, named by their sha256."""
        return self.data_dir / "cache"

    def cached_file(self, sha256: str, file_name: str) -> Path:
        """Where a fetched file is kept: <cache>/<sha256[:16]>/<file name>, so messages keep the real name."""
        return self.cache_dir / sha256[:16] / file_name

    @property
    def validation_dir(self) -> Path:
        """The validation report (report.html) and GX Data Docs (data-docs/) of the last run."""
        return self.data_dir / "validation"


def get_settings() -> Settings:
    """Settings as the environment says now (not cached: tests and the CLI change the environment)."""
    return Settings()
