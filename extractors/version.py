"""The extractor version: part of the key that decides whether a document must be processed again.

It is a hash of everything that shapes what is extracted and loaded from a document: the extractors'
own code and pattern files, the domain vocabulary and region tables they and the load step map
values onto, and the versions of the PDF and NLP libraries. Any change re-processes documents loaded
by an older version, with no version number to forget to bump.
"""

from __future__ import annotations

import hashlib
from functools import cache
from importlib.metadata import version
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
_MODELS = _PACKAGE.parent / "models"
_VOCABULARY_FILES = ("vocabulary.py", "regions.py")
_LIBRARIES = ("pdfplumber", "pdfminer.six", "pypdfium2", "spacy")
_SUFFIXES = {".py", ".json", ".jsonl", ".yaml", ".yml"}


@cache
def extractor_version() -> str:
    digest = hashlib.sha256()
    files = sorted(p for p in _PACKAGE.rglob("*") if p.suffix in _SUFFIXES and "__pycache__" not in p.parts)
    files += [_MODELS / name for name in _VOCABULARY_FILES]
    for path in files:
        digest.update(path.relative_to(_PACKAGE.parent).as_posix().encode())
        digest.update(path.read_bytes())
    for library in _LIBRARIES:
        digest.update(f"{library}=={version(library)}".encode())
    return digest.hexdigest()[:16]
