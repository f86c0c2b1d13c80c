"""Payment and settlement terms (afregning): the sentences that state them (`payment_clauses`) and
their frequency, in advance / in arrears, due day and deadlines.

Normalised keys (only the ones a sentence states are filled; a settlement sentence always carries the
four settlement keys, `None` where the text is silent):
- `frequency`: "monthly" (månedsvis, månedlig(t), hver måned), "quarterly", "annual";
- `timing`: "in_advance" (forud), "in_arrears" (bagud), "in_advance_or_in_arrears_by_agreement" (both
  named as a choice);
- `due_day_of_month`: "hver den 10. i måneden" → 10;
- `payment_deadline_days`: "Fristen for betaling fastsættes til 30 dage" → 30;
- `cancellation_deadline_days_before`: "afbud senest 14 dage før" → 14 (respite care);
- `late_interest_after_months`: "Senere betalinger end 1 måned påføres morarenter" → 1.
"""

from __future__ import annotations

import re

from extractors.clauses.numwords import NUMBER_WORD_PATTERN, parse_count
from extractors.segment import BULLET, HEADING
from extractors.clauses.details import detail_table
from extractors.clauses.sentences import Found, Sentence, is_topic_item, make_clause, offer_subject
from models.enums import ClauseKind

_NUM = r"(\d+|" + NUMBER_WORD_PATTERN + r")(?![\wæøå])"

SETTLEMENT_KEYS = ("frequency", "timing", "due_day_of_month", "payment_deadline_days")


def normalize_payment(text: str) -> tuple[str, dict | None]:
    """(detail, normalized) for one payment sentence; detail is a finer label such as "settlement"
    (`patterns/details.yaml`)."""
    lowered = text.lower()
    out: dict = {}
    frequency = None
    if re.search(r"\bmånedsvis|\bmånedlig|\bhver\s+måned\b|\bpr\.\s*måned\b", lowered):
        frequency = "monthly"
    elif re.search(r"\bkvartalsvis|\bhvert\s+kvartal", lowered):
        frequency = "quarterly"
    elif re.search(r"\bårligt\b|\bhvert\s+år\b|\bén\s+gang\s+årligt", lowered):
        frequency = "annual"
    advance = re.search(r"\bforud(?:betal\w*)?\b", lowered)
    arrears = re.search(r"\bbagud\b", lowered)
    timing = None
    if advance and arrears:
        timing = "in_advance_or_in_arrears_by_agreement"
    elif advance:
        timing = "in_advance"
    elif arrears:
        timing = "in_arrears"
    due = re.search(r"\b(?:hver|senest)\s+(?:den\s+)?(\d{1,2})\.\s+i\s+(?:hver\s+)?måned", lowered)
    deadline = re.search(
        rf"(?:frist(?:en)?\s+for\s+betaling|betalingsfrist(?:en)?|afregningsfrist(?:en)?)[^.]*?{_NUM}\s+(?:dage|dag)\b",
        lowered)
    settles = re.search(r"\bafregn\w*|\bbetal\w*|\bfaktur\w*", lowered)
    if settles and (frequency == "monthly" or timing) and (advance or arrears or due or frequency):
        out.update({key: None for key in SETTLEMENT_KEYS})
        out["frequency"] = frequency
        out["timing"] = timing
        out["due_day_of_month"] = int(due.group(1)) if due else None
    if deadline:
        out.setdefault("payment_deadline_days", None)
        out["payment_deadline_days"] = parse_count(deadline.group(1))
    cancel = re.search(rf"afbud[^.]*?senest\s+{_NUM}\s+dage\s+før", lowered)
    if cancel:
        out["cancellation_deadline_days_before"] = parse_count(cancel.group(1))
    interest = re.search(rf"senere\s+betaling\w*\s+end\s+{_NUM}\s+måned", lowered)
    if interest:
        out["late_interest_after_months"] = parse_count(interest.group(1))
    return detail_table(ClauseKind.PAYMENT_TERM).detail(text, out), (out or None)


_DEADLINE = re.compile(r"\b(senest|frist\w*|inden\s+for)\b", re.IGNORECASE)
_PRICE = re.compile(r"\bpris(?:en)?\b", re.IGNORECASE)
_PAYMENT_STATEMENT = re.compile(r"\b(faktureres|afregnes|afregner|betales|betaler|opkræves|sker)\b", re.IGNORECASE)
_RESIDENT_PAYMENT = re.compile(r"egenbetaling|boligbetaling|beboer", re.IGNORECASE)
_PARTY_PAYMENT = re.compile(r"betalingskommune|købskontrakt", re.IGNORECASE)
#: payment words only as what agreements must cover ("… der som minimum involverer aftaler om takstudvikling,
#: prisstruktur og afregningsfrister …"); an out-of-region purchase contract's contents are a term (CLAUSES.md)
_AGREEMENT_TOPICS = re.compile(r"\baftaler\s+om\s+[^.]*?\b(?:afregn|betaling|faktur)", re.IGNORECASE)
#: a duty to limit costs ("Leverandøren skal dog i muligt omfang begrænse sine udgifter og tilhørende
#: fakturering"): no payment term
_LIMIT_COSTS = re.compile(r"\bbegrænse\s+(?:sine|deres|de)\s+udgifter", re.IGNORECASE)


def payment_clauses(sentences: list[Sentence]) -> Found:
    """Settlement and payment terms between buyer and provider: when, how often, how and to whom is
    paid, deadlines, invoicing, respite cancellation.

    A sentence that merely uses a payment word is not a term: the wording must be one that
    `normalize_payment` can label (settlement, deadline, invoicing, channel, billing party, …), not
    its generic fallback. Residents' own payments (egenbetaling, boligbetaling) are fixed by the
    municipality, not settled between the parties, and are left to the tariff rules where they touch
    the tariff; payment words as the topics agreements must cover ("… aftaler om takstudvikling,
    prisstruktur og afregningsfrister") and a duty to limit costs ("… begrænse sine udgifter og
    tilhørende fakturering") state no term either. Headings count only when they are a sentence ("6. Fakturering Køber faktureres …").
    A deadline without a payment word is a payment term only as the answer to a price change ("…
    hvilken betydning det har for den aftalte pris. … Køber skal … senest inden for 30 dage meddele
    leverandøren, om anmodningen kan godkendes."); elsewhere ("oplyse … senest ti hverdage",
    "underrette køber om hospitalsindlæggelse senest 7 dage efter") it is a duty to reply or report.
    """
    out = []
    for s in sentences:
        deadline = _price_change_deadline(s, sentences)
        if ("PAYMENT_TERM" not in s.labels and not deadline) or len(s.text.split()) < 3:
            continue
        if s.block.kind == HEADING and not _PAYMENT_STATEMENT.search(s.text):
            continue
        if is_topic_item(s.text):
            continue
        if (_RESIDENT_PAYMENT.search(s.text) or _RESIDENT_PAYMENT.search(s.block.heading or "")
                or _AGREEMENT_TOPICS.search(s.text) or _LIMIT_COSTS.search(s.text)) and not _PARTY_PAYMENT.search(s.text):
            continue
        detail, normalized = normalize_payment(s.text)
        if "PAYMENT_TERM" not in s.labels:
            days = next((text for label, text, _, _ in s.ents if label == "DAYS"), None)
            detail = "deadline"
            normalized = {**(normalized or {}), "deadline_days": parse_count(days.split()[0]) if days else None}
        elif detail == "payment" or normalized is None and s.block.kind == BULLET and len(s.text.split()) <= 8 \
                and not _PAYMENT_STATEMENT.search(s.text):
            continue  # an item of a list ("Faktura skal indeholde følgende oplysninger:" • "Perioden som fakturaen dækker")
        out.append((s, make_clause(ClauseKind.PAYMENT_TERM, s, normalized, subject=offer_subject(s), detail=detail)))
    return Found([clause for _, clause in out], frozenset(s.pos for s, _ in out))


def _price_change_deadline(s: Sentence, sentences: list[Sentence]) -> bool:
    """A deadline (a number of days with "senest"/"frist"/"inden for") in a paragraph whose sentences
    before it speak of the price: the deadline to answer a request to change the price."""
    if "DAYS" not in s.labels or not _DEADLINE.search(s.text):
        return False
    before = [sentences[i] for i in range(max(0, s.pos - 2), s.pos) if sentences[i].block.index == s.block.index]
    return any(_PRICE.search(b.text) for b in before)
