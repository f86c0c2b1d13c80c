"""Sentences of a segmented document, labelled by the spaCy clause pipeline, and what every clause
finder shares: the `Sentence` record, turning sentences into `Clause`s, joining adjacent hits of one
rule, and a few sentence tests (normative wording, table rows, topic-list items)."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from extractors.clauses.pipeline import clause_pipeline
from extractors.segment import HEADING, MEASURE_ROW, Block, is_numeric_heavy
from models.enums import ClauseKind, NotBindingReason
from models.records import Clause
from models.vocabulary import OFFER_TYPE, term

NORMATIVE = re.compile(
    r"\b(skal|må|kan|bør|anvendes|anvender|beregnes|fastsættes|fastsat|gælder|aftalt|aftale[rs]?|indregnes|indgår|"
    r"fordeles|afholde[rs]?|dækkes|dækker|reguleres|omfatter|afregnes|betaler|betales|finansieres|besluttet|"
    r"anbefaler|forhandles|godkendte|godkendt|justeret|steget|stige|ændres|indgås|defineres|baseres|baseret|"
    r"fratrækkes|indeholder|opgøres|fastholdt|ønsker|forpligtet|stiger|vil(?!\s+sige))\b", re.IGNORECASE)
_MAX_MERGE = 3


@dataclass
class Sentence:
    block: Block
    text: str
    start: int  # token offsets in the spaCy doc
    end: int
    labels: set[str]
    ents: list[tuple[str, str, int, int]]  # (label, text, start char, end char) within `text`
    terms: list[str]  # vocabulary ids, in order
    pos: int = 0  # position in the document's sentence list
    not_binding: NotBindingReason | None = None  # why it states no rule (binding.py), None when it does


@dataclass(frozen=True)
class Found:
    """What one kind's finder read: its clauses and the sentences (positions) they came from."""

    clauses: list[Clause]
    sentences: frozenset[int] = frozenset()


def _units(blocks: list[Block]) -> list[tuple[Block, str]]:
    """Texts to run through spaCy: a block, or each line of a table-like block."""
    units = []
    for block in blocks:
        if block.tabular:
            units.extend((block, line.strip()) for line in block.lines if line.strip())
        else:
            units.append((block, block.text))
    return units


def split_sentences(blocks: list[Block]) -> list[Sentence]:
    pipe = clause_pipeline()
    strings = pipe.nlp.vocab.strings
    units = _units(blocks)
    out: list[Sentence] = []
    docs = pipe.nlp.pipe((text for _, text in units), batch_size=256, disable=["entity_ruler"])
    for (block, text), sdoc in zip(units, docs):
        sdoc = pipe.entities(pipe.sentence_tails(sdoc, text))
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
                out.append(Sentence(block, text, sent.start, sent.end, sent_labels, ents, sent_terms, len(out)))
    return out


def make_clause(kind: ClauseKind, s: Sentence, normalized: dict | None, *, subject: str | None = None,
                flags: list[str] | None = None, detail: str | None = None, text: str | None = None) -> Clause:
    """A clause read from sentence `s` (located on its page later, by `extract_clauses`)."""
    return Clause(kind=kind, subject=subject, text=text or s.text, normalized=normalized,
                  page=s.block.page, bbox=None, section=s.block.section, flags=tuple(flags or ()),
                  detail=detail, binding=s.not_binding is None, not_binding_reason=s.not_binding)


def merge_adjacent(records: list[tuple[Sentence, Clause]], sentences: list[Sentence], kinds: set[str], *,
           bridge: int = 1, extend_to: int = 0) -> list[Clause]:
    """Join sentences of one block that got the same kind (one of `kinds`) into one clause.

    A gap of up to `bridge` other sentences between two hits is bridged (the sentence in between is
    part of the rule, e.g. "Forlængede opsigelsesvarsler. Vil kunne give … Aktuelle kommuner bør høres
    inden de pålægges forlængede opsigelsesvarsler."). Table-like blocks merge without a length limit. A rule and a
    sentence after it that states none (a proposal after the fact it answers) stay apart; the sentences after a
    proposal belong to it.
    Several wordings found in one sentence stay separate clauses; only a repeat of the same text is dropped.
    With `extend_to`, a clause runs on to the end of its paragraph, up to that many sentences.
    """
    merged: list[Clause] = []
    last: Sentence | None = None
    count = 0
    ends: list[Sentence] = []
    counts: list[int] = []
    for s, record in records:
        gap = s.pos - last.pos - 1 if last is not None else None
        if merged and last is not None and s.block.index == last.block.index and gap is not None \
                and 0 <= gap <= bridge and merged[-1].kind == record.kind and record.kind in kinds \
                and not (merged[-1].binding and not record.binding) \
                and (count < _MAX_MERGE or s.block.tabular):
            previous = merged[-1]
            between = [sentences[i].text for i in range(last.pos + 1, s.pos)]
            merged[-1] = replace(previous, text=" ".join([previous.text, *between, record.text]),
                                 normalized=_merge_normalized(previous.normalized, record.normalized),
                                 flags=(*previous.flags, *(f for f in record.flags if f not in previous.flags)))
            count += 1 + len(between)
            ends[-1] = s
            counts[-1] = count
        elif merged and last is not None and s.pos == last.pos and record.text == merged[-1].text \
                and record.kind == merged[-1].kind:
            continue  # the same wording found twice in one sentence
        else:
            merged.append(record)
            ends.append(s)
            count = 1
            counts.append(1)
        last = s
    if extend_to:
        taken = {s.pos for s, _ in records}
        for i, (record, end, n) in enumerate(zip(merged, ends, counts)):
            if record.kind not in kinds or (i + 1 < len(ends) and ends[i + 1].pos == end.pos):
                continue  # a wording followed by another one in its sentence ends there
            pos = end.pos + 1
            while n < extend_to and pos < len(sentences) and pos not in taken \
                    and sentences[pos].block.index == end.block.index:
                record = replace(record, text=f"{record.text} {sentences[pos].text}")
                n += 1
                pos += 1
            merged[i] = record
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


def offer_subject(s: Sentence) -> str | None:
    """The first offer type (or target group) a payment/tariff sentence names, as the vocabulary labels it."""
    for term_id in s.terms:
        if term(term_id).category == OFFER_TYPE:
            return term(term_id).label
    return term(s.terms[0]).label if s.terms else None


def is_topic_item(text: str) -> bool:
    """An item of a list of what an agreement covers ("6) Aftaler om frister for afregning for brug af
    tilbud.", "Aftaler om takst- og prisstrukturen …") or of the data a working group asks for ("Data om borgere i
    specialiserede socialtilbud fordelt i aldersgrupper (+67 år)"): it names a topic and states nothing. "Aftale om,
    at udgifter per dag … maksimalt må stige …" does state the agreement, and is not one."""
    return re.match(r"^(?:\d+\)\s*)?(?:aftale[rn]?\s+om\s+(?!,|at\b)|data\s+(?:om|for|vedr\.?)\s)", text,
                    re.IGNORECASE) is not None


def is_table_row(s: Sentence) -> bool:
    """A row of a flattened table: mostly numbers, or a source line under a table."""
    return s.block.tabular or s.text.startswith("Kilde:") or is_numeric_heavy(s.text)


def offers_table_pages(sentences: list[Sentence]) -> frozenset[int]:
    """Pages that print an offers table: two or more measure rows ("Pladstal 17 17 17")."""
    counts: dict[int, int] = {}
    for s in sentences:
        if MEASURE_ROW.search(s.text):
            counts[s.block.page] = counts.get(s.block.page, 0) + 1
    return frozenset(page for page, n in counts.items() if n >= 2)


def is_offers_table_cell(s: Sentence, table_pages: frozenset[int]) -> bool:
    """A row or cell of an offers table ("SEL § 108 Pladstal 17 17 17", "ABL § 105 /", "Broen Gentofte
    Kommune BL § 46"): the offers extractor reads these, with their paragraph, as offers. On a page
    with an offers table, any short text without a verb is a cell of it (pypdfium2 flattens the table
    into such lines)."""
    if MEASURE_ROW.search(s.text):
        return True
    return s.block.page in table_pages and len(s.text.split()) <= 15 and not NORMATIVE.search(s.text)
