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
from models.enums import ClauseKind
from models.records import Clause

_KIND_ORDER = list(ClauseKind)


def extract_clauses(doc: ParsedDocument) -> list[Clause]:
    """Every clause the rules find in a parsed document, in reading order, each located on its page.

    Each kind's finder reads the sentences on its own; the conflicts between kinds are settled here,
    so that a sentence has one kind unless it states two things. A sentence that states a notice or
    payment term is neither a tariff rule (it speaks of money, but its rule is the term) nor a target
    group or offer type (the offer type it names is the term's subject). A tariff rule that names
    groups ("Takstmodellen omfatter alle tilbud på det specialiserede socialområde …") does state two
    things, the rule and its scope. Legal paragraphs are references, one per paragraph cited, beside
    any kind. Sentences that state no rule of the document (a hearing response, a template option, a
    question, …: `binding.py`) still give clauses, marked `binding=False` with the reason.
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
    return [replace(clause, bbox=doc.locate(clause.page, clause.text)) for clause in _merge_duplicates(clauses)]


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
