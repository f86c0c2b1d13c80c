"""Notice-period wordings → normalised values; one test per phrasing, including ones not in the seeds.

A wording that is not understood must come back unrecognised (normalized None), never as a guess.
"""

from __future__ import annotations

import pytest

from extractors.clauses.notice import extension_trigger, parse_notice_period, party


def months(n: int) -> dict:
    return {"running_month": True, "plus_months": n, "plus_days": 0}


def days(n: int) -> dict:
    return {"running_month": True, "plus_months": 0, "plus_days": n}


@pytest.mark.parametrize(("text", "expected"), [
    # seen in the seeds
    ("Løbende måned plus en måned.", months(1)),
    ("Løbende måned plus 30 dage.", days(30)),
    ("Opsigelsesvarsel er løbende måned plus 30 dage, medmindre andet er aftalt.", days(30)),
    ("Ved dødsfald ophører betaling af taksten efter løbende måned plus 30 dage.", days(30)),
    ("kan driftsherre ensidigt forlænge opsigelsesvarslet til løbende måned plus seks måneder.", months(6)),
    ("[løbende måned + 30 dage]", days(30)),
    ("Opsigelsesvarslet for køber: Løbende måned + 1 måned.", months(1)),
    ("Opsigelsesvarslet for leverandør: Løbende måned + 2 måneder.", months(2)),
    ("opsigelsesvarslet på løbende måned og 1 måned?", months(1)),
    # written differently from the seeds
    ("løbende måned + 3 mdr.", months(3)),
    ("to måneder fra udgangen af måneden", months(2)),
    ("Opsigelsesvarslet er tre måneder efter udgangen af den løbende måned.", months(3)),
    ("løbende måned plus 30 dage", days(30)),
    ("løbende måned plus en måned", months(1)),
    ("løbende måned + 2 måneder", months(2)),
    ("Løbende md. plus fire mdr.", months(4)),
    ("LØBENDE MÅNED PLUS TO MÅNEDER", months(2)),
    ("løbende måned plus 14 dage", days(14)),
    ("løbende måned + 2 uger", days(14)),
])
def test_recognised_wordings(text: str, expected: dict) -> None:
    parsed = parse_notice_period(text)
    assert parsed.recognized
    assert parsed.normalized == expected


@pytest.mark.parametrize("text", ["det er løbende md. + 1, der er gældende ved dødsfald.", "løbende md.+1"])
def test_month_abbreviation_without_unit_is_months_and_flagged(text: str) -> None:
    parsed = parse_notice_period(text)
    assert parsed.normalized == months(1)
    assert "unit_implicit" in parsed.flags


def test_plus_one_month_and_plus_30_days_are_kept_apart() -> None:
    assert parse_notice_period("løbende måned plus en måned").normalized != \
        parse_notice_period("løbende måned plus 30 dage").normalized


@pytest.mark.parametrize("text", [
    "Længden af opstartsperioden må maksimalt være løbende år plus 12 måneder.",
    "Afbud for bestilt plads senest 14 dage før.",
    "Huslejestigninger varsles senest to måneder før.",
])
def test_look_alikes_are_not_notice_periods(text: str) -> None:
    parsed = parse_notice_period(text)
    assert parsed.normalized is None


def test_extension_trigger() -> None:
    text = ("Når en kommune på samme tilbud vælger at opsige tre eller flere pladser inden for en periode på "
            "tre løbende måneder, eller pladser svarende til indtægter på 20 procent eller mere af tilbuddets "
            "takstbaserede indtægtsbudget, kan driftsherre ensidigt forlænge opsigelsesvarslet til løbende "
            "måned plus seks måneder.")
    assert extension_trigger(text) == {"min_places_terminated": 3, "within_running_months": 3,
                                       "or_min_pct_of_tariff_income_budget": 20, "same_offer": True}
    assert parse_notice_period(text).normalized == months(6)


@pytest.mark.parametrize(("text", "who"), [
    ("Køber kan opsige aftalen med følgende varsel", "buyer"),
    ("Leverandøren kan opsige aftalen med følgende varsel", "provider"),
    ("Opsigelsesvarslet for køber:", "buyer"),
    ("Opsigelsesvarsel er løbende måned plus 30 dage", None),
])
def test_party(text: str, who: str | None) -> None:
    assert party(text) == who


def test_unrecognised_wording_in_a_document_is_a_flagged_clause() -> None:
    """End to end through the pipeline: the clause is reported, with normalized None and a flag."""
    from extractors.clauses.extract import extract_clauses
    from extractors.pdf import ParsedDocument

    doc = ParsedDocument(path=__import__("pathlib").Path("inline.pdf"), sha256="0", page_texts=[
        "4.2 OPSIGELSESVARSLER\nBotilbud: Løbende måned plus lidt.\nAflastning: Løbende måned + 3 mdr.\n"])
    clauses = [c for c in extract_clauses(doc) if c.kind == "notice_period"]
    assert [(c.subject, c.normalized) for c in clauses] == [("Botilbud", None), ("Aflastning", months(3))]
    assert "unrecognised_notice_wording" in clauses[0].flags
    assert clauses[0].section == "4.2 OPSIGELSESVARSLER"


# Each of these was once read as a plain number of months (the unit was taken from "løbende måned"
# itself, and nothing after the first number was looked at).
@pytest.mark.parametrize(("text", "expected", "flag"), [
    ("løbende måned plus 30 kalenderdage", days(30), None),
    ("løbende måned plus 1 år", months(12), "unit_years"),
    ("løbende måned plus et år", months(12), "unit_years"),
    ("løbende måned plus 1 måned og 15 dage",
     {"running_month": True, "plus_months": 1, "plus_days": 15}, "compound_amount"),
    ("Løbende måned + 1 md. + 14 dage.",
     {"running_month": True, "plus_months": 1, "plus_days": 14}, "compound_amount"),
    ("løbende måned + 1 mnd.", months(1), None),
    ("løbende måned plus 30 dage. 2. Betaling sker månedsvis.", days(30), None),
    ("løbende måned plus 30 dage og en opsagt plads bortfalder", days(30), None),
])
def test_what_follows_the_number_is_read(text: str, expected: dict, flag: str | None) -> None:
    parsed = parse_notice_period(text)
    assert parsed.recognized and parsed.normalized == expected
    if flag:
        assert flag in parsed.flags


@pytest.mark.parametrize("text", [
    "Opsigelsesvarslet er løbende måned plus lidt afhængigt af situationen.",
    "løbende måned plus enkelte dage",
    "Opsigelsesvarsel: løbende måned.",
    "Opsigelsesvarslet fastsættes efter nærmere aftale, dog mindst et kvartal.",
    "løbende måned plus halvanden måned",
    "løbende måned plus 10 hverdage",
    "løbende måned plus en halv måned",
    "løbende måned plus 2,5 måned",
    "løbende måned plus 1.5 måned",
    "løbende måned plus 1½ måned",
    "løbende måned plus 1-2 måneder",
    "løbende måned plus 1 til 2 måneder",
    "løbende måned plus 2 måneder og en halv",
    "løbende måned plus 1 kvartal",
    "løbende måned + 1 uden videre",
    "2,5 måneder fra udgangen af måneden",
    "1-2 måneder fra udgangen af måneden",
])
def test_vague_fractional_ranged_and_unknown_unit_wordings_are_unrecognised(text: str) -> None:
    parsed = parse_notice_period(text)
    assert parsed.normalized is None and not parsed.recognized
    assert "unrecognised_notice_wording" in parsed.flags


@pytest.mark.parametrize("text", [
    "Opsigelsesvarsel: løbende måned plus 3 måneder for køber og 6 måneder for leverandør.",
    "Løbende måned + 1 måned for køber og løbende måned + 2 måneder for leverandøren",
    "løbende måned plus en måned, dog mindst 30 dage",
])
def test_two_amounts_in_one_clause_are_not_reduced_to_the_first(text: str) -> None:
    parsed = parse_notice_period(text)
    assert parsed.normalized is None
    assert {"several_notice_values", "unrecognised_notice_wording"} <= set(parsed.flags)


def test_two_extension_wordings_in_one_sentence_are_both_kept() -> None:
    """Each notice wording of a sentence is its own clause; the second is not dropped as a repeat."""
    from extractors.clauses.extract import extract_clauses
    from extractors.pdf import ParsedDocument

    text = ("4.2 OPSIGELSESVARSLER\nVed opsigelse af tre eller flere pladser inden for tre måneder kan "
            "leverandøren forlænge varslet til løbende måned plus seks måneder; ved opsigelse af ti eller flere "
            "pladser forlænges varslet til løbende måned plus ni måneder.\n")
    doc = ParsedDocument(path=__import__("pathlib").Path("inline.pdf"), sha256="0", page_texts=[text])
    clauses = [c for c in extract_clauses(doc) if c.kind == "notice_extension"]
    assert [(c.normalized["plus_months"], c.normalized["trigger"]) for c in clauses] == [
        (6, {"min_places_terminated": 3}), (9, {"min_places_terminated": 10})]
    assert clauses[1].text.startswith("ved opsigelse af ti")
