"""The labels of the domain, each defined once. Members are strings (`StrEnum`), so they compare
equal to, store and serialise as their values ("agreement", "notice_period", …)."""

from __future__ import annotations

from enum import StrEnum


class DocType(StrEnum):
    """What a document is, read from its content."""

    AGREEMENT = "agreement"
    MEETING_MINUTES = "meeting_minutes"
    UNKNOWN = "unknown"


class SourceKind(StrEnum):
    """What a source in sources.yaml publishes."""

    AGREEMENT = "agreement"
    MINUTES = "minutes"

    @property
    def doc_type(self) -> DocType:
        return DocType.AGREEMENT if self is SourceKind.AGREEMENT else DocType.MEETING_MINUTES


class AgeGroup(StrEnum):
    CHILDREN = "children"
    ADULTS = "adults"


class RowKind(StrEnum):
    """What the rows of a printed table other than an offers table stand for."""

    REGION = "region"  # "Region Hovedstaden 91% 9% …"
    OFFER = "offer"  # an offer or one of its services ("Ambulant STU tilbud 569 kr. 402 kr.")
    MUNICIPALITY = "municipality"  # a municipality or region as operator ("Morsø 6%")
    MEASURE = "measure"  # a measure per year or scenario ("Antal sager i alt 16.361 12.925 13.107")


class ClauseKind(StrEnum):
    """What a clause states, in the order a page's clauses are listed."""

    NOTICE_PERIOD = "notice_period"
    NOTICE_EXTENSION = "notice_extension"
    NOTICE_EXCEPTION = "notice_exception"
    PAYMENT_TERM = "payment_term"
    TARIFF_RULE = "tariff_rule"
    TARGET_GROUP = "target_group"
    OFFER_TYPE = "offer_type"
    LEGAL_PARAGRAPH = "legal_paragraph"


NOTICE_KINDS = (ClauseKind.NOTICE_PERIOD, ClauseKind.NOTICE_EXTENSION, ClauseKind.NOTICE_EXCEPTION)


class LawCode(StrEnum):
    """The acts the agreements cite (their printed names: `models.vocabulary.LAW_NAMES`)."""

    SEL = "SEL"  # serviceloven
    BL = "BL"  # barnets lov (since 2024)
    ABL = "ABL"  # almenboligloven
    AEBL = "ÆBL"  # ældreboligloven
    SUL = "SUL"  # sundhedsloven
    FSL = "FSL"  # folkeskoleloven
    LSV = "LSV"  # lov om specialundervisning for voksne
    STU = "STU"  # lov om ungdomsuddannelse for unge med særlige behov
    LAB = "LAB"  # lov om en aktiv beskæftigelsesindsats


class OperatorType(StrEnum):
    MUNICIPAL = "municipal"
    REGIONAL = "regional"
    PRIVATE_OR_OTHER = "private_or_other"


class DocumentStatus(StrEnum):
    """Whether a document version's rows are in the queries."""

    LOADED = "loaded"
    FAILED = "failed"  # rows of an earlier good extraction of the same bytes stay in the queries
    SUPERSEDED = "superseded"  # another version of its source is current; its rows stay, queries skip them
    SUSPECT = "suspect"  # a new version that yields far less than the one it would replace: held back


#: the documents whose rows the queries read
QUERIED_STATUSES = (DocumentStatus.LOADED, DocumentStatus.FAILED)


class RunStatus(StrEnum):
    RUNNING = "running"
    COMPLETED = "completed"
    COMPLETED_WITH_FAILURES = "completed_with_failures"
    FAILED = "failed"
    KILLED = "killed"  # its process ended without finishing the run (found so by a later run)


class SourceOutcome(StrEnum):
    """What one run did with one source."""

    PROCESSED = "processed"
    UNCHANGED = "unchanged"
    FAILED = "failed"
    SUSPECT = "suspect"  # processed, but held back: it yields far less than the version it would replace


class Severity(StrEnum):
    """How bad a validation finding is."""

    ERROR = "error"
    WARNING = "warning"


class NotBindingReason(StrEnum):
    """Why a clause's wording is not a rule the document states (`Clause.binding` is False)."""

    PROPOSAL = "proposal"  # a proposal under hearing or discussion, not (yet) agreed
    HEARING_RESPONSE = "hearing_response"  # a hearing proposal answered, or a party's response to one
    TEMPLATE = "template"  # a placeholder or an unticked option of a standard contract
    QUESTION = "question"  # asked, not stated
    SURVEY_ANSWER = "survey_answer"  # an answer quoted in a survey or report
    EXAMPLE = "example"  # an example or scenario under discussion
