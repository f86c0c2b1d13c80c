"""Region tables a forum can trust: the Nordjylland minutes' tables with one row per region (the VIVE
report and the Komponent key figures in its annexes) keep their caption, their real column headers,
the pages they span, and each cell as a number with its unit — against the hand-read gold in
tests/gold/region-tables-004.json. Plus the number/unit parsing and header joining on small texts."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from extractors.minutes import dehyphenate, extract_region_tables, header_labels, join_header
from extractors.pdf import parse_pdf
from models.records import PrintedTable
from transform.normalize import figure_number, table_figures

ROOT = Path(__file__).resolve().parents[1]
PDF = ROOT / "data/agreements/nordjylland-das-2024-word.pdf"
GOLD = json.loads((ROOT / "tests/gold/region-tables-004.json").read_text(encoding="utf-8"))
POSITIONAL = re.compile(r"^column \d+$")


@pytest.fixture(scope="module")
def tables() -> list[PrintedTable]:
    with parse_pdf(PDF) as doc:
        return extract_region_tables(doc)


def test_gold_covers_at_least_five_tables() -> None:
    assert len(GOLD["tables"]) >= 5


def test_no_table_has_positional_columns(tables: list[PrintedTable]) -> None:
    assert len(tables) >= 23
    for table in tables:
        assert not any(POSITIONAL.match(c) for c in table.columns), table.caption


@pytest.mark.parametrize("gold", GOLD["tables"], ids=lambda g: g["caption"][:40])
def test_table_matches_gold(tables: list[PrintedTable], gold: dict) -> None:
    found = [t for t in tables if t.caption == gold["caption"] and t.page == gold["page"]]
    assert len(found) == 1, [(t.caption, t.page) for t in tables if t.caption and t.caption[:12] == gold["caption"][:12]]
    table = found[0]
    assert table.last_page == gold["last_page"]
    assert list(table.columns) == gold["columns"]
    assert list(table.rows) == list(gold["rows"])
    figures = table_figures(0, table)
    for figure in figures:
        assert figure.measure == gold["columns"][figure.column_index]
        number, unit = gold["rows"][figure.row_label][figure.column_index]
        assert (figure.number, figure.unit) == (number, unit), (figure.row_label, figure.measure, figure.value)
        assert type(figure.number) is type(number), (figure.row_label, figure.measure, figure.value)
        assert figure.value == table.rows[figure.row_label][figure.column_index]  # still as printed


def test_captions_carry_no_header_fragments(tables: list[PrintedTable]) -> None:
    for table in tables:
        caption = table.caption or ""
        assert not re.search(r"\b(Ja Nej|Ofte|Gennemsnit|Region)\s*$", caption), caption
        assert "- " not in re.sub(r"\b(børne|Belastnings)- og", "", caption) or " - " in caption, caption


# --- small texts ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("printed", "measure", "expected"), [
    ("10.488", "Samlede udgifter pr. 18-66 årig (2022)", (10488, "kr.")),
    ("46,8%", "Andel udgifter til køb af §108-tilbud", (46.8, "%")),
    ("-0,21%", "", (-0.21, "%")),
    ("61 %", "", (61, "%")),
    ("16,0", "", (16.0, None)),
    ("16", "", (16, None)),
    ("2,05", "Modtagere pr. 1.000 indbyggere (18-66 år)", (2.05, None)),
    ("1.250 kr.", "", (1250, "kr.")),
    ("26.9%", "", (26.9, "%")),  # a decimal point misprinted for the comma
    ("9", "n", (9, None)),
    ("-", "", (None, None)),
    (None, "", (None, None)),
    ("n/a", "", (None, None)),
])
def test_figure_number(printed: str | None, measure: str, expected: tuple) -> None:
    number, unit = figure_number(printed, measure)
    assert (number, unit) == expected
    assert type(number) is type(expected[0])


def test_header_labels_split_a_line_into_columns() -> None:
    assert header_labels("Ja Nej Ja Nej Ja Nej") == ["Ja", "Nej"] * 3
    assert header_labels("Sjældent Nogen gange") == ["Sjældent", "Nogen gange"]
    assert header_labels("Ofte Meget ofte / altid") == ["Ofte", "Meget ofte / altid"]
    assert header_labels("I høj / meget høj grad (sum) I høj grad") == ["I høj / meget høj grad (sum)", "I høj grad"]
    assert header_labels("Region færre hverken flere el. færre flere") == ["færre", "hverken flere el. færre", "flere"]
    assert header_labels("Region") == []
    assert header_labels("Kontakter kon- krete kommuner") == ["Kontakter konkrete kommuner"]
    assert header_labels("Spørgsmål, som… … I har haft svært? … I forventer svært?") == [
        "I har haft svært?", "I forventer svært?"]


def test_dehyphenate() -> None:
    assert dehyphenate("Tilbuds- portalen") == "Tilbudsportalen"
    assert dehyphenate("95 %- konfidensinterval") == "95 %-konfidensinterval"
    assert dehyphenate("børne- og ungeområdet") == "børne- og ungeområdet"


def test_join_header_single_level() -> None:
    assert join_header(["Meget sjældent / aldrig", "Sjældent Nogen gange", "Ofte Meget ofte / altid"], 5) == [
        "Meget sjældent / aldrig", "Sjældent", "Nogen gange", "Ofte", "Meget ofte / altid"]


def test_join_header_groups_repeat_with_their_first_column() -> None:
    assert join_header(["Handicap Sindslidelse", "Region", "I høj grad", "I meget høj grad",
                        "I høj grad", "I meget høj grad"], 4) == [
        "Handicap — I høj grad", "Handicap — I meget høj grad",
        "Sindslidelse — I høj grad", "Sindslidelse — I meget høj grad"]


def test_join_header_two_levels_of_groups() -> None:
    assert join_header(["Borgere med handicap Borgere med sindslidelse",
                        "Vi forventer at bruge… Vi forventer at bruge…",
                        "Region færre flere færre flere"], 4) == [
        "Borgere med handicap — Vi forventer at bruge… — færre",
        "Borgere med handicap — Vi forventer at bruge… — flere",
        "Borgere med sindslidelse — Vi forventer at bruge… — færre",
        "Borgere med sindslidelse — Vi forventer at bruge… — flere"]


def test_join_header_a_header_over_all_columns_and_an_interval() -> None:
    assert join_header(["Andel, der svarer ja", "2022 2023"], 2) == ["Andel, der svarer ja — 2022", "Andel, der svarer ja — 2023"]
    assert join_header(["Population", "(92 kommuner)", "Stikprøve", "(87 kommuner)",
                        "Gennemsnit Gennemsnit 95 %- konfidensinterval"], 4) == [
        "Population (92 kommuner) — Gennemsnit", "Stikprøve (87 kommuner) — Gennemsnit",
        "Stikprøve (87 kommuner) — 95 %-konfidensinterval (nedre)",
        "Stikprøve (87 kommuner) — 95 %-konfidensinterval (øvre)"]


def test_join_header_gives_up_rather_than_guess() -> None:
    assert join_header(["Ja Nej"], 3) is None


def test_a_table_over_two_pages_cites_both() -> None:
    from extractors.pdf import ParsedDocument

    doc = ParsedDocument(path=Path("inline.pdf"), sha256="0", page_texts=[
        "Tabel 1.1 Andel pr. region\nJa Nej\nRegion Hovedstaden 91% 9%\nRegion Sjælland 100% 0%\n",
        "Region Syddanmark 95% 5%\nRegion Midtjylland 84% 16%\nRegion Nordjylland 89% 11%\nAnm.: N = 87.\n"])
    [table] = extract_region_tables(doc)
    assert (table.caption, table.columns, table.page, table.last_page) == (
        "Tabel 1.1 Andel pr. region", ("Ja", "Nej"), 1, 2)
    assert len(table.rows) == 5
