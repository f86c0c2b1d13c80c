"""Page texts → blocks (headings, bullet items, paragraphs) that know the numbered section they sit in.

pypdfium2 gives one string per page with the printed line breaks and no positions, so structure is
recovered from the lines themselves:

- running headers and footers repeat on many pages ("KKR Hovedstaden · Rammeaftale 2025-2026",
  "Side 13 af 51") and are dropped, and so is the chapter title web PDFs print below the footer;
- web PDFs render list bullets as lone "•" glyph lines at the end of the page, Word PDFs as a "• "
  prefix; both are handled (a lone glyph is dropped, a prefix starts a new item);
- numbered headings ("4.2 OPSIGELSESVARSLER", sometimes wrapped onto two upper-case lines; "8. Regulering
  af takst" printed on one line with its text), agenda items of minutes ("Punkt 4." and its title), their
  label lines ("Indstilling", "Beslutning:") and short unnumbered headings ("Opsigelsesvarsler",
  "Afregningsproceduren", an offer's title printed on one line with its text, a title with a footnote number, a
  title and its sub-title after a dash, on a line of its own or with its text, a title printed after the closing
  bracket that ends the item above it) and an appendix's title ("Bilag 2 Spørgeskema …", a top-level section) set
  the section of what follows; table cells, list items, the entries of a list of names printed one a line, captions
  ("Tabel 4: …", a block of their own), answers ("Nej") and labels never do;
- a chart's legend ("Borgere med handicap Borgere med sindslidelse") is dropped;
- a paragraph ends where a line ends in sentence punctuation well before the right margin.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from itertools import groupby

from models.regions import municipality, region

HEADING = "heading"
BULLET = "bullet"
TEXT = "text"

_BULLET_GLYPHS = "•●▪◦■–-·"
_LONE_GLYPH = re.compile(r"^[\s•●▪◦■·\uf0b7\uf0a7]*$")
_BULLET_PREFIX = re.compile(r"^\s*(?:[•●▪◦■·\uf0b7\uf0a7]|[-–](?=\s))\s*")
#: the form of a numbered heading ("4.2 OPSIGELSESVARSLER", "3 Målgrupper"); a line of this form is a heading
#: only when `_heading_level` agrees, and a heading block that starts with a number always has it
NUMBERED_HEADING = re.compile(r"^(?P<num>\d{1,2}(?:\.\d{1,2}){0,3})\.?\s+(?P<title>[A-ZÆØÅ].*)$")
_LIST_NUMBER = re.compile(r"^\d{1,2}(?:\.\d{1,2}){0,3}\.?\s*[A-ZÆØÅ]")  # "1.1 Dagtilbud", "9.Specialundervisning"
# a short line ending in an amount or a percentage is a table row ("I alt 12.489.292,58",
# "Region Nordjylland 4,57%"), never a heading
_AMOUNT_END = re.compile(r"\d(?:[.,]\d+)+\s*%?\s*$|\d\s*%\s*$")
#: a line opening with an amount in thousands ("5.892.291 Borgerrelaterede udg./aktivitetsomkostninger"): the line
#: above it is the label of its table row ("Personaleomkostninger (tværgående specialpersonale, …)"), no heading
_OPENS_WITH_AMOUNT = re.compile(r"^\d{1,3}(?:\.\d{3})+(?:,\d+)?(?!\S)")
#: a table's row: a label without digits, then two figures or more ("Difference 1.299 492 130")
_FIGURES_ROW = re.compile(r"^[^\d]+(?:\s+\d[\d.,]*\s*%?){2,}\s*$")
#: the total row that ends a table of amounts ("I alt 12.489.292,58")
_TOTAL_ROW = re.compile(r"^\s*i\s+alt\s+\d[\d.,]*\s*%?\s*$", re.IGNORECASE)
#: the opening of a scenario's text, below its title ("14 pladser med en belægningsprocent på 73:" / "I dette
#: scenarie bibeholdes …")
_SCENARIO_OPENING = re.compile(r"^I\s+dette\s+scenari")
#: a piece of a web address wrapped over lines, its escapes ("…?url=http%3A%2F", "%7C3027a7ae…"): digits, no figures
_URL_PART = re.compile(r"%[0-9A-F]{2}")
#: the label of a survey's question on a line of its own ("Spørgsmål 9" above "Vurderer I, at …?"): the question
#: starts a block, it does not run on from the answer above it
_QUESTION_LABEL = re.compile(r"^\s*Spørgsmål\s+\d{1,2}[a-z]?\s*$")
#: a title and the question it asks, after a dash ("Perspektivering – hvad har arbejdsgruppen ikke med i
#: afrapporteringen?")
_TITLED_QUESTION = re.compile(r"^[A-ZÆØÅ][\wæøå-]+(?:\s+[\wæøå-]+){0,2}\s+[–-]\s+"
                              r"(?:hvad|hvem|hvor|hvordan|hvorfor|hvilke|hvornår)\b[^.!:;?]*\?$")
#: the number of a section below chapter level ("3.1 ", "2.1.3 ")
_NUMBERED_SECTION = re.compile(r"^\d{1,2}(?:\.\d{1,2}){1,3}\.?\s+[A-ZÆØÅ]")
DIGIT = re.compile(r"\d")
_PAGE_NUMBER = re.compile(r"^\s*(?:side\s+)?\d+(?:\s+af\s+\d+)?\s*$", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?:;]\s*$")
#: an abbreviation's full stop ends no sentence ("7. FÆLLES VISITATIONSAFTALE VEDR.", "13. Borgerens
#: sygehusindlæggelse mv.")
_ABBREVIATION_END = re.compile(r"(?<![\wæøå])(?:vedr|mv|m\.v|m\.m|inkl|ekskl|bl\.a)\.\s*$", re.IGNORECASE)
#: the end of a line the next line continues or completes: a dash ("… SEL § 66, nr. 1 og 2. –" / "Efterspørgsel"
#: in a questionnaire's list of topics), or a table header whose next column is printed below it
#: ("Kriterium opfyldt (ja/nej)" / "Begrundelse" in the profiles of the most specialised offers)
_CONTINUED = re.compile(r"\s[–-]\s*$|\(ja/nej\)\s*$", re.IGNORECASE)
#: the first field of an offer's profile: the line above it is the profile's title ("Tilbud 3Kløveren" /
#: "Paragraf: BL § 43"), a heading even with a digit in the name
_PROFILE_FIELD = re.compile(r"^Paragraf:\s")
# structural lines of minutes that repeat on many pages of a short document but are never boilerplate
_PROTECTED = re.compile(r"^\s*(punkt\s+#|beslutning|indstilling|bilag|resum[eé]|sagsfremstilling|baggrund)",
                        re.IGNORECASE)
_SOFT_HYPHEN = re.compile(r"[\ufffe\u00ad\u0002]\s*")
#: an agenda item of minutes ("Punkt 16.", its title on the same or the next line): a top-level section
AGENDA_ITEM = re.compile(r"^\s*punkt\s+\d{1,2}\.?(?=\s*$|\s+[A-ZÆØÅ])", re.IGNORECASE)
#: a measure row of an offers table: "Pladstal 17 17 17", "Belægningsprocent 58% 87% 87%"
MEASURE_ROW = re.compile(r"\b(?:pladstal|pladsforbrug|belægningsprocent|belægning)\s+\d[\d.,]*\s*%?\s+\d",
                         re.IGNORECASE)
#: the answer column of a hearing table ("Nej", "Ja (delvist)"): a block of its own, neither a heading
#: nor a part of the proposal printed next to it
_ANSWER_LABEL = re.compile(r"^\s*(?:j?ja|nej)(?:\s*\(delvist\))?\s*$", re.IGNORECASE)
_SHORT_SENTENCE_VERB = re.compile(r"\b(?:er|findes|kan|skal|har|blev|bliver|vil|må|gælder|indstilles|fremgår)\b",
                                  re.IGNORECASE)
#: the caption of a table, a figure or a box ("Tabel 4: Tilbud målrettet …", "Tabel 1.1 Baggrundsvariable …"): a
#: block of its own that labels what is printed below it, not a section of the text that follows
_CAPTION = re.compile(r"^(?:[Tt]abel|[Ff]igur|[Bb]oks)\s+\d+(?:\.\d+)*\s*[.:]?\s+[A-ZÆØÅ\"”“]")
#: a field of a profile or a form: a label and its value ("Tilbud: Sofieskolen", "Andet: Angiv tekst")
_FIELD = re.compile(r"^[A-ZÆØÅ][\wæøå]+:\s")
#: short lines that read like a heading but are a cell, a label, an answer or a sentence: "Nej", "Teksten er
#: justeret Ja (delvist)", "I meget høj grad", "ABL § 105 /", "Adresse: Angiv tekst"
_NOT_A_HEADING = (
    re.compile(r"(?:^|\s)(?:ja|nej)(?:\s*\(delvist\))?\s*$", re.IGNORECASE),
    re.compile(r"^(?:ja|nej|åben|lukket)\b", re.IGNORECASE),
    re.compile(r"^i\s+(?:me-?\s*get\s+|meget\s+)?(?:høj|lav|nogen|no-\s*gen)\b", re.IGNORECASE),
    # a chart's legend of answers ("Stige Falde Være uændret")
    re.compile(r"^(?:(?:stige|falde|være\s+uændret|uændret|ved\s+ikke)\s*)+$", re.IGNORECASE),
    re.compile(r"angiv\s+(?:evt\.\s+)?tekst|^/|/\s*$|§§?\s*$", re.IGNORECASE),
    re.compile(r"\(ja/nej\)", re.IGNORECASE),  # a table header ("Kriterium opfyldt (ja/nej) Begrundelse")
    # a short sentence printed on a line of its own ("Dette dog kun undtagelsesvist i helt særlige
    # tilfælde", "Et beregningseksempel findes i bilag til takstaftalen", "Det indstilles, at DAS", "Pkt.
    # gælder kun ved køb af botilbud")
    _SHORT_SENTENCE_VERB,
    # a field of an offer's profile ("Paragraf: Helhedstilbud (SEL § 104, § 108)", "Tilbud: Sofieskolen")
    _FIELD,
    # a sentence that lost its full stop ("Dette dog kun undtagelsesvist i helt særlige tilfælde")
    re.compile(r"^(?:Dette|Disse|Der|Man|Vi)\s"),
    # an item of a counted list ("Udsatte børn og unge (13)", "… rusmiddelbrug (2020)")
    re.compile(r"\([^)]*\d[^)]*\)\s*$"),
    # a column header with a footnote mark ("Målgruppe**")
    re.compile(r"\*\s*$"),
    # the caption of a table, a figure or a box (`_CAPTION`)
    _CAPTION,
    # letters on a slide without a word of four: a presenter's initials ("BA"), a logo, a word spelt down the side
    # ("K", "TI", "V")
    re.compile(r"^(?!.*[A-Za-zÆØÅæøå]{4})"),
)
#: a label line of an agenda item ("Beslutning:", "Indstilling", "Bilag:"): a sub-heading, with or without its colon
_ITEM_LABEL = re.compile(
    r"^\s*(?:beslutning|indstilling|bilag|resum[eé]|sagsfremstilling|baggrund|orienteringspunkter)\s*:?\s*$",
    re.IGNORECASE)
#: a chart's legend: a short line of entries side by side, each opening with the same word ("Borgere med
#: handicap Borgere med sindslidelse"); neither a heading nor part of the text around it
_LEGEND = re.compile(r"^([A-ZÆØÅ][a-zæøå]+)\s(?:[^.:;,]*\s)?\1\s[^.:;,]*$")
#: a chart's title ending in the paragraph it counts ("Modtagere pr. 1000 borgere §§105/85"): a block of its
#: own, not the end of the sentence above it nor the start of the one below
_PARAGRAPH_LABEL = re.compile(r"^[A-ZÆØÅ][^:;,§]{0,60}§§?\s*\d+[a-z]?(?:/\d+)?\s*$")
#: a criterion row of an offer's profile ("6. Varetagelse af særlige behov (ja)"), not a numbered heading
_CRITERION_ROW = re.compile(r"\((?:ja|nej)\)", re.IGNORECASE)
#: a numbered point whose title runs on into its first sentence on the same line ("8. Regulering af takst
#: Taksten beregnes årligt …", "6. Fakturering Køber faktureres …" in a standard contract): the title is a
#: heading, the rest is text; so is a point whose title is followed by a template's field ("17. Underskrifter
#: Køber: Dato: Angiv dato"). Not a title that ends in a preposition and goes on in capitals ("2. Fokusområder
#: i Rammeaftale 2025-2026"), nor one followed by fewer than five words, nor one with a verb (`_VERB_IN_TITLE`).
_INLINE_POINT = re.compile(
    r"^(?P<head>\d{1,2}\.\s+[A-ZÆØÅ][a-zæøå]+(?:[ /-][a-zæøå]+){0,5}?)\s+"
    r"(?=[A-ZÆØÅ][a-zæøå]+(?:\s+\S+){4}|[A-ZÆØÅ][a-zæøå]+:\s)")
#: an unnumbered sub-heading with a bracketed qualifier printed on one line with the text below it, after a
#: paragraph's end ("Nedlukning af tilbud (med efterfølgende deling af nedlukningsomkostninger) Baggrunden for
#: …"); after a footnote number ("… nedlukningsomkostninger) 17 Præcisering af regelsættet …") the footnote's text
#: follows, up to its short last line
_INLINE_TITLE = re.compile(
    r"^(?P<head>[A-ZÆØÅ][a-zæøå]+(?:\s+[a-zæøå]+){0,4}\s+\([a-zæøå][^()]{2,80}\))(?:\s+(?P<mark>\d{1,2}))?\s+"
    r"(?=[A-ZÆØÅ][a-zæøå]+\s)")
#: an offer's name, its region in brackets and its coverage after a dash ("Center for Døvblindhed og Høretab (Region
#: Nordjylland) – Landsdækkende tilbud"): a sub-heading, on a line of its own (`OFFER_HEADING`) or printed on one
#: line with the text below it, after a paragraph's end (`_INLINE_OFFER`)
_OFFER_TITLE = (r"[A-ZÆØÅ][^()–]{2,60}\([A-ZÆØÅ][^()]{2,40}\)\s+[–-]\s+"
                r"[A-ZÆØÅ][a-zæøå]+(?:\s+[a-zæøå]+){0,3}")
OFFER_HEADING = re.compile(rf"^{_OFFER_TITLE}$")
_INLINE_OFFER = re.compile(rf"^(?P<head>{_OFFER_TITLE})\s+(?=[A-ZÆØÅ][a-zæøå]+\s)")
#: a title whose footnote number is glued to its last word, then a full stop ("Aftaler om principper for evt.
#: deling af udgifter forbundet med oprettelse og lukning af tilbud17."): a heading, the footnote number dropped
_FOOTNOTED_TITLE = re.compile(r"^(?P<title>[A-ZÆØÅ][^!?:;]{5,150}[a-zæøå])\d{1,2}\.$")
#: a title that ends in the year or years it is about ("Takstanbefaling 2021-2022"): a heading, not a table row
_TITLE_OF_YEARS = re.compile(r"^[A-ZÆØÅ][^\d]*[a-zæøå]\s+(?:19|20)\d\d(?:\s*[-–/]\s*(?:19|20)?\d\d)?$")
#: a title and its sub-title joined by a spaced dash ("Fastlæggelse af behov og forventet forbrug - Regionens
#: forpligtelser"): a heading on a line of its own, however long its words run (`_DASHED_HEADING`), or printed on one
#: line with its text after a paragraph's end, the sub-title in lower case but for a closing name ("Forsyning med
#: pladser – tværgående forpligtelse for driftsherre i Region Sjælland Alle rammeaftalens parter …", `_INLINE_DASHED`)
_DASHED_TITLE = (r"[A-ZÆØÅ][a-zæøå]+(?:\s+[a-zæøå/]+){1,7}\s+[–-]\s+[A-ZÆØÅa-zæøå][a-zæøå]+(?:\s+[a-zæøå]+){0,8}"
                 r"(?:\s+[A-ZÆØÅ][a-zæøå]+){0,3}")
_DASHED_HEADING = re.compile(rf"^{_DASHED_TITLE}$")
_INLINE_DASHED = re.compile(rf"^(?P<head>{_DASHED_TITLE})\s+(?=[A-ZÆØÅ][a-zæøå]+\s+[a-zæøå]+\s)")
#: a sub-heading printed at the end of the last line of the paragraph or item above it: after the item's closing
#: bracket ("… som vi ved virker) Unge med dobbeltdiagnose") or a web address ("Se www.rs17.dk Parternes gensidige
#: forpligtelser", an appendix's title after a footnote's link: "54 https://… .pdf Bilag 1 Metode og data"), or, with
#: its colon, after the item's last word when prose follows ("… om en finansieringsmodel
#: Taskforce i forhold til lukningstruede tilbud:", `_TRAILING_LABEL`), or after a reference to appendices ("…
#: vedlagt i bilag 9 og 10 Drøftelser i forbindelse med indgåelse" / "af rammeaftalen", its end wrapped onto the next
#: line, `_TITLE_WRAP`); its own line, when the next line starts a block
_TRAILING_TITLE = re.compile(r"(?:(?<=[a-zæøå]\))|(?<=\.dk)|(?<=\.pdf)|(?<=\bbilag\s\d)|(?<=\bbilag\s\d\d)"
                             r"|(?<=\bbilag\s\d\sog\s\d)|(?<=\bbilag\s\d\sog\s\d\d))\s+"
                             r"(?P<title>(?:Bilag\s+\d{1,2}\s+)?[A-ZÆØÅ][a-zæøå]+(?:\s+[a-zæøå]+){1,4})$")
#: a sub-heading of a standard contract with the offers it applies to in brackets ("Oplysningspligt i fhl. til
#: udarbejdelse af boligdokument og egenbetaling (for botilbud efter SEL §§ 107 og 108)"), its bracket often wrapped
#: onto a line of its own (`_BRACKET_CLOSE`)
_BRACKETED_TITLE = re.compile(r"^[A-ZÆØÅ][a-zæøå]+(?:\s+[\wæøå.]+){2,12}\s*\(for\s+[a-zæøå]+\s+efter\s[^()]{3,40}\)$")
_BRACKET_CLOSE = re.compile(r"^\s*\S+(?:\s+\S+){0,2}\)\s*$")
#: the end of a trailing title wrapped onto a line of its own: a few lower-case words ("af rammeaftalen")
_TITLE_WRAP = re.compile(r"^\s*[a-zæøå]+(?:\s+[a-zæøå]+){0,3}\s*$")
_TRAILING_LABEL = re.compile(r"(?<=[a-zæøå])\s+(?P<title>[A-ZÆØÅ][a-zæøå]+(?:\s+[a-zæøå]+){2,5}):$")
#: the title of an appendix ("Bilag 2 Spørgeskema om botilbudsområdet"): a top-level section, like a numbered heading
_APPENDIX_TITLE = re.compile(r"^Bilag\s+\d{1,2}\.?\s+[A-ZÆØÅ][^.:;!?\d]{3,80}$")
#: a figure per municipality or region ("Morsø 6%", "Region Nordjylland 4,57%", "Aalborg ÆH 4,10%"): a name of up to
#: three capitalised words, then a percentage. A line that opens with one is a table row, a block of its own, and the
#: line above it the table's column headers ("Kommune/region Overheadprocent Evt. bemærkning"), no heading
NAMED_PERCENTAGE = re.compile(r"(?<![\wæøå,.])[A-ZÆØÅ][\wæøå/-]*(?:\s+[A-ZÆØÅ][\wæøå/-]*){0,2}"
                              r"\s+\d+(?:,\d+)?\s*%")
_ENDS_IN_PREPOSITION = re.compile(r"\s(?:i|af|på|til|for|med|om|og|mellem|hos|ved)$")
#: a verb in what would be the title: a step of a procedure ("1. Matchning sendes til regionen …"), no title
_VERB_IN_TITLE = re.compile(r"\s(?:er|skal|kan|vil|har|bliver|[a-zæøå]{3,}es)(?:\s|$)")


@dataclass
class Block:
    """A heading, bullet item or paragraph on one page, as printed (line breaks joined by spaces)."""

    page: int
    kind: str  # HEADING | BULLET | TEXT
    lines: list[str]
    section: str | None = None  # numbered heading (plus the unnumbered sub-heading, if any)
    heading: str | None = None  # the nearest heading of any kind above the block
    index: int = 0  # position in the document
    tabular: bool = False  # mostly numbers: a flattened table row group

    @property
    def text(self) -> str:
        return " ".join(line.strip() for line in self.lines if line.strip())


def _mask(line: str) -> str:
    return re.sub(r"\d+", "#", line.strip())


def _boilerplate_lines(page_texts: list[str]) -> set[str]:
    """Lines (digits masked) printed on many pages: running headers and footers."""
    if len(page_texts) < 3:
        return set()
    counts: Counter[str] = Counter()
    for text in page_texts:
        counts.update({_mask(line) for line in text.splitlines() if line.strip()})
    threshold = max(3, int(0.3 * len(page_texts)))
    return {line for line, n in counts.items()
            if n >= threshold and len(line) > 3 and not _PROTECTED.match(line)}


def _running_prefixes(page_texts: list[str]) -> set[str]:
    """First words of lines that open or close many pages: running headers/footers with variable tails
    ("KKR Hovedstaden · Rammeaftale 2025-2026 4. PRINCIPPER FOR SAMARBEJDE")."""
    if len(page_texts) < 3:
        return set()
    counts: Counter[str] = Counter()
    for text in page_texts:
        lines = [line for line in text.splitlines() if line.strip() and not _LONE_GLYPH.match(line)]
        edge = lines[:2] + lines[-3:]
        counts.update({_prefix(line) for line in edge})
    threshold = max(3, int(0.3 * len(page_texts)))
    return {p for p, n in counts.items() if n >= threshold and len(p) > 12}


def _prefix(line: str) -> str:
    return " ".join(_mask(line).split()[:4])


def is_numeric_heavy(line: str) -> bool:
    """More than a third of the words hold a digit: a table row."""
    tokens = line.split()
    if not tokens:
        return False
    numeric = sum(1 for t in tokens if DIGIT.search(t))
    return numeric / len(tokens) > 0.34


def _is_place_label(text: str) -> bool:
    """A region or municipality name on its own ("Syddanmark", "Region", "Læsø Kommune"): the label of a
    chart or a table row, never a heading."""
    name = re.sub(r"^region\s+|\s+(?:kommune|region)$", "", text.strip(), flags=re.IGNORECASE)
    return name.lower() in {"region", "kommune"} or municipality(name) is not None or region(name) is not None


def _opens_with_percentage(line: str | None) -> bool:
    """A row of a table of figures per municipality (`NAMED_PERCENTAGE` at the line's start)."""
    return NAMED_PERCENTAGE.match((line or "").strip()) is not None


def _has_verb(title: str) -> bool:
    """A verb in what would be a title (`_VERB_IN_TITLE`, `_SHORT_SENTENCE_VERB`): a sentence, no title."""
    return bool(_VERB_IN_TITLE.search(title) or _SHORT_SENTENCE_VERB.search(title))


def _heads_percentages(line: str, next_line: str | None) -> bool:
    """The column headers of a table of percentages per municipality ("Kommune/region Overheadprocent Evt.
    bemærkning" above "Morsø 6%"): a short line without a verb or a full stop at its end, a block of its own."""
    stripped = line.strip()
    return _opens_with_percentage(next_line) and not _opens_with_percentage(stripped) \
        and len(stripped.split()) <= 8 and not _SENTENCE_END.search(stripped) and not _has_verb(stripped)


def _heading_level(line: str, next_line: str | None) -> str | None:
    """'numbered', 'plain' or None for a line that reads as a heading."""
    stripped = line.strip()
    words = stripped.split()
    if _BRACKETED_TITLE.match(stripped) and not _has_verb(stripped.split("(")[0]):
        return "plain"
    if not words or len(stripped) > 110 or stripped.endswith(",") or _opens_with_percentage(next_line) \
            or _OPENS_WITH_AMOUNT.match((next_line or "").strip()):
        return None  # a table's header or row label, its figures on the next line
    if _APPENDIX_TITLE.match(stripped):
        return "numbered"
    if _ITEM_LABEL.match(stripped) or OFFER_HEADING.match(stripped):
        return "plain"
    if _DASHED_HEADING.match(stripped) and not _has_verb(stripped) and not (next_line or "").strip()[:1].islower():
        return "plain"
    footnoted = _FOOTNOTED_TITLE.match(stripped)
    if footnoted and len(words) <= 16 and not _SHORT_SENTENCE_VERB.search(stripped) \
            and not _VERB_IN_TITLE.search(footnoted.group("title")):
        return "plain"
    question_title = stripped.endswith("?") and len(words) <= 10 and _NUMBERED_SECTION.match(stripped) is not None
    if _TITLED_QUESTION.match(stripped) and len(words) <= 12 and (next_line or "").strip()[:1].isupper():
        return "plain"
    if stripped.endswith(":") and len(words) <= 10 and next_line is not None \
            and _SCENARIO_OPENING.match(next_line.strip()):
        return "plain"  # a scenario's title
    if _SENTENCE_END.search(stripped) and not _ABBREVIATION_END.search(stripped) and not question_title:
        return None  # a sentence; not a numbered section asking its question ("3.1 Hvor finder man en plads?")
    if next_line is not None and _PROFILE_FIELD.match(next_line.strip()) and len(words) <= 5 \
            and stripped[0].isupper() and ":" not in stripped:
        return "plain"
    if is_numeric_heavy(re.sub(r"^\d+(\.\d+)*\.?\s+", "", stripped)) and not _TITLE_OF_YEARS.match(stripped):
        return None
    m = None if _CRITERION_ROW.search(stripped) else NUMBERED_HEADING.match(stripped)
    continues = next_line is not None and next_line.strip()[:1].islower()
    if m and len(words) <= 16 and not continues and not re.match(r"^\d+\s+(?:af|pladser|kr|mio)\b", stripped, re.IGNORECASE):
        title = m.group("title")
        footnote_like = "." not in m.group("num") and not stripped[len(m.group("num")):].startswith(".") \
            and not is_caps(title) and ("." in title or "http" in title or len(title.split()) > 7)
        if not footnote_like:
            return "numbered"
    if len(words) <= 8 and stripped[0].isupper() and not stripped.startswith("§") \
            and not any(rx.search(stripped) for rx in _NOT_A_HEADING) and not _is_place_label(stripped):
        if next_line is None or not next_line.strip():
            return "plain"
        first = next_line.strip()[0]
        if first.isupper() or first in _BULLET_GLYPHS or first.isdigit():
            return "plain"
    return None


def _is_paragraph_label(line: str, next_line: str | None) -> bool:
    """A short line without a verb that ends in a paragraph, the next line not continuing it."""
    stripped = line.strip()
    return bool(_PARAGRAPH_LABEL.match(stripped)) and len(stripped.split()) <= 8 \
        and not _SHORT_SENTENCE_VERB.search(stripped) and not (next_line or "").strip()[:1].islower()


def is_caps(line: str) -> bool:
    """Upper case throughout, with at least two letters."""
    letters = [c for c in line if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def segment(page_texts: list[str]) -> list[Block]:
    """Split every page into blocks; section headings carry over page breaks."""
    boilerplate = _boilerplate_lines(page_texts)
    prefixes = _running_prefixes(page_texts)
    pages = [_split_inline_points(_page_lines(text, boilerplate, prefixes)) for text in page_texts]
    name_lists = _name_list_lines(pages)
    blocks: list[Block] = []
    numbered: str | None = None
    plain: str | None = None
    agenda: str | None = None  # the agenda item the text stands under, in minutes
    index = 0
    for page_number, lines in enumerate(pages, start=1):
        full = _full_width(lines)
        listed = _numbered_list_lines(lines) | _footnote_lines(lines, pages[page_number - 2] if page_number > 1 else [])
        offers_table = sum(1 for line in lines if MEASURE_ROW.search(line)) >= 2
        current: Block | None = None

        def close() -> None:
            nonlocal current, index
            if current is not None and current.lines:
                current.section = _section(numbered, plain)
                current.heading = plain or numbered
                current.index = index
                numeric = sum(1 for line in current.lines if is_numeric_heavy(line) and not _URL_PART.search(line))
                current.tabular = numeric >= max(2, len(current.lines) // 2)
                index += 1
                blocks.append(current)
            current = None

        i = 0
        while i < len(lines):
            line = lines[i]
            next_line = lines[i + 1] if i + 1 < len(lines) else None
            continued = i > 0 and _CONTINUED.search(lines[i - 1]) is not None
            level = None if i in listed or continued or _AMOUNT_END.search(line) else _heading_level(line, next_line)
            if level == "plain" and offers_table:
                level = None  # a cell of an offers table ("Rosenfeldthusene Frederikssund", "Kommune")
            # an entry of a list of names that reads as a heading: a block of its own, but no heading
            listed_name = level == "plain" and (page_number, i) in name_lists
            if listed_name:
                level = None
            if AGENDA_ITEM.match(line):
                level = "numbered"
            bullet = _BULLET_PREFIX.match(line)
            if _LEGEND.match(line.strip()) and len(line.split()) <= 8:
                close()
                i += 1
                continue
            if _ANSWER_LABEL.match(line) or listed_name or _heads_percentages(line, next_line) \
                    or not offers_table and _is_paragraph_label(line, next_line):
                close()
                current = Block(page_number, TEXT, [line])
                close()
                i += 1
                continue
            if level and not bullet:
                close()
                footnoted = _FOOTNOTED_TITLE.match(line.strip())
                text = footnoted.group("title") if footnoted else line.strip()
                # an upper-case numbered heading wrapped onto a second upper-case line, or the title of
                # an agenda item on the line below "Punkt 16."
                if level == "numbered" and next_line and not NUMBERED_HEADING.match(next_line.strip()) and (
                        (is_caps(text) and is_caps(next_line) and len(next_line.split()) <= 10)
                        or (AGENDA_ITEM.match(line) and len(text.split()) == 2 and len(next_line.split()) <= 12)):
                    text = f"{text} {next_line.strip()}"
                    i += 1
                    # an agenda item's title wrapped after a preposition ("… vedr. børn og unge med" /
                    # "autismespektrumforstyrrelser")
                    after = lines[i + 1].strip() if i + 1 < len(lines) else ""
                    if AGENDA_ITEM.match(line) and _ENDS_IN_PREPOSITION.search(text) and after[:1].islower() \
                            and len(after.split()) <= 4:
                        text = f"{text} {after}"
                        i += 1
                attachment = level == "plain" and agenda is not None and _is_attachment_title(text, numbered)
                if attachment:
                    # an attachment's title in capitals, wrapped over lines ("KOMMISSORIUM ARBEJDSGRUPPE" / "VEDR.
                    # ØSTERSKOVEN ( 26. APRIL"): one title, under the agenda item, not under the last numbered heading
                    # of the attachment before it
                    while i + 1 < len(lines) and is_caps(lines[i + 1]) and not NUMBERED_HEADING.match(lines[i + 1]) \
                            and _heading_level(lines[i + 1], lines[i + 2] if i + 2 < len(lines) else None):
                        i += 1
                        text = f"{text} {lines[i].strip()}"
                if level == "numbered":
                    numbered, plain = text, None
                    agenda = text if AGENDA_ITEM.match(line) else agenda
                elif attachment:
                    numbered, plain = agenda, text
                else:
                    plain = text
                heading = Block(page_number, HEADING, [text])
                heading.section = _section(numbered, plain if level == "plain" else None)
                heading.heading = text
                heading.index = index
                index += 1
                blocks.append(heading)
                i += 1
                continue
            if bullet:
                close()
                current = Block(page_number, BULLET, [line[bullet.end():]])
            elif current is None or _starts_caption(line, current.lines[-1]) or _opens_with_percentage(line) \
                    or _QUESTION_LABEL.match(line):
                close()
                current = Block(page_number, TEXT, [line])
            else:
                previous = current.lines[-1]
                ends = _SENTENCE_END.search(previous) is not None
                short = _is_short(previous, full)
                starts_upper = line.strip()[:1].isupper() or line.strip()[:1] in "[(\"“”"
                captioned = _CAPTION.match(current.lines[0].strip()) is not None
                # a short list item ends where a capitalised lead-in to the next list starts ("• Kvindekrisecentre" /
                # "Specialundervisningsområdet består af områderne:")
                lead_in = current.kind == BULLET and starts_upper and len(previous.split()) <= 4 \
                    and line.rstrip().endswith(":")
                # prose after the total row that ends a table of amounts ("I alt 12.489.292,58" / "Ydelsestaksten
                # skal ses som en timetakst …") or after a row of figures ("Difference 1.299 492 130" / "Arbejdsgruppen
                # anbefaler scenarie 2, …") is a paragraph of its own
                after_table = starts_upper and not is_numeric_heavy(line) and (
                    _TOTAL_ROW.match(previous) is not None
                    or _FIGURES_ROW.match(previous) is not None and len(line.split()) >= 8)
                if captioned and not line.strip()[:1].islower() or starts_upper and ends and short or lead_in \
                        or after_table:
                    close()
                    current = Block(page_number, TEXT, [line])
                else:
                    current.lines.append(line)
            i += 1
        close()
    return blocks


def _is_attachment_title(text: str, numbered: str | None) -> bool:
    """An attachment's title in minutes: two words or more in capitals, unnumbered, and not inside an appendix ("Bilag 2
    Spørgeskema om botilbudsområdet" / "DEL 1: EFTERSPØRGSEL" is a part of that appendix)."""
    return is_caps(text) and len(text.split()) >= 2 and not NUMBERED_HEADING.match(text) \
        and not (numbered and _APPENDIX_TITLE.match(numbered))


def _starts_caption(line: str, previous: str) -> bool:
    """A caption (`_CAPTION`) opens a block of its own, which ends at the next line that does not start in lower
    case (a table's first row), unless the line above breaks off in a word ("… der er illustreret i" / "Figur 1.1.
    Kategorierne …": the reference ends that sentence)."""
    return _CAPTION.match(line.strip()) is not None and not re.search(r"[a-zæøå]$", previous.rstrip())


def _split_inline_points(lines: list[str]) -> list[str]:
    """A numbered point or an unnumbered title whose title runs on into its text ("8. Regulering af takst Taksten
    beregnes …", `_inline_title`) as two lines, the title first (a footnote printed after the title's footnote number
    is left out: it states nothing of the text's), and a title at the end of an item's last line
    (`_TRAILING_TITLE`) as two lines, the title last; a line of a numbered list (table of contents, the lines around
    it numbered too) stays whole."""
    listed = _numbered_list_lines(lines)
    out: list[str] = []
    taken_until = -1  # the last line already written out (a footnote's, a wrapped bracket's)
    for i, line in enumerate(lines):
        if i <= taken_until:
            continue
        following = lines[i + 1] if i + 1 < len(lines) else ""
        joined = f"{line.strip()} {following.strip()}"
        if _BRACKET_CLOSE.match(following) and line.count("(") > line.count(")") and _BRACKETED_TITLE.match(joined):
            out.append(joined)  # a title whose bracket wraps onto a line of its own ("… SEL §§ 107 og" / "108)")
            taken_until = i + 1
            continue
        point = None if i in listed else _INLINE_POINT.match(line.strip())
        head = point.group("head") if point else ""
        if point and not _ENDS_IN_PREPOSITION.search(head) and not _VERB_IN_TITLE.search(head):
            out.extend([head, line.strip()[point.end():]])
        elif (title := _inline_title(line.strip())) and (i == 0 or _SENTENCE_END.search(lines[i - 1])):
            out.append(title.group("head"))
            taken_until = _footnote_end(lines, i) if title.groupdict().get("mark") else -1
            if taken_until < i:
                out.append(line.strip()[title.end():])
        elif trailing := _trailing_title(line, following):
            out.extend([line[:trailing.start()], trailing.group("title")])
        elif _TITLE_WRAP.match(following) and i + 2 < len(lines) \
                and (trailing := _trailing_title(line, lines[i + 2], labels=False)):
            out.extend([line[:trailing.start()], f"{trailing.group('title')} {following.strip()}"])
            taken_until = i + 1
        else:
            out.append(line)
    return out


def _footnote_end(lines: list[str], start: int) -> int:
    """The last line of a footnote's text printed from line `start` on, after a title and its footnote number: the
    first short line (`_is_short`) followed by one that opens in upper case; -1 when none follows within four lines."""
    full = _full_width(lines)
    for j in range(start, min(start + 5, len(lines) - 1)):
        if _is_short(lines[j], full) and lines[j + 1].strip()[:1].isupper():
            return j
    return -1


def _full_width(lines: list[str]) -> int:
    """The length of a full line of text on the page (the 80th percentile of the line lengths)."""
    widths = sorted(len(line) for line in lines)
    return widths[int(len(widths) * 0.8)] if widths else 0


def _is_short(line: str, full: int) -> bool:
    """A line that ends well before the right margin: the last line of a paragraph."""
    return bool(full) and len(line) < 0.72 * full


def _inline_title(line: str) -> re.Match[str] | None:
    """An unnumbered title printed on one line with its text (`_INLINE_TITLE`, `_INLINE_OFFER`, `_INLINE_DASHED`)."""
    dashed = _INLINE_DASHED.match(line)
    if dashed and (_has_verb(dashed.group("head")) or _ENDS_IN_PREPOSITION.search(dashed.group("head"))):
        dashed = None
    return _INLINE_TITLE.match(line) or _INLINE_OFFER.match(line) or dashed


def _trailing_title(line: str, next_line: str | None, labels: bool = True) -> re.Match[str] | None:
    """A title at the end of a line (`_TRAILING_TITLE`, and with `labels` `_TRAILING_LABEL`) without a verb, the
    next line a bullet or a new sentence."""
    bullet = next_line is not None and _BULLET_PREFIX.match(next_line) is not None
    sentence = next_line is not None and next_line.strip()[:1].isupper()
    trailing = _TRAILING_TITLE.search(line.rstrip()) \
        or (_TRAILING_LABEL.search(line.rstrip()) if labels and sentence and not bullet else None)
    title = trailing.group("title") if trailing else ""
    if (bullet or sentence) and title and not _has_verb(title) and not _ENDS_IN_PREPOSITION.search(title):
        return trailing
    return None


#: a footnote mark printed right after a word ("… fordelt på de nordjyske kommuner.1 Kommunale tilbud")
_FOOTNOTE_MARK = re.compile(r"(?P<word>[a-zæøå]{3,})\.?(?P<n>\d{1,2})(?=\s|$)")
#: words a number follows as a paragraph's part or a list number, not as a footnote mark ("stk.1", "nr.1")
_NO_MARK_WORDS = {"stk", "pkt", "kap", "side", "bilag", "punkt", "figur", "tabel"}
_FOOTNOTE_START = re.compile(r"^(?P<n>\d{1,2})\s+[A-ZÆØÅ]")


def _footnote_lines(lines: list[str], previous_page: list[str]) -> set[int]:
    """Indexes of footnotes that read as numbered headings ("1 Data fra Tilbudsportalen"): a line opening with the
    number of a footnote mark printed above it on this page or the page before."""
    marks = {n for line in previous_page for n in _footnote_marks(line)}
    out: set[int] = set()
    for i, line in enumerate(lines):
        start = _FOOTNOTE_START.match(line.strip())
        if start and start.group("n") in marks:
            out.add(i)
        marks |= _footnote_marks(line)
    return out


def _footnote_marks(line: str) -> set[str]:
    """The footnote numbers printed right after a word of `line` (`_FOOTNOTE_MARK`)."""
    return {m.group("n") for m in _FOOTNOTE_MARK.finditer(line) if m.group("word") not in _NO_MARK_WORDS}


def _numbered_list_lines(lines: list[str]) -> set[int]:
    """Indexes of numbered lines that belong to a list, not a heading: a table of contents, or a
    questionnaire's list of topics ("1.1 Dagtilbud SEL § 32 – Efterspørgsel", "1.2 … – Udbud", …).

    A numbered line with two more numbered lines among the three lines before and the three after it
    is a list item. Read as headings, such a list would put everything after it under its last entry (the
    whole Sjælland agreement stood under "9.2 Folkeskoleloven § 20 stk.3 - Udbud").
    """
    numbered = [bool(_LIST_NUMBER.match(line.strip())) for line in lines]
    out = set()
    for i, is_numbered in enumerate(numbered):
        if is_numbered and sum(numbered[max(0, i - 3):i]) + sum(numbered[i + 1:i + 4]) >= 2:
            out.add(i)
    return out


def _name_list_lines(pages: list[list[str]]) -> set[tuple[int, int]]:
    """(1-based page, line index) of the entries of a list printed one short line each, without bullets: three
    or more title-like lines in a row (`_is_title_like`), or two after a line that announces them ("… omfatter
    følgende:"), across a page break too ("Sofieskolen" / "3Kløveren" / "Troldemosen"). Read as headings, every
    entry, and above all the last, became the section of the text after the list; two title-like lines
    without the colon above are a heading and its sub-heading. The entry after one wrapped over two lines
    ("Bakkegården – … Kofoedsminde" / "– den sikrede afdeling … Synscenter Refsnæs" / "Orions Bælte (Prader Willis
    syndrom)") still belongs to the list."""
    flat = [(page, i, line) for page, lines in enumerate(pages, start=1) for i, line in enumerate(lines)]
    titles = [_is_title_like(line, flat[n + 1][2] if n + 1 < len(flat) else None)
              and not (n > 0 and _runs_on(flat[n - 1][2])) for n, (_, _, line) in enumerate(flat)]
    out: set[tuple[int, int]] = set()
    n = 0
    for is_title, run in groupby(titles):
        size = len(list(run))
        announced = n > 0 and flat[n - 1][2].rstrip().endswith(":")
        if is_title and (size >= 3 or size == 2 and announced):
            out.update((page, i) for page, i, _ in flat[n:n + size])
        n += size
    wrapped_on = {n for n in range(2, len(flat)) if flat[n - 2][:2] in out and _runs_on(flat[n - 1][2])
                  and _is_title_like(flat[n][2], flat[n + 1][2] if n + 1 < len(flat) else None)}
    return out | {flat[n][:2] for n in wrapped_on}


def _runs_on(line: str) -> bool:
    """A line of running text that the next line continues: long (over 75 characters), no sentence end."""
    return len(line.strip()) > 75 and not _SENTENCE_END.search(line.strip())


def _is_title_like(line: str, next_line: str | None) -> bool:
    """A short line of words (not a date) without sentence punctuation that is no bullet, field, numbered heading,
    agenda item, item label or upper-case title (often wrapped over several lines), nor an offer profile's title
    (above "Paragraf: …")."""
    stripped = line.strip()
    return len(stripped.split()) <= 10 and any(c.isalpha() for c in stripped) and not _SENTENCE_END.search(stripped) \
        and not _BULLET_PREFIX.match(line) and not _FIELD.match(stripped) \
        and not is_caps(stripped) and not NUMBERED_HEADING.match(stripped) and not AGENDA_ITEM.match(stripped) \
        and not _ITEM_LABEL.match(stripped) and not (next_line is not None and _PROFILE_FIELD.match(next_line.strip()))


def _page_lines(page_text: str, boilerplate: set[str], prefixes: set[str]) -> list[str]:
    raw = [_SOFT_HYPHEN.sub("", line).rstrip() for line in page_text.splitlines()]
    lines = [line for line in raw if line.strip() and not _LONE_GLYPH.match(line)]
    lines = lines[:_foot_title_start(lines, prefixes)]
    edge = set(range(2)) | set(range(len(lines) - 3, len(lines)))
    return [line for n, line in enumerate(lines)
            if _mask(line) not in boilerplate and not _PAGE_NUMBER.match(line)
            and not (n in edge and _prefix(line) in prefixes)]


def _foot_title_start(lines: list[str], prefixes: set[str]) -> int:
    """Where the running title at the foot of a web-layout page starts ("KKR Hovedstaden · Rammeaftale" /
    "2025-2026" / "6. PROCEDURER FOR …" / "Side 19 af 51"): everything from its first line on is the
    running title. Read as text, its chapter title became a heading that the next page inherited."""
    for n in range(max(2, len(lines) - 5), len(lines)):  # not the running header at the top
        if _prefix(lines[n]) in prefixes and not NUMBERED_HEADING.match(lines[n].strip()):
            return n
    return len(lines)


def clean_lines(page_texts: list[str]) -> list[tuple[int, str]]:
    """(1-based page, line) for every printed line, running headers/footers and lone bullets removed."""
    boilerplate = _boilerplate_lines(page_texts)
    prefixes = _running_prefixes(page_texts)
    return [(number, line) for number, text in enumerate(page_texts, start=1)
            for line in _page_lines(text, boilerplate, prefixes)]


def is_heading(line: str, next_line: str | None) -> bool:
    """Whether a line reads as a heading (numbered, or short and unpunctuated before a capital)."""
    return _heading_level(line, next_line) is not None


def _section(numbered: str | None, plain: str | None) -> str | None:
    if numbered and plain:
        return f"{numbered} / {plain}"
    return numbered or plain
