"""Tables are tables: the printed tables with one row per offer, municipality or measure that are not
offers tables — Hovedstaden 2025-26's "Tabel 15" (both renderings) against the hand-checked
`tabel_15` of tests/gold/offers-000.json; the Nordjylland minutes' Østerskoven tariffs, municipality
tables (the SEL § 66 offers and places among them, whose rows leave blank cells out) and overhead
percentages, and the minutes' next meeting, against tests/gold/tables-004.json — read, normalised to
numbers with units, stored and queried back."""

from __future__ import annotations

import datetime
import json
from dataclasses import replace
from pathlib import Path

import pytest

from conftest import build_extraction, load_extraction
from extractors.minutes import extract_next_meeting
from extractors.pdf import ParsedDocument, parse_pdf
from extractors.tables import extract_tables
from models.enums import RowKind
from models.geometry import BBox
from models.records import NextMeeting, PrintedTable
from transform.normalize import table_figures

ROOT = Path(__file__).resolve().parents[1]
MINUTES = ROOT / "data/agreements/nordjylland-das-2024-word.pdf"
GOLD = json.loads((ROOT / "tests/gold/tables-004.json").read_text(encoding="utf-8"))
TABEL_15 = json.loads((ROOT / "tests/gold/offers-000.json").read_text(encoding="utf-8"))["tabel_15"]
#: the page Tabel 15 is printed on in each rendering (read from the page texts)
TABEL_15_PAGES = {ROOT / "data/agreements/hovedstaden-2025-2026-web.pdf": 39,
                  ROOT / "tests/fixtures/pdf/hovedstaden-2025-2026-word.pdf": 36}


@pytest.fixture(scope="module")
def minutes() -> tuple[list[PrintedTable], NextMeeting | None]:
    with parse_pdf(MINUTES) as doc:
        return extract_tables(doc), extract_next_meeting(doc)


def _key(gold: dict) -> str:
    return f"p{gold['page']}-{(gold['caption'] or gold['stub'])[:30]}"


@pytest.mark.parametrize("gold", GOLD["tables"], ids=_key)
def test_table_matches_gold(minutes, gold: dict) -> None:
    tables, _ = minutes
    found = [t for t in tables if (t.caption, t.page, t.row_kind) == (gold["caption"], gold["page"], gold["row_kind"])]
    assert len(found) == 1, [(t.caption, t.page, t.row_kind) for t in tables if t.row_kind != RowKind.REGION]
    table = found[0]
    assert (table.last_page, table.stub, list(table.columns)) == (gold["last_page"], gold["stub"], gold["columns"])
    assert list(table.rows) == list(gold["rows"])
    assert table.bbox is not None
    for figure in table_figures(0, table):
        printed, number, unit = gold["rows"][figure.row_label][figure.column_index]
        assert (figure.value, figure.number, figure.unit) == (printed, number, unit), figure
        assert type(figure.number) is type(number), figure
        assert figure.measure == gold["columns"][figure.column_index]
        assert figure.region == gold.get("region", {}).get(figure.row_label)
        assert (figure.page, figure.last_page, figure.row_kind) == (gold["page"], gold["last_page"], gold["row_kind"])


def test_only_the_gold_tables_besides_region_tables(minutes) -> None:
    tables, _ = minutes
    others = [(t.caption, t.page) for t in tables if t.row_kind != RowKind.REGION]
    assert others == [(g["caption"], g["page"]) for g in GOLD["tables"]]


def test_the_gold_placement_of_the_sel_66_counts_adds_up_to_its_sum_row() -> None:
    """The page prints no column positions for this table: its cells were placed by hand from the SUM row."""
    [gold] = [g for g in GOLD["tables"] if "SEL § 66" in (g["caption"] or "")]
    *rows, total = gold["rows"].values()
    assert [sum(row[column][1] or 0 for row in rows) for column in range(len(gold["columns"]))] == [
        cell[1] for cell in total]


def test_next_meeting_matches_gold(minutes) -> None:
    _, meeting = minutes
    gold = GOLD["next_meeting"]
    assert (meeting.date.isoformat(), meeting.time, meeting.page, meeting.text) == (
        gold["date"], gold["time"], gold["page"], gold["text"])
    assert meeting.bbox is not None


@pytest.mark.parametrize("path", list(TABEL_15_PAGES), ids=lambda p: p.name)
def test_tabel_15_matches_the_offers_gold(path: Path) -> None:
    with parse_pdf(path) as doc:
        tables = extract_tables(doc)
    [table] = [t for t in tables if (t.caption or "").startswith(TABEL_15["table"] + ":")]
    assert (table.caption, table.stub, table.page, table.last_page, table.row_kind) == (
        TABEL_15["title_printed"], TABEL_15["column_header"], TABEL_15_PAGES[path], None, RowKind.MEASURE)
    assert table.columns == tuple(str(year) for year in TABEL_15["years"])
    assert {label: list(cells) for label, cells in table.rows.items()} == {
        row["label"]: row["printed"] for row in TABEL_15["rows"]}
    numbers = {}
    for figure in table_figures(0, table):
        numbers.setdefault(figure.row_label, []).append(figure.number)
        assert figure.unit is None and type(figure.number) is int  # case counts
    assert numbers == {row["label"]: row["values"] for row in TABEL_15["rows"]}


# --- small texts ---------------------------------------------------------------------------------

def _doc(*pages: str) -> ParsedDocument:
    return ParsedDocument(path=Path("inline.pdf"), sha256="0", page_texts=list(pages))


def test_a_municipality_table_with_a_remark_column_and_a_wrapped_remark() -> None:
    [table] = extract_tables(_doc(
        "Kommune/region Overheadprocent Evt. bemærkning\nMorsø 6%\nThisted 12,3% til 17,3 % Den store forskel\n"
        "skyldes en takst\nAalborg FB 5,86% og 4,93%.\nLæsø\nFU har vurderet, at der er behov.\n"))
    assert (table.stub, table.columns, table.row_kind) == ("Kommune/region", ("Overheadprocent", "Evt. bemærkning"),
                                                            RowKind.MUNICIPALITY)
    assert dict(table.rows) == {"Morsø": ("6%", None), "Thisted": ("12,3% til 17,3 %", "Den store forskel skyldes en takst"),
                                "Aalborg FB": ("5,86% og 4,93%.", None), "Læsø": (None, None)}


def test_a_row_with_fewer_figures_than_columns_ends_the_table() -> None:
    [table] = extract_tables(_doc("Antal pladser Kommune 2021 2022\nMorsø 3 4\nLæsø\nRebild 1 2\nThisted 7\nAalborg 5 6\n"))
    assert dict(table.rows) == {"Morsø": ("3", "4"), "Læsø": (None, None), "Rebild": ("1", "2")}


def test_counts_that_leave_blank_cells_out_are_placed_by_the_total_row() -> None:
    [table] = extract_tables(_doc(
        "Antal tilbud fordelt på kommuner.1 Kommunale tilbud\nKommunale pladser\nPrivate tilbud\nPrivate pladser\n"
        "Morsø 1 4\nFrederikshav n\n2 5 3 9\nLæsø\nThisted 6 20\nSUM 3 9 9 29\nAf de 9 kommunale pladser er 2 ledige.\n"))
    assert (table.caption, table.stub, table.columns, table.row_kind, table.page) == (
        "Antal tilbud fordelt på kommuner.", None,
        ("Kommunale tilbud", "Kommunale pladser", "Private tilbud", "Private pladser"), RowKind.MUNICIPALITY, 1)
    assert dict(table.rows) == {"Morsø": ("1", "4", None, None), "Frederikshavn": ("2", "5", "3", "9"),
                                "Læsø": (None, None, None, None), "Thisted": (None, None, "6", "20"),
                                "SUM": ("3", "9", "9", "29")}


def test_counts_that_add_up_to_the_total_row_in_two_ways_make_no_table() -> None:
    assert extract_tables(_doc(
        "Antal tilbud fordelt på kommuner. Kommunale tilbud\nKommunale pladser\nPrivate tilbud\nPrivate pladser\n"
        "Morsø 1 4\nThisted 1 4\nLæsø\nAalborg 1 4 1 4\nSUM 2 8 2 8\n")) == []


def test_a_measure_table_whose_header_cell_wraps() -> None:
    [table] = extract_tables(_doc(
        "Tabel 3: Sager\nUdvikling i samlede antal\nsager\n2021 2022\nAntal sager i alt 1.361 925\nAntal (børn) 900 953\n"
        "Kilde: indberetninger\n"))
    assert (table.caption, table.stub, table.columns) == ("Tabel 3: Sager", "Udvikling i samlede antal sager",
                                                          ("2021", "2022"))
    assert dict(table.rows) == {"Antal sager i alt": ("1.361", "925"), "Antal (børn)": ("900", "953")}


def test_a_measure_table_under_stacked_numbered_headers_without_their_footnote_marker() -> None:
    [table] = extract_tables(_doc(
        "skema og holdt op imod den nuværende grundtakst.\nErhvervet Hjerneskade\nScenarie 1\n(14 pladser)\nScenarie 2 1\n"
        "(12 pladser)\nBasistakst 3.559 3.355\nTakst i alt 7.833 7.026\nDifference 1.299 492\n"
        "Arbejdsgruppen anbefaler scenarie 2.\n1 Scenarie 2 indebærer en underskudsgaranti.\n"))
    assert (table.caption, table.stub, table.columns, table.row_kind) == (
        None, "Erhvervet Hjerneskade", ("Scenarie 1 (14 pladser)", "Scenarie 2 (12 pladser)"), RowKind.MEASURE)
    assert list(table.rows) == ["Basistakst", "Takst i alt", "Difference"]
    assert [(f.number, f.unit) for f in table_figures(0, table)][::2] == [(3559, "kr."), (7833, "kr."), (1299, None)]


def test_survey_rows_under_unnumbered_headers_are_no_measure_table() -> None:
    assert extract_tables(_doc("Borgere med handicap\nI lav grad\nI nogen grad\nI høj grad\nTilbud, som kommunen driver 38% 26% 36%\n"
                               "Tilbud drevet af regioner 16% 36% 48%\nTilbud drevet af private 30% 32% 38%\n")) == []


def test_an_offers_table_is_left_to_the_offers_reader() -> None:
    assert extract_tables(_doc("Tabel 6: Tilbud målrettet voksne\nTilbud Driftsherre Paragraf Pladser 2021 2022 2023\n"
                               "Arild Egedal Kommune SEL § 108 Pladstal 19 19 19\nPladsforbrug 19 19 19\n")) == []


def test_amounts_printed_in_parts_make_one_row_per_part() -> None:
    [table] = extract_tables(_doc(
        "Tabel 1. Takster for borgere Basistakst Timetakst\nHelhedstilbud 3.187 kr. 402 kr. Dagtilbud\n"
        "§107: 2.487 kr. STU: 569 kr. §107: 402 kr. STU: 402 kr.\nVed overgangen gælder de nye takster.\n"))
    assert (table.caption, table.columns, table.row_kind) == ("Tabel 1. Takster for borgere", ("Basistakst", "Timetakst"),
                                                              RowKind.OFFER)
    assert dict(table.rows) == {"Helhedstilbud": ("3.187 kr.", "402 kr."), "Dagtilbud — §107": ("2.487 kr.", "402 kr."),
                                "Dagtilbud — STU": ("569 kr.", "402 kr.")}


@pytest.mark.parametrize(("text", "date", "time"), [
    ("Næste møde finder sted d. 4. april 2024 kl. 12.00-16.00 og er med fysisk fremmøde.", datetime.date(2024, 4, 4),
     "12.00-16.00"),
    ("Næste møde afholdes den 12.9.2024.", datetime.date(2024, 9, 12), None),
])
def test_next_meeting_dates(text: str, date: datetime.date, time: str | None) -> None:
    meeting = extract_next_meeting(_doc("Punkt 19.\nNæste møde\n" + text + "\n"))
    assert (meeting.date, meeting.time, meeting.text, meeting.page) == (date, time, text, 1)


def test_no_next_meeting_without_a_date() -> None:
    assert extract_next_meeting(_doc("Punkt 19.\nNæste møde\nNæste møde fastlægges senere.\n")) is None


# --- stored and queried back ---------------------------------------------------------------------

def _gold_table(gold: dict) -> PrintedTable:
    """A gold table as the extractor's record: the cells as printed."""
    return PrintedTable(caption=gold["caption"], columns=tuple(gold["columns"]),
                        rows={label: tuple(cell[0] for cell in cells) for label, cells in gold["rows"].items()},
                        page=gold["page"], bbox=None, last_page=gold["last_page"], row_kind=RowKind(gold["row_kind"]),
                        stub=gold["stub"])


def test_tables_and_next_meeting_round_trip_through_the_store(engine) -> None:
    from warehouse.minutes import query_next_meetings
    from warehouse.tables import query_figures

    gold_meeting = GOLD["next_meeting"]
    meeting = NextMeeting(datetime.date.fromisoformat(gold_meeting["date"]), gold_meeting["time"], gold_meeting["text"],
                          gold_meeting["page"], BBox(65.6, 139.7, 417.7, 149.4))
    extraction = replace(build_extraction(), tables=tuple(_gold_table(g) for g in GOLD["tables"]), next_meeting=meeting)
    assert load_extraction(engine, None, extraction).counts.table_figures == sum(
        len(g["rows"]) * len(g["columns"]) for g in GOLD["tables"])
    for index, gold in enumerate(GOLD["tables"]):
        cells = [c for c in query_figures(engine, row_kind=gold["row_kind"]) if c.table_index == index]
        assert [(c.row_label, c.measure) for c in cells] == [
            (label, column) for label in gold["rows"] for column in gold["columns"]]
        for cell in cells:
            printed, number, unit = gold["rows"][cell.row_label][cell.column_index]
            assert (cell.value, cell.number, cell.unit, type(cell.number)) == (printed, number, unit, type(number))
            assert (cell.page, cell.last_page, cell.caption) == (gold["page"], gold["last_page"], gold["caption"])
    overhead = query_figures(engine, row_kind="municipality", row="Region Nordjylland", measure="Overheadprocent")
    assert [(c.value, c.number, c.unit, c.region) for c in overhead] == [("4,57%", 4.57, "%", "nordjylland")]
    assert [(c.measure, c.number, c.unit) for c in query_figures(engine, caption="Tabel 1.", row="ambulant")] == [
        ("Basistakst", 569, "kr."), ("Ydelsestakst (timetakst)", 402, "kr.")]
    [stored] = query_next_meetings(engine)
    assert (stored.date, stored.time, stored.text, stored.page, stored.bbox) == (
        meeting.date, meeting.time, meeting.text, meeting.page, meeting.bbox)


def test_figures_and_meetings_on_the_command_line(tmp_path, monkeypatch) -> None:
    from typer.testing import CliRunner

    from app.cli import app
    from warehouse import create_schema, make_engine

    url = f"sqlite:///{tmp_path / 'ramme.db'}"
    engine = make_engine(url)
    create_schema(engine)
    gold = GOLD["next_meeting"]
    load_extraction(engine, None, replace(
        build_extraction(), tables=tuple(_gold_table(g) for g in GOLD["tables"]),
        next_meeting=NextMeeting(datetime.date.fromisoformat(gold["date"]), gold["time"], gold["text"], gold["page"], None)))
    engine.dispose()
    monkeypatch.setenv("RAMME_DATABASE_URL", url)
    runner = CliRunner()

    result = runner.invoke(app, ["figures", "--row-kind", "municipality", "--row", "morso", "--table", "antal sager",
                                 "--format", "json"])
    assert result.exit_code == 0, result.output
    cells = json.loads(result.stdout)
    assert [(c["page"], c["measure"], c["value"], c["number"]) for c in cells] == [
        (59, "2020", "0", 0), (59, "2021", "1", 1), (59, "2022 (jan-nov)", "0", 0),
        (62, "2020", "0", 0), (62, "2021", "1", 1), (62, "2022 (jan-nov)", "0", 0)]
    assert {c["row_kind"] for c in cells} == {"municipality"} and cells[3]["last_page"] == 63

    result = runner.invoke(app, ["figures", "--table", "sel § 66", "--row", "thisted", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert [(c["measure"], c["value"], c["number"], c["page"], c["last_page"]) for c in json.loads(result.stdout)] == [
        ("Kommunale tilbud", "3", 3, 59, 60), ("Kommunale pladser", "12", 12, 59, 60),
        *[(f"{owner} {what}", None, None, 59, 60) for owner in ("Private", "Regionale") for what in ("tilbud", "pladser")]]

    result = runner.invoke(app, ["figures", "--row-kind", "kommune"])
    assert result.exit_code == 1 and "row kind" in result.output

    result = runner.invoke(app, ["meetings", "--format", "json"])
    assert result.exit_code == 0, result.output
    [meeting] = json.loads(result.stdout)
    assert (meeting["date"], meeting["time"], meeting["page"]) == (gold["date"], gold["time"], gold["page"])


def test_the_upgrade_keeps_the_region_figures_of_an_earlier_store(database_url) -> None:
    """Revision 0007 turns region_figure into table_figure: a store's region figures become region rows."""
    from alembic import command
    from sqlalchemy import text

    from warehouse import create_schema, make_engine
    from warehouse.schema import alembic_config

    engine = make_engine(database_url)
    with engine.begin() as connection:
        command.upgrade(alembic_config(connection), "0006")
    with engine.begin() as connection:
        connection.execute(text("INSERT INTO document (sha256, status) VALUES ('b', 'loaded')"))
        document = connection.execute(text("SELECT id FROM document WHERE sha256 = 'b'")).scalar_one()
        connection.execute(text(
            "INSERT INTO region_figure (document_id, page, table_index, caption, row_index, region_label, region, "
            "column_index, measure, value, number, unit) VALUES (:document, 81, 0, 'Tabel 2.2', 5, 'I alt', NULL, 0, "
            "'Ja', '92%', 92, '%')"), {"document": document})
    create_schema(engine)
    load_extraction(engine, None, build_extraction())  # new rows get ids after the copied one
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT document_id, row_kind, row_label, value, number, unit, page "
                                       "FROM table_figure ORDER BY id")).all()
    engine.dispose()
    assert tuple(rows[0]) == (document, "region", "I alt", "92%", 92, "%", 81)
    assert len(rows) == 5
