"""Completing locks from the test index: files by hash, URLs by file name, and what fails."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path

import pytest
from packaging.utils import NormalizedName

from pynix.errors import DownloadFailed, HashMismatch, InvalidLock
from pynix.index import Cache, IndexClient
from pynix.locks.hashes import hex_to_sri
from pynix.locks.requirements_lock import read_requirements_lock
from pynix.model import (
    Artifact,
    ArtifactKind,
    LockedPackage,
    LockFormat,
    LockSet,
    PathSource,
    RegistrySource,
)
from pynix.resolve.artifacts import needs_resolution, resolve_artifacts
from tests.support.index_server import IndexServer
from tests.support.universe import Universe

pytestmark = pytest.mark.slow

REGISTRY = RegistrySource(url="https://pypi.example/simple")
FILE = Artifact(
    kind=ArtifactKind.SDIST, filename="alpha-1.0.tar.gz", hash="sha256-" + "A" * 43 + "="
)

# (id, package, needs the index)
NEEDS = [
    (
        "only-hashes",
        LockedPackage(name=NormalizedName("a"), version="1", source=REGISTRY, file_hashes=("x",)),
        True,
    ),
    ("unhashed-pin", LockedPackage(name=NormalizedName("a"), version="1", source=REGISTRY), True),
    (
        "file-without-url",
        LockedPackage(name=NormalizedName("a"), version="1", source=REGISTRY, sdist=FILE),
        True,
    ),
    (
        "located",
        LockedPackage(
            name=NormalizedName("a"),
            version="1",
            source=REGISTRY,
            sdist=dataclasses.replace(FILE, url="u"),
        ),
        False,
    ),
    (
        "local-path",
        LockedPackage(name=NormalizedName("a"), version=None, source=PathSource(path="x")),
        False,
    ),
    ("no-version", LockedPackage(name=NormalizedName("a"), version=None, source=REGISTRY), False),
]


@pytest.mark.parametrize(("package", "expected"), [n[1:] for n in NEEDS], ids=[n[0] for n in NEEDS])
def test_needs_resolution(package: LockedPackage, expected: bool) -> None:  # noqa: FBT001 -- a table column
    assert needs_resolution(package) is expected


@pytest.fixture
def client(index_server: IndexServer, tmp_path: Path) -> Iterator[IndexClient]:
    with IndexClient(
        [index_server.index_url],
        cache=Cache(tmp_path / "cache"),
        netrc=tmp_path / "no-netrc",
        environ={},
        retries=0,
    ) as made:
        yield made


def _requirements(universe: Universe, *lines: tuple[str, str, list[str]]) -> str:
    """``name==version`` lines hashed with the sha256 of the given universe files."""
    text = []
    for name, version, files in lines:
        hashes = " ".join(f"--hash=sha256:{universe.artifact(f).sha256}" for f in files)
        text.append(f"{name}=={version} {hashes}")
    return "\n".join(text) + "\n"


def test_files_found_by_hash(
    client: IndexClient, universe: Universe, index_server: IndexServer
) -> None:
    text = _requirements(
        universe,
        ("alpha", "2.0", ["alpha-2.0-py3-none-any.whl", "alpha-2.0.tar.gz"]),
        ("delta", "1.0", ["delta-1.0.zip"]),  # only the sdist's hash: only the sdist
    )
    lock = read_requirements_lock(text)
    resolved = resolve_artifacts(lock, client)
    alpha, delta = resolved.packages
    files = {a.filename: a for a in universe.release("alpha", "2.0").artifacts}
    assert alpha.wheels == (
        Artifact(
            kind=ArtifactKind.WHEEL,
            filename="alpha-2.0-py3-none-any.whl",
            url=f"{index_server.url}/files/alpha-2.0-py3-none-any.whl",
            hash=hex_to_sri(files["alpha-2.0-py3-none-any.whl"].sha256),
            size=files["alpha-2.0-py3-none-any.whl"].size,
        ),
    )
    assert alpha.sdist is not None
    assert alpha.sdist.filename == "alpha-2.0.tar.gz"
    assert alpha.file_hashes == ()
    assert (delta.sdist and delta.sdist.filename, delta.wheels) == ("delta-1.0.zip", ())
    assert not any(needs_resolution(p) for p in resolved.packages)


def test_a_pin_whose_hashes_match_nothing(client: IndexClient, index_server: IndexServer) -> None:
    lock = read_requirements_lock(f"alpha==2.0 --hash=sha256:{'ab' * 32}\n", name="reqs.txt")
    with pytest.raises(InvalidLock) as info:
        resolve_artifacts(lock, client)
    assert str(info.value) == (
        f"reqs.txt:1: alpha 2.0: none of its 1 hash matches a file on {index_server.index_url}\n"
        "  hint: the index must serve the files the lock was made from"
    )


def test_a_hash_of_another_version_does_not_count(client: IndexClient, universe: Universe) -> None:
    text = _requirements(universe, ("alpha", "2.0", ["alpha-1.0.tar.gz", "alpha-2.0.tar.gz"]))
    (alpha,) = resolve_artifacts(read_requirements_lock(text), client).packages
    assert [a.filename for a in alpha.artifacts] == ["alpha-2.0.tar.gz"]


def test_unhashed_pins_get_every_file_of_their_version_without_a_hash(client: IndexClient) -> None:
    lock = read_requirements_lock("beta==1.0\n", allow_unhashed=True)
    (beta,) = resolve_artifacts(lock, client).packages
    assert [(a.filename, a.hash) for a in beta.artifacts] == [
        ("beta-1.0-py3-none-any.whl", None),
        ("beta-1.0.tar.gz", None),
    ]


def test_file_names_get_their_urls(
    client: IndexClient, universe: Universe, index_server: IndexServer
) -> None:
    sha = universe.artifact("gamma-1.0.tar.gz").sha256
    named = Artifact(kind=ArtifactKind.SDIST, filename="gamma-1.0.tar.gz", hash=hex_to_sri(sha))
    gamma = LockedPackage(name=NormalizedName("gamma"), version="1.0", source=REGISTRY, sdist=named)
    lock = LockSet(format=LockFormat.POETRY, packages=(gamma,), source_file="poetry.lock")
    (found,) = resolve_artifacts(lock, client).packages
    assert found.sdist == dataclasses.replace(
        named,
        url=f"{index_server.url}/files/gamma-1.0.tar.gz",
        size=universe.artifact("gamma-1.0.tar.gz").size,
    )


def test_a_named_file_with_another_hash(client: IndexClient, universe: Universe) -> None:
    named = dataclasses.replace(FILE, filename="gamma-1.0.tar.gz")
    gamma = LockedPackage(name=NormalizedName("gamma"), version="1.0", source=REGISTRY, sdist=named)
    lock = LockSet(format=LockFormat.POETRY, packages=(gamma,), source_file="poetry.lock")
    with pytest.raises(HashMismatch) as info:
        resolve_artifacts(lock, client)
    assert str(info.value) == (
        f"poetry.lock: gamma-1.0.tar.gz: the index has sha256 "
        f"{universe.artifact('gamma-1.0.tar.gz').sha256}, the lock {'00' * 32}"
    )


def test_a_named_file_the_index_does_not_have(
    client: IndexClient, index_server: IndexServer
) -> None:
    named = dataclasses.replace(FILE, filename="gamma-9.0.tar.gz")
    gamma = LockedPackage(name=NormalizedName("gamma"), version="9.0", source=REGISTRY, sdist=named)
    lock = LockSet(format=LockFormat.PDM, packages=(gamma,), source_file="pdm.lock")
    with pytest.raises(DownloadFailed) as info:
        resolve_artifacts(lock, client)
    assert str(info.value) == f"pdm.lock: gamma-9.0.tar.gz is not on {index_server.index_url}"


def test_a_version_the_index_does_not_have(client: IndexClient, index_server: IndexServer) -> None:
    lock = read_requirements_lock("alpha==7.0\n", allow_unhashed=True)
    with pytest.raises(DownloadFailed) as info:
        resolve_artifacts(lock, client)
    assert str(info.value) == (
        f"requirements.txt:1: alpha 7.0: {index_server.index_url} has no wheel or sdist of this "
        "version"
    )


def test_nothing_to_do_asks_nothing(client: IndexClient, index_server: IndexServer) -> None:
    lock = LockSet(format=LockFormat.UV, packages=())
    assert resolve_artifacts(lock, client) is lock
    assert index_server.requests == []
