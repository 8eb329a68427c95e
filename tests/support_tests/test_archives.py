"""The deterministic archive writers: readable by the standard readers, byte-stable."""

from __future__ import annotations

import gzip
import hashlib
import io
import stat
import tarfile
import zipfile
import zlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.support.archives import EPOCH, deflate, gzip_bytes, tar_gz_bytes, zip_bytes

DEFLATE_VECTORS = [
    pytest.param(b"", id="empty"),
    pytest.param(b"x", id="one-byte"),
    pytest.param(b"ab", id="two-bytes"),
    pytest.param(b"abc" * 3, id="short-repeat"),
    pytest.param(b"z" * 259, id="run-longer-than-max-match"),
    pytest.param(b"z" * 100_000, id="long-run"),
    pytest.param(bytes(range(256)) * 40, id="all-bytes-repeated"),
    # A repeat 33,000 bytes back is outside the 32 KiB window: it must be sent as literals.
    pytest.param(
        hashlib.sha256(b"seed").digest() * 2 + bytes(33_000) + hashlib.sha256(b"seed").digest(),
        id="beyond-window",
    ),
    pytest.param(b"".join(hashlib.sha256(bytes([i])).digest() for i in range(200)), id="random"),
]

# sha256 of deflate(text) for a fixed text: pins the encoder's output, which is what keeps
# every archive's hash the same on machines with other zlib builds.
PINNED_TEXT = b"".join(f"line {i}: {'spam ' * (i % 7)}\n".encode() for i in range(400))
PINNED_DEFLATE_SHA256 = "089ec1034f30e93c47c0e8907909fdc9e780580967d558fc24a62825d78cd3d9"


@pytest.mark.parametrize("data", DEFLATE_VECTORS)
def test_deflate_round_trips_through_zlib(data: bytes) -> None:
    assert zlib.decompress(deflate(data), -15) == data


@given(st.binary(max_size=3000))
def test_deflate_round_trips_any_bytes(data: bytes) -> None:
    assert zlib.decompress(deflate(data), -15) == data


@given(st.lists(st.sampled_from([b"ab", b"abc", b"q" * 40, b"\x00"]), max_size=300))
def test_deflate_round_trips_repetitive_bytes(parts: list[bytes]) -> None:
    data = b"".join(parts)
    assert zlib.decompress(deflate(data), -15) == data


def test_deflate_compresses_repetitive_text() -> None:
    assert len(deflate(PINNED_TEXT)) < len(PINNED_TEXT) // 4


def test_deflate_output_is_pinned() -> None:
    assert hashlib.sha256(deflate(PINNED_TEXT)).hexdigest() == PINNED_DEFLATE_SHA256


def test_gzip_has_no_name_and_no_time() -> None:
    blob = gzip_bytes(b"payload")
    assert blob[:10] == b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff"
    assert gzip.decompress(blob) == b"payload"


def test_zip_members_keep_order_modes_and_time() -> None:
    members = {
        "b.txt": b"b" * 500,
        "a/run.sh": b"#!/bin/sh\n" + b"echo run\n" * 30,
        "c.bin": bytes(range(256)),
    }
    blob = zip_bytes(members, executable=frozenset({"a/run.sh"}), stored=frozenset({"b.txt"}))
    with zipfile.ZipFile(io.BytesIO(blob)) as archive:
        assert archive.testzip() is None
        infos = archive.infolist()
        assert [i.filename for i in infos] == ["b.txt", "a/run.sh", "c.bin"]
        assert {i.filename: archive.read(i) for i in infos} == members
        assert [i.date_time for i in infos] == [(2020, 2, 2, 0, 0, 0)] * 3
        assert [stat.S_IMODE(i.external_attr >> 16) for i in infos] == [0o644, 0o755, 0o644]
        # stored on request; deflated when it helps; stored when deflate would grow it
        assert [i.compress_type for i in infos] == [
            zipfile.ZIP_STORED,
            zipfile.ZIP_DEFLATED,
            zipfile.ZIP_STORED,
        ]


def test_zip_is_byte_identical_across_calls() -> None:
    members = {"x/y.py": b"print('hi')\n" * 20}
    assert zip_bytes(members) == zip_bytes(dict(members))


def test_tar_gz_members_are_normalized() -> None:
    blob = tar_gz_bytes(
        {"p-1/PKG-INFO": b"Name: p\n", "p-1/setup.py": b"x"},
        executable=frozenset({"p-1/setup.py"}),
    )
    with tarfile.open(fileobj=io.BytesIO(blob)) as archive:
        infos = archive.getmembers()
        assert [i.name for i in infos] == ["p-1/PKG-INFO", "p-1/setup.py"]
        assert [(i.mtime, i.uid, i.gid, i.uname, i.gname) for i in infos] == [
            (EPOCH, 0, 0, "", ""),
            (EPOCH, 0, 0, "", ""),
        ]
        assert [i.mode for i in infos] == [0o644, 0o755]
        extracted = archive.extractfile("p-1/PKG-INFO")
        assert extracted is not None
        assert extracted.read() == b"Name: p\n"
    assert tar_gz_bytes({"a": b"1"}) == tar_gz_bytes({"a": b"1"})
