"""Region, title, period and type come from the content: a misleading file name changes nothing."""

import shutil
from pathlib import Path

import pytest

from extractors.metadata import detect_metadata
from extractors.pdf import parse_pdf

ROOT = Path(__file__).resolve().parents[1]
EXPECTED = {
    "data/agreements/hovedstaden-2025-2026-web.pdf": ("hovedstaden", "Rammeaftale 2025-2026", 2025, 2026, "agreement"),
    "data/agreements/hovedstaden-2025-2026-main-web.pdf": ("hovedstaden", "Rammeaftale 2025-2026", 2025, 2026, "agreement"),
    "tests/fixtures/pdf/hovedstaden-2025-2026-word.pdf": ("hovedstaden", "Rammeaftale 2025-2026", 2025, 2026, "agreement"),
    "data/agreements/sjaelland-2021-2022-word.pdf": ("sjaelland", "Rammeaftale 2021-2022", 2021, 2022, "agreement"),
    "data/agreements/nordjylland-das-2024-word.pdf": ("nordjylland", None, 2024, 2024, "meeting_minutes"),
}


@pytest.mark.parametrize("relative", sorted(EXPECTED))
def test_metadata_from_content_under_a_misleading_name(relative, tmp_path):
    misleading = tmp_path / "syddanmark-2019-2020-referat.pdf"
    shutil.copy(ROOT / relative, misleading)
    with parse_pdf(misleading) as doc:
        meta = detect_metadata(doc)
    region, title, start, end, doc_type = EXPECTED[relative]
    assert (meta.region, meta.period_start, meta.period_end, meta.doc_type) == (region, start, end, doc_type)
    if title:
        assert meta.title == title
    else:
        assert "referat" in meta.title and "22.01.2024" in meta.title
