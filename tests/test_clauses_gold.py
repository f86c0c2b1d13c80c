"""Clause extraction measured against the hand-built gold (tests/gold/clauses-NNN.json, see CLAUSES.md).

For every seed document and gold category, a gold item counts as found when a clause of the matching
kind(s) carries its text: at least 60 % of the gold item's words appear in one clause, or in the
clauses that lie inside the gold text (a multi-sentence gold item split into sentences). Notice
periods are matched one to one and by subject: a gold item with an `offer_type` only matches a clause
whose subject names the same thing (`same_subject`: the content words of the shorter name, stemmed,
are found in the longer one; six gold items in 000 share the text "Løbende måned plus en måned." and
differ only there). The normalised values of matched notice periods and payment terms must
equal the gold values (notice: running_month/plus_months/plus_days; payment: every key of the gold
item that the extractor defines).

Precision (extracted clauses that match some gold item) is printed, not asserted: the gold is a
curated subset of what the documents state, so precision well below 1 is expected where the documents
state more than the gold lists (many target groups, the minutes' hearing responses), and a floor set
from what the extractor once reached would have no reference independent of the extractor.

The per-kind table goes to pytest's terminal summary (the `accuracy_report` fixture of conftest.py),
so it shows on every run, passing or not. Run on the PDFs in the repo, never on the seed text dumps.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from extractors.clauses.extract import extract_clauses
from extractors.pdf import parse_pdf
from models.normalized import NORMALIZED_BY_KIND, PaymentValue

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "tests" / "gold"

DOCUMENTS = {
    "000": (ROOT / "data/agreements/hovedstaden-2025-2026-web.pdf", "000"),
    "000-word": (ROOT / "tests/fixtures/pdf/hovedstaden-2025-2026-word.pdf", "000"),
    "002": (ROOT / "data/agreements/sjaelland-2021-2022-word.pdf", "002"),
    "003": (ROOT / "data/agreements/hovedstaden-2025-2026-main-web.pdf", "003"),
    "004": (ROOT / "data/agreements/nordjylland-das-2024-word.pdf", "004"),
}

CATEGORY_KINDS = {
    "notice_periods": {"notice_period"},
    "notice_period_exceptions": {"notice_exception", "notice_extension"},
    "payment_terms": {"payment_term"},
    "tariff_rules": {"tariff_rule"},
    "target_groups": {"target_group", "offer_type"},
}
RECALL_BAR = 0.95
#: the keys of a notice period's value compared with the gold (the period itself, not who or when)
NOTICE_KEYS = ("running_month", "plus_months", "plus_days")
PAYMENT_KEYS = tuple(PaymentValue.__annotations__)

_WORD = re.compile(r"[0-9a-zæøå]+")


def words(text: str) -> set[str]:
    return set(_WORD.findall(text.lower()))


@pytest.fixture(scope="session")
def extracted() -> dict:
    """Each PDF parsed and its clauses extracted, each located on its page, once per session."""
    return extract_documents()


def extract_documents() -> dict:
    """Document key → the clauses extracted from its PDF (also drawn from by `scripts/precision_sample.py`)."""
    out = {}
    for key, (path, _) in DOCUMENTS.items():
        with parse_pdf(path) as doc:
            out[key] = extract_clauses(doc)
    return out


def gold(seed: str) -> dict:
    return json.loads((GOLD / f"clauses-{seed}.json").read_text(encoding="utf-8"))


#: (document, category) pairs the gold has items for (held to recall and precision), and the others
_PAIRS = [(doc, category) for doc in DOCUMENTS for category in CATEGORY_KINDS]
WITH_GOLD = [(d, c) for d, c in _PAIRS if gold(DOCUMENTS[d][1]).get(c)]
WITHOUT_GOLD = [(d, c) for d, c in _PAIRS if (d, c) not in WITH_GOLD]


#: words that say nothing about what a subject is (function words, "opsigelse…"/"varsel…" themselves)
_SUBJECT_STOP = {"af", "de", "den", "der", "det", "en", "er", "et", "for", "hos", "i", "med", "og", "om", "på",
                 "samt", "som", "til", "ved"}


def subject_stems(name: str) -> set[str]:
    """Content words of a subject, cut to five letters ("købers" ~ "køber", "leverandørens" ~
    "leverandør"); a parenthesis is the annotator's note ("(høringssvar pkt. 9)") and is left out."""
    name = re.sub(r"\([^)]*\)", " ", name)
    return {w[:5] for w in words(name)
            if w not in _SUBJECT_STOP and not w.startswith(("opsig", "varsel", "varsl"))}


def same_subject(gold_subject: str | None, extracted: str | None) -> bool:
    """True when the gold item names no subject, or both name the same one: at least three in four of
    the shorter name's stems occur in the longer name (all of them for names of up to three words)."""
    if not gold_subject:
        return True
    if not extracted:
        return False
    g, e = subject_stems(gold_subject), subject_stems(extracted)
    small, big = sorted((g, e), key=len)
    return bool(small) and len(small & big) / len(small) >= 0.75


def match_category(items: list[dict], clauses: list, *, one_to_one: bool,
                   by_subject: bool = False) -> list[tuple[dict, list]]:
    """(gold item, matched clauses) for every found gold item; with `by_subject`, only clauses whose
    subject is the gold item's `offer_type` (when it has one) are candidates."""
    used: set[int] = set()
    found = []
    everything = [(i, c, words(c.text)) for i, c in enumerate(clauses)]
    for item in items:
        g = words(item["text"])
        if not g:
            continue
        prepared = [(i, c, w) for i, c, w in everything
                    if not by_subject or same_subject(item.get("offer_type"), c.subject)]
        best, best_score = None, 0.0
        for i, clause, w in prepared:
            if one_to_one and i in used:
                continue
            score = len(g & w) / len(g)
            if score > best_score:
                best, best_score = (i, clause), score
        if best and best_score >= 0.6:
            if one_to_one:
                used.add(best[0])
            found.append((item, [best[1]]))
            continue
        inside = [c for _, c, w in prepared if len(w) >= 3 and len(g & w) / len(w) >= 0.8]
        union = set().union(*(words(c.text) for c in inside)) if inside else set()
        if inside and len(g & union) / len(g) >= 0.6:
            found.append((item, inside))
    return found


def precision(items: list[dict], clauses: list) -> float | None:
    if not clauses:
        return None
    golds = [words(item["text"]) for item in items]
    good = 0
    for clause in clauses:
        w = words(clause.text)
        if any(g and (len(g & w) / len(g) >= 0.6 or (w and len(g & w) / len(w) >= 0.8)) for g in golds):
            good += 1
    return good / len(clauses)


def score(extracted: dict) -> list[dict]:
    rows = []
    for key, (_, seed) in DOCUMENTS.items():
        g = gold(seed)
        for category, kinds in CATEGORY_KINDS.items():
            items = g.get(category, [])
            clauses = [c for c in extracted[key] if c.kind in kinds]
            found = match_category(items, clauses, one_to_one=category == "notice_periods",
                                   by_subject=category == "notice_periods")
            rows.append({
                "doc": key, "category": category, "gold": len(items), "found": len(found),
                "extracted": len(clauses),
                "recall": len(found) / len(items) if items else None,
                "precision": precision(items, clauses) if items else None,
                "missed": [item["text"][:90] for item in items if item not in [f[0] for f in found]],
                "matches": found,
            })
    return rows


def table(rows: list[dict]) -> str:
    lines = [f"{'doc':9} {'category':26} {'gold':>4} {'found':>5} {'extr':>5} {'recall':>7} {'precision':>9}"]
    for r in rows:
        recall = "-" if r["recall"] is None else f"{r['recall']:.2f}"
        prec = "-" if r["precision"] is None else f"{r['precision']:.2f}"
        lines.append(f"{r['doc']:9} {r['category']:26} {r['gold']:>4} {r['found']:>5} {r['extracted']:>5} "
                     f"{recall:>7} {prec:>9}")
    return "\n".join(lines)


@pytest.fixture(scope="session")
def scored(extracted: dict, accuracy_report: list[str]) -> list[dict]:
    """Recall and precision per document and category; the table goes to pytest's terminal summary."""
    rows = score(extracted)
    accuracy_report.extend(["", "Clause extraction vs gold (recall = gold items found; precision = extracted "
                            "clauses that match a gold item)", *table(rows).splitlines()])
    return rows


@pytest.mark.parametrize(("doc", "category"), WITH_GOLD)
def test_recall_per_document_and_kind(scored: list[dict], doc: str, category: str) -> None:
    row = next(r for r in scored if r["doc"] == doc and r["category"] == category)
    assert row["recall"] >= RECALL_BAR, (
        f"{doc} {category}: recall {row['recall']:.2f} < {RECALL_BAR}; missed: {row['missed']}")


@pytest.mark.parametrize(("doc", "category"), WITHOUT_GOLD)
def test_nothing_extracted_where_the_document_states_nothing(scored: list[dict], doc: str, category: str) -> None:
    """A document whose gold has no item of a category (003 has no notice periods) yields no clause of it."""
    row = next(r for r in scored if r["doc"] == doc and r["category"] == category)
    assert row["extracted"] == 0, f"{doc} {category}: {row['extracted']} clauses where the gold has none"


@pytest.mark.parametrize("doc", [d for d, c in WITH_GOLD if c == "notice_periods"])
def test_notice_period_values_equal_gold(scored: list[dict], doc: str) -> None:
    row = next(r for r in scored if r["doc"] == doc and r["category"] == "notice_periods")
    wrong = []
    for item, clauses in row["matches"]:
        expected = {k: item["normalized"][k] for k in NOTICE_KEYS}
        got = [{k: (c.normalized or {}).get(k) for k in NOTICE_KEYS} for c in clauses]
        if expected not in got:
            wrong.append((item["text"], expected, got))
    assert not wrong


@pytest.mark.parametrize("doc", [d for d, c in WITH_GOLD if c == "payment_terms"])
def test_payment_term_values_equal_gold(scored: list[dict], doc: str) -> None:
    row = next(r for r in scored if r["doc"] == doc and r["category"] == "payment_terms")
    wrong = []
    compared = 0
    for item, clauses in row["matches"]:
        keys = [k for k in PAYMENT_KEYS if k in (item.get("normalized") or {})]
        if not keys:
            continue
        compared += 1
        merged: dict = {}
        for clause in clauses:
            for k, v in (clause.normalized or {}).items():
                if merged.get(k) is None:
                    merged[k] = v
        got = {k: merged.get(k) for k in keys}
        expected = {k: item["normalized"][k] for k in keys}
        if got != expected:
            wrong.append((item["text"][:80], expected, got))
    assert not wrong
    if doc.startswith("000") or doc == "002":
        assert compared >= 2


@pytest.mark.parametrize(("gold_subject", "extracted", "same"), [
    ("Aflastning", "Aflastning", True),
    ("Specialtandpleje", "Aflastning", False),
    ("Sociale tilbud (botilbud, dagtilbud og beskyttet beskæftigelse)", "Akutpladser på børneområdet", False),
    ("Standardkontrakt voksenområdet (høringsforslag pkt. 35) – købers opsigelse", "Opsigelsesvarslet for køber", True),
    ("Standardkontrakt voksenområdet (høringsforslag pkt. 35) – købers opsigelse",
     "Opsigelsesvarslet for leverandør", False),
    ("Voksenområdet – indsatser hos leverandører ikke omfattet af en rammeaftale (standardkontrakt v2.0)",
     "Standardkontrakt på voksenområdet – leverandører som ikke er omfattet af en rammeaftale på social- og "
     "specialundervisningsområdet", True),
    ("Voksenområdet – indsatser hos leverandører ikke omfattet af en rammeaftale (standardkontrakt v2.0)",
     "Standardkontrakt på voksenområdet – leverandører omfattet af en rammeaftale på social- og "
     "specialundervisningsområdet", False),
    ("Ved dødsfald (høringssvar pkt. 39)", "dødsfald", True),
    ("Ved dødsfald (høringssvar pkt. 39)", None, False),
    (None, None, True),
])
def test_same_subject(gold_subject: str | None, extracted: str | None, same: bool) -> None:
    assert same_subject(gold_subject, extracted) is same


@pytest.mark.parametrize("doc", ["000", "000-word", "002", "004"])
def test_notice_periods_are_matched_by_subject(scored: list[dict], doc: str) -> None:
    """A clause with the right words but another subject is not taken for a gold notice period of an
    offer type."""
    row = next(r for r in scored if r["doc"] == doc and r["category"] == "notice_periods")
    items = gold(DOCUMENTS[doc][1])["notice_periods"]
    if any(item.get("offer_type") for item in items):
        class Renamed:  # the extracted clauses with their subjects swapped for a wrong one
            def __init__(self, clause):
                self.text, self.subject = clause.text, "Herberger"
        clauses = [c for c in extracted_clauses(row) if c.kind == "notice_period"]
        wrong = match_category([i for i in items if i.get("offer_type")], [Renamed(c) for c in clauses],
                               one_to_one=True, by_subject=True)
        assert wrong == []


def extracted_clauses(row: dict) -> list:
    return [c for _, clauses in row["matches"] for c in clauses]


def test_notice_subjects_are_the_printed_offer_types(extracted: dict) -> None:
    """Hovedstaden 2025-26 prints one notice period per offer type; each clause knows its offer type,
    its section heading, and its box on the page."""
    notices = [c for c in extracted["000"] if c.kind == "notice_period"]
    expected = [item["offer_type"] for item in gold("000")["notice_periods"]]
    assert [c.subject for c in notices] == expected
    assert {c.section for c in notices} == {"4.2 OPSIGELSESVARSLER"}
    assert {c.page for c in notices} == {13}
    tops = [c.bbox.top for c in notices]
    assert all(box is not None for box in tops) and tops == sorted(tops)  # one bullet under the other


def test_notice_extension_and_exceptions_hovedstaden(extracted: dict) -> None:
    clauses = extracted["000"]
    extension = next(c for c in clauses if c.kind == "notice_extension" and c.normalized)
    assert extension.normalized["plus_months"] == 6 and extension.normalized["running_month"] is True
    assert extension.normalized["trigger"] == {"min_places_terminated": 3, "within_running_months": 3,
                                               "or_min_pct_of_tariff_income_budget": 20, "same_offer": True}
    assert extension.normalized["party"] == "provider"
    no_notice = next(c for c in clauses if c.kind == "notice_exception"
                     and (c.normalized or {}).get("no_notice_for"))
    assert no_notice.normalized["no_notice_for"] == ["herberger", "krisecentre", "misbrugstilbud"]


def test_sjaelland_and_hovedstaden_differ(extracted: dict) -> None:
    """The comparison the issue asks for: plus one month (H 2025-26) vs plus 30 days (Sj 2021-22)."""
    h = {tuple(c.normalized[k] for k in NOTICE_KEYS) for c in extracted["000"] if c.kind == "notice_period"}
    sj = {tuple(c.normalized[k] for k in NOTICE_KEYS) for c in extracted["002"] if c.kind == "notice_period"}
    assert h == {(True, 1, 0)}
    assert sj == {(True, 0, 30)}


def test_overhead_and_price_development_normalised(extracted: dict) -> None:
    rules = [c for c in extracted["000"] if c.kind == "tariff_rule"]
    overhead = [c.normalized.get("overhead_pct") for c in rules if "overheadprocent på 6" in c.text]
    assert 6 in overhead
    pl = [c for c in rules if "pris- og lønfremskrivningen" in c.text and "maksimalt" in c.text]
    assert pl and pl[0].normalized["index"] == "P/L" and pl[0].normalized["minus_pct_per_year"] == 0
    occupancy = [c for c in rules if "aldrig anvendes en belægningsprocent over 100" in c.text]
    assert occupancy and occupancy[0].normalized["max_occupancy_pct"] == 100


@pytest.mark.parametrize("doc", list(DOCUMENTS))
def test_clauses_carry_page_section_and_bbox(extracted: dict, doc: str) -> None:
    """Every clause stands on a page of its document under a section whose headings (numbered heading
    " / " sub-heading) are printed on or before that page; most clauses are boxed."""
    clauses = extracted[doc]
    with parse_pdf(DOCUMENTS[doc][0]) as parsed:
        pages = [re.sub(r"\s+", " ", re.sub(r"[\ufffe\u00ad\u0002]\s*", "", text)) for text in parsed.page_texts]
    assert clauses
    for c in clauses:
        assert 1 <= c.page <= len(pages)
        assert c.section and all(part in " ".join(pages[:c.page]) for part in c.section.split(" / ")), \
            (c.page, c.section, c.text[:60])
    if doc == "000":
        assert {c.section for c in clauses if c.kind == "notice_period"} == {"4.2 OPSIGELSESVARSLER"}
    boxed = [c for c in clauses if c.bbox is not None]
    assert len(boxed) >= 0.8 * len(clauses)
    for c in boxed:
        assert 0 <= c.bbox.x0 < c.bbox.x1 and 0 <= c.bbox.top < c.bbox.bottom


# not "000-word": that rendering of seed 000 prints no "SEL § 83" row at all (checked in its text layer)
@pytest.mark.parametrize("doc", ["000", "002", "004"])
def test_legal_paragraphs_cover_gold_legal_basis(extracted: dict, doc: str) -> None:
    """Every paragraph the gold lists as a target group's legal basis is found with the same (law,
    paragraph) key: as a legal_paragraph clause, or, for the "Paragraf" column of an offers table
    (000's tables), as an offer's legal basis (offers-table rows are the offers extractor's, not clauses)."""
    from extractors.offers import extract_offer_tables
    from models.vocabulary import find_paragraph_refs

    wanted = {ref.key for item in gold(DOCUMENTS[doc][1])["target_groups"]
              for basis in item.get("legal_basis", []) for ref in find_paragraph_refs(basis)}
    found = {(c.normalized["law"], c.normalized["paragraph"]) for c in extracted[doc] if c.kind == "legal_paragraph"}
    with parse_pdf(DOCUMENTS[doc][0]) as parsed:
        offers = extract_offer_tables(parsed).tables
    found |= {ref.key for table in offers for offer in table.offers for ref in find_paragraph_refs(offer.legal_basis or "")}
    assert wanted and not wanted - found


def test_nordjylland_notice_wordings_are_flagged_as_not_operative(extracted: dict) -> None:
    """The minutes quote template defaults ("[løbende måned + 30 dage]") and questions; both are flagged
    so a comparison of binding rules can leave them out, and the buyer/provider party is read."""
    notices = [c for c in extracted["004"] if c.kind == "notice_period"]
    templates = [c for c in notices if "template_default" in c.flags]
    assert [c.normalized["party"] for c in templates] == ["provider", "buyer"]
    assert any("question" in c.flags for c in notices)


def test_a_repeated_mention_counts_once_per_clause() -> None:
    """A repeat naming three groups first named together counts one mention, not one per group; a
    sentence naming groups first named apart counts one on each of their clauses."""
    from extractors.pdf import ParsedDocument

    together = "Kommunerne skal sikre tilbud til autisme, udviklingshæmning og erhvervet hjerneskade."
    text = (f"3 MÅLGRUPPER\n{together}\nDer er god kapacitet i regionen.\n{together}\n"
            "4 TILBUD\nKommunerne skal sikre tilbud til autisme.\nDer er god kapacitet i regionen.\n"
            "Kommunerne skal sikre tilbud til udviklingshæmning.\nDer er god kapacitet i regionen.\n"
            "Kommunerne skal sikre tilbud til autisme og udviklingshæmning.\n")
    doc = ParsedDocument(path=Path("inline.pdf"), sha256="0", page_texts=[text])
    groups = [c for c in extract_clauses(doc) if c.kind == "target_group"]
    assert [(c.section, c.subject, c.normalized["mentions"]) for c in groups] == [
        ("3 MÅLGRUPPER", "Autisme", 2), ("4 TILBUD", "Autisme", 2), ("4 TILBUD", "Udviklingshæmning", 2)]


@pytest.mark.parametrize("doc", list(DOCUMENTS))
def test_every_normalised_key_is_declared_for_its_kind(extracted: dict, doc: str) -> None:
    """`Clause.normalized` holds only the keys of its kind's TypedDict (models.normalized)."""
    undeclared = {(c.kind.value, key) for c in extracted[doc] for key in (c.normalized or {})
                  if key not in NORMALIZED_BY_KIND[c.kind].__annotations__}
    assert undeclared == set()
