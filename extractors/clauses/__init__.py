"""Clauses of a framework agreement (or of minutes that discuss one), found with a rule-based spaCy
pipeline on `spacy.blank("da")`.

    from extractors.clauses import extract_clauses
    clauses = extract_clauses(doc)          # doc: extractors.pdf.ParsedDocument

Kinds returned (`Clause.kind`):
- `notice_period`: a notice wording with its offer type (`subject`), normalised
  `{"running_month", "plus_months", "plus_days"}` (+ `party`, `trigger`, `qualifier` when printed);
  an unrecognised wording has `normalized=None` and the flag `unrecognised_notice_wording`;
- `notice_extension`: extended notice (e.g. ≥3 places within 3 months or ≥20 % of income → +6 months);
- `notice_exception`: rules about notice that are not a period (lapse when a place is refilled, no
  notice for herberger/krisecentre, termination without notice, references elsewhere);
- `payment_term`: settlement/payment (see `payment.py`);
- `tariff_rule`: tariff rules (see `tariff.py`);
- `target_group` / `offer_type`: target groups and offer types named, mapped to `models.vocabulary`;
- `legal_paragraph`: one per paragraph reference, normalised (`models.vocabulary.find_paragraph_refs`).

Every clause carries `page`, `bbox` (of its words on the page; `None` if not found)
and `section` (the numbered heading it stands under, e.g. "4.2 OPSIGELSESVARSLER").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from extractors.clauses.notice import extension_trigger, parse_notice_period, party
from extractors.clauses.numwords import parse_count
from extractors.clauses.payment import normalize_payment
from extractors.clauses.pipeline import clause_pipeline
from extractors.clauses.segment import BULLET, HEADING, TEXT, Block, is_numeric_heavy, segment
from extractors.clauses.tariff import normalize_tariff
from extractors.pdf import ParsedDocument
from extractors.records import Clause
from models.regions import municipality
from models.vocabulary import AREA, OFFER_TYPE, TARGET_GROUP, find_paragraph_refs, laws_named, term

__all__ = ["extract_clauses", "NOTICE_KINDS", "KINDS"]

NOTICE_KINDS = ("notice_period", "notice_extension", "notice_exception")
KINDS = (*NOTICE_KINDS, "payment_term", "tariff_rule", "target_group", "offer_type", "legal_paragraph")

_TARIFF_SECTION = re.compile(
    r"takst|udgift|omkostning|efterregul|økonomimodel|finansier|overhead|lukning|etablering|belægning",
    re.IGNORECASE)
_NORMATIVE = re.compile(
    r"\b(skal|må|kan|bør|anvendes|anvender|beregnes|fastsættes|fastsat|gælder|aftalt|aftale[rs]?|indregnes|indgår|"
    r"fordeles|afholde[rs]?|dækkes|dækker|reguleres|omfatter|afregnes|betaler|betales|finansieres|besluttet|"
    r"anbefaler|forhandles|godkendte|godkendt|justeret|steget|stige|ændres|indgås|defineres|baseres|baseret|"
    r"fratrækkes|indeholder|opgøres|fastholdt|ønsker|forpligtet|stiger|vil(?!\s+sige))\b", re.IGNORECASE)
#: tariff words that make a table row (or a table's header) a tariff figure; occupancy and capacity
#: rows ("Belægningsprocent 58% 87% 87%", "Pladstal 38 38 38") are offer data, not tariff rules
_TABLE_TARIFF = re.compile(r"takst|overhead|timepris|timeløn", re.IGNORECASE)
_STRICT_NORMATIVE = re.compile(r"\b(skal|må|anvendes|beregnes|fastsættes|indregnes|fordeles|afholdes)\b",
                               re.IGNORECASE)
_PAYMENT_STATEMENT = re.compile(r"\b(faktureres|afregnes|afregner|betales|betaler|opkræves|sker)\b", re.IGNORECASE)
_RESIDENT_PAYMENT = re.compile(r"egenbetaling|boligbetaling|beboer", re.IGNORECASE)
_PARTY_PAYMENT = re.compile(r"betalingskommune|købskontrakt", re.IGNORECASE)
_MONTHS = r"januar|februar|marts|april|maj|juni|juli|august|september|oktober|november|december"
# a number that is not a year, a date ("1. april", "1/1-2022") or the number of a list item ("2) …", "3. …")
_NUMBER = re.compile(rf"(?<![\d./-])(?<!^)(?!(?:19|20)\d\d\b)\d+(?:,\d+)?(?![\d/-]|\.\d|\)|\.\s*(?:{_MONTHS}))",
                     re.IGNORECASE)
_GENERAL_TARGET_WORD = re.compile(r"(?<!denne )(?<!den )\b(?:del)?målgrupper(?:ne)?\b", re.IGNORECASE)
# a notice rule is about terminating a place or a contract; "varsling af ændringerne", "varsling af
# egenbetaling", "varsling af medarbejdere" announce other things
_TERMINATION = re.compile(r"opsig|opsag|ophæv|uden\s+varsel|varsel\w*\s+bortfalder", re.IGNORECASE)
# the agreement describing its own contents ("Rammeaftalens Styringsdel omfatter aftaler, takstmodel …",
# "Med rammeaftalens styringsdel træffes beslutning om takster …")
_META = re.compile(r"^(?:\S+\s+){0,3}?(?:rammeaftale\w*|styringsdel\w*|styringsaftale\w*)\s+(?:\S+\s+){0,2}?"
                   r"(?:omfatter|indeholder|lægger|træffes|indgår)\b", re.IGNORECASE)
_NUMBERED_HEADING = re.compile(r"^\d{1,2}(?:\.\d{1,2})*\.?\s")
#: offer categories of the agreement itself, not offer types a reader compares
_GENERIC_OFFER_TERMS = {"mest_specialiserede", "lands_landsdaekkende"}
_DIGIT = re.compile(r"\d")
_MAX_MERGE = 3
_DEADLINE = re.compile(r"\b(senest|frist\w*|inden\s+for)\b", re.IGNORECASE)
_OFFER_WORD = re.compile(r"(?<![\wæøå])(pladser|tilbud\w*|ydelse\w*|støtte\w*)", re.IGNORECASE)


@dataclass
class _Sentence:
    block: Block
    text: str
    start: int  # token offsets in the spaCy doc
    end: int
    labels: set[str]
    ents: list[tuple[str, str, int, int]]  # (label, text, start char, end char) within `text`
    terms: list[str]  # vocabulary ids, in order
    pos: int = 0  # position in the document's sentence list


def extract_clauses(doc: ParsedDocument) -> list[Clause]:
    """Every clause the rules find in a parsed document, in reading order, each located on its page."""
    segmented = segment(doc.page_texts)
    sentences = _sentences(segmented.blocks)
    clauses: list[Clause] = []
    claimed: set[int] = set()  # sentences that are notice or payment terms are not also tariff rules
    clauses += _notice_clauses(sentences, claimed)
    clauses += _payment_clauses(sentences, claimed)
    clauses += _tariff_clauses(sentences, claimed)
    clauses += _group_clauses(sentences)
    clauses += _legal_clauses(sentences)
    clauses.sort(key=lambda c: (c.page, _order(c)))
    clauses = _merge_duplicates(clauses)
    for clause in clauses:
        clause.bbox = doc.locate(clause.page, clause.text)
    return clauses


#: kinds whose repeated wording is one clause; notice periods stay one per wording and subject, legal
#: paragraphs one per reference
_DEDUPLICATED = {"notice_exception", "notice_extension", "payment_term", "tariff_rule", "target_group", "offer_type"}


def _merge_duplicates(clauses: list[Clause]) -> list[Clause]:
    """The same clause printed twice in one document (a contract template for offers inside and one
    for offers outside the agreement, a table repeated in the minutes) is one clause, at its first
    occurrence, flagged `also_on_page:N` for each repeat. Copies count as the same when nine in ten
    of their words are shared (the two templates differ in a word or a cross-reference)."""
    kept_by_kind: dict[str, list[tuple[set[str], Clause]]] = {}
    out: list[Clause] = []
    for clause in clauses:
        if clause.kind not in _DEDUPLICATED:
            out.append(clause)
            continue
        words = set(re.findall(r"[0-9a-zæøå]+", clause.text.lower()))
        kept = kept_by_kind.setdefault(clause.kind, [])
        n = len(words)  # Jaccard >= 0.9 needs sizes within 10 % of each other: a cheap test first
        twin = next((c for w, c in kept if w and words and 0.9 * len(w) <= n <= len(w) / 0.9
                     and len(w & words) / len(w | words) >= 0.9), None)
        if twin is None:
            kept.append((words, clause))
            out.append(clause)
        elif f"also_on_page:{clause.page}" not in twin.flags and clause.page != twin.page:
            twin.flags.append(f"also_on_page:{clause.page}")
    return out


def _order(clause: Clause) -> int:
    return KINDS.index(clause.kind) if clause.kind in KINDS else len(KINDS)


# ------------------------------------------------------------------------------------------------
# sentences
# ------------------------------------------------------------------------------------------------

def _units(blocks: list[Block]) -> list[tuple[Block, str]]:
    """Texts to run through spaCy: a block, or each line of a table-like block."""
    units = []
    for block in blocks:
        if block.tabular:
            units.extend((block, line.strip()) for line in block.lines if line.strip())
        else:
            units.append((block, block.text))
    return units


def _sentences(blocks: list[Block]) -> list[_Sentence]:
    pipe = clause_pipeline()
    strings = pipe.nlp.vocab.strings
    units = _units(blocks)
    out: list[_Sentence] = []
    docs = pipe.nlp.pipe((text for _, text in units), batch_size=256, disable=["entity_ruler"])
    for (block, _), sdoc in zip(units, docs):
        sdoc = pipe.entities(sdoc)
        labels: dict[int, set[str]] = {i: set(found) for i, found in pipe.token_labels(sdoc).items()}
        terms: dict[int, list[tuple[int, str]]] = {}
        for match_id, start, _end in pipe.phrases(sdoc):
            name = strings[match_id]
            if name.startswith("TERM:"):
                terms.setdefault(start, []).append((start, name[5:]))
            else:
                labels.setdefault(start, set()).add(name)
        doc_ents = list(sdoc.ents)
        sents = [sdoc[:]] if block.kind == HEADING else list(sdoc.sents)
        for sent in sents:
            sent_labels: set[str] = set()
            sent_terms: list[str] = []
            for i in range(sent.start, sent.end):
                sent_labels |= labels.get(i, set())
                for _, term_id in terms.get(i, []):
                    if term_id not in sent_terms:
                        sent_terms.append(term_id)
            ents = [(e.label_, e.text, e.start_char - sent.start_char, e.end_char - sent.start_char)
                    for e in doc_ents if e.start >= sent.start and e.end <= sent.end]
            sent_labels |= {ent[0] for ent in ents}
            text = sent.text.strip()
            if text:
                out.append(_Sentence(block, text, sent.start, sent.end, sent_labels, ents, sent_terms, len(out)))
    return out


def _record(kind: str, s: _Sentence, normalized: dict | None, *, subject: str | None = None,
            flags: list[str] | None = None, detail: str | None = None, text: str | None = None) -> Clause:
    return Clause(kind=kind, subject=subject, text=text or s.text, normalized=normalized,
                        page=s.block.page, bbox=None, section=s.block.section, flags=flags or [],
                        detail=detail)


def _merge(records: list[tuple[_Sentence, Clause]], sentences: list[_Sentence], kinds: set[str], *,
           bridge: int = 1, extend_to: int = 0) -> list[Clause]:
    """Join sentences of one block that got the same kind (one of `kinds`) into one clause.

    A gap of up to `bridge` other sentences between two hits is bridged (the sentence in between is
    part of the rule, e.g. "Forlængede opsigelsesvarsler. Vil kunne give … Aktuelle kommuner bør høres
    inden de pålægges forlængede opsigelsesvarsler."). Table-like blocks merge without a length limit.
    With `extend_to`, a clause runs on to the end of its paragraph, up to that many sentences.
    """
    merged: list[Clause] = []
    last: _Sentence | None = None
    count = 0
    ends: list[_Sentence] = []
    counts: list[int] = []
    for s, record in records:
        gap = s.pos - last.pos - 1 if last is not None else None
        if merged and last is not None and s.block.index == last.block.index and gap is not None \
                and 0 <= gap <= bridge and merged[-1].kind == record.kind and record.kind in kinds \
                and (count < _MAX_MERGE or s.block.tabular):
            previous = merged[-1]
            between = [sentences[i].text for i in range(last.pos + 1, s.pos)]
            previous.text = " ".join([previous.text, *between, record.text])
            previous.normalized = _merge_normalized(previous.normalized, record.normalized)
            previous.flags += [f for f in record.flags if f not in previous.flags]
            count += 1 + len(between)
            ends[-1] = s
            counts[-1] = count
        elif merged and last is not None and s.pos == last.pos and record.kind == merged[-1].kind \
                and record.kind in kinds:
            continue  # a second hit in the same sentence
        else:
            merged.append(record)
            ends.append(s)
            count = 1
            counts.append(1)
        last = s
    if extend_to:
        taken = {s.pos for s, _ in records}
        for record, end, n in zip(merged, ends, counts):
            if record.kind not in kinds:
                continue
            pos = end.pos + 1
            while n < extend_to and pos < len(sentences) and pos not in taken \
                    and sentences[pos].block.index == end.block.index:
                record.text = f"{record.text} {sentences[pos].text}"
                n += 1
                pos += 1
    return merged


def _merge_normalized(a: dict | None, b: dict | None) -> dict | None:
    if a is None or b is None:
        return a or b
    out = dict(a)
    for key, value in b.items():
        if isinstance(value, list) and isinstance(out.get(key), list):
            out[key] = out[key] + [v for v in value if v not in out[key]]
        elif out.get(key) is None:
            out[key] = value
    return out


# ------------------------------------------------------------------------------------------------
# notice periods, extensions, exceptions
# ------------------------------------------------------------------------------------------------

_SUBJECT = re.compile(r"^(?P<subject>[^:]{3,160}?):\s*\[?\s*løbende", re.IGNORECASE)
#: situations a notice wording without a "Subject:" prefix is about, as its subject
_TRIGGER_SUBJECTS = ((re.compile(r"dødsfald", re.IGNORECASE), "dødsfald"),
                     (re.compile(r"\b(?:bliver|fylder)\s+18\s+år\b", re.IGNORECASE), "ung der fylder 18 år"))
#: the upper-case title of a contract template ("STANDARDKONTRAKT PÅ VOKSENOMRÅDET" / "LEVERANDØRER SOM
#: IKKE ER OMFATTET AF EN RAMMEAFTALE PÅ SOCIAL- OG" / "SPECIALUNDERVISNINGSOMRÅDET")
_CONTRACT_TITLE = re.compile(r"[A-ZÆØÅ ]*KONTRAKT[A-ZÆØÅ ]*")
_CAPS_LINE = re.compile(r"[A-ZÆØÅ][A-ZÆØÅ ,\-–]*")


def _contract_title(sentences: list[_Sentence], n: int, lookback: int = 400) -> str | None:
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


def _notice_pieces(s: _Sentence) -> list[str]:
    """A sentence that prints several notice wordings ("Leverandøren kan opsige …: [løbende måned + 30
    dage] Køber kan opsige …: [løbende måned + 30 dage]") is cut after each wording."""
    ends = [end for label, _, _, end in s.ents if label == "NOTICE"]
    if len(ends) < 2:
        return [s.text]
    pieces, start = [], 0
    for i, end in enumerate(ends):
        while end < len(s.text) and s.text[end] in "]).":
            end += 1
        if i == len(ends) - 1:
            end = len(s.text)
        pieces.append(s.text[start:end].strip())
        start = end
    return [p for p in pieces if p]


def _notice_clauses(sentences: list[_Sentence], claimed: set[int]) -> list[Clause]:
    found: list[tuple[_Sentence, Clause]] = []
    for n, s in enumerate(sentences):
        lowered = s.text.lower()
        has_notice = "NOTICE" in s.labels and "NOT_NOTICE" not in s.labels
        if s.block.kind == HEADING and not has_notice:
            continue
        if has_notice or (re.search(r"løbende\s+(?:måned|md)", lowered) and "NOT_NOTICE" not in s.labels):
            for piece in _notice_pieces(s):
                title = _contract_title(sentences, n) if re.search(r"\[\s*løbende", piece, re.IGNORECASE) else None
                found.append((s, _notice_period(s, piece, sentences[n - 1].text if n else "", title)))
                claimed.add(s.pos)
            continue
        if "NOTICE_TERM" in s.labels and _TERMINATION.search(s.text):
            if "NOTICE_EXTENSION_TERM" in s.labels and re.search(r"varsel|varsl", lowered):
                found.append((s, _record("notice_extension", s, None, detail="extended_notice_rule")))
                claimed.add(s.pos)
                continue
            claimed.add(s.pos)
            found.append((s, _record("notice_exception", s, _exception_normalized(s),
                                     detail=_exception_kind(lowered))))
    return _merge(found, sentences, kinds={"notice_exception", "notice_extension"}, extend_to=4)


def _notice_period(s: _Sentence, text: str, context: str, title: str | None = None) -> Clause:
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
    kind = "notice_extension" if extension else "notice_period"
    return _record(kind, s, normalized, subject=subject, flags=flags, text=text,
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


def _exception_normalized(s: _Sentence) -> dict | None:
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


# ------------------------------------------------------------------------------------------------
# payment and tariff
# ------------------------------------------------------------------------------------------------

def _offer_subject(s: _Sentence) -> str | None:
    """The first offer type (or target group) a payment/tariff sentence names, as the vocabulary labels it."""
    for term_id in s.terms:
        if term(term_id).category == OFFER_TYPE:
            return term(term_id).label
    return term(s.terms[0]).label if s.terms else None


def _payment_clauses(sentences: list[_Sentence], claimed: set[int]) -> list[Clause]:
    """Settlement and payment terms between buyer and provider: when, how often, how and to whom is
    paid, deadlines, invoicing, respite cancellation.

    A sentence that merely uses a payment word is not a term: the wording must be one that
    `normalize_payment` can label (settlement, deadline, invoicing, channel, billing party, …), not
    its generic fallback. Residents' own payments (egenbetaling, boligbetaling) are fixed by the
    municipality, not settled between the parties, and are left to the tariff rules where they touch
    the tariff. Headings count only when they are a sentence ("6. Fakturering Køber faktureres …").
    """
    out = []
    for s in sentences:
        deadline = "DAYS" in s.labels and _DEADLINE.search(s.text) is not None
        if ("PAYMENT_TERM" not in s.labels and not deadline) or len(s.text.split()) < 3:
            continue
        if s.block.kind == HEADING and not _PAYMENT_STATEMENT.search(s.text):
            continue
        if _topic_item(s.text):
            continue
        if (_RESIDENT_PAYMENT.search(s.text) or _RESIDENT_PAYMENT.search(s.block.heading or "")) \
                and not _PARTY_PAYMENT.search(s.text):
            continue
        detail, normalized = normalize_payment(s.text)
        if "PAYMENT_TERM" not in s.labels:
            days = next((text for label, text, _, _ in s.ents if label == "DAYS"), None)
            detail = "deadline"
            normalized = {**(normalized or {}), "deadline_days": parse_count(days.split()[0]) if days else None}
        elif detail == "payment":
            continue
        out.append(_record("payment_term", s, normalized, subject=_offer_subject(s), detail=detail))
        claimed.add(s.pos)
    return out


def _tariff_clauses(sentences: list[_Sentence], claimed: set[int]) -> list[Clause]:
    """Sentences that state a tariff rule, fact or figure.

    A sentence is a rule when it speaks of tariffs — a tariff word anywhere ("takst", "overhead",
    "efterregulering", "P/L"), or a context word ("belægning", "omkostninger", "kapacitet", "budget")
    under a heading about economy — and says something definite: a normative verb ("skal", "kan",
    "beregnes", "indregnes", …) or a number/rate. A sentence of the same paragraph right before or
    after a rule that speaks of tariffs without saying anything definite itself ("Basistaksten er et
    fast beløb pr. plads, som ikke er til forhandling.") belongs to that rule. Headings (except the
    header of a tariff table) and table rows that name no tariff ("SEL § 108 Pladstal 40 40 40",
    "Belægningsprocent 58% 87% 87%", "Kilde: … kapacitet og belægning") are not rules, nor are
    statements of what the agreement itself contains ("Rammeaftalens Styringsdel omfatter aftaler,
    takstmodel …") or sentences already read as a notice or payment term.
    """
    status = [None if s.pos in claimed or _META.search(s.text) else _tariff_status(s, sentences)
              for s in sentences]
    keep = {i for i, st in enumerate(status) if st == "rule"}
    for i, st in enumerate(status):
        if st == "context" and any(0 <= j < len(sentences) and status[j] == "rule"
                                   and sentences[j].block.index == sentences[i].block.index
                                   for j in (i - 1, i + 1)):
            keep.add(i)
    lists = _list_items(sentences, keep)
    in_list = {j for items in lists.values() for j in items}
    found: list[tuple[_Sentence, Clause]] = []
    for i in sorted(keep - in_list):
        s = sentences[i]
        text = " ".join([s.text, *(sentences[j].text for j in lists.get(i, []))])
        detail, normalized = normalize_tariff(text)
        found.append((s, _record("tariff_rule", s, normalized, subject=_offer_subject(s), detail=detail,
                                 text=text)))
    return _merge(found, sentences, kinds={"tariff_rule"})


def _list_items(sentences: list[_Sentence], rules: set[int]) -> dict[int, list[int]]:
    """A rule that opens a list ("Direkte omkostninger omfatter således:", "… er aftalt følgende
    betalingsmodeller:") and the bullet items right below it: one rule, not one per item."""
    lists: dict[int, list[int]] = {}
    for i in sorted(rules):
        lead = sentences[i]
        if not lead.text.rstrip().endswith(":"):
            continue
        items: list[int] = []
        j = i + 1
        while j < len(sentences) and len(items) < 12 and _list_item(sentences[j], sentences[j - 1], lead):
            items.append(j)
            j += 1
        if items:
            lists[i] = items
    return lists


def _list_item(s: _Sentence, previous: _Sentence, lead: _Sentence) -> bool:
    """The next item of the list `lead` opens: a bullet, or — web PDFs print bullets as glyphs apart
    from their text — a short paragraph of its own right below, in the same section."""
    if s.block.index > previous.block.index + 1 or s.block.section != lead.block.section:
        return False
    if s.block.kind == BULLET:
        return True
    if s.block.kind != TEXT or len(s.block.text.split()) > 60:
        return False
    if s.block.index == previous.block.index:
        return s.block.index != lead.block.index
    # a paragraph that names a tariff itself ("… har et mål om en overheadprocent på 6.") is a rule of
    # its own after the list, not an item of it
    return not (s.labels & {"TARIFF_TERM", "TARIFF_PHRASE"})


def _tariff_status(s: _Sentence, sentences: list[_Sentence]) -> str | None:
    """"rule", "context" (speaks of tariffs but states nothing definite) or None."""
    strong = bool(s.labels & {"TARIFF_TERM", "TARIFF_PHRASE"})
    if s.block.kind == HEADING:
        return "rule" if strong and _TABLE_TARIFF.search(s.text) and _heads_table(s, sentences) else None
    if len(s.text.split()) < 3 or _topic_item(s.text):
        return None
    if _table_row(s):  # a tariff figure names a tariff, or an amount next to a tariff word
        return "rule" if _TABLE_TARIFF.search(s.text) or (strong and "MONEY" in s.labels) else None
    topical = _tariff_topic(s.block)
    if strong or (topical and "TARIFF_CONTEXT_TERM" in s.labels):
        return "rule" if _NORMATIVE.search(s.text) or _rate(s) else "context"
    if s.block.heading and _TARIFF_SECTION.search(s.block.heading) and len(s.text.split()) >= 5 \
            and (_STRICT_NORMATIVE.search(s.text) or _rate(s)):
        return "rule"  # no tariff word, but an obligation right under a tariff heading
    return "context" if "TARIFF_CONTEXT_TERM" in s.labels else None


def _heads_table(s: _Sentence, sentences: list[_Sentence]) -> bool:
    """A heading right above a table (the next block on the page opens with a row of figures)."""
    following = sentences[s.pos + 1] if s.pos + 1 < len(sentences) else None
    return following is not None and following.block.page == s.block.page \
        and following.block.index == s.block.index + 1 and is_numeric_heavy(following.block.lines[0])


def _topic_item(text: str) -> bool:
    """An item of a list of what an agreement covers ("6) Aftaler om frister for afregning for brug af
    tilbud.", "Aftaler om takst- og prisstrukturen …"): it names a topic and states nothing. "Aftale om,
    at udgifter per dag … maksimalt må stige …" does state the agreement, and is not one."""
    return re.match(r"^(?:\d+\)\s*)?aftale[rn]?\s+om\s+(?!,|at\b)", text, re.IGNORECASE) is not None


def _tariff_topic(block: Block) -> bool:
    """Whether the block stands under a heading about tariffs, costs or settlement."""
    return any(h and _TARIFF_SECTION.search(h) for h in (block.section, block.heading))


def _rate(s: _Sentence) -> bool:
    """A percentage, an amount, or another number in the sentence (not a year, date or list number)."""
    if s.labels & {"PERCENT", "MONEY"}:
        return True
    return _NUMBER.search(s.text) is not None


def _table_row(s: _Sentence) -> bool:
    """A row of a flattened table: mostly numbers, or a source line under a table."""
    if s.block.tabular or s.text.startswith("Kilde:"):
        return True
    tokens = s.text.split()
    return sum(1 for t in tokens if _DIGIT.search(t)) / len(tokens) > 0.34


# ------------------------------------------------------------------------------------------------
# target groups, offer types, legal paragraphs
# ------------------------------------------------------------------------------------------------

_HEAD_PHRASE = re.compile(
    r"(?<![\wæøå])(?P<phrase>(?:(?:socialt\s+)?udsatte\s+|domfældte\s+|pleje-/støttekrævende\s+|yngre\s+|ældre\s+)?"
    r"(?:borgere|borger|børn\s+og\s+unge|børn|unge|voksne|personer|mennesker|kvinder|gravide(?:\s+kvinder)?|"
    r"beboere|familier)"
    r"(?:\s+(?:evt\.\s+)?(?:med\s+|i\s+(?=mistrivsel|risiko|udsatte\s+positioner|behandling|misbrug))"
    r"[^.;:()]{3,140}|(?=\s*$)))",
    re.IGNORECASE)


_SUBJECT_END = re.compile(
    r",|\s(?:som|der|hvor|hvis|er|har|kan|skal|vil|til\s+(?:botilbud|at)|hhv\.?|i\s+(?:relation|forhold|de|lavere|"
    r"højere|høj)|og\s+\d|på\s+tværs|fremfor|end)\s|\s\d", re.IGNORECASE)


def _trim_subject(phrase: str) -> str:
    """"borgere med handicap hhv. 60 % af …" → "borgere med handicap"."""
    phrase = re.sub(r"\s+", " ", phrase).strip()
    m = _SUBJECT_END.search(phrase, 8)
    return phrase[:m.start()].strip() if m else phrase


def _group_clauses(sentences: list[_Sentence]) -> list[Clause]:
    """Target groups and offer types an agreement names: one clause per distinct group per section.

    A group is a printed head phrase ("borgere med erhvervet hjerneskade", "børn og unge i
    mistrivsel"), a vocabulary term ("Udviklingshæmning (13)", "botilbud") or a paragraph that
    stands for an offer type ("tilbud efter SEL §§ 107 og 108"). Running text names the same group
    again and again; a sentence only becomes a clause when it names a group not yet named in its
    section, and the clause (the first mention, with its page and box) counts the mentions
    (`normalized["mentions"]`). Short items of a bulleted list are each a clause (a list of what the
    agreement covers is the definitive statement, even when running text named the group earlier). A
    sentence about target groups that names none ("… hvilke målgrupper kommunerne oplever
    udfordringer med") is kept once per section.
    """
    out: list[Clause] = []
    seen: dict[str, set] = {}  # section → subject keys already emitted
    by_key: dict[tuple[str, object], Clause] = {}
    for s in sentences:
        words = s.text.split()
        short = len(words) <= 25 or s.block.kind in (HEADING, BULLET) and len(words) <= 40
        numeric = sum(1 for w in words if _DIGIT.search(w))
        if (s.block.tabular or _table_row(s)) and numeric > 3:
            continue
        if _offer_row(s.text):
            continue
        head = _HEAD_PHRASE.search(s.text)
        if head and head.group("phrase").lower().strip() in {"borgere", "børn", "unge", "voksne", "personer"}:
            head = None if not short else head
        # "målgrupper" in general ("… hvilke målgrupper kommunerne oplever udfordringer med"); "målgruppen",
        # "denne målgruppe" point back to a group named elsewhere and name none themselves
        has_target_word = "TARGET_GROUP_TERM" in s.labels and _GENERAL_TARGET_WORD.search(s.text) is not None
        refs = find_paragraph_refs(s.text)
        if refs and not (s.terms or head):
            rest = s.text
            for ref in refs:
                rest = rest.replace(ref.text, " ")
            if len(re.findall(r"[A-Za-zÆØÅæøå]{3,}", re.sub(r"\b(SEL|BL|ABL|SUL|FSL|og|samt)\b", "", rest))) < 2:
                refs = []  # a bare paragraph cell ("SEL §§ 83/85"): a legal_paragraph clause, no offer type
        if short:
            if not (s.terms or head or has_target_word or (refs and s.block.kind in (HEADING, BULLET))
                    or (refs and _OFFER_WORD.search(s.text))):
                continue
        elif not (head and re.search(r"\b(med|i)\b", head.group("phrase"))) and not has_target_word \
                and not (refs and (s.terms or _OFFER_WORD.search(s.text))) and len(s.terms) < 3:
            continue
        if s.block.kind == HEADING and _NUMBERED_HEADING.match(s.text) and not (head or refs) \
                and all(term(t).category == AREA or t in _GENERIC_OFFER_TERMS for t in s.terms):
            continue  # a section title naming a field ("3.3 Højt specialiserede tilbud på voksenområdet")
        categories = [term(t).category for t in s.terms]
        if head or has_target_word or TARGET_GROUP in categories or AREA in categories:
            kind = "target_group"
        elif OFFER_TYPE in categories or refs:
            kind = "offer_type"
        else:
            kind = "target_group"
        subject = _trim_subject(head.group("phrase")) if head else (term(s.terms[0]).label if s.terms else None)
        legal_basis = list(dict.fromkeys(ref.label for ref in refs))
        keys = _group_keys(subject if head else None, s.terms, legal_basis) or {("word", "målgruppe")}
        section = (s.block.section or "").split(" / ")[0]  # the numbered section, not its sub-headings
        emitted = seen.setdefault(section, set())
        if s.block.kind == BULLET and len(words) <= 12:
            keys = keys | {("item", s.text)}
        if keys <= emitted:
            for key in keys:  # a repeated mention: counted on the clause that named the group first
                clause = by_key.get((section, key))
                if clause is not None and clause.normalized is not None:
                    clause.normalized["mentions"] += 1
            continue
        emitted |= keys
        count = re.search(r"\((\d+)\)\s*$", s.text)
        normalized: dict[str, Any] = {
            "terms": s.terms,
            "categories": categories,
            "legal_basis": legal_basis,
            "mentions": 1,
        }
        if count:
            normalized["count_offers"] = int(count.group(1))
        record = _record(kind, s, normalized, subject=subject)
        for key in keys:
            by_key.setdefault((section, key), record)
        out.append(record)
    return out


def _offer_row(text: str) -> bool:
    """A row of an offers table — offer name and operator ("Kirkebækskole klub Vallensbæk", "Bakkebo
    Egedal Kommune ABL § 105 /", "Hellerup Krisecenter Gentofte"): a short line without a verb that
    names a municipality. The offers extractor reads these; they name no target group."""
    if len(text.split()) > 12:
        return False
    words = re.findall(r"[A-Za-zÆØÅæøå-]+", text)
    if not words or len(words) > 8 or _NORMATIVE.search(text) or re.search(r"\b(er|har|findes)\b", text):
        return False
    candidates = words + [f"{a} {b}" for a, b in zip(words, words[1:])]
    return any(municipality(c) is not None for c in candidates if c[:1].isupper())


def _group_keys(phrase: str | None, terms: list[str], legal_basis: list[str]) -> set:
    """What a sentence names, as keys comparable across sentences: the printed head phrase
    (lower-cased), the vocabulary ids, the paragraph labels."""
    keys: set = {("term", t) for t in terms} | {("paragraph", label) for label in legal_basis}
    if phrase:
        keys.add(("phrase", re.sub(r"\s+", " ", phrase.lower()).strip()))
    return keys


def _legal_clauses(sentences: list[_Sentence]) -> list[Clause]:
    out: list[Clause] = []
    context_law: str | None = None
    for s in sentences:
        laws = laws_named(s.text)
        refs = find_paragraph_refs(s.text, default_law=context_law)
        if laws:
            context_law = laws[-1][2]
        seen: set[str] = set()
        for ref in refs:
            if ref.label in seen:
                continue
            seen.add(ref.label)
            normalized = {"law": ref.law, "paragraph": ref.paragraph, "stk": ref.stk, "nr": ref.nr,
                          "label": ref.label, "printed": ref.text, "law_inferred": ref.law_inferred}
            flags = ["law_inferred"] if ref.law_inferred else []
            if ref.law is None:
                flags.append("law_unknown")
            out.append(_record("legal_paragraph", s, normalized, subject=ref.label, flags=flags))
    return out
