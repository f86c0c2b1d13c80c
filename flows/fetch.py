"""Fetching a source's bytes into the content-addressed cache under the data dir."""

from __future__ import annotations

import hashlib
import os
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import httpx

from models.store import utc_now

HTTP_TIMEOUT_SECONDS = 60.0


class FetchError(Exception):
    """A source could not be fetched; the message names the file and why.

    `retryable` is False where trying again cannot help (a missing file, HTTP 4xx).
    """

    def __init__(self, message: str, *, retryable: bool = True) -> None:
        super().__init__(message)
        self.retryable = retryable


@dataclass(frozen=True)
class Fetched:
    path: Path  # the cached copy: <cache>/<sha256[:16]>/<file name>, so messages keep the real name
    sha256: str
    size_bytes: int
    fetched_at: datetime
    etag: str | None = None
    last_modified: str | None = None


def fetch(location: str, file_name: str, cache_dir: Path) -> Fetched:
    """Read a local file or GET an http(s) URL, and store the bytes in the cache as `file_name`.

    `file_name` must be a plain name (no folder, not "." or ".."): a FetchError that is not retried
    otherwise, so nothing is ever written outside the cache.
    """
    if file_name in ("", ".", "..") or any(c in file_name for c in "/\\\0"):
        raise FetchError(f"cache file name {file_name!r} is not a plain file name", retryable=False)
    etag = last_modified = None
    if location.startswith(("http://", "https://")):
        try:
            response = httpx.get(location, follow_redirects=True, timeout=HTTP_TIMEOUT_SECONDS)
            response.raise_for_status()
        except httpx.HTTPStatusError as exc:
            status = exc.response.status_code
            raise FetchError(f"{file_name}: cannot fetch {location}: HTTP {status} "
                             f"{exc.response.reason_phrase}", retryable=status >= 500 or status == 429) from exc
        except httpx.HTTPError as exc:
            raise FetchError(f"{file_name}: cannot fetch {location}: {type(exc).__name__}: {exc}") from exc
        data = response.content
        etag, last_modified = response.headers.get("etag"), response.headers.get("last-modified")
    else:
        try:
            data = Path(location).read_bytes()
        except OSError as exc:
            raise FetchError(f"{file_name}: cannot read {location}: {exc.strerror or exc}",
                             retryable=False) from exc
    sha256 = hashlib.sha256(data).hexdigest()
    path = cache_dir / sha256[:16] / file_name
    if not path.exists():
        _write_atomically(path, data)
    return Fetched(path, sha256, len(data), utc_now(), etag, last_modified)


def _write_atomically(path: Path, data: bytes) -> None:
    """Write via a temporary file and rename, so a crash never leaves a half-written cache entry."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".part-")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
