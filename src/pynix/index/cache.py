"""pynix's download cache: artifacts by content hash, and facts learnt about them.

Layout under the root (``$XDG_CACHE_HOME/pynix``, default ``~/.cache/pynix``)::

    artifacts/sha256/<2 hex>/<62 hex>        the bytes whose sha256 is the path
    facts/<kind>/<2 hex>/<62 hex>.json       {"format", "kind", "sha256", "version", "value"}

An artifact is keyed by the sha256 of its bytes, so a file can only be stored
under the hash it has: :meth:`Cache.put` and :class:`ArtifactWriter` hash
what they are given and refuse to store bytes whose hash differs from the
expected one (:class:`~pynix.errors.HashMismatch`). Every write goes to a
temporary file that is renamed into place, so an interrupted or failed
download leaves no entry. :meth:`Cache.get` hashes the file again on every
read: an entry changed on disk is removed and reported missing, so the caller
fetches it again.

Facts are what enrichment learns about an artifact (its build system, the
native libraries it needs), stored as JSON under (kind, artifact sha256).
Each records the :data:`FACTS_FORMAT` of this module and the caller's own
``version`` for the kind; a mismatch on read is a miss, so a pynix release
that learns facts differently bumps the version and old facts are ignored.

Traps:

* A temporary file must be in the same file system as its destination for
  the rename to be atomic; temporaries live beside their destination (or,
  while the hash is unknown, in ``artifacts/sha256/``).
* Hashing on every read costs about a second per GB; it is what makes a
  damaged cache heal instead of failing forever.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
import os
import re
import tempfile
from collections.abc import Iterator, Mapping
from pathlib import Path
from types import TracebackType
from typing import IO, Self, TypeAlias

from pynix.errors import HashMismatch, InvalidArgument, Location, PynixError
from pynix.index._hashes import sha256_hex, to_sri

__all__ = [
    "FACTS_FORMAT",
    "JSON",
    "ArtifactWriter",
    "Cache",
    "LocalArtifact",
    "default_cache_root",
]

#: The layout of fact files; bumped when it changes, which invalidates every stored fact.
FACTS_FORMAT = 1

JSON: TypeAlias = "bool | int | float | str | list[JSON] | dict[str, JSON] | None"

_KIND = re.compile(r"^[a-z0-9][a-z0-9.-]*$")
_CHUNK = 1024 * 1024


def default_cache_root(environ: Mapping[str, str] | None = None) -> Path:
    """``$XDG_CACHE_HOME/pynix`` when that is an absolute path, else ``~/.cache/pynix``.

    >>> default_cache_root({"XDG_CACHE_HOME": "/var/cache/me"})
    PosixPath('/var/cache/me/pynix')
    """
    env = os.environ if environ is None else environ
    base = env.get("XDG_CACHE_HOME", "")
    if base and Path(base).is_absolute():
        return Path(base) / "pynix"
    return Path.home() / ".cache" / "pynix"


@dataclasses.dataclass(frozen=True, kw_only=True, slots=True)
class LocalArtifact:
    """A verified artifact in the cache: its path, hex sha256 and size in bytes."""

    path: Path
    sha256: str
    size: int

    @property
    def sri(self) -> str:
        """The hash as Nix and the lock model write it: ``sha256-<base64>``."""
        return to_sri(self.sha256)


class Cache:
    """The content-addressed artifact store and the fact store under ``root``.

    ``root`` defaults to :func:`default_cache_root`; directories are created
    on first write. Safe to share between threads and processes: readers see
    a whole file or none.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     cache = Cache(Path(tmp))
    ...     stored = cache.put(hashlib.sha256(b"data").hexdigest(), b"data", name="x.whl")
    ...     cache.get(stored.sha256) == stored
    True
    """

    def __init__(self, root: Path | None = None) -> None:
        self.root = root if root is not None else default_cache_root()

    # -- artifacts ---------------------------------------------------------------------------

    def artifact_path(self, sha256: str) -> Path:
        """Where the artifact with this hash (hex, ``sha256:<hex>`` or SRI) is stored."""
        digest = sha256_hex(sha256)
        return self.root / "artifacts" / "sha256" / digest[:2] / digest[2:]

    def get(self, sha256: str) -> LocalArtifact | None:
        """The stored artifact with this hash, verified now; None when absent or damaged.

        A damaged entry (its bytes no longer hash to its name) is deleted.
        """
        digest = sha256_hex(sha256)
        path = self.artifact_path(digest)
        try:
            actual, size = _hash_file(path)
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise PynixError(f"cannot read the cache: {exc.strerror}", text=str(path)) from None
        if actual != digest:
            path.unlink(missing_ok=True)
            return None
        return LocalArtifact(path=path, sha256=digest, size=size)

    def put(self, sha256: str, data: bytes, *, name: str) -> LocalArtifact:
        """Store ``data`` under ``sha256`` after checking that it has that hash.

        ``name`` (the artifact's file name) is what a
        :class:`~pynix.errors.HashMismatch` names.
        """
        with self.writer(sha256, name=name) as writer:
            writer.write(data)
            return writer.commit()

    def writer(self, sha256: str | None, *, name: str, source: str | None = None) -> ArtifactWriter:
        """A writer that streams an artifact into the cache (use it as a context manager).

        ``sha256`` is the expected hash, or None to store the bytes under
        whatever hash they have. ``source`` (a credential-free URL) goes into
        the hint of a hash mismatch.
        """
        expected = sha256_hex(sha256) if sha256 is not None else None
        return ArtifactWriter(self, expected=expected, name=name, source=source)

    # -- facts -------------------------------------------------------------------------------

    def fact_path(self, kind: str, sha256: str) -> Path:
        """Where the fact of ``kind`` about the artifact with this hash is stored."""
        if not _KIND.match(kind):
            raise InvalidArgument(
                f"not a fact kind: {kind!r}", hint="use lower-case letters, digits, '.' and '-'"
            )
        digest = sha256_hex(sha256)
        return self.root / "facts" / kind / digest[:2] / f"{digest[2:]}.json"

    def get_fact(self, kind: str, sha256: str, *, version: int = 1) -> JSON | None:
        """The fact of ``kind`` stored for this artifact at this ``version``, or None.

        A fact stored by another :data:`FACTS_FORMAT` or ``version``, or a
        damaged file, is a miss.
        """
        path = self.fact_path(kind, sha256)
        try:
            record = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError):
            return None
        expected = _fact_header(kind, sha256_hex(sha256), version)
        if not isinstance(record, dict) or "value" not in record:
            return None
        if any(record.get(key) != value for key, value in expected.items()):
            return None
        value: JSON = record["value"]
        return value

    def put_fact(self, kind: str, sha256: str, value: JSON, *, version: int = 1) -> None:
        """Store ``value`` (JSON data) as the fact of ``kind`` about this artifact."""
        path = self.fact_path(kind, sha256)
        record = {**_fact_header(kind, sha256_hex(sha256), version), "value": value}
        try:
            text = json.dumps(record, sort_keys=True, indent=1, allow_nan=False) + "\n"
        except (TypeError, ValueError) as exc:
            raise InvalidArgument(f"a {kind} fact must be JSON data: {exc}") from None
        try:
            with _atomic(path) as handle:
                handle.write(text.encode())
        except OSError as exc:
            raise _unwritable(exc, path) from None


class ArtifactWriter:
    """Streams bytes into a temporary file beside their cache entry, hashing them.

    :meth:`commit` checks the hash and renames the file into place; leaving
    the ``with`` block without committing (an error, a retry) deletes it.
    :meth:`reset` starts over, for a retried download.
    """

    def __init__(self, cache: Cache, *, expected: str | None, name: str, source: str | None):
        self._cache = cache
        self._expected = expected
        self._name = name
        self._source = source
        self._hash = hashlib.sha256()
        self._size = 0
        self._handle: IO[bytes] | None = None
        self._tmp: Path | None = None

    def __enter__(self) -> Self:
        store = self._cache.root / "artifacts" / "sha256"
        directory = store / self._expected[:2] if self._expected else store
        try:
            directory.mkdir(parents=True, exist_ok=True)
            fd, name = tempfile.mkstemp(prefix=".partial-", suffix=".tmp", dir=directory)
        except OSError as exc:
            raise _unwritable(exc, directory) from None
        self._tmp = Path(name)
        self._handle = os.fdopen(fd, "wb")
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._close()
        if self._tmp is not None:
            self._tmp.unlink(missing_ok=True)

    @property
    def size(self) -> int:
        """Bytes written so far."""
        return self._size

    def write(self, data: bytes) -> None:
        if self._handle is None:
            raise RuntimeError("use the writer as a context manager")
        try:
            self._handle.write(data)
        except OSError as exc:
            raise _unwritable(exc, self._tmp or self._cache.root) from None
        self._hash.update(data)
        self._size += len(data)

    def reset(self) -> None:
        """Forget everything written: the retried download starts from its first byte."""
        if self._handle is None:
            raise RuntimeError("use the writer as a context manager")
        self._handle.seek(0)
        self._handle.truncate()
        self._hash = hashlib.sha256()
        self._size = 0

    def commit(self) -> LocalArtifact:
        """Check the hash and move the file into the cache; raises HashMismatch."""
        if self._handle is None or self._tmp is None:
            raise RuntimeError("commit once, inside `with`")
        actual = self._hash.hexdigest()
        if self._expected is not None and actual != self._expected:
            raise HashMismatch(
                f"hash mismatch: expected {to_sri(self._expected)}, got {to_sri(actual)}",
                location=Location(file=self._name),
                hint=f"downloaded from {self._source}" if self._source else None,
            )
        self._handle.flush()
        os.fsync(self._handle.fileno())
        self._close()
        path = self._cache.artifact_path(actual)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._tmp.replace(path)
        except OSError as exc:
            raise _unwritable(exc, path) from None
        self._tmp = None
        return LocalArtifact(path=path, sha256=actual, size=self._size)

    def _close(self) -> None:
        if self._handle is not None:
            self._handle.close()
            self._handle = None


def _unwritable(exc: OSError, path: Path) -> PynixError:
    return PynixError(
        f"cannot write to the cache: {exc.strerror}",
        text=str(path),
        hint="set XDG_CACHE_HOME to a writable directory",
    )


def _fact_header(kind: str, digest: str, version: int) -> dict[str, JSON]:
    return {"format": FACTS_FORMAT, "kind": kind, "sha256": digest, "version": version}


def _hash_file(path: Path) -> tuple[str, int]:
    digest = hashlib.sha256()
    size = 0
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


@contextlib.contextmanager
def _atomic(path: Path) -> Iterator[IO[bytes]]:
    """Write ``path`` through a temporary file beside it, renamed into place on success."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=".partial-", suffix=".tmp", dir=path.parent)
    tmp = Path(name)
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        tmp.replace(path)
    finally:
        tmp.unlink(missing_ok=True)
