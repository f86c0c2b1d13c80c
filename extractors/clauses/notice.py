"""Notice periods (opsigelsesvarsler), their extensions and exceptions: the sentences that state them
(`notice_clauses`) and each wording → `{"running_month", "plus_months", "plus_days"}`.

Recognised forms (number words and digits alike):
- "løbende måned plus en måned", "løbende måned + 2 måneder", "løbende måned og 1 måned",
  "løbende måned plus 30 dage", "løbende måned + 3 mdr.", "løbende md. + 1" (unit left out after
  "md.": read as months and flagged `unit_implicit`), "løbende md.+1";
- "to måneder fra udgangen af måneden" (= running month plus two months);
- "N uger" → plus_days = 7·N, flagged `unit_weeks`; "N kalenderdage" = N dage; "N år" → plus_months =
  12·N, flagged `unit_years`;
- two amounts joined by og/plus/+ ("løbende måned plus 1 måned og 15 dage", "+ 1 md. + 14 dage") are
  added, flagged `compound_amount`.

A wording that speaks of a notice period but fits none of these comes back with `normalized=None`,
`recognized=False` and the flag `unrecognised_notice_wording` — never a guess. That covers fractions
and ranges ("en halv måned", "2,5 måned", "1-2 måneder", "1 til 2 måneder"), units that are not
calendar units ("hverdage", "kvartal"), a number without a unit followed by anything but the end of
the phrase, and a clause that states more than one amount ("plus 3 måneder for køber og 6 måneder for
leverandør", also flagged `several_notice_values`): what follows the matched amount is always read.
"Løbende måned plus 30 dage" and "plus en måned" are kept apart (they differ for 31-day months and
February).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from extractors.clauses.numwords import NUMBER_WORD_PATTERN, parse_count
from extractors.clauses.sentences import Found, Sentence, make_clause, merge_adjacent
from extractors.segment import HEADING
from models.enums import ClauseKind
from models.records import Clause

_NUM = r"(?P<num>\d+|" + NUMBER_WORD_PATTERN + r")(?![\wæøå])"
_UNIT = (r"(?P<unit>måneder|måned|mdr\.?|mnd\.?|md\.?|kalenderdage|kalenderdag|hverdage|dage|dag|uger|uge|år)"
         r"(?![\wæøå])")
_BASE = r"løbende\s+(?:måned|måneds|mdr\.?|md\.?)"
_CONNECTOR = r"(?:plus|\+|og)"
_RUNNING_PLUS = re.compile(rf"{_BASE}\s*{_CONNECTOR}\s*{_NUM}(?:\s*{_UNIT})?", re.IGNORECASE)
_FROM_END = re.compile(
    rf"(?<![\wæøå,.\-–/½]){_NUM}\s+{_UNIT}\s+(?:fra|efter)\s+udgangen\s+af\s+(?:den\s+)?(?:løbende\s+)?"
    r"(?:måned|måneden|md\.)", re.IGNORECASE)
_RUNNING_ONLY = re.compile(rf"{_BASE}(?!\s*{_CONNECTOR}\s*\S)", re.IGNORECASE)
_NOTICE_HINT = re.compile(r"opsigelses|varsel|varsl|opsig|løbende\s+(?:måned|md)|udgangen\s+af\s+(?:den\s+)?måned",
                          re.IGNORECASE)
_RUNNING_YEAR = re.compile(r"løbende\s+(?:kalender)?år\s*(?:plus|\+|og)", re.IGNORECASE)
#: a second amount added to the first: "plus 1 måned og 15 dage", "+ 1 md. + 14 dage"
_SECOND_AMOUNT = re.compile(rf"\s*{_CONNECTOR}\s*{_NUM}\s*{_UNIT}", re.IGNORECASE)
#: after an amount, text that makes it part of a larger or fractional amount: "2,5", "1-2", "1 til 2",
#: "en halv", "1½", "og en halv måned", "og 2"
_AMOUNT_GOES_ON = re.compile(
    rf"^(?:[,.]\d|\s*[\-–/]\s*\d|\s*½|\s+(?:til|eller|à)\s|\s*halv|"
    rf"\s*(?:{_CONNECTOR}|til|eller|-|–)\s*(?:\d|½|halv|(?:{NUMBER_WORD_PATTERN})\s+(?:halv|{_UNIT})))",
    re.IGNORECASE)
#: what may follow a number printed without its unit ("løbende md. + 1, der er gældende …",
#: "løbende md.+1 fra skifteretten frigiver bolig"): the end, a punctuation mark or a word that starts
#: a new phrase. Anything else ("plus 1 kvartal", "plus en halv måned") is not read as months.
_AFTER_BARE_NUMBER = re.compile(
    r"^(?:\s*$|\s*[.;:!?)\]](?!\d)|\s*,(?!\s*\d)|\s+(?:der|som|hvor|fra|efter|ved)\b)", re.IGNORECASE)
#: where the clause of a notice wording ends: a sentence end, a closing bracket
_CLAUSE_END = re.compile(r"[.!?;](?=\s+[A-ZÆØÅ]|\s*$)|\]")
#: another amount further on in the same clause: "plus 3 måneder for køber og 6 måneder for leverandør"
_ANOTHER_AMOUNT = re.compile(rf"(?<![\wæøå]){_NUM}\s*{_UNIT}|{_BASE}\s*{_CONNECTOR}\s*(?:\d|{NUMBER_WORD_PATTERN})",
                             re.IGNORECASE)


@dataclass
class NoticePeriod:
    """The reading of one notice wording."""

    text: str
    normalized: dict | None
    recognized: bool
    flags: list[str] = field(default_factory=list)
    span: tuple[int, int] | None = None


def _unit_amount(unit: str | None, count: int, flags: list[str]) -> tuple[int, int] | None:
    """(plus_months, plus_days) for a count and its printed unit; None for a unit that cannot be
    normalised (working days)."""
    if unit is None:
        return None
    unit = unit.lower().rstrip(".")
    if unit in {"måned", "måneder", "md", "mdr", "mnd"}:
        return count, 0
    if unit in {"dag", "dage", "kalenderdag", "kalenderdage"}:
        return 0, count
    if unit in {"uge", "uger"}:
        flags.append("unit_weeks")
        return 0, 7 * count
    if unit == "år":
        flags.append("unit_years")
        return 12 * count, 0
    if unit == "hverdage":
        flags.append("working_days")
        return None
    return None


def _clause_rest(text: str, end: int) -> str:
    """The text after a wording up to the end of its clause."""
    rest = text[end:]
    m = _CLAUSE_END.search(rest)
    return rest[: m.start()] if m else rest


def _amount(text: str, m: re.Match, flags: list[str]) -> tuple[tuple[int, int] | None, int]:
    """The amount a match starts: (plus_months, plus_days) or None when the wording is not a plain
    amount, and where the amount ends. A second amount joined by og/plus/+ is added ("1 måned og 15
    dage"); a fractional, ranged or unknown-unit amount is None, never the first number alone."""
    count = parse_count(m.group("num"))
    if count is None:
        return None, m.end()
    unit, end = m.group("unit"), m.end()
    if unit is None:
        if not _AFTER_BARE_NUMBER.match(text[end:]):
            return None, end  # "plus en halv måned", "plus 2,5 måned", "plus 1-2 måneder", "plus 1 kvartal"
        unit = "måned"
        flags.append("unit_implicit")
    amount = _unit_amount(unit, count, flags)
    if amount is None:
        return None, end
    second = _SECOND_AMOUNT.match(text, end)
    if second and parse_count(second.group("num")) is not None:
        more = _unit_amount(second.group("unit"), parse_count(second.group("num")), flags)
        if more is None:
            return None, second.end()
        amount = (amount[0] + more[0], amount[1] + more[1])
        flags.append("compound_amount")
        end = second.end()
    if _AMOUNT_GOES_ON.match(text[end:]):
        return None, end  # "plus 2 måneder og en halv", "plus 1 til 2 måneder"
    if _ANOTHER_AMOUNT.search(_clause_rest(text, end)):
        flags.append("several_notice_values")  # one rule per party or offer type in one clause
        return None, end
    return amount, end


def parse_notice_period(text: str) -> NoticePeriod:
    """Read the first notice-period wording in `text`.

    >>> parse_notice_period("Løbende måned plus en måned.").normalized
    {'running_month': True, 'plus_months': 1, 'plus_days': 0}
    >>> parse_notice_period("løbende måned plus en halv måned").flags
    ['unrecognised_notice_wording']
    """
    flags: list[str] = []
    m = _RUNNING_PLUS.search(text)
    if m:
        amount, end = _amount(text, m, flags)
        if amount is None:
            return NoticePeriod(text, None, False, flags + ["unrecognised_notice_wording"], (m.start(), end))
        return NoticePeriod(text, _norm(True, *amount), True, flags, (m.start(), end))
    m = _FROM_END.search(text)
    if m:
        amount, _ = _amount(text, m, flags)
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


# a notice rule is about terminating a place or a contract; "varsling af ændringerne", "varsling af
# egenbetaling", "varsling af medarbejdere" announce other things
_TERMINATION = re.compile(r"opsig|opsag|ophæv|uden\s+varsel|varsel\w*\s+bortfalder", re.IGNORECASE)
_SUBJECT = re.compile(r"^(?P<subject>[^:]{3,160}?):\s*\[?\s*løbende", re.IGNORECASE)
#: situations a notice wording without a "Subject:" prefix is about, as its subject
_TRIGGER_SUBJECTS = ((re.compile(r"dødsfald", re.IGNORECASE), "dødsfald"),
                     (re.compile(r"\b(?:bliver|fylder)\s+18\s+år\b", re.IGNORECASE), "ung der fylder 18 år"))
#: the upper-case title of a contract template ("STANDARDKONTRAKT PÅ VOKSENOMRÅDET" / "LEVERANDØRER SOM
#: IKKE ER OMFATTET AF EN RAMMEAFTALE PÅ SOCIAL- OG" / "SPECIALUNDERVISNINGSOMRÅDET")
_CONTRACT_TITLE = re.compile(r"[A-ZÆØÅ ]*KONTRAKT[A-ZÆØÅ ]*")
_CAPS_LINE = re.compile(r"[A-ZÆØÅ][A-ZÆØÅ ,\-–]*")


def notice_clauses(sentences: list[Sentence]) -> Found:
    """Notice periods, extended notice and the other rules about notice (exceptions, lapses)."""
    found: list[tuple[Sentence, Clause]] = []
    for n, s in enumerate(sentences):
        lowered = s.text.lower()
        has_notice = "NOTICE" in s.labels and "NOT_NOTICE" not in s.labels
        if s.block.kind == HEADING and not has_notice:
            continue
        if has_notice or (re.search(r"løbende\s+(?:måned|md)", lowered) and "NOT_NOTICE" not in s.labels):
            for piece in _notice_pieces(s):
                title = _contract_title(sentences, n) if re.search(r"\[\s*løbende", piece, re.IGNORECASE) else None
                found.append((s, _notice_period_clause(s, piece, sentences[n - 1].text if n else "", title)))
            continue
        if "NOTICE_TERM" in s.labels and _TERMINATION.search(s.text):
            if "NOTICE_EXTENSION_TERM" in s.labels and re.search(r"varsel|varsl", lowered):
                found.append((s, make_clause(ClauseKind.NOTICE_EXTENSION, s, None, detail="extended_notice_rule")))
                continue
            found.append((s, make_clause(ClauseKind.NOTICE_EXCEPTION, s, _exception_normalized(s),
                                         detail=_exception_kind(lowered))))
    clauses = merge_adjacent(found, sentences, kinds={ClauseKind.NOTICE_EXCEPTION, ClauseKind.NOTICE_EXTENSION},
                             extend_to=4)
    return Found(clauses, frozenset(s.pos for s, _ in found))


def _contract_title(sentences: list[Sentence], n: int, lookback: int = 400) -> str | None:
    """The title of the contract template sentence n stands in: the nearest upper-case title naming a
    KONTRAKT before it, with the upper-case lines that continue it, in sentence case."""
    for i in range(n - 1, max(-1, n - 1 - lookback), -1):
        if _CONTRACT_TITLE.fullmatch(sentences[i].text.strip()):
            parts = [sentences[i].text.strip()]
            for follower in sentences[i + 1:i + 4]:
                if not _CAPS_LINE.fullmatch(follower.text.strip()):
                    break
                parts.append(follower.text.strip())
            head, rest = parts[0].lower(), re.sub(r"\s+", " ", " ".join(parts[1:]).lower())
            return (head[:1].upper() + head[1:]) + (f" – {rest}" if rest else "")
    return None


def _notice_pieces(s: Sentence) -> list[str]:
    """A sentence that prints several notice wordings ("Leverandøren kan opsige …: [løbende måned + 30
    dage] Køber kan opsige …: [løbende måned + 30 dage]", "… løbende måned plus seks måneder; ved
    opsigelse af ti … løbende måned plus ni måneder.") is cut after each wording."""
    ends = [end for label, _, _, end in s.ents if label == "NOTICE"]
    if len(ends) < 2:
        return [s.text]
    pieces, start = [], 0
    for i, end in enumerate(ends):
        while end < len(s.text) and s.text[end] in "]).":
            end += 1
        if i == len(ends) - 1:
            end = len(s.text)
        pieces.append(s.text[start:end].strip().lstrip(";,").lstrip())
        start = end
    return [p for p in pieces if p]


def _notice_period_clause(s: Sentence, text: str, context: str, title: str | None = None) -> Clause:
    """One notice wording: normalised value, party, subject, extension trigger. The subject is the
    printed "Subject:" before the wording, else the situation it names (death, turning 18), else
    `title`, the contract template a bracketed default stands in."""
    lowered = text.lower()
    parsed = parse_notice_period(text)
    extension = re.search(r"forlæng|eller flere pladser", lowered) is not None
    normalized = dict(parsed.normalized) if parsed.normalized else None
    who = party(text[: parsed.span[0]] if parsed.span else text) or (
        party(context) if re.search(r"opsig|varsel", context, re.IGNORECASE) else None)
    if extension and normalized is not None:
        trigger = extension_trigger(text)
        if trigger:
            normalized["trigger"] = trigger
        if "ensidigt" in lowered or "kan driftsherre" in lowered:
            normalized["mechanism"] = "optional_unilateral_extension_by_provider"
        elif "forlænges" in lowered:
            normalized["mechanism"] = "automatic"
    if normalized is not None:
        if who:
            normalized["party"] = who
        if "dødsfald" in lowered:
            normalized["trigger"] = "death"
        if "medmindre andet er aftalt" in lowered:
            normalized["qualifier"] = "medmindre andet er aftalt"
    m = _SUBJECT.match(text)
    subject = m.group("subject").strip() if m and len(m.group("subject").split()) <= 12 else None
    if subject is None:
        subject = next((name for rx, name in _TRIGGER_SUBJECTS if rx.search(text)), None) or title
    flags = list(parsed.flags)
    if re.search(r"\[\s*løbende[^\]]*\]", text, re.IGNORECASE):
        flags.append("template_default")  # a bracketed default in a contract template
    if text.rstrip().endswith("?"):
        flags.append("question")
    kind = ClauseKind.NOTICE_EXTENSION if extension else ClauseKind.NOTICE_PERIOD
    return make_clause(kind, s, normalized, subject=subject, flags=flags, text=text,
                   detail="extended_notice" if extension else None)


def _exception_kind(lowered: str) -> str:
    if "bortfalder" in lowered:
        return "lapse_if_place_refilled"
    if re.search(r"ikke\s+(?:aftalt|fastsat)\s+opsigelsesvarsl", lowered):
        return "no_notice_period"
    if "uden varsel" in lowered:
        return "termination_without_notice"
    if "rammeaftalens" in lowered or "henvises" in lowered:
        return "reference_to_framework_agreement"
    return "notice_rule"


def _exception_normalized(s: Sentence) -> dict | None:
    lowered = s.text.lower()
    if "bortfalder" in lowered and "besat" in lowered:
        return {"notice_lapses_if_place_refilled_immediately": True}
    m = re.search(r"ikke\s+(?:aftalt|fastsat)\s+opsigelsesvarsl\w*\s+for\s+(?P<rest>.+)", s.text, re.IGNORECASE)
    if m:
        rest = re.sub(r"[.]$", "", m.group("rest"))
        offer_types = [p.strip() for p in re.split(r",|\bog\b|\bsamt\b", rest) if p.strip()]
        return {"no_notice_for": offer_types, "terms": s.terms}
    if "uden varsel" in lowered:
        trigger = "force majeure" if "force majeure" in lowered else (
            "væsentlig misligholdelse" if "misligholdelse" in lowered else None)
        return {"termination_without_notice": True, "trigger": trigger}
    return None
