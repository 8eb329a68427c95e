"""How the pipelines reach package indexes, and where they keep what they learn."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping

from pynix.index import Cache, Index, IndexClient, ProgressCallback, default_cache_root
from pynix.model import Index as ProjectIndex
from pynix.model import LockSet, RegistrySource
from pynix.resolve.artifacts import needs_resolution

__all__ = ["IndexAccess", "client_indexes"]


@dataclasses.dataclass(frozen=True, kw_only=True, slots=True, repr=False)
class IndexAccess:
    """The cache, the credentials' environment and the progress callback of the index client.

    * ``cache``: the artifact and fact cache (default: ``$XDG_CACHE_HOME/pynix``
      of ``environ``);
    * ``environ``: where credentials are looked up -- ``UV_INDEX_<NAME>_USERNAME``
      / ``_PASSWORD`` for named indexes, ``NETRC`` for the netrc file (else
      ``~/.netrc``); default ``os.environ``;
    * ``progress``: receives the client's :class:`~pynix.index.ProgressEvent` values;
    * ``timeout`` and ``retries``: per request, as :class:`~pynix.index.IndexClient` takes them.

    ``repr`` leaves the environment out (it may hold passwords).
    """

    cache: Cache | None = None
    environ: Mapping[str, str] | None = None
    progress: ProgressCallback | None = None
    timeout: float = 30.0
    retries: int = 3

    def __repr__(self) -> str:
        root = self.store().root
        return f"IndexAccess(cache={str(root)!r}, timeout={self.timeout}, retries={self.retries})"

    def store(self) -> Cache:
        """The cache (the default one when none was given)."""
        return self.cache if self.cache is not None else Cache(default_cache_root(self.environ))

    def client(self, indexes: Iterable[Index | str]) -> IndexClient:
        """A client of ``indexes`` (in priority order) over :meth:`store`; close it after use."""
        return IndexClient(
            list(indexes),
            cache=self.store(),
            environ=self.environ,
            progress=self.progress,
            timeout=self.timeout,
            retries=self.retries,
        )


def client_indexes(given: Iterable[ProjectIndex], lock: LockSet | None = None) -> list[Index]:
    """The indexes a client asks, in uv's order: extra indexes first, then the default one.

    Without any given, the registries of the lock's pins that name their
    files only by hash (where :mod:`pynix.resolve.artifacts` must look).

    >>> client_indexes(
    ...     [
    ...         ProjectIndex(url="https://a/simple", default=True),
    ...         ProjectIndex(url="https://b/simple", name="b"),
    ...     ]
    ... )
    [Index(url='https://b/simple', name='b'), Index(url='https://a/simple', name=None)]
    """
    ordered = sorted(given, key=lambda index: index.default)  # a stable sort: defaults last
    found = [Index(url=index.url, name=index.name) for index in ordered]
    if found or lock is None:
        return found
    registries = (
        p.source.url
        for p in lock.packages
        if needs_resolution(p) and isinstance(p.source, RegistrySource)
    )
    return [Index(url=url) for url in dict.fromkeys(registries)]
