"""The normalised value of each clause kind (`Clause.normalized`): one TypedDict per kind, so the keys
are listed once. A key is present only where the wording states it (every dict is `total=False`)."""

from __future__ import annotations

from typing import TypedDict

from models.enums import ClauseKind


class ExtensionTrigger(TypedDict, total=False):
    """When an extended notice applies: "tre eller flere pladser inden for … tre løbende måneder"."""

    min_places_terminated: int
    within_running_months: int
    or_min_pct_of_tariff_income_budget: int | float
    same_offer: bool


class NoticeValue(TypedDict, total=False):
    """A notice period: "løbende måned plus en måned" → running_month, plus_months=1, plus_days=0."""

    running_month: bool
    plus_months: int
    plus_days: int
    party: str  # "buyer" | "provider": who may terminate, when printed
    trigger: str | ExtensionTrigger  # "death", or what triggers an extended notice
    qualifier: str  # "medmindre andet er aftalt"
    mechanism: str  # "automatic" | "optional_unilateral_extension_by_provider"


class NoticeExceptionValue(TypedDict, total=False):
    """A rule about notice that is not a period."""

    notice_lapses_if_place_refilled_immediately: bool
    no_notice_for: list[str]
    terms: list[str]
    termination_without_notice: bool
    trigger: str | None  # "force majeure" | "væsentlig misligholdelse"


class PaymentValue(TypedDict, total=False):
    """A settlement or payment term; a settlement sentence carries all four settlement keys."""

    frequency: str | None  # "monthly" | "quarterly" | "annual"
    timing: str | None  # "in_advance" | "in_arrears" | "in_advance_or_in_arrears_by_agreement"
    due_day_of_month: int | None
    payment_deadline_days: int | None
    cancellation_deadline_days_before: int
    late_interest_after_months: int
    deadline_days: int | None  # a deadline stated without a payment word ("senest 14 dage")


class TableValue(TypedDict):
    """The printed table a tariff clause heads or is: its caption, label column, columns and rows as printed."""

    caption: str | None
    stub: str | None
    columns: list[str]
    rows: dict[str, list[str | None]]


class TariffValue(TypedDict, total=False):
    """A tariff rule: the percentages and amounts printed, plus the keys of its `detail`; a tariff table's caption,
    header row or rows carry the table (`table`)."""

    percentages: list[int | float]
    amounts_dkk: list[int | float]
    overhead_pct: int | float  # overhead_cap
    index: str  # price_development: "P/L"
    minus_pct_per_year: int | float  # price_development
    occupancy_pct: list[int | float]  # occupancy_rule
    averaging_years: int  # occupancy_rule
    max_occupancy_pct: int  # occupancy_rule
    threshold_pct: int | float | None  # retrospective_adjustment
    table: TableValue  # the printed table ("Tabel 1. Basistakst og ydelsestakst …" and its rows)


class GroupValue(TypedDict, total=False):
    """A target group or offer type named: vocabulary ids, their categories, paragraphs, mentions."""

    terms: list[str]
    categories: list[str]
    legal_basis: list[str]
    mentions: int
    count_offers: int  # "Udviklingshæmning (13)"


class LegalParagraphValue(TypedDict, total=False):
    """One paragraph reference: "SEL § 107, stk. 2"."""

    law: str | None  # a models.enums.LawCode value
    paragraph: str
    stk: str | None
    nr: str | None
    label: str
    printed: str
    law_inferred: bool


#: the shape of `Clause.normalized` per kind
NORMALIZED_BY_KIND: dict[ClauseKind, type] = {
    ClauseKind.NOTICE_PERIOD: NoticeValue,
    ClauseKind.NOTICE_EXTENSION: NoticeValue,
    ClauseKind.NOTICE_EXCEPTION: NoticeExceptionValue,
    ClauseKind.PAYMENT_TERM: PaymentValue,
    ClauseKind.TARIFF_RULE: TariffValue,
    ClauseKind.TARGET_GROUP: GroupValue,
    ClauseKind.OFFER_TYPE: GroupValue,
    ClauseKind.LEGAL_PARAGRAPH: LegalParagraphValue,
}
