"""A real package index on 127.0.0.1, serving a directory of wheels and sdists.

Implements the "simple repository API" as clients meet it:

* PEP 503 HTML: ``/simple/`` lists projects, ``/simple/<project>/`` lists
  files as anchors ``<a href=".../files/<file>#sha256=<hex>">`` with
  ``data-requires-python`` (HTML-escaped: ``>=3.8,&lt;4``) and, when a PEP 658
  metadata file exists beside the artifact, ``data-dist-info-metadata`` and
  ``data-core-metadata`` (PEP 714) set to ``sha256=<hex>``;
* PEP 691 JSON (``application/vnd.pypi.simple.v1+json``) when the ``Accept``
  header prefers it (quality values honoured; 406 when nothing acceptable),
  api-version 1.1 (PEP 700: ``versions`` and ``size``);
* names normalized as PEP 503 says: ``/simple/Friendly_Name/`` redirects (301)
  to ``/simple/friendly-name/``, a missing trailing slash too;
* ``/files/<file>`` and ``/files/<file>.metadata``, with HEAD, ``ETag``,
  ``Accept-Ranges: bytes`` and single HTTP ranges (RFC 9110 section 14):
  ``bytes=a-b``, ``bytes=a-`` and the suffix ``bytes=-n`` answer 206 with
  ``Content-Range``; an unsatisfiable range answers 416 with
  ``Content-Range: bytes */<size>``; several ranges in one header are answered
  with the whole file (200), which RFC 9110 allows;
* optional HTTP basic authentication (401 with ``WWW-Authenticate`` otherwise).

The artifact table (names, hashes, ``Requires-Python`` read from each
artifact's own metadata) is built once when the server is created.

Fault modes (:data:`FAULTS`) are switched on at run time for request paths
matching a glob (``fnmatch``), optionally for a number of requests only; see
:meth:`IndexServer.inject`. Every request is logged as a :class:`Request`.

>>> import tempfile, urllib.request
>>> with tempfile.TemporaryDirectory() as tmp, IndexServer(Path(tmp)) as server:
...     with urllib.request.urlopen(server.url + "/simple/") as response:
...         print(response.status, response.headers["Content-Type"])
200 application/vnd.pypi.simple.v1+html
"""

from __future__ import annotations

import base64
import email.parser
import fnmatch
import hashlib
import html
import json
import re
import sys
import tarfile
import threading
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Literal, Self, get_args
from urllib.parse import unquote, urlsplit

from packaging.utils import (
    InvalidSdistFilename,
    InvalidWheelFilename,
    canonicalize_name,
    parse_sdist_filename,
    parse_wheel_filename,
)
from packaging.version import Version

__all__ = ["FAULTS", "Fault", "FaultMode", "IndexServer", "Request", "StoredFile"]

JSON_TYPE = "application/vnd.pypi.simple.v1+json"
HTML_TYPE = "application/vnd.pypi.simple.v1+html"
_OFFERED = (JSON_TYPE, HTML_TYPE, "text/html")

FaultMode = Literal["slow", "error500", "truncate", "corrupt", "no_json", "no_range", "no_metadata"]
#: What each fault mode does to a matching request.
FAULTS: dict[FaultMode, str] = {
    "slow": "wait `delay` seconds before answering (then answer normally)",
    "error500": "answer 500 Internal Server Error",
    "truncate": "send the headers of the full answer, half of the body, then close",
    "corrupt": "serve a file with its bytes changed (same length): its hash no longer matches",
    "no_json": "ignore a JSON Accept header and answer HTML, as some mirrors do",
    "no_range": "ignore Range and answer 200 with the whole file",
    "no_metadata": "answer 404 for PEP 658 .metadata files",
}
assert set(FAULTS) == set(get_args(FaultMode))


@dataclass(frozen=True, kw_only=True, slots=True)
class StoredFile:
    """One servable artifact and what the index says about it."""

    filename: str
    project: str  # normalized
    version: str
    sha256: str
    size: int
    requires_python: str | None
    metadata_sha256: str | None  # of the PEP 658 file beside it, if there is one


@dataclass(frozen=True, kw_only=True, slots=True)
class Request:
    """One logged request: what was asked and what was answered."""

    method: str
    path: str  # without the query string
    range: str | None  # the Range header as sent
    accept: str | None
    status: int  # 0 when nothing was answered (the server stopped during a `slow` wait)
    bytes_sent: int  # body bytes written (0 for HEAD; half the body under `truncate`)
    authorization: bool  # whether credentials came with it


@dataclass(kw_only=True, slots=True)
class Fault:
    """A fault mode applied to requests whose path matches ``pattern``."""

    mode: FaultMode
    pattern: str
    remaining: int | None  # requests still affected; None: every one
    delay: float


def _requires_python(path: Path) -> str | None:
    """``Requires-Python`` from a wheel's METADATA or an sdist's PKG-INFO."""
    name = path.name
    text: bytes | None = None
    if name.endswith((".whl", ".zip")):
        with zipfile.ZipFile(path) as archive:
            suffix = ".dist-info/METADATA" if name.endswith(".whl") else "/PKG-INFO"
            members = [m for m in archive.namelist() if m.endswith(suffix) and m.count("/") == 1]
            text = archive.read(members[0]) if members else None
    else:
        with tarfile.open(path) as archive:
            members = [
                m for m in archive.getnames() if m.endswith("/PKG-INFO") and m.count("/") == 1
            ]
            extracted = archive.extractfile(members[0]) if members else None
            text = extracted.read() if extracted else None
    if text is None:
        return None
    return email.parser.BytesParser().parsebytes(text, headersonly=True).get("Requires-Python")


def scan(root: Path) -> dict[str, StoredFile]:
    """The artifacts in ``root`` by file name; other files are ignored."""
    table: dict[str, StoredFile] = {}
    for path in sorted(root.iterdir()):
        try:
            if path.name.endswith(".whl"):
                name, version, _build, _tags = parse_wheel_filename(path.name)
            else:
                name, version = parse_sdist_filename(path.name)
        except (InvalidWheelFilename, InvalidSdistFilename):
            continue
        content = path.read_bytes()
        metadata = root / f"{path.name}.metadata"
        table[path.name] = StoredFile(
            filename=path.name,
            project=str(name),
            version=str(version),
            sha256=hashlib.sha256(content).hexdigest(),
            size=len(content),
            requires_python=_requires_python(path),
            metadata_sha256=(
                hashlib.sha256(metadata.read_bytes()).hexdigest() if metadata.is_file() else None
            ),
        )
    return table


def _preferred_type(accept: str | None) -> str | None:
    """The offered content type the Accept header rates highest (HTML when absent)."""
    if not accept:
        return HTML_TYPE
    best: tuple[float, int, str] | None = None
    for item in accept.split(","):
        media, *params = (part.strip() for part in item.split(";"))
        quality = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        for rank, offered in enumerate(_OFFERED):
            if quality > 0 and media in (offered, "*/*", offered.split("/")[0] + "/*"):
                candidate = (quality, -rank, offered)
                if best is None or candidate > best:
                    best = candidate
    return None if best is None else best[2]


_RANGE = re.compile(r"bytes=(\d*)-(\d*)")


def _byte_range(header: str, size: int) -> tuple[int, int] | Literal["unsatisfiable"] | None:
    """(first, last) inclusive for a single-range header; None to ignore the header."""
    match = _RANGE.fullmatch(header.strip())
    if match is None or match.groups() == ("", ""):
        return None  # several ranges or another unit: answering the whole file is allowed
    first, last = match.groups()
    if first:
        start, end = int(first), min(int(last), size - 1) if last else size - 1
        if last and int(last) < start:
            return None  # syntactically invalid: ignored, as RFC 9110 says
    else:  # suffix: the last n bytes; "-0" selects nothing
        start, end = max(size - int(last), 0), size - 1
        if int(last) == 0:
            start = size
    if start >= size:
        return "unsatisfiable"
    return start, end


class IndexServer:
    """A PEP 503/691 index over the artifacts in ``root``, on 127.0.0.1 (any free port).

    Use as a context manager; ``url`` is ``http://127.0.0.1:<port>`` and the
    index is at ``url + "/simple/"`` (:attr:`index_url`). With ``auth``
    (username, password) every request needs those basic credentials.
    ``upload_times`` (file name → ISO 8601) fills PEP 700's ``upload-time``.

    Attributes: ``root``, ``files`` (file name → :class:`StoredFile`, as
    scanned at creation), ``auth``, ``upload_times``; :attr:`requests` is the
    log.
    """

    def __init__(
        self,
        root: Path,
        *,
        auth: tuple[str, str] | None = None,
        upload_times: Mapping[str, str] | None = None,
    ) -> None:
        self.root = root
        self.files = scan(root)
        self.auth = auth
        self.upload_times = dict(upload_times or {})
        self._faults: list[Fault] = []
        self._log: list[Request] = []
        self._hidden: list[str] = []
        self._lock = threading.Lock()
        self._closing = threading.Event()
        self._httpd = _QuietServer(("127.0.0.1", 0), _handler_class(self))
        self._thread: threading.Thread | None = None

    # -- lifecycle ---------------------------------------------------------------------------

    def __enter__(self) -> Self:
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True
        )
        self._thread.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._closing.set()  # wakes handlers sleeping in a `slow` fault
        self._httpd.shutdown()
        self._httpd.server_close()
        if self._thread is not None:
            self._thread.join()

    @property
    def port(self) -> int:
        return int(self._httpd.server_address[1])

    @property
    def url(self) -> str:
        """``http://127.0.0.1:<port>``, no trailing slash."""
        return f"http://127.0.0.1:{self.port}"

    @property
    def index_url(self) -> str:
        """The simple index: ``<url>/simple``, as ``--index-url`` takes it."""
        return f"{self.url}/simple"

    def url_with_credentials(self) -> str:
        """``url`` with the basic-auth credentials as userinfo (``http://u:p@127.0.0.1:…``)."""
        if self.auth is None:
            return self.url
        return f"http://{self.auth[0]}:{self.auth[1]}@127.0.0.1:{self.port}"

    # -- faults, visibility, log -------------------------------------------------------------

    def inject(
        self,
        mode: FaultMode,
        *,
        pattern: str = "*",
        times: int | None = None,
        delay: float = 5.0,
    ) -> None:
        """Apply ``mode`` to requests whose path matches the glob ``pattern``.

        ``times`` limits it to that many matching requests (``error500`` with
        ``times=2`` fails twice, then the server recovers); ``delay`` is the
        wait of ``slow``. Faults stack: each matching fault acts.
        """
        if mode not in FAULTS:
            raise ValueError(f"unknown fault mode {mode!r}; known: {', '.join(FAULTS)}")
        with self._lock:
            self._faults.append(Fault(mode=mode, pattern=pattern, remaining=times, delay=delay))

    def clear_faults(self) -> None:
        with self._lock:
            self._faults.clear()

    def hide(self, pattern: str) -> None:
        """Stop listing and serving artifacts whose file name matches the glob ``pattern``.

        Lets a test publish a release later: hide ``alpha-2.0*``, lock, ``show_all()``,
        lock again with ``--upgrade-package alpha``.
        """
        with self._lock:
            self._hidden.append(pattern)

    def show_all(self) -> None:
        with self._lock:
            self._hidden.clear()

    @property
    def requests(self) -> list[Request]:
        """A copy of the request log, oldest first."""
        with self._lock:
            return list(self._log)

    def clear_log(self) -> None:
        with self._lock:
            self._log.clear()

    # -- used by the handler -----------------------------------------------------------------

    def _faults_for(self, path: str) -> set[FaultMode]:
        """The fault modes acting on this request (consuming one use of each)."""
        active: set[FaultMode] = set()
        delay = 0.0
        with self._lock:
            for fault in self._faults:
                if not fnmatch.fnmatchcase(path, fault.pattern):
                    continue
                if fault.remaining is not None:
                    if fault.remaining <= 0:
                        continue
                    fault.remaining -= 1
                active.add(fault.mode)
                if fault.mode == "slow":
                    delay = max(delay, fault.delay)
        if delay:
            self._closing.wait(delay)
        return active

    def _visible(self) -> dict[str, StoredFile]:
        with self._lock:
            hidden = list(self._hidden)
        return {
            name: stored
            for name, stored in self.files.items()
            if not any(fnmatch.fnmatchcase(name, pattern) for pattern in hidden)
        }

    def _record(self, request: Request) -> None:
        with self._lock:
            self._log.append(request)

    def _project_files(self, project: str) -> list[StoredFile]:
        return [f for f in self._visible().values() if f.project == project]

    def _project_page(self, project: str, content_type: str) -> bytes:
        files = self._project_files(project)
        if content_type == JSON_TYPE:
            return _project_json(project, files, self.upload_times)
        return _project_html(project, files)

    def _root_page(self, content_type: str) -> bytes:
        projects = sorted({f.project for f in self._visible().values()})
        if content_type == JSON_TYPE:
            document = {
                "meta": {"api-version": "1.1"},
                "projects": [{"name": name} for name in projects],
            }
            return json.dumps(document, indent=1, sort_keys=True).encode()
        anchors = "".join(f'    <a href="/simple/{p}/">{p}</a>\n' for p in projects)
        return _html_page("Simple index", anchors)


def _html_page(title: str, body: str) -> bytes:
    return (
        "<!DOCTYPE html>\n<html>\n  <head>\n"
        '    <meta name="pypi:repository-version" content="1.1">\n'
        f"    <title>{html.escape(title)}</title>\n  </head>\n  <body>\n"
        f"{body}  </body>\n</html>\n"
    ).encode()


def _project_html(project: str, files: list[StoredFile]) -> bytes:
    anchors = []
    for f in files:
        attributes = [f'href="/files/{f.filename}#sha256={f.sha256}"']
        if f.requires_python is not None:
            attributes.append(f'data-requires-python="{html.escape(f.requires_python)}"')
        if f.metadata_sha256 is not None:
            attributes.append(f'data-dist-info-metadata="sha256={f.metadata_sha256}"')
            attributes.append(f'data-core-metadata="sha256={f.metadata_sha256}"')
        anchors.append(f"    <a {' '.join(attributes)}>{html.escape(f.filename)}</a><br>\n")
    return _html_page(
        f"Links for {project}", f"    <h1>Links for {project}</h1>\n" + "".join(anchors)
    )


def _project_json(project: str, files: list[StoredFile], upload_times: Mapping[str, str]) -> bytes:
    entries = []
    for f in files:
        metadata: dict[str, str] | bool = (
            {"sha256": f.metadata_sha256} if f.metadata_sha256 is not None else False
        )
        entry: dict[str, object] = {
            "filename": f.filename,
            "url": f"/files/{f.filename}",
            "hashes": {"sha256": f.sha256},
            "requires-python": f.requires_python,
            "core-metadata": metadata,
            "dist-info-metadata": metadata,
            "size": f.size,
            "yanked": False,
        }
        if f.filename in upload_times:
            entry["upload-time"] = upload_times[f.filename]
        entries.append(entry)
    document = {
        "meta": {"api-version": "1.1"},
        "name": project,
        "versions": sorted({f.version for f in files}, key=Version),
        "files": entries,
    }
    return json.dumps(document, indent=1, sort_keys=True).encode()


def _corrupt(body: bytes) -> bytes:
    """Same length, different bytes: every byte flipped."""
    return bytes(b ^ 0xFF for b in body)


class _QuietServer(ThreadingHTTPServer):
    """Handler threads are daemons; a client that hangs up early is not an error."""

    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)  # type: ignore[arg-type]


def _handler_class(server: IndexServer) -> type[BaseHTTPRequestHandler]:
    class Handler(_Handler):
        index = server

    return Handler


class _Handler(BaseHTTPRequestHandler):
    index: IndexServer
    protocol_version = "HTTP/1.1"
    server_version = "pynix-test-index/1.0"

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 -- base signature
        """Silence the default stderr log: :attr:`IndexServer.requests` has it all."""

    def do_GET(self) -> None:
        self._answer(head=False)

    def do_HEAD(self) -> None:
        self._answer(head=True)

    # -- dispatch ----------------------------------------------------------------------------

    def _answer(self, *, head: bool) -> None:
        self._path = unquote(urlsplit(self.path).path)
        self._logged = False
        try:
            self._dispatch(self._path, head=head)
        finally:
            if not self._logged:  # no answer: shut down during a `slow` wait, or an error
                self._log(0, 0)

    def _log(self, status: int, bytes_sent: int) -> None:
        """Log this request. Called *before* the answer goes out, so that a client which has
        read its answer always finds it in the log."""
        self._logged = True
        self.index._record(
            Request(
                method=self.command,
                path=self._path,
                range=self.headers.get("Range"),
                accept=self.headers.get("Accept"),
                status=status,
                bytes_sent=bytes_sent,
                authorization=self.headers.get("Authorization") is not None,
            )
        )

    def _dispatch(self, path: str, *, head: bool) -> None:
        if not self._authorized():
            self._simple(HTTPStatus.UNAUTHORIZED, b"credentials required\n", head=head,
                         extra={"WWW-Authenticate": 'Basic realm="pynix test index"'})  # fmt: skip
            return
        faults = self.index._faults_for(path)
        if self.index._closing.is_set():
            self.close_connection = True  # shutting down during a `slow` wait: answer nothing
            return
        if "error500" in faults:
            self._simple(HTTPStatus.INTERNAL_SERVER_ERROR, b"injected failure\n", head=head)
            return
        if path == "/simple":
            self._redirect("/simple/", head=head)
        elif path == "/simple/":
            self._page(None, faults, head=head)
        elif path.startswith("/simple/"):
            self._project(path.removeprefix("/simple/"), faults, head=head)
        elif path.startswith("/files/"):
            self._file(path.removeprefix("/files/"), faults, head=head)
        else:
            self._simple(HTTPStatus.NOT_FOUND, b"not found\n", head=head)

    def _authorized(self) -> bool:
        if self.index.auth is None:
            return True
        expected = base64.b64encode(":".join(self.index.auth).encode()).decode()
        return self.headers.get("Authorization") == f"Basic {expected}"

    def _project(self, rest: str, faults: set[FaultMode], *, head: bool) -> None:
        name = rest.removesuffix("/")
        if not name or "/" in name:
            self._simple(HTTPStatus.NOT_FOUND, b"not found\n", head=head)
            return
        normalized = canonicalize_name(name)
        if name != normalized or not rest.endswith("/"):
            self._redirect(f"/simple/{normalized}/", head=head)
            return
        if not self.index._project_files(normalized):
            self._simple(HTTPStatus.NOT_FOUND, b"no such project\n", head=head)
            return
        self._page(normalized, faults, head=head)

    def _page(self, project: str | None, faults: set[FaultMode], *, head: bool) -> None:
        content_type = HTML_TYPE if "no_json" in faults else None
        if content_type is None:
            # PEP 691 lets a `?format=` query stand in for the Accept header. Its `+` is
            # literal (`…v1+json`), so no form decoding.
            query = urlsplit(self.path).query
            fields = dict(part.partition("=")[::2] for part in query.split("&"))
            requested = unquote(fields["format"]) if "format" in fields else None
            content_type = _preferred_type(requested or self.headers.get("Accept"))
        if content_type is None:
            self._simple(HTTPStatus.NOT_ACCEPTABLE, b"no acceptable content type\n", head=head)
            return
        if project is None:
            body = self.index._root_page(content_type)
        else:
            body = self.index._project_page(project, content_type)
        self._send(HTTPStatus.OK, body, content_type, faults, head=head)

    def _file(self, filename: str, faults: set[FaultMode], *, head: bool) -> None:
        visible = self.index._visible()
        is_metadata = filename.endswith(".metadata")
        stored = visible.get(filename.removesuffix(".metadata"))
        target = self.index.root / filename
        if stored is None or "/" in filename or not target.is_file():
            self._simple(HTTPStatus.NOT_FOUND, b"no such file\n", head=head)
            return
        if is_metadata and "no_metadata" in faults:
            self._simple(HTTPStatus.NOT_FOUND, b"no metadata (injected)\n", head=head)
            return
        body = target.read_bytes()
        if "corrupt" in faults:
            body = _corrupt(body)
        content_type = "text/plain; charset=utf-8" if is_metadata else "application/octet-stream"
        etag = f'"{hashlib.sha256(body).hexdigest()[:32]}"'
        extra = {"Accept-Ranges": "bytes", "ETag": etag}
        header = self.headers.get("Range")
        if header is not None and "no_range" not in faults:
            chosen = _byte_range(header, len(body))
            if chosen == "unsatisfiable":
                extra["Content-Range"] = f"bytes */{len(body)}"
                self._simple(
                    HTTPStatus.REQUESTED_RANGE_NOT_SATISFIABLE, b"", head=head, extra=extra
                )
                return
            if chosen is not None:
                first, last = chosen
                extra["Content-Range"] = f"bytes {first}-{last}/{len(body)}"
                self._send(HTTPStatus.PARTIAL_CONTENT, body[first : last + 1], content_type,
                           faults, head=head, extra=extra)  # fmt: skip
                return
        self._send(HTTPStatus.OK, body, content_type, faults, head=head, extra=extra)

    # -- writing -----------------------------------------------------------------------------

    def _redirect(self, location: str, *, head: bool) -> None:
        self._simple(HTTPStatus.MOVED_PERMANENTLY, b"", head=head, extra={"Location": location})

    def _simple(
        self, status: HTTPStatus, body: bytes, *, head: bool, extra: dict[str, str] | None = None
    ) -> None:
        self._send(status, body, "text/plain; charset=utf-8", set(), head=head, extra=extra)

    def _send(
        self,
        status: HTTPStatus,
        body: bytes,
        content_type: str,
        faults: set[FaultMode],
        *,
        head: bool,
        extra: dict[str, str] | None = None,
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for key, value in (extra or {}).items():
            self.send_header(key, value)
        if status == HTTPStatus.OK and content_type in _OFFERED:
            self.send_header("Vary", "Accept")
        payload = b"" if head else body
        if "truncate" in faults and payload:
            payload = payload[: len(payload) // 2]
            self.close_connection = True
        self._log(int(status), len(payload))
        self.end_headers()
        self.wfile.write(payload)
