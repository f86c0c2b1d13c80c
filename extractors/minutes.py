"""Meeting minutes (dagsorden/referat): agenda items with their decisions, the next meeting, and
tables with one row per region.

    from extractors.minutes import extract_agenda_items, extract_next_meeting, extract_region_tables
    items = extract_agenda_items(doc)       # list[AgendaItem]
    meeting = extract_next_meeting(doc)     # NextMeeting | None
    tables = extract_region_tables(doc)     # list[PrintedTable]

Agenda items (the KL "Punkt N." layout of KKR/DAS minutes):
    Punkt 3.                                  ← number ("Punkt 3" too)
    Afrapportering: Arbejdsgruppe vedr. …     ← title (one to three lines)
    2023-078972                               ← case number, when printed
    Resume / Baggrund / Sagsfremstilling …
    Indstilling                               ← recommendation, up to "Bilag:" or "Beslutning:"
    Beslutning:                               ← decision ("Beslutning: Godkendt." too), up to the next
                                                 item, the "Mødet den …" stamp, or an attachment
Attachments follow the decision in the same PDF; an attachment starts with a run of upper-case cover
lines or a heading, so the decision stops there (it may run onto the next page).

Region tables: survey tables print one row per region ("Region Hovedstaden 91% 9% …"; sub-blocks
under a label line each become their own table), key-figure tables print the regions as columns
("Nøgletal … Region Hovedstaden Region Midtjylland …" then one measure per line) and are transposed,
and survey notes list "Nordjylland: n = 9, …". Values are kept exactly as printed.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import replace

from extractors.segment import clean_lines, is_caps, is_heading
from extractors.pdf import ParsedDocument
from models.geometry import BBox
from models.records import AgendaItem, NextMeeting, PrintedTable
from models.regions import REGIONS
from models.vocabulary import MONTHS

__all__ = ["extract_agenda_items", "extract_next_meeting", "extract_region_tables", "REGION_NAMES"]

#: the regions as region tables key their rows: "Hovedstaden", "Sjælland", …
REGION_NAMES = tuple(r.name.removeprefix("Region ") for r in REGIONS)

#: an item's number ("Punkt 3." or "Punkt 3") and its decision label: the lines that make a document
#: minutes (`extractors.metadata`) are the lines its items are read from
AGENDA_ITEM = re.compile(r"^\s*Punkt\s+(\d{1,3})\.?\s*$")
_CASE = re.compile(r"^\s*(\d{4}-\d{5,6}|[A-Z]{2,5}-\d{4}-\d{3,6})\s*$")
_SECTION_WORDS = re.compile(
    r"^\s*(Resum[eé]|Baggrund|Sagsfremstilling|Indstilling|Beslutning:?|Bilag:?|Orienteringspunkter|"
    r"Sagsbeskrivelse|Økonomi|Kommunikation)\s*$", re.IGNORECASE)
#: a section label is the word itself, alone on its line or followed by a colon: "Beslutning:",
#: "Beslutning: Godkendt", "Indstilling" — never a sentence that starts with a longer word
#: ("Beslutningen om takster …", "Beslutningsgrundlaget …", "Indstillingen fra …")
_RECOMMENDATION = re.compile(r"^\s*Indstilling\b\s*(?:$|:\s*(?P<rest>.*)$)", re.IGNORECASE)
DECISION = re.compile(r"^\s*Beslutning\b\s*(?:$|:\s*(?P<rest>.*)$)", re.IGNORECASE)
_ATTACHMENTS = re.compile(r"^\s*Bilag\b\s*:?\s*$", re.IGNORECASE)
_STAMP = re.compile(r"^\s*(Mødet den \d|Åben\s*$|Lukket\s*$)", re.IGNORECASE)


def extract_agenda_items(doc: ParsedDocument) -> list[AgendaItem]:
    """Every "Punkt N." item of a minutes document, in order, with title, case number,
    recommendation ("Indstilling") and decision ("Beslutning"); `decision` is None when the item has
    no "Beslutning:" (e.g. "Næste møde")."""
    lines = clean_lines(doc.page_texts)
    starts = [i for i, (_, line) in enumerate(lines) if AGENDA_ITEM.match(line)]
    items: list[AgendaItem] = []
    for n, start in enumerate(starts):
        end = starts[n + 1] if n + 1 < len(starts) else len(lines)
        body = lines[start + 1:end]
        page = lines[start][0]
        number = int(AGENDA_ITEM.match(lines[start][1]).group(1))
        title_lines: list[str] = []
        case_number = None
        i = 0
        while i < len(body) and len(title_lines) < 3:
            text = body[i][1].strip()
            if _CASE.match(text):
                case_number = _CASE.match(text).group(1)
                i += 1
                break
            if _SECTION_WORDS.match(text) or DECISION.match(text) or (
                    title_lines and text.endswith(".") and len(text.split()) > 6):
                break
            if title_lines and not _continues(title_lines[-1], text):
                break
            title_lines.append(text)
            i += 1
        if case_number is None and i < len(body) and _CASE.match(body[i][1]):
            case_number = _CASE.match(body[i][1]).group(1)
        recommendation = _recommendation(body)
        decision = _decision(body)
        items.append(AgendaItem(number=number, title=" ".join(title_lines) or "", case_number=case_number,
                                recommendation=recommendation, decision=decision, page=page,
                                bbox=doc.locate(page, lines[start][1])))
    return items


def _continues(previous: str, line: str) -> bool:
    """A title wraps onto the next line only mid-phrase ("… børn og unge med" / "autismespektrum…")."""
    last = previous.rstrip().split()[-1].lower() if previous.strip() else ""
    return line[:1].islower() or last in {"med", "og", "af", "for", "til", "i", "på", "vedr.", "om", "-", "–"} \
        or previous.rstrip().endswith((":", "-", "–", ","))


def _recommendation(body: list[tuple[int, str]]) -> str | None:
    for i, (_, line) in enumerate(body):
        m = _RECOMMENDATION.match(line)
        if m:
            out = [m.group("rest").strip()] if (m.group("rest") or "").strip() else []
            for _, text in body[i + 1:]:
                if _ATTACHMENTS.match(text) or DECISION.match(text) or _STAMP.match(text):
                    break
                out.append(text.strip())
            return _join(out) or None
    return None


def _decision(body: list[tuple[int, str]]) -> str | None:
    for i, (_, line) in enumerate(body):
        m = DECISION.match(line)
        if not m:
            continue
        out = [m.group("rest").strip()] if (m.group("rest") or "").strip() else []
        rest = body[i + 1:]
        for j, (_, text) in enumerate(rest):
            following = rest[j + 1][1] if j + 1 < len(rest) else None
            if _STAMP.match(text) or AGENDA_ITEM.match(text):
                break
            if out and is_caps(text) and ((following is not None and is_caps(following))
                                        or sum(c.isalpha() for c in text) >= 12):
                break  # an attachment's cover page
            if out and is_heading(text, following) and not text.strip().startswith(("•", "-")) \
                    and not text.rstrip().endswith(":"):
                break
            out.append(text.strip())
        return _join(out) or None
    return None


#: "Næste møde finder sted d. 4. april 2024 kl. 12.00-16.00", "Næste møde afholdes den 4.4.2024"
_CLOCK = r"\d{1,2}[.:]\d{2}"
_NEXT_MEETING = re.compile(
    r"Næste møde\b[^.]*?\b(?:d\.|den)\s*(?P<day>\d{1,2})\.\s*(?:(?P<month>" + "|".join(MONTHS)
    + rf")|(?P<month_number>\d{{1,2}})\.)\s*(?P<year>\d{{4}})"
    + rf"(?:,?\s*kl\.\s*(?P<time>{_CLOCK}(?:\s*[-–]\s*{_CLOCK})?))?",
    re.IGNORECASE)


def extract_next_meeting(doc: ParsedDocument) -> NextMeeting | None:
    """The next meeting the minutes announce ("Næste møde finder sted d. 4. april 2024 kl. 12.00-16.00"),
    the last such sentence of the document; None when it announces none."""
    lines = clean_lines(doc.page_texts)
    for n in range(len(lines) - 1, -1, -1):
        page, text = lines[n]
        sentence = _join([text, *(t for p, t in lines[n + 1:n + 2] if p == page)])
        m = _NEXT_MEETING.search(sentence) if "Næste møde" in text else None
        if m is None:
            continue
        month = MONTHS.index(m.group("month").lower()) + 1 if m.group("month") else int(m.group("month_number"))
        try:
            date = datetime.date(int(m.group("year")), month, int(m.group("day")))
        except ValueError:
            continue  # no such day: not a date
        text = re.split(r"(?<=\.)\s+(?=[A-ZÆØÅ])", sentence[m.start():])[0]
        return NextMeeting(date=date, time=m.group("time"), text=text, page=page, bbox=doc.locate(page, text))
    return None


def _join(lines: list[str]) -> str:
    return re.sub(r"\s+", " ", " ".join(lines)).strip()


# --------------------------------------------------------------------------------------------------
# region tables
# --------------------------------------------------------------------------------------------------

_REGION_ALT = "|".join(REGION_NAMES)
_VALUE = r"-?\d[\d.,]*\s?%?|-"
_ROW = re.compile(rf"^\s*(?:Region\s+)?(?P<region>{_REGION_ALT}|I alt|Hele landet|Landet)\s+(?P<values>(?:(?:{_VALUE})\s*)+)$")
_CAPTION = re.compile(r"^\s*(Tabel|Bilagstabel|Figur)\s+\d+(\.\d+)*\.?\s", re.IGNORECASE)
_N_NOTE = re.compile(rf"(?:Region\s+)?(?P<region>{_REGION_ALT}):\s*n\s*=\s*(?P<n>\d+)")


def _split_values(text: str) -> list[str]:
    """"91% 9% 70%" → ["91%", "9%", "70%"]; "61 % 62 %" → ["61 %", "62 %"]."""
    return [v.strip() for v in re.findall(rf"(?:{_VALUE})(?=\s|$)", text.strip())]


def extract_region_tables(doc: ParsedDocument) -> list[PrintedTable]:
    """Tables with one row per region, rows keyed by region name ("Hovedstaden", …, and "I alt" when
    printed), values as printed; tables that print regions as columns are transposed."""
    lines = clean_lines(doc.page_texts)
    tables = _row_tables(lines) + _column_tables(lines) + _note_tables(lines)
    tables.sort(key=lambda t: t.page)
    return [replace(table, bbox=_locate(doc, table)) for table in tables]


def _locate(doc: ParsedDocument, table: PrintedTable) -> BBox | None:
    """The box of a table's first row as printed (on its first or last page), else of its caption."""
    first = next(iter(table.rows))
    row = f"{first} {' '.join(v or '' for v in table.rows[first])}"
    pages = [table.page] + ([table.last_page] if table.last_page else [])
    return (next((box for page in pages if (box := doc.locate(page, row))), None)
            or doc.locate(table.page, (table.caption or "").split(" — ")[0][:80]))


#: a page-text line at least this long is a wrapped paragraph line: the next line continues it
_WRAPPED = 80
#: lower-case answer categories a survey table prints run together on one header line
#: ("færre hverken flere el. færre flere"), longest first
_ANSWER_PHRASES = ("hverken flere el. færre", "hverken flere eller færre", "færre", "flere")
#: the label column's header ("Region", "Region færre …")
_STUB = re.compile(r"^Region(?:\s+|$)")


def dehyphenate(text: str) -> str:
    """Undo the line-end hyphenation a text layer keeps mid-line: "Tilbuds- portalen" → "Tilbudsportalen",
    "95 %- konfidensinterval" → "95 %-konfidensinterval"; "børne- og unge…" keeps its hyphen."""
    text = re.sub(r"%-\s+", "%-", text)
    return re.sub(r"(?<=[a-zæøå])- (?!(?:og|eller|el\.|til|samt)\b)(?=[a-zæøå])", "", text)


def _caption_before(lines: list[tuple[int, str]], index: int, limit: int = 14) -> int | None:
    """The index of the nearest "Tabel N" / "Figur N" caption among the `limit` lines before `index`."""
    for j in range(index - 1, max(-1, index - limit), -1):
        if _CAPTION.match(lines[j][1]):
            return j
    return None


def _caption_end(lines: list[tuple[int, str]], at: int, stop: int) -> int:
    """Where a caption starting at line `at` ends (exclusive, before `stop`): its wrapped lines, then
    any one-sentence note under it ("Spørgsmålet drejer sig om kommunens egne borgere.")."""
    end = at + 1
    while end < stop and len(lines[end - 1][1].strip()) >= _WRAPPED \
            and not lines[end - 1][1].rstrip().endswith(("?", ".")):
        end += 1
    while end < stop and (text := lines[end][1].strip()).endswith(".") and "…" not in text \
            and len(text.split()) >= 4 and len(text) < _WRAPPED:
        end += 1
    return end


def _caption_text(lines: list[tuple[int, str]], at: int, end: int) -> str:
    return dehyphenate(_join([text for _, text in lines[at:end]]))


def _logical_lines(texts: list[str]) -> list[str]:
    """Header lines with wrapped lines joined to the line they continue."""
    out: list[str] = []
    wrapped = False
    for text in texts:
        text = text.strip()
        if not text:
            continue
        if out and wrapped:
            out[-1] = f"{out[-1]} {text}"
        else:
            out.append(text)
        wrapped = len(text) >= _WRAPPED
    return out


def _answer_split(label: str) -> list[str]:
    """"færre hverken flere el. færre flere" → ["færre", "hverken flere el. færre", "flere"], when the
    whole label is a run of known answer categories; else the label."""
    out: list[str] = []
    rest = label
    while rest:
        phrase = next((a for a in _ANSWER_PHRASES if rest == a or rest.startswith(a + " ")), None)
        if phrase is None:
            return [label]
        out.append(phrase)
        rest = rest[len(phrase):].strip()
    return out


def header_labels(text: str) -> list[str]:
    """The column labels one header line prints, left to right.

    "… I har haft svært …? … I aktuelt har svært …?" (questions continuing a label-column header that
    ends in "…") splits at the ellipses and drops that header; otherwise a label starts at each word
    with a capital or a digit ("Sjældent Nogen gange", "Ja Nej Ja Nej", "I høj / meget høj grad (sum)
    I høj grad"), except after a "/"; a lower-case run splits into known answer categories."""
    text = dehyphenate(_join([text]))
    if "…" in text:
        parts = [p.strip() for p in re.split(r"(?<=…)\s+(?=…)|(?<=\w…)\s+(?=[A-ZÆØÅ])|(?<=[?.])\s+(?=…)", text) if p.strip()]
        if any(p.startswith("…") for p in parts):
            parts = [p.lstrip("… ").strip() for p in parts if p.startswith("…")]
        return [p for p in parts if p]
    labels: list[list[str]] = []
    for word in text.split():
        previous = labels[-1][-1] if labels else ""
        starts = word[:1].isupper() or word[:1].isdigit()
        if not labels or (starts and not previous.endswith(("/", "-", "pr."))):
            labels.append([word])
        else:
            labels[-1].append(word)
    out: list[str] = []
    for words in labels:
        label = " ".join(words)
        if _STUB.match(label):
            label = _STUB.sub("", label)
        if label:
            out.extend(_answer_split(label) if label[:1].islower() else [label])
    return out


def join_header(texts: list[str], width: int) -> list[str] | None:
    """The names of `width` value columns from the header lines printed above them, the levels of a
    multi-level header joined with " — " ("Borgere med handicap — Vi forventer at bruge… — færre").

    The last `width` labels are the columns; the labels before them are spanning headers. Each spanning
    header starts over the next repeat of the first column's label ("Ja Nej Ja Nej Ja Nej" under three
    questions); labels stacked in levels of that many are joined level by level, and a header that
    does not repeat spans every column. A confidence interval prints one label over two columns (lower,
    upper). None when the labels cannot be matched to the columns."""
    labels: list[str] = []
    for text in _logical_lines(texts):
        for label in header_labels(text):
            if label.startswith("(") and labels:
                labels[-1] = f"{labels[-1]} {label}"  # "Population" / "(92 kommuner)"
            elif "konfidensinterval" in label.lower():
                labels += [f"{label} (nedre)", f"{label} (øvre)"]
            else:
                labels.append(label)
    if len(labels) < width or width == 0:
        return None
    leaves, groups = labels[len(labels) - width:], labels[:len(labels) - width]
    if not groups:
        return leaves
    starts = [n for n, leaf in enumerate(leaves) if leaf == leaves[0]]
    if len(starts) == 1:
        return [" — ".join([*groups, leaf]) for leaf in leaves]
    if len(groups) % len(starts):
        return None
    k = len(starts)
    levels = [groups[n:n + k] for n in range(0, len(groups), k)]
    names = []
    for column, leaf in enumerate(leaves):
        g = max(n for n, s in enumerate(starts) if s <= column)
        names.append(" — ".join([*(level[g] for level in levels), leaf]))
    return names


def _row_tables(lines: list[tuple[int, str]]) -> list[PrintedTable]:
    """Runs of "Region X v1 v2 …" rows under a caption and a header. Sub-blocks (runs each under its
    own label line, one header above the first) each become their own table, captioned
    "caption — label", with the first block's columns."""
    tables: list[PrintedTable] = []
    previous: tuple[int, PrintedTable] | None = None  # where the last table's rows ended, the table
    i = 0
    while i < len(lines):
        if not _ROW.match(lines[i][1]):
            i += 1
            continue
        start = i
        rows: dict[str, list[str | None]] = {}
        while i < len(lines) and (m := _ROW.match(lines[i][1])):
            rows.setdefault(m.group("region"), _split_values(m.group("values")))
            i += 1
        regions = [r for r in rows if r in REGION_NAMES]
        widths = {len(v) for v in rows.values()}
        if len(regions) < 3 or len(widths) != 1:
            continue
        width = widths.pop()
        last_row_page = lines[i - 1][0]
        label = lines[start - 1][1].strip() if start > 0 else ""
        follows = previous is not None and start - previous[0] == 1 and len(previous[1].columns) == width
        leads = i + 1 < len(lines) and _ROW.match(lines[i + 1][1]) is not None \
            and not _CAPTION.match(lines[i][1])
        if follows:  # a later block under the header printed above the first
            first = previous[1]
            caption = f"{first.caption.split(' — ')[0]} — {label}" if first.caption else label
            table = PrintedTable(caption=caption, columns=first.columns, rows=rows, page=lines[start][0],
                                 bbox=None, last_page=last_row_page if last_row_page > lines[start][0] else None)
        else:
            header_end = start - 1 if leads else start
            at = _caption_before(lines, header_end + 1, limit=40)
            caption_end = _caption_end(lines, at, header_end) if at is not None else header_end
            header_from = caption_end if at is not None else max(0, header_end - 12)
            header = [text for _, text in lines[header_from:header_end]
                      if not _ROW.match(text) and not text.lower().lstrip().startswith("anm.")]
            caption = _caption_text(lines, at, caption_end) if at is not None else None
            if leads and label:
                caption = f"{caption} — {label}" if caption else label
            columns = join_header(header, width) if at is not None else None
            page = lines[at][0] if at is not None else lines[start][0]
            table = PrintedTable(caption=caption,
                                 columns=tuple(columns or (f"column {n + 1}" for n in range(width))),
                                 rows=rows, page=page, bbox=None,
                                 last_page=last_row_page if last_row_page > page else None)
        tables.append(table)
        previous = (i, table)
    return tables


_VALUE_TOKEN = re.compile(r"^-?\d[\d.,]*%?$")
_VERTICAL = re.compile(r"^[A-ZÆØÅ]$")


def _column_tables(lines: list[tuple[int, str]]) -> list[PrintedTable]:
    """"Nøgletal … Region Hovedstaden Region Midtjylland …" headers (the five names may wrap over
    lines and pages) followed by measures, each a label and five values: transposed to rows by region.

    The measures are read as a token stream, not line by line: labels wrap ("… (inkl. skizofreni)" /
    "(2022)"), two measures can share a line, and rotated side labels print one letter per line."""
    tables: list[PrintedTable] = []
    i = 0
    while i < len(lines):
        if "Region" not in lines[i][1]:
            i += 1
            continue
        window = " ".join(text.strip() for _, text in lines[i:i + 10])
        m = re.match(rf"^(?P<caption>.*?)\s*(?P<header>(?:Region\s+(?:{_REGION_ALT})\s*){{5}})", window)
        if not m or not lines[i][1].strip().startswith(m.group("caption")[:20]):
            i += 1
            continue
        order = re.findall(rf"Region\s+({_REGION_ALT})", m.group("header"))
        consumed, j = 0, i
        while j < len(lines) and consumed < len(m.group(0)):
            consumed += len(lines[j][1].strip()) + 1
            j += 1
        measures, j, last = _read_measures(lines, j)
        if measures and len(set(order)) == 5:
            rows = {region: [values[k] for _, values in measures] for k, region in enumerate(order)}
            tables.append(PrintedTable(caption=m.group("caption").strip() or None,
                                       columns=tuple(label for label, _ in measures), rows=rows,
                                       page=lines[i][0], bbox=None,
                                       last_page=last if last and last > lines[i][0] else None))
        i = max(j, i + 1)
    return tables


_PLACES = {*REGION_NAMES, "Bornholm", "Østjylland", "Vestjylland", "Fyn", "Nordsjælland"}


def _clean_label(label: list[str]) -> list[str]:
    """Drop what a measure label picked up from the layout around it: letters of a rotated side label
    ("A", "K", "TI", "V", "IT", "ET") and a run of column names printed before the first measure
    ("Data fra Jobindsats.dk RAR Hovedstaden RAR Bornholm … RAR Syddanmark")."""
    places = [n for n, token in enumerate(label) if token in _PLACES]
    if len(places) >= 2 and places[-1] < len(label) - 1:
        label = label[places[-1] + 1:]
    n = 0
    while n < len(label) - 1 and re.fullmatch(r"[A-ZÆØÅ]{1,2}", label[n]):
        n += 1
    return label[n:]


def _read_measures(lines: list[tuple[int, str]], j: int) -> tuple[list[tuple[str, list[str]]], int, int | None]:
    """The measures from line `j` on, the line after them, and the page of the last measure's values."""
    measures: list[tuple[str, list[str]]] = []
    last_page: int | None = None
    label: list[str] = []
    values: list[str] = []
    while j < len(lines):
        text = lines[j][1].strip()
        if re.search(rf"Region\s*$|^Region\s+(?:{_REGION_ALT})\b", text) and measures:
            break  # the next table's header
        stop = False
        for token in text.split():
            if _VERTICAL.match(token) and not label:
                continue
            if _VALUE_TOKEN.match(token):
                values.append(token)
                if len(values) == 5 and any(c.isalpha() for c in " ".join(label)):
                    # a label that wrapped below its values ("… Autismespektrumforstyrrelse der 27,28% …"
                    # / "modtager en indsats (2022)") continues the previous measure's label
                    label = _clean_label(label)
                    k = 0
                    while measures and k < len(label) - 1 and (label[k][:1].islower() or label[k][:1] == "("):
                        k += 1
                    if k:
                        previous, previous_values = measures[-1]
                        measures[-1] = (f"{previous} {' '.join(label[:k])}", previous_values)
                    measures.append((" ".join(label[k:]), values))
                    last_page = lines[j][0]
                    label, values = [], []
                continue
            if values:  # fewer than five values: they belonged to the label ("1.000 indbyggere")
                label += values
                values = []
            label.append(token)
            if len(label) > 30:
                stop = True
                break
        if stop:
            break
        j += 1
    return measures, j, last_page


def _note_tables(lines: list[tuple[int, str]]) -> list[PrintedTable]:
    """Survey notes: "Antal kommuner, der har svaret i de enkelte regioner: Nordjylland: n = 9, …"."""
    tables: list[PrintedTable] = []
    for i, (page, text) in enumerate(lines):
        joined = " ".join(t for _, t in lines[i:i + 3])
        if not text.lstrip().lower().startswith("anm."):
            continue
        hits = _N_NOTE.findall(joined)
        if len(hits) >= 3:
            at = _caption_before(lines, i, limit=40)
            caption = _caption_text(lines, at, _caption_end(lines, at, i)) if at is not None else None
            tables.append(PrintedTable(caption=f"{caption} (anm.)" if caption else text.strip(),
                                       columns=("n",), rows={region: [n] for region, n in hits},
                                       page=page, bbox=None))
    return tables


