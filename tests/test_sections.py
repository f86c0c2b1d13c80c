"""The section a block stands under is the real heading above it (`extractors.segment`): never an entry of a
list of names, a table's caption or column header; and real sub-headings are seen even where they are printed
with a footnote number or on one line with their text. Each case is the minimal text of a wrong section of the
hand-judged precision samples (tests/gold/precision-*.json)."""

from __future__ import annotations

import pytest

from extractors.segment import TEXT, segment
from tests.test_clause_rules import sections


@pytest.mark.parametrize(("text", "expected"), [
    # a list of offer names, its last entry above the first offer's profile (Hovedstaden p. 41)
    ("4.2 De mest specialiserede tilbud\nTilbuddene gennemgås nedenfor enkeltvis i skematisk form.\nSofieskolen\n"
     "Nødebogård\n3Kløveren\nTroldemosen\nTilbud: Sofieskolen\n"
     "Paragraf: Børnehave i henhold til Barnets lov § 83.\n",
     ["4.2 De mest specialiserede tilbud"]),
    # two list entries announced by the colon above them (Hovedstaden p. 23, the focus areas)
    ("2. Fokusområder\nKKR Hovedstaden har udpeget fire fokusområder, det drejer sig om:\n"
     "Alternative og fleksible botilbud\nKommunale indsatser til borgere med psykisk sygdom\n"
     "Fokusområderne vil præge det udviklingsarbejde, som bliver sat i værk i regi af Rammeaftale 2025-2026.\n",
     ["2. Fokusområder"]),
    # a table's two column headers after "… på baggrund af:" (Hovedstaden p. 19-20)
    ("6.1 HANDLEKOMMUNENS OPGAVER\nBoligbetalingen fastsættes på baggrund af:\n"
     "Omkostningsbestemte betaling (oplyst af tilbud/driftsherre)\n"
     "Indkomstbestemt boligbetaling (beregnet af handlekommunen)\n"
     "Under hensyntagen til handlekommunens serviceniveau fastsættes betalingen.\n",
     ["6.1 HANDLEKOMMUNENS OPGAVER"]),
])
def test_a_list_of_names_is_no_heading(text: str, expected: list[str]) -> None:
    assert sections(text) == expected


def test_a_heading_and_its_sub_heading_are_no_list() -> None:
    """Sjælland p. 16: the paragraph's last line runs on from the line above it, and a title that ends in its
    years ("Takstanbefaling 2021-2022") is no table row."""
    text = ("Standardkontraktskabeloner vil ligge klar på sekretariaternes hjemmeside og Tilbudsportalen, hvorfra\n"
            "rammeaftale 2021-22 er gældende fra 1/1-2021\nAnbefalinger fra KKR Sjælland\nTakstanbefaling 2021-2022\n"
            "I rammeaftale 2021-2022 er det besluttet at opfordre alle kommuner til driftsoptimering.\n")
    assert sections(text)[-1] == "Takstanbefaling 2021-2022"


def test_a_table_caption_is_a_block_of_its_own_and_no_heading() -> None:
    """Hovedstaden (Word) p. 27: "Tabel 4: …" stood under the caption of Tabel 3."""
    text = ("3.2 Højt specialiserede tilbud\nTabel 3: Tilbud målrettet udsatte børn og unge\n"
            "Arild Københavns BL § 43 Pladstal 19 19 19\nPladsforbrug 19 19 19\nBelægningsprocent 100% 100% 100%\n"
            "Tabel 4: Tilbud målrettet børn og unge med sindslidelser\n"
            "Nødebogård Bagsværd BL § 43 Pladstal 9 9 9\n"
            "Pladsforbrug 6,4 7,6 7,8\nBelægningsprocent 71% 85% 86%\n")
    blocks = [b for b in segment([text]) if b.kind == TEXT]
    assert {b.section for b in blocks} == {"3.2 Højt specialiserede tilbud"}
    assert "Tabel 4: Tilbud målrettet børn og unge med sindslidelser" in [b.text for b in blocks]


def test_a_figure_reference_that_ends_a_sentence_is_no_caption() -> None:
    """Nordjylland p. 73: "… illustreret i" / "Figur 1.1. Kategorierne …" is one paragraph."""
    text = ("1.3.1 Botilbud og målgrupper\nMan får fire kategorier, der er illustreret i\n"
            "Figur 1.1. Kategorierne kan være nyttige at have i baghovedet.\n")
    assert [b.text for b in segment([text]) if b.kind == TEXT] == [
        "Man får fire kategorier, der er illustreret i Figur 1.1. "
        "Kategorierne kan være nyttige at have i baghovedet."]


def test_the_decision_of_an_agenda_item_stands_under_its_label() -> None:
    """Nordjylland p. 12: the decision stood under "Indstilling"."""
    text = ("Punkt 3. Afrapportering\nIndstilling\nDet indstilles, at DAS\n• Godkender anbefalingerne\nBeslutning:\n"
            "DAS beslutter, at anbefalingerne godkendes.\n")
    assert sections(text) == ["Punkt 3. Afrapportering / Indstilling", "Punkt 3. Afrapportering / Beslutning:"]


def test_an_offers_title_printed_with_its_text_is_a_sub_heading() -> None:
    """Sjælland p. 11: the offer's name, its region and its coverage, then the text on the same line."""
    text = ("Kofoedsminde (Region Sjælland) – Øvrige landsdækkende tilbud\n"
            "Hensigten er at lave et beslutningsgrundlag for Folketinget.\n"
            "Center for Døvblindhed og Høretab (Region Nordjylland) – Landsdækkende tilbud Forummet har\n"
            "haft særlig opmærksomhed på CDH siden 2017.\n")
    assert sections(text) == ["Kofoedsminde (Region Sjælland) – Øvrige landsdækkende tilbud",
                              "Center for Døvblindhed og Høretab (Region Nordjylland) – Landsdækkende tilbud"]


def test_a_title_with_a_footnote_number_is_a_sub_heading() -> None:
    """Sjælland p. 17: "… lukning af tilbud17." (footnote 17, then a full stop)."""
    text = ("Objektiv finansiering\nDer indgås ikke aftaler for enkeltmandsforanstaltninger.\n"
            "Aftaler om principper for evt. deling af udgifter forbundet med oprettelse og lukning af tilbud17.\n"
            "Driftsherren har ansvaret for en eventuel nedlukning af tilbud.\n")
    assert sections(text) == ["Objektiv finansiering",
                              "Aftaler om principper for evt. deling af udgifter forbundet med oprettelse og lukning "
                              "af tilbud"]


def test_a_contract_point_ends_before_its_template_fields() -> None:
    """Nordjylland p. 168: the section was "17. Underskrifter Køber: Dato: Angiv dato"."""
    text = "17. Underskrifter Køber: Dato: Angiv dato\nLeverandør: Dato: Angiv dato\n"
    assert sections(text) == ["17. Underskrifter"]


@pytest.mark.parametrize(("text", "expected"), [
    # a sentence that lost its full stop is no heading (Sjælland p. 20)
    ("National koordinationsstruktur\n• Beføjelse til at meddele driftspålæg til en kommune.\n"
     "Dette dog kun undtagelsesvist i helt særlige tilfælde\n"
     "• I sidste ende kan træffe afgørelse om finansiering.\n",
     ["National koordinationsstruktur"]),
    # a template's fields break a run of short lines: the sub-headings after them stay (Nordjylland p. 168)
    ("17. Underskrifter\nBilag Bestilling fra køber\nAndet: Angiv tekst\nDokumentationskrav til leverandør\n"
     "Leverandørens individuelle/pædagogiske plan\n"
     "Hvis køber efterspørger en plan, fremsender leverandøren den.\n",
     ["17. Underskrifter / Bilag Bestilling fra køber",
      "17. Underskrifter / Leverandørens individuelle/pædagogiske plan"]),
    # a slide's date, deck title and slide title: the date is no entry of a list (Nordjylland p. 148)
    ("14 AFSLUTTENDE WORKSHOP\nBotilbud\n• Region Nordjylland har de næsthøjeste udgifter til botilbud.\n"
     "20-11-2023\n"
     "Økonomi, demografi og modtagere - det specialiserede voksenområde\nOpsummering – forklaringskraft\n"
     "Generelt set har Region Nordjylland en høj udgift pr. borger.\n",
     ["14 AFSLUTTENDE WORKSHOP / Botilbud", "14 AFSLUTTENDE WORKSHOP / Opsummering – forklaringskraft"]),
])
def test_no_list_where_lines_are_no_entries(text: str, expected: list[str]) -> None:
    assert sections(text) == expected


def test_a_title_and_its_dashed_sub_title_are_a_heading() -> None:
    """Sjælland p. 12: a title with a sub-title after a dash, on a line of its own (ten words) and printed on one line
    with its text, the sub-title ending in a name ("… i Region Sjælland Alle rammeaftalens parter …")."""
    text = ("Aftaler vedrørende Grønland og Færøerne\nRegion Sjælland fastlægger behovet efter forhandling med "
            "myndighederne og koordinerer\nantallet af pladser regionerne imellem 13”\n"
            "Fastlæggelse af behov og forventet forbrug - Regionens forpligtelser\n"
            "Region Sjælland fastlægger behovet for pladser.\n"
            "Forsyning med pladser – tværgående forpligtelse for driftsherre i Region Sjælland Alle rammeaftalens "
            "parter\n"
            "er forpligtet på forsyning af pladser.\n")
    assert sections(text) == ["Aftaler vedrørende Grønland og Færøerne",
                              "Fastlæggelse af behov og forventet forbrug - Regionens forpligtelser",
                              "Forsyning med pladser – tværgående forpligtelse for driftsherre i Region Sjælland"]


def test_a_sentence_with_a_dash_is_no_heading() -> None:
    """A sentence whose words around the dash have a verb stays text."""
    text = ("Indledning\nDen første del er afsluttet.\n"
            "Kommunerne har pladser – især i Region Sjælland Det gælder botilbud og andre tilbud.\n")
    assert sections(text) == ["Indledning"]


def test_an_appendix_title_is_a_top_level_section() -> None:
    """Nordjylland p. 119: the questionnaire stood under the report's last section ("5.3 …")."""
    text = ("5.3 Brug og drift af højt specialiserede tilbud – nu og fremover\nKommunerne har svaret.\n"
            "Bilag 2 Spørgeskema om botilbudsområdet\nDEL 1: EFTERSPØRGSEL\n"
            "Denne del af spørgeskemaet handler om efterspørgsel.\n")
    assert sections(text) == ["5.3 Brug og drift af højt specialiserede tilbud – nu og fremover",
                              "Bilag 2 Spørgeskema om botilbudsområdet / DEL 1: EFTERSPØRGSEL"]


def test_a_sub_heading_printed_after_the_items_closing_bracket_is_its_own_line() -> None:
    """Nordjylland p. 55: "… som vi ved virker) Unge med dobbeltdiagnose" ended the bullet above it."""
    text = ("Punkt 10. Afrapportering\nUnge med autisme\n• Vidensdeling ift. tilbud, som virker – fx psykoedukation "
            "til de unge og forældregrupper (fokus skal\nvære på metoder, som vi ved virker) Unge med dobbeltdiagnose\n"
            "Denne målgruppe defineres som unge med en psykiatrisk lidelse og et samtidigt misbrug.\n")
    assert sections(text) == ["Punkt 10. Afrapportering / Unge med autisme",
                              "Punkt 10. Afrapportering / Unge med dobbeltdiagnose"]


def test_an_agenda_title_wrapped_after_a_preposition_is_one_title() -> None:
    """Nordjylland p. 57: "… vedr. børn og unge med" / "autismespektrumforstyrrelser" is one agenda title."""
    text = ("Punkt 11.\nAfrapportering: Arbejdsgruppe vedr. børn og unge med\nautismespektrumforstyrrelser\n"
            "Resume\nEn arbejdsgruppe har afdækket behovet.\n")
    assert sections(text) == [
        "Punkt 11. Afrapportering: Arbejdsgruppe vedr. børn og unge med autismespektrumforstyrrelser / Resume"]


def test_a_legend_of_answers_is_no_heading() -> None:
    """Nordjylland p. 105: a chart's legend "Stige Falde Være uændret" above the text."""
    text = ("4.4 Forventet tilpasning\nStige Falde Være uændret\nStige\n"
            "Figur 4.12 viser, at 64 % af kommunerne forventer at oprette nye pladser.\n")
    assert sections(text) == ["4.4 Forventet tilpasning"]


def test_the_header_row_of_a_table_of_percentages_is_no_heading() -> None:
    """Nordjylland p. 184: "Kommune/region Overheadprocent Evt. bemærkning" above "Morsø 6%" is the table's header."""
    text = ("Punkt 16. Overheadprocent\nSagsfremstilling\nStyringsaftalegruppen har anbefalet, at forhåndsafdækningen "
            "drøftes.\nKommune/region Overheadprocent Evt. bemærkning\nMorsø 6%\n"
            "Vesthimmerland 7% De 7% dækker udgiften til den centrale administration.\nHjørring 8,62%\n"
            "En afdækning af opgørelsesmetoder vil kunne bidrage til en forklaring.\n")
    assert sections(text) == ["Punkt 16. Overheadprocent / Sagsfremstilling"]


def test_a_footnote_that_reads_as_a_numbered_heading_is_no_heading() -> None:
    """Nordjylland p. 59-60: footnote 1 ("1 Data fra Tilbudsportalen") of a table caption is no chapter 1."""
    text = ("Punkt 11. Afrapportering\nResume\nAntal tilbud og pladser efter SEL § 66, fordelt på kommunerne.1 "
            "Kommunale tilbud\nBrønderslev 7 44 1 9\n1 Data fra Tilbudsportalen\nKvalitativ afdækning\n"
            "Kommunerne er enige om, at det er relativt nemt at finde den rette indsats.\n")
    assert sections(text)[-1] == "Punkt 11. Afrapportering / Kvalitativ afdækning"


@pytest.mark.parametrize(("text", "expected"), [
    # Sjælland p. 22: the heading printed after the web address that ends the paragraph above it
    ("Administrative organer\nUnder styregruppen er nedsat en række faglige netværksgrupper og økonomigruppen.\n"
     "Se www.rs17.dk Parternes gensidige forpligtelser\n"
     "Kommunalbestyrelserne i regionen koordinerer udarbejdelsen af rammeaftalen.\n",
     ["Administrative organer", "Parternes gensidige forpligtelser"]),
    # Sjælland p. 20: a heading with its colon at the end of the last bullet, prose after it
    ("National koordinationsstruktur\n• Beføjelse til at meddele driftspålæg.\n"
     "• I sidste ende kan træffe afgørelse om en finansieringsmodel Taskforce i forhold til lukningstruede tilbud:\n"
     "Ultimo 2013 og 2014 er gennemført en kategorisering af de mest specialiserede tilbud.\n",
     ["National koordinationsstruktur", "Taskforce i forhold til lukningstruede tilbud"]),
])
def test_a_heading_printed_at_the_end_of_the_paragraph_above_is_its_own_line(text: str, expected: list[str]) -> None:
    assert sections(text) == expected


def test_a_short_list_item_ends_where_the_lead_in_to_the_next_list_starts() -> None:
    """Sjælland p. 1: "• Kvindekrisecentre" and "Specialundervisningsområdet består af områderne:" are two blocks."""
    blocks = [b for b in segment(["Indledning\n• Herberg og forsorgshjem\n• Kvindekrisecentre\n"
                                  "Specialundervisningsområdet består af områderne:\n• Specialundervisning for børn\n"])
              if b.kind != "heading"]
    assert [b.text for b in blocks] == ["Herberg og forsorgshjem", "Kvindekrisecentre",
                                        "Specialundervisningsområdet består af områderne:", "Specialundervisning for børn"]


def test_a_presenters_initials_on_a_slide_are_no_heading() -> None:
    """Nordjylland p. 146: "BA" and the date below the slide's title are no sub-heading."""
    text = ("14 AFSLUTTENDE WORKSHOP\nUdvalgte hypoteser til forklaring af udgiftsudviklingen\nBA\n25-10-2023\n"
            "Jobcenteret:\n• Data om nye borgere visiteret til henholdsvis bostøtte og botilbud\n")
    assert "BA" not in " / ".join(filter(None, sections(text)))


def test_a_footnote_printed_after_a_titles_footnote_number_is_left_out() -> None:
    """Sjælland p. 18: footnote 17 printed on the title's line is no part of the paragraph below it."""
    text = ("Ophør af tilbud\nSocialtilsynet fjerner tilbuddets oplysninger fra Tilbudsportalen, når tilbuddet lukker.\n"
            "Nedlukning af tilbud (uden efterfølgende deling af nedlukningsomkostninger) 17 Præcisering af regelsættet er\n"
            "godkendt på styregruppemøde i rammeaftale sjælland 12/10-2018 og i K17 2/11-2018. Ny (tilføjet) tekst er\n"
            "med kursiv\n"
            "Rammeaftalens bestemmelser om nedlukning af tilbud anvendes ikke når et tilbud lukkes ned og fortsætter i\n"
            "en anden form, f.eks. hvis bygningerne er utidssvarende, men med samme målgruppe og borgere.\n")
    texts = [b.text for b in segment([text]) if b.kind == TEXT]
    assert texts[-1].startswith("Rammeaftalens bestemmelser") and not any("Præcisering" in t for t in texts)


def test_an_attachments_title_in_capitals_returns_the_section_to_its_agenda_item() -> None:
    """Nordjylland p. 37-38: the terms of reference attached to agenda item 3 follow an extract of national guidelines
    numbered "2.6"; their text stands under the agenda item and their own title, wrapped over two lines."""
    text = ("Punkt 3. Afrapportering: Arbejdsgruppe vedr. Neurocenter Østerskoven\nResume\n"
            "Der er bekymring om den økonomiske bæredygtighed.\n"
            "2.6 Forudsætninger for at levere højt specialiserede indsatser og tilbud\n"
            "Tilbuddene skal have et tilstrækkeligt befolkningsgrundlag.\n"
            "KOMMISSORIUM ARBEJDSGRUPPE\nVEDR. ØSTERSKOVEN\nBaggrund\n"
            "Neurocenter Østerskoven er et døgnbaseret rehabiliteringstilbud.\n")
    assert sections(text)[-1] == ("Punkt 3. Afrapportering: Arbejdsgruppe vedr. Neurocenter Østerskoven / Baggrund")
    assert "KOMMISSORIUM ARBEJDSGRUPPE VEDR. ØSTERSKOVEN" in [b.text for b in segment([text]) if b.kind == "heading"]


def test_a_part_of_an_appendix_in_capitals_stays_in_the_appendix() -> None:
    """Nordjylland p. 119: "DEL 1: EFTERSPØRGSEL" is a part of the questionnaire appended, not a new attachment."""
    text = ("Punkt 13. Afdækning af udbud og efterspørgsel\nResume\nDer er udarbejdet en afdækning.\n"
            "Bilag 2 Spørgeskema om botilbudsområdet\nDEL 1: EFTERSPØRGSEL\n"
            "Spørgsmålet drejer sig om kommunens egne borgere.\n")
    assert sections(text)[-1] == "Bilag 2 Spørgeskema om botilbudsområdet / DEL 1: EFTERSPØRGSEL"


def test_a_table_rows_label_above_its_amount_is_no_heading_and_prose_after_the_total_is_a_paragraph() -> None:
    """Nordjylland p. 26: "Personaleomkostninger (…)" labels the first row of a budget table (its amount on the next
    line); the text after the row "I alt …" is a paragraph of its own under the section above the table."""
    text = ("Scenarier ift. økonomisk bæredygtighed\nNedenfor er en opdeling af basisbudgettet:\n"
            "Personaleomkostninger (tværgående specialpersonale, nattevagter, TAP, ledelse)\n5.892.291\n"
            "Kompetenceudvikling 306.000,00\nI alt 12.489.292,58\n"
            "Ydelsestaksten skal ses som en timetakst udregnet ud fra den gennemsnitlige løn for vagtlagspersonalet.\n")
    blocks = [b for b in segment([text]) if b.kind == TEXT]
    assert blocks[-1].text.startswith("Ydelsestaksten") and blocks[-1].section == "Scenarier ift. økonomisk bæredygtighed"


def test_an_appendix_title_printed_after_a_footnotes_link_is_a_section() -> None:
    """Nordjylland p. 115: "Bilag 1 Metode og data" is printed on the line of footnote 54's link."""
    text = ("5.3 Brug og drift af højt specialiserede tilbud\nKommunerne køber pladser.\n"
            "54 https://danskekommuner.dk/media/35054/dk-4-side-46-47.pdf Bilag 1 Metode og data\n"
            "Dataindsamling\nIndledningsvis gennemførte VIVE en foranalyse for at få indsigt i forskellige typer af "
            "overvejelser, man i kommunerne gør sig.\n")
    assert sections(text)[-1].startswith("Bilag 1 Metode og data")


def test_a_numbered_section_that_asks_its_question_is_a_heading() -> None:
    """Nordjylland p. 86: "3.1 Hvor finder man en plads?" ends in a question mark and is the section's heading."""
    text = ("Muligheder for at tilpasse kapaciteten\nKommunerne afsøger muligheder.\n3.1 Hvor finder man en plads?\n"
            "Tabel 3.1 viser kommunernes svar.\n")
    assert sections(text)[-1] == "3.1 Hvor finder man en plads?"


def test_a_contract_sub_heading_whose_bracket_wraps_is_a_heading() -> None:
    """Nordjylland p. 168 and p. 173: the standard contract's sub-heading, its bracket closed on a line of its own."""
    text = ("Leverandørens individuelle/pædagogiske plan\nStatusnotater sendes Angiv antal dage dage forud for "
            "opfølgningsmøder.\nOplysningspligt i fhl. til udarbejdelse af boligdokument og egenbetaling (for botilbud "
            "efter SEL §§ 107 og\n108)\nLeverandøren er forpligtet til at medvirke til, at køber kan udarbejde et "
            "boligdokument.\n")
    assert sections(text)[-1] == ("Oplysningspligt i fhl. til udarbejdelse af boligdokument og egenbetaling (for "
                                  "botilbud efter SEL §§ 107 og 108)")


@pytest.mark.parametrize("title", ["14 pladser med en belægningsprocent på 73:", "Kommunal underskudsgaranti:"])
def test_a_scenarios_title_on_a_line_of_its_own_is_a_heading(title: str) -> None:
    """Nordjylland pp. 26–27: a scenario's title above "I dette scenarie …" titles it; it is not the end of the
    paragraph above."""
    text = ("Scenarier ift. økonomisk bæredygtighed\nForskellen i nedenstående ydelsestakster skyldes alene belægningen.\n"
            f"{title}\nI dette scenarie bibeholdes den kapacitet, som blev aftalt.\n")
    assert sections(text)[-1] == title


def test_the_entry_after_a_wrapped_entry_of_a_list_of_names_is_no_heading() -> None:
    """Sjælland 2021-22 p. 20 (as printed): "Orions Bælte (Prader Willis syndrom)" is the entry after one wrapped over
    two lines, not the heading of the text below the list."""
    text = ("Taskforce i forhold til lukningstruede tilbud\n"
            "På baggrund af indmeldinger fra kommunerne og efterfølgende vurdering fra et ekspertpanel, er der er primo\n"
            "2015 indstillet ni tilbud som ”de mest specialiserede”:\n"
            "Kildebo - med fokus på senhjerneskadedelen\nBOMI – Hjerneskadedelen\n"
            "Platangården – afdelingen for spiseforstyrrelser\nBørneskolen Filadelfia\n"
            "Bakkegården – Skelbækgårddelen: Kompetencemiljø for unge kriminelle udviklingshæmmede Kofoedsminde\n"
            "– den sikrede afdeling (tilbuddet er dækket af lovgivningen) Synscenter Refsnæs\n"
            "Orions Bælte (Prader Willis syndrom)\n"
            "Himmelev (autismetilbud/indsats på børne-ungeområdet særligt skærmet indsats 2-4 pladser) Efterfølgende er\n"
            "også indstillet Hanne Marie hjemmet i Roskilde som et af de mest specialiserede tilbud.\n")
    assert sections(text) == ["Taskforce i forhold til lukningstruede tilbud"]


def test_a_title_after_a_reference_to_appendices_wrapped_onto_the_next_line_is_a_heading() -> None:
    """Sjælland 2021-22 p. 7: "… vedlagt i bilag 9 og 10 Drøftelser i forbindelse med indgåelse" / "af rammeaftalen"
    ends the paragraph with the next section's title."""
    text = ("Endelig oplever enkelte kommuner lav opfyldelsesgrad ift. multiple funktionsnedsættelser.\n"
            "Oversigt over kommunernes tilbagemeldinger er vedlagt i bilag 9 og 10 Drøftelser i forbindelse med indgåelse\n"
            "af rammeaftalen\n"
            "Ifølge rammeaftalebekendtgørelsen skal kommuner og region i forbindelse med indgåelse af rammeaftalen\n"
            "drøfte børnehus og socialtilsyn.\n")
    assert sections(text)[-1] == "Drøftelser i forbindelse med indgåelse af rammeaftalen"


def test_a_title_that_asks_its_question_after_a_dash_is_a_heading() -> None:
    """Nordjylland p. 15: "Perspektivering – hvad har arbejdsgruppen ikke med i afrapporteringen?" heads the bullets
    below it."""
    text = ("Arbejdsgruppens anbefalinger ift. samarbejdes- og dialogstruktur\n"
            "Region Nordjylland vil arbejde med ovenstående i det videre arbejde.\n"
            "Perspektivering – hvad har arbejdsgruppen ikke med i afrapporteringen?\n"
            "Arbejdsgruppen er enige om, at der er perspektiver, som de ikke er kommet omkring.\n")
    assert sections(text)[-1] == "Perspektivering – hvad har arbejdsgruppen ikke med i afrapporteringen?"
