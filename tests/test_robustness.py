"""Real-world odd and broken PDFs (public test suites): each one either extracts or fails with a
`PdfError` that names the file and the problem — never another exception, never a hang.

The manifest says what pdfplumber alone gave for each file. ramme reads text with pdfium first and
falls back to pdfplumber's parser, so a few outcomes differ on purpose; those are listed here with
the reason, and any other difference from the manifest fails.
"""

import json
import signal
from pathlib import Path

import pytest

from extractors.document import extract_document
from extractors.pdf import PdfError, parse_pdf

FOLDER = Path(__file__).parent / "fixtures/robustness"
MANIFEST = {entry["file"]: entry for entry in json.loads((FOLDER / "MANIFEST.json").read_text(encoding="utf-8"))}
SECONDS_PER_FILE = 60
DIFFERS_FROM_PDFPLUMBER = {
    "pdfjs_encrypted-attachment.pdf": ("ok", "owner password only: pdfium opens it, pdfminer does not"),
    "qpdf_append-xref-loop.pdf": ("ok", "pdfium resolves the xref loop that sends pdfminer into recursion"),
    "qpdf_issue-449.pdf": ("ok", "pdfium opens it; it holds no text, which is reported as a warning"),
    "pdfjs_operator_list_cycle.pdf": ("ok", "pdfium opens it; no text, reported as a warning"),
    "pdfjs_PDFBOX-3148-2-fuzzed.pdf": ("ok", "pdfium skips the bad stream filter; no text, reported"),
    "pypdf_r5-user-password.pdf": ("error", "needs a user password, which pdfium does not guess"),
    "qpdf_empty.pdf": ("error", "a PDF with no pages has nothing to extract: reported as an error"),
}


def _timeout(signum, frame):
    raise TimeoutError(f"extraction took longer than {SECONDS_PER_FILE} s")


@pytest.mark.parametrize("name", sorted(MANIFEST))
def test_extracts_or_fails_with_a_readable_error(name):
    entry = MANIFEST[name]
    expected = DIFFERS_FROM_PDFPLUMBER.get(name, (entry["expected"], ""))[0]
    previous = signal.signal(signal.SIGALRM, _timeout)
    signal.alarm(SECONDS_PER_FILE)
    try:
        extraction = extract_document(FOLDER / name)
    except PdfError as exc:
        message = str(exc)
        assert expected == "error", message
        assert message.startswith(f"{name}: ") and len(message) > len(name) + 10
        if "user-password" in entry["traits"]:
            assert "encrypted" in message
        return
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    assert expected == "ok"
    assert extraction.pages >= 1 and extraction.sha256 == entry["sha256"]
    if "no-text-layer" in entry["traits"]:
        assert any("no text layer" in warning for warning in extraction.warnings)


def test_a_closed_document_is_not_reopened():
    """After close, layout and locate raise instead of silently reopening the file."""
    with parse_pdf(Path(__file__).parents[1] / "data/agreements/hovedstaden-2025-2026-main-web.pdf") as doc:
        assert doc.layout(1).words and doc.locate(1, "Rammeaftale") is not None
    for read in (lambda: doc.layout(1), lambda: doc.locate(1, "Rammeaftale")):
        with pytest.raises(ValueError, match="closed"):
            read()
    assert doc._plumber is None
