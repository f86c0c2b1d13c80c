"""Numbers in clause text read the digits as printed, like the table parser (models.numbers) does."""

from __future__ import annotations

import pytest

from extractors.clauses.numwords import parse_count, parse_decimal
from models.numbers import parse_danish_number


# expected values read off the printed text by hand: a decimal comma makes a float, none an int
AS_PRINTED = [("33,5", 33.5), ("88%", 88), ("16,0", 16.0), ("14", 14), ("0", 0), ("1.234", 1234),
              ("16.361", 16361), ("12.500,75", 12500.75), ("4,10", 4.1)]


@pytest.mark.parametrize(("printed", "expected"), AS_PRINTED)
def test_digits_read_as_printed_in_clauses_and_tables(printed: str, expected: int | float) -> None:
    for value in (parse_decimal(printed), parse_danish_number(printed)):
        assert value == expected
        assert type(value) is type(expected)


@pytest.mark.parametrize("printed", ["12.5", "1.23", "12,5,3", "2021-2022", "§", ""])
def test_what_the_table_parser_rejects_is_not_a_number_here_either(printed: str) -> None:
    """A dot is a thousands separator in Danish: "12.5" is no number in either parser (the table parser
    raises, the clause parser, which probes free text, returns None)."""
    assert parse_decimal(printed) is None


@pytest.mark.parametrize(("text", "value"), [("fem", 5), ("Seks", 6), ("−0,5", -0.5), ("+5", 5), ("-1.234", -1234)])
def test_clause_additions_number_words_and_signs(text: str, value: int | float) -> None:
    assert parse_decimal(text) == value


def test_count_is_ascii_digits_or_a_word() -> None:
    assert parse_count("tre") == 3 and parse_count("12") == 12
    assert parse_count("²") is None and parse_count("halvanden") is None
