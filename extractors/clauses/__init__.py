"""Clauses of a framework agreement (or of minutes that discuss one), found with a rule-based spaCy
pipeline on `spacy.blank("da")`.

    from extractors.clauses import extract_clauses
    clauses = extract_clauses(doc)          # doc: extractors.pdf.ParsedDocument

The document is segmented into blocks under their headings (`segment.py`) and split into labelled
sentences (`sentences.py`); one module per kind finds and normalises its clauses.

Kinds returned (`Clause.kind`):
- `notice_period` (`notice.py`): a notice wording with its offer type (`subject`), normalised
  `{"running_month", "plus_months", "plus_days"}` (+ `party`, `trigger`, `qualifier` when printed);
  an unrecognised wording has `normalized=None` and the flag `unrecognised_notice_wording`;
- `notice_extension`: extended notice (e.g. ≥3 places within 3 months or ≥20 % of income → +6 months);
- `notice_exception`: rules about notice that are not a period (lapse when a place is refilled, no
  notice for herberger/krisecentre, termination without notice, references elsewhere);
- `payment_term`: settlement/payment (see `payment.py`);
- `tariff_rule`: tariff rules (see `tariff.py`);
- `target_group` / `offer_type` (`groups.py`): target groups and offer types named, mapped to `models.vocabulary`;
- `legal_paragraph` (`paragraphs.py`): one per paragraph reference, normalised (`models.vocabulary.find_paragraph_refs`).

Every clause carries `page`, `bbox` (of its words on the page; `None` if not found)
and `section` (the numbered heading it stands under, e.g. "4.2 OPSIGELSESVARSLER").
"""

from __future__ import annotations

import re

from extractors.clauses.groups import group_clauses
from extractors.clauses.notice import notice_clauses
from extractors.clauses.paragraphs import legal_clauses
from extractors.clauses.payment import payment_clauses
from extractors.clauses.segment import segment
from extractors.clauses.sentences import split_sentences
from extractors.clauses.tariff import tariff_clauses
from extractors.pdf import ParsedDocument
from extractors.records import Clause
from models.content import CLAUSE_KINDS

__all__ = ["extract_clauses"]


def extract_clauses(doc: ParsedDocument) -> list[Clause]:
    """Every clause the rules find in a parsed document, in reading order, each located on its page."""
    sentences = split_sentences(segment(doc.page_texts))
    clauses: list[Clause] = []
    claimed: set[int] = set()  # sentences that are notice or payment terms are not also tariff rules
    clauses += notice_clauses(sentences, claimed)
    clauses += payment_clauses(sentences, claimed)
    clauses += tariff_clauses(sentences, claimed)
    clauses += group_clauses(sentences)
    clauses += legal_clauses(sentences)
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
    return CLAUSE_KINDS.index(clause.kind) if clause.kind in CLAUSE_KINDS else len(CLAUSE_KINDS)
