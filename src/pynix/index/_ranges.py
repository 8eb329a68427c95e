"""A read-only, seekable file whose bytes are fetched on demand, for :mod:`zipfile`.

:class:`RangeFile` knows the file's size and some of its bytes (usually the
tail, which holds a zip's central directory) and asks ``fetch(start, end)``
for any other span a reader touches. Opening a wheel as a
``zipfile.ZipFile`` over it reads the end-of-central-directory record and
the central directory from the tail; after :meth:`RangeFile.set_boundaries`
with the members' header offsets, reading one member costs one request: a
miss is fetched up to the next member boundary, which is exactly the local
header, the compressed data and the data descriptor of that member.

Fetched spans are kept in memory, merged, for the life of the object.
"""

from __future__ import annotations

import bisect
import io
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from _typeshed import WriteableBuffer

__all__ = ["RangeFile"]


class RangeFile(io.RawIOBase):
    """``size`` bytes, of which ``known`` (offset → bytes) are here and the rest fetched.

    ``fetch(start, end)`` returns exactly the bytes ``[start, end)``.
    ``min_fetch`` is the smallest request made for a miss with no boundary
    information. ``fetched`` lists the requested spans, for measurements.
    """

    def __init__(
        self,
        size: int,
        fetch: Callable[[int, int], bytes],
        *,
        known: Iterable[tuple[int, bytes]] = (),
        min_fetch: int = 4096,
    ) -> None:
        super().__init__()
        self._size = size
        self._fetch = fetch
        self._min_fetch = min_fetch
        self._starts: list[int] = []  # sorted, non-overlapping, non-adjacent spans
        self._spans: list[bytes] = []
        self._boundaries: list[int] = []
        self._pos = 0
        self.fetched: list[tuple[int, int]] = []
        for start, data in known:
            self._add(start, data)

    # -- io.RawIOBase ------------------------------------------------------------------------

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._pos

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        if whence == io.SEEK_SET:
            position = offset
        elif whence == io.SEEK_CUR:
            position = self._pos + offset
        elif whence == io.SEEK_END:
            position = self._size + offset
        else:
            raise ValueError(f"invalid whence {whence}")
        if position < 0:
            raise OSError(f"negative seek position {position}")
        self._pos = position
        return position

    def read(self, size: int = -1, /) -> bytes:
        end = self._size if size < 0 else min(self._pos + size, self._size)
        if end <= self._pos:
            return b""
        data = self.read_span(self._pos, end)
        self._pos = end
        return data

    def readinto(self, buffer: WriteableBuffer) -> int:
        view = memoryview(buffer).cast("B")
        end = min(self._pos + len(view), self._size)
        if end <= self._pos:
            return 0
        data = self.read_span(self._pos, end)
        view[: len(data)] = data
        self._pos = end
        return len(data)

    # -- spans -------------------------------------------------------------------------------

    @property
    def size(self) -> int:
        return self._size

    def set_boundaries(self, offsets: Iterable[int]) -> None:
        """Offsets where a miss may stop: zip members' local header offsets, and the
        central directory's; a miss is fetched up to the next boundary after it."""
        inside = {offset for offset in offsets if 0 < offset < self._size}
        self._boundaries = sorted(inside | {self._size})

    def prefetch(self, spans: Iterable[tuple[int, int]]) -> None:
        """Fetch the missing parts of ``spans``, touching spans merged into one request."""
        merged: list[tuple[int, int]] = []
        clipped = ((max(start, 0), min(end, self._size)) for start, end in spans)
        for start, end in sorted(clipped):
            if start >= end:
                continue
            if merged and start <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(merged[-1][1], end))
            else:
                merged.append((start, end))
        for start, end in merged:
            for gap_start, gap_end in self._gaps(start, end):
                self._get(gap_start, gap_end)

    def read_span(self, start: int, end: int) -> bytes:
        """The bytes ``[start, end)``, fetching what is missing."""
        for gap_start, gap_end in self._gaps(start, end):
            self._get(gap_start, self._extend(gap_start, gap_end))
        index = bisect.bisect_right(self._starts, start) - 1
        base = self._starts[index]
        return self._spans[index][start - base : end - base]

    def _extend(self, start: int, end: int) -> int:
        """Where a miss at ``[start, end)`` should stop: the next boundary, or ``min_fetch``."""
        stop = max(end, min(start + self._min_fetch, self._size))
        if self._boundaries:
            following = self._boundaries[bisect.bisect_right(self._boundaries, start)]
            stop = max(end, following)
        # Never fetch again what is here already.
        index = bisect.bisect_right(self._starts, start)
        if index < len(self._starts):
            stop = min(stop, max(end, self._starts[index]))
        return stop

    def _gaps(self, start: int, end: int) -> list[tuple[int, int]]:
        """The parts of ``[start, end)`` not here yet, in order."""
        gaps: list[tuple[int, int]] = []
        position = start
        first = max(bisect.bisect_right(self._starts, start) - 1, 0)
        for span_start, data in zip(self._starts[first:], self._spans[first:], strict=True):
            span_end = span_start + len(data)
            if span_end <= position:
                continue
            if span_start >= end:
                break
            if span_start > position:
                gaps.append((position, span_start))
            position = span_end
            if position >= end:
                break
        if position < end:
            gaps.append((position, end))
        return gaps

    def _get(self, start: int, end: int) -> None:
        data = self._fetch(start, end)
        self.fetched.append((start, end))
        self._add(start, data)

    def _add(self, start: int, data: bytes) -> None:
        """Insert a span, merging it with the spans it touches or overlaps."""
        end = start + len(data)
        index = bisect.bisect_left(self._starts, start)
        # Merge with the previous span when it reaches ``start``.
        if index > 0 and self._starts[index - 1] + len(self._spans[index - 1]) >= start:
            index -= 1
        new_start, new_data = start, data
        while index < len(self._starts) and self._starts[index] <= end:
            old_start, old_data = self._starts[index], self._spans[index]
            old_end = old_start + len(old_data)
            lo = min(old_start, new_start)
            hi = max(old_end, new_start + len(new_data))
            merged = bytearray(hi - lo)
            merged[old_start - lo : old_end - lo] = old_data
            merged[new_start - lo : new_start - lo + len(new_data)] = new_data
            new_start, new_data = lo, bytes(merged)
            del self._starts[index]
            del self._spans[index]
        self._starts.insert(index, new_start)
        self._spans.insert(index, new_data)
