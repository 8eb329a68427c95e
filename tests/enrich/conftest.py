"""Fixtures of the enrichment tests: locks over the test index, and a client of it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from packaging.utils import canonicalize_name

from pynix.index import Cache, IndexClient
from pynix.index._hashes import to_sri
from pynix.model import Artifact, ArtifactKind, LockedPackage, LockFormat, LockSet, RegistrySource
from tests.support.index_server import IndexServer
from tests.support.universe import Universe

ClientFactory = Callable[..., IndexClient]


def locked(universe: Universe, server: IndexServer, *releases: tuple[str, str]) -> LockSet:
    """A lock pinning ``(project, version)`` releases of the universe, as a lock reader would.

    Artifacts point at the server's ``/files/`` URLs with SRI hashes and sizes.
    """
    packages = []
    for project, version in releases:
        release = universe.release(project, version)
        artifacts = [
            Artifact(
                kind=ArtifactKind(a.kind),
                filename=a.filename,
                url=f"{server.url}/files/{a.filename}",
                hash=to_sri(a.sha256),
                size=a.size,
            )
            for a in release.artifacts
        ]
        sdists = [a for a in artifacts if a.kind is ArtifactKind.SDIST]
        packages.append(
            LockedPackage(
                name=canonicalize_name(project),
                version=version,
                source=RegistrySource(url=server.index_url),
                sdist=sdists[0] if sdists else None,
                wheels=tuple(a for a in artifacts if a.kind is ArtifactKind.WHEEL),
            )
        )
    return LockSet(format=LockFormat.UV, packages=tuple(packages))


@pytest.fixture
def cache(tmp_path: Path) -> Cache:
    return Cache(tmp_path / "cache")


@pytest.fixture
def make_client(tmp_path: Path, cache: Cache) -> Iterator[ClientFactory]:
    """``make_client(index_url, **options)``: a quiet test client over ``cache``."""
    made: list[IndexClient] = []

    def make(*indexes: str, **options: Any) -> IndexClient:
        settings: dict[str, Any] = {
            "cache": cache,
            "netrc": tmp_path / "no-netrc",
            "environ": {},
            "retries": 1,
            "backoff": 0.001,
            "timeout": 5.0,
        }
        settings.update(options)
        client = IndexClient(list(indexes), **settings)
        made.append(client)
        return client

    yield make
    for client in made:
        client.close()


@pytest.fixture
def client(index_server: IndexServer, make_client: ClientFactory) -> IndexClient:
    return make_client(index_server.index_url)
