"""flows.fetch against a real HTTP(S) server on 127.0.0.1: the cache, conditional requests, and the
limits a nightly run relies on (deadline, size, PDF check) with their retry classification."""

from __future__ import annotations

import datetime as dt
import hashlib
import ipaddress
import pickle
import socket
import ssl
import threading
import time
import traceback
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from flows.fetch import FetchError, Fetched, NotModified, fetch

PDF = b"%PDF-1.7\n" + b"1 0 obj << >> endobj\n" * 200 + b"%%EOF\n"
DEADLINE = 1.5  # seconds, for the slow servers
SLACK = 3.0  # seconds a fetch may run past its deadline before the test calls it hung
LIMIT = 10_000  # bytes, for the large bodies
HTML = b"\n  <!DOCTYPE html><html><body>Siden findes ikke</body></html>"


class _Handler(BaseHTTPRequestHandler):
    """Answers GET with the route registered for the path; records each request's headers."""

    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        self.server.seen.append((self.path, self.headers))
        self.close_connection = True
        try:
            self.server.routes[self.path](self)
        except OSError:  # the client hung up, as it should on a slow or oversized body
            pass

    def log_message(self, *args) -> None:
        pass


class Server:
    """A ThreadingHTTPServer in a thread; `route` registers what a path answers."""

    def __init__(self, context: ssl.SSLContext | None = None) -> None:
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self.httpd.daemon_threads = False  # server_close joins the handler threads
        if context:
            self.httpd.socket = context.wrap_socket(self.httpd.socket, server_side=True)
        self.httpd.routes, self.httpd.seen = {}, []
        self.stop = threading.Event()  # set at teardown: slow handlers end at once
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05})
        self.thread.start()
        scheme = "https" if context else "http"
        self.base = f"{scheme}://127.0.0.1:{self.httpd.server_address[1]}"

    def route(self, path: str, handler=None, **answer) -> str:
        """Answer `path` with `handler(request)`, or with `answer(request, **answer)`; returns its URL."""
        self.httpd.routes[path] = handler or (lambda request: answer_with(request, **answer))
        return self.base + path

    def headers(self, path: str):
        return [headers for seen, headers in self.httpd.seen if seen == path]

    def close(self) -> None:
        self.stop.set()
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join()


def answer_with(request, status: int = 200, body: bytes = PDF, headers: dict | None = None,
                length: int | None = None) -> None:
    """A whole answer; `length` declares another Content-Length than the body's."""
    request.send_response(status)
    for name, value in {"Content-Type": "application/pdf", **(headers or {})}.items():
        request.send_header(name, value)
    request.send_header("Content-Length", str(len(body) if length is None else length))
    request.send_header("Connection", "close")  # the handler closes it: a client must not reuse it
    request.end_headers()
    request.wfile.write(body)


@pytest.fixture
def server():
    server = Server()
    yield server
    server.close()


def files_in(cache) -> list[str]:
    return sorted(str(p.relative_to(cache)) for p in cache.rglob("*") if p.is_file()) if cache.exists() else []


def fail(url: str, file_name: str, cache, **kwargs) -> FetchError:
    with pytest.raises(FetchError) as raised:
        fetch(url, file_name, cache, **kwargs)
    assert str(raised.value).startswith(f"{file_name}: ")
    return raised.value


# --- a document arrives --------------------------------------------------------------------------

def test_a_pdf_is_cached_under_its_sha256_with_its_validators(server, tmp_path):
    url = server.route("/a.pdf", headers={"ETag": '"v1"', "Last-Modified": "Wed, 21 Oct 2015 07:28:00 GMT"})
    before = dt.datetime.now(dt.UTC)
    fetched = fetch(url, "aftale.pdf", tmp_path / "cache")
    sha256 = hashlib.sha256(PDF).hexdigest()
    assert fetched == Fetched(tmp_path / "cache" / sha256[:16] / "aftale.pdf", sha256, len(PDF),
                              fetched.fetched_at, '"v1"', "Wed, 21 Oct 2015 07:28:00 GMT")
    assert fetched.path.read_bytes() == PDF and before <= fetched.fetched_at <= dt.datetime.now(dt.UTC)
    assert files_in(tmp_path / "cache") == [f"{sha256[:16]}/aftale.pdf"]  # no temporary file left
    assert server.headers("/a.pdf")[0]["Accept-Encoding"] == "identity"


def test_a_redirect_is_followed(server, tmp_path):
    server.route("/a.pdf")
    url = server.route("/old.pdf", status=302, body=b"", headers={"Location": "/a.pdf"})
    assert fetch(url, "a.pdf", tmp_path).path.read_bytes() == PDF


@pytest.mark.parametrize(("validator", "header", "value"), [
    ("etag", "If-None-Match", '"v1"'),
    ("last_modified", "If-Modified-Since", "Wed, 21 Oct 2015 07:28:00 GMT"),
])
def test_an_unchanged_document_is_not_modified_and_nothing_is_written(server, tmp_path, validator, header,
                                                                      value):
    def conditional(request):
        if request.headers[header] == value:
            answer_with(request, 304, b"", {"ETag": '"v1"'} if validator == "etag" else {})
        else:
            answer_with(request, headers={"ETag": '"v1"', "Last-Modified": "Wed, 21 Oct 2015 07:28:00 GMT"})

    url = server.route("/a.pdf", conditional)
    first = fetch(url, "a.pdf", tmp_path / "first")
    again = fetch(url, "a.pdf", tmp_path / "again", **{validator: getattr(first, validator)})
    assert isinstance(again, NotModified) and getattr(again, validator) == value
    assert again.fetched_at.tzinfo is not None
    assert not (tmp_path / "again").exists()
    assert server.headers("/a.pdf")[1][header] == value


def test_an_unexpected_304_is_not_modified_too(server, tmp_path):
    url = server.route("/a.pdf", status=304, body=b"")
    result = fetch(url, "a.pdf", tmp_path / "cache")
    assert (type(result), result.etag, result.last_modified) == (NotModified, None, None)
    assert not (tmp_path / "cache").exists()


# --- HTTP errors and their retry classification --------------------------------------------------

@pytest.mark.parametrize(("status", "retry_after", "retryable", "waits"), [
    (404, None, False, None),
    (403, "30", False, None),  # a Retry-After on a refusal is no reason to try again
    (500, None, True, None),
    (429, "30", True, 30.0),
    (503, "soon", True, None),  # unreadable: no wait
])
def test_http_errors_say_whether_to_retry_and_when(server, tmp_path, status, retry_after, retryable, waits):
    headers = {"Retry-After": retry_after} if retry_after else {}
    url = server.route("/a.pdf", status=status, body=b"nope", headers=headers)
    error = fail(url, "a.pdf", tmp_path)
    assert str(error).startswith(f"a.pdf: cannot fetch {url}: HTTP {status} ")
    assert (error.retryable, error.retry_after) == (retryable, waits)
    assert ("(retry after 30 s)" in str(error)) == (waits is not None)
    kept = pickle.loads(pickle.dumps(error))  # Prefect may serialise a task's exception
    assert (str(kept), kept.retryable, kept.retry_after) == (str(error), retryable, waits)


def test_a_retry_after_date_is_turned_into_seconds(server, tmp_path):
    when = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=120)
    url = server.route("/a.pdf", status=503, body=b"", headers={"Retry-After": format_datetime(when, usegmt=True)})
    assert 100 < fail(url, "a.pdf", tmp_path).retry_after <= 120


def test_an_unreachable_server_is_worth_retrying(tmp_path):
    with socket.socket() as s:  # a port that nothing listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    error = fail(f"http://127.0.0.1:{port}/a.pdf", "a.pdf", tmp_path)
    assert str(error).startswith(f"a.pdf: cannot fetch http://127.0.0.1:{port}/a.pdf: the server could not be reached")
    assert error.retryable


def test_a_password_in_the_url_is_never_shown(server, tmp_path):
    server.route("/a.pdf", status=404, body=b"")
    url = server.base.replace("://", "://ramme:s3cret-pw@") + "/a.pdf"
    error = fail(url, "a.pdf", tmp_path)
    assert str(error).startswith(f"a.pdf: cannot fetch {server.base}/a.pdf: HTTP 404")
    assert server.headers("/a.pdf")[0]["Authorization"].startswith("Basic ")  # still used to log in
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        unreachable = f"http://ramme:s3cret-pw@127.0.0.1:{s.getsockname()[1]}/a.pdf"
    for error in (error, fail(unreachable, "a.pdf", tmp_path)):
        shown = "".join(traceback.format_exception(error))  # with the chained httpx error, as a log shows it
        assert "s3cret-pw" not in shown and "ramme:" not in shown


# --- the limits ----------------------------------------------------------------------------------

def _drip_body(request, server):
    request.send_response(200)
    request.send_header("Content-Length", str(len(PDF)))
    request.end_headers()
    for byte in PDF:
        request.wfile.write(bytes([byte]))
        request.wfile.flush()
        if server.stop.wait(0.4):
            return


def _stall_mid_body(request, server):
    answer_with(request, body=PDF[:100], length=len(PDF))
    request.wfile.flush()
    server.stop.wait(30)


def _drip_headers(request, server):
    request.wfile.write(b"HTTP/1.1 200 OK\r\nX-Slow: ")
    for _ in range(100):
        request.wfile.write(b"z")
        request.wfile.flush()
        if server.stop.wait(0.4):
            return


@pytest.mark.parametrize("slow", [_drip_body, _stall_mid_body, _drip_headers])
def test_a_slow_server_is_cut_off_at_the_deadline(server, tmp_path, slow):
    url = server.route("/a.pdf", lambda request: slow(request, server))
    start = time.monotonic()
    error = fail(url, "a.pdf", tmp_path, deadline_seconds=DEADLINE)
    assert DEADLINE <= time.monotonic() - start < DEADLINE + SLACK
    assert str(error) == f"a.pdf: cannot fetch {url}: not done within the {DEADLINE:g} s deadline"
    assert error.retryable and files_in(tmp_path) == []


@pytest.fixture
def tls_server(tmp_path, monkeypatch):
    """A Server speaking HTTPS with a self-signed certificate for 127.0.0.1 that httpx is told to trust."""
    x509 = pytest.importorskip("cryptography.x509")
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(x509.oid.NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(1).not_valid_before(now - dt.timedelta(hours=1)).not_valid_after(now + dt.timedelta(hours=1))
            .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
                           critical=False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    cert_file, key_file = tmp_path / "cert.pem", tmp_path / "key.pem"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert_file, key_file)
    monkeypatch.setenv("SSL_CERT_FILE", str(cert_file))
    server = Server(context)
    yield server
    server.close()


def test_an_https_server_that_drips_is_cut_off_at_the_deadline(tls_server, tmp_path):
    assert fetch(tls_server.route("/a.pdf"), "a.pdf", tmp_path / "ok").path.read_bytes() == PDF
    url = tls_server.route("/slow.pdf", lambda request: _drip_headers(request, tls_server))
    start = time.monotonic()
    error = fail(url, "slow.pdf", tmp_path / "slow", deadline_seconds=DEADLINE)
    assert DEADLINE <= time.monotonic() - start < DEADLINE + SLACK
    assert f"not done within the {DEADLINE:g} s deadline" in str(error) and error.retryable


def test_a_content_length_over_the_limit_is_refused_before_the_body(server, tmp_path):
    url = server.route("/big.pdf", body=PDF, length=10 * 2**20)
    error = fail(url, "big.pdf", tmp_path / "cache", max_bytes=LIMIT)
    assert str(error) == (f"big.pdf: cannot fetch {url}: it is larger than the limit of 10,000 bytes "
                          "(Content-Length 10 MiB)")
    assert not error.retryable and not (tmp_path / "cache").exists()


def test_an_endless_chunked_body_is_stopped_at_the_limit(server, tmp_path):
    def endless(request):
        request.send_response(200)
        request.send_header("Transfer-Encoding", "chunked")
        request.end_headers()
        chunk = PDF[:4096]
        while not server.stop.is_set():
            request.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))

    url = server.route("/big.pdf", endless)
    error = fail(url, "big.pdf", tmp_path / "cache", max_bytes=LIMIT)
    assert str(error) == f"big.pdf: cannot fetch {url}: it is larger than the limit of 10,000 bytes"
    assert not error.retryable and files_in(tmp_path / "cache") == []


def test_a_body_of_exactly_the_limit_is_accepted(server, tmp_path):
    assert fetch(server.route("/a.pdf"), "a.pdf", tmp_path, max_bytes=len(PDF)).size_bytes == len(PDF)


def _truncated_chunked(request):
    request.send_response(200)
    request.send_header("Transfer-Encoding", "chunked")
    request.end_headers()
    request.wfile.write(b"%x\r\n%s\r\n" % (3000, PDF[:3000]))  # and no last, empty chunk


@pytest.mark.parametrize(("handler", "received"), [
    (lambda request: answer_with(request, body=PDF[:3000], length=len(PDF)), f"3,000 of {len(PDF):,} bytes"),
    (_truncated_chunked, "3,000 bytes"),
])
def test_a_truncated_body_is_worth_retrying(server, tmp_path, handler, received):
    url = server.route("/a.pdf", handler)
    error = fail(url, "a.pdf", tmp_path / "cache")
    assert str(error) == f"a.pdf: cannot fetch {url}: the connection closed early, after {received}"
    assert error.retryable and files_in(tmp_path / "cache") == []


def test_an_html_page_served_as_a_pdf_is_refused(server, tmp_path):
    url = server.route("/a.pdf", body=HTML)
    error = fail(url, "a.pdf", tmp_path / "cache")
    assert str(error) == f"a.pdf: cannot fetch {url}: it is not a PDF (starts with '<!DOCTYPE html><html…')"
    assert not error.retryable and files_in(tmp_path / "cache") == []


# --- local files ---------------------------------------------------------------------------------

@pytest.mark.parametrize("content", [PDF, b"\r\n \t" + PDF, b"x" * 1019 + PDF], ids=["plain", "blanks", "junk"])
def test_a_local_pdf_is_cached(tmp_path, content):
    (tmp_path / "a.pdf").write_bytes(content)
    fetched = fetch(str(tmp_path / "a.pdf"), "aftale.pdf", tmp_path / "cache")
    assert fetched.sha256 == hashlib.sha256(content).hexdigest() and fetched.path.read_bytes() == content
    assert (fetched.etag, fetched.last_modified) == (None, None)


@pytest.mark.parametrize(("content", "why"), [
    (b"hello, world\n", "starts with 'hello, world\\n'"),
    (b"", "it is empty"),
    (b" \n" * 600, "it starts with nothing but whitespace"),
    (b"x" * 1020 + PDF, "starts with 'xxxxxxxxxxxxxxxxxxxx…'"),  # the header must begin within 1024 bytes
])
def test_a_local_file_that_is_not_a_pdf_is_refused(tmp_path, content, why):
    (tmp_path / "a.pdf").write_bytes(content)
    error = fail(str(tmp_path / "a.pdf"), "a.pdf", tmp_path / "cache")
    assert str(error) == f"a.pdf: cannot read {tmp_path / 'a.pdf'}: it is not a PDF ({why})"
    assert not error.retryable and files_in(tmp_path / "cache") == []


def test_a_local_file_over_the_limit_is_refused(tmp_path):
    (tmp_path / "a.pdf").write_bytes(PDF)
    error = fail(str(tmp_path / "a.pdf"), "a.pdf", tmp_path / "cache", max_bytes=len(PDF) - 1)
    assert "it is larger than the limit of" in str(error) and not error.retryable


def test_a_missing_local_file_is_not_worth_retrying(tmp_path):
    error = fail(str(tmp_path / "gone.pdf"), "gone.pdf", tmp_path / "cache")
    assert str(error) == f"gone.pdf: cannot read {tmp_path / 'gone.pdf'}: No such file or directory"
    assert not error.retryable and not (tmp_path / "cache").exists()


# --- the cache -----------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["../../evil.pdf", "..", ".", "", "a/b.pdf", "a\\b.pdf", "a\0b.pdf"])
def test_only_a_plain_file_name_is_cached(tmp_path, name):
    (tmp_path / "a.pdf").write_bytes(PDF)
    with pytest.raises(FetchError, match="not a plain file name") as raised:
        fetch(str(tmp_path / "a.pdf"), name, tmp_path / "cache")
    assert str(raised.value).startswith(name) and not raised.value.retryable
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["a.pdf"]


def test_the_same_bytes_are_stored_once_per_name(tmp_path):
    (tmp_path / "a.pdf").write_bytes(PDF)
    first, again, renamed = (fetch(str(tmp_path / "a.pdf"), name, tmp_path / "cache")
                             for name in ("a.pdf", "a.pdf", "b.pdf"))
    assert first.path == again.path and renamed.path == first.path.with_name("b.pdf")
    assert files_in(tmp_path / "cache") == [f"{first.sha256[:16]}/a.pdf", f"{first.sha256[:16]}/b.pdf"]
