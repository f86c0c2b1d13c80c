"""`extract_clauses`: every kind's finder over one document's sentences, and the one rule that settles
what two kinds both claim."""

from __future__ import annotations

import re
from dataclasses import replace

from extractors.clauses.binding import not_binding_reasons
from extractors.clauses.groups import group_clauses
from extractors.clauses.notice import notice_clauses
from extractors.clauses.paragraphs import legal_clauses
from extractors.clauses.payment import payment_clauses
from extractors.clauses.sentences import split_sentences
from extractors.clauses.tariff import tariff_clauses
from extractors.pdf import ParsedDocument
from extractors.segment import segment
from extractors.tables import extract_tables
from models.enums import ClauseKind
from models.records import Clause, PrintedTable

_KIND_ORDER = list(ClauseKind)


def extract_clauses(doc: ParsedDocument, tables: list[PrintedTable] | None = None) -> list[Clause]:
    """Every clause the rules find in a parsed document, in reading order, each located on its page.

    Each kind's finder reads the sentences on its own; the conflicts between kinds are settled here,
    so that a sentence has one kind unless it states two things. A sentence that states a notice or
    payment term is neither a tariff rule (it speaks of money, but its rule is the term) nor a target
    group or offer type (the offer type it names is the term's subject). A tariff rule that names
    groups ("Takstmodellen omfatter alle tilbud på det specialiserede socialområde …") does state two
    things, the rule and its scope. Legal paragraphs are references, one per paragraph cited, beside
    any kind. Sentences that state no rule of the document (a hearing response, a template option, a
    question, …: `binding.py`) still give clauses, marked `binding=False` with the reason. A tariff clause that
    is a printed table's caption, header row or rows carries that table (`tables`, read when not given).
    """
    sentences = split_sentences(segment(doc.page_texts))
    for pos, reason in not_binding_reasons(sentences).items():
        sentences[pos].not_binding = reason
    notice = notice_clauses(sentences)
    payment = payment_clauses(sentences)
    tariff = tariff_clauses(sentences, taken=notice.sentences | payment.sentences)
    groups = group_clauses(sentences, taken=notice.sentences | payment.sentences)
    clauses = [*notice.clauses, *payment.clauses, *tariff.clauses, *groups.clauses, *legal_clauses(sentences).clauses]
    clauses.sort(key=lambda c: (c.page, _KIND_ORDER.index(c.kind)))
    tables = extract_tables(doc) if tables is None else tables
    return [replace(_with_table(clause, tables), bbox=doc.locate(clause.page, clause.text))
            for clause in _merge_duplicates(clauses)]


def _with_table(clause: Clause, tables: list[PrintedTable]) -> Clause:
    """A tariff clause that is a table's caption ("Tabel 1. Basistakst og ydelsestakst …"), header row
    ("Kommune/region Overheadprocent Evt. bemærkning") or rows ("Basistakst 3.559 3.355 3.197 …") with that table's
    caption, columns and rows as printed in `normalized["table"]`: the clause states the table's figures."""
    if clause.kind != ClauseKind.TARIFF_RULE:
        return clause
    table = next((t for t in tables if t.page == clause.page and _prints(clause.text, t)), None)
    if table is None:
        return clause
    value = {"caption": table.caption, "stub": table.stub, "columns": list(table.columns),
             "rows": {label: list(cells) for label, cells in table.rows.items()}}
    return replace(clause, normalized={**clause.normalized, "table": value})


def _prints(text: str, table: PrintedTable) -> bool:
    """Whether a clause's text opens with the table's caption, header row or first row."""
    label, cells = next(iter(table.rows.items()), ("", ()))
    openings = [table.caption, " ".join(filter(None, [table.stub, *table.columns])),
                " ".join([label, *(cell for cell in cells if cell)]) if label else None]
    flat = " ".join(text.split())
    return any(opening and flat.startswith(" ".join(opening.split())) for opening in openings)


#: kinds whose repeated wording is one clause; notice periods stay one per wording and subject, legal
#: paragraphs one per reference
_DEDUPLICATED = {ClauseKind.NOTICE_EXCEPTION, ClauseKind.NOTICE_EXTENSION, ClauseKind.PAYMENT_TERM,
                 ClauseKind.TARIFF_RULE, ClauseKind.TARGET_GROUP, ClauseKind.OFFER_TYPE}


def _merge_duplicates(clauses: list[Clause]) -> list[Clause]:
    """The same clause printed twice in one document (a contract template for offers inside and one
    for offers outside the agreement, a table repeated in the minutes) is one clause, at its first
    occurrence, flagged `also_on_page:N` for each repeat. Copies count as the same when nine in ten
    of their words are shared (the two templates differ in a word or a cross-reference)."""
    kept_by_kind: dict[str, list[tuple[set[str], int]]] = {}
    out: list[Clause] = []
    for clause in clauses:
        if clause.kind not in _DEDUPLICATED:
            out.append(clause)
            continue
        words = set(re.findall(r"[0-9a-zæøå]+", clause.text.lower()))
        kept = kept_by_kind.setdefault(clause.kind, [])
        n = len(words)  # Jaccard >= 0.9 needs sizes within 10 % of each other: a cheap test first
        twin = next((i for w, i in kept if w and words and 0.9 * len(w) <= n <= len(w) / 0.9
                     and len(w & words) / len(w | words) >= 0.9), None)
        if twin is None:
            kept.append((words, len(out)))
            out.append(clause)
        elif f"also_on_page:{clause.page}" not in out[twin].flags and clause.page != out[twin].page:
            out[twin] = replace(out[twin], flags=(*out[twin].flags, f"also_on_page:{clause.page}"))
    return out
