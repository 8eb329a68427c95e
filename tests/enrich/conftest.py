"""Fixtures of the enrichment tests: locks over the test index, and a client of it."""

from __future__ import annotations

import contextlib
import hashlib
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from packaging.utils import canonicalize_name

from pynix.index import Cache, IndexClient
from pynix.locks.hashes import hex_to_sri
from pynix.model import Artifact, ArtifactKind, LockedPackage, LockFormat, LockSet, RegistrySource
from tests.support.archives import tar_gz_bytes
from tests.support.artifacts import Distribution, build_wheel
from tests.support.index_server import IndexServer
from tests.support.native import NativeLibraries, compile_native_libraries
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
                hash=hex_to_sri(a.sha256),
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


@pytest.fixture(scope="session")
def native() -> NativeLibraries:
    """The two real shared objects of the test index's native wheel, compiled once."""
    return compile_native_libraries()


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


def artifact(path: Path, server: IndexServer, *, content: bytes | None = None) -> Artifact:
    """A locked artifact for the file at ``path`` served by ``server``.

    ``content`` (default: the file's bytes) is what the hash is computed over.
    """
    data = path.read_bytes() if content is None else content
    return Artifact(
        kind=ArtifactKind.WHEEL if path.name.endswith(".whl") else ArtifactKind.SDIST,
        filename=path.name,
        url=f"{server.url}/files/{path.name}",
        hash=hex_to_sri(hashlib.sha256(data).hexdigest()),
        size=len(data),
    )


def package(name: str, version: str, *artifacts: Artifact) -> LockedPackage:
    """A locked package of ``artifacts`` (one sdist at most, any wheels)."""
    sdists = [a for a in artifacts if a.kind is ArtifactKind.SDIST]
    return LockedPackage(
        name=canonicalize_name(name),
        version=version,
        source=RegistrySource(url="https://example.invalid/simple"),
        sdist=sdists[0] if sdists else None,
        wheels=tuple(a for a in artifacts if a.kind is ArtifactKind.WHEEL),
    )


class Shelf:
    """A directory of hand-made artifacts, served by its own index server once filled."""

    def __init__(self, root: Path) -> None:
        self.root = root
        root.mkdir(parents=True, exist_ok=True)

    def wheel(self, name: str, tags: tuple[str, ...], files: dict[str, bytes]) -> Path:
        """A wheel of ``name`` 1.0 with the given tags and extra members."""
        return build_wheel(Distribution(name=name, version="1.0"), self.root, tags=tags,
                           extra_files=files)  # fmt: skip

    def sdist(self, name: str, members: dict[str, bytes]) -> Path:
        """A ``.tar.gz`` sdist of ``name`` 1.0 holding ``members`` under its top directory."""
        top = f"{name}-1.0"
        path = self.root / f"{top}.tar.gz"
        path.write_bytes(tar_gz_bytes({f"{top}/{m}": data for m, data in members.items()}))
        return path

    def copy(self, source: Path) -> Path:
        return Path(shutil.copy(source, self.root / source.name))


@pytest.fixture
def shelf(tmp_path: Path) -> Shelf:
    return Shelf(tmp_path / "shelf")


@pytest.fixture
def serve(shelf: Shelf) -> Iterator[Callable[[], IndexServer]]:
    """``serve()``: start an index server over the shelf as it is now (stopped after the test)."""
    with contextlib.ExitStack() as stack:
        yield lambda: stack.enter_context(IndexServer(shelf.root))
