"""Two editions of an agreement compared: the bundled Hovedstaden 2025-2026 agreement, and a 2027-2028
copy with one offer removed, one added, one capacity changed, one notice period changed and one payment
term added (`dataclasses.replace` on its records). Every change the diff reports is one made here."""

from __future__ import annotations

import dataclasses
from collections import Counter
from pathlib import Path

import pytest

from conftest import load_extraction
from models.enums import ClauseKind
from models.records import Clause, Extraction, Offer
from warehouse.editions import diff_editions
from warehouse.filters import FilterError

ROOT = Path(__file__).resolve().parents[1]
AGREEMENT = "data/agreements/hovedstaden-2025-2026-web.pdf"
INVOICING = "Fakturaer sendes elektronisk til kommunens EAN-nummer."
NEW_NAME = "Testhuset - Udviklingshæmning"


class _Source:
    kind = "agreement"

    def __init__(self, url: str) -> None:
        self.region, self.url = "hovedstaden", url


@dataclasses.dataclass(frozen=True)
class Editions:
    old: Extraction
    new: Extraction
    removed: Offer  # from the first table of the old edition
    changed: Offer  # its first year's capacity +1, printed with a decimal in the new edition


@pytest.fixture(scope="module")
def editions(bundled_extractions) -> Editions:
    old = bundled_extractions[Path(AGREEMENT).name]
    names = Counter(" ".join(o.name.split()).casefold() for _, o in old.offers)
    first, *rest = old.offer_tables
    removed, changed = [o for o in first.offers if names[" ".join(o.name.split()).casefold()] == 1][:2]
    year = changed.years[0]
    assert isinstance(year.capacity, int)
    changed_new = dataclasses.replace(changed, years=(dataclasses.replace(year, capacity=float(year.capacity + 1)),
                                                      *changed.years[1:]))
    added = dataclasses.replace(changed, name=NEW_NAME)
    offers = tuple(changed_new if o is changed else o for o in first.offers if o is not removed) + (added,)
    clauses = tuple(_two_months(c) if c.kind == ClauseKind.NOTICE_PERIOD and c.subject == "Aflastning" else c
                    for c in old.clauses)
    invoicing = Clause(ClauseKind.PAYMENT_TERM, None, INVOICING, None, 13, None, "4.1", detail="invoicing")
    new = dataclasses.replace(
        old, sha256="f" * 64, meta=dataclasses.replace(old.meta, period_start=2027, period_end=2028,
                                                       title="Rammeaftale 2027-2028"),
        offer_tables=(dataclasses.replace(first, offers=offers), *rest), clauses=(*clauses, invoicing))
    return Editions(old, new, removed, changed)


def _two_months(clause: Clause) -> Clause:
    return dataclasses.replace(clause, text="Aflastning: Løbende måned plus to måneder.",
                               normalized={**clause.normalized, "plus_months": 2})


def test_diff_reports_every_change_made(engine, editions):
    old_id = load_extraction(engine, _Source("h-2025.pdf"), editions.old).document_id
    new_id = load_extraction(engine, _Source("h-2027.pdf"), editions.new).document_id
    diff = diff_editions(engine, "Region Hovedstaden")
    assert (diff.region, diff.old, diff.new) == ("hovedstaden", "2025-2026", "2027-2028")
    assert diff.title == "Region Hovedstaden: 2025-2026 → 2027-2028"

    [removed] = diff.offers_removed
    assert (removed.name, removed.place.document_id, removed.place.page) == (
        editions.removed.name, old_id, editions.removed.page)
    [added] = diff.offers_added
    assert (added.name, added.target_group, added.place.document_id) == (NEW_NAME, "Udviklingshæmning", new_id)
    assert added.label == f"{NEW_NAME} ({added.operator}; Udviklingshæmning)"

    [capacity] = diff.capacity_changed
    year = editions.changed.years[0]
    assert (capacity.year, capacity.old, capacity.new) == (year.year, year.capacity, float(year.capacity + 1))
    assert type(capacity.old) is int and type(capacity.new) is float  # as printed: "16" → "17,0"
    assert capacity.offer.startswith(editions.changed.name)
    assert (capacity.old_place.document_id, capacity.new_place.document_id) == (old_id, new_id)
    assert capacity.old_place.page == capacity.new_place.page == year.page

    [notice] = diff.clauses_changed
    assert (notice.kind, notice.topic, notice.label) == ("notice_period", "Aflastning", "Opsigelsesvarsel: Aflastning")
    assert (notice.old.value, notice.new.value) == ("løbende måned + 1 måned", "løbende måned + 2 måneder")
    assert (notice.old.text, notice.new.text) == ("Aflastning: Løbende måned plus en måned.",
                                                  "Aflastning: Løbende måned plus to måneder.")
    assert (notice.old.document_id, notice.old.page) == (old_id, 13)
    assert (notice.new.document_id, notice.new.page) == (new_id, 13)

    assert diff.clauses_only_old == ()
    [payment] = diff.clauses_only_new
    assert (payment.label, payment.cell.text, payment.cell.page, payment.cell.document_id) == (
        "Betaling: invoicing", INVOICING, 13, new_id)

    # the editions named by period or year; the other way round, added and removed swap
    assert diff_editions(engine, "hovedstaden", old="2025", new="2027-2028") == diff
    back = diff_editions(engine, "hovedstaden", old="2027–2028", new="2025-2026")
    assert [o.name for o in back.offers_added] == [editions.removed.name]
    assert [o.name for o in back.offers_removed] == [NEW_NAME] and back.clauses_only_old == diff.clauses_only_new


def test_diff_refuses_what_it_cannot_compare(engine, editions):
    with pytest.raises(FilterError, match="unknown region 'atlantis'"):
        diff_editions(engine, "atlantis")
    with pytest.raises(FilterError, match="Region Hovedstaden: no agreement in the store"):
        diff_editions(engine, "hovedstaden")
    load_extraction(engine, _Source("h-2025.pdf"), editions.old)
    with pytest.raises(FilterError, match="only one edition in the store: Rammeaftale 2025-2026"):
        diff_editions(engine, "hovedstaden")
    load_extraction(engine, _Source("h-2027.pdf"), editions.new)
    with pytest.raises(FilterError, match=r"unknown period '2030'.*\(valid: 2025-2026, 2027-2028\)"):
        diff_editions(engine, "hovedstaden", old="2030")
    with pytest.raises(FilterError, match="same edition: 2025-2026"):
        diff_editions(engine, "hovedstaden", old="2025-2026", new="2026")
    with pytest.raises(FilterError, match="no edition before 2025-2026"):
        diff_editions(engine, "hovedstaden", new="2025-2026")
