"""OCR for pages without a usable text layer: scans, and scans under an invisible layer of garbage.

`selection` decides which pages need it (cheap, pure), `engine` renders, cleans (`cleanup`) and
reads them with Tesseract's Danish model in worker processes, `repair` fixes what OCR confuses in
this domain and marks what it cannot vouch for. `pdf.parse_pdf` imports these only when a page
needs OCR, so a born-digital document never loads Tesseract.
"""
