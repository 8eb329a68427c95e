"""Parts of artifacts: PEP 658 metadata, wheels read by range requests, sdist members.

The request log of the test index proves what was read: for the 263 KB
``delta`` wheel (no PEP 658 file) its METADATA costs one 16 KiB request.
"""

from __future__ import annotations

import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from pynix.errors import HashMismatch, InvalidArchive
from pynix.formats.simple_api import DistributionFile
from pynix.index import IndexClient, ProgressKind
from pynix.index._hashes import to_sri
from tests.support.archives import tar_gz_bytes
from tests.support.index_server import IndexServer
from tests.support.universe import Universe

ClientFactory = Callable[..., IndexClient]
BIG = "delta-1.0-py3-none-any.whl"  # 263 KB, no PEP 658 file
SMALL = "alpha-1.0-py3-none-any.whl"  # 1 KB, with a PEP 658 file
TAIL = 16 * 1024  # the client's default first range


def _file(client: IndexClient, filename: str) -> DistributionFile:
    project = filename.partition("-")[0]
    return next(f for f in client.project(project).files if f.filename == filename)


def _url(server: IndexServer, filename: str) -> str:
    return f"{server.url}/files/{filename}"


def _cache_files(client: IndexClient) -> list[Path]:
    return sorted(p for p in client.cache.root.rglob("*") if p.is_file())


def _extent(path: Path, member: str) -> tuple[int, int]:
    """Where a member lies in the zip: its local header offset and the next member's."""
    with zipfile.ZipFile(path) as archive:
        offsets = [*sorted(i.header_offset for i in archive.infolist()), archive.start_dir]
        start = archive.getinfo(member).header_offset
    return start, offsets[offsets.index(start) + 1]


# --- core metadata ---------------------------------------------------------------------------


def test_metadata_from_the_pep_658_file(
    client: IndexClient, index_server: IndexServer, universe: Universe
) -> None:
    file = _file(client, SMALL)
    index_server.clear_log()
    metadata = client.core_metadata(file)
    assert metadata == (universe.root / f"{SMALL}.metadata").read_bytes()
    assert [(r.path, r.range) for r in index_server.requests] == [
        (f"/files/{SMALL}.metadata", None)
    ]
    # Cached by its hash: a second call makes no request.
    index_server.clear_log()
    assert client.core_metadata(file) == metadata
    assert index_server.requests == []


def test_a_wrong_metadata_file_is_refused(
    client: IndexClient, index_server: IndexServer, universe: Universe
) -> None:
    file = _file(client, SMALL)
    index_server.inject("corrupt", pattern="*.metadata")
    with pytest.raises(HashMismatch) as caught:
        client.core_metadata(file)
    expected = universe.artifact(SMALL).metadata_sha256
    assert expected is not None
    assert str(caught.value).startswith(
        f"{SMALL}.metadata: hash mismatch: expected {to_sri(expected)}, got sha256-"
    )
    assert _cache_files(client) == []


def test_metadata_from_the_wheel_when_the_metadata_file_is_missing(
    client: IndexClient, index_server: IndexServer
) -> None:
    file = _file(client, SMALL)
    index_server.inject("no_metadata")
    index_server.clear_log()
    metadata = client.core_metadata(file)
    assert metadata.startswith(b"Metadata-Version: 2.3\nName: alpha\nVersion: 1.0\n")
    assert [(r.path, r.status) for r in index_server.requests] == [
        (f"/files/{SMALL}.metadata", 404),
        (f"/files/{SMALL}", 206),  # a 1 KB wheel: the first range is the whole file
    ]


def test_metadata_of_the_big_wheel_costs_one_small_request(
    client: IndexClient, index_server: IndexServer, universe: Universe
) -> None:
    file = _file(client, BIG)
    assert not file.core_metadata
    index_server.clear_log()
    metadata = client.core_metadata(file)
    with zipfile.ZipFile(universe.artifact(BIG).path) as archive:
        assert metadata == archive.read("delta-1.0.dist-info/METADATA")
    (request,) = index_server.requests
    assert (request.range, request.status, request.bytes_sent) == (f"bytes=-{TAIL}", 206, TAIL)
    assert request.bytes_sent * 16 < universe.artifact(BIG).size
    assert _cache_files(client) == []  # part of a file: nothing to verify, nothing cached


def test_metadata_of_an_sdist(client: IndexClient, index_server: IndexServer) -> None:
    file = _file(client, "alpha-1.0.tar.gz")
    assert client.core_metadata(file).startswith(b"Metadata-Version: 2.3\nName: alpha\n")


# --- wheels by range requests ----------------------------------------------------------------


def test_a_member_far_from_the_tail_costs_one_more_request(
    client: IndexClient, index_server: IndexServer, universe: Universe
) -> None:
    artifact = universe.artifact(BIG)
    found = client.read_wheel(
        _url(index_server, BIG), ["delta/__init__.py"], expected_hash=artifact.sha256
    )
    assert found == {"delta/__init__.py": b'__version__ = "1.0"\n'}
    start, end = _extent(artifact.path, "delta/__init__.py")
    assert [(r.range, r.bytes_sent) for r in index_server.requests] == [
        (f"bytes=-{TAIL}", TAIL),
        (f"bytes={start}-{end - 1}", end - start),
    ]


def test_neighbouring_members_share_a_request(
    client: IndexClient, index_server: IndexServer, universe: Universe
) -> None:
    artifact = universe.artifact(BIG)
    found = client.read_wheel(
        _url(index_server, BIG), lambda name: name.startswith("delta/"), name=BIG
    )
    assert sorted(found) == ["delta/__init__.py", "delta/_table.bin"]
    first, _ = _extent(artifact.path, "delta/__init__.py")
    _, last = _extent(artifact.path, "delta/_table.bin")
    tail_start = artifact.size - TAIL  # the end of _table.bin came with the tail
    assert last > tail_start
    assert [r.range for r in index_server.requests] == [
        f"bytes=-{TAIL}",
        f"bytes={first}-{tail_start - 1}",
    ]


def test_open_wheel_reads_lazily(
    client: IndexClient, index_server: IndexServer, universe: Universe
) -> None:
    artifact = universe.artifact(BIG)
    with (
        client.open_wheel(_url(index_server, BIG)) as archive,
        zipfile.ZipFile(artifact.path) as local,
    ):
        assert archive.namelist() == local.namelist()
        record = "delta-1.0.dist-info/RECORD"
        assert archive.read(record) == local.read(record)
    assert len(index_server.requests) == 1


def test_a_server_without_ranges_sends_the_whole_file_once(
    client: IndexClient, index_server: IndexServer, universe: Universe
) -> None:
    artifact = universe.artifact(BIG)
    url = _url(index_server, BIG)
    index_server.inject("no_range")
    found = client.read_wheel(url, ["delta/__init__.py"], expected_hash=to_sri(artifact.sha256))
    assert found == {"delta/__init__.py": b'__version__ = "1.0"\n'}
    ((status, sent),) = [(r.status, r.bytes_sent) for r in index_server.requests]
    assert (status, sent) == (200, artifact.size)
    cached = client.cache.get(artifact.sha256)
    assert cached is not None
    assert cached.path.read_bytes() == artifact.path.read_bytes()
    index_server.clear_log()
    assert client.read_wheel(url, ["delta/__init__.py"], expected_hash=artifact.sha256) == found
    assert index_server.requests == []


def test_a_whole_file_without_ranges_is_verified(
    client: IndexClient, index_server: IndexServer, universe: Universe
) -> None:
    artifact = universe.artifact(BIG)
    index_server.inject("no_range")
    index_server.inject("corrupt", pattern="/files/*")
    with pytest.raises(HashMismatch, match=rf"^{BIG}: hash mismatch: expected "):
        client.read_wheel(_url(index_server, BIG), ["x"], expected_hash=artifact.sha256)
    assert _cache_files(client) == []


def test_a_small_wheel_arrives_whole_and_is_cached(
    client: IndexClient, index_server: IndexServer, universe: Universe
) -> None:
    artifact = universe.artifact(SMALL)
    url = _url(index_server, SMALL)
    found = client.read_wheel(url, ["alpha/__init__.py"], expected_hash=artifact.sha256)
    assert list(found) == ["alpha/__init__.py"]
    assert client.cache.get(artifact.sha256) is not None
    index_server.clear_log()
    client.read_wheel(url, ["alpha/__init__.py"], expected_hash=artifact.sha256)
    assert index_server.requests == []


def test_a_small_wrong_wheel_is_refused(
    client: IndexClient, index_server: IndexServer, universe: Universe
) -> None:
    index_server.inject("corrupt", pattern="/files/*")
    with pytest.raises(HashMismatch):
        client.read_wheel(
            _url(index_server, SMALL), ["x"], expected_hash=universe.artifact(SMALL).sha256
        )
    assert _cache_files(client) == []


def test_wrong_bytes_in_a_range_read(client: IndexClient, index_server: IndexServer) -> None:
    index_server.inject("corrupt", pattern="/files/*")
    with pytest.raises(InvalidArchive) as caught:
        client.read_wheel(_url(index_server, BIG), ["delta/__init__.py"])
    assert str(caught.value) == f"{BIG}: not a zip archive (File is not a zip file)"


def test_a_truncated_range_is_retried(
    client: IndexClient, index_server: IndexServer, events: list[object]
) -> None:
    index_server.inject("truncate", pattern="/files/*", times=1)
    found = client.read_wheel(_url(index_server, BIG), ["delta-1.0.dist-info/WHEEL"])
    assert list(found) == ["delta-1.0.dist-info/WHEEL"]
    assert [r.bytes_sent for r in index_server.requests] == [TAIL // 2, TAIL]


@pytest.mark.parametrize(
    ("size", "message"),
    [
        pytest.param(100, "not a zip archive (File is not a zip file)", id="small"),
        pytest.param(100_000, "not a zip archive (File is not a zip file)", id="big"),
        pytest.param(0, "not a zip archive (an empty file)", id="empty"),
    ],
)
def test_a_wheel_that_is_not_a_zip(
    tmp_path: Path,
    universe: Universe,
    make_client: ClientFactory,
    size: int,
    message: str,
) -> None:
    root = tmp_path / "index"
    root.mkdir()
    wheel = root / SMALL
    shutil.copy(universe.artifact(SMALL).path, wheel)
    with IndexServer(root) as server:  # scanned as a wheel, then replaced by other bytes
        wheel.write_bytes(b"<html>not found</html>"[:size] * (size // 22 + 1))
        wheel.write_bytes(wheel.read_bytes()[:size])
        client = make_client(server.index_url)
        with pytest.raises(InvalidArchive) as caught:
            client.read_wheel(_url(server, SMALL), ["alpha/__init__.py"])
    assert str(caught.value) == f"{SMALL}: {message}"


# --- sdists ----------------------------------------------------------------------------------


def test_tar_sdist_members(
    client: IndexClient, index_server: IndexServer, universe: Universe
) -> None:
    artifact = universe.artifact("alpha-1.0.tar.gz")
    found = client.read_sdist(
        _url(index_server, artifact.filename),
        ["pyproject.toml", "PKG-INFO", "setup.py"],
        expected_hash=artifact.sha256,
    )
    assert sorted(found) == ["PKG-INFO", "pyproject.toml"]
    assert b'build-backend = "hatchling.build"' in found["pyproject.toml"]
    assert client.cache.get(artifact.sha256) is not None  # downloaded whole, verified, kept


def test_legacy_sdist_has_no_pyproject(
    client: IndexClient, index_server: IndexServer, universe: Universe
) -> None:
    artifact = universe.artifact("legacy_lib-0.9.tar.gz")
    found = client.read_sdist(_url(index_server, artifact.filename), ["pyproject.toml", "setup.py"])
    assert list(found) == ["setup.py"]


def test_a_wrong_sdist_is_refused(
    client: IndexClient, index_server: IndexServer, universe: Universe
) -> None:
    artifact = universe.artifact("alpha-1.0.tar.gz")
    index_server.inject("corrupt", pattern="/files/*")
    with pytest.raises(HashMismatch):
        client.read_sdist(
            _url(index_server, artifact.filename), ["pyproject.toml"], expected_hash=artifact.sha256
        )
    assert _cache_files(client) == []


def test_zip_sdist_read_by_ranges(
    index_server: IndexServer, universe: Universe, make_client: ClientFactory
) -> None:
    artifact = universe.artifact("delta-1.0.zip")
    client = make_client(index_server.index_url, range_tail=200)
    found = client.read_sdist(_url(index_server, artifact.filename), ["pyproject.toml"])
    assert b"setuptools" in found["pyproject.toml"]
    assert all(r.status == 206 for r in index_server.requests)
    assert sum(r.bytes_sent for r in index_server.requests) < artifact.size


def test_progress_of_range_reads(
    client: IndexClient, index_server: IndexServer, events: list[object]
) -> None:
    client.read_wheel(_url(index_server, BIG), ["delta/__init__.py"])
    kinds = [getattr(e, "kind", None) for e in events]
    assert kinds == [ProgressKind.START, ProgressKind.DONE] * 2


def test_an_sdist_without_pkg_info(tmp_path: Path, make_client: ClientFactory) -> None:
    root = tmp_path / "index"
    root.mkdir()
    (root / "bare-1.0.tar.gz").write_bytes(tar_gz_bytes({"bare-1.0/setup.py": b"setup()\n"}))
    with IndexServer(root) as server:
        client = make_client(server.index_url)
        (file,) = client.project("bare").files
        with pytest.raises(InvalidArchive) as caught:
            client.core_metadata(file)
    assert str(caught.value) == "bare-1.0.tar.gz: not an sdist: no PKG-INFO"
