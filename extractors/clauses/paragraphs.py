"""Legal-paragraph references (SEL § 107, BL § 43 …), one clause per reference, normalised; a bare
"§ 107" takes the law the text named last."""

from __future__ import annotations

from extractors.clauses.sentences import Found, Sentence, make_clause
from models.enums import ClauseKind
from models.records import Clause
from models.vocabulary import find_paragraph_refs, laws_named


def legal_clauses(sentences: list[Sentence]) -> Found:
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
            out.append(make_clause(ClauseKind.LEGAL_PARAGRAPH, s, normalized, subject=ref.label, flags=flags))
    return Found(out)
