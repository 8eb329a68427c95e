"""HTTP for the index client: one urllib3 pool, redirects, credentials, retries, clear errors.

Every request of pynix goes through :class:`Transport`, which

* sends basic authentication from the :class:`~pynix.index.credentials.CredentialStore`
  for the realm of each URL it visits (so a redirect to another host carries
  no credentials);
* follows redirects itself (at most :data:`MAX_REDIRECTS`), so the final URL
  is known -- relative links on a project page resolve against it;
* retries timeouts, refused or broken connections, truncated bodies and 5xx
  answers with exponential backoff (``backoff * 2**n`` seconds, at most
  :data:`MAX_BACKOFF`), then raises :class:`~pynix.errors.DownloadFailed`
  saying why (``timed out after 4 attempts``); 4xx answers are not retried;
  401/403 say how to provide credentials;
* reports progress events with credential-free URLs.

No urllib3 exception leaves this module: each becomes a ``PynixError``.
"""

from __future__ import annotations

import contextlib
import dataclasses
import enum
import http.client
import time
from collections.abc import Callable, Collection, Mapping
from typing import TypeVar
from urllib.parse import urljoin, urlsplit

import urllib3
from urllib3.exceptions import (
    HTTPError,
    LocationValueError,
    NameResolutionError,
    NewConnectionError,
    ProtocolError,
    SSLError,
)
from urllib3.exceptions import TimeoutError as Urllib3Timeout

from pynix import __version__
from pynix.errors import DownloadFailed, Unsupported
from pynix.index.credentials import CredentialStore, redact

__all__ = [
    "MAX_BACKOFF",
    "MAX_REDIRECTS",
    "Answer",
    "ProgressCallback",
    "ProgressEvent",
    "ProgressKind",
    "Transport",
    "read_body",
]

MAX_REDIRECTS = 10
MAX_BACKOFF = 30.0
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_CHUNK = 64 * 1024
T = TypeVar("T")


class ProgressKind(enum.StrEnum):
    """What a :class:`ProgressEvent` reports."""

    START = "start"  # a request is about to go out
    ADVANCE = "advance"  # more bytes of a download arrived
    RETRY = "retry"  # an attempt failed and will be retried; ``reason`` says why
    DONE = "done"  # the transfer finished
    CACHED = "cached"  # served from the cache, nothing fetched


@dataclasses.dataclass(frozen=True, kw_only=True, slots=True)
class ProgressEvent:
    """One step of a transfer, for a progress bar. ``url`` carries no credentials.

    ``name`` is what to show (a file or project name); ``done`` and ``total``
    count body bytes (``total`` None when unknown).
    """

    kind: ProgressKind
    url: str
    name: str
    done: int = 0
    total: int | None = None
    reason: str | None = None


ProgressCallback = Callable[[ProgressEvent], None]


@dataclasses.dataclass(frozen=True, kw_only=True, slots=True)
class Answer:
    """A whole HTTP answer: the final credential-free URL, status, headers and body."""

    url: str
    status: int
    headers: Mapping[str, str]
    body: bytes


class _Retry(Exception):
    """An attempt failed in a way worth retrying; ``reason`` is for the user."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class Transport:
    """Fetches URLs with retries; thread-safe (urllib3's pool is).

    ``retries`` is the number of retries after the first attempt; ``sleep``
    is injectable so that tests need not wait.
    """

    def __init__(
        self,
        credentials: CredentialStore,
        *,
        timeout: float,
        retries: int,
        backoff: float,
        pool_size: int,
        progress: ProgressCallback | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.credentials = credentials
        self.timeout = urllib3.Timeout(connect=timeout, read=timeout)
        self.retries = retries
        self.backoff = backoff
        self.progress = progress
        self._sleep = sleep
        self._pool = urllib3.PoolManager(
            num_pools=32,
            maxsize=pool_size,
            block=False,
            retries=False,
            headers={"User-Agent": f"pynix/{__version__}"},
        )

    def close(self) -> None:
        self._pool.clear()

    def emit(
        self,
        kind: ProgressKind,
        url: str,
        name: str,
        *,
        done: int = 0,
        total: int | None = None,
        reason: str | None = None,
    ) -> None:
        """Report a progress event (URL redacted) to the callback, if there is one."""
        if self.progress is not None:
            event = ProgressEvent(
                kind=kind, url=redact(url), name=name, done=done, total=total, reason=reason
            )
            self.progress(event)

    # -- fetching ----------------------------------------------------------------------------

    def get(
        self,
        url: str,
        *,
        name: str,
        headers: Mapping[str, str] | None = None,
        allow: Collection[int] = (),
    ) -> Answer:
        """GET ``url`` and read the whole body; statuses in ``allow`` are answers, not errors."""

        def consume(response: urllib3.BaseHTTPResponse, final: str) -> Answer:
            body = self.read(response, final, name=name)
            return Answer(url=final, status=response.status, headers=response.headers, body=body)

        return self.request(url, name=name, headers=headers, allow=allow, consume=consume)

    def read(self, response: urllib3.BaseHTTPResponse, final: str, *, name: str) -> bytes:
        """The whole body of ``response``, reported as one START and one DONE event.

        A short body is retried by :meth:`request` (call this from a ``consume`` function).
        """
        self.emit(ProgressKind.START, final, name, total=_content_length(response))
        body = read_body(response)
        self.emit(ProgressKind.DONE, final, name, done=len(body), total=len(body))
        return body

    def pump(
        self,
        response: urllib3.BaseHTTPResponse,
        final: str,
        *,
        name: str,
        sink: Callable[[bytes], None],
    ) -> int:
        """Feed the body of ``response`` to ``sink`` chunk by chunk, reporting progress.

        Returns the number of bytes; a body shorter than its ``Content-Length``
        is retried by :meth:`request` (call this from a ``consume`` function).
        """
        total = _content_length(response)
        done = 0
        self.emit(ProgressKind.START, final, name, total=total)
        try:
            for chunk in response.stream(_CHUNK):
                sink(chunk)
                done += len(chunk)
                self.emit(ProgressKind.ADVANCE, final, name, done=done, total=total)
        except ProtocolError as exc:
            raise _Retry(_truncated(done, total, exc)) from None
        if total is not None and done != total:
            raise _Retry(_truncated(done, total))
        self.emit(ProgressKind.DONE, final, name, done=done, total=total)
        return done

    def request(
        self,
        url: str,
        *,
        name: str,
        consume: Callable[[urllib3.BaseHTTPResponse, str], T],
        headers: Mapping[str, str] | None = None,
        allow: Collection[int] = (),
    ) -> T:
        """GET ``url`` and return ``consume(response, final_url)``, retrying as described above.

        ``consume`` reads the body (with :meth:`read` or :meth:`pump`) and runs
        again from the start on a retry. Answers below 400 (redirects are
        followed first) and statuses in ``allow`` reach it; 5xx are retried,
        other statuses raise :class:`~pynix.errors.DownloadFailed`.
        """
        clean = self.credentials.add_index(url)  # credentials in this URL serve its realm
        scheme = urlsplit(clean).scheme.lower()
        if scheme not in ("http", "https"):
            raise Unsupported(f"cannot fetch {clean}: only http and https URLs are supported")
        attempts = self.retries + 1
        reason = ""
        for attempt in range(1, attempts + 1):
            try:
                response, final = self._open(clean, headers or {}, allow)
                try:
                    result = consume(response, final)
                except BaseException:
                    _discard(response)
                    raise
                _release(response)
                return result
            except _Retry as exc:
                reason = exc.reason
            except Urllib3Timeout:  # a read timeout while streaming the body
                reason = "timed out"
            except (HTTPError, ConnectionError, TimeoutError):
                reason = "connection broken"
            if attempt < attempts:
                self.emit(ProgressKind.RETRY, clean, name, reason=reason)
                self._sleep(min(self.backoff * 2 ** (attempt - 1), MAX_BACKOFF))
        suffix = f" after {attempts} attempts" if attempts > 1 else ""
        raise DownloadFailed(f"cannot fetch {clean}: {reason}{suffix}")

    def _open(
        self, url: str, headers: Mapping[str, str], allow: Collection[int]
    ) -> tuple[urllib3.BaseHTTPResponse, str]:
        """Send the request, following redirects; the response's body is still unread."""
        current = url
        for _hop in range(MAX_REDIRECTS + 1):
            sent = dict(headers)
            credentials = self.credentials.for_url(current)
            if credentials is not None:
                sent["Authorization"] = credentials.authorization()
            response = self._send(current, sent)
            status = response.status
            location = response.headers.get("Location")
            if status in _REDIRECTS and location:
                _release(response, drain=True)
                try:
                    current = redact(urljoin(current, location))
                except ValueError:
                    raise DownloadFailed(
                        f"cannot fetch {current}: a redirect to a bad URL"
                    ) from None
                continue
            if status >= 500:
                _release(response, drain=True)
                raise _Retry(f"HTTP {status}")
            if status in (401, 403):
                _release(response, drain=True)
                raise _auth_failed(current, status, sent=credentials is not None)
            if status >= 400 and status not in allow:
                _release(response, drain=True)
                raise DownloadFailed(f"cannot fetch {current}: HTTP {status}")
            return response, current
        raise DownloadFailed(f"cannot fetch {url}: more than {MAX_REDIRECTS} redirects")

    def _send(self, url: str, headers: dict[str, str]) -> urllib3.BaseHTTPResponse:
        try:
            return self._pool.request(
                "GET",
                url,
                headers=headers,
                preload_content=False,
                redirect=False,
                retries=False,
                timeout=self.timeout,
            )
        except NameResolutionError:
            raise _Retry("cannot resolve the host name") from None
        except NewConnectionError as exc:  # before the timeout base class it derives from
            refused = isinstance(exc.__cause__ or exc.__context__, ConnectionRefusedError)
            raise _Retry("connection refused" if refused else "cannot connect") from None
        except Urllib3Timeout:
            raise _Retry("timed out") from None
        except SSLError:
            raise DownloadFailed(
                f"cannot fetch {url}: TLS handshake failed",
                hint="check the server's certificate, or set SSL_CERT_FILE to your CA bundle",
            ) from None
        except LocationValueError:
            raise DownloadFailed(f"cannot fetch {url}: not a valid URL") from None
        except (ProtocolError, OSError):
            raise _Retry("connection broken") from None
        except HTTPError as exc:
            raise _Retry(f"HTTP error ({type(exc).__name__})") from None


def read_body(response: urllib3.BaseHTTPResponse) -> bytes:
    """The whole body of ``response``; a short body is retried by :meth:`Transport.request`."""
    total = _content_length(response)
    chunks: list[bytes] = []
    done = 0
    try:
        for chunk in response.stream(_CHUNK):
            chunks.append(chunk)
            done += len(chunk)
    except ProtocolError as exc:
        raise _Retry(_truncated(done, total, exc)) from None
    if total is not None and done != total:
        raise _Retry(_truncated(done, total))
    return b"".join(chunks)


def _content_length(response: urllib3.BaseHTTPResponse) -> int | None:
    length = response.headers.get("Content-Length", "")
    return int(length) if length.isdigit() else None


def _truncated(done: int, total: int | None, exc: ProtocolError | None = None) -> str:
    """Why a body ended early: how much of it came, from urllib3's count when it has one."""
    for arg in exc.args if exc is not None else ():
        # urllib3's IncompleteRead counts ``partial`` in bytes (http.client's holds them).
        partial: object = getattr(arg, "partial", None)
        expected: object = getattr(arg, "expected", None)
        if isinstance(arg, http.client.IncompleteRead) and isinstance(partial, int):
            done = partial
            if isinstance(expected, int):
                total = partial + expected
    if total is None:
        return f"connection closed after {done} bytes"
    return f"connection closed after {done} of {total} bytes"


def _release(response: urllib3.BaseHTTPResponse, *, drain: bool = False) -> None:
    """Give the connection back to the pool, after reading what is left of a small body."""
    with contextlib.suppress(HTTPError, OSError):
        if drain:
            response.drain_conn()
        response.release_conn()


def _discard(response: urllib3.BaseHTTPResponse) -> None:
    """Close a connection whose body was not read to its end; the pool opens a new one."""
    with contextlib.suppress(HTTPError, OSError):
        response.close()
        response.release_conn()


def _auth_failed(url: str, status: int, *, sent: bool) -> DownloadFailed:
    host = urlsplit(url).hostname or url
    if sent:
        hint = (
            f"the credentials given for {host} were refused; check the index URL's "
            "user:password, ~/.netrc or UV_INDEX_<NAME>_USERNAME/_PASSWORD"
        )
    else:
        hint = (
            f"no credentials for {host}: put them in the index URL (https://user:password@"
            f"{host}/...), in ~/.netrc (machine {host} login ... password ...) or in "
            "UV_INDEX_<NAME>_USERNAME/_PASSWORD for a named index"
        )
    return DownloadFailed(f"authentication failed for {url} (HTTP {status})", hint=hint)
