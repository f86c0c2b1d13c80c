"""What a user may ask the store for, checked before a query runs: filters whose values are read
generously (any case, with or without Danish letters) and refused in one line when they name nothing,
with the nearest valid names.

`fold` is the comparison form of a name: "Sjælland", "sjaelland" and "SJALLAND" fold alike, as do
"Hulegården" / "hulegaarden" / "hulegarden" and "Søstedet" / "soestedet" / "sostedet".
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, fields

from models.enums import AgeGroup

#: the longest filter value read at all (a longer one is refused, not searched)
MAX_TEXT = 200
#: years a filter may name (the agreements cover the 2000s)
YEARS = range(1990, 2101)
#: how much of a bad value an error message repeats
SHOWN = 60

_AGE_NAMES = {"children": AgeGroup.CHILDREN, "born": AgeGroup.CHILDREN, "born og unge": AgeGroup.CHILDREN,
              "unge": AgeGroup.CHILDREN, "adults": AgeGroup.ADULTS, "voksne": AgeGroup.ADULTS,
              "voksen": AgeGroup.ADULTS}


class FilterError(ValueError):
    """A filter value that names nothing (or cannot be read); the message says which and what would."""


def fold(text: str) -> str:
    """Case-, accent- and spacing-insensitive form of a name (see the module docstring)."""
    text = text.casefold().replace("æ", "ae").replace("ø", "oe").replace("å", "aa")
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    text = text.replace("aa", "a").replace("oe", "o").replace("ae", "a")
    return re.sub(r"\s+", " ", text).strip()


def shown(value: object) -> str:
    """A value the user gave, quoted and cut short, for a message."""
    text = str(value)
    return repr(text if len(text) <= SHOWN else text[: SHOWN - 1] + "…")


def nearest(value: str, names: Iterable[str], n: int = 3) -> list[str]:
    """The valid names closest to `value` (by their folded form)."""
    by_fold = {fold(name): name for name in names}
    return [by_fold[f] for f in difflib.get_close_matches(fold(value), list(by_fold), n=n, cutoff=0.5)]


def unknown(what: str, value: str, names: Iterable[str]) -> FilterError:
    """"unknown region 'hovedstadn'; did you mean: hovedstaden? (valid: …)"."""
    names = list(dict.fromkeys(names))
    close = nearest(value, names)
    hint = f"; did you mean: {', '.join(close)}?" if close else ""
    listed = ", ".join(names[:12]) + (", …" if len(names) > 12 else "")
    return FilterError(f"unknown {what} {shown(value)}{hint} (valid: {listed})")


def contains(haystack: str | None, needle: str) -> bool:
    return haystack is not None and fold(needle) in fold(haystack)


@dataclass(frozen=True)
class OfferFilters:
    """Filters of the offers listing; every one optional, all of them must hold."""

    region: str | None = None  # a region code or name ("hovedstaden", "Region Sjælland")
    agreement: str | None = None  # a period ("2025-2026"), a year in it, or part of the title
    age_group: str | None = None  # children / adults (or "børn", "voksne")
    target_group: str | None = None  # a vocabulary key ("sindslidelse") or part of the printed name
    operator: str | None = None  # part of the printed or official operator name, or its code
    name: str | None = None  # part of the offer's name
    paragraph: str | None = None  # "SEL § 108", "§ 108" or "108"
    year: int | None = None  # only this year's figures
    min_occupancy: float | None = None  # occupancy in percent, at least
    max_occupancy: float | None = None  # occupancy in percent, at most
    rule: str | None = None  # offer-years an anomaly rule flagged (validations.rules ids)

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, str) and (len(value) > MAX_TEXT or "\x00" in value):
                raise FilterError(f"--{f.name.replace('_', '-')} {shown(value)} is too long or not text")
        if self.year is not None and self.year not in YEARS:
            raise FilterError(f"year {shown(self.year)} is out of range ({YEARS.start}–{YEARS.stop - 1})")
        for name in ("min_occupancy", "max_occupancy"):
            value = getattr(self, name)
            if value is not None and not 0 <= value <= 10_000:
                raise FilterError(f"occupancy {shown(value)} is out of range (0–10000 %)")

    def given(self) -> dict[str, object]:
        """The filters that are set, by name."""
        return {f.name: getattr(self, f.name) for f in fields(self) if getattr(self, f.name) is not None}


def age_group(value: str) -> AgeGroup:
    """The age group a filter names ("adults", "voksne", "børn og unge", …)."""
    found = _AGE_NAMES.get(fold(value))
    if found is None:
        raise unknown("age group", value, ["children", "adults", "børn", "voksne"])
    return found


def year_range(years: Iterable[int]) -> str:
    """"2021–2023" for the years a store holds."""
    years = sorted(set(years))
    return f"{years[0]}–{years[-1]}" if len(years) > 1 else (str(years[0]) if years else "none")
