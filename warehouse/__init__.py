"""The store: engine from a URL (SQLite file by default, or PostgreSQL), schema, idempotent
per-document loads, run bookkeeping and the queries the CLI reads."""

from warehouse.engine import make_engine, parse_url
from warehouse.load import (
    clear_fetch_failure,
    document_by_sha256,
    is_loaded,
    load_extraction,
    record_failure,
    upsert_source,
)
from warehouse.compare import Comparison, compare_notice_periods
from warehouse.queries import ClauseRow, OfferRow, query_clauses, query_offers
from warehouse.runs import finish_run, start_run
from warehouse.schema import SchemaError, create_schema, require_current_schema
from warehouse.settings import Settings, get_settings

__all__ = [
    "ClauseRow", "Comparison", "SchemaError", "clear_fetch_failure", "compare_notice_periods", "query_clauses",
    "OfferRow", "Settings", "create_schema", "document_by_sha256", "finish_run", "get_settings",
    "is_loaded", "load_extraction", "make_engine", "parse_url", "query_offers", "record_failure",
    "require_current_schema", "start_run", "upsert_source",
]
