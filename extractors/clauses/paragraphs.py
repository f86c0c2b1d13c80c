"""Legal-paragraph references (SEL § 107, BL § 43 …), one clause per reference, normalised; a bare
"§ 107" takes the law its paragraph or list named last, else the act the document cites most; a law taken
from context gives way to the one act the document prints that paragraph with."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

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
    17"), and the labels of charts and tables (`is_label`) and the rows of a flattened table ("Modtagere pr.
    1.000 indbyggere (18-66 år) - §107 1,76 1,21 2,00 …") are no references the text makes."""
    out: list[Clause] = []
    table_pages = offers_table_pages(sentences)
    principal = _principal_act(sentences)
    printed = _printed_acts(sentences)
    context_law: LawCode | None = None
    cited: dict[str, LawCode] = {}  # paragraph → the law printed with it earlier in the context
    previous: Sentence | None = None
    for s in sentences:
        if previous is None or not _same_context(previous, s):
            context_law, cited = None, {}
        previous = s
        text = _LAW_HYPHEN.sub("", s.text)
        refs = _sentence_refs(text, context_law, principal, cited, printed)
        cited.update({ref.paragraph: ref.law for ref in refs if ref.law and not ref.law_inferred})
        laws = laws_named(text)
        if laws:
            context_law = laws[-1][2]
        if is_offers_table_cell(s, table_pages) or is_label(s) or len(_TABLE_FIGURE.findall(s.text)) >= 3:
            continue
        seen: set[str] = set()
        for ref in refs:
            if ref.label in seen:
                continue
            seen.add(ref.label)
            out.append(make_clause(ClauseKind.LEGAL_PARAGRAPH, s, _normalized(ref), subject=ref.label,
                                   flags=_flags(ref)))
    return Found(out)


#: a figure with a decimal comma ("1,76") or an amount in kroner ("3.187 kr."): three of them make a sentence a
#: flattened table row ("§107 tilbud med rehabilitering (helhedstilbud) 3.187 kr. 402 kr. §107 tilbud, hvor …")
_TABLE_FIGURE = re.compile(r"\d+,\d+|\d[\d.]*\s*kr\.")
#: a law's name hyphenated at a line break ("botilbud efter ser- vicelovens §§ 107-108")
_LAW_HYPHEN = re.compile(r"(?<=[a-zæøå])- (?=[a-zæøå]*lov)", re.IGNORECASE)
#: an act the vocabulary has no code for, named as "lov om …" right before the § ("lov om socialtilsyn § 9")
#: or after it ("§ 2, stk. 2 i lov om socialtilsyn")
_UNCODED_ACT_BEFORE = re.compile(r"\blov\s+om\s+[\wæøå]+(?:\s+[\wæøå]+)?\s*$", re.IGNORECASE)
_UNCODED_ACT_AFTER = re.compile(r"^[\s,]*(?:i|efter)\s+lov\s+om\s", re.IGNORECASE)
#: a law in the genitive right before the § ("… boformer efter Servicelovens §§ 109 og 110" in an order's title)
_GENITIVE_BEFORE = re.compile(r"s\s*$")


def _reattributed(text: str, ref: ParagraphRef, laws: list[tuple[int, int, LawCode]],
                  principal_only: bool) -> ParagraphRef:
    """Corrections to the law the vocabulary attributed, from the words around the §:

    - an act without a code named next to it ("lov om socialtilsyn § 9") owns it: no law, not the act
      named earlier or the principal one;
    - a law in the genitive right before it owns it even inside an order's title ("jf. bekendtgørelse om
      egenbetaling … i boformer efter Servicelovens §§ 109 og 110" cites the act; "… efter Lov om Social
      Service og Barnets Lov §§ 3-7" stays the order's);
    - a § 105 that only the principal act attributes to SEL is almenboligloven's ("botilbud efter §105/85": the
      housing of almenboligloven § 105 with support after SEL § 85); a list under "paragraffer i Lov om social
      service" keeps SEL.
    """
    own = [code for start, end, code in laws if end <= ref.start and not text[end:ref.start].strip()]
    if ref.executive_order and own and _GENITIVE_BEFORE.search(text[:ref.start].rstrip()):
        return replace(ref, law=own[-1], executive_order=False, law_inferred=False)
    if not own and (_UNCODED_ACT_BEFORE.search(text[:ref.start]) or _UNCODED_ACT_AFTER.match(text[ref.end:])):
        after = laws_named(_UNCODED_ACT_AFTER.sub("lov om ", text[ref.end:], count=1)[:60])
        if not (after and after[0][0] == 0):
            return replace(ref, law=None, law_inferred=False)
    if principal_only and ref.law_inferred and ref.key == (LawCode.SEL, "105"):
        return replace(ref, law=LawCode.ABL)
    return ref


#: a finite verb: what a label ("Modtagere pr. 1.000 indbyggere (18-66 år) - §108") lacks
_FINITE_VERB = re.compile(r"\b(?:er|var|har|havde|findes|ligger|bliver|blev|gives|ydes|drives|omfatter|hedder)\b",
                          re.IGNORECASE)


#: what the title of a chart or a table opens with: the measure it shows ("Antal tilbud og pladser efter SEL § 66,
#: fordelt på de nordjyske kommuner", "Andel udgifter til køb af …", "Modtagere pr. 1000 borgere §85")
_MEASURE_TITLE = re.compile(r"^(?:antal|andel|udgift(?:er)?|modtagere)\b", re.IGNORECASE)


def is_label(s: Sentence) -> bool:
    """A chart's title or axis label, or a table's title or column header ("Servicelovens § 108", "Andel
    udgifter til køb af §105/85-tilbud hos regionale og"): a text without a verb, short or opening with the
    measure it shows (`_MEASURE_TITLE`), that is neither a list item ("Børn og unge (§ 32, 36, 66, 67)") nor a
    numbered heading ("4.3 OPKRÆVNING … SEL §§ 107 OG 108")."""
    if s.block.kind == BULLET or NUMBERED_HEADING.match(s.text):
        return False
    if len(s.text.split()) > 12 and not _MEASURE_TITLE.match(s.text):
        return False
    return not (NORMATIVE.search(s.text) or _FINITE_VERB.search(s.text))


def _sentence_refs(text: str, context_law: LawCode | None, principal: LawCode | None, cited: dict[str, LawCode],
                   printed: dict[str, set[LawCode]]) -> list[ParagraphRef]:
    """The references of one sentence, each with its law (`find_paragraph_refs`, `_reattributed`, `_inferred_law`)."""
    laws = laws_named(text)
    refs = find_paragraph_refs(text, default_law=context_law or principal)
    out = []
    for ref in refs:
        bare = not any(end <= ref.start for _, end, _ in laws)  # no law named before it in its sentence
        ref = _reattributed(text, ref, laws, bare and context_law is None)
        span = [other.paragraph for other in refs if other.start == ref.start]
        out.append(_inferred_law(ref, span, cited, printed, governed=bare and context_law is not None))
    return out


def _inferred_law(ref: ParagraphRef, span: list[str], cited: dict[str, LawCode], printed: dict[str, set[LawCode]],
                  governed: bool) -> ParagraphRef:
    """The law of a paragraph the text attributes only from context:

    - the one printed with it earlier in its paragraph ("Servicelovens §107 … Sundhedslovens § 140. … foruden
      §107 rehabilitering" is SEL § 107, not the law named last);
    - the law its paragraph or list named last, when no law is named before it in its sentence (the list under
      "paragraffer i Lov om social service:" is SEL's);
    - else the one act the document prints the paragraphs of its span with ("§140 indsatsen" in minutes that
      print "Sundhedslovens § 140", "FSL § 20 stk. 3, § 107" where "Servicelovens § 107" is printed, "§ 74a"
      where only "almenboliglovens § 74 a" is), rather than the law named before it or the principal act.
    """
    if not ref.law_inferred:
        return ref
    if ref.paragraph in cited:
        return replace(ref, law=cited[ref.paragraph])
    acts = set().union(*(printed.get(paragraph, set()) for paragraph in span))
    return replace(ref, law=acts.pop()) if len(acts) == 1 and not governed else ref


def _printed_acts(sentences: list[Sentence]) -> dict[str, set[LawCode]]:
    """Paragraph → the acts the document prints next to it ("almenboliglovens § 74 a" → {ABL})."""
    out: dict[str, set[LawCode]] = {}
    for s in sentences:
        for ref in find_paragraph_refs(_LAW_HYPHEN.sub("", s.text)):
            if ref.law and not ref.law_inferred:
                out.setdefault(ref.paragraph, set()).add(ref.law)
    return out


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
