"""Typed settings from the environment.

RAMME_DATA_DIR   where the store and the fetch cache live (default ".ramme" under the current dir)
RAMME_DATABASE_URL  SQLAlchemy URL (default: a SQLite file, $RAMME_DATA_DIR/ramme.db);
                    PostgreSQL as postgresql+psycopg://user@host:port/db
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    database_url: str

    @property
    def cache_dir(self) -> Path:
        """Fetched files, named by their sha256."""
        return self.data_dir / "cache"

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if environ is None else environ
        data_dir = Path(env.get("RAMME_DATA_DIR") or ".ramme").absolute()
        url = env.get("RAMME_DATABASE_URL") or f"sqlite:///{data_dir / 'ramme.db'}"
        return cls(data_dir=data_dir, database_url=url)


def get_settings() -> Settings:
    """Settings as the environment says now (not cached: tests and the CLI change the environment)."""
    return Settings.from_env()
