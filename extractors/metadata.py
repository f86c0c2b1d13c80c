"""Region, title, period and document type, read from what a document says (never its file name)."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date

from extractors.minutes import AGENDA_ITEM, DECISION
from extractors.pdf import ParsedDocument
from models.enums import DocType
from models.records import DocumentMeta

# How each region is named in the agreements, its secretariats' sites and its own agreement names.
REGION_MARKERS = {
    "hovedstaden": r"\b(Region\s+Hovedstaden|KKR\s+Hovedstaden|Hovedstadsregionen|hovedstadenskommuner\.dk|rammeaftale-h\.dk)",
    "sjaelland": r"\b(Region\s+Sjælland|KKR\s+Sjælland|rs17\.dk|Rammeaftale\s+Sjælland)",
    "syddanmark": r"\b(Region\s+Syddanmark|KKR\s+Syddanmark|socialsekretariatet\.dk)",
    "midtjylland": r"\b(Region\s+Midtjylland|KKR\s+Midtjylland|sekretariatmidtjylland)",
    "nordjylland": r"\b(Region\s+Nordjylland|KKR\s+Nordjylland|Nordjysk\s+Socialaftale|rammeaftalernord\.dk)",
}
FRONT_PAGES = 2  # a document says who it belongs to on its first pages; later pages cite others

AGREEMENT_KINDS = ["Rammeaftale", "Styringsaftale", "Styringsdel", "Udviklingsstrategi", "Udviklingsdel",
                   "Takstaftale", "Nordjysk Socialaftale"]
_AGREEMENT_TITLE = re.compile(
    r"\b(" + "|".join(k.replace(" ", r"\s+") for k in AGREEMENT_KINDS) + r")\s+(\d{4})\s*[-–]\s*(\d{4})",
    re.IGNORECASE,
)
_MEETING = re.compile(r"Mødet\s+den\s+(\d{1,2})\.(\d{1,2})\.(\d{4})\s*(.*)")
_BODY_LINE = re.compile(r"^KKR\s+\w+\s*·\s*(.+)$", re.MULTILINE)


def detect_metadata(doc: ParsedDocument) -> DocumentMeta:
    text = doc.text
    region = detect_region(doc)
    if is_meeting_minutes(text):
        return DocumentMeta(region, _minutes_title(doc), *_minutes_period(text), doc_type=DocType.MEETING_MINUTES)
    title = _AGREEMENT_TITLE.search("\n".join(doc.page_texts[:FRONT_PAGES])) or _AGREEMENT_TITLE.search(text)
    if title is None:
        return DocumentMeta(region, None, None, None, doc_type=DocType.UNKNOWN)
    printed = re.sub(r"\s+", " ", title[1]).lower()
    kind = next(k for k in AGREEMENT_KINDS if k.lower() == printed)
    start, end = int(title[2]), int(title[3])
    return DocumentMeta(region, f"{kind} {start}-{end}", start, end, doc_type=DocType.AGREEMENT)


def detect_region(doc: ParsedDocument) -> str | None:
    """The region named most often on the front pages, else in the whole document."""
    for text in ("\n".join(doc.page_texts[:FRONT_PAGES]), doc.text):
        counts = Counter({code: len(re.findall(pattern, text, re.IGNORECASE))
                          for code, pattern in REGION_MARKERS.items()})
        code, hits = counts.most_common(1)[0]
        if hits:
            return code
    return None


def is_meeting_minutes(text: str) -> bool:
    """Minutes are a run of numbered agenda items ("Punkt 3.") with decisions ("Beslutning:")."""
    lines = text.splitlines()
    return sum(1 for line in lines if AGENDA_ITEM.match(line)) >= 2 \
        and sum(1 for line in lines if DECISION.match(line)) >= 2


def _minutes_title(doc: ParsedDocument) -> str:
    body = _BODY_LINE.search(doc.page_texts[0])
    meeting = _MEETING.search(doc.text)
    name = body[1].strip() if body else "Møde"
    return f"{name} – referat, mødet den {meeting[1]}.{meeting[2]}.{meeting[3]}" if meeting else f"{name} – referat"


def _minutes_period(text: str) -> tuple[int | None, int | None]:
    meeting = _MEETING.search(text)
    if meeting is None:
        return None, None
    try:
        held = date(int(meeting[3]), int(meeting[2]), int(meeting[1]))
    except ValueError:  # a misprinted date ("31.02.2024"): the year still dates the meeting
        return int(meeting[3]), int(meeting[3])
    return held.year, held.year
