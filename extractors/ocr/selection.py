"""Which pages need OCR: those whose text layer is missing or garbage, and that hold a scanned image.

Pure and cheap (no rendering): it runs on every page of every document.
"""

from __future__ import annotations

import re

SCAN_IMAGE_SHARE = 0.5  # a scanned page is one image covering (most of) the page
MIN_WORDS = 10  # fewer words over a page-sized image: a stamp or page number added to a scan
MIN_PLAUSIBLE_SHARE = 0.6  # below this share of word-like tokens, a text layer is garbage

_WORD = re.compile(r"^[A-Za-zÆØÅæøåÉéÜüÖöÄä]+(-[A-Za-zÆØÅæøåÉéÜüÖöÄä]*)*$")
_NUMBER = re.compile(r"^[§-]?\d+([.,:/-]\d+)*[%.]?$")
_VOWEL = re.compile(r"[aeiouyæøåéüöä]", re.IGNORECASE)
_EDGE_PUNCTUATION = "()[]\"'«»“”‘’.,;:!?•–-"


def plausible_token(token: str) -> bool:
    """A token a Danish text could print: a word with a vowel (or a short abbreviation), a number,
    a date or a paragraph reference. A scanner's failed OCR layer is mostly other things: "lI1l",
    "ƒ¥%&", "Wrnrn3" — letters mixed with digits and symbols."""
    core = token.strip(_EDGE_PUNCTUATION)
    if not core:
        return token in {"•", "-", "–", "§"}
    if _NUMBER.match(core) or core in {"§", "§§", "%"}:
        return True
    if not _WORD.match(core):
        return False
    return bool(_VOWEL.search(core)) or len(core) <= 4  # "BL", "SEL", "KKR", "kr"


def usable_text_layer(text: str) -> bool:
    """Enough words, and mostly plausible ones."""
    tokens = text.split()
    if len(tokens) < MIN_WORDS:
        return False
    return sum(plausible_token(t) for t in tokens) / len(tokens) >= MIN_PLAUSIBLE_SHARE


def needs_ocr(text: str, image_share: float) -> bool:
    """A page is read by OCR when a scanned image covers it and its text layer is not usable; a page
    with a good text layer keeps it (even under an image), and a page with neither is blank."""
    return image_share >= SCAN_IMAGE_SHARE and not usable_text_layer(text)
