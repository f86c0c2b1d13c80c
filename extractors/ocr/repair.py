"""Repairs of what OCR confuses in these documents, and marks on what it cannot vouch for.

A repair changes a word only where the domain leaves one reading: a law's abbreviation is always
followed by "§", an offers table's cells hold numbers, an occupancy cell a percentage. What cannot
be settled that way is not guessed: the word keeps what OCR read, or the reading the documents
mostly print (a space OCR cannot see), and is marked `uncertain` with the reason, and a warning
names the page and the value (cells of low confidence, and cells whose occupancy disagrees with
places used / capacity — the table's own cross-check). `offers` turns a cell's marks into the
reasons of `OfferYear.uncertain`.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import replace

from extractors.offers import HEADER_COLUMNS, MEASURES, occupancy_mismatch
from extractors.pdf import Line, Word, group_lines
from models.numbers import is_danish_number, parse_danish_number

LOW_CONFIDENCE = 75.0  # Tesseract's confidence below which a table's number is not vouched for
#: the same for a table's text (name, operator, paragraph): no cross-check catches a misread letter
#: there ("Bomholms" at 85, "Hovedståden" at 78), so the bar is higher; 5 % of words fall below it
TEXT_LOW_CONFIDENCE = 90.0
#: how close a misread table label must be to the label: one letter wrong in "Pladstal" (0.875) or
#: "Pladser" (0.857), never "pladsantal" (0.778); labels are only repaired where a table's line has them
LABEL_CUTOFF = 0.85

#: the abbreviations of the laws these documents cite (Barnets Lov, serviceloven, almenboligloven,
#: folkeskoleloven, beskæftigelsesloven, sundhedsloven …), or a law by name ("servicelovens", "Lov")
_LAW_ABBREVIATIONS = "BL|SEL|SL|ABL|FSL|LAB|SUL|LSV|VEL|BEK|LBK"
_LAW = re.compile(rf"^({_LAW_ABBREVIATIONS}|\w*lov(en|ens)?)$", re.IGNORECASE)
_LAW_GLUED = re.compile(rf"^(?P<law>{_LAW_ABBREVIATIONS})(?P<rest>[8$S&§]{{1,2}}\d.*)$")
#: "§" read as "8", "$", "S" or "&" ("§§" as "88", "$$" …; alone also "5"), alone or glued to the
#: paragraph number; glued, one sign ("885" is "§ 85": "§§" is not printed against its numbers)
_SECTION = re.compile(r"^((?P<signs>[85$S&§]{1,2})|(?P<sign>[8$S&§])(?P<number>\d.*))$")
_GLUED_SIGN = re.compile(r"^[8$S&](\d{2,3}[a-z]?)$")  # "8104": maybe "§104" (a paragraph has 2-3 digits)
_PARAGRAPH_NUMBER = re.compile(r"^\d+[a-z]?\b")
_GLUED_SLASH = re.compile(r"^(?P<number>\d+[a-z]?)/$")
_SLASH_LAW = re.compile(rf"^(?P<number>\d+[a-z]?)?/(?P<law>{_LAW_ABBREVIATIONS})$")
#: a decimal point (or ; :) where Danish prints a comma: one or two digits after it, never the
#: three of a thousands separator
_DECIMAL_POINT = re.compile(r"^(?P<whole>\d+)[.;:](?P<decimals>\d{1,2})(?P<percent>%?)$")
#: "%" read as "96", "9%", "°/o", "%." — at the end of a number in an occupancy row
_IS_PERCENT = re.compile(r"^\d{1,3}%$")
_PERCENT = re.compile(r"^(?P<number>\d{1,3})(96|9%|%%|°/o|°%|%\.|o/o|°)$")
_YEAR = re.compile(r"^(19|20)\d\d$")
#: a lone "0" in a table cell, which Tesseract reads as "(9)", "(2)", "(0)", "()" or "("
_LONE_ZERO = re.compile(r"^\(\d?\)?$|^[Oo]$")
#: words OCR misreads one way, whose misreading no Danish text prints: "Gl." (gammel) with an I
_MISREADS = {"GI.": "Gl."}
_BULLETS = {"+", "«", "*", "©", "»", "¢", "e"}  # "•" at a line's start, as Tesseract reads it
#: a table's rules and underlines read as characters, and speckle read as a lone full stop or quote
_DUST = re.compile(r"^([=_—|]+|[.'\"`´‘’“”„:;]+)$")
_QUOTES = "'\"`´‘’“”„"


def repair_page(words: list[Word], page: int) -> tuple[list[Word], list[str]]:
    """Repaired words of one OCR page, with the marks they carry, and a warning per mark."""
    lines = [repair_line(list(line.words)) for line in group_lines(words)]
    lines = [_repair_cells(line) if _measure(line) else line for line in lines]
    lines = _mark_low_confidence(lines)
    repaired = _cross_check(group_lines([w for line in lines for w in line]))
    warnings: list[str] = []
    for word in repaired:
        if word.uncertain:
            warnings.append(f"page {page}: {word.text!r} at {word.bbox.as_list()} is uncertain: {word.uncertain}")
    return repaired, warnings


def repair_line(words: list[Word]) -> list[Word]:
    """The repairs any line of text needs: table labels, misread words, "§", decimal commas, bullets."""
    words = _table_labels(words)
    words = [_slash_law(_retext(w, _MISREADS.get(w.text, w.text))) for w in words]
    words = _repair_sections(words)
    words = [_retext(w, _decimal_comma(w.text)) for w in words]
    if words and words[0].text in _BULLETS and len(words) > 1 and words[1].text[:1].isupper():
        words[0] = _retext(words[0], "•")
    return words


def _retext(word: Word, text: str) -> Word:
    return word if text == word.text else replace(word, text=text)


def _table_labels(words: list[Word]) -> list[Word]:
    """Table labels misread by a letter, restored so the offers reader finds its header and rows:
    on a header line (two years or more) the column titles ("Piadser", "Driftsberre") and a year
    between or after consecutive ones ("20923" after 2022); on a row, a measure label followed by
    numbers ("Pladsta! 10 10", "Pladstaål i 25 25"). Prose keeps its words: "Botilbud" is not "Tilbud"."""
    if sum(bool(_YEAR.match(w.text)) for w in words) >= 2:
        return _header_line(words)
    return [_retext(w, _close(w.text, MEASURES)) if any(_is_number(v.text) for v in words[i + 1:]) else w
            for i, w in enumerate(words)]


def _header_line(words: list[Word]) -> list[Word]:
    out: list[Word] = []
    year = None
    for word in words:
        if _YEAR.match(word.text):
            year = int(word.text)
        elif year and word.text.isdigit() and _similar(word.text, str(year + 1)):
            word, year = _retext(word, str(year + 1)), year + 1
        else:
            word = _retext(word, _close(word.text, HEADER_COLUMNS))
        out.append(word)
    return out


def _close(text: str, labels) -> str:
    """`text` as the label (of `labels`, lower-case) it misreads by a letter, capitalised; else as read."""
    if len(text) < 6 or text.lower() in labels:
        return text
    match = difflib.get_close_matches(text.lower(), list(labels), n=1, cutoff=LABEL_CUTOFF)
    return match[0].capitalize() if match else text


def _similar(text: str, expected: str) -> bool:
    return difflib.SequenceMatcher(None, text, expected).ratio() >= LABEL_CUTOFF


def _is_number(text: str) -> bool:
    return is_danish_number(text.rstrip("%"))


def section_sign(text: str, after_law: bool, following: str = "") -> str:
    """"8 43" / "843" / "$43" after a law's name → "§ 43"; "88 103-104" → "§§ 103-104".

    Tesseract's Danish model reads the section sign as 8, $, S or &. A law's name is always
    followed by it, so after one the misread is certain; a lone sign must also be followed by a
    paragraph number ("SEL 8 107"). "$" never stands in these documents, so a lone "$" is "§"
    anywhere. A law glued to it ("ABL8105/") is split off first.
    """
    glued = _LAW_GLUED.match(text)
    if glued:
        return f"{glued['law']} {section_sign(glued['rest'], True)}"
    match = _SECTION.match(text)
    if match is None:
        return text
    if match["number"] is not None:  # a "§" read right keeps the spacing it was read with ("SEL §110")
        return f"§ {_slash_spacing(match['number'])}" if after_law and match["sign"] != "§" else text
    if after_law or "$" in match["signs"] and _PARAGRAPH_NUMBER.match(following):
        return "§" * len(match["signs"])  # after a law, even when its number wrapped to the next line
    return text


def _repair_sections(words: list[Word]) -> list[Word]:
    out: list[Word] = []
    for i, word in enumerate(words):
        previous = out[-1].text if out else ""
        following = words[i + 1].text if i + 1 < len(words) else ""
        text = section_sign(word.text, bool(_LAW.match(re.split(r"[\s/]", previous)[-1])), following)
        text = _slash_spacing(text) if previous.startswith("§") else text
        if "§ " in text and " " not in word.text:  # a misread sign glued to its number ("843")
            word = replace(word, uncertain=f"read as {word.text!r}; whether a space follows '§' is not known")
        out.append(_retext(word, text))
    return out


def _slash_spacing(text: str) -> str:
    """"105/" → "105 /": between two legal references Tesseract drops the narrow space before the
    slash ("ABL § 105 / SEL § 85")."""
    match = _GLUED_SLASH.match(text)
    return f"{match['number']} /" if match else text


def _slash_law(word: Word) -> Word:
    """"105/SEL" → "105 / SEL", "/SEL" → "/ SEL": the narrow spaces around the slash between two
    legal references ("ABL § 105 / SEL § 85"), which Tesseract drops. Marked: a few cells print
    the slash without them ("SEL § 105 /SEL § 85")."""
    match = _SLASH_LAW.match(word.text)
    if match is None:
        return word
    text = f"{match['number']} / {match['law']}" if match["number"] else f"/ {match['law']}"
    return replace(word, text=text, uncertain=f"read as {word.text!r}; the spaces around '/' are not always printed")


def _decimal_comma(text: str) -> str:
    """"33.5" → "33,5": OCR reads the small comma as a point; one or two digits after it cannot be
    a thousands separator (always three)."""
    match = _DECIMAL_POINT.match(text)
    return f"{match['whole']},{match['decimals']}{match['percent']}" if match else text


def _measure(words: list[Word]) -> tuple[str, int] | None:
    """The measure of an offers-table row (its label) and the label's index, or None."""
    for i, word in enumerate(words):
        for label, measure in MEASURES.items():
            if word.text.lower().startswith(label):
                return measure, i
    return None


def _repair_cells(words: list[Word]) -> list[Word]:
    """The cells right of a measure label hold numbers: a lone zero misread as "(9)" becomes "0" and
    is marked (the glyph was not read, the domain says what it must be); an occupancy's percent sign
    misread as "96" becomes "%"."""
    measure, index = _measure(words)
    out = words[:index + 1]
    for word in words[index + 1:]:
        if _LONE_ZERO.match(word.text):
            word = replace(word, text="0", uncertain=f"read as {word.text!r}; a lone 0 is what OCR misreads so")
        elif measure == "occupancy_pct" and _PERCENT.match(word.text) and not _IS_PERCENT.match(word.text):
            word = replace(word, text=f"{_PERCENT.match(word.text)['number']}%")
        out.append(word)
    return out


def _mark_low_confidence(lines: list[list[Word]]) -> list[list[Word]]:
    """Mark the words of low confidence in an offers table: on its rows and the wrapped cell text
    between them (from the first measure row to the line after the last). Prose is not marked:
    the clause readers work on phrases, not on single values."""
    rows = [i for i, line in enumerate(lines) if _measure(line)]
    if not rows:
        return lines
    table = range(rows[0], rows[-1] + 2)
    labels_left = min(line[_measure(line)[1]].bbox.x0 for line in (lines[i] for i in rows))
    return [[_low_confidence_mark(_text_cell(w, labels_left), labels_left) if i in table else w
             for w in line if not (i in table and _is_dust(w, labels_left))]
            for i, line in enumerate(lines)]


def _low_confidence_mark(word: Word, labels_left: float) -> Word:
    """A table word of low confidence (below `TEXT_LOW_CONFIDENCE` left of the measure labels, else
    `LOW_CONFIDENCE`), marked; a full stop after its paragraph number dropped ("83/85." — a
    reference in a cell ends without one; the dot is dust OCR was unsure of)."""
    bar = TEXT_LOW_CONFIDENCE if word.bbox.x1 < labels_left else LOW_CONFIDENCE
    if word.uncertain or word.confidence is None or word.confidence >= bar:
        return word
    text = word.text[:-1] if re.fullmatch(r"\d+([/-]\d+)*\.", word.text) else word.text
    return replace(word, text=text, uncertain=f"read as {word.text!r}, OCR confidence {word.confidence:.0f}")


def _is_dust(word: Word, labels_left: float) -> bool:
    """"=", "—", ".", "'" alone in a table's text columns: a rule under a cell, or speckle, read as
    characters; no cell prints them alone (the numeric columns keep a dash, which prints a blank cell)."""
    return bool(_DUST.match(word.text)) and word.bbox.x1 < labels_left


def _text_cell(word: Word, labels_left: float) -> Word:
    """A word in a table's text columns without the quote speckle glued to it ('"Herlev': no
    offer's name, operator or paragraph is printed in quotes); a number that may be a misread "§"
    glued to a paragraph number ("Campus Espevang 8104"), not after a law, is marked."""
    if word.bbox.x1 >= labels_left:
        return word
    word = _retext(word, word.text.strip(_QUOTES) or word.text)
    match = _GLUED_SIGN.match(word.text)
    return replace(word, uncertain=f"read as {word.text!r}; may be '§{match[1]}'") if match and not word.uncertain else word


def _cross_check(lines: list[Line]) -> list[Word]:
    """Mark cells of a capacity / places used / occupancy triple whose occupancy is not
    100 × used / capacity (`offers.occupancy_mismatch`): one of them was misread, or printed so."""
    marks: dict[int, tuple[str, str | None]] = {}  # id(word) → reason, and the text it is repaired to
    rows = [(line, m) for line in lines if (m := _measure(list(line.words)))]  # wrapped names between
    for i in range(len(rows) - 2):
        triple = rows[i:i + 3]
        if [m[0] for _, m in triple] != ["capacity", "usage", "occupancy_pct"]:
            continue
        columns = [_cells(line, m[1]) for line, m in triple]
        for capacity in columns[0]:
            used, occupancy = _same_column(capacity, columns[1]), _same_column(capacity, columns[2])
            reason = _mismatch(capacity, used, occupancy)
            if reason and used is not None and (comma := _dropped_comma(capacity, used, occupancy)):
                marks[id(used)] = (f"read as {used.text!r}; {comma} passes the occupancy cross-check", comma)
            elif reason:
                for cell in (capacity, used, occupancy):
                    marks[id(cell)] = (reason, None)
    return [_marked(w, *marks[id(w)]) if id(w) in marks else w for line in lines for w in line.words]


def _marked(word: Word, reason: str, text: str | None) -> Word:
    return replace(word, text=text or word.text, uncertain=reason if text else word.uncertain or reason)


def _dropped_comma(capacity: Word, used: Word, occupancy: Word | None) -> str | None:
    """Places used as printed when OCR lost its decimal comma ("78" for "7,8"): the one-decimal
    reading, if that one passes the cross-check."""
    if not re.fullmatch(r"\d{2,}", used.text):
        return None
    candidate = f"{used.text[:-1]},{used.text[-1]}"
    return candidate if _mismatch(capacity, replace(used, text=candidate), occupancy) is None else None


def _cells(line: Line, label_index: int) -> list[Word]:
    return [w for w in line.words[label_index + 1:] if _number(w.text) is not None]


def _same_column(cell: Word, row: list[Word]) -> Word | None:
    """The cell of another row in the same column: the one whose middle is nearest, if it overlaps."""
    overlapping = [w for w in row if w.bbox.x0 < cell.bbox.x1 and cell.bbox.x0 < w.bbox.x1]
    return min(overlapping, key=lambda w: abs(w.x_center - cell.x_center), default=None)


def _mismatch(capacity: Word, used: Word | None, occupancy: Word | None) -> str | None:
    reason = occupancy_mismatch(*(_number(w.text) if w else None for w in (capacity, used, occupancy)))
    return f"{reason} (misread, or printed so)" if reason else None


def _number(text: str) -> int | float | None:
    try:
        return parse_danish_number(text)
    except ValueError:
        return None
