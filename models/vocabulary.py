"""The domain vocabulary: target groups, offer types and legal-paragraph references.

One place maps the Danish names the agreements print onto stable identifiers, for the offers tables
("Udviklingshæmning", "Sindslidelse"/"Sindslidelser", …) and for the clause extractor alike, and one
function normalises every paragraph notation seen in the corpus ("SEL §107", "Servicelovens § 107",
"Barnets Lov § 43, stk. 1, nr. 6", "almenboligloven § 105", "Folkeskolelovens § 20, stk 2", …).

Pure Python on purpose: no database, no spaCy; the warehouse and the extractors both import it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from models.enums import LawCode

#: the Danish months, January first ("1. april", "juni 2023")
MONTHS = ("januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september", "oktober", "november",
          "december")

# --------------------------------------------------------------------------------------------------
# Target groups, offer types and areas
# --------------------------------------------------------------------------------------------------

TARGET_GROUP = "target_group"  # who an offer is for (udviklingshæmning, sindslidelse, …)
OFFER_TYPE = "offer_type"  # what kind of offer (botilbud, aflastning, STU, …)
AREA = "area"  # a whole field of the agreement (børn og unge, voksne handicappede, …)


@dataclass(frozen=True)
class Term:
    """One vocabulary entry: a stable id, its preferred Danish label and the spellings printed."""

    id: str
    label: str
    category: str  # TARGET_GROUP | OFFER_TYPE | AREA
    names: tuple[str, ...]  # surface forms, compared case-insensitively after whitespace/hyphen clean-up


def _t(id: str, label: str, category: str, *names: str) -> Term:
    return Term(id, label, category, (label, *names))


TERMS: tuple[Term, ...] = (
    # target groups used as table headings in the offers tables (Hovedstaden 2025-26, Tabel 1-14)
    _t("udviklingshaemning", "Udviklingshæmning", TARGET_GROUP, "udviklingshæmmede", "udviklingshæmmet",
       "udviklingshandicap", "psykisk udviklingshæmning"),
    _t("udviklingsforstyrrelse", "Udviklingsforstyrrelse", TARGET_GROUP, "Udviklingsforstyrrelser",
       "gennemgribende udviklingsforstyrrelse", "gennemgribende udviklingsforstyrrelser"),
    _t("autisme", "Autisme", TARGET_GROUP, "autismespektrumforstyrrelse", "autismespektrumforstyrrelser",
       "autismespektret", "ASF", "Asperger"),
    _t("udsatte_boern_unge", "Udsatte børn og unge", TARGET_GROUP, "socialt udsatte børn og unge"),
    _t("sindslidelse", "Sindslidelse", TARGET_GROUP, "Sindslidelser", "sindslidende", "psykisk sygdom",
       "psykiske lidelser", "psykisk lidelse", "psykiatrisk diagnose", "psykiatriske diagnoser",
       "socialpsykiatri", "socialpsykiatrisk problemstilling", "psykiske vanskeligheder"),
    _t("multiple_funktionsnedsaettelser", "Multiple funktionsnedsættelser", TARGET_GROUP,
       "multiple funktionsnedsættelse", "multihandicap", "betydelige funktionsnedsættelser"),
    _t("erhvervet_hjerneskade", "Erhvervet hjerneskade", TARGET_GROUP, "erhvervede hjerneskader", "hjerneskade",
       "hjerneskadede"),
    _t("medfoedt_hjerneskade", "Medfødt hjerneskade", TARGET_GROUP, "medfødte hjerneskader"),
    _t("fysisk_funktionsnedsaettelse", "Fysisk funktionsnedsættelse", TARGET_GROUP,
       "fysiske funktionsnedsættelser", "fysisk handicap", "fysisk handicappede", "fysiske handicappede",
       "fysisk funktionsnedsatte"),
    _t("hjemloeshed", "Hjemløshed", TARGET_GROUP, "hjemløse", "hjemløs"),
    _t("kognitiv_funktionsnedsaettelse", "Kognitiv funktionsnedsættelse", TARGET_GROUP,
       "Kognitiv funktionsnedsættelser", "kognitive funktionsnedsættelser", "kognitive vanskeligheder"),
    _t("krisecentre", "Krisecentre", OFFER_TYPE, "krisecenter", "kvindekrisecentre", "kvindekrisecenter",
       "krisecentre for kvinder"),
    _t("voldsramte_kvinder", "Voldsramte kvinder", TARGET_GROUP, "overgrebs-/voldsramte kvinder",
       "voldsramte"),
    _t("misbrugscentre", "Misbrugscentre", OFFER_TYPE, "misbrugscenter", "misbrugstilbud", "misbrugsbehandling",
       "behandling af stofmisbrugere", "stofmisbrugsbehandling"),
    _t("misbrug", "Misbrug", TARGET_GROUP, "stofmisbrug", "stofmisbrugere", "alkoholmisbrug",
       "rusmiddelbrug", "skadeligt rusmiddelbrug", "aktivt misbrug"),
    _t("dobbeltdiagnose", "Dobbeltdiagnose", TARGET_GROUP, "dobbeltdiagnoser", "dobbelt diagnose",
       "flere diagnoser"),
    _t("hoerenedsaettelse", "Høretab", TARGET_GROUP, "varigt høretab", "hørehandicap", "høreproblemer"),
    _t("synsnedsaettelse", "Synsnedsættelse", TARGET_GROUP, "alvorlig synsnedsættelse", "synshandicap",
       "blinde og svagsynede"),
    _t("domfaeldte", "Domfældte", TARGET_GROUP, "domfældte udviklingshæmmede", "dom til anbringelse",
       "domfældte borgere"),
    _t("udadreagerende_adfaerd", "Udadreagerende adfærd", TARGET_GROUP, "udadreagerende",
       "grænseoverskridende adfærd", "selvskadende adfærd", "afvigende seksuel adfærd"),
    _t("spiseforstyrrelse", "Spiseforstyrrelse", TARGET_GROUP, "spiseforstyrrelser"),
    # offer types
    _t("botilbud", "Botilbud", OFFER_TYPE, "botilbuddene", "længerevarende botilbud", "midlertidige botilbud",
       "midlertidigt botilbud", "døgntilbud", "bofællesskab"),
    _t("dagtilbud", "Dagtilbud", OFFER_TYPE, "særlige dagtilbud", "dagbehandling", "special daginstitution",
       "specialdaginstitution"),
    _t("aktivitets_samvaer", "Aktivitets- og samværstilbud", OFFER_TYPE, "aktivitets- og samværstilbud"),
    _t("beskyttet_beskaeftigelse", "Beskyttet beskæftigelse", OFFER_TYPE),
    _t("beskaeftigelsescentre", "Beskæftigelsescentre", OFFER_TYPE, "erhvervsmæssig afklaring"),
    _t("aflastning", "Aflastning", OFFER_TYPE, "aflastningstilbud", "aflastningspladser", "aflastningsdøgn"),
    _t("akutpladser", "Akutpladser", OFFER_TYPE, "akutpladser på børneområdet", "akuttilbud"),
    _t("specialundervisning", "Specialundervisning", OFFER_TYPE, "specialskoler", "specialskole",
       "specialpædagogisk bistand", "specialundervisning for børn", "specialundervisning for voksne"),
    _t("stu", "STU", OFFER_TYPE, "særligt tilrettelagt ungdomsuddannelse", "STU-tilbud", "STU tilbud"),
    _t("specialtandpleje", "Specialtandpleje", OFFER_TYPE),
    _t("kommunikationscentre", "Kommunikationscentre", OFFER_TYPE, "kommunikationscenter"),
    _t("plejefamilier", "Plejefamilier", OFFER_TYPE, "generelt godkendte plejefamilier", "plejefamilie"),
    _t("opholdssteder", "Opholdssteder", OFFER_TYPE, "opholdssteder for børn og unge", "opholdssted"),
    _t("doegninstitutioner", "Døgninstitutioner", OFFER_TYPE, "døgninstitution", "børne- og ungehjem"),
    _t("klubtilbud", "Klubtilbud", OFFER_TYPE, "særlige klubtilbud", "klub"),
    _t("herberger", "Herberger og forsorgshjem", OFFER_TYPE, "herberg", "herberger", "forsorgshjem",
       "herberg og forsorgshjem", "midlertidigt ophold"),
    _t("hjaelpemidler", "Hjælpemidler", OFFER_TYPE, "hjælpemiddelcentraler", "hjælpemiddelcentral"),
    _t("sikrede_afdelinger", "Sikrede afdelinger", OFFER_TYPE, "sikrede institutioner", "sikret afdeling",
       "sikrede boform", "sikret boform", "sikret institution"),
    _t("plejeboliger", "Plejeboliger", OFFER_TYPE, "almene ældreboliger", "plejebolig"),
    _t("specialraadgivning", "Specialrådgivning", OFFER_TYPE, "specialrådgivningsydelser",
       "specialrådgivningsfunktionerne", "rådgivning og vejledning"),
    _t("behandlingstilbud", "Behandlingstilbud", OFFER_TYPE, "behandlingstilbud"),
    _t("socialpaedagogisk_stoette", "Socialpædagogisk støtte", OFFER_TYPE, "bostøtte", "§ 85-støtte"),
    _t("rehabilitering", "Rehabilitering", OFFER_TYPE, "rehabiliteringstilbud", "døgnrehabilitering"),
    _t("lands_landsdaekkende", "Lands- og landsdelsdækkende tilbud", OFFER_TYPE,
       "lands- og landsdelsdækkende undervisningstilbud", "landsdækkende", "landsdelsdækkende"),
    _t("mest_specialiserede", "Mest specialiserede tilbud", OFFER_TYPE, "mest specialiserede"),
    # areas (the fields an agreement covers)
    _t("boern_unge", "Børn og unge", AREA, "børne- og ungeområdet", "børneområdet"),
    _t("voksne_handicappede", "Voksne handicappede", AREA, "voksne med handicap"),
    _t("voksne_sindslidende", "Voksne sindslidende", AREA),
    _t("personer_med_misbrug", "Personer med misbrug", AREA),
    _t("voksenomraadet", "Voksenområdet", AREA, "voksne"),
    _t("specialundervisningsomraadet", "Specialundervisningsområdet", AREA),
)

_BY_ID = {term.id: term for term in TERMS}


def _fold(text: str) -> str:
    """Lower-case, hyphen-and-whitespace-normalised form used for look-ups."""
    text = unicodedata.normalize("NFC", text).lower()
    text = re.sub(r"[‐‑–—]", "-", text)
    text = re.sub(r"\s+", " ", text).strip(" .:;,*")
    return text


@lru_cache(maxsize=1)
def _name_index() -> dict[str, Term]:
    index: dict[str, Term] = {}
    for term in TERMS:
        for name in term.names:
            index.setdefault(_fold(name), term)
    return index


def term(term_id: str) -> Term:
    """The entry with this id; KeyError for an unknown id."""
    return _BY_ID[term_id]


def lookup(name: str) -> Term | None:
    """The entry a printed name means, e.g. "Sindslidelser" → sindslidelse; None when unknown.

    Exact names first; then a trailing count "(13)" is dropped; then the longest known name that the
    printed text starts with ("Udviklingshæmning – voksne" → udviklingshaemning).
    """
    folded = _fold(name)
    folded = re.sub(r"\s*\(\d+\)$", "", folded)
    index = _name_index()
    if folded in index:
        return index[folded]
    best: tuple[int, Term] | None = None
    for known, entry in index.items():
        if folded.startswith(known + " ") or folded.startswith(known + ","):
            if best is None or len(known) > best[0]:
                best = (len(known), entry)
    return best[1] if best else None


def surface_names() -> list[tuple[str, str]]:
    """(name, term id) for every printed form; the clause pipeline builds its PhraseMatcher from this."""
    return [(name, term.id) for term in TERMS for name in term.names]


def find_terms(text: str) -> list[tuple[Term, int, int]]:
    """Every vocabulary name in a text as (term, start, end), longest match first, no overlaps."""
    folded = text.lower()
    hits: list[tuple[int, int, Term]] = []
    for name, term_id in sorted(surface_names(), key=lambda p: -len(p[0])):
        needle = name.lower()
        for m in re.finditer(r"(?<![\wæøå])" + re.escape(needle) + r"(?![\wæøå])", folded):
            if not any(s < m.end() and m.start() < e for s, e, _ in hits):
                hits.append((m.start(), m.end(), _BY_ID[term_id]))
    return [(t, s, e) for s, e, t in sorted(hits, key=lambda h: h[0])]


# --------------------------------------------------------------------------------------------------
# Legal paragraphs
# --------------------------------------------------------------------------------------------------

#: law code → the names the corpus prints for it (regex fragments, case-insensitive)
LAW_NAMES: dict[LawCode, tuple[str, ...]] = {
    LawCode.SEL: (r"SEL", r"servicelov(?:en|ens)?", r"lov\s+om\s+social\s*service(?:s)?", r"serviceloven",
                  r"lov\s+om\s+socialservice"),
    LawCode.BL: (r"BL", r"barnets\s+lov(?:s)?"),
    LawCode.ABL: (r"ABL", r"almenboliglov(?:en|ens)?", r"lov\s+om\s+almene\s+boliger(?:\s+m\.v\.)?"),
    LawCode.AEBL: (r"ÆBL", r"ældreboliglov(?:en|ens)?",
                   r"lov\s+om\s+boliger\s+for\s+ældre\s+og\s+personer\s+med\s+handicap"),
    LawCode.SUL: (r"SUL", r"sundhedslov(?:en|ens)?"),
    LawCode.FSL: (r"FSL", r"folkeskolelov(?:en|ens)?", r"lov\s+om\s+folkeskolen?"),
    LawCode.LSV: (r"LSV", r"lov\s+om\s+specialundervisning(?:\s+for\s+voksne)?", r"specialundervisningslov(?:en|ens)?"),
    LawCode.STU: (r"STU-lov(?:en|ens)?", r"lov\s+om\s+ungdomsuddannelse\s+for\s+unge\s+med\s+særlige\s+behov"),
    LawCode.LAB: (r"LAB", r"lov\s+om\s+en\s+aktiv\s+beskæftigelsesindsats", r"beskæftigelseslov(?:en|ens)?"),
}

# one named group per law: the member's name ("AEBL"), since a group name cannot hold "Æ"
_LAW_ALT = "|".join(f"(?P<{code.name}>{'|'.join(names)})" for code, names in LAW_NAMES.items())
_LAW_RE = re.compile(rf"(?<![\wæøå])(?:{_LAW_ALT})(?![\wæøå])", re.IGNORECASE)
#: a paragraph number, with its letter also when printed after a space ("§ 50 a", "§§ 124 c"), but not the
#: preposition "i" ("§ 108 i lov om …")
_NUM = r"\d+(?:[a-z]|[ \u00a0](?!i(?![a-zæøå\d]))[a-z])?(?![a-zæøå\d])"
_STK = r"(?:,?\s*stk\.?\s*(?P<stk>\d+(?:\.?\s*(?:og|,|-)\s*(?:stk\.?\s*)?\d+(?![\d.]\d))*))"
_NR = r"(?:,?\s*nr\.?\s*(?P<nr>\d+(?:\s*(?:og|,|-)\s*\d+)*))"
#: a list item with its own § and its own bracketed law ("§ 140 og §107 (SEL)") starts a new reference
_OWN_LAW_AHEAD = rf"(?!{_NUM}\s*\(\s*[A-ZÆØÅ]{{2,4}}\s*\))"
_SECTION_RE = re.compile(
    rf"(?P<signs>§§?|§\s§)\s*(?P<nums>{_NUM}(?:\s*(?:,|og|&|/|-|–|eller)\s*(?:§\s*{_OWN_LAW_AHEAD})?{_NUM})*)"
    rf"{_STK}?{_NR}?",
    re.IGNORECASE,
)
_TRAILING_LAW_RE = re.compile(r"^[\s,]*(?:i|efter|jf\.)?\s*", re.IGNORECASE)
#: a law code in brackets right after the paragraph: "§107 (SEL)", "§140 (SUL)"
_BRACKETED_LAW_RE = re.compile(r"^\s*\(\s*(?P<code>[A-ZÆØÅ]{2,4})\s*\)")
#: the end of a quotation and the bracket that opens its source: "… jf. § 54.”(Folkeskoleloven, LBK nr. 998 …)"
_QUOTE_SOURCE_RE = re.compile(r"^[\s.,]*[”\"]\s*\(\s*")
#: an act the vocabulary has no code for, named right before the § ("rentelovens § 3b",
#: "socialtilsynslovens § 4"): the reference is to that act, not to one named earlier
_OTHER_ACT_BEFORE_RE = re.compile(r"(?<![\wæøå])[\wæøå-]*lov(?:en|ens|s)?\s*$", re.IGNORECASE)
#: an executive order (bekendtgørelse, BEK) whose paragraph is cited: "bekendtgørelse om socialtilsyn
#: § 18", "§ 5 i Bekendtgørelse om rammeaftaler", "BEK nr. 1298 § 7"; after the paragraph also behind the full
#: stop of its number when the words go on in lower case ("§ 7 Stk. 3. i Bekendtgørelse om rammeaftaler"); the
#: order's title may hold "m.v." ("bekendtgørelse om rammeaftaler mv. §9, stk.2")
_ORDER_WORD = r"(?:bekendtgørelse\w*|BEK\b|takstbekendtgørelse\w*)"
_ORDER_BEFORE_RE = re.compile(rf"{_ORDER_WORD}(?P<title>(?:[^§.;:]|\bm\.v\.|\bmv\.){{0,160}})$", re.IGNORECASE)
#: "efter" or "på" right before the §: after an order, the paragraph of the act the order is about ("bekendtgørelse om
#: betaling for botilbud m.v. efter Servicelovens kapitel 20 samt om flytteret i forbindelse med botilbud efter § 108",
#: "en ændring af bekendtgørelsen til efteråret 2017 på §§ 109 og 110")
_AFTER_BEFORE_RE = re.compile(r"\b(?:efter|på)\s*$", re.IGNORECASE)
_ORDER_AFTER_RE = re.compile(rf"^(?:\.(?=\s+(?-i:[a-zæøå])))?[\s,]*(?:stk\.?\s*\d+[\s,]*)?(?:i|efter|jf\.)\s+"
                             rf"(?:den\s+)?{_ORDER_WORD}", re.IGNORECASE)


@dataclass(frozen=True)
class ParagraphRef:
    """One normalised reference: law code, paragraph, and stk./nr. when printed."""

    law: LawCode | None  # None when the text names no law and no default applies
    paragraph: str  # "107", "1b"
    stk: str | None = None
    nr: str | None = None
    text: str = ""  # the printed span the reference came from
    start: int = 0
    end: int = 0
    law_inferred: bool = False  # law taken from context, not printed next to the §
    executive_order: bool = False  # a paragraph of a bekendtgørelse, not of an act: `law` is None

    @property
    def key(self) -> tuple[str | None, str]:
        return (self.law, self.paragraph)

    @property
    def label(self) -> str:
        parts = [f"{self.law} § {self.paragraph}" if self.law else f"§ {self.paragraph}"]
        if self.stk:
            parts.append(f"stk. {self.stk}")
        if self.nr:
            parts.append(f"nr. {self.nr}")
        return ", ".join(parts)


def _law_code(match: re.Match[str]) -> LawCode | None:
    for group, value in match.groupdict().items():
        if value:
            code = LawCode[group]
            if value.upper() == code:  # the abbreviation itself: only in capitals ("bl.a." is no law)
                return code if value == code else None
            return code
    return None


def laws_named(text: str) -> list[tuple[int, int, LawCode]]:
    """Every law a text names, as (start, end, code): "Servicelovens" → SEL, "Barnets Lov" → BL."""
    found = []
    for m in _LAW_RE.finditer(text):
        code = _law_code(m)
        if code:
            found.append((m.start(), m.end(), code))
    return found


def _expand_numbers(nums: str) -> list[str]:
    """"107-108" → [107, 108]; "103, 104 og 105" → three; "83/85" → two; "1b" kept; "107 OG 108" (a
    heading in capitals) → two."""
    out: list[str] = []
    pieces = re.split(r"\s*(,|og|&|/|eller|-|–)\s*", nums, flags=re.IGNORECASE)
    previous_sep = None
    for piece in pieces:
        if piece.lower() in {",", "og", "&", "/", "eller", "-", "–"}:
            previous_sep = piece
            continue
        value = piece.replace("§", "").replace(" ", "").lower()
        if not value:
            continue
        if previous_sep in {"-", "–"} and out and out[-1].isdigit() and value.isdigit():
            high = _range_end(int(out[-1]), value)
            if high is not None:
                out.extend(str(n) for n in range(int(out[-1]) + 1, high + 1))
                previous_sep = None
                continue
        out.append(value)
        previous_sep = None
    return out


#: more subsections than any paragraph of the acts cited has: a larger "stk." holds a footnote mark
_MAX_STK = 15


def _without_footnote_mark(stk: str) -> str:
    """A subsection number without the footnote mark printed right after it ("§ 20, stk. 26": stk. 2, footnote 6)."""
    return stk[:-1] if int(stk) > _MAX_STK else stk


def _range_end(low: int, printed: str) -> int | None:
    """The end of a range "low-printed", or None when it is no range. A footnote marker printed right
    after the range's end joins it ("§§ 83- 877": §§ 83-87 and footnote 7): digits are dropped from
    the end while the range would be longer than ten paragraphs."""
    while printed:
        high = int(printed)
        if 0 < high - low <= 10:
            return high
        if high <= low or len(printed) <= len(str(low)):
            return None
        printed = printed[:-1]
    return None


@dataclass(frozen=True)
class _Attribution:
    law: LawCode | None
    inferred: bool = False
    executive_order: bool = False


def _attribute_law(text: str, m: re.Match[str], laws: list[tuple[int, int, LawCode]],
                   default_law: LawCode | None) -> _Attribution:
    """Which act the paragraph at `m` belongs to; the first rule that applies wins.

    The text names the act next to the paragraph, and that name beats any named earlier in the
    sentence ("… Sundhedslovens § 140 og §107 (SEL)" is SEL § 107), and so does the source of a quotation
    that ends with the paragraph ("… jf. § 54.”(Folkeskoleloven, …)"). An executive order is not its act:
    "Bekendtgørelse om finansiering … efter Lov om Social Service og Barnets Lov §§ 3-7" cites the
    order's §§ 3-7, not Barnets Lov's, so the reference gets no law code and is marked
    `executive_order`; so does an act the vocabulary has no code for ("rentelovens § 3b").
    """
    head = text[:m.start()]
    tail = text[m.end():m.end() + 80]
    order_before = _ORDER_BEFORE_RE.search(head)
    before = [entry for entry in laws if entry[1] <= m.start() and m.start() - entry[1] <= 3]
    if before:
        in_order_title = order_before is not None and order_before.start() < before[-1][0]
        return _Attribution(None, executive_order=True) if in_order_title else _Attribution(before[-1][2])
    bracketed = _BRACKETED_LAW_RE.match(tail)
    if bracketed and bracketed.group("code") in LawCode.__members__.values():
        return _Attribution(LawCode(bracketed.group("code")))
    after = [entry for entry in laws_named(_TRAILING_LAW_RE.sub("", tail, count=1)) if entry[0] == 0]
    if after and re.match(r"^[\s,]*(?:i|efter)\s", tail, re.IGNORECASE):
        return _Attribution(after[0][2])
    source = _QUOTE_SOURCE_RE.match(tail)
    quoted_from = [entry for entry in laws_named(tail[source.end():]) if entry[0] == 0] if source else []
    if quoted_from:
        return _Attribution(quoted_from[0][2])
    if _ORDER_AFTER_RE.match(tail) or order_before is not None and not _AFTER_BEFORE_RE.search(head):
        return _Attribution(None, executive_order=True)
    if _OTHER_ACT_BEFORE_RE.search(head):
        return _Attribution(None)
    earlier = [entry for entry in laws if entry[1] <= m.start()]
    if earlier:
        return _Attribution(earlier[-1][2], inferred=True)
    return _Attribution(default_law, inferred=default_law is not None)


#: the offer type a paragraph of serviceloven provides for ("§ 107-tilbud", "tilbud efter servicelovens §§ 107-108"
#: are botilbud); a paragraph printed without its law is read as serviceloven's, the act the agreements are made under
_OFFER_TYPE_OF_PARAGRAPH = {
    "85": "socialpaedagogisk_stoette",
    "103": "beskyttet_beskaeftigelse",
    "104": "aktivitets_samvaer",
    "107": "botilbud",
    "108": "botilbud",
    "109": "krisecentre",
    "110": "herberger",
}


def offer_type_of(ref: ParagraphRef) -> Term | None:
    """The offer type a paragraph of serviceloven provides for (SEL § 108 → botilbud), else None."""
    if ref.law not in (LawCode.SEL, None) or ref.executive_order:
        return None
    term_id = _OFFER_TYPE_OF_PARAGRAPH.get(ref.paragraph)
    return _BY_ID[term_id] if term_id else None


def find_paragraph_refs(text: str, default_law: LawCode | None = None) -> list[ParagraphRef]:
    """Every paragraph reference in a text, normalised.

    The law is the one printed next to the § (`_attribute_law`): right before it ("SEL § 107",
    "Servicelovens §§ 107 og 108"), in brackets after it ("§107 (SEL)") or after it ("§ 105, stk. 2, i
    lov om almene boliger"); otherwise the nearest law named earlier in the same text; otherwise
    `default_law` (flagged `law_inferred`). A paragraph of an executive order or of an act without a
    code has no law. Ranges and lists expand to one reference per paragraph ("SEL §§ 107-108" → 107
    and 108, "§§ 107 OG 108" → 107 and 108); stk. and nr. are kept.
    """
    laws = laws_named(text)
    refs: list[ParagraphRef] = []
    for m in _SECTION_RE.finditer(text):
        who = _attribute_law(text, m, laws, default_law)
        stk = re.sub(r"\s*stk\.?\s*", "", m.group("stk")).strip() if m.group("stk") else None
        nr = m.group("nr").strip() if m.group("nr") else None
        if stk:
            stk = re.sub(r"\.?\s*(,|og|-)\s*(?:stk\.?\s*)?", lambda s: " og " if s.group(1) != "-" else "-", stk)
            stk = re.sub(r"\d+", lambda d: _without_footnote_mark(d.group()), stk)
        if nr:
            nr = re.sub(r"\s*(,|og)\s*", " og ", nr)
        numbers = _expand_numbers(m.group("nums"))
        for i, number in enumerate(numbers):
            last = i == len(numbers) - 1
            refs.append(ParagraphRef(who.law, number, stk if last else None, nr if last else None,
                                     m.group(0).strip(), m.start(), m.end(), who.inferred, who.executive_order))
    return refs
