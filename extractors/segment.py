"""Page texts → blocks (headings, bullet items, paragraphs) that know the numbered section they sit in.

pypdfium2 gives one string per page with the printed line breaks and no positions, so structure is
recovered from the lines themselves:

- running headers and footers repeat on many pages ("KKR Hovedstaden · Rammeaftale 2025-2026",
  "Side 13 af 51") and are dropped;
- web PDFs render list bullets as lone "•" glyph lines at the end of the page, Word PDFs as a "• "
  prefix; both are handled (a lone glyph is dropped, a prefix starts a new item);
- numbered headings ("4.2 OPSIGELSESVARSLER", sometimes wrapped onto two upper-case lines) and short
  unnumbered headings ("Opsigelsesvarsler", "Afregningsproceduren") set the section of what follows;
- a paragraph ends where a line ends in sentence punctuation well before the right margin.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

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
DIGIT = re.compile(r"\d")
_PAGE_NUMBER = re.compile(r"^\s*(?:side\s+)?\d+(?:\s+af\s+\d+)?\s*$", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?:;]\s*$")
# structural lines of minutes that repeat on many pages of a short document but are never boilerplate
_PROTECTED = re.compile(r"^\s*(punkt\s+#|beslutning|indstilling|bilag|resum[eé]|sagsfremstilling|baggrund)",
                        re.IGNORECASE)
_SOFT_HYPHEN = re.compile(r"[\ufffe\u00ad\u0002]\s*")


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


def _heading_level(line: str, next_line: str | None) -> str | None:
    """'numbered', 'plain' or None for a line that reads as a heading."""
    stripped = line.strip()
    words = stripped.split()
    if not words or len(stripped) > 110 or _SENTENCE_END.search(stripped) or stripped.endswith(","):
        return None
    if is_numeric_heavy(re.sub(r"^\d+(\.\d+)*\.?\s+", "", stripped)):
        return None
    m = NUMBERED_HEADING.match(stripped)
    continues = next_line is not None and next_line.strip()[:1].islower()
    if m and len(words) <= 16 and not continues and not re.match(r"^\d+\s+(?:af|pladser|kr|mio)\b", stripped, re.IGNORECASE):
        title = m.group("title")
        footnote_like = "." not in m.group("num") and not stripped[len(m.group("num")):].startswith(".") \
            and not is_caps(title) and ("." in title or "http" in title or len(title.split()) > 7)
        if not footnote_like:
            return "numbered"
    if len(words) <= 8 and stripped[0].isupper() and not stripped.startswith("§"):
        if next_line is None or not next_line.strip():
            return "plain"
        first = next_line.strip()[0]
        if first.isupper() or first in _BULLET_GLYPHS or first.isdigit():
            return "plain"
    return None


def is_caps(line: str) -> bool:
    """Upper case throughout, with at least two letters."""
    letters = [c for c in line if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def segment(page_texts: list[str]) -> list[Block]:
    """Split every page into blocks; section headings carry over page breaks."""
    boilerplate = _boilerplate_lines(page_texts)
    prefixes = _running_prefixes(page_texts)
    blocks: list[Block] = []
    numbered: str | None = None
    plain: str | None = None
    index = 0
    for page_number, page_text in enumerate(page_texts, start=1):
        lines = _page_lines(page_text, boilerplate, prefixes)
        widths = sorted(len(line) for line in lines)
        full = widths[int(len(widths) * 0.8)] if widths else 0
        listed = _numbered_list_lines(lines)
        current: Block | None = None

        def close() -> None:
            nonlocal current, index
            if current is not None and current.lines:
                current.section = _section(numbered, plain)
                current.heading = plain or numbered
                current.index = index
                numeric = sum(1 for line in current.lines if is_numeric_heavy(line))
                current.tabular = numeric >= max(2, len(current.lines) // 2)
                index += 1
                blocks.append(current)
            current = None

        i = 0
        while i < len(lines):
            line = lines[i]
            next_line = lines[i + 1] if i + 1 < len(lines) else None
            level = None if i in listed or _AMOUNT_END.search(line) else _heading_level(line, next_line)
            bullet = _BULLET_PREFIX.match(line)
            if level and not bullet:
                close()
                text = line.strip()
                # an upper-case numbered heading wrapped onto a second upper-case line
                if level == "numbered" and is_caps(text) and next_line and is_caps(next_line) \
                        and not NUMBERED_HEADING.match(next_line.strip()) and len(next_line.split()) <= 6:
                    text = f"{text} {next_line.strip()}"
                    i += 1
                if level == "numbered":
                    numbered, plain = text, None
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
            elif current is None:
                current = Block(page_number, TEXT, [line])
            else:
                previous = current.lines[-1]
                ends = _SENTENCE_END.search(previous) is not None
                short = full and len(previous) < 0.72 * full
                starts_upper = line.strip()[:1].isupper() or line.strip()[:1] in "[(\"“”"
                if ends and short and starts_upper:
                    close()
                    current = Block(page_number, TEXT, [line])
                else:
                    current.lines.append(line)
            i += 1
        close()
    return blocks


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


def _page_lines(page_text: str, boilerplate: set[str], prefixes: set[str]) -> list[str]:
    raw = [_SOFT_HYPHEN.sub("", line).rstrip() for line in page_text.splitlines()]
    lines = [line for line in raw if line.strip() and not _LONE_GLYPH.match(line)]
    edge = set(range(2)) | set(range(len(lines) - 3, len(lines)))
    return [line for n, line in enumerate(lines)
            if _mask(line) not in boilerplate and not _PAGE_NUMBER.match(line)
            and not (n in edge and _prefix(line) in prefixes)]


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
