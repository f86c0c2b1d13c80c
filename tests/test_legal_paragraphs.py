"""Legal-paragraph references and the vocabulary (models/vocabulary.py), and the clause extractor's reading
of the words around a paragraph (extractors/clauses/paragraphs.py)."""

from __future__ import annotations

import pytest

from models.vocabulary import TERMS, find_paragraph_refs, find_terms, lookup
from tests.test_clause_precision import clauses_of


@pytest.mark.parametrize(("text", "key"), [
    ("SEL §107", ("SEL", "107")),
    ("SEL § 107", ("SEL", "107")),
    ("Servicelovens § 107", ("SEL", "107")),
    ("serviceloven § 107", ("SEL", "107")),
    ("Lov om social service § 108", ("SEL", "108")),
    ("BL § 43", ("BL", "43")),
    ("Barnets Lov § 43", ("BL", "43")),
    ("Barnets lov § 83", ("BL", "83")),
    ("ABL § 105", ("ABL", "105")),
    ("almenboligloven § 105", ("ABL", "105")),
    ("SUL § 142", ("SUL", "142")),
    ("Sundhedslovens § 140", ("SUL", "140")),
    ("FSL § 20 stk. 3", ("FSL", "20")),
    ("Folkeskolelovens § 20, stk 2", ("FSL", "20")),
    ("lov om folkeskole § 20 stk. 3", ("FSL", "20")),
    ("Lov om specialundervisning for voksne § 1b", ("LSV", "1b")),
    ("LAB § 32", ("LAB", "32")),
])
def test_single_reference(text: str, key: tuple[str, str]) -> None:
    assert [ref.key for ref in find_paragraph_refs(text)] == [key]


@pytest.mark.parametrize(("text", "labels"), [
    ("SEL §§ 107-108", ["SEL § 107", "SEL § 108"]),
    ("§§107-108", ["§ 107", "§ 108"]),
    ("SEL §§ 83/85", ["SEL § 83", "SEL § 85"]),
    ("Servicelovens §§ 107 og 108", ["SEL § 107", "SEL § 108"]),
    ("Barnets lov § 43, stk. 1, nr. 6", ["BL § 43, stk. 1, nr. 6"]),
    ("SEL § 66, nr. 6", ["SEL § 66, nr. 6"]),
    ("SEL § 66 nr. 5", ["SEL § 66, nr. 5"]),
    ("§ 66 stk. 6", ["§ 66, stk. 6"]),
    ("SEL § 67 stk. 2", ["SEL § 67, stk. 2"]),
    ("FSL § 20 stk.2", ["FSL § 20, stk. 2"]),
    ("7.1 Lov om specialundervisning § 1, stk. 2. og stk 3.", ["LSV § 1, stk. 2 og 3"]),
    ("§ 105, stk. 2, i lov om almene boliger m.v.", ["ABL § 105, stk. 2"]),
    ("Døgntilbud SEL §§ 107 & 108 samt almenboligloven § 105", ["SEL § 107", "SEL § 108", "ABL § 105"]),
    ("Lov om Social Service §66 og §107", ["SEL § 66", "SEL § 107"]),
    ("Stofmisbrug ( § 101, 103, 104, 105, 107 og 108)", ["§ 101", "§ 103", "§ 104", "§ 105", "§ 107", "§ 108"]),
])
def test_lists_ranges_and_subsections(text: str, labels: list[str]) -> None:
    assert [ref.label for ref in find_paragraph_refs(text)] == labels


def test_bare_section_in_a_sel_context() -> None:
    refs = find_paragraph_refs("tilbud efter § 108", default_law="SEL")
    assert [r.key for r in refs] == [("SEL", "108")]
    assert refs[0].law_inferred
    refs = find_paragraph_refs("Efter serviceloven gælder for tilbud efter § 108 …")
    assert refs[0].key == ("SEL", "108") and refs[0].law_inferred


def test_lower_case_abbreviation_is_not_a_law() -> None:
    assert [ref.key for ref in find_paragraph_refs("bl.a. § 12")] == [(None, "12")]


@pytest.mark.parametrize(("printed", "term_id"), [
    ("Udviklingshæmning", "udviklingshaemning"),
    ("Udviklingshæmning (13)", "udviklingshaemning"),
    ("Udviklingsforstyrrelse", "udviklingsforstyrrelse"),
    ("Udsatte børn og unge", "udsatte_boern_unge"),
    ("Sindslidelser", "sindslidelse"),
    ("Sindslidelse", "sindslidelse"),
    ("Multiple funktionsnedsættelser", "multiple_funktionsnedsaettelser"),
    ("Erhvervet hjerneskade", "erhvervet_hjerneskade"),
    ("Fysisk funktionsnedsættelse", "fysisk_funktionsnedsaettelse"),
    ("Hjemløshed", "hjemloeshed"),
    ("Kognitiv funktionsnedsættelser", "kognitiv_funktionsnedsaettelse"),
    ("Krisecentre", "krisecentre"),
    ("Misbrugscentre", "misbrugscentre"),
    ("Botilbud", "botilbud"),
    ("STU", "stu"),
    ("Aflastning", "aflastning"),
])
def test_vocabulary_lookup(printed: str, term_id: str) -> None:
    entry = lookup(printed)
    assert entry is not None and entry.id == term_id


def test_vocabulary_ids_unique_and_unknown_is_none() -> None:
    assert len({t.id for t in TERMS}) == len(TERMS)
    assert lookup("Noget helt andet") is None


def test_find_terms_longest_first() -> None:
    found = [t.id for t, _, _ in find_terms("borgere med erhvervet hjerneskade i længerevarende botilbud")]
    assert found == ["erhvervet_hjerneskade", "botilbud"]


@pytest.mark.parametrize(("text", "labels"), [
    # the law named next to the paragraph wins over the one named earlier in the sentence
    ("fokus på Sundhedslovens §140 og §107 (SEL) tages op igen", ["SUL § 140", "SEL § 107"]),
    ("§140 (SUL) og §107 (SEL)", ["SUL § 140", "SEL § 107"]),
    # a footnote marker printed right after a range's end never joins the number
    ("botilbud efter servicelovens §§ 83- 877 og", ["SEL § 83", "SEL § 84", "SEL § 85", "SEL § 86", "SEL § 87"]),
    # … nor a subsection's (Sjælland p. 4: stk. 2 and footnote 6)
    ("Specialundervisning for børn iht. Folkeskolelovens § 20, stk. 26, herunder specialskoler", ["FSL § 20, stk. 2"]),
    # "§§ A OG B" in a heading in capitals is two paragraphs
    ("4.3 OPKRÆVNING AF EGENBETALING I TILBUD EFTER SEL §§ 107 OG 108", ["SEL § 107", "SEL § 108"]),
    # an act without a code is not the act named earlier
    ("Efter serviceloven er afregningsfristen 30 dage (jf. rentelovens § 3b)", ["§ 3b"]),
    # a quotation ending with the paragraph, its source in brackets after it (Sjælland p. 4)
    ("og hvis forældre ønsker dem optaget i folkeskolen, jf. § 54.”(Folkeskoleloven, LBK nr. 998 af 16/08/2010)",
     ["FSL § 54"]),
    # "efter §" in an order's title is the act's paragraph, "m.v." in the title notwithstanding (Hovedstaden p. 19)
    ("Bekendtgørelse om ændring af bekendtgørelse om betaling for botilbud m.v. efter Servicelovens kapitel 20 samt om "
     "flytteret i forbindelse med botilbud efter § 108 (BEK nr 1335 af 28/11/2017)", ["SEL § 108"]),
    # "på §§" after an order: the act's paragraphs the order changes, not the order's (Sjælland p. 21)
    ("Efter serviceloven kommer der en ændring af bekendtgørelsen til efteråret 2017 på §§ 109 og 110",
     ["SEL § 109", "SEL § 110"]),
])
def test_law_follows_the_text(text: str, labels: list[str]) -> None:
    assert [ref.label for ref in find_paragraph_refs(text)] == labels


@pytest.mark.parametrize("text", [
    "bekendtgørelse om socialtilsyn § 18",
    "Jf. § 5 i Bekendtgørelse om rammeaftaler m.v. på det sociale område",
    "Bekendtgørelse om finansiering af visse ydelser og tilbud efter Lov om Social Service og Barnets Lov §§ 3-7",
    # a footnote, the full stop of "Stk. 3." before the order's name (Sjælland p. 6)
    "10 Jf. § 7 Stk. 3. i Bekendtgørelse om rammeaftaler m.v. på det sociale område",
    # an order's title with "mv." before its paragraph (Sjælland p. 12)
    "Region Sjællands særlige forpligtelse fremgår af bekendtgørelse om rammeaftaler mv. §9, stk.2",
])
def test_an_executive_order_is_not_its_act(text: str) -> None:
    refs = find_paragraph_refs(text, default_law="SEL")
    assert refs and all(ref.law is None and ref.executive_order for ref in refs)


def _clause_labels(text: str) -> list[str]:
    """Labels of the legal_paragraph clauses the clause extractor reads from one page of `text`."""
    return [c.normalized["label"] for c in clauses_of(text, "legal_paragraph")]


@pytest.mark.parametrize(("text", "labels"), [
    # an act without a code named after the § or before it is no SEL paragraph (Sjælland p. 8, Hovedstaden p. 49)
    ("Tilbud efter serviceloven føres der tilsyn med. Grundlaget for udarbejdelsen af årsrapporten for "
     "socialtilsynene i Danmark fremgår af lov om socialtilsyn § 9 og bekendtgørelse om socialtilsyn § 18.",
     ["§ 9", "§ 18"]),
    ("Kommunerne skal drøfte finansieringen med Socialtilsynet efter serviceloven, jf. § 2, stk. 2 i lov om "
     "socialtilsyn.", ["§ 2, stk. 2"]),
    # a law in the genitive inside an order's title cites the act (Hovedstaden p. 14)
    ("Egenbetalingen fastsættes, jf. bekendtgørelse om egenbetaling for midlertidigt ophold i boformer efter "
     "Servicelovens §§ 109 og 110 – og reguleres én gang om året.", ["SEL § 109", "SEL § 110"]),
    # a law's name hyphenated at a line break (Nordjylland p. 71)
    ("Undersøgelsen fokuserer på botilbud efter ser- vicelovens §§ 107-108 samt botilbudslignende tilbud til "
     "borgere med handicap eller sindslidelse.", ["SEL § 107", "SEL § 108"]),
    # "§105/85" that only the principal act attributes: almenboligloven's housing, SEL § 85 support (Nordjylland
    # p. 148); under a lead-in naming Lov om social service, § 105 stays SEL's (Sjælland p. 2)
    ("Tilbud efter serviceloven.\n\nUdgifterne til botilbud efter§105/85 generes i udstrakt grad af køb i kommunal "
     "regi.", ["ABL § 105", "SEL § 85"]),
    ("Rammeaftalen dækker følgende paragraffer i Lov om social service:\n• Stofmisbrug (§ 101, 105 og 108)\n",
     ["SEL § 101", "SEL § 105", "SEL § 108"]),
])
def test_clause_law_follows_the_words_around_the_paragraph(text: str, labels: list[str]) -> None:
    assert _clause_labels(text) == labels


def test_the_rows_of_a_flattened_table_are_no_references() -> None:
    """Nordjylland p. 147: a chart's data table, one region per column, read as the text citing § 107."""
    text = ("Botilbud efter serviceloven er dyre.\n\nHovedstaden Region Midtjylland Region Nordjylland "
            "Region Sjælland Region Syddanmark Modtagere pr. 1.000 indbyggere (18-66 år) - §107 "
            "1,76 1,21 2,00 2,74 1,65\n")
    assert _clause_labels(text) == []


@pytest.mark.parametrize(("text", "labels"), [
    # a letter printed after a space belongs to the number (Hovedstaden p. 51, Nordjylland p. 174, p. 179)
    ("Børnehusene efter Barnets lov § 50 a", ["BL § 50a"]),
    ("Men i almenboligloven § 74 a fremgår, at den gælder for almene plejeboliger.", ["ABL § 74a"]),
    ("magtanvendelse efter SEL §§ 124 c, 124 d og 136 a, stk. 3", ["SEL § 124c", "SEL § 124d", "SEL § 136a, stk. 3"]),
    # … but not the preposition "i" after the number
    ("§ 108 i lov om social service", ["SEL § 108"]),
    ("§ 105, stk. 2, i lov om almene boliger m.v.", ["ABL § 105, stk. 2"]),
])
def test_a_letter_after_a_space_is_part_of_the_number(text: str, labels: list[str]) -> None:
    assert [ref.label for ref in find_paragraph_refs(text)] == labels


def test_a_bare_paragraph_repeats_the_law_printed_with_it_in_its_paragraph() -> None:
    """Nordjylland p. 13: "§107 rehabilitering" after "Servicelovens §107 … Sundhedslovens § 140" was SUL § 107."""
    text = ("Neurocenter Østerskoven er et rehabiliteringstilbud efter Servicelovens §107, der leverer indsatser ind i "
            "den specialiserede rehabiliteringsplan efter Sundhedslovens § 140. Afdelingen for medfødt hjerneskade "
            "har foruden §107 rehabilitering også et STU-tilbud.")
    last = [c.normalized["label"] for c in clauses_of(text, "legal_paragraph") if "foruden" in c.text]
    assert last == ["SEL § 107"]


@pytest.mark.parametrize("chart", [
    # a slide's chart title between two bullets (Nordjylland p. 148)
    "• Udgifterne til §107-botilbud generes i høj grad af køb hos regionale leverandører. Nordjylland, er den "
    "region, der bruger den næststørste andel\nModtagere pr. 1000 borgere §85\n• Region Nordjylland har det "
    "højeste antal helårsmodtagere pr. 1000 indbyggere (18-66 år).\nAntallet af helårsmodtagere er stigende\n",
    # a table's row label (Nordjylland p. 147)
    "Udgifter til botilbud pr. 18-66 årig (2022) 6.354 6.463 7.178 7.336 6.368\nAndel udgifter til køb af "
    "§108-tilbud hos regionale og \nprivate leverandører (2022)\n46,8% 61,5% 86,7% 59,3% 56,3%\n",
])
def test_a_chart_title_or_row_label_is_no_reference_or_offer_type(chart: str) -> None:
    found = {(c.kind, c.text) for c in clauses_of(f"Botilbud efter serviceloven er dyre.\n\n{chart}")
             if c.kind in ("legal_paragraph", "offer_type")}
    assert {text for _, text in found} <= {"Botilbud efter serviceloven er dyre.",
                                           "Udgifterne til §107-botilbud generes i høj grad af køb hos regionale "
                                           "leverandører."}


@pytest.mark.parametrize(("text", "labels"), [
    # "§140" next to a bare "§107" in minutes that print "Sundhedslovens § 140" (Nordjylland p. 15, p. 21)
    ("Tilbuddet er efter serviceloven.\nPlanen er efter Sundhedslovens § 140.\nDrøfter om der skal arbejdes videre med "
     "benchmark eller undersøgelse af muligheder vedr. driften af Neurocenter Østerskoven efter §107 sammenhold med §140",
     ["SUL § 140", "SEL § 107", "SUL § 140"]),
    # a list where each paragraph names its act: "§ 107" after "FSL § 20 stk. 3" (Hovedstaden p. 42)
    ("Tilbud efter Servicelovens § 107 er midlertidige.\nParagraf: Helhedstilbud (SEL § 36, Barnets lov § 43, stk. 1, "
     "nr. 6 delvis lukket afdeling samt aflastning, FSL § 20 stk. 3, § 107, STU)",
     ["SEL § 107", "SEL § 36", "BL § 43, stk. 1, nr. 6", "FSL § 20, stk. 3", "SEL § 107"]),
    # "§ 74a" in a hearing row, almenboligloven's in the rows after it (Nordjylland p. 179)
    ("Tilbud efter serviceloven.\n\nDen slettede passus vedr. § 74a skal indgå i kontrakten.\n\nIngen kan jo være "
     "uenige i, at almenboliglovens § 74 a gælder.", ["ABL § 74a", "ABL § 74a"]),
    # "§§ 83 og 85" after "almenboligloven" where "SEL § 85" is printed: one span, one act (Sjælland p. 13)
    ("Støtte efter SEL § 85 gives i eget hjem.\n\nBoliger efter almenboligloven med hjælp og støtte efter §§ 83 og 85 "
     "skal kunne indgå.", ["SEL § 85", "SEL § 83", "SEL § 85"]),
    # a list under a lead-in that names its act keeps it (Sjælland p. 2)
    ("Boliger efter almenboliglovens § 105 indgår.\n\nRammeaftalen dækker følgende paragraffer i Lov om social "
     "service:\n• Stofmisbrug (§ 101, 105 og 108)\n", ["ABL § 105", "SEL § 101", "SEL § 105", "SEL § 108"]),
])
def test_a_law_from_context_gives_way_to_the_one_act_the_document_prints_the_paragraph_with(
        text: str, labels: list[str]) -> None:
    assert _clause_labels(text) == labels


@pytest.mark.parametrize("table", [
    # a tariff table's rows after its caption, amounts in kroner (Nordjylland p. 43)
    "Tabel 1. Basistakst og ydelsestakst for borgere med medfødt hjerneskade Basistakst Ydelsestakst (timetakst)\n"
    "§107 tilbud med rehabilitering (helhedstilbud) 3.187 kr. 402 kr. §107 tilbud, hvor borgere har et dagtilbud\n"
    "eller STU tilbud §107: 2.487 kr.\n",
    # a table's title that opens with its measure, glued to a footnote mark and a column header (Nordjylland p. 59)
    "Antal tilbud og pladser efter SEL § 66, fordelt på de nordjyske kommuner.1 Kommunale tilbud\n",
])
def test_a_table_row_or_title_is_no_reference(table: str) -> None:
    assert _clause_labels(f"Tilbud efter serviceloven er dyre.\n\n{table}") == []
