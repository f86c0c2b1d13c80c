"""The store: engine from a URL (SQLite file by default, or PostgreSQL), schema, idempotent
per-document loads, run bookkeeping and the queries the CLI reads. It writes and reads records
(`models.records`); it never extracts or normalises."""

from warehouse.compare import Cell, Comparison, compare_clauses, compare_notice_periods
from warehouse.engine import make_engine, parse_url, session_for
from warehouse.load import (
    LoadResult,
    clear_fetch_failure,
    document_by_sha256,
    is_loaded,
    load_document,
    record_failure,
    upsert_source,
)
from warehouse.offers import OfferListing, query_offers
from warehouse.queries import ClauseListing, query_clauses
from warehouse.runs import finish_run, start_run
from warehouse.schema import SchemaError, create_schema, require_current_schema

__all__ = [
    "Cell", "ClauseListing", "Comparison", "compare_clauses", "LoadResult", "OfferListing", "SchemaError", "clear_fetch_failure",
    "compare_notice_periods", "create_schema", "document_by_sha256", "finish_run", "is_loaded", "load_document",
    "make_engine", "parse_url", "query_clauses", "query_offers", "record_failure", "require_current_schema",
    "session_for", "start_run", "upsert_source",
]
