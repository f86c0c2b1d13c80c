"""Page + bbox provenance for clauses found in pypdfium2 text.

The text layer has no positions, so a clause's box is found in the page layout (pdfplumber words):
the first words of the clause are located in the page's word sequence, and the box encloses the words
of the clause from there on (several lines when it wraps). Layout is read only for pages that hold a
clause, once per page (~0.1 s a page).
"""

from __future__ import annotations

import logging
import re

from extractors.pdf import BBox, ParsedDocument, PdfError

log = logging.getLogger(__name__)

_WORD = re.compile(r"[\wæøåÆØÅ§%]+")


def _norm_words(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text)]


class BoxFinder:
    """Locates clause texts on pages; caches one page's flattened word list at a time per page."""

    def __init__(self, doc: ParsedDocument) -> None:
        self.doc = doc
        self._pages: dict[int, tuple[list[str], list[BBox]]] = {}

    def _page(self, page: int) -> tuple[list[str], list[BBox]]:
        if page not in self._pages:
            tokens: list[str] = []
            boxes: list[BBox] = []
            try:
                layout = self.doc.layout(page)
            except PdfError as exc:
                log.warning("%s", exc)
                self._pages[page] = ([], [])
                return self._pages[page]
            for line in layout.lines:
                for word in line.words:
                    for token in _norm_words(word.text):
                        tokens.append(token)
                        boxes.append(word.bbox)
            self._pages[page] = (tokens, boxes)
        return self._pages[page]

    def find(self, page: int, text: str, *, max_words: int = 80) -> BBox | None:
        """The box of `text` on `page`, or None when its opening words are not found there."""
        wanted = _norm_words(text)[:max_words]
        if not wanted:
            return None
        tokens, boxes = self._page(page)
        k = min(4, len(wanted))
        head = wanted[:k]
        for i in range(len(tokens) - k + 1):
            if tokens[i:i + k] == head:
                j, n = i, 0
                matched = []
                while j < len(tokens) and n < len(wanted):
                    if tokens[j] == wanted[n]:
                        matched.append(boxes[j])
                        n += 1
                        j += 1
                    elif n < len(wanted) - 1 and tokens[j] == wanted[n + 1]:
                        n += 1  # a word the text layer has and the layout splits differently
                    else:
                        break
                return BBox.enclosing(matched)
        return None
