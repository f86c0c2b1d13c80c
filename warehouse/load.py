"""Per-document loads: replace everything extracted from one document in one transaction.

A document is identified by the sha256 of its bytes. Loading replaces that document's offer,
offer_year, stated_count, clause, agenda_item, next_meeting and table_figure rows, so loading the same
file twice leaves the store as it was, and a load that fails midway is rolled back and leaves the earlier rows intact.

Queries show one version per source: the bytes it publishes now, when they have loaded rows. A
load supersedes the source's other documents (their rows stay, out of the queries); a failed
re-extraction keeps the document's earlier good rows in the queries, and if those bytes had been
superseded (the source went back to them) they take the place of the other versions again. A
failure of bytes never loaded hides nothing: the last good version stays in the queries.

A document belongs to the source that loaded it first: when a second source lists the very same
bytes, they are not stored twice, and that source's own earlier version stays in the queries.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Protocol

from sqlalchemy import Engine, delete, exists, func, update
from sqlmodel import Session, select

from models.enums import DocType, DocumentStatus
from models.records import DocumentMeta, LoadCounts, NormalizedDocument, NormalizedOffer
from models.store import (
    AgendaItemRow,
    AgreementRow,
    ClauseRow,
    DocumentRow,
    NextMeetingRow,
    OfferRow,
    OfferYearRow,
    SourceRow,
    StatedCountRow,
    TableFigureRow,
    row_values,
)
from warehouse.engine import session_for

# Children before parents, so deletes never trip a foreign key.
_DOCUMENT_TABLES = (OfferYearRow, OfferRow, StatedCountRow, ClauseRow, AgendaItemRow, NextMeetingRow, TableFigureRow)


class SourceLike(Protocol):
    """What the store needs to know about where a document came from (e.g. flows.sources.Source)."""

    region: str
    url: str
    kind: str


@dataclass(frozen=True)
class LoadResult:
    document_id: int
    counts: LoadCounts
    suspect: str | None = None  # why the version was held back instead of replacing the current one


#: a new version with less than this share of the clauses of the version it replaces is held back
SUSPECT_SHARE = 0.1


def load_document(
    db: Session | Engine,
    source: SourceLike | None,
    document: NormalizedDocument,
    *,
    fetched_at: datetime | None = None,
    etag: str | None = None,
    last_modified: str | None = None,
    size_bytes: int | None = None,
    accept_suspect: bool = False,
) -> LoadResult:
    """Replace all rows of `document` (by sha256) in one transaction; mark it loaded.

    A new version of a source that yields far less than the version it would replace (no offers
    where there were offers, hardly any clauses where there were many: a blank or text-less file
    published in its place) is stored but held back as suspect, with the reason; the earlier version
    stays in the queries until a person accepts the new one (`accept_suspect`, `ramme accept`)."""
    with session_for(db, write=True) as session:
        try:
            result = _replace_document(session, source, document, {
                "fetched_at": fetched_at, "etag": etag, "last_modified": last_modified, "size_bytes": size_bytes,
            }, accept_suspect)
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
    with session_for(db, write=True) as session:
        try:
            source_row = upsert_source(session, source) if source is not None else None
            document = document_by_sha256(session, sha256) if sha256 else _contentless_document(session, source_row)
            if document is None:
                document = DocumentRow(sha256=sha256, status=DocumentStatus.FAILED)
            document.status = DocumentStatus.FAILED
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
    with session_for(db, write=True) as session:
        source_id = select(SourceRow.id).where(SourceRow.region == source.region, SourceRow.url == source.url)
        _drop_fetch_failure(session, source_id.scalar_subquery())
        session.commit()


def upsert_source(session: Session, source: SourceLike) -> SourceRow:
    """The source row for (region, url), created or updated; flushed, not committed."""
    row = session.exec(select(SourceRow).where(SourceRow.region == source.region, SourceRow.url == source.url)).first()
    if row is None:
        row = SourceRow(region=source.region, url=source.url, kind=source.kind)
    row.kind = source.kind
    session.add(row)
    session.flush()
    return row


def document_by_sha256(db: Session | Engine, sha256: str) -> DocumentRow | None:
    with session_for(db) as session:
        return session.exec(select(DocumentRow).where(DocumentRow.sha256 == sha256)).first()


def is_loaded(db: Session | Engine, sha256: str, extractor_version: str | None = None) -> bool:
    """True when a document with these bytes is already loaded (or held back as suspect) — by this
    extractor version, when given — so the flow can skip it."""
    document = document_by_sha256(db, sha256)
    return (document is not None and document.status in (DocumentStatus.LOADED, DocumentStatus.SUSPECT)
            and extractor_version in (None, document.extractor_version))


def _contentless_document(session: Session, source: SourceRow | None) -> DocumentRow | None:
    if source is None:
        return None
    return session.exec(
        select(DocumentRow).where(DocumentRow.source_id == source.id, DocumentRow.sha256.is_(None))
    ).first()


def _publishes(session: Session, source: SourceRow, document: DocumentRow) -> None:
    """`source` was fetched and holds `document`'s bytes: a fetch failure recorded for it earlier
    goes, and when the document has loaded rows its other documents leave the queries."""
    _drop_fetch_failure(session, source.id)
    if document.extractor_version is not None:  # set by a load only
        session.exec(update(DocumentRow).where(
            DocumentRow.source_id == source.id, DocumentRow.id != document.id,
            DocumentRow.status != DocumentStatus.SUPERSEDED,
        ).values(status=DocumentStatus.SUPERSEDED))


def _drop_fetch_failure(session: Session, source_id) -> None:
    """Delete the source's content-less failure row (it has no rows of its own)."""
    session.exec(delete(DocumentRow).where(DocumentRow.source_id == source_id, DocumentRow.sha256.is_(None)))


def _replace_document(session: Session, source: SourceLike | None, normalized: NormalizedDocument,
                      fetch: dict, accept_suspect: bool) -> LoadResult:
    extraction = normalized.extraction
    source_row = upsert_source(session, source) if source is not None else None
    meta = replace(extraction.meta, region=normalized.region or (source_row.region if source_row else None))

    document = document_by_sha256(session, extraction.sha256) or DocumentRow(sha256=extraction.sha256,
                                                                             status=DocumentStatus.LOADED)
    agreement = _agreement(session, meta) if meta.doc_type == DocType.AGREEMENT else None
    document.source_id = source_row.id if source_row is not None else document.source_id
    document.agreement_id = agreement.id if agreement is not None else None
    document.file_name = Path(extraction.file).name
    for field, value in fetch.items():
        if value is not None:  # a caller that does not know e.g. the ETag keeps the stored one
            setattr(document, field, value)
    for field, value in row_values(meta).items():
        setattr(document, field, value)
    document.pages = extraction.pages
    document.extractor_version = extraction.extractor_version
    document.status = DocumentStatus.LOADED
    document.error = None
    document.warnings = list(extraction.warnings)
    session.add(document)
    session.flush()

    suspect = None if accept_suspect or source_row is None else _far_less(session, source_row, document, normalized)
    if suspect is not None:
        document.status, document.error = DocumentStatus.SUSPECT, suspect
        _drop_fetch_failure(session, source_row.id)
    elif source_row is not None:
        _publishes(session, source_row, document)
    for table in _DOCUMENT_TABLES:
        session.exec(delete(table).where(table.document_id == document.id))

    offers = [_offer_row(document, offer) for offer in normalized.offers]
    session.add_all(offers)
    session.flush()  # offer ids for the years
    years = [OfferYearRow(offer_id=row.id, document_id=document.id, **row_values(year))
             for row, offer in zip(offers, normalized.offers, strict=True) for year in offer.offer.years]
    stated = [StatedCountRow(document_id=document.id, target_group_key=s.target_group_key, **row_values(s.stated))
              for s in normalized.stated_counts]
    clauses = [ClauseRow(document_id=document.id, **row_values(c)) for c in extraction.clauses]
    agenda = [AgendaItemRow(document_id=document.id, **row_values(a)) for a in extraction.agenda_items]
    meeting = [NextMeetingRow(document_id=document.id, **row_values(extraction.next_meeting))] \
        if extraction.next_meeting else []
    figures = [TableFigureRow(document_id=document.id, **row_values(f)) for f in normalized.table_figures]
    session.add_all([*years, *stated, *clauses, *agenda, *meeting, *figures])
    session.flush()
    _drop_orphan_agreements(session)
    return LoadResult(document.id, LoadCounts(offers=len(offers), offer_years=len(years), clauses=len(clauses),
                                              agenda_items=len(agenda), table_figures=len(figures)), suspect)


def _far_less(session: Session, source: SourceRow, document: DocumentRow, new: NormalizedDocument) -> str | None:
    """Why `new` may not replace the source's current version (None when it may): no offers where it
    had offers, or less than a tenth of its clauses."""
    current = session.exec(select(DocumentRow.id).where(
        DocumentRow.source_id == source.id, DocumentRow.id != document.id,
        DocumentRow.status == DocumentStatus.LOADED)).first()
    if current is None:
        return None
    offers = session.exec(select(func.count()).select_from(OfferRow).where(OfferRow.document_id == current)).one()
    clauses = session.exec(select(func.count()).select_from(ClauseRow).where(ClauseRow.document_id == current)).one()
    new_offers, new_clauses = len(new.offers), len(new.extraction.clauses)
    if offers and not new_offers:
        return f"suspect: no offers where the current version has {offers}; the current version stays until accepted"
    if clauses >= 10 and new_clauses < SUSPECT_SHARE * clauses:
        return (f"suspect: {new_clauses} clauses where the current version has {clauses}; the current version "
                "stays until accepted")
    return None


def accept_suspect(db: Session | Engine, document_id: int) -> DocumentRow:
    """A person accepts a suspect version: it becomes its source's current version."""
    with session_for(db, write=True) as session:
        document = session.get(DocumentRow, document_id)
        if document is None or document.status != DocumentStatus.SUSPECT:
            raise ValueError(f"document {document_id} is not a suspect version; `ramme documents` lists them")
        document.status, document.error = DocumentStatus.LOADED, None
        session.add(document)
        source = session.get(SourceRow, document.source_id) if document.source_id else None
        if source is not None:
            _publishes(session, source, document)
        session.commit()
        return document


def _offer_row(document: DocumentRow, normalized: NormalizedOffer) -> OfferRow:
    table = normalized.table
    return OfferRow(document_id=document.id, agreement_id=document.agreement_id, position=normalized.position,
                    table_label=table.label, table_title=table.title, age_group=table.age_group,
                    target_group=table.target_group, **row_values(normalized.offer), **row_values(normalized.keys))


def _agreement(session: Session, meta: DocumentMeta) -> AgreementRow | None:
    """The agreement a document belongs to: one per region and period (main part and annexes share it)."""
    if meta.region is None:
        return None
    query = select(AgreementRow).where(
        AgreementRow.region == meta.region,
        AgreementRow.period_start == meta.period_start if meta.period_start is not None
        else AgreementRow.period_start.is_(None),
        AgreementRow.period_end == meta.period_end if meta.period_end is not None
        else AgreementRow.period_end.is_(None),
    )
    agreement = session.exec(query).first()
    if agreement is None:
        agreement = AgreementRow(region=meta.region, period_start=meta.period_start, period_end=meta.period_end,
                                 title=meta.title)
        session.add(agreement)
        session.flush()
    return agreement


def _drop_orphan_agreements(session: Session) -> None:
    """An agreement no document points to any more (its metadata changed on reload) is removed."""
    session.exec(delete(AgreementRow).where(
        ~exists().where(DocumentRow.agreement_id == AgreementRow.id),
        ~exists().where(OfferRow.agreement_id == AgreementRow.id),
    ))


def document_files(db: Session | Engine) -> dict[int, tuple[str, str]]:
    """Each stored document's (sha256, file name), by id: where its fetched bytes are kept."""
    with session_for(db) as session:
        rows = session.exec(select(DocumentRow.id, DocumentRow.sha256, DocumentRow.file_name)
                            .where(DocumentRow.sha256.is_not(None), DocumentRow.file_name.is_not(None))).all()
    return {id_: (sha256, name) for id_, sha256, name in rows}


def validators(db: Session | Engine, source: SourceLike, extractor_version: str) -> DocumentRow | None:
    """The source's current version when a conditional request may stand for it (its ETag and
    Last-Modified): loaded by this extractor version. None otherwise (fetch it whole)."""
    with session_for(db) as session:
        source_id = select(SourceRow.id).where(SourceRow.region == source.region, SourceRow.url == source.url)
        return session.exec(select(DocumentRow).where(
            DocumentRow.source_id == source_id.scalar_subquery(), DocumentRow.status == DocumentStatus.LOADED,
            DocumentRow.extractor_version == extractor_version,
            (DocumentRow.etag.is_not(None)) | (DocumentRow.last_modified.is_not(None)))).first()


def confirm_not_modified(db: Session | Engine, document_id: int, etag: str | None, last_modified: str | None) -> None:
    """The server answered 304 for a document: keep the validators it sent (they may be new)."""
    with session_for(db, write=True) as session:
        document = session.get(DocumentRow, document_id)
        document.etag = etag or document.etag
        document.last_modified = last_modified or document.last_modified
        session.add(document)
        session.commit()
