"""Per-document loads: replace everything extracted from one document in one transaction.

A document is identified by the sha256 of its bytes. Loading replaces that document's offer,
offer_year, stated_count, clause, agenda_item and region_figure rows, so loading the same file twice leaves the
store as it was, and a load that fails midway is rolled back and leaves the earlier rows intact.

Queries show one version per source: the bytes it publishes now, when they have loaded rows. A
load supersedes the source's other documents (their rows stay, out of the queries); a failed
re-extraction keeps the document's earlier good rows in the queries, and if those bytes had been
superseded (the source went back to them) they take the place of the other versions again. A
failure of bytes never loaded hides nothing: the last good version stays in the queries.

A document belongs to the source that loaded it first: when a second source lists the very same
bytes, they are not stored twice, and that source's own earlier version stays in the queries.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Protocol

from sqlalchemy import Engine, delete, exists, update
from sqlmodel import Session, select

from extractors.records import Extraction
from models.catalog import DOCUMENT_FAILED, DOCUMENT_LOADED, DOCUMENT_SUPERSEDED, Agreement, Document, Source
from models.content import AgendaItem, Clause, RegionFigure
from models.offers import Offer, OfferYear, StatedCount
from models.regions import normalize_operator
from models.vocabulary import find_paragraph_refs, lookup
from models.regions import region as find_region

# Children before parents, so deletes never trip a foreign key.
_DOCUMENT_TABLES = (OfferYear, Offer, StatedCount, Clause, AgendaItem, RegionFigure)


class SourceLike(Protocol):
    """What the store needs to know about where a document came from (e.g. flows.sources.Source)."""

    region: str
    url: str
    kind: str


@dataclass(frozen=True)
class LoadResult:
    document_id: int
    offers: int
    offer_years: int
    clauses: int
    agenda_items: int
    region_figures: int


@contextmanager
def session_for(db: Session | Engine) -> Iterator[Session]:
    """Use a caller's session as is, or open (and close) one on an engine."""
    if isinstance(db, Session):
        yield db
    else:
        with Session(db, expire_on_commit=False) as session:
            yield session


def load_extraction(
    db: Session | Engine,
    source: SourceLike | None,
    extraction: Extraction,
    *,
    fetched_at: datetime | None = None,
    etag: str | None = None,
    last_modified: str | None = None,
    size_bytes: int | None = None,
) -> LoadResult:
    """Replace all rows of `extraction`'s document (by sha256) in one transaction; mark it loaded."""
    with session_for(db) as session:
        try:
            result = _replace_document(session, source, extraction, {
                "fetched_at": fetched_at, "etag": etag, "last_modified": last_modified, "size_bytes": size_bytes,
            })
            session.commit()
        except BaseException:
            session.rollback()
            raise
    return result


def record_failure(
    db: Session | Engine,
    source: SourceLike | None,
    error: str,
    *,
    sha256: str | None = None,
    file_name: str | None = None,
    fetched_at: datetime | None = None,
    size_bytes: int | None = None,
) -> int:
    """Mark a document failed with a readable `error`; returns its id.

    Rows loaded earlier from the same sha256 stay, and stay in the queries (they are the last good
    data of these bytes; see the module docstring). Without a sha256 (the fetch itself failed) the
    failure is kept on the source's one content-less document row.
    """
    with session_for(db) as session:
        try:
            source_row = upsert_source(session, source) if source is not None else None
            document = document_by_sha256(session, sha256) if sha256 else _contentless_document(session, source_row)
            if document is None:
                document = Document(sha256=sha256, status=DOCUMENT_FAILED)
            document.status = DOCUMENT_FAILED
            document.error = error
            if source_row is not None:
                document.source_id = source_row.id
                document.region = document.region or source_row.region
            for field, value in {"file_name": file_name, "fetched_at": fetched_at, "size_bytes": size_bytes}.items():
                if value is not None:
                    setattr(document, field, value)
            session.add(document)
            session.flush()
            if source_row is not None and sha256:
                _publishes(session, source_row, document)
            session.commit()
            return document.id
        except BaseException:
            session.rollback()
            raise


def clear_fetch_failure(db: Session | Engine, source: SourceLike) -> None:
    """`source` was fetched fine: drop the failure row an earlier failed fetch of it left."""
    with session_for(db) as session:
        source_id = select(Source.id).where(Source.region == source.region, Source.url == source.url)
        _drop_fetch_failure(session, source_id.scalar_subquery())
        session.commit()


def upsert_source(session: Session, source: SourceLike) -> Source:
    """The source row for (region, url), created or updated; flushed, not committed."""
    row = session.exec(select(Source).where(Source.region == source.region, Source.url == source.url)).first()
    if row is None:
        row = Source(region=source.region, url=source.url, kind=source.kind)
    row.kind = source.kind
    session.add(row)
    session.flush()
    return row


def document_by_sha256(db: Session | Engine, sha256: str) -> Document | None:
    with session_for(db) as session:
        return session.exec(select(Document).where(Document.sha256 == sha256)).first()


def is_loaded(db: Session | Engine, sha256: str, extractor_version: str | None = None) -> bool:
    """True when a document with these bytes is already loaded — by this extractor version, when
    given — so the flow can skip it."""
    document = document_by_sha256(db, sha256)
    return (document is not None and document.status == DOCUMENT_LOADED
            and extractor_version in (None, document.extractor_version))


def _contentless_document(session: Session, source: Source | None) -> Document | None:
    if source is None:
        return None
    return session.exec(
        select(Document).where(Document.source_id == source.id, Document.sha256.is_(None))
    ).first()


def _publishes(session: Session, source: Source, document: Document) -> None:
    """`source` was fetched and holds `document`'s bytes: a fetch failure recorded for it earlier
    goes, and when the document has loaded rows its other documents leave the queries."""
    _drop_fetch_failure(session, source.id)
    if document.extractor_version is not None:  # set by a load only
        session.exec(update(Document).where(
            Document.source_id == source.id, Document.id != document.id, Document.status != DOCUMENT_SUPERSEDED,
        ).values(status=DOCUMENT_SUPERSEDED))


def _drop_fetch_failure(session: Session, source_id) -> None:
    """Delete the source's content-less failure row (it has no rows of its own)."""
    session.exec(delete(Document).where(Document.source_id == source_id, Document.sha256.is_(None)))


def _replace_document(session: Session, source: SourceLike | None, extraction: Extraction,
                      fetch: dict) -> LoadResult:
    source_row = upsert_source(session, source) if source is not None else None
    meta = extraction.meta
    region = region_code(meta.region) or (source_row.region if source_row is not None else None)

    document = document_by_sha256(session, extraction.sha256) or Document(sha256=extraction.sha256,
                                                                           status=DOCUMENT_LOADED)
    agreement = _agreement(session, region, meta) if meta.doc_type == "agreement" else None
    document.source_id = source_row.id if source_row is not None else document.source_id
    document.agreement_id = agreement.id if agreement is not None else None
    document.file_name = Path(extraction.file).name
    for field, value in fetch.items():
        if value is not None:  # a caller that does not know e.g. the ETag keeps the stored one
            setattr(document, field, value)
    document.pages = extraction.pages
    document.doc_type = meta.doc_type
    document.region = region
    document.title = meta.title
    document.period_start = meta.period_start
    document.period_end = meta.period_end
    document.extractor_version = extraction.extractor_version
    document.status = DOCUMENT_LOADED
    document.error = None
    document.warnings = list(extraction.warnings)
    session.add(document)
    session.flush()

    if source_row is not None:
        _publishes(session, source_row, document)
    for table in _DOCUMENT_TABLES:
        session.exec(delete(table).where(table.document_id == document.id))

    offers, years = _offer_rows(document, extraction)
    session.add_all(offers)
    session.flush()  # offer ids for the years
    for offer, offer_years in zip(offers, years, strict=True):
        for year in offer_years:
            year.offer_id = offer.id
        session.add_all(offer_years)
    stated = [_stated_row(document.id, s) for s in extraction.stated_counts]
    clauses = [_clause_row(document.id, c) for c in extraction.clauses]
    agenda = [_agenda_row(document.id, a) for a in extraction.agenda_items]
    figures = _region_figure_rows(document.id, extraction)
    session.add_all([*stated, *clauses, *agenda, *figures])
    session.flush()
    _drop_orphan_agreements(session)
    return LoadResult(document.id, len(offers), sum(len(y) for y in years), len(clauses), len(agenda),
                      len(figures))


def region_code(name: str | None) -> str | None:
    """The code of the region `name` names ("Region Hovedstaden", "hovedstaden"), or None when it
    names none of the five (a table's "I alt" row, no name)."""
    found = find_region(name) if name else None
    return found.code if found is not None else None


def _agreement(session: Session, region: str | None, meta) -> Agreement | None:
    """The agreement a document belongs to: one per region and period (main part and annexes share it)."""
    if region is None:
        return None
    query = select(Agreement).where(
        Agreement.region == region,
        Agreement.period_start == meta.period_start if meta.period_start is not None
        else Agreement.period_start.is_(None),
        Agreement.period_end == meta.period_end if meta.period_end is not None
        else Agreement.period_end.is_(None),
    )
    agreement = session.exec(query).first()
    if agreement is None:
        agreement = Agreement(region=region, period_start=meta.period_start, period_end=meta.period_end,
                              title=meta.title)
        session.add(agreement)
        session.flush()
    return agreement


def _drop_orphan_agreements(session: Session) -> None:
    """An agreement no document points to any more (its metadata changed on reload) is removed."""
    session.exec(delete(Agreement).where(
        ~exists().where(Document.agreement_id == Agreement.id),
        ~exists().where(Offer.agreement_id == Agreement.id),
    ))


def _bbox(box) -> dict:
    if box is None:
        return {"x0": None, "top": None, "x1": None, "bottom": None}
    return {"x0": float(box.x0), "top": float(box.top), "x1": float(box.x1), "bottom": float(box.bottom)}


def _number(value) -> float | None:
    return None if value is None else float(value)


def _offer_rows(document: Document, extraction: Extraction) -> tuple[list[Offer], list[list[OfferYear]]]:
    offers, years = [], []
    for position, (table, offer) in enumerate(extraction.offers):
        operator = normalize_operator(offer.operator)
        target_group = lookup(table.target_group) if table.target_group else None
        offers.append(Offer(
            document_id=document.id, agreement_id=document.agreement_id, position=position,
            table_label=table.label, table_title=table.title, age_group=table.age_group,
            target_group=table.target_group, target_group_key=target_group.id if target_group else None,
            name=offer.name, operator=offer.operator,
            operator_name=operator.name if operator else None, operator_code=operator.code if operator else None,
            operator_type=operator.type if operator else None, legal_basis=offer.legal_basis,
            legal_refs=[ref.label for ref in find_paragraph_refs(offer.legal_basis or "")] or None,
            page=offer.page, **_bbox(offer.bbox),
        ))
        years.append([
            OfferYear(document_id=document.id, year=y.year, capacity=_number(y.capacity), usage=_number(y.usage),
                      occupancy_pct=_number(y.occupancy_pct), page=y.page, **_bbox(y.bbox))
            for y in offer.years
        ])
    return offers, years


def _stated_row(document_id: int, stated) -> StatedCount:
    group = lookup(stated.target_group)
    return StatedCount(document_id=document_id, age_group=stated.age_group, target_group=stated.target_group,
                       target_group_key=group.id if group else None, count=stated.count, page=stated.page,
                       **_bbox(stated.bbox))


def _clause_row(document_id: int, clause) -> Clause:
    return Clause(document_id=document_id, kind=clause.kind, subject=clause.subject, section=clause.section,
                  detail=clause.detail, text=clause.text, normalized=clause.normalized,
                  flags=list(clause.flags) or None, page=clause.page, **_bbox(clause.bbox))


def _agenda_row(document_id: int, item) -> AgendaItem:
    return AgendaItem(document_id=document_id, number=item.number, title=item.title,
                      case_number=item.case_number, recommendation=item.recommendation,
                      decision=item.decision, page=item.page, **_bbox(item.bbox))


def _region_figure_rows(document_id: int, extraction: Extraction) -> list[RegionFigure]:
    """One row per region per column of each per-region table; cells kept as printed."""
    rows = []
    for table_index, table in enumerate(extraction.region_tables):
        for row_index, (label, cells) in enumerate(table.rows.items()):
            measures = _measures(table.columns, len(cells))
            for column_index, (measure, value) in enumerate(zip(measures, cells, strict=True)):
                rows.append(RegionFigure(
                    document_id=document_id, table_index=table_index, caption=table.caption,
                    row_index=row_index, region_label=label, region=region_code(label),
                    column_index=column_index, measure=measure, value=value, page=table.page,
                    **_bbox(table.bbox),
                ))
    return rows


def _measures(columns: list[str], width: int) -> list[str]:
    """Column headers for `width` value cells.

    A header row often names the label column too ("Region", "2022", "2023"), one more header than
    there are values; a short header row gets positional names so no printed value is dropped.
    """
    if len(columns) == width + 1:
        columns = columns[1:]
    return [columns[i] if i < len(columns) and columns[i] else f"column {i + 1}" for i in range(width)]
