"""RangeFile: reads equal the file, nothing is fetched twice, zip members cost one fetch each."""

from __future__ import annotations

import io
import zipfile

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pynix.index._ranges import RangeFile

DATA = bytes(range(256)) * 40  # 10 KiB


class Origin:
    """The remote file: serves spans of ``data`` and remembers every request."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.requests: list[tuple[int, int]] = []

    def __call__(self, start: int, end: int) -> bytes:
        assert 0 <= start < end <= len(self.data), (start, end)
        self.requests.append((start, end))
        return self.data[start:end]

    def fetched_twice(self) -> bool:
        seen: set[int] = set()
        for start, end in self.requests:
            span = set(range(start, end))
            if span & seen:
                return True
            seen |= span
        return False


def test_reads_seeks_and_tells() -> None:
    origin = Origin(DATA)
    file = RangeFile(len(DATA), origin, min_fetch=100)
    assert (file.readable(), file.seekable(), file.size) == (True, True, len(DATA))
    assert file.seek(-10, io.SEEK_END) == len(DATA) - 10
    assert file.read() == DATA[-10:]
    assert file.read(5) == b""
    assert file.seek(1000) == 1000
    assert file.read(3) == DATA[1000:1003]
    assert file.seek(5, io.SEEK_CUR) == 1008
    assert file.tell() == 1008
    buffer = bytearray(4)
    assert file.readinto(buffer) == 4
    assert bytes(buffer) == DATA[1008:1012]
    assert origin.requests == [(len(DATA) - 10, len(DATA)), (1000, 1100)]
    with pytest.raises(OSError, match="negative seek position -1"):
        file.seek(-1)
    with pytest.raises(ValueError, match="invalid whence 7"):
        file.seek(0, 7)


def test_known_bytes_are_not_fetched() -> None:
    origin = Origin(DATA)
    file = RangeFile(len(DATA), origin, known=[(9000, DATA[9000:])])
    file.seek(9500)
    assert file.read(200) == DATA[9500:9700]
    assert origin.requests == []


def test_a_miss_stops_at_known_bytes_and_boundaries() -> None:
    origin = Origin(DATA)
    file = RangeFile(len(DATA), origin, known=[(5000, DATA[5000:6000])], min_fetch=4096)
    assert file.read_span(4000, 4010) == DATA[4000:4010]
    assert origin.requests == [(4000, 5000)]  # not into the known span
    file.set_boundaries([100, 300])
    assert file.read_span(120, 130) == DATA[120:130]
    assert origin.requests[-1] == (120, 300)  # up to the next boundary, not min_fetch
    assert file.read_span(0, len(DATA)) == DATA  # fills every gap, once
    assert not origin.fetched_twice()


def test_prefetch_merges_touching_spans() -> None:
    origin = Origin(DATA)
    file = RangeFile(len(DATA), origin)
    file.prefetch([(300, 400), (100, 200), (200, 300), (900, 950), (-5, 10), (10_000, 20_000)])
    assert origin.requests == [(0, 10), (100, 400), (900, 950), (10_000, len(DATA))]
    assert file.read_span(100, 400) == DATA[100:400]
    assert len(origin.requests) == 4


def _zip(members: int) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for i in range(members):
            archive.writestr(f"pkg/m{i}.py", f"value = {i}\n" * 50)
    return buffer.getvalue()


def test_a_zip_member_costs_one_fetch() -> None:
    raw = _zip(30)
    origin = Origin(raw)
    tail = 1024
    file = RangeFile(len(raw), origin, known=[(len(raw) - tail, raw[-tail:])])
    archive = zipfile.ZipFile(file)
    file.set_boundaries([info.header_offset for info in archive.infolist()] + [archive.start_dir])
    before = len(origin.requests)
    assert archive.read("pkg/m17.py") == b"value = 17\n" * 50
    assert len(origin.requests) == before + 1
    info = archive.getinfo("pkg/m17.py")
    assert origin.requests[-1][0] == info.header_offset
    assert not origin.fetched_twice()


@given(
    size=st.integers(1, 3000),
    known=st.lists(st.tuples(st.integers(0, 2999), st.integers(0, 500)), max_size=3),
    boundaries=st.lists(st.integers(0, 2999), max_size=5),
    reads=st.lists(st.tuples(st.integers(0, 2999), st.integers(0, 400)), max_size=20),
    min_fetch=st.integers(1, 600),
)
def test_reads_equal_the_file_and_nothing_is_fetched_twice(
    size: int,
    known: list[tuple[int, int]],
    boundaries: list[int],
    reads: list[tuple[int, int]],
    min_fetch: int,
) -> None:
    data = bytes(i * 7 % 251 for i in range(size))
    origin = Origin(data)
    pieces = [(start, data[start : start + length]) for start, length in known if start < size]
    file = RangeFile(size, origin, known=pieces, min_fetch=min_fetch)
    if boundaries:
        file.set_boundaries(b for b in boundaries if b < size)
    for start, length in reads:
        file.seek(start)
        assert file.read(length) == data[start : start + length]
    assert not origin.fetched_twice()
