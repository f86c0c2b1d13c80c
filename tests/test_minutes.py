"""Meeting minutes: agenda items 1-19 of the Nordjylland DAS minutes (22.01.2024) and its region tables,
against tests/gold/clauses-004.json. Works on the PDF in the repo."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from extractors.minutes import REGION_NAMES, extract_agenda_items, extract_region_tables
from extractors.pdf import parse_pdf

ROOT = Path(__file__).resolve().parents[1]
PDF = ROOT / "data/agreements/nordjylland-das-2024-word.pdf"
GOLD = json.loads((ROOT / "tests/gold/clauses-004.json").read_text(encoding="utf-8"))


def squash(text: str | None) -> str:
    return re.sub(r"\s+", " ", text or "").strip()


@pytest.fixture(scope="module")
def minutes() -> tuple[list, list]:
    with parse_pdf(PDF) as doc:
        return extract_agenda_items(doc), extract_region_tables(doc)


def test_nineteen_items_in_order(minutes: tuple[list, list]) -> None:
    items, _ = minutes
    assert [item.number for item in items] == list(range(1, 20))


@pytest.mark.parametrize("gold", GOLD["agenda_items"], ids=lambda g: f"punkt-{g['number']}")
def test_agenda_item_matches_gold(minutes: tuple[list, list], gold: dict) -> None:
    items, _ = minutes
    item = next(i for i in items if i.number == gold["number"])
    assert squash(item.title) == squash(gold["title"])
    assert item.case_number == gold["case_number"]
    if gold["has_decision"]:
        assert squash(gold["decision_text"]) in squash(item.decision)
    else:
        assert item.decision is None
    assert item.page >= 1 and item.bbox is not None


def test_recommendations_are_read(minutes: tuple[list, list]) -> None:
    items, _ = minutes
    with_recommendation = [i for i in items if i.recommendation]
    assert len(with_recommendation) == 17  # items 18 (Eventuelt) and 19 (Næste møde) have none
    assert all(i.recommendation.startswith("Det indstilles") for i in with_recommendation)
    assert "Godkender endelige takster for 2024" in items[3].recommendation


def test_decision_stops_before_the_attachment(minutes: tuple[list, list]) -> None:
    items, _ = minutes
    assert items[10].decision.endswith("tilbudsviften i rammeaftaleregi.")  # Punkt 11, VIVE report follows
    assert items[4].decision == "Godkendt"


def _label_words(text: str) -> set[str]:
    return set(re.findall(r"[0-9a-zæøå]+", text.lower()))


def _find_table(tables: list, gold: dict):
    """The extracted table for a gold table: same caption label (e.g. "Tabel 2.2") or caption text,
    and the same values in the first gold row."""
    label = re.match(r"^(Figur|Tabel|Bilagstabel)\s+\d+(\.\d+)*", gold["caption"])
    candidates = []
    for table in tables:
        caption = table.caption or ""
        if label and not caption.startswith(label.group(0)):
            continue
        if not label and not caption.startswith(gold["caption"]):
            continue
        candidates.append(table)
    first_region = next(r for r in gold["rows"] if r in REGION_NAMES)
    for table in candidates:
        if first_region not in table.rows:
            continue
        if "column_order_in_seed" not in gold:
            if table.rows[first_region] == gold["rows"][first_region]:
                return table
        elif set(gold["rows"][first_region]) <= set(table.rows[first_region]):
            return table
    return None


@pytest.mark.parametrize("gold", GOLD["region_tables"],
                         ids=lambda g: f"{g['seed_line']}-{g.get('block') or ''}"[:40])
def test_region_table_matches_gold(minutes: tuple[list, list], gold: dict) -> None:
    _, tables = minutes
    table = _find_table(tables, gold)
    assert table is not None, f"not found: {gold['caption']} {gold.get('block')}"
    if "column_order_in_seed" not in gold:
        for region, values in gold["rows"].items():
            assert table.rows[region] == values, region
        return
    # regions printed as columns, transposed: match each gold measure to the extracted column label
    for k, measure in enumerate(gold["columns"]):
        scores = [len(_label_words(measure) & _label_words(c)) / max(1, len(_label_words(measure) | _label_words(c)))
                  for c in table.columns]
        best = max(range(len(scores)), key=scores.__getitem__)
        assert scores[best] >= 0.6, measure
        for region, values in gold["rows"].items():
            assert table.rows[region][best] == values[k], (measure, region)


def test_region_tables_keyed_by_region(minutes: tuple[list, list]) -> None:
    _, tables = minutes
    assert len(tables) >= len(GOLD["region_tables"])
    for table in tables:
        assert set(REGION_NAMES) <= set(table.rows), table.caption  # every region, none left out
        assert set(table.rows) - set(REGION_NAMES) <= {"I alt", "Hele landet", "Landet"}, table.caption
        widths = {len(values) for values in table.rows.values()}
        assert widths == {len(table.columns)}


def _inline_minutes(text: str):
    from extractors.pdf import ParsedDocument

    return ParsedDocument(path=Path("inline.pdf"), sha256="0", page_texts=[text])


def test_words_that_start_with_beslutning_or_indstilling_are_not_labels() -> None:
    """"Beslutningen om …" / "Beslutningsgrundlaget …" / "Indstillingen fra …" are sentences: they
    neither cut the recommendation short nor open a decision; "Beslutning:" does."""
    doc = _inline_minutes(
        "Punkt 1.\nTakster 2024\n2023-078972\nSagsfremstilling\nIndstillingen fra arbejdsgruppen er vedlagt.\n"
        "Beslutningsgrundlaget er taksterne for 2023.\nIndstilling\nDet indstilles, at DAS godkender taksterne.\n"
        "Beslutningen om takster træffes af kommunalbestyrelserne.\nBeslutningsgrundlaget er vedlagt.\n"
        "Beslutning:\nGodkendt\n"
        "Punkt 2.\nNæste møde\nBeslutningen om mødedato udsættes.\n"
        "Punkt 3.\nOrientering\nIndstilling: Det indstilles, at orienteringen tages til efterretning.\n"
        "Beslutning: Taget til efterretning.\n")
    items = extract_agenda_items(doc)
    assert [i.number for i in items] == [1, 2, 3]
    assert items[0].recommendation == ("Det indstilles, at DAS godkender taksterne. Beslutningen om takster "
                                       "træffes af kommunalbestyrelserne. Beslutningsgrundlaget er vedlagt.")
    assert items[0].decision == "Godkendt"
    assert items[1].decision is None and items[1].recommendation is None
    assert items[2].recommendation == "Det indstilles, at orienteringen tages til efterretning."
    assert items[2].decision == "Taget til efterretning."


def test_inline_decisions_make_minutes_and_are_read() -> None:
    """"Beslutning: Godkendt." on the label's line counts for the detector as it does for the reader."""
    from extractors.document import extract_parsed

    doc = _inline_minutes("Punkt 1.\nTakster 2024\nBeslutning: Godkendt.\n"
                          "Punkt 2.\nOrientering\nBeslutning: Taget til efterretning.\n")
    extraction = extract_parsed(doc)
    assert extraction.meta.doc_type == "meeting_minutes"
    assert [(i.number, i.title, i.decision) for i in extraction.agenda_items] == [
        (1, "Takster 2024", "Godkendt."), (2, "Orientering", "Taget til efterretning.")]
    assert extraction.warnings == ()


def test_items_without_a_dot_are_read() -> None:
    """"Punkt 1" makes a document minutes, and is an item."""
    from extractors.document import extract_parsed

    doc = _inline_minutes("Punkt 1\nTakster 2024\nBeslutning:\nGodkendt\nPunkt 2\nNæste møde\nBeslutning:\nUdsat\n")
    extraction = extract_parsed(doc)
    assert extraction.meta.doc_type == "meeting_minutes"
    assert [(i.number, i.decision) for i in extraction.agenda_items] == [(1, "Godkendt"), (2, "Udsat")]


def test_minutes_without_agenda_items_are_a_warning(monkeypatch: pytest.MonkeyPatch) -> None:
    import extractors.document

    monkeypatch.setattr(extractors.document, "extract_agenda_items", lambda doc: [])
    doc = _inline_minutes("Punkt 1.\nTakster\nBeslutning:\nGodkendt\nPunkt 2.\nMøde\nBeslutning:\nUdsat\n")
    extraction = extractors.document.extract_parsed(doc)
    assert extraction.meta.doc_type == "meeting_minutes" and extraction.agenda_items == ()
    assert extraction.warnings == ("inline.pdf: read as meeting minutes, but no agenda item could be extracted",)
