"""Print extraction speed and memory figures for PDFs (default: the bundled agreements).

    .venv/bin/python scripts/benchmark.py [FILE.pdf ...]
    .venv/bin/python scripts/benchmark.py --large 20   # also one PDF of the web agreement × 20 (1,020 pages)
    .venv/bin/python scripts/benchmark.py --scan       # also a 200 dpi image-only scan of the web agreement (OCR)

Each file is extracted in a fresh subprocess so its peak RSS is its own. Figures are printed,
never asserted: speed targets are judged by reading them, not by timed tests.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image

ROOT = Path(__file__).resolve().parents[1]

_MEASURE = """
import json, resource, sys, time
t0 = time.perf_counter()
from extractors.document import extract_parsed
from extractors.pdf import parse_pdf
t1 = time.perf_counter()
with parse_pdf(sys.argv[1]) as doc:
    extraction = extract_parsed(doc)
    ocr_pages = len(doc.ocr_pages)
t2 = time.perf_counter()
peak = max(resource.getrusage(who).ru_maxrss for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
print(json.dumps({
    "pages": extraction.pages,
    "ocr_pages": ocr_pages,
    "offers": len(extraction.offers),
    "clauses": len(extraction.clauses),
    "import_s": round(t1 - t0, 2),
    "extract_s": round(t2 - t1, 2),
    "peak_rss_mb": round(peak / 1024, 1),  # the largest single process: the main one or an OCR worker
}))
"""


def measure(path: Path) -> dict:
    out = subprocess.run([sys.executable, "-c", _MEASURE, str(path)], capture_output=True, text=True,
                         cwd=ROOT, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def build_large(copies: int, folder: Path) -> Path:
    """One PDF holding the web agreement `copies` times: a stand-in for a very large document."""
    source = pdfium.PdfDocument(ROOT / "data/agreements/hovedstaden-2025-2026-web.pdf")
    large = pdfium.PdfDocument.new()
    for _ in range(copies):
        large.import_pages(source)
    path = folder / f"hovedstaden-web-x{copies}.pdf"
    large.save(path)
    return path


def build_scan(folder: Path, dpi: int = 200) -> Path:
    """The web agreement as a scanner returns it: one greyscale image per page, no text layer."""
    source = pdfium.PdfDocument(ROOT / "data/agreements/hovedstaden-2025-2026-web.pdf")
    pages: list[Image.Image] = [page.render(scale=dpi / 72, grayscale=True).to_pil().convert("L") for page in source]
    path = folder / "hovedstaden-2025-2026-web-scan.pdf"
    pages[0].save(path, save_all=True, append_images=pages[1:], resolution=dpi)
    return path


def main(argv: list[str]) -> None:
    copies = int(argv[argv.index("--large") + 1]) if "--large" in argv else 0
    scan = "--scan" in argv
    argv = [a for i, a in enumerate(argv) if a not in ("--large", "--scan") and (i == 0 or argv[i - 1] != "--large")]
    files = [Path(a) for a in argv] or sorted((ROOT / "data/agreements").glob("*.pdf"))
    if copies:
        files.append(build_large(copies, Path(tempfile.mkdtemp(prefix="ramme-bench-"))))
    if scan:
        files.append(build_scan(Path(tempfile.mkdtemp(prefix="ramme-bench-"))))
    print(f"{'file':45} {'pages':>5} {'OCR':>4} {'offers':>6} {'clauses':>7} {'extract s':>9} {'pages/s':>8} "
          f"{'peak MB':>8}")
    for path in files:
        m = measure(path)
        rate = m["pages"] / m["extract_s"] if m["extract_s"] else float("inf")
        print(f"{path.name:45} {m['pages']:>5} {m['ocr_pages']:>4} {m['offers']:>6} {m['clauses']:>7} "
              f"{m['extract_s']:>9.2f} {rate:>8.1f} {m['peak_rss_mb']:>8.1f}")


if __name__ == "__main__":
    main(sys.argv[1:])
