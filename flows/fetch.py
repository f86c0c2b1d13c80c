"""Fetching a source's bytes into the content-addressed cache under the data dir.

A source is a local file or an http(s) URL. Its bytes are streamed into a temporary file in the cache
while they are hashed and counted, and only a complete, checked document is renamed into place as
`<cache>/<sha256[:16]>/<file name>`; a fetch that fails leaves nothing behind.

Limits, so that one bad source can neither hang a nightly run nor fill its disk:

- Deadline: an http(s) document gets `deadline_seconds` (default 120 s) in all - connecting,
  redirects, headers and body together, not per read. When it passes, the connections are shut
  down, so a server that drips bytes or stalls mid-body is cut off on time. (A connection attempt
  still under way then ends within its own timeout of the same length; a name lookup, within the
  system resolver's.)
- Size: at most `max_bytes` (default 200 MiB), local files too. A Content-Length above it is
  refused before any of the body is read, and a body without one is stopped as soon as it passes
  the limit; a body is never held in memory.
- Content: the bytes must be a PDF, with `%PDF-` in their first 1024 bytes (where PDF readers look
  for it), so an HTML error page served as application/pdf fails here, plainly, not in extraction.

A failure is a FetchError whose message starts with the file name, says what went wrong and never
shows a password from the URL. Its `retryable` is True only where another try can help (HTTP 5xx
and 429, timeouts, connections that fail or close early), and `retry_after` carries the server's
Retry-After. Given the `etag` / `last_modified` of an earlier fetch, the request is conditional: a
304 Not Modified answer is a `NotModified`, and nothing is downloaded or written.
"""

from __future__ import annotations

import hashlib
import os
import socket
import tempfile
import threading
import time
from contextlib import suppress
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from urllib.parse import urlsplit

import httpx

DEADLINE_SECONDS = 120.0
"""Default total time for one http(s) document: connecting, redirects, headers and body."""

MAX_BYTES = 200 * 2**20
"""Default largest document accepted, in bytes (200 MiB)."""

PDF_MAGIC = b"%PDF-"
"""How a PDF's header starts."""

PDF_HEADER_WINDOW = 1024
"""`PDF_MAGIC` must occur within this many leading bytes, as PDF readers require."""

PREVIEW_CHARS = 20
"""How many characters of a document that is not a PDF its error message quotes."""

READ_CHUNK_BYTES = 2**20
"""Read size when copying a local file into the cache."""


class FetchError(Exception):
    """A source could not be fetched; the message starts with the file name and says why.

    `retryable` is False where trying again cannot help (a missing file, HTTP 4xx other than 429,
    not a PDF, too large). `retry_after` is how many seconds the server asked to wait before the next
    try (its Retry-After on a retryable answer such as 429 or 503), else None.
    """

    def __init__(self, message: str, *, retryable: bool = True, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retryable = retryable
        self.retry_after = retry_after


@dataclass(frozen=True)
class Fetched:
    """A source's bytes, stored in the cache, and the server's validators for a conditional fetch next time."""

    path: Path  # the cached copy: <cache>/<sha256[:16]>/<file name>, so messages keep the real name
    sha256: str
    size_bytes: int
    fetched_at: datetime
    etag: str | None = None
    last_modified: str | None = None


@dataclass(frozen=True)
class NotModified:
    """The server answered 304 Not Modified: the copy fetched before is still current.

    `etag` / `last_modified` are the server's validators if it sent them, else the ones sent to it.
    """

    etag: str | None
    last_modified: str | None
    fetched_at: datetime


def fetch(location: str, file_name: str, cache_dir: Path, *, etag: str | None = None,
          last_modified: str | None = None, deadline_seconds: float = DEADLINE_SECONDS,
          max_bytes: int = MAX_BYTES) -> Fetched | NotModified:
    """Read a local file or GET an http(s) URL, and store the bytes in the cache as `file_name`.

    `file_name` must be a plain name (no folder, not "." or ".."), so nothing is ever written outside
    the cache. `etag` / `last_modified` (from an earlier Fetched) make an http(s) request conditional;
    a local file is always read. Raises FetchError (see the module docstring for the limits).
    """
    if file_name in ("", ".", "..") or any(c in file_name for c in "/\\\0"):
        raise FetchError(f"{file_name}: not a plain file name, so it cannot name a file in the cache",
                         retryable=False)
    if location.startswith(("http://", "https://")):
        return _fetch_url(location, file_name, cache_dir, etag, last_modified, deadline_seconds, max_bytes)
    return _fetch_file(location, file_name, cache_dir, max_bytes)


def _fetch_file(path: str, file_name: str, cache_dir: Path, max_bytes: int) -> Fetched:
    """Copy a local file into the cache; a file that cannot be opened is not worth retrying."""
    subject = f"{file_name}: cannot read {path}"
    try:
        source = open(path, "rb")  # closed by the with below
    except OSError as exc:
        raise FetchError(f"{subject}: {exc.strerror or exc}", retryable=False) from exc
    with source, _Part(cache_dir, file_name, subject, max_bytes) as part:
        for chunk in iter(lambda: source.read(READ_CHUNK_BYTES), b""):
            part.write(chunk)
        return part.keep()


def _fetch_url(url: str, file_name: str, cache_dir: Path, etag: str | None, last_modified: str | None,
               deadline_seconds: float, max_bytes: int) -> Fetched | NotModified:
    """GET `url` within the deadline and stream its body into the cache (see the module docstring)."""
    subject = f"{file_name}: cannot fetch {_without_userinfo(url)}"
    late = f"{subject}: not done within the {deadline_seconds:g} s deadline"
    # identity: the Content-Length is then the document's own size, and no compressed body can swell
    headers = {"Accept-Encoding": "identity", "If-None-Match": etag, "If-Modified-Since": last_modified}
    watchdog, response = _Watchdog(deadline_seconds), None
    try:
        with watchdog, httpx.Client(timeout=deadline_seconds, follow_redirects=True) as client, \
                client.stream("GET", url, headers={k: v for k, v in headers.items() if v},
                              extensions={"trace": watchdog.trace}) as response:
            if response.status_code == 304:
                return NotModified(response.headers.get("etag", etag),
                                   response.headers.get("last-modified", last_modified), _now())
            _check_answer(response, subject, max_bytes)
            with _Part(cache_dir, file_name, subject, max_bytes) as part:
                for chunk in response.iter_bytes():
                    if watchdog.expired:
                        raise FetchError(late)
                    part.write(chunk)
                return part.keep(response.headers.get("etag"), response.headers.get("last-modified"))
    except httpx.TimeoutException as exc:
        raise FetchError(late) from exc
    except (httpx.NetworkError, httpx.RemoteProtocolError, httpx.ProxyError) as exc:
        if watchdog.expired:  # it shut the connection down
            raise FetchError(late) from exc
        if response is None:
            raise FetchError(f"{subject}: the server could not be reached ({exc})") from exc
        raise FetchError(f"{subject}: the connection closed early, {_received(response)}") from exc
    except (httpx.HTTPError, httpx.InvalidURL) as exc:  # a bad URL or redirect: another try fails alike
        raise FetchError(f"{subject}: {type(exc).__name__}: {exc}", retryable=False) from exc


def _check_answer(response: httpx.Response, subject: str, max_bytes: int) -> None:
    """Refuse an HTTP error status, or a Content-Length above `max_bytes`, before reading the body."""
    status = response.status_code
    if not response.is_success:
        retryable = status >= 500 or status == 429
        retry_after = _retry_after(response.headers.get("retry-after")) if retryable else None
        wait = f" (retry after {retry_after:g} s)" if retry_after is not None else ""
        raise FetchError(f"{subject}: HTTP {status} {response.reason_phrase}{wait}", retryable=retryable,
                         retry_after=retry_after)
    length = response.headers.get("content-length", "")
    if length.isdigit() and int(length) > max_bytes:
        raise FetchError(f"{subject}: it is larger than the limit of {_size(max_bytes)} "
                         f"(Content-Length {_size(int(length))})", retryable=False)


def _received(response: httpx.Response) -> str:
    """How much of a body arrived, and of how much if the server said."""
    length = response.headers.get("content-length", "")
    return f"after {response.num_bytes_downloaded:,} {f'of {int(length):,} ' if length.isdigit() else ''}bytes"


def _retry_after(value: str | None) -> float | None:
    """Seconds from a Retry-After header (a number of seconds or an HTTP date); None if absent or unreadable."""
    if value is None:
        return None
    if value.strip().isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, (when.replace(tzinfo=when.tzinfo or UTC) - _now()).total_seconds())


class _Part:
    """A document's bytes on their way into the cache: a temporary file in the cache dir, hashed and
    counted as they arrive, renamed into place by `keep` and removed otherwise."""

    def __init__(self, cache_dir: Path, file_name: str, subject: str, max_bytes: int) -> None:
        cache_dir.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=cache_dir, prefix=".part-")
        self._file, self._tmp = os.fdopen(fd, "wb"), Path(tmp)
        self._hash, self._head, self._size = hashlib.sha256(), b"", 0
        self._file_name, self._subject, self._max_bytes = file_name, subject, max_bytes

    def __enter__(self) -> _Part:
        return self

    def __exit__(self, *exc_info) -> None:
        self._file.close()
        self._tmp.unlink(missing_ok=True)

    def write(self, chunk: bytes) -> None:
        """Add the next bytes; more than `max_bytes` in all is a FetchError before they are written."""
        self._size += len(chunk)
        if self._size > self._max_bytes:
            raise FetchError(f"{self._subject}: it is larger than the limit of {_size(self._max_bytes)}",
                             retryable=False)
        self._head += chunk[:PDF_HEADER_WINDOW - len(self._head)]
        self._hash.update(chunk)
        self._file.write(chunk)

    def keep(self, etag: str | None = None, last_modified: str | None = None) -> Fetched:
        """Check the bytes are a PDF and move them to <cache>/<sha256[:16]>/<file name> (kept if there)."""
        if PDF_MAGIC not in self._head:
            raise FetchError(f"{self._subject}: it is not a PDF ({_how_it_starts(self._head)})", retryable=False)
        sha256 = self._hash.hexdigest()
        path = self._tmp.parent / sha256[:16] / self._file_name
        if not path.exists():
            self._file.flush()
            os.fsync(self._file.fileno())  # on disk before it has its name, even across a power cut
            self._file.close()
            path.parent.mkdir(exist_ok=True)
            os.replace(self._tmp, path)
        return Fetched(path, sha256, self._size, _now(), etag, last_modified)


class _Watchdog:
    """Shuts down every connection of a request once `seconds` have passed, so that the deadline holds
    even for a read that stalls or headers that drip (httpx's own timeouts count per read).

    It learns the connections from httpcore's `trace` request extension, which reports each TCP
    connection and TLS session as it is opened.
    """

    def __init__(self, seconds: float) -> None:
        self._deadline = time.monotonic() + seconds
        self._fired = False
        self._streams: list = []
        self._timer = threading.Timer(seconds, self._cut)
        self._timer.daemon = True

    def __enter__(self) -> _Watchdog:
        self._timer.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self._timer.cancel()

    @property
    def expired(self) -> bool:
        """Whether the deadline has passed."""
        return self._fired or time.monotonic() > self._deadline

    def trace(self, event: str, info: dict) -> None:
        """The `trace` extension's callback: note each connection opened."""
        if event.endswith((".connect_tcp.complete", ".start_tls.complete")):
            self._streams.append(info["return_value"])

    def _cut(self) -> None:
        """The timer's action at the deadline."""
        self._fired = True
        # socket.socket.shutdown also on a TLS socket: it wakes a blocked read without touching the TLS
        # state; a socket since closed, or handed over to TLS, raises OSError and needs no cutting
        for stream in self._streams:
            with suppress(OSError):
                socket.socket.shutdown(stream.get_extra_info("socket"), socket.SHUT_RDWR)


def _how_it_starts(head: bytes) -> str:
    """The start of bytes that are not a PDF, quoted for a message ("starts with '<!DOCTYPE html…'")."""
    text = head.lstrip().decode("utf-8", "replace")
    if not text:
        return "it is empty" if not head else "it starts with nothing but whitespace"
    return f"starts with {text[:PREVIEW_CHARS] + ('…' if len(text) > PREVIEW_CHARS else '')!r}"


def _size(n: int) -> str:
    """A byte count for a message: "200 MiB", "10,000 bytes"."""
    return f"{round(n / 2**20, 1):g} MiB" if n >= 2**20 else f"{n:,} bytes"


def _without_userinfo(url: str) -> str:
    """`url` without a user name and password, fit for a message or a log."""
    parts = urlsplit(url)
    return parts._replace(netloc=parts.netloc.rpartition("@")[2]).geturl()


def _now() -> datetime:
    """The current time, in UTC."""
    return datetime.now(UTC)
