import pytest

from models.numbers import is_danish_number, parse_danish_number, readable_danish_number


@pytest.mark.parametrize(
    ("printed", "value"),
    [
        ("33,5", 33.5),
        ("88%", 88),
        ("102 %", 102),
        ("16,0", 16.0),
        ("14", 14),
        ("0", 0),
        ("0%", 0),
        ("1.234", 1234),
        ("16.361", 16361),
        ("12.500,75", 12500.75),
        ("", None),
        ("-", None),
        (None, None),
    ],
)
def test_parses_danish_numbers_as_printed(printed, value):
    parsed = parse_danish_number(printed)
    assert parsed == value
    assert type(parsed) is type(value)  # "16,0" stays a float, "16" an int


@pytest.mark.parametrize("text", ["Pladstal", "12,5,3", "§", "2021-2022", "1.23"])
def test_rejects_text_that_is_not_a_number(text):
    assert not is_danish_number(text)
    with pytest.raises(ValueError, match="not a Danish number"):
        parse_danish_number(text)


@pytest.mark.parametrize("value, written", [(10488, "10.488"), (18.5, "18,5"), (100.0, "100"), (0, "0"),
                                            (None, "tom"), ("?", "?"), (1234567, "1.234.567")])
def test_stored_values_as_a_danish_reader_writes_them(value, written):
    assert readable_danish_number(value) == written
