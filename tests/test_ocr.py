"""Scanned agreements: pages without a usable text layer are read by OCR into the same `ParsedDocument`.

The scans are made here, at test time, from the bundled born-digital renderings (nothing large is
committed): a clean 200 dpi scan of the web rendering and a rough one of the word rendering
(200 dpi, turned 0.5°, speckled). Offers are scored with the gold scorer of test_offers_gold.py;
every value that is still wrong must have been corrected or marked uncertain.
"""

from __future__ import annotations

import ast
import logging
import re
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
import pytest
from PIL import Image

from extractors.clauses.extract import extract_clauses
from extractors.contract import to_contract
from extractors.document import extract_parsed
from extractors.ocr.repair import repair_line, repair_page, section_sign
from extractors.ocr.selection import needs_ocr, usable_text_layer
from extractors.pdf import Word, parse_pdf
from flows.isolation import extract_isolated
from models.enums import ClauseKind
from models.geometry import BBox
from models.records import Extraction, Offer
from test_offers_gold import ROOT, _fields, score

WEB = ROOT / "data/agreements/hovedstaden-2025-2026-web.pdf"
WORD = ROOT / "tests/fixtures/pdf/hovedstaden-2025-2026-word.pdf"
SCANS = {  # name: (born-digital source, scan settings, minimum offers F1)
    "web-clean": (WEB, {"skew": 0.0, "speckle": 0.0}, 0.99),
    "word-rough": (WORD, {"skew": 0.5, "speckle": 0.004}, 0.97),
}


def make_scan(source: Path, target: Path, *, pages: list[int] | None = None, dpi: int = 200,
              skew: float = 0.0, speckle: float = 0.0, seed: int = 0) -> Path:
    """An image-only PDF of `source` as a scanner would make it: greyscale pages at `dpi`, turned
    by `skew` degrees, with a share `speckle` of pixels flipped to dust (mostly black)."""
    rng = np.random.default_rng(seed)
    pdf = pdfium.PdfDocument(source)
    images = []
    for index in pages if pages is not None else range(len(pdf)):
        image = pdf[index].render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
        if skew:
            image = image.rotate(skew, resample=Image.Resampling.BICUBIC, fillcolor=255)
        if speckle:
            pixels = np.array(image)
            dust = rng.random(pixels.shape) < speckle
            pixels[dust] = np.where(rng.random(int(dust.sum())) < 0.7, 0, 255)
            image = Image.fromarray(pixels)
        images.append(image)
    pdf.close()
    images[0].save(target, save_all=True, append_images=images[1:], resolution=dpi)
    return target


def _word(text: str, x0: float = 0, confidence: float = 95.0) -> Word:
    return Word(text, BBox(x0, 100, x0 + 5 * len(text), 110), confidence=confidence)


def _texts(words: list[Word]) -> list[str]:
    return [w.text for w in words]


# --- repairs ------------------------------------------------------------------------------------

@pytest.mark.parametrize("printed, read, expected", [
    ("BL § 43", ["BL", "8", "43"], ["BL", "§", "43"]),
    ("BL § 43", ["BL", "843"], ["BL", "§ 43"]),
    ("SEL § 85", ["SEL", "885"], ["SEL", "§ 85"]),
    ("SEL § 107", ["SEL", "S", "107"], ["SEL", "§", "107"]),
    ("SEL § 108", ["SEL", "&", "108"], ["SEL", "§", "108"]),
    ("SEL §§ 103-104", ["SEL", "88", "103-104"], ["SEL", "§§", "103-104"]),
    ("ABL § 105 / SEL § 85", ["ABL8105/", "SEL", "8", "85"], ["ABL § 105 /", "SEL", "§", "85"]),
    ("servicelovens § 107", ["servicelovens", "8", "107"], ["servicelovens", "§", "107"]),
    ("jf. § 85", ["jf.", "$", "85"], ["jf.", "§", "85"]),
])
def test_section_sign_misreads_are_repaired(printed, read, expected):
    assert _texts(repair_line([_word(t, 10 * i) for i, t in enumerate(read)])) == expected


@pytest.mark.parametrize("read", [["i", "8", "tilfælde"], ["Pladstal", "8", "8", "8"], ["uge", "843"]])
def test_an_eight_that_is_a_number_stays(read):
    assert _texts(repair_line([_word(t, 10 * i) for i, t in enumerate(read)])) == read


def test_section_sign_alone():
    assert section_sign("8", after_law=True) == "§"  # after a law, its number wrapped to the next line
    assert section_sign("8", after_law=False, following="107") == "8"
    assert section_sign("$", after_law=False, following="107") == "§"


@pytest.mark.parametrize("read, expected", [("33.5", "33,5"), ("16.0", "16,0"), ("33;5", "33,5"),
                                            ("1.234", "1.234"), ("2025", "2025")])
def test_decimal_commas_and_thousands_separators(read, expected):
    assert _texts(repair_line([_word(read)])) == [expected]


def _row(label: str, cells: list[str], confidence: float = 95.0) -> list[Word]:
    return [_word(label, 300)] + [_word(c, 400 + 50 * i, confidence) for i, c in enumerate(cells)]


def test_percent_signs_and_lone_zeros_in_table_cells():
    words, warnings = repair_page(_row("Belægningsprocent", ["8896", "100%", "(9)"]), page=7)
    assert _texts(words) == ["Belægningsprocent", "88%", "100%", "0"]
    assert words[3].uncertain and "'(9)'" in words[3].uncertain
    assert warnings == [f"page 7: '0' at {words[3].bbox.as_list()} is uncertain: {words[3].uncertain}"]


def test_misread_table_labels_are_restored():
    """As read on the rough scan's pages 25, 26 and 32; a label is repaired only where a table has it."""
    assert _texts(repair_line(_row("Pladsta!", ["10", "10"]))) == ["Pladstal", "10", "10"]
    assert _texts(repair_line(_row("Piadstal", ["12"]))) == ["Pladstal", "12"]
    assert _texts(repair_line(_row("Pladstaål", ["i", "25"]))) == ["Pladstal", "i", "25"]
    assert _texts(repair_line(_row("Pjadsforbrug", ["7,3"]))) == ["Pladsforbrug", "7,3"]
    header = ["Tilbud", "Driftsberre", "Paragraf", "Piadser", "2021", "2022", "20923"]
    assert _texts(repair_line([_word(t, 60 * i) for i, t in enumerate(header)])) == [
        "Tilbud", "Driftsherre", "Paragraf", "Pladser", "2021", "2022", "2023"]
    prose = ["Pladsta", "og", "pladsantal", "for", "året"]
    assert _texts(repair_line([_word(t, 60 * i) for i, t in enumerate(prose)])) == prose


def test_slash_between_legal_references():
    """"ABL § 105 / SEL § 85" as Tesseract reads it on the rough scan: the spaces around the slash
    dropped, the second "§" read as "8" or "88"."""
    assert _texts(repair_line([_word(t, 30 * i) for i, t in enumerate(["ABL", "§", "105/SEL", "8", "83"])])) \
        == ["ABL", "§", "105 / SEL", "§", "83"]
    assert _texts(repair_line([_word(t, 30 * i) for i, t in enumerate(["105", "/SEL", "88", "83/85"])])) \
        == ["105", "/ SEL", "§§", "83/85"]


def test_spacing_that_ocr_cannot_tell_is_marked():
    """Between legal references the slash is mostly printed spaced, once not ("SEL § 105 /SEL § 85"):
    the spaced reading is kept and marked; so is the space after a misread glued "§"."""
    words = repair_line([_word(t, 30 * i) for i, t in enumerate(["105", "/SEL", "8", "85"])])
    assert [w.uncertain is not None for w in words] == [False, True, False, False]
    assert repair_line([_word("BL"), _word("843", 30)])[1].uncertain == "read as '843'; whether a space follows '§' is not known"


@pytest.mark.parametrize("read, expected", [
    (["SEL", "§110"], ["SEL", "§110"]),       # a "§" read right keeps its spacing (Søstedet)
    (["SEL", "5", "83"], ["SEL", "§", "83"]),  # a lone sign after a law, read as "5"
    (["GI.", "Køge", "Landevej"], ["Gl.", "Køge", "Landevej"]),
])
def test_misreads_with_one_reading(read, expected):
    assert _texts(repair_line([_word(t, 30 * i) for i, t in enumerate(read)])) == expected


def test_a_glued_sign_in_a_name_cell_is_marked_not_changed():
    words, _ = repair_page([_word("Campus", 60), _word("Espevang", 100), _word("8104", 150)]
                           + _row("Pladstal", ["20"]), page=32)
    assert _texts(words)[:3] == ["Campus", "Espevang", "8104"] and words[2].uncertain == "read as '8104'; may be '§104'"


def test_speckle_in_a_tables_text_columns_is_dropped():
    """A lone full stop or quote left of the measure labels is speckle; a quote glued to a word too."""
    words, _ = repair_page([_word('"Herlev', 100), _word("Kommune", 140), _word(".", 190), _word("'", 200)]
                           + _row("Pladstal", ["38"]), page=34)
    assert _texts(words) == ["Herlev", "Kommune", "Pladstal", "38"]


def test_a_cell_failing_the_occupancy_cross_check_is_marked():
    def row(label, cells, top):
        return [Word(label, BBox(300, top, 380, top + 10), 95.0)] + [
            Word(c, BBox(400 + 50 * i, top, 420 + 50 * i, top + 10), 95.0) for i, c in enumerate(cells)]

    words, warnings = repair_page(row("Pladstal", ["38", "38"], 100) + row("Pladsforbrug", ["335", "33,1"], 113)
                                  + row("Belægningsprocent", ["88%", "87%"], 126), page=25)
    marked = {w.text for w in words if w.uncertain}
    assert _texts(words)[4] == "33,5"  # the dropped decimal comma, put back: it passes the cross-check
    assert marked == {"33,5"}
    assert any("'335'" in w and "page 25" in w and "cross-check" in w for w in warnings)


def test_a_cell_failing_the_cross_check_without_a_repair_is_marked_as_printed():
    def row(label, cells, top):
        return [Word(label, BBox(300, top, 380, top + 10), 95.0)] + [
            Word(c, BBox(400 + 50 * i, top, 420 + 50 * i, top + 10), 95.0) for i, c in enumerate(cells)]

    words, warnings = repair_page(row("Pladstal", ["9"], 100) + row("Pladsforbrug", ["8,6"], 113)
                                  + row("Belægningsprocent", ["0%"], 126), page=30)  # Søstedet, printed so
    assert _texts(words) == ["Pladstal", "9", "Pladsforbrug", "8,6", "Belægningsprocent", "0%"]
    assert {w.text for w in words if w.uncertain} == {"9", "8,6", "0%"} and len(warnings) == 3


def test_low_confidence_cells_are_marked_not_changed():
    words, warnings = repair_page(_row("Pladstal", ["38", "3B"], confidence=40.0), page=3)
    assert _texts(words)[1:] == ["38", "3B"]
    assert [w.uncertain for w in words[1:]] == ["read as '38', OCR confidence 40", "read as '3B', OCR confidence 40"]
    assert len(warnings) == 2


# --- page selection ------------------------------------------------------------------------------

PROSE = ("Opsigelse af pladser sker med løbende måned plus en måned, jf. servicelovens § 107, "
         "og gælder for alle tilbud omfattet af rammeaftalen 2025-2026.")
GARBAGE = "lI1l ƒ¥%& Wrnrn3 ;;:: 1lI| ~^^~ Ql0O9 rn1rn ¦¦ }{ ©®™ lIlI1 Tl1e qu1ck ---- ____"


@pytest.mark.parametrize("text, image_share, expected", [
    (PROSE, 1.0, False),      # a text layer over a scan (a good OCR layer) is kept
    ("", 1.0, True),          # a scan without a text layer
    ("Side 3 af 51", 1.0, True),  # only a page number stamped on a scan
    (GARBAGE, 1.0, True),     # an invisible scanner layer of garbage
    (PROSE, 0.1, False),      # a born-digital page with a logo
    ("", 0.0, False),         # a blank page: nothing to read
])
def test_page_selection(text, image_share, expected):
    assert needs_ocr(text, image_share) is expected


def test_garbage_is_told_from_text():
    assert usable_text_layer(PROSE) and not usable_text_layer(GARBAGE)


def test_mixed_document_uses_each_pages_best_source(tmp_path):
    """Page 1 born-digital (the front page), page 2 a scan of the first offers table's page: only
    page 2 is read by OCR, and the offers reader finds the table on it."""
    scan = make_scan(WEB, tmp_path / "scan.pdf", pages=[24])
    mixed = pdfium.PdfDocument.new()
    mixed.import_pages(pdfium.PdfDocument(WEB), [0])
    mixed.import_pages(pdfium.PdfDocument(scan))
    mixed.save(tmp_path / "mixed.pdf")
    with parse_pdf(tmp_path / "mixed.pdf") as doc, parse_pdf(WEB) as digital:
        assert doc.ocr_pages == [2]
        assert doc.page_texts[0] == digital.page_texts[0]
        assert [w.text for w in doc.layout(1).words] == [w.text for w in digital.layout(1).words]  # text layer
        assert all(w.confidence is not None for w in doc.layout(2).words)
        assert "Tabel 1: Tilbud målrettet børn og unge med udviklingshæmning" in doc.page_texts[1]
        assert doc.locate(2, "Tabel 1: Tilbud målrettet") is not None
        extraction = extract_parsed(doc)
    table = extraction.offer_tables[0]
    assert table.label == "Tabel 1" and table.page == 2 and len(table.offers) >= 6
    assert table.offers[0].name == "Granbohus - Udviklingshæmning" and table.offers[0].legal_basis == "BL § 43"


def test_isolated_extraction_logs_each_ocr_page(tmp_path, caplog):
    """`ramme run` extracts in a worker process: each page it reads by OCR is a line in the run's log."""
    scan = make_scan(WEB, tmp_path / "scan.pdf", pages=[24, 25])
    with caplog.at_level(logging.INFO, logger="flows.isolation"):
        extraction = extract_isolated(scan, timeout_seconds=300, memory_mb=2048)
    pages = sorted(int(m[1]) for r in caplog.records if (m := re.search(r"OCR page (\d+) \(\d of 2\)", r.getMessage())))
    assert pages == [1, 2] and extraction.offer_tables


# --- whole scanned agreements (slow: OCR of 49-51 pages) -----------------------------------------

@pytest.fixture(scope="module", params=sorted(SCANS))
def scanned(request, tmp_path_factory):
    """A scan made from a born-digital rendering, extracted: (name, extraction, marked words, notices)."""
    source, settings, _ = SCANS[request.param]
    path = make_scan(source, tmp_path_factory.mktemp("scans") / f"{request.param}.pdf", **settings)
    with parse_pdf(path) as doc:
        assert doc.ocr_pages == list(range(1, doc.page_count + 1))
        extraction = extract_parsed(doc)
        marks = [(page, w) for page in doc.ocr_pages for w in doc.layout(page).words if w.uncertain]
        notices = _notices(doc)
    return request.param, extraction, marks, notices


def _notices(doc) -> list[tuple]:
    return sorted((c.subject or "", repr(c.normalized), c.flags) for c in extract_clauses(doc)
                  if c.kind == ClauseKind.NOTICE_PERIOD)


_DIFF = re.compile(r"^(?P<table>Tabel \d+) (?P<name>'.*'|\".*\") (?P<key>\S+): gold (?P<gold>.+), found (?P<found>.+)$")


def unmarked_wrong(extraction: Extraction, marks: list[tuple[int, Word]]) -> list[str]:
    """The scorer's differences that nothing marks: a wrong or missing number needs a reason for
    its measure in its year's `OfferYear.uncertain`; a wrong text a marked word of it in the offer's
    box; an offer left out a warning naming it."""
    contract = to_contract(extraction)
    _, _, _, diffs = score(contract)
    records = {t.label: t for t in extraction.offer_tables}
    tables = {t["table"]: t for t in contract["offer_tables"]}
    left = []
    for diff in diffs:
        match = _DIFF.match(diff)
        if match is None:  # an extra offer
            left.append(diff)
            continue
        gold_name, key, found = ast.literal_eval(match["name"]), match["key"], ast.literal_eval(match["found"])
        table = tables.get(match["table"], {"offers": [], "years": []})
        offers = [(o["name"], records[match["table"]].offers[i]) for i, o in enumerate(table["offers"])
                  if _fields(o, table["years"]).get(key) == found]
        offers = [o for name, o in offers if name == gold_name] or [o for _, o in offers]  # its name may differ too
        if not offers or not any(_covered(o, key, found, marks, extraction.warnings) for o in offers):
            left.append(diff)
    return left


def _covered(offer: Offer, key: str, found, marks, warnings) -> bool:
    if ":" in key:
        measure, year = key.split(":")
        reasons = next(y.uncertain for y in offer.years if y.year == int(year))
        return any(reason.startswith(f"{measure}: ") for reason in reasons)
    if found is None:
        return any(repr(offer.name) in w for w in warnings)
    return any(w.text in str(found) and (p == offer.page and _inside(w.bbox, offer.bbox)  # or continued:
                                         or p == offer.page + 1 and _inside_columns(w.bbox, offer.bbox))
               for p, w in marks)


def _inside_columns(word: BBox, box: BBox, slack: float = 2.0) -> bool:
    return word.x0 >= box.x0 - slack and word.x1 <= box.x1 + slack


def _inside(word: BBox, box: BBox, slack: float = 2.0) -> bool:
    return (word.x0 >= box.x0 - slack and word.x1 <= box.x1 + slack
            and word.top >= box.top - slack and word.bottom <= box.bottom + slack)


@pytest.mark.slow
def test_offers_from_a_scan_score_against_the_gold(scanned, accuracy_report):
    name, extraction, marks, _ = scanned
    tp, fp, fn, diffs = score(to_contract(extraction))
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    f1 = 2 * precision * recall / (precision + recall)
    left = unmarked_wrong(extraction, marks)
    marked_values = sum(len(y.uncertain) for t in extraction.offer_tables for o in t.offers for y in o.years)
    print(f"{name} scan: offers F1 {f1:.4f}, {len(diffs)} wrong, {len(left)} of them unmarked")
    accuracy_report.append(f"offers-000 [{name} scan, OCR]: {tp + fn} gold fields, precision {precision:.4f}, "
                           f"recall {recall:.4f}, F1 {f1:.4f}; {len(diffs)} wrong, {len(left)} of them unmarked; "
                           f"{marked_values} values and {len(marks)} words marked uncertain")
    accuracy_report.extend(f"  [{name} scan] unmarked: {diff}" for diff in left)
    assert f1 >= SCANS[name][2], diffs
    assert left == [], left  # every wrong value corrected or marked


@pytest.mark.slow
def test_a_scan_reads_like_its_born_digital_rendering(scanned):
    """Region, title and notice periods of the scan equal those of the rendering it was made from;
    the rendering's values (a text layer) are all vouched for."""
    name, extraction, _, notices = scanned
    with parse_pdf(SCANS[name][0]) as digital:
        assert notices == _notices(digital)
        rendering = extract_parsed(digital)
    expected = to_contract(rendering)["document"]
    assert all(y.uncertain == () for t in rendering.offer_tables for o in t.offers for y in o.years)
    document = to_contract(extraction)["document"]
    assert {k: document[k] for k in ("region", "title", "period", "doc_type")} \
        == {k: expected[k] for k in ("region", "title", "period", "doc_type")}

