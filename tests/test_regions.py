"""Regions, municipalities and operator normalisation."""

from __future__ import annotations

import pytest

from models.enums import OperatorType
from models.regions import (
    MUNICIPALITIES,
    REGION_CODES,
    municipality,
    normalize_operator,
    region,
)


def test_98_municipalities_in_five_regions():
    assert len(MUNICIPALITIES) == 98
    assert len({m.code for m in MUNICIPALITIES}) == 98 and len({m.name for m in MUNICIPALITIES}) == 98
    per_region = {code: sum(m.region == code for m in MUNICIPALITIES) for code in REGION_CODES}
    assert per_region == {"hovedstaden": 29, "sjaelland": 17, "syddanmark": 22, "midtjylland": 19,
                          "nordjylland": 11}


@pytest.mark.parametrize(("code", "name", "region_code"), [
    (101, "Københavns Kommune", "hovedstaden"),
    (147, "Frederiksberg Kommune", "hovedstaden"),
    (165, "Albertslund Kommune", "hovedstaden"),
    (400, "Bornholms Regionskommune", "hovedstaden"),
    (751, "Aarhus Kommune", "midtjylland"),
    (851, "Aalborg Kommune", "nordjylland"),
    (461, "Odense Kommune", "syddanmark"),
    (265, "Roskilde Kommune", "sjaelland"),
])
def test_official_names_and_codes(code, name, region_code):
    m = next(m for m in MUNICIPALITIES if m.code == code)
    assert (m.name, m.region) == (name, region_code)


@pytest.mark.parametrize(("printed", "expected"), [
    ("Albertslund kommune", ("Albertslund Kommune", 165, OperatorType.MUNICIPAL)),
    ("Ishøj  Kommune", ("Ishøj Kommune", 183, OperatorType.MUNICIPAL)),
    (" Københavns Kommune ", ("Københavns Kommune", 101, OperatorType.MUNICIPAL)),
    ("København Kommune", ("Københavns Kommune", 101, OperatorType.MUNICIPAL)),
    ("Bornholms Regionskommune", ("Bornholms Regionskommune", 400, OperatorType.MUNICIPAL)),
    ("Høje Taastrup Kommune", ("Høje-Taastrup Kommune", 169, OperatorType.MUNICIPAL)),
    ("LYNGBY-TAARBÆK KOMMUNE", ("Lyngby-Taarbæk Kommune", 173, OperatorType.MUNICIPAL)),
    ("Region Hovedstaden", ("Region Hovedstaden", 1084, OperatorType.REGIONAL)),
    ("Region Sjaelland", ("Region Sjælland", 1085, OperatorType.REGIONAL)),
    ("Fonden  Lyngbygården", ("Fonden Lyngbygården", None, OperatorType.PRIVATE_OR_OTHER)),
])
def test_normalize_operator(printed, expected):
    op = normalize_operator(printed)
    assert (op.name, op.code, op.type) == expected


def test_blank_operator_is_none_and_unknown_names_do_not_match():
    assert normalize_operator(None) is None and normalize_operator("  ") is None
    assert municipality("Kommune") is None and municipality("Albertslund Region") is None
    assert region("Hovedstaden").code == "hovedstaden" and region("Region Nordjylland").number == 1081
    assert region("Atlantis") is None
