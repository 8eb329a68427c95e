"""Members of wheels and sdists: relative names, links skipped, damaged archives named."""

from __future__ import annotations

import hashlib
import io
import tarfile
import zipfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pynix.errors import InvalidArchive, Unsupported
from pynix.index._archives import dist_info_metadata, open_zip, read_sdist, read_zip, selector
from pynix.index._ranges import RangeFile
from pynix.index.client import _member_spans
from tests.support.archives import gzip_bytes, tar_gz_bytes, zip_bytes

SDIST = {
    "demo-1.0/PKG-INFO": b"Metadata-Version: 2.2\nName: demo\n",
    "demo-1.0/pyproject.toml": b'[build-system]\nrequires = ["hatchling"]\n',
    "demo-1.0/src/demo/pyproject.toml": b"# not the top one\n",
}

_NOISE = b"".join(hashlib.sha256(i.to_bytes(4, "big")).digest() for i in range(512))
_WHOLE = tar_gz_bytes({"demo-1.0/PKG-INFO": _NOISE})
TRUNCATED = _WHOLE[: len(_WHOLE) // 2]

# archive bytes, file name, expected message
DAMAGED_SDISTS = [
    pytest.param(b"garbage" * 10, "demo-1.0.tar.gz",
                 "demo-1.0.tar.gz: not a tar archive (gzip, bzip2, xz or plain)", id="not-tar"),
    pytest.param(TRUNCATED,
                 "demo-1.0.tar.gz",
                 "demo-1.0.tar.gz: damaged tar archive (Compressed file ended before the "
                 "end-of-stream marker was reached)", id="truncated-gzip"),
    pytest.param(b"garbage" * 10, "demo-1.0.zip",
                 "demo-1.0.zip: not a zip archive (File is not a zip file)", id="not-zip"),
]  # fmt: skip


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_tar_sdist_members_relative_to_the_top_directory(tmp_path: Path) -> None:
    path = _write(tmp_path, "demo-1.0.tar.gz", tar_gz_bytes(SDIST))
    found = read_sdist(path, ["pyproject.toml", "PKG-INFO", "setup.cfg"], name=path.name)
    assert found == {
        "PKG-INFO": SDIST["demo-1.0/PKG-INFO"],
        "pyproject.toml": SDIST["demo-1.0/pyproject.toml"],
    }


def test_zip_sdist(tmp_path: Path) -> None:
    path = _write(tmp_path, "demo-1.0.zip", zip_bytes(SDIST))
    assert read_sdist(path, ["pyproject.toml"], name=path.name) == {
        "pyproject.toml": SDIST["demo-1.0/pyproject.toml"]
    }


def test_links_and_dot_prefixes_in_a_tar(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as tar:
        link = tarfile.TarInfo("demo-1.0/pyproject.toml")
        link.type = tarfile.SYMTYPE
        link.linkname = "/etc/passwd"
        tar.addfile(link)
        real = tarfile.TarInfo("./demo-1.0/PKG-INFO")
        real.size = 4
        tar.addfile(real, io.BytesIO(b"meta"))
    path = _write(tmp_path, "demo-1.0.tar.gz", gzip_bytes(buffer.getvalue()))
    assert read_sdist(path, ["pyproject.toml", "PKG-INFO"], name=path.name) == {"PKG-INFO": b"meta"}


@pytest.mark.parametrize(("data", "name", "message"), DAMAGED_SDISTS)
def test_damaged_sdists(tmp_path: Path, data: bytes, name: str, message: str) -> None:
    path = _write(tmp_path, name, data)
    with pytest.raises(InvalidArchive) as caught:
        read_sdist(path, ["PKG-INFO"], name=name)
    assert str(caught.value) == message


def test_zstandard_sdists_are_unsupported(tmp_path: Path) -> None:
    path = _write(tmp_path, "demo-1.0.tar.zst", b"(\xb5/\xfd")
    with pytest.raises(Unsupported) as caught:
        read_sdist(path, ["PKG-INFO"], name=path.name)
    assert str(caught.value) == "demo-1.0.tar.zst: zstandard-compressed sdists cannot be read"


def test_wheel_metadata_member() -> None:
    wheel = zip_bytes({"demo/__init__.py": b"", "demo-1.0.dist-info/METADATA": b"Name: demo\n"})
    with open_zip(io.BytesIO(wheel), name="demo-1.0-py3-none-any.whl") as archive:
        member = dist_info_metadata(archive, name="demo-1.0-py3-none-any.whl")
        assert member == "demo-1.0.dist-info/METADATA"
        assert read_zip(archive, [member], name="x") == {member: b"Name: demo\n"}


@pytest.mark.parametrize(
    ("members", "count"),
    [
        pytest.param({"demo/__init__.py": b""}, "no", id="none"),
        pytest.param({"a-1.dist-info/METADATA": b"", "b-1.dist-info/METADATA": b""}, "2",
                     id="two"),
    ],
)  # fmt: skip
def test_not_a_wheel(members: dict[str, bytes], count: str) -> None:
    with (
        open_zip(io.BytesIO(zip_bytes(members)), name="x.whl") as archive,
        pytest.raises(InvalidArchive) as caught,
    ):
        dist_info_metadata(archive, name="x.whl")
    assert str(caught.value) == f"x.whl: not a wheel: {count} .dist-info/METADATA files"


def test_a_damaged_member_is_named() -> None:
    good = zip_bytes({"demo/data.bin": bytes(range(256)) * 8}, stored=frozenset({"demo/data.bin"}))
    damaged = bytearray(good)
    damaged[100] ^= 0xFF  # inside the stored data: the CRC-32 no longer matches
    with (
        open_zip(io.BytesIO(bytes(damaged)), name="x.whl") as archive,
        pytest.raises(InvalidArchive) as caught,
    ):
        read_zip(archive, selector(["demo/data.bin"]), name="x.whl")
    message = "x.whl: cannot read demo/data.bin (Bad CRC-32 for file 'demo/data.bin')"
    assert str(caught.value) == message


def test_directories_are_skipped_and_predicates_select() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("pkg/", b"")
        archive.writestr("pkg/a.so", b"elf")
        archive.writestr("pkg/b.py", b"py")
    with open_zip(io.BytesIO(buffer.getvalue()), name="x.whl") as archive:
        assert read_zip(archive, lambda m: m.endswith((".so", "/")), name="x.whl") == {
            "pkg/a.so": b"elf"
        }


_WHEEL = zip_bytes(
    {
        "demo/__init__.py": b"x = 1\n" * 40,
        "demo-1.0.dist-info/METADATA": b"Metadata-Version: 2.3\nName: demo\n",
    }
)


@given(st.binary(max_size=600))
def test_arbitrary_bytes_give_members_or_invalid_archive(data: bytes) -> None:
    try:
        with open_zip(io.BytesIO(data), name="x.whl") as archive:
            read_zip(archive, lambda _: True, name="x.whl")
    except InvalidArchive:
        pass


@given(
    st.lists(st.tuples(st.integers(0, len(_WHEEL) - 1), st.integers(0, 255)), max_size=12),
    st.integers(1, 400),
)
def test_damaged_wheels_over_ranges_give_members_or_invalid_archive(
    changes: list[tuple[int, int]], tail: int
) -> None:
    """The client's path: a RangeFile, member boundaries, a prefetch, then the reads."""
    damaged = bytearray(_WHEEL)
    for position, value in changes:
        damaged[position] = value
    data = bytes(damaged)

    def fetch(start: int, end: int) -> bytes:
        assert 0 <= start < end <= len(data)  # never a request outside the file
        return data[start:end]

    remote = RangeFile(len(data), fetch, known=[(max(0, len(data) - tail), data[-tail:])])
    try:
        with open_zip(remote, name="x.whl") as archive:
            remote.set_boundaries([i.header_offset for i in archive.infolist()])
            remote.prefetch(_member_spans(archive, lambda name: name.startswith("demo/")))
            read_zip(archive, lambda _: True, name="x.whl")
            dist_info_metadata(archive, name="x.whl")
    except InvalidArchive:
        pass
