"""sources.yaml: the documents to process, per region, as typed `Source` objects, and where each
region publishes its agreements.

    publishers:                        # optional: every region's publisher page
      syddanmark: https://socialsekretariatet.dk/
    sources:
      - region: hovedstaden            # one of the five region codes
        url: data/agreements/x.pdf     # path relative to sources.yaml, file:// or http(s)://
        kind: agreement                # agreement | minutes

A region with a publisher but no document is reported as "no source" by a run, never skipped silently.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path
from urllib.parse import unquote, urlparse

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from models.enums import SourceKind
from models.regions import REGION_CODES


class SourcesFileError(ValueError):
    """sources.yaml is missing or malformed; the message names the file and the offending entry."""


class Source(BaseModel):
    """One document to fetch. `url` is kept as written; `location` is what to fetch (absolute path or URL)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    region: str
    url: str
    kind: SourceKind
    location: str = ""

    @field_validator("region")
    @classmethod
    def _known_region(cls, value: str) -> str:
        if value not in REGION_CODES:
            raise ValueError(f"unknown region {value!r}; use one of {', '.join(REGION_CODES)}")
        return value

    @field_validator("url")
    @classmethod
    def _non_empty(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("url is empty")
        return value.strip()

    @property
    def is_http(self) -> bool:
        return urlparse(self.location or self.url).scheme in ("http", "https")

    @property
    def file_name(self) -> str:
        """The last path segment, decoded, for messages and the cache ("hovedstaden-2025-2026-web.pdf").

        A URL is split after decoding, so an encoded "..%2F" cannot reach a parent folder; a local
        path keeps "#", "?" and "%" as they are. "document.pdf" when there is no usable name (none,
        "." or "..", or a control character such as an encoded NUL).
        """
        target = self.location or self.url
        parsed = urlparse(target)
        path = unquote(parsed.path) if parsed.scheme in ("http", "https", "file") else target
        name = path.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1]
        if name in ("", ".", "..") or any(unicodedata.category(c) == "Cc" for c in name):
            return "document.pdf"
        return name


def resolve_location(url: str, base_dir: Path) -> str:
    """An absolute path for a relative path or file:// URL (relative to `base_dir`); http(s) URLs as is."""
    parsed = urlparse(url)
    if parsed.scheme in ("http", "https"):
        return url
    if parsed.scheme == "file":
        path = Path(unquote(parsed.path))
    elif parsed.scheme == "" or len(parsed.scheme) == 1:  # plain path (or a Windows drive letter)
        path = Path(url)
    else:
        raise ValueError(f"unsupported URL scheme {parsed.scheme!r} (use a path, file:// or http(s)://)")
    return str(path if path.is_absolute() else (base_dir / path).resolve())


def load_sources(path: Path | str) -> list[Source]:
    """The documents a sources file lists; a `SourcesFileError` with a readable message."""
    return load_sources_file(path)[0]


def load_sources_file(path: Path | str) -> tuple[list[Source], dict[str, str]]:
    """(documents, publisher page per region) of a sources file; a `SourcesFileError` with a readable
    message. A file may list no document when it names publishers (regions that publish none yet)."""
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SourcesFileError(f"{path}: sources file not found") from None
    except OSError as exc:
        raise SourcesFileError(f"{path}: cannot read sources file: {exc.strerror or exc}") from None
    except yaml.YAMLError as exc:
        where = getattr(exc, "problem_mark", None)
        line = f" (line {where.line + 1})" if where is not None else ""
        raise SourcesFileError(f"{path}: not valid YAML{line}: {getattr(exc, 'problem', None) or exc}") from None
    if not isinstance(data, dict) or not isinstance(data.get("sources"), list):
        raise SourcesFileError(f"{path}: expected a top-level 'sources:' list")
    sources = []
    for index, entry in enumerate(data["sources"]):
        where = f"{path}: sources[{index}]"
        if not isinstance(entry, dict):
            raise SourcesFileError(f"{where}: expected a mapping with region, url and kind")
        try:
            source = Source(**entry)
            source = source.model_copy(update={"location": resolve_location(source.url, path.parent.absolute())})
        except ValidationError as exc:
            problems = "; ".join(f"{'.'.join(map(str, e['loc'])) or 'entry'}: {e['msg']}" for e in exc.errors())
            raise SourcesFileError(f"{where}: {problems}") from None
        except ValueError as exc:
            raise SourcesFileError(f"{where}: {exc}") from None
        sources.append(source)
    publishers = data.get("publishers") or {}
    if not isinstance(publishers, dict) or not all(isinstance(u, str) for u in publishers.values()):
        raise SourcesFileError(f"{path}: 'publishers:' must map region codes to page URLs")
    unknown = sorted(set(publishers) - set(REGION_CODES))
    if unknown:
        raise SourcesFileError(f"{path}: publishers: unknown region {unknown[0]!r}; use one of "
                               f"{', '.join(REGION_CODES)}")
    if not sources and not publishers:
        raise SourcesFileError(f"{path}: the 'sources:' list is empty")
    return sources, publishers
