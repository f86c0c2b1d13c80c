"""The five Danish regions and the 98 municipalities, and operator names normalised against them.

Offers tables print the operator (driftsherre) as typed by whoever reported it: "Albertslund kommune",
"Ishøj  Kommune", "Bornholms Regionskommune", "Region Hovedstaden". `normalize_operator` maps such a
string to the official name and code; anything that is neither a municipality nor a region (a
private provider, a foundation) is kept as printed with type `private_or_other`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from models.enums import OperatorType


@dataclass(frozen=True)
class RegionInfo:
    code: str  # "hovedstaden"
    name: str  # "Region Hovedstaden"
    number: int  # official region code (DAGI), e.g. 1084


@dataclass(frozen=True)
class Municipality:
    code: int  # official municipality code (kommunekode), e.g. 165
    name: str  # official name, e.g. "Albertslund Kommune"
    region: str  # region code


@dataclass(frozen=True)
class Operator:
    """An operator as normalised: official name and code for public bodies, else as printed."""

    name: str
    code: int | None
    type: OperatorType


REGIONS: tuple[RegionInfo, ...] = (
    RegionInfo("hovedstaden", "Region Hovedstaden", 1084),
    RegionInfo("sjaelland", "Region Sjælland", 1085),
    RegionInfo("syddanmark", "Region Syddanmark", 1083),
    RegionInfo("midtjylland", "Region Midtjylland", 1082),
    RegionInfo("nordjylland", "Region Nordjylland", 1081),
)
REGION_CODES: tuple[str, ...] = tuple(r.code for r in REGIONS)
REGIONS_BY_CODE: dict[str, RegionInfo] = {r.code: r for r in REGIONS}

# (code, official name, region code); names per Danmarks Statistik / DAGI.
MUNICIPALITIES: tuple[Municipality, ...] = tuple(Municipality(code, name, region) for code, name, region in (
    (101, "Københavns Kommune", "hovedstaden"),
    (147, "Frederiksberg Kommune", "hovedstaden"),
    (151, "Ballerup Kommune", "hovedstaden"),
    (153, "Brøndby Kommune", "hovedstaden"),
    (155, "Dragør Kommune", "hovedstaden"),
    (157, "Gentofte Kommune", "hovedstaden"),
    (159, "Gladsaxe Kommune", "hovedstaden"),
    (161, "Glostrup Kommune", "hovedstaden"),
    (163, "Herlev Kommune", "hovedstaden"),
    (165, "Albertslund Kommune", "hovedstaden"),
    (167, "Hvidovre Kommune", "hovedstaden"),
    (169, "Høje-Taastrup Kommune", "hovedstaden"),
    (173, "Lyngby-Taarbæk Kommune", "hovedstaden"),
    (175, "Rødovre Kommune", "hovedstaden"),
    (183, "Ishøj Kommune", "hovedstaden"),
    (185, "Tårnby Kommune", "hovedstaden"),
    (187, "Vallensbæk Kommune", "hovedstaden"),
    (190, "Furesø Kommune", "hovedstaden"),
    (201, "Allerød Kommune", "hovedstaden"),
    (210, "Fredensborg Kommune", "hovedstaden"),
    (217, "Helsingør Kommune", "hovedstaden"),
    (219, "Hillerød Kommune", "hovedstaden"),
    (223, "Hørsholm Kommune", "hovedstaden"),
    (230, "Rudersdal Kommune", "hovedstaden"),
    (240, "Egedal Kommune", "hovedstaden"),
    (250, "Frederikssund Kommune", "hovedstaden"),
    (260, "Halsnæs Kommune", "hovedstaden"),
    (270, "Gribskov Kommune", "hovedstaden"),
    (400, "Bornholms Regionskommune", "hovedstaden"),
    (253, "Greve Kommune", "sjaelland"),
    (259, "Køge Kommune", "sjaelland"),
    (265, "Roskilde Kommune", "sjaelland"),
    (269, "Solrød Kommune", "sjaelland"),
    (306, "Odsherred Kommune", "sjaelland"),
    (316, "Holbæk Kommune", "sjaelland"),
    (320, "Faxe Kommune", "sjaelland"),
    (326, "Kalundborg Kommune", "sjaelland"),
    (329, "Ringsted Kommune", "sjaelland"),
    (330, "Slagelse Kommune", "sjaelland"),
    (336, "Stevns Kommune", "sjaelland"),
    (340, "Sorø Kommune", "sjaelland"),
    (350, "Lejre Kommune", "sjaelland"),
    (360, "Lolland Kommune", "sjaelland"),
    (370, "Næstved Kommune", "sjaelland"),
    (376, "Guldborgsund Kommune", "sjaelland"),
    (390, "Vordingborg Kommune", "sjaelland"),
    (410, "Middelfart Kommune", "syddanmark"),
    (420, "Assens Kommune", "syddanmark"),
    (430, "Faaborg-Midtfyn Kommune", "syddanmark"),
    (440, "Kerteminde Kommune", "syddanmark"),
    (450, "Nyborg Kommune", "syddanmark"),
    (461, "Odense Kommune", "syddanmark"),
    (479, "Svendborg Kommune", "syddanmark"),
    (480, "Nordfyns Kommune", "syddanmark"),
    (482, "Langeland Kommune", "syddanmark"),
    (492, "Ærø Kommune", "syddanmark"),
    (510, "Haderslev Kommune", "syddanmark"),
    (530, "Billund Kommune", "syddanmark"),
    (540, "Sønderborg Kommune", "syddanmark"),
    (550, "Tønder Kommune", "syddanmark"),
    (561, "Esbjerg Kommune", "syddanmark"),
    (563, "Fanø Kommune", "syddanmark"),
    (573, "Varde Kommune", "syddanmark"),
    (575, "Vejen Kommune", "syddanmark"),
    (580, "Aabenraa Kommune", "syddanmark"),
    (607, "Fredericia Kommune", "syddanmark"),
    (621, "Kolding Kommune", "syddanmark"),
    (630, "Vejle Kommune", "syddanmark"),
    (615, "Horsens Kommune", "midtjylland"),
    (657, "Herning Kommune", "midtjylland"),
    (661, "Holstebro Kommune", "midtjylland"),
    (665, "Lemvig Kommune", "midtjylland"),
    (671, "Struer Kommune", "midtjylland"),
    (706, "Syddjurs Kommune", "midtjylland"),
    (707, "Norddjurs Kommune", "midtjylland"),
    (710, "Favrskov Kommune", "midtjylland"),
    (727, "Odder Kommune", "midtjylland"),
    (730, "Randers Kommune", "midtjylland"),
    (740, "Silkeborg Kommune", "midtjylland"),
    (741, "Samsø Kommune", "midtjylland"),
    (746, "Skanderborg Kommune", "midtjylland"),
    (751, "Aarhus Kommune", "midtjylland"),
    (756, "Ikast-Brande Kommune", "midtjylland"),
    (760, "Ringkøbing-Skjern Kommune", "midtjylland"),
    (766, "Hedensted Kommune", "midtjylland"),
    (779, "Skive Kommune", "midtjylland"),
    (791, "Viborg Kommune", "midtjylland"),
    (773, "Morsø Kommune", "nordjylland"),
    (787, "Thisted Kommune", "nordjylland"),
    (810, "Brønderslev Kommune", "nordjylland"),
    (813, "Frederikshavn Kommune", "nordjylland"),
    (820, "Vesthimmerlands Kommune", "nordjylland"),
    (825, "Læsø Kommune", "nordjylland"),
    (840, "Rebild Kommune", "nordjylland"),
    (846, "Mariagerfjord Kommune", "nordjylland"),
    (849, "Jammerbugt Kommune", "nordjylland"),
    (851, "Aalborg Kommune", "nordjylland"),
    (860, "Hjørring Kommune", "nordjylland"),
))


def _key(text: str) -> str:
    """Case-, space- and hyphen-insensitive lookup key ("Høje Taastrup  kommune" == "høje-taastrup kommune")."""
    text = unicodedata.normalize("NFC", text).casefold().replace("-", " ")
    return re.sub(r"\s+", " ", text).strip(" .,;:")


def _stem(name: str) -> str:
    """The place part of an official name: "Københavns Kommune" -> "københavns"."""
    return _key(re.sub(r"\s+(Kommune|Regionskommune)$", "", name))


def _municipality_keys(m: Municipality) -> set[str]:
    """Spellings seen for one municipality: official, lower-case "kommune", with or without genitive s."""
    stem = _stem(m.name)
    bare = stem[:-1] if stem.endswith("s") and m.code in (101, 400, 480, 820) else stem
    keys = {_key(m.name), stem, bare}
    for base in {stem, bare}:
        keys |= {f"{base} kommune", f"{base} regionskommune"}
    return keys


def _region_keys(r: RegionInfo) -> set[str]:
    place = r.name.removeprefix("Region ")
    ascii_place = place.replace("æ", "ae").replace("ø", "oe").replace("å", "aa")
    return {_key(r.name), _key(f"Region {ascii_place}"), _key(f"Regionen {place}"), r.code}


_MUNICIPALITY_INDEX: dict[str, Municipality] = {k: m for m in MUNICIPALITIES for k in _municipality_keys(m)}
_REGION_INDEX: dict[str, RegionInfo] = {k: r for r in REGIONS for k in _region_keys(r)}


def municipality(name: str) -> Municipality | None:
    """The municipality a printed name refers to, or None."""
    return _MUNICIPALITY_INDEX.get(_key(name))


def region(name: str) -> RegionInfo | None:
    """The region a printed name or code refers to ("Region Sjælland", "Region Sjaelland", "sjaelland")."""
    return _REGION_INDEX.get(_key(name)) or _REGION_INDEX.get(_key(f"Region {name}"))


def region_code(name: str | None) -> str | None:
    """The code of the region `name` names ("Region Hovedstaden", "hovedstaden"), or None when it
    names none of the five (a table's "I alt" row, no name)."""
    found = region(name) if name else None
    return found.code if found is not None else None


def normalize_operator(printed: str | None) -> Operator | None:
    """Map an operator as printed to its official name, code and type; None for a blank cell."""
    if printed is None or not printed.strip():
        return None
    if (m := municipality(printed)) is not None:
        return Operator(m.name, m.code, OperatorType.MUNICIPAL)
    if (r := region(printed)) is not None:
        return Operator(r.name, r.number, OperatorType.REGIONAL)
    return Operator(re.sub(r"\s+", " ", printed).strip(), None, OperatorType.PRIVATE_OR_OTHER)
