"""Tesseract over pages, in worker processes: one page image at a time per worker.

Each worker opens the PDF itself, renders one page at `DPI`, cleans it (`cleanup.clean_page`) and
returns Tesseract's words with their confidence and box in PDF points (top-left origin). The page
images never leave the worker, so memory stays at one page image per worker however long the
document. Workers are spawned, not forked: Tesseract's OpenMP threads do not survive a fork, and
each worker runs Tesseract single-threaded (`OMP_THREAD_LIMIT=1`) since the pages themselves are
the parallelism.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)

DPI = 300  # Tesseract reads body text best at 20-30 px cap height: 10 pt type at 300 dpi
LANGUAGE = "dan"
TESSDATA_DIRS = ("/usr/share/tesseract-ocr/5/tessdata", "/usr/share/tesseract-ocr/4.00/tessdata",
                 "/usr/share/tessdata", "/usr/local/share/tessdata")


class OcrUnavailable(Exception):
    """Tesseract, its Python binding or its Danish data is not installed."""


@dataclass(frozen=True)
class RawWord:
    text: str
    confidence: float  # Tesseract's 0-100
    box: tuple[float, float, float, float]  # x0, top, x1, bottom in PDF points
    line: int  # Tesseract's text line the word is on, numbered through the page
    line_box: tuple[float, float, float, float]  # that line's box


@dataclass(frozen=True)
class RawPage:
    number: int  # 1-based
    width: float
    height: float
    skew: float  # degrees the scan was turned to straighten it; boxes are of the straightened page
    words: tuple[RawWord, ...]
    seconds: float


def tessdata_dir() -> str:
    """Where Tesseract's Danish model is: $TESSDATA_PREFIX, else Debian's and the usual places.
    (The tesserocr wheel bundles its own libtesseract, whose built-in path is not Debian's.)"""
    candidates = [os.environ["TESSDATA_PREFIX"]] if os.environ.get("TESSDATA_PREFIX") else list(TESSDATA_DIRS)
    for folder in candidates:
        if (Path(folder) / f"{LANGUAGE}.traineddata").is_file():
            return folder
    raise OcrUnavailable(f"no {LANGUAGE}.traineddata in {', '.join(candidates)} "
                         "(install tesseract-ocr-dan or set TESSDATA_PREFIX)")


def check_available() -> str:
    """The tessdata folder, once the binding and the Danish data are known to be there."""
    try:
        import tesserocr  # noqa: F401
    except ImportError as exc:
        raise OcrUnavailable(f"the tesserocr package is not installed ({exc})") from exc
    return tessdata_dir()


def read_pages(path: Path, pages: list[int], workers: int | None = None) -> Iterator[RawPage]:
    """OCR the given 1-based pages of a PDF, up to `workers` (default: the machine's cores) at once;
    yields pages as they finish, logging each."""
    tessdata = check_available()
    workers = max(1, min(len(pages), workers or os.cpu_count() or 1))
    started = time.perf_counter()
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(workers, mp_context=context, initializer=_start_worker,
                             initargs=(str(path), tessdata)) as pool:
        futures = [pool.submit(_read_page, number) for number in pages]
        for done, future in enumerate(as_completed(futures), start=1):
            page = future.result()
            log.info("%s: OCR page %d (%d of %d) in %.1f s, %d words, skew %.1f°", path.name, page.number, done,
                     len(pages), page.seconds, len(page.words), page.skew)
            yield page
    log.info("%s: OCR of %d pages on %d workers took %.1f s", path.name, len(pages), workers,
             time.perf_counter() - started)


# --- inside a worker process ---------------------------------------------------------------------

_worker: dict = {}


def _start_worker(path: str, tessdata: str) -> None:
    os.environ["OMP_THREAD_LIMIT"] = "1"  # before libtesseract loads: one core per worker
    import pypdfium2 as pdfium
    from tesserocr import PSM, PyTessBaseAPI

    _worker["pdf"] = pdfium.PdfDocument(path)
    _worker["api"] = PyTessBaseAPI(path=tessdata, lang=LANGUAGE, psm=PSM.AUTO,
                                   variables={"user_defined_dpi": str(DPI)})


def _read_page(number: int) -> RawPage:
    from tesserocr import RIL, iterate_level

    from extractors.ocr.cleanup import clean_page

    started = time.perf_counter()
    page = _worker["pdf"][number - 1]
    try:
        width, height = page.get_size()
        image = page.render(scale=DPI / 72, grayscale=True).to_pil().convert("L")
    finally:
        page.close()
    image, skew = clean_page(image)
    api = _worker["api"]
    api.SetImage(image)
    api.Recognize()
    del image
    points = 72 / DPI
    words, line, line_box = [], -1, None
    for item in iterate_level(api.GetIterator(), RIL.WORD):
        if item.IsAtBeginningOf(RIL.TEXTLINE):
            line, line_box = line + 1, tuple(v * points for v in item.BoundingBox(RIL.TEXTLINE) or (0, 0, 0, 0))
        text, box = _word_text(item, RIL.WORD), item.BoundingBox(RIL.WORD)
        if text and box:
            words.append(RawWord(text, float(item.Confidence(RIL.WORD)), tuple(v * points for v in box), line, line_box))
    api.Clear()
    return RawPage(number, width, height, skew, tuple(words), time.perf_counter() - started)


def _word_text(item, level) -> str:
    """A word's text; tesserocr raises instead of returning "" for a blob it recognised as nothing."""
    try:
        return (item.GetUTF8Text(level) or "").strip()
    except RuntimeError:
        return ""
