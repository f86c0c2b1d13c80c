"""Notice periods (opsigelsesvarsler): wording → `{"running_month", "plus_months", "plus_days"}`.

Recognised forms (number words and digits alike):
- "løbende måned plus en måned", "løbende måned + 2 måneder", "løbende måned og 1 måned",
  "løbende måned plus 30 dage", "løbende måned + 3 mdr.", "løbende md. + 1" (unit left out after
  "md.": read as months and flagged `unit_implicit`), "løbende md.+1";
- "to måneder fra udgangen af måneden" (= running month plus two months);
- "N uger" → plus_days = 7·N, flagged `unit_weeks`.

A wording that speaks of a notice period but fits none of these comes back with `normalized=None`
and `recognized=False` — never a guess. "Løbende måned plus 30 dage" and "plus en måned" are kept
apart (they differ for 31-day months and February).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from extractors.clauses.numwords import NUMBER_WORDS, parse_count

_NUM = r"(?P<num>\d+|" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + r")(?![\wæøå])"
_UNIT = r"(?P<unit>måneder|måned|mdr\.?|md\.?|dage|dag|hverdage|uger|uge)"
_BASE = r"løbende\s+(?:måned|måneds|mdr\.?|md\.?)"
_RUNNING_PLUS = re.compile(
    rf"{_BASE}\s*(?:plus|\+|og)\s*{_NUM}(?:\s*{_UNIT}(?![\wæøå]))?", re.IGNORECASE)
_FROM_END = re.compile(
    rf"(?<![\wæøå]){_NUM}\s+{_UNIT}\s+(?:fra|efter)\s+udgangen\s+af\s+(?:den\s+)?(?:løbende\s+)?(?:måned|måneden|md\.)",
    re.IGNORECASE)
_RUNNING_ONLY = re.compile(rf"{_BASE}(?!\s*(?:plus|\+|og)\s*\S)", re.IGNORECASE)
_NOTICE_HINT = re.compile(r"opsigelses|varsel|varsl|opsig|løbende\s+(?:måned|md)", re.IGNORECASE)
_RUNNING_YEAR = re.compile(r"løbende\s+(?:kalender)?år\s*(?:plus|\+|og)", re.IGNORECASE)


@dataclass
class NoticePeriod:
    """The reading of one notice wording."""

    text: str
    normalized: dict | None
    recognized: bool
    flags: list[str] = field(default_factory=list)
    span: tuple[int, int] | None = None


def _unit_amount(unit: str | None, count: int, flags: list[str]) -> tuple[int, int] | None:
    """(plus_months, plus_days) for a count and its printed unit."""
    if unit is None:
        return None
    unit = unit.lower().rstrip(".")
    if unit in {"måned", "måneder", "md", "mdr"}:
        return count, 0
    if unit in {"dag", "dage"}:
        return 0, count
    if unit in {"uge", "uger"}:
        flags.append("unit_weeks")
        return 0, 7 * count
    if unit == "hverdage":
        flags.append("working_days")
        return None
    return None


def parse_notice_period(text: str) -> NoticePeriod:
    """Read the first notice-period wording in `text`.

    >>> parse_notice_period("Løbende måned plus en måned.").normalized
    {'running_month': True, 'plus_months': 1, 'plus_days': 0}
    """
    flags: list[str] = []
    m = _RUNNING_PLUS.search(text)
    if m:
        count = parse_count(m.group("num"))
        unit = m.group("unit")
        if unit is None:
            base = re.match(_BASE, m.group(0), re.IGNORECASE)
            if base and re.search(r"md\.?|mdr\.?|måned", base.group(0), re.IGNORECASE):
                unit = "måned"
                flags.append("unit_implicit")
        amount = _unit_amount(unit, count, flags) if count is not None else None
        if amount is None:
            return NoticePeriod(text, None, False, flags + ["unrecognised_notice_wording"], m.span())
        return NoticePeriod(text, _norm(True, *amount), True, flags, m.span())
    m = _FROM_END.search(text)
    if m:
        count = parse_count(m.group("num"))
        amount = _unit_amount(m.group("unit"), count, flags) if count is not None else None
        if amount is None:
            return NoticePeriod(text, None, False, flags + ["unrecognised_notice_wording"], m.span())
        flags.append("from_end_of_month")
        return NoticePeriod(text, _norm(True, *amount), True, flags, m.span())
    m = _RUNNING_ONLY.search(text)
    if m and not _RUNNING_YEAR.search(text):
        return NoticePeriod(text, None, False, ["unrecognised_notice_wording"], m.span())
    return NoticePeriod(text, None, False, ["no_notice_wording"] if not _NOTICE_HINT.search(text)
                        else ["unrecognised_notice_wording"])


def _norm(running: bool, months: int, days: int) -> dict:
    return {"running_month": running, "plus_months": months, "plus_days": days}


def extension_trigger(text: str) -> dict | None:
    """The trigger of an extended-notice rule: "tre eller flere pladser inden for en periode på tre
    løbende måneder, eller pladser svarende til indtægter på 20 procent eller mere"."""
    trigger: dict = {}
    m = re.search(rf"{_NUM}\s+eller\s+flere\s+pladser", text, re.IGNORECASE)
    if m:
        trigger["min_places_terminated"] = parse_count(m.group("num"))
    m = re.search(rf"periode\s+på\s+{_NUM}\s+løbende\s+måneder", text, re.IGNORECASE)
    if m:
        trigger["within_running_months"] = parse_count(m.group("num"))
    m = re.search(r"(\d+(?:,\d+)?)\s*(?:procent|pct\.?|%)\s+eller\s+mere", text, re.IGNORECASE)
    if m:
        trigger["or_min_pct_of_tariff_income_budget"] = float(m.group(1).replace(",", ".")) \
            if "," in m.group(1) else int(m.group(1))
    if re.search(r"samme\s+tilbud", text, re.IGNORECASE) and trigger:
        trigger["same_offer"] = True
    return trigger or None


def party(text: str) -> str | None:
    """Who may terminate, when the wording says so: "buyer" (køber/kommune) or "provider"
    (leverandør/driftsherre)."""
    lowered = text.lower()
    buyer = re.search(r"\bkøbe(r|ren|rs)\b", lowered)
    provider = re.search(r"\b(leverandør(en|ens|s)?|driftsherre(n|ns)?|sælger(en)?)\b", lowered)
    if buyer and not provider:
        return "buyer"
    if provider and not buyer:
        return "provider"
    if buyer and provider:
        return "buyer" if buyer.start() < provider.start() else "provider"
    return None
