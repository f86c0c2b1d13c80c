"""The extractor version: part of the key that decides whether a document must be processed again.

It is the hash of the extractors' own code and pattern files, so any change to how documents are
read re-processes documents loaded by an older version, with no version number to forget to bump.
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
_SUFFIXES = {".py", ".json", ".jsonl", ".yaml", ".yml"}


@cache
def extractor_version() -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in _PACKAGE.rglob("*") if p.suffix in _SUFFIXES and "__pycache__" not in p.parts):
        digest.update(path.relative_to(_PACKAGE).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]
