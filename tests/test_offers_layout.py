"""The offers-table reader on small hand-made page layouts: merged cells, page breaks, footers."""

from extractors.offers import OfferTableReader, age_group_of
from extractors.pdf import Line, Word, group_lines
from models.geometry import BBox

# Column left edges of a typical header; numbers are right-aligned under the years.
COLS = {"name": 60, "operator": 180, "legal": 255, "measure": 320}
YEAR_RIGHT = {2021: 430, 2022: 480, 2023: 530}


def words(top: float, **cells: str) -> list[Word]:
    """Words of one printed line; `cells` maps column → text; years are keyed y2021 etc."""
    out = []
    for column, text in cells.items():
        if column.startswith("y"):
            right = YEAR_RIGHT[int(column[1:])]
            out.append(Word(text, BBox(right - 6 * len(text), top, right, top + 8)))
            continue
        x = COLS[column]
        for token in text.split():
            out.append(Word(token, BBox(x, top, x + 4 * len(token), top + 8)))
            x += 4 * len(token) + 3
    return out


def header(top: float) -> list[Word]:
    return words(top, name="Tilbud", operator="Driftsherre", legal="Paragraf", measure="Pladser",
                 y2021="2021", y2022="2022", y2023="2023")


def measure_rows(top: float, capacity, usage, occupancy) -> list[Word]:
    rows = []
    for i, (label, values) in enumerate(
            [("Pladstal", capacity), ("Pladsforbrug", usage), ("Belægningsprocent", occupancy)]):
        rows += words(top + 11 * i, measure=label, **{f"y{y}": v for y, v in zip(YEAR_RIGHT, values) if v})
    return rows


def read(pages: list[list[Word]]):
    reader = OfferTableReader()
    for number, page_words in enumerate(pages, start=1):
        for line in group_lines(page_words):
            reader.feed_layout_line(line, number)
    return reader


def test_merged_cells_wrapping_over_the_three_measure_rows():
    page = (
        [Word("Tabel", BBox(50, 40, 75, 48)), Word("6:", BBox(78, 40, 88, 48)),
         *[Word(t, BBox(92 + 50 * i, 40, 140 + 50 * i, 48))
           for i, t in enumerate("Tilbud målrettet voksne med udviklingshæmning".split())]]
        + header(60)
        + measure_rows(75, ["38", "38", "38"], ["33,5", "33,1", "31,3"], ["88%", "87%", "82%"])
        + words(75, name="Socialpædagogiske Tilbud /", operator="Albertslund", legal="ABL § 105 / SEL")
        + words(86, name="Bofællesskaberne", operator="kommune", legal="§ 85")
    )
    reader = read([page])
    [table] = reader.tables
    assert table.label == "Tabel 6"
    assert table.title == "Tilbud målrettet voksne med udviklingshæmning"
    [offer] = [o.build(table.years, []) for o in table.offers]
    assert offer.name == "Socialpædagogiske Tilbud / Bofællesskaberne"
    assert offer.operator == "Albertslund kommune"  # kept as printed
    assert offer.legal_basis == "ABL § 105 / SEL § 85"
    assert [(y.year, y.capacity, y.usage, y.occupancy_pct) for y in offer.years] == [
        (2021, 38, 33.5, 88), (2022, 38, 33.1, 87), (2023, 38, 31.3, 82)]


def test_offer_straddling_a_page_break_with_repeated_header_and_footer():
    first = (
        header(60)
        + words(75, name="JAC Vestegnen - psykisk", operator="Brøndby Kommune", legal="SEL §§ 107-",
                measure="Pladstal", y2021="19", y2022="19", y2023="19")
        + words(800, legal="Side 27 af 49")  # page footer inside the legal column's x-range
    )
    second = (
        header(60)
        + words(75, name="udviklingshæmning", legal="108", measure="Pladsforbrug", y2021="19", y2022="19",
                y2023="19")
        + words(86, measure="Belægningsprocent", y2021="0%", y2022="100%", y2023="100%")
    )
    reader = read([first, second])
    [table] = reader.tables  # the repeated header continues the table, it does not start a new one
    [offer] = [o.build(table.years, []) for o in table.offers]
    assert offer.name == "JAC Vestegnen - psykisk udviklingshæmning"
    assert offer.legal_basis == "SEL §§ 107-108"
    assert offer.page == 1
    assert [(y.capacity, y.usage, y.occupancy_pct) for y in offer.years] == [(19, 19, 0), (19, 19, 100), (19, 19, 100)]


def test_blank_cells_stay_empty_and_next_offer_starts_at_pladstal():
    page = (
        header(60)
        + words(75, name="Hulegården", operator="Region Hovedstaden", legal="SEL § 107")
        + measure_rows(75, ["0", "0", "0"], ["6", "5", "5,3"], [None, None, None])
        + words(110, name="Broen", operator="Gentofte Kommune", legal="BL § 46")
        + measure_rows(110, ["16", "16", "16"], ["16,0", "16,2", "16,0"], ["100%", "102%", "100%"])
    )
    [table] = read([page]).tables
    first, second = [o.build(table.years, []) for o in table.offers]
    assert [y.occupancy_pct for y in first.years] == [None, None, None]
    assert [y.usage for y in first.years] == [6, 5, 5.3]
    assert second.name == "Broen" and second.years[1].occupancy_pct == 102


def test_stated_counts_and_section_age_group():
    reader = OfferTableReader()
    for text in ["3.3 Højt specialiserede tilbud på voksenområdet", "• Udviklingshæmning (87)",
                 "Hjemløshed (9)", "Tegnsprogsindsatser (2022)"]:
        reader.feed_text_line(text, 1)
    assert [(s.age_group, s.target_group, s.count) for s in reader.stated] == [
        ("adults", "Udviklingshæmning", 87), ("adults", "Hjemløshed", 9)]


def test_age_group_from_wording():
    assert age_group_of("Tilbud målrettet børn og unge med udviklingshæmning") == "children"
    assert age_group_of("Tilbud målrettet udsatte børn og unge") == "children"
    assert age_group_of("3.3 Højt specialiserede tilbud på voksenområdet") == "adults"
    assert age_group_of("Sindslidelse") is None


def test_lines_group_by_top_edge():
    lines = group_lines([Word("b", BBox(50, 10.5, 60, 18)), Word("a", BBox(10, 10, 20, 18)),
                         Word("c", BBox(10, 30, 20, 38))])
    assert [line.text for line in lines] == ["a b", "c"]
    assert isinstance(lines[0], Line)


def test_a_running_header_on_a_continuation_page_is_not_cell_text():
    first = header(60) + words(75, name="Alfa", operator="Brøndby Kommune", legal="SEL § 104",
                               measure="Pladstal", y2021="19", y2022="19", y2023="19")  # no footer
    second = (
        words(30, name="Rammeaftale 2025-2026")  # running header, inside the name column's x-range
        + header(60)
        + words(75, measure="Pladsforbrug", y2021="19", y2022="19", y2023="19")
        + words(86, measure="Belægningsprocent", y2021="100%", y2022="100%", y2023="100%")
    )
    [table] = read([first, second]).tables
    [offer] = [o.build(table.years, []) for o in table.offers]
    assert offer.name == "Alfa"


def test_a_cell_with_two_numbers_is_left_empty_and_reported():
    page = header(60) + words(75, name="Broen", operator="Gentofte Kommune", legal="BL § 46")
    page += measure_rows(75, ["16", "16", "16"], ["16,0", "16,2", "16,0"], ["100%", "102%", "100%"])
    page.append(Word("2", BBox(YEAR_RIGHT[2021] - 30, 75, YEAR_RIGHT[2021] - 25, 83)))  # "2 16" under 2021
    page.append(Word("7", BBox(700, 86, 706, 94)))  # a number far right of every year column
    reader = read([page])
    [table] = reader.tables
    warnings: list[str] = []
    [offer] = [o.build(table.years, warnings) for o in table.offers]
    assert [y.capacity for y in offer.years] == [None, 16, 16]
    assert [y.usage for y in offer.years] == [16.0, 16.2, 16.0]  # the stray 7 joined no cell
    assert any("'2 16'" in w and "several numbers" in w for w in warnings)
    assert any("'7'" in w and "no year column" in w for w in reader.warnings)
