"""Target groups and offer types an agreement names (målgrupper, tilbudstyper), mapped to the
vocabulary in `models.vocabulary`: one clause per distinct group per section."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from extractors.segment import AGENDA_ITEM, BULLET, DIGIT, HEADING, NUMBERED_HEADING, OFFER_HEADING
from extractors.clauses.paragraphs import is_label
from extractors.clauses.sentences import (
    NORMATIVE,
    Found,
    Sentence,
    is_offers_table_cell,
    is_table_row,
    make_clause,
    offers_table_pages,
)
from models.enums import ClauseKind, LawCode
from models.records import Clause
from models.regions import municipality
from models.vocabulary import (AREA, MONTHS, OFFER_TYPE, TARGET_GROUP, ParagraphRef, find_paragraph_refs, offer_type_of,
                               term)

#: the law codes and list words of a bare paragraph cell ("SEL §§ 83/85", "ABL § 105 og SEL § 85")
_LAW_CODES_AND_JOINERS = re.compile(rf"\b({'|'.join(LawCode)}|og|samt)\b")
#: "målgrupper" in general; not "denne målgruppe", "udpegede målgrupper", which point back to groups named before
_GENERAL_TARGET_WORD = re.compile(r"(?<!denne )(?<!den )(?<!udpegede )(?<!nævnte )\b(?:del)?målgrupper(?:ne)?\b",
                                  re.IGNORECASE)

#: offer categories of the agreement itself, not offer types a reader compares
_GENERIC_OFFER_TERMS = {"mest_specialiserede", "lands_landsdaekkende"}
_OFFER_WORD = re.compile(r"(?<![\wæøå])(pladser|tilbud\w*|ydelse\w*|støtte\w*)", re.IGNORECASE)
_HEAD_PHRASE = re.compile(
    r"(?<![\wæøå])(?P<phrase>(?:(?:socialt\s+)?udsatte\s+|domfældte\s+|pleje-/støttekrævende\s+|yngre\s+|ældre\s+)?"
    r"(?:borgere|borger|børn\s+og\s+unge|børn\s*/\s*unge|børn|unge|voksne|personer|mennesker|kvinder|"
    r"gravide(?:\s+kvinder)?|beboere|familier)"
    r"(?:(?:\s+\d+\s*[–-]\s*\d+\s+år)?"  # an age range before the qualifier ("Børn og unge 0 – 18 år med …")
    r"\s+(?:evt\.\s+)?(?:med\s+(?:hhv\.\s+)?|i\s+(?=mistrivsel|risiko|udsatte\s+positioner|behandling|misbrug))"
    # a full stop only in "F.-diagnose", "f.eks.", "e.l."
    r"(?:[^.;:()]|\.(?=-)|(?<=\sf)\.eks\.|(?<=\se)\.l\.){3,200}|(?=\s*$)))",
    re.IGNORECASE)
#: the age groups data is broken down by ("Diagnosedata om alle borgere i kommunen fordelt på voksne og børn/unge"): no
#: target group
_BREAKDOWN = re.compile(r"\bfordelt\s+(?:på|i)\s+(?:voksne\s+og\s+børn[\wæøå/]*|aldersgrupper|alder|køn)\b",
                        re.IGNORECASE)
#: the examples of the problems of a group named before ("disse unge har flere problemer, som f.eks.
#: familierelationer, bolig/hjemløshed, …", "ingen problemskabende adfærd som eks. misbrug, udadreagerende adfærd …"):
#: no groups of their own
_PROBLEM_EXAMPLES = re.compile(
    r"\b(?:problemer|problemskabende\s+adfærd)\s*,?\s+som\s+(?:f\.\s?eks\.|eks\.|fx)\s+[^.]*", re.IGNORECASE)
#: words quoted as words, two or more in a row ("Nogle steder i vejledningen bruges fx ”botilbud”, ”kommunen” og
#: ”Myndighed”"): terms the text is about, not groups or offers
_QUOTED_WORDS = re.compile(r"[”“\"][\wæøå]+[”\"](?:\s*(?:,|og|eller)\s*[”“\"][\wæøå]+[”\"])+", re.IGNORECASE)
#: a committee's name ("FU Børn og Unge", "Embedsmandsudvalget for det specialiserede socialområde og
#: specialundervisning"): the groups and offer types in it name the committee's field, not a group or an offer
_COMMITTEE = re.compile(r"\bFU(?:\s+(?:og\s+)?[A-ZÆØÅ][\wæøå]*)+|(?<![\wæøå])[\wæøå]*udvalg(?:et|ets)?\s+for"
                        r"(?:\s+(?:det|de|den))?(?:\s+(?:og\s+)?[\wæøå-]+){1,4}")
#: a name that holds a group or an offer word: an act's title ("lov om boliger for ældre og personer med handicap", up
#: to a comma, a parenthesis or a paragraph sign), a guideline's ("Socialstyrelsens forløbsbeskrivelse – Rehabilitering
#: af voksne med kompleks erhvervet hjerneskade –") or a centre's ("Center for Døvblindhed og Høretab")
_NAME_WITH_GROUP = re.compile(r"\blov(?:en)?\s+om\s+(?:[\wæøå-]+\s+){1,3}for\s+[^,.;:()§]*"
                              r"|\bforløbsbeskrivelse\w*\s+[–-]\s+[^–]*"
                              r"|\b(?-i:Center|Centret|Institut)\s+for\s+(?-i:[A-ZÆØÅ])[\wæøå]*"
                              r"(?:\s+og\s+(?-i:[A-ZÆØÅ])[\wæøå]*)?", re.IGNORECASE)
#: a sentence that says where an executive order lays something down ("… fremgår af bekendtgørelse om rammeaftaler mv.
#: §9, stk.2: ” Det påhviler regionerne … at etablere tilbud efter § 108 …"): the paragraphs it quotes are the order's
#: text, not offer types the agreement names
_CITES_ORDER = re.compile(r"\b(?:fremgår\s+af|findes\s+i)\s+bekendtgørelse", re.IGNORECASE)
#: an item that opens with an offer type for a whole population ("Specialundervisning for børn iht. …")
_OFFER_FOR_POPULATION = re.compile(
    r"^[•\s]*[\wæøå-]+\s+(?:for|til)\s+(?:børn|unge|voksne)\b(?!\s+(?:og\s+unge\s+)?(?:med|i)\b)", re.IGNORECASE)
#: an item that opens with "Tilbud om …" ("Tilbud om behandling af stofmisbrugere"): it names an offer type, the
#: group words in it say what the offer is for
_OFFER_ITEM = re.compile(r"^[•\s]*tilbud\s+om\b", re.IGNORECASE)
#: the number of offers a category counts, not a year ("Udviklingshæmning (13)", not "… rusmiddelbrug (2020)")
_OFFER_COUNT = re.compile(r"\((?!(?:19|20)\d\d\))(\d+)\)\s*$")
#: a paragraph cited as the legal basis of what the sentence says ("… drøfte aktiviteter … med Børnehuset, jf. § 50 a i
#: lov om social service"): without an offer's name in the sentence, it names no offer
_CITED = re.compile(r"\bjf\.\s*$", re.IGNORECASE)
#: paragraphs that state a rule, not an offer: the municipalities' takeover of regional offers (SEL § 186), the
#: region's duty to supply the offers the municipalities ask for (SEL § 5)
_RULE_PARAGRAPHS = {("SEL", "186"), ("SEL", "5")}
#: bare head nouns: a group in a short item ("Voksne", "Børn og unge"), none in running text; "borgere" never
_BARE_HEADS = {"børn", "unge", "voksne", "personer"}
_CITIZENS = {"borgere", "borger"}
#: a phrase that points back to a group named before ("unge med netop denne problemstilling", "borgere med
#: diagnosen")
_POINTS_BACK = re.compile(r"\b(?:denne|disse|samme|diagnosen)\b", re.IGNORECASE)
#: what follows a comma inside a series ("på lavt, moderat og højt funktionsniveau", "OCD, en spiseforstyrrelse, angst
#: e.l."): one or two words, then "og"/"eller"/"samt", "e.l." or the next comma; not an aside ("…, både i og uden for",
#: "…, herunder …") and not offers ("… udviklingshæmning, akutpladser og …")
_SERIES = (r"(?!\s+(?:både|men|herunder)\b)(?:\s+(?![\wæøå]*(?:pladser|tilbud)\b)[\wæøå-]+){1,2}"
           r"(?:\s+(?:og|eller|samt)\s|\s+e\.l\.|,)")
#: where a subject ends: a comma (not one inside a series), a relative word, a verb or an adverb, words that start
#: what the sentence says of the group ("efter paragrafferne i …", "i tilbud drevet af …", "og på voksenområdet …",
#: "samt inden for socialpsykiatrien", "og i hver femte kommune …", "sammenlignet med de øvrige regioner",
#: "udelukkende angår …", "inden for de næste tre år", a questionnaire's "samlet set vil… ☐ ☐ ☐"), a number, a
#: quotation mark (not an opening one right after "med"), a month before a year ("… juni 2023"), a participle that
#: starts what is said of the group ("… valgt ud til videre afdækning"), a capitalised word (the next sentence or
#: field) unless it is the first word after "med" ("med Asperger kombineret med OCD"), a "med" that starts what the
#: group is helped with ("børn og unge med overgangen til at blive voksne")
_SUBJECT_END = re.compile(
    rf"(?<!-),(?!{_SERIES})"
    r"|\s(?:som|der|hvor|hvis|er|har|kan|skal|vil|blevet|bliver|sker|modtager|også|ofte|ikke|(?:ud)?valgt|udpeget|"
    rf"(?:{'|'.join(MONTHS)})(?=\s+(?:19|20)\d\d)|"
    r"til\s+(?:botilbud|at|bostøtte)|hhv\.?|"
    r"i\s+(?:relation|forhold|de|lavere|højere|høj|kommunen|regionen|andre|tilbud)|"
    r"og\s+\d|og\s+om|og\s+på|og\s+i\s+hver|samt\s+inden\s+for|uden\s+at|efter\s+(?:§|forhandling|paragraf\w*)|"
    r"på\s+tværs|"
    r"frem\s*for|end|oplever|sammenlignet|udeluk-?\s?kende|inden\s+for\s+de\s+(?:næste|kommende|seneste)|samlet\s+set|"
    r"(?!diabetes|ligeledes|anderledes)[a-zæøå]{2,}(?:ges|des|res|ses|tes))(?:\s|$)"
    r"|(?<![–-])\s\d(?!\d*\s*[–-]\s*\d+\s+år\s)|(?<=\S)[”’\"](?=[\s\d]|$)|(?<!\smed)\s[”“\"’]"
    r"|(?<!\smed)\s(?-i:[A-ZÆØÅ])(?=[a-zæøå]*(?:[\s-]|$))"
    r"|\smed(?=\s+[a-zæøå]+(?:en|et)\s+til\s+at\b)",
    re.IGNORECASE)


def group_clauses(sentences: list[Sentence], taken: frozenset[int] = frozenset()) -> Found:
    """Target groups and offer types an agreement names: one clause per distinct group per section.

    A group is a printed head phrase ("borgere med erhvervet hjerneskade", "børn og unge i
    mistrivsel"), a vocabulary term ("Udviklingshæmning (13)", "botilbud") or a paragraph that
    stands for an offer type ("tilbud efter SEL §§ 107 og 108"). Running text names the same group
    again and again; a sentence only becomes a clause when it names a group not yet named in its
    section, and the clause (the first mention, with its page and box) counts the mentions
    (`normalized["mentions"]`). Short items of a bulleted list are each a clause (a list of what the
    agreement covers is the definitive statement, even when running text named the group earlier). A
    sentence about target groups that names none ("… hvilke målgrupper kommunerne oplever
    udfordringer med") is kept once per section. A cell of an offers table names no offer type (the offers
    extractor reads it), and a group label printed at the end of the item above it is a clause of its own text.

    A sentence in `taken` states a notice, payment or tariff rule; the group it names is that rule's
    subject, not a second clause (see `extract_clauses`).
    """
    out: list[Clause] = []
    table_pages = offers_table_pages(sentences)
    seen: dict[str, set] = {}  # section → subject keys already emitted
    by_key: dict[tuple[str, object], Clause] = {}
    for s in sentences:
        if s.pos in taken:
            continue
        text = _blank_names(s.text)
        terms = _read_terms(s, text)
        words = s.text.split()
        short = len(words) <= 25 or s.block.kind in (HEADING, BULLET) and len(words) <= 40
        numeric = sum(1 for w in words if DIGIT.search(w))
        if is_table_row(s) and numeric > 3:
            continue
        if _offer_row(s.text) or s.block.kind == HEADING and OFFER_HEADING.match(s.text):
            continue  # an offer's name ("Center for Høretab (Region Syddanmark) - Landsdelsdækkende …"), no offer type
        head = _HEAD_PHRASE.search(text)
        if head and _names_no_group(head.group("phrase"), short):
            head = None
        # "målgrupper" in general ("… hvilke målgrupper kommunerne oplever udfordringer med"); "målgruppen",
        # "denne målgruppe" point back to a group named elsewhere and name none themselves
        has_target_word = "TARGET_GROUP_TERM" in s.labels and _GENERAL_TARGET_WORD.search(s.text) is not None
        refs = [ref for ref in find_paragraph_refs(s.text) if not ref.executive_order and ref.key not in _RULE_PARAGRAPHS]
        if _CITES_ORDER.search(s.text):
            refs = []
        if refs and not (terms or head):
            refs = [ref for ref in refs if not _CITED.search(s.text, 0, ref.start)]
            rest = s.text
            for ref in refs:
                rest = rest.replace(ref.text, " ")
            if len(re.findall(r"[A-Za-zÆØÅæøå]{3,}", _LAW_CODES_AND_JOINERS.sub("", rest))) < 2 or is_label(s):
                # a bare paragraph cell ("SEL §§ 83/85"), or a chart's title or a table's row label ("Andel
                # udgifter til køb af §108-tilbud hos regionale og"): no offer type
                refs = []
        if short:
            if not (terms or head or has_target_word or (refs and s.block.kind in (HEADING, BULLET))
                    or (refs and _OFFER_WORD.search(s.text))):
                continue
        elif not (head and re.search(r"\b(med|i)\b", head.group("phrase"))) and not has_target_word \
                and not (refs and (terms or _OFFER_WORD.search(s.text))) and len(terms) < 3:
            continue
        if s.block.kind == HEADING and NUMBERED_HEADING.match(s.text) and not (head or refs) \
                and all(term(t).category == AREA or t in _GENERIC_OFFER_TERMS for t in terms):
            continue  # a section title naming a field ("3.3 Højt specialiserede tilbud på voksenområdet")
        categories = [term(t).category for t in terms]
        # "Specialundervisning for børn", "Opholdssteder for børn og unge": an offer type for a population
        for_population = bool(head) and _is_bare(head.group("phrase")) \
            or _OFFER_FOR_POPULATION.match(s.text) is not None
        offer_for_all = OFFER_TYPE in categories and (for_population and TARGET_GROUP not in categories
                                                      or not head and _OFFER_ITEM.match(s.text) is not None)
        if offer_for_all:
            head = None
        if not offer_for_all and (head or has_target_word or TARGET_GROUP in categories or AREA in categories):
            kind = ClauseKind.TARGET_GROUP
        elif OFFER_TYPE in categories or refs:
            kind = ClauseKind.OFFER_TYPE
        else:
            kind = ClauseKind.TARGET_GROUP
        count = _OFFER_COUNT.search(s.text)
        if kind == ClauseKind.OFFER_TYPE and not count and s.block.kind not in (HEADING, BULLET) \
                and is_offers_table_cell(s, table_pages):
            continue  # a cell of an offers table ("Emdrupgård Døgntilbud"), not a category counted ("Krisecentre (4)")
        subject = _trim_subject(head.group("phrase")) if head else _term_subject(kind, terms, refs)
        legal_basis = list(dict.fromkeys(ref.label for ref in refs))
        keys = _group_keys(subject if head else None, terms, legal_basis) or {("word", "målgruppe")}
        section = (s.block.section or "").split(" / ")[0]  # the numbered section, not its sub-headings
        emitted = seen.setdefault(section, set())
        if s.block.kind == BULLET and len(words) <= 12:
            keys = keys | {("item", s.text)}
        if keys <= emitted:
            # a repeated mention: counted once on each clause that first named one of its groups
            named = {id(c): c for key in keys if (c := by_key.get((section, key))) is not None}
            for clause in named.values():
                clause.normalized["mentions"] += 1
            continue
        if not AGENDA_ITEM.match(s.text):  # an agenda item's title names its topic, the item's text the group
            emitted |= keys
        normalized: dict[str, Any] = {
            "terms": terms,
            "categories": categories,
            "legal_basis": legal_basis,
            "mentions": 1,
        }
        if count:
            normalized["count_offers"] = int(count.group(1))
        record = make_clause(kind, s, normalized, subject=subject, text=_trailing_label(s.text, head))
        for key in keys:
            by_key.setdefault((section, key), record)
        out.append(record)
    return Found(out)


def _blank_names(text: str) -> str:
    """`text` with the names of committees, acts and centres, the age groups data is broken down by, the examples of a
    group's problems and words quoted as words blanked out: the groups and offers in them name none."""
    for name in (_COMMITTEE, _NAME_WITH_GROUP, _BREAKDOWN, _PROBLEM_EXAMPLES, _QUOTED_WORDS):
        text = name.sub(lambda m: " " * len(m.group()), text)
    return text


_TERMS_TABLE = Path(__file__).parent / "patterns" / "terms.yaml"


@cache
def _misread_terms() -> tuple[tuple[str, re.Pattern[str], re.Pattern[str] | None], ...]:
    entries = yaml.safe_load(_TERMS_TABLE.read_text(encoding="utf-8"))["misread_terms"]
    return tuple((e["term"], re.compile(e["when"]), re.compile(e["unless"]) if e.get("unless") else None)
                 for e in entries)


def _read_terms(s: Sentence, text: str) -> list[str]:
    """The vocabulary terms a sentence names, less the names that mean something else there
    (`patterns/terms.yaml`: "to eller flere diagnoser" is no dual diagnosis) and those only named inside a
    committee's, act's or centre's name (`text` is the sentence with those names blanked, `_blank_names`)."""
    lowered = text.lower()
    misread = {term_id for term_id, when, unless in _misread_terms()
               if term_id in s.terms and when.search(lowered) and not (unless and unless.search(lowered))}
    return [t for t in s.terms if t not in misread
            and (text == s.text or any(name.lower() in lowered for name in term(t).names))]


#: words a cut subject may end on that belong to what was cut off: "borgere med hhv[. handicap …]",
#: "borgere med dobbeltdiagnose og borgere[, hvor …]", the next field of an offer's profile ("… adfærd
#: Driftsherre[: Ballerup Kommune]")
_DANGLING_END = re.compile(r"(?:\s+(?:hhv|og|eller|samt|med|i|på|for|til|af|ved|fra|og\s+borgere|"
                           r"(?-i:Driftsherre|Paragraf|Målgruppe)))+\.?$", re.IGNORECASE)
#: a word broken at the end of a line ("udviklingshæm- ning"), not a suspended compound ("børne- og ungeområdet")
_LINE_BREAK_HYPHEN = re.compile(r"(?<=[a-zæøå])- (?!(?:og|eller|samt)\b)(?=[a-zæøå])")


#: a footnote marker, quote or question mark glued to the end of a subject ("’borgere med flere diagnoser’16", "…
#: diagnoser***", "… med autisme og komplekse forløb?")
_TRAILING_MARKS = re.compile(r"[’'\"”*\d?]+$")


#: a second indefinite noun phrase right after the qualifier's: the object of the sentence ("flertallet af personer med
#: et misbrugsproblem[ en psykisk sygdom]"), not part of the group; the subject ends at "cut"
_SECOND_ARTICLE = re.compile(r"\b(?:en|et)\s+[\wæøå-]+(?P<cut>)\s+(?:en|et)\s", re.IGNORECASE)


#: an adverb between "med" and the group ("borgere med især autisme"): no part of the group
_ADVERB_AFTER_MED = re.compile(r"\smed\s+(?:især|primært|hovedsageligt)\s+", re.IGNORECASE)


def _trim_subject(phrase: str) -> str:
    """"borgere med handicap hhv. 60 % af …" → "borgere med handicap"; the phrase ends where `_SUBJECT_END` says
    (before a verb, a number or a capitalised word: "… udfordringer I forlængelse heraf"); words broken at a line end
    are joined, a "hhv." or an adverb right after "med" is dropped ("borgere med hhv. handicap … og sindslidelse",
    "borgere med især autisme"), and a dangling "hhv", "og borgere", preposition or footnote marker at the cut is
    dropped."""
    phrase = _LINE_BREAK_HYPHEN.sub("", re.sub(r"\s+", " ", phrase).strip()).replace(" med hhv. ", " med ")
    phrase = _ADVERB_AFTER_MED.sub(" med ", phrase)
    ends = [m.start() for m in [_SUBJECT_END.search(phrase, 8)] if m]
    ends += [m.start("cut") for m in [_SECOND_ARTICLE.search(phrase)] if m]
    phrase = phrase[:min(ends)].strip() if ends else phrase
    return _TRAILING_MARKS.sub("", _DANGLING_END.sub("", phrase)).strip()


def _trailing_label(text: str, head: re.Match[str] | None) -> str | None:
    """The label of the list below, printed at the end of the item above it and read as one sentence with it ("…
    misbrugsbehandling mv.) Unge med lavt selvværd, angst eller stress – ny udsathed:"): the group is the label's, so
    the label is the clause's text. None when the group is not such a label."""
    if head and head.start() > 0 and text[head.start()].isupper() and re.fullmatch(r"\s*:\s*", text[head.end():]):
        return text[head.start():]
    return None


def _names_no_group(phrase: str, short: bool) -> bool:
    """A head phrase that names no group of its own: one pointing back ("personer med netop denne
    problemstilling"), a bare "borgere" ("2.1 Efterspørgsel fra egne borgere"), a bare "børn"/"voksne" in
    running text."""
    bare = phrase.lower().strip()
    return bool(_POINTS_BACK.search(_trim_subject(phrase))) or bare in _CITIZENS or not short and bare in _BARE_HEADS


def _is_bare(phrase: str) -> bool:
    """A head noun without a qualifier ("børn", "voksne", "børn og unge")."""
    return re.search(r"\b(?:med|i)\b", phrase) is None


def _term_subject(kind: ClauseKind, terms: list[str], refs: list[ParagraphRef]) -> str | None:
    """The label of the first term of the clause's own kind ("Botilbud" is no target group's subject); for an offer
    type named only by its paragraphs ("§ 107-tilbud", "tilbud efter SEL §§ 109 og 110"), the offer types those
    paragraphs provide for ("Botilbud", "Krisecentre, Herberger og forsorgshjem"); else None."""
    own = (TARGET_GROUP, AREA) if kind == ClauseKind.TARGET_GROUP else (OFFER_TYPE,)
    named = next((term(t).label for t in terms if term(t).category in own), None)
    if named or kind != ClauseKind.OFFER_TYPE:
        return named
    offers = dict.fromkeys(offer.label for ref in refs if (offer := offer_type_of(ref)) is not None)
    return ", ".join(offers) or None


def _offer_row(text: str) -> bool:
    """A row of an offers table — offer name and operator ("Kirkebækskole klub Vallensbæk", "Bakkebo
    Egedal Kommune ABL § 105 /", "Hellerup Krisecenter Gentofte"): a short line without a verb that
    names a municipality. The offers extractor reads these; they name no target group."""
    if len(text.split()) > 12:
        return False
    words = re.findall(r"[A-Za-zÆØÅæøå-]+", text)
    if not words or len(words) > 8 or NORMATIVE.search(text) or re.search(r"\b(er|har|findes)\b", text):
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
