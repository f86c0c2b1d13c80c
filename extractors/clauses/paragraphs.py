"""Legal-paragraph references (SEL § 107, BL § 43 …), one clause per reference, normalised; a bare
"§ 107" takes the law its paragraph or list named last, else the act the document cites most."""

from __future__ import annotations

from collections import Counter

import re

from extractors.clauses.sentences import (
    NORMATIVE,
    Found,
    Sentence,
    is_offers_table_cell,
    make_clause,
    offers_table_pages,
)
from extractors.segment import BULLET, NUMBERED_HEADING
from models.enums import ClauseKind, LawCode
from models.records import Clause
from models.vocabulary import ParagraphRef, find_paragraph_refs, laws_named


def legal_clauses(sentences: list[Sentence]) -> Found:
    """One clause per distinct paragraph a sentence cites. Rows and cells of offers tables are left to
    the offers extractor (148 of Hovedstaden 2025-26's 353 references were "SEL § 108 Pladstal 17 17
    17"), and the labels of charts and tables are no references the text makes (`_is_label`)."""
    out: list[Clause] = []
    table_pages = offers_table_pages(sentences)
    principal = _principal_act(sentences)
    context_law: LawCode | None = None
    previous: Sentence | None = None
    for s in sentences:
        if previous is None or not _same_context(previous, s):
            context_law = None
        previous = s
        laws = laws_named(s.text)
        refs = find_paragraph_refs(s.text, default_law=context_law or principal)
        if laws:
            context_law = laws[-1][2]
        if is_offers_table_cell(s, table_pages) or _is_label(s):
            continue
        seen: set[str] = set()
        for ref in refs:
            if ref.label in seen:
                continue
            seen.add(ref.label)
            out.append(make_clause(ClauseKind.LEGAL_PARAGRAPH, s, _normalized(ref), subject=ref.label,
                                   flags=_flags(ref)))
    return Found(out)


#: a finite verb: what a label ("Modtagere pr. 1.000 indbyggere (18-66 år) - §108") lacks
_FINITE_VERB = re.compile(r"\b(?:er|var|har|havde|findes|ligger|bliver|blev|gives|ydes|drives|omfatter|hedder)\b",
                          re.IGNORECASE)


def _is_label(s: Sentence) -> bool:
    """A chart's title or axis label, or a table's column header ("Servicelovens § 108", "Andel udgifter til
    køb af §105/85-tilbud hos regionale og"): a short text without a verb that is neither a list item
    ("Børn og unge (§ 32, 36, 66, 67)") nor a numbered heading ("4.3 OPKRÆVNING … SEL §§ 107 OG 108")."""
    if s.block.kind == BULLET or NUMBERED_HEADING.match(s.text) or len(s.text.split()) > 12:
        return False
    return not (NORMATIVE.search(s.text) or _FINITE_VERB.search(s.text))


def _principal_act(sentences: list[Sentence]) -> LawCode | None:
    """The act the document names most often (Serviceloven in every agreement and minutes seen): the
    reading of a "§ 107" that no sentence of its paragraph attributes ("Udgiften til botilbudsydelserne
    §§107 og 108 …" in minutes about the social area). Flagged `law_inferred`."""
    counts = Counter(code for s in sentences for _, _, code in laws_named(s.text))
    return counts.most_common(1)[0][0] if counts else None


def _same_context(previous: Sentence, s: Sentence) -> bool:
    """Whether a bare "§ 107" in `s` may take the law `previous` named: in the same paragraph, or in a
    list right under the lead-in that named it ("… paragraffer i Lov om social service: LBK nr. 369" •
    "Børn og unge (§ 32, 36, 66, 67)"). A law named paragraphs earlier is no guide ("(§ 66 stk. 6 og §107)" after a sentence
    about Folkeskoleloven is not FSL § 107)."""
    if s.block.index == previous.block.index:
        return True
    return s.block.kind == BULLET and (previous.block.kind == BULLET or previous.block.index + 1 == s.block.index)


def _normalized(ref: ParagraphRef) -> dict:
    return {"law": ref.law, "paragraph": ref.paragraph, "stk": ref.stk, "nr": ref.nr,
            "label": ref.label, "printed": ref.text, "law_inferred": ref.law_inferred}


def _flags(ref: ParagraphRef) -> list[str]:
    """law_inferred (taken from context); executive_order (a paragraph of a bekendtgørelse, no law code);
    law_unknown (no law named or inferable)."""
    if ref.executive_order:
        return ["executive_order"]
    if ref.law is None:
        return ["law_unknown"]
    return ["law_inferred"] if ref.law_inferred else []
