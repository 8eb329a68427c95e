"""The package index client: project pages, verified downloads and partial wheel reads.

:class:`IndexClient` is the only network code of pynix. What it does, for its
callers (``pynix lock`` and the enrichment that reads build systems from
sdists and native libraries from wheels):

* **project pages** from several indexes, PEP 691 JSON asked for first and
  PEP 503 HTML read when that is what comes back (mirrors that ignore the
  ``Accept`` header), parsed by :mod:`pynix.formats.simple_api`;
* **downloads** into the content-addressed :class:`~pynix.index.cache.Cache`,
  verified against the expected sha256 before anything is stored or returned;
  a cached artifact is verified again and served without network;
* **core metadata** from the PEP 658/714 ``.metadata`` file when the index
  offers one (verified against its hash), else from the wheel itself;
* **partial wheel reads**: a wheel is opened as a :class:`zipfile.ZipFile`
  over HTTP range requests -- one request for the tail (the central
  directory, and for small wheels everything), one per member read after
  that -- and when the server ignores ``Range`` (answers 200) the whole file
  that came back is verified, cached and read locally;
* a bounded thread pool (:meth:`IndexClient.map`) with results in input order.

Several indexes follow uv's default ``first-index`` strategy: they are asked
in the order given and the first that knows the project is the only one used
for it, which is what protects a private package name from a look-alike on a
public index (dependency confusion). ``unsafe-best-match`` (pip's behaviour
with ``--extra-index-url``) merges the pages of every index that knows the
project. uv puts ``--extra-index-url`` (and ``--index``) *before* the
``--index-url``/``--default-index``; the CLI passes them to this client in
that order.

Credentials (see :mod:`pynix.index.credentials`) go into request headers
only; every URL this client returns, reports or puts in an error is
credential-free.

Traps:

* Range reads cannot be checked against the artifact's sha256, which covers
  the whole file; what they read is checked by the zip's own CRC-32 per
  member, and the file must keep its size and ``ETag`` between requests.
  Facts derived from a range read are keyed by the hash the *index* gave.
* A suffix range (``bytes=-N``) larger than the file returns the whole file
  with 206; that is a complete download and is verified and cached.
"""

from __future__ import annotations

import contextlib
import dataclasses
import enum
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from types import TracebackType
from typing import Self, TypeVar
from urllib.parse import unquote, urlsplit

import urllib3
from packaging.utils import NormalizedName, canonicalize_name

from pynix.errors import DownloadFailed, InvalidArgument
from pynix.formats.simple_api import JSON_TYPE, DistributionFile, ProjectPage, parse_project_page
from pynix.index import _archives
from pynix.index._hashes import sha256_hex
from pynix.index._http import ProgressCallback, ProgressKind, Transport
from pynix.index._ranges import RangeFile
from pynix.index.cache import Cache, LocalArtifact
from pynix.index.credentials import CredentialStore, redact
from pynix.model.lock import Artifact

__all__ = [
    "ACCEPT",
    "PYPI",
    "Index",
    "IndexClient",
    "IndexStrategy",
    "ProjectListing",
]

#: PyPI's simple index.
PYPI = "https://pypi.org/simple"
#: The project page ``Accept`` header PEP 691 recommends: JSON first, HTML as a fallback.
ACCEPT = f"{JSON_TYPE}, application/vnd.pypi.simple.v1+html;q=0.2, text/html;q=0.01"
_CONTENT_RANGE = re.compile(r"^bytes (\d+)-(\d+)/(\d+)$")
T = TypeVar("T")
R = TypeVar("R")


@dataclasses.dataclass(frozen=True, kw_only=True, slots=True, repr=False)
class Index:
    """A package index: its URL (which may carry ``user:password@``) and an optional name.

    The name selects uv's ``UV_INDEX_<NAME>_USERNAME``/``_PASSWORD``
    variables; ``repr`` never shows credentials.
    """

    url: str
    name: str | None = None

    def __repr__(self) -> str:
        return f"Index(url={redact(self.url)!r}, name={self.name!r})"


class IndexStrategy(enum.StrEnum):
    """How several indexes combine (uv's ``--index-strategy`` values)."""

    FIRST_INDEX = "first-index"
    UNSAFE_BEST_MATCH = "unsafe-best-match"


@dataclasses.dataclass(frozen=True, kw_only=True, slots=True)
class ProjectListing:
    """A project's pages: one per index that knows it (one only under ``first-index``)."""

    name: NormalizedName
    pages: tuple[ProjectPage, ...]

    @property
    def files(self) -> tuple[DistributionFile, ...]:
        """Every file of every page, in index order then page order."""
        return tuple(f for page in self.pages for f in page.files)


class IndexClient:
    """Fetches from package indexes into a cache; see the module documentation.

    ``indexes`` in priority order (URLs or :class:`Index`); ``cache``
    defaults to the user cache; ``netrc`` defaults to ``$NETRC`` or
    ``~/.netrc``; ``environ`` to ``os.environ``. ``retries`` are made after
    the first attempt, waiting ``backoff * 2**n`` seconds; ``timeout`` is
    per connection and per read. ``max_workers`` bounds :meth:`map`;
    ``range_tail`` is the size of the first range request of a wheel read.
    ``progress`` receives :class:`~pynix.index.ProgressEvent` values, from
    worker threads too.

    Use as a context manager, or call :meth:`close`.
    """

    def __init__(
        self,
        indexes: Sequence[Index | str] = (Index(url=PYPI, name="pypi"),),
        *,
        cache: Cache | None = None,
        netrc: Path | None = None,
        environ: Mapping[str, str] | None = None,
        strategy: IndexStrategy = IndexStrategy.FIRST_INDEX,
        timeout: float = 30.0,
        retries: int = 3,
        backoff: float = 0.5,
        max_workers: int = 8,
        range_tail: int = 16 * 1024,
        progress: ProgressCallback | None = None,
    ) -> None:
        if retries < 0 or max_workers < 1 or range_tail < 22 or timeout <= 0 or backoff < 0:
            raise InvalidArgument(
                "the index client needs retries >= 0, max_workers >= 1, range_tail >= 22, "
                "timeout > 0 and backoff >= 0"
            )
        self.cache = cache if cache is not None else Cache()
        self.credentials = CredentialStore(netrc_path=netrc, environ=environ)
        self.strategy = strategy
        self.max_workers = max_workers
        self.range_tail = range_tail
        self._indexes = tuple(
            self.credentials.add_index(i.url, i.name)
            if isinstance(i, Index)
            else self.credentials.add_index(i)
            for i in indexes
        )
        self._transport = Transport(
            self.credentials,
            timeout=timeout,
            retries=retries,
            backoff=backoff,
            pool_size=max_workers,
            progress=progress,
        )

    @property
    def indexes(self) -> tuple[str, ...]:
        """The index URLs in priority order, credential-free."""
        return self._indexes

    def close(self) -> None:
        self._transport.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # -- concurrency -------------------------------------------------------------------------

    def map(self, function: Callable[[T], R], items: Iterable[T]) -> list[R]:
        """``[function(item) for item in items]`` on at most ``max_workers`` threads.

        Results come in input order. Every call runs to its end; then the
        error of the *first* failing item (in input order) is raised, so the
        same failure is reported whatever the timing.
        """
        work = list(items)
        if len(work) <= 1 or self.max_workers == 1:
            return [function(item) for item in work]
        with ThreadPoolExecutor(max_workers=min(self.max_workers, len(work))) as pool:
            futures = [pool.submit(function, item) for item in work]
        for future in futures:
            error = future.exception()
            if error is not None:
                raise error
        return [future.result() for future in futures]

    # -- project pages -----------------------------------------------------------------------

    def project(self, name: str) -> ProjectListing:
        """The project's page(s) from the indexes, as :attr:`strategy` says.

        Raises :class:`~pynix.errors.DownloadFailed` when no index knows it.
        """
        project = canonicalize_name(name)
        pages: list[ProjectPage] = []
        for index in self._indexes:
            page = self._project_page(index, project)
            if page is None:
                continue
            pages.append(page)
            if self.strategy is IndexStrategy.FIRST_INDEX:
                break
        if not pages:
            raise DownloadFailed(
                f"no index has a project named {project!r}",
                hint=f"searched {', '.join(self._indexes)}",
            )
        return ProjectListing(name=project, pages=tuple(pages))

    def projects(self, names: Iterable[str]) -> list[ProjectListing]:
        """:meth:`project` for each name, concurrently, in the order given."""
        return self.map(self.project, names)

    def _project_page(self, index: str, project: NormalizedName) -> ProjectPage | None:
        url = f"{index.rstrip('/')}/{project}/"
        answer = self._transport.get(url, name=project, headers={"Accept": ACCEPT}, allow=(404,))
        if answer.status == 404:
            return None
        content_type = answer.headers.get("Content-Type")
        charset = "utf-8"
        match = re.search(r"charset=([\w.-]+)", content_type or "", re.IGNORECASE)
        if match:
            charset = match.group(1)
        try:
            text = answer.body.decode(charset, errors="replace")
        except LookupError:
            text = answer.body.decode("utf-8", errors="replace")
        return parse_project_page(text, url=answer.url, content_type=content_type)

    # -- whole artifacts ---------------------------------------------------------------------

    def download(
        self, url: str, *, expected_hash: str | None = None, name: str | None = None
    ) -> LocalArtifact:
        """The artifact at ``url`` in the cache, verified against ``expected_hash``.

        ``expected_hash`` is hex, ``sha256:<hex>`` or SRI; with it a cached
        copy is served without network, and a download whose hash differs
        raises :class:`~pynix.errors.HashMismatch` and stores nothing.
        Without it the file is stored under the hash it has. ``name`` (for
        messages and progress) defaults to the URL's file name.
        """
        name = name or _file_name(url)
        expected = sha256_hex(expected_hash) if expected_hash is not None else None
        if expected is not None:
            cached = self.cache.get(expected)
            if cached is not None:
                self._transport.emit(ProgressKind.CACHED, url, name, done=cached.size)
                return cached
        with self.cache.writer(expected, name=name, source=redact(url)) as writer:

            def consume(response: urllib3.BaseHTTPResponse, final: str) -> None:
                writer.reset()
                self._transport.pump(response, final, name=name, sink=writer.write)

            self._transport.request(url, name=name, consume=consume)
            return writer.commit()

    def download_many(self, artifacts: Sequence[Artifact]) -> list[LocalArtifact]:
        """:meth:`download` for each locked artifact (its ``url`` and ``hash``), concurrently."""

        def one(artifact: Artifact) -> LocalArtifact:
            if artifact.url is None:
                raise InvalidArgument(f"{artifact.filename}: no URL to download it from")
            return self.download(artifact.url, expected_hash=artifact.hash, name=artifact.filename)

        return self.map(one, artifacts)

    # -- parts of artifacts ------------------------------------------------------------------

    def core_metadata(self, file: DistributionFile) -> bytes:
        """The file's core metadata (``METADATA`` / ``PKG-INFO``) as bytes.

        From the PEP 658 ``.metadata`` file when the page offers one (checked
        against its hash, cached by it); else from the wheel by range
        requests, or from the sdist. Raises
        :class:`~pynix.errors.HashMismatch`, :class:`~pynix.errors.InvalidArchive`
        or :class:`~pynix.errors.DownloadFailed`.
        """
        expected = file.sha256
        metadata_url = file.metadata_url
        if metadata_url is not None:
            name = f"{file.filename}.metadata"
            metadata_hash = file.core_metadata_hashes.get("sha256")
            if metadata_hash is not None and (cached := self.cache.get(metadata_hash)):
                self._transport.emit(ProgressKind.CACHED, metadata_url, name, done=cached.size)
                return cached.path.read_bytes()
            answer = self._transport.get(metadata_url, name=name, allow=(404,))
            if answer.status != 404:
                if metadata_hash is not None:
                    self.cache.put(metadata_hash, answer.body, name=name)
                return answer.body
        if file.filename.endswith(".whl"):
            with self._wheel(file.url, expected, file.filename) as (archive, _remote):
                member = _archives.dist_info_metadata(archive, name=file.filename)
                return _archives.read_zip(archive, [member], name=file.filename)[member]
        found = self.read_sdist(file.url, ["PKG-INFO"], expected_hash=expected, name=file.filename)
        if "PKG-INFO" not in found:
            raise _archives.invalid(file.filename, "not an sdist: no PKG-INFO")
        return found["PKG-INFO"]

    @contextlib.contextmanager
    def open_wheel(
        self, url: str, *, expected_hash: str | None = None, name: str | None = None
    ) -> Iterator[zipfile.ZipFile]:
        """The wheel at ``url`` as an open :class:`zipfile.ZipFile`, read lazily over HTTP.

        From the cache when ``expected_hash`` is there. Reading a member costs
        one range request; use :meth:`read_wheel` to read several with fewer.
        """
        with self._wheel(url, expected_hash, name or _file_name(url)) as (archive, _remote):
            yield archive

    def read_wheel(
        self,
        url: str,
        members: _archives.MemberFilter,
        *,
        expected_hash: str | None = None,
        name: str | None = None,
    ) -> dict[str, bytes]:
        """The wanted members of the wheel at ``url`` (names, or a predicate over names).

        Members that are next to each other are fetched in one range request.
        Missing names are simply absent from the result.
        """
        name = name or _file_name(url)
        wanted = _archives.selector(members)
        with self._wheel(url, expected_hash, name) as (archive, remote):
            if remote is not None:
                remote.prefetch(_member_spans(archive, wanted))
            return _archives.read_zip(archive, wanted, name=name)

    def read_sdist(
        self,
        url: str,
        members: Iterable[str],
        *,
        expected_hash: str | None = None,
        name: str | None = None,
    ) -> dict[str, bytes]:
        """Members of the sdist at ``url``, named relative to its top directory.

        ``read_sdist(url, ["pyproject.toml", "PKG-INFO"], expected_hash=...)``.
        A ``.zip`` sdist is read by range requests like a wheel; a tar sdist is
        downloaded whole (verified, cached) and read from the cache.
        """
        name = name or _file_name(url)
        wanted = frozenset(members)
        if name.endswith(".zip"):
            with self._wheel(url, expected_hash, name) as (archive, remote):

                def select(member: str) -> bool:
                    return _archives.relative_name(member) in wanted

                if remote is not None:
                    remote.prefetch(_member_spans(archive, select))
                found = _archives.read_zip(archive, select, name=name)
            return _archives.by_relative_name(found)
        artifact = self.download(url, expected_hash=expected_hash, name=name)
        return _archives.read_sdist(artifact.path, wanted, name=name)

    @contextlib.contextmanager
    def _wheel(
        self, url: str, expected_hash: str | None, name: str
    ) -> Iterator[tuple[zipfile.ZipFile, RangeFile | None]]:
        """A zip archive from the cache, or over range requests (then also the RangeFile)."""
        expected = sha256_hex(expected_hash) if expected_hash is not None else None
        local = self.cache.get(expected) if expected is not None else None
        if local is not None:
            self._transport.emit(ProgressKind.CACHED, url, name, done=local.size)
        else:
            remote = self._remote_zip(url, expected, name)
            if isinstance(remote, LocalArtifact):
                local = remote
            else:
                with _archives.open_zip(remote, name=name) as archive:
                    offsets = [info.header_offset for info in archive.infolist()]
                    remote.set_boundaries([*offsets, archive.start_dir])
                    yield archive, remote
                return
        with local.path.open("rb") as handle, _archives.open_zip(handle, name=name) as archive:
            yield archive, None

    def _remote_zip(self, url: str, expected: str | None, name: str) -> RangeFile | LocalArtifact:
        """Ask for the tail of the file; a server that sends it all gets it cached instead."""
        with self.cache.writer(expected, name=name, source=redact(url)) as writer:

            def consume(response: urllib3.BaseHTTPResponse, final: str) -> _Tail | None:
                if response.status != 200:  # 206, or 416 for an empty file
                    body = self._transport.read(response, final, name=name)
                    return _Tail(url=final, response=response, body=body)
                writer.reset()  # the server ignored Range and sends the whole file
                self._transport.pump(response, final, name=name, sink=writer.write)
                return None

            tail = self._transport.request(
                url,
                name=name,
                consume=consume,
                headers={"Range": f"bytes=-{self.range_tail}"},
                allow=(416,),
            )
            if tail is None:
                return writer.commit()
            if tail.response.status == 416:
                raise _archives.invalid(name, "not a zip archive (an empty file)")
            first, size = _content_range(tail)
            if first == 0:  # the tail was the whole file
                writer.write(tail.body)
                return writer.commit()
        etag = tail.response.headers.get("ETag")
        final = tail.url

        def fetch(start: int, end: int) -> bytes:
            return self._range(final, name, start, end, size=size, etag=etag)

        return RangeFile(size, fetch, known=[(first, tail.body)])

    def _range(
        self, url: str, name: str, start: int, end: int, *, size: int, etag: str | None
    ) -> bytes:
        """The bytes ``[start, end)`` of the file at ``url``, which must not have changed."""

        def consume(response: urllib3.BaseHTTPResponse, final: str) -> bytes:
            body = self._transport.read(response, final, name=name)
            if response.status == 200 and len(body) == size:
                return body[start:end]  # the server stopped honouring Range
            now = response.headers.get("ETag")
            if etag is not None and now is not None and now != etag:
                raise DownloadFailed(f"cannot read {final}: the file changed while being read")
            first, total = _content_range(_Tail(url=final, response=response, body=body))
            if total != size:
                raise DownloadFailed(f"cannot read {final}: the file changed while being read")
            if first != start or len(body) != end - start:
                raise DownloadFailed(f"cannot read {final}: the server sent another range")
            return body

        return self._transport.request(
            url, name=name, consume=consume, headers={"Range": f"bytes={start}-{end - 1}"}
        )


@dataclasses.dataclass(frozen=True, kw_only=True, slots=True)
class _Tail:
    url: str
    response: urllib3.BaseHTTPResponse
    body: bytes


def _content_range(answer: _Tail) -> tuple[int, int]:
    """(first byte, file size) from a 206 answer, checked against its body."""
    header = answer.response.headers.get("Content-Range", "")
    match = _CONTENT_RANGE.match(header)
    if answer.response.status != 206 or match is None:
        raise DownloadFailed(
            f"cannot read {answer.url}: a range request was answered with HTTP "
            f"{answer.response.status} and Content-Range {header!r}"
        )
    first, last, size = (int(group) for group in match.groups())
    if last - first + 1 != len(answer.body) or last >= size:
        raise DownloadFailed(f"cannot read {answer.url}: Content-Range {header!r} does not fit")
    return first, size


def _member_spans(archive: zipfile.ZipFile, wanted: Callable[[str], bool]) -> list[tuple[int, int]]:
    """Byte spans of the wanted members: from each local header to the next member."""
    infos = sorted(archive.infolist(), key=lambda info: info.header_offset)
    ends = [info.header_offset for info in infos[1:]] + [archive.start_dir]
    return [
        (info.header_offset, end)
        for info, end in zip(infos, ends, strict=False)  # no members: no spans
        if info.filename and not info.filename.endswith("/") and wanted(info.filename)
    ]


def _file_name(url: str) -> str:
    """The last path segment of ``url``, unquoted: what to call the file in messages."""
    path = urlsplit(redact(url)).path
    return unquote(path.rpartition("/")[2]) or redact(url)
