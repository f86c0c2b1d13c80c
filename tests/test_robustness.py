"""Real-world odd and broken PDFs (public test suites): each one either extracts or fails with a
`PdfError` that names the file and the problem — never another exception, never a hang."""

import json
from pathlib import Path

import pytest

from extractors.document import extract_document
from extractors.pdf import PdfError

FOLDER = Path(__file__).parent / "fixtures/robustness"
MANIFEST = {entry["file"]: entry for entry in json.loads((FOLDER / "MANIFEST.json").read_text(encoding="utf-8"))}


@pytest.mark.parametrize("name", sorted(MANIFEST))
def test_extracts_or_fails_with_a_readable_error(name):
    entry = MANIFEST[name]
    try:
        extraction = extract_document(FOLDER / name)
    except PdfError as exc:
        message = str(exc)
        assert message.startswith(f"{name}: ") and len(message) > len(name) + 10
        if "encrypted" in entry["traits"] and entry["expected"] == "error":
            assert "encrypted" in message
        return
    assert extraction.pages >= 1 and extraction.sha256 == entry["sha256"]
    if entry["expected"] == "ok" and "no-text-layer" in entry["traits"]:
        assert any("no text layer" in w for w in extraction.warnings)
