"""Engines for SQLite files and PostgreSQL, and sessions on them."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, event, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError
from sqlmodel import Session, create_engine

from models.settings import get_settings


def normalize_url(url: str) -> str:
    """Use psycopg 3 for PostgreSQL URLs given without a driver ("postgresql://", "postgres://")."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


#: the credentials of a URL SQLAlchemy could not parse: everything from the colon after the user
#: name to the last "@" ("//u:se/cr:et@h" → "//u:***@h", "u:secret@h" → "u:***@h"), hidden in messages
_PASSWORD = re.compile(r"^((?:.*?//)?[^:/@]*:).*@")


def parse_url(url: str | None = None) -> URL:
    """`url` (default: the settings' RAMME_DATABASE_URL), parsed; a ValueError starting "invalid
    database URL" when SQLAlchemy cannot parse it or has no dialect or driver for it. A password
    never appears in the message."""
    text = normalize_url(url or get_settings().database_url)
    try:
        parsed = make_url(text)
    except (ArgumentError, ValueError):  # ValueError: e.g. a port that is not a number
        shown = _PASSWORD.sub(r"\1***@", text)
        raise ValueError(f"invalid database URL {shown!r}: expected "
                         "dialect+driver://user@host:port/database or sqlite:///path") from None
    shown = parsed.render_as_string(hide_password=True)
    try:
        parsed.get_dialect().import_dbapi()
    except ArgumentError as exc:
        raise ValueError(f"invalid database URL {shown!r}: {exc}") from None
    except ImportError as exc:
        raise ValueError(f"invalid database URL {shown!r}: its driver is not installed ({exc})") from None
    return parsed


def make_engine(url: str | URL | None = None, *, echo: bool = False) -> Engine:
    """An engine for `url` (a URL `parse_url` gave, or text it reads); creates a SQLite file's folder."""
    parsed = url if isinstance(url, URL) else parse_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(parsed, echo=echo, connect_args={"check_same_thread": False})
        _make_sqlite_transactional(engine)
        return engine
    return create_engine(parsed, echo=echo, pool_pre_ping=True)


def _make_sqlite_transactional(engine: Engine) -> None:
    """Let SQLAlchemy, not the sqlite3 module, begin transactions, and enforce foreign keys.

    Python's sqlite3 module only opens a transaction implicitly before DML and not before reads, so
    a "replace this document's rows" unit could interleave with another writer. Emitting BEGIN
    ourselves (SQLAlchemy's documented recipe) makes each session transaction a real SQLite one.
    """

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):
        # execution option sqlite_begin="IMMEDIATE": take the write lock at once (schema upgrades)
        conn.exec_driver_sql(f"BEGIN {conn.get_execution_options().get('sqlite_begin', '')}".rstrip())


#: the pg_advisory_xact_lock key every write transaction of ramme holds on PostgreSQL
WRITE_LOCK = 0x72616D6D66


@contextmanager
def session_for(db: Session | Engine, *, write: bool = False) -> Iterator[Session]:
    """Use a caller's session as is, or open (and close) one on an engine.

    A `write` session takes the store's write lock when its transaction begins, before it reads, and
    holds it to the commit: on SQLite by BEGIN IMMEDIATE (a transaction that read first and wrote
    later could not wait for another writer and would fail at once with "database is locked"; this
    one waits, busy_timeout), on PostgreSQL by a transaction-level advisory lock (two processes
    replacing one document's rows would otherwise interleave). Writers wait for each other; readers
    never wait.
    """
    if isinstance(db, Session):
        yield db
        return
    bind = db.execution_options(sqlite_begin="IMMEDIATE") if write and db.dialect.name == "sqlite" else db
    with Session(bind, expire_on_commit=False) as session:
        if write and db.dialect.name == "postgresql":
            session.execute(text(f"SELECT pg_advisory_xact_lock({WRITE_LOCK})"))
        yield session
