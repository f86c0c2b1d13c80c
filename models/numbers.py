"""Danish number formatting as printed in agreement tables."""

from __future__ import annotations

import re

_THOUSANDS = re.compile(r"^\d{1,3}(\.\d{3})+(,\d+)?$")
_NUMBER = re.compile(r"^-?\d+(,\d+)?$")
_BLANK = {"", "-", "–", "—"}


def parse_danish_number(text: str | None) -> int | float | None:
    """"33,5" → 33.5, "88%" → 88, "1.234" → 1234, "16,0" → 16.0, blank or dash → None.

    An integer means the cell was printed without decimals, a float that it had a decimal comma,
    so "16,0" stays distinguishable from "16". Raises ValueError for text that is not a number.
    """
    if text is None:
        return None
    cleaned = re.sub(r"\s+", "", text).removesuffix("%")
    if cleaned in _BLANK:
        return None
    if _THOUSANDS.match(cleaned):
        cleaned = cleaned.replace(".", "")
    if not _NUMBER.match(cleaned):
        raise ValueError(f"not a Danish number: {text!r}")
    if "," in cleaned:
        return float(cleaned.replace(",", "."))
    return int(cleaned)


def is_danish_number(text: str) -> bool:
    try:
        parse_danish_number(text)
    except ValueError:
        return False
    return True


def format_danish_number(value: int | float | None) -> str:
    """A number in Danish notation, as printed: 16 → "16", 16.0 → "16,0", 33.5 → "33,5", None → ""."""
    if value is None:
        return ""
    return str(value).replace(".", ",")


def readable_danish_number(value: object) -> str:
    """A stored value as a Danish reader writes it: 10488 → "10.488", 18.5 → "18,5", None → "tom"."""
    if value is None:
        return "tom"
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return str(value)
    if float(value).is_integer():
        return f"{int(value):,}".replace(",", ".")
    return f"{value:.6g}".replace(".", ",")
