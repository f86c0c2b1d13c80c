"""Danish numbers written as words or digits, as they occur in clause text ("plus en måned", "tre løbende
måneder", "mere end fem procent", "20,3")."""

from __future__ import annotations

import re

NUMBER_WORDS: dict[str, int] = {
    "nul": 0, "en": 1, "et": 1, "én": 1, "ét": 1, "een": 1, "eet": 1, "to": 2, "tre": 3, "fire": 4, "fem": 5,
    "seks": 6, "syv": 7, "otte": 8, "ni": 9, "ti": 10, "elleve": 11, "tolv": 12, "tretten": 13,
    "fjorten": 14, "femten": 15, "seksten": 16, "sytten": 17, "atten": 18, "nitten": 19, "tyve": 20,
    "tredive": 30, "fyrre": 40, "halvtreds": 50, "treds": 60, "halvfjerds": 70, "firs": 80,
    "halvfems": 90, "hundrede": 100,
}


def parse_count(text: str) -> int | None:
    """"tre" → 3, "3" → 3, "Seks" → 6; None for anything else (including "halvanden")."""
    value = text.strip().lower().rstrip(".")
    if value.isdigit():
        return int(value)
    return NUMBER_WORDS.get(value)


def parse_decimal(text: str) -> int | float | None:
    """Danish decimal/thousands notation: "20,3" → 20.3, "6" → 6, "12.141" → 12141, "4,10" → 4.1."""
    value = text.strip().lstrip("+").replace("\u2212", "-")
    if re.fullmatch(r"-?\d{1,3}(\.\d{3})+(,\d+)?", value):
        value = value.replace(".", "")
    if re.fullmatch(r"-?\d+,\d+", value):
        return float(value.replace(",", "."))
    if re.fullmatch(r"-?\d+\.\d+", value):
        return float(value)
    if re.fullmatch(r"-?\d+", value):
        return int(value)
    word = parse_count(value)
    return word
