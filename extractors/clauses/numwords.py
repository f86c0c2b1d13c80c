"""Danish numbers written as words or digits, as they occur in clause text ("plus en måned", "tre løbende
måneder", "mere end fem procent", "20,3")."""

from __future__ import annotations

from models.numbers import parse_danish_number

NUMBER_WORDS: dict[str, int] = {
    "nul": 0, "en": 1, "et": 1, "én": 1, "ét": 1, "een": 1, "eet": 1, "to": 2, "tre": 3, "fire": 4, "fem": 5,
    "seks": 6, "syv": 7, "otte": 8, "ni": 9, "ti": 10, "elleve": 11, "tolv": 12, "tretten": 13,
    "fjorten": 14, "femten": 15, "seksten": 16, "sytten": 17, "atten": 18, "nitten": 19, "tyve": 20,
    "tredive": 30, "fyrre": 40, "halvtreds": 50, "treds": 60, "halvfjerds": 70, "firs": 80,
    "halvfems": 90, "hundrede": 100,
}
#: a regex alternation of the number words, longest first ("seksten" before "seks")
NUMBER_WORD_PATTERN = "|".join(sorted(NUMBER_WORDS, key=len, reverse=True))


def parse_count(text: str) -> int | None:
    """"tre" → 3, "3" → 3, "Seks" → 6; None for anything else (including "halvanden")."""
    value = text.strip().lower().rstrip(".")
    if value.isascii() and value.isdigit():  # not "²", which str.isdigit() accepts
        return int(value)
    return NUMBER_WORDS.get(value)


def parse_decimal(text: str) -> int | float | None:
    """A number in clause text: digits in Danish notation or a number word.

    Digits go through `extractors.numbers.parse_danish_number`, the notation of the agreement tables,
    so a clause and a table read the same characters the same way: "20,3" → 20.3, "6" → 6, "4,10" →
    4.1, "12.141" → 12141, "88 %" → 88. A dot is only ever a thousands separator, so "12.5" is not a
    Danish number and gives None here (the table parser raises ValueError for it; documents that print
    "26.9%" are kept as printed, see tests/gold/CLAUSES.md). What the clause side adds: number words
    ("fem" → 5, via `parse_count`), a leading "+" or minus sign ("−0,5" → -0.5), and None instead of
    an exception for anything that is not a number, because clause regexes probe free text.
    """
    value = text.strip().replace("\u2212", "-")
    sign = -1 if value.startswith("-") else 1
    value = value.lstrip("+-").strip()
    if not value:
        return None
    word = NUMBER_WORDS.get(value.lower())
    if word is not None:
        return sign * word
    try:
        number = parse_danish_number(value)
    except ValueError:
        return None
    return None if number is None else sign * number
