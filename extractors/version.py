"""The extractor version: part of the key that decides whether a document must be processed again.

It is a hash of everything that shapes the records of a document: the extractors' own code and
pattern files, the transform step that normalises them, the domain core they are written in
(`models/*.py`: records, vocabulary, regions), and the versions of the PDF and NLP libraries. The
store (`models/store/`, `warehouse/`) only writes and reads records, so it is not part of the key.
Any change re-processes documents loaded by an older version, with no version number to forget to bump.
"""

from __future__ import annotations

import hashlib
from functools import cache
from importlib.metadata import version
from pathlib import Path

_ROOT = Path(__file__).resolve().parents[1]
_CODE = ("extractors/**/*", "transform/**/*", "models/*.py")
_LIBRARIES = ("pdfplumber", "pdfminer.six", "pypdfium2", "spacy")
_SUFFIXES = {".py", ".json", ".jsonl", ".yaml", ".yml"}


@cache
def extractor_version() -> str:
    digest = hashlib.sha256()
    files = sorted({p for pattern in _CODE for p in _ROOT.glob(pattern)
                    if p.suffix in _SUFFIXES and "__pycache__" not in p.parts})
    for path in files:
        digest.update(path.relative_to(_ROOT).as_posix().encode())
        digest.update(path.read_bytes())
    for library in _LIBRARIES:
        digest.update(f"{library}=={version(library)}".encode())
    return digest.hexdigest()[:16]
