"""Byte-for-byte reproducible zip, tar and gzip archives for the test index.

The test suite builds every wheel and sdist it serves, and their sha256 hashes
end up in locks and golden files. So the same members must always give the
same bytes -- on every run and on every machine. Three things usually break
that, and this module avoids each:

* timestamps, owners and permissions: every member gets :data:`EPOCH` and a
  fixed mode, owner ``0``/``0`` and no user or group names;
* member order: members are written in the order given (callers sort);
* the compressor: zlib builds differ (zlib-ng, as in recent Fedora, emits other
  bytes than classic zlib for the same level), so deflate streams are produced
  here by :func:`deflate`, a small LZ77 encoder with the fixed Huffman code of
  RFC 1951 section 3.2.6. Its output depends on nothing but its input; any
  inflater (``zlib.decompress(data, -15)``) reads it.

Zip archives (APPNOTE 6.3.x, no zip64, no data descriptors) are written by
hand for the same reason: :mod:`zipfile` can only compress through zlib.

>>> data = b"abcabcabcabc" * 10
>>> import zlib
>>> zlib.decompress(deflate(data), -15) == data
True
>>> zip_bytes({"a.txt": b"hi"}) == zip_bytes({"a.txt": b"hi"})
True
"""

from __future__ import annotations

import io
import struct
import tarfile
import zlib
from collections.abc import Mapping

__all__ = ["EPOCH", "deflate", "gzip_bytes", "tar_gz_bytes", "zip_bytes"]

#: The modification time of every member: 2020-02-02 00:00:00 UTC (also its DOS form below).
EPOCH = 1580601600
_DOS_TIME = 0  # 00:00:00
_DOS_DATE = ((2020 - 1980) << 9) | (2 << 5) | 2

_MIN_MATCH = 3
_MAX_MATCH = 258
_WINDOW = 32768
_CHAIN = 16  # candidate positions remembered per 3-byte prefix: bounded work, good enough ratio

# RFC 1951 3.2.5: (base length, extra bits) for length symbols 257..285, likewise distances.
_LENGTHS = (
    (3, 0), (4, 0), (5, 0), (6, 0), (7, 0), (8, 0), (9, 0), (10, 0), (11, 1), (13, 1), (15, 1),
    (17, 1), (19, 2), (23, 2), (27, 2), (31, 2), (35, 3), (43, 3), (51, 3), (59, 3), (67, 4),
    (83, 4), (99, 4), (115, 4), (131, 5), (163, 5), (195, 5), (227, 5), (258, 0),
)  # fmt: skip
_DISTANCES = (
    (1, 0), (2, 0), (3, 0), (4, 0), (5, 1), (7, 1), (9, 2), (13, 2), (17, 3), (25, 3), (33, 4),
    (49, 4), (65, 5), (97, 5), (129, 6), (193, 6), (257, 7), (385, 7), (513, 8), (769, 8),
    (1025, 9), (1537, 9), (2049, 10), (3073, 10), (4097, 11), (6145, 11), (8193, 12),
    (12289, 12), (16385, 13), (24577, 13),
)  # fmt: skip


def _reverse(code: int, length: int) -> int:
    """Huffman codes are sent most significant bit first into an LSB-first stream."""
    out = 0
    for _ in range(length):
        out = (out << 1) | (code & 1)
        code >>= 1
    return out


def _fixed_literal_code(symbol: int) -> tuple[int, int]:
    """(bits already reversed, bit count) of a literal/length symbol in the fixed code."""
    if symbol < 144:
        return _reverse(0x30 + symbol, 8), 8
    if symbol < 256:
        return _reverse(0x190 + symbol - 144, 9), 9
    if symbol < 280:
        return _reverse(symbol - 256, 7), 7
    return _reverse(0xC0 + symbol - 280, 8), 8


_LITERAL_CODES = tuple(_fixed_literal_code(s) for s in range(286))
_DISTANCE_CODES = tuple(_reverse(d, 5) for d in range(30))


def _bucket(value: int, table: tuple[tuple[int, int], ...]) -> int:
    """Index of the last entry of ``table`` whose base is at most ``value``."""
    index = 0
    for i, (base, _extra) in enumerate(table):
        if base > value:
            break
        index = i
    return index


_LENGTH_SYMBOL = tuple(_bucket(n, _LENGTHS) for n in range(_MAX_MATCH + 1))


class _BitWriter:
    def __init__(self) -> None:
        self.out = bytearray()
        self.acc = 0
        self.count = 0

    def write(self, value: int, nbits: int) -> None:
        self.acc |= value << self.count
        self.count += nbits
        while self.count >= 8:
            self.out.append(self.acc & 0xFF)
            self.acc >>= 8
            self.count -= 8

    def finish(self) -> bytes:
        if self.count:
            self.out.append(self.acc & 0xFF)
        return bytes(self.out)


def _match_length(data: bytes, candidate: int, position: int) -> int:
    """Length of the common run at ``candidate`` and ``position`` (both < len(data)).

    Overlapping runs are fine: deflate copies byte by byte, so a run may reach
    into the bytes it is producing, which equal ``data`` by construction.
    """
    limit = min(_MAX_MATCH, len(data) - position)
    low, high = 0, limit  # binary search on slice equality keeps the comparisons in C
    while low < high:
        mid = (low + high + 1) // 2
        if data[candidate : candidate + mid] == data[position : position + mid]:
            low = mid
        else:
            high = mid - 1
    return low


def deflate(data: bytes) -> bytes:
    """Compress ``data`` into a raw deflate stream (RFC 1951), deterministically.

    One final block with the fixed Huffman code; greedy LZ77 matching over a
    32 KiB window. The output depends only on ``data``.

    >>> import zlib
    >>> zlib.decompress(deflate(b""), -15)
    b''
    >>> len(deflate(b"a" * 1000)) < 20
    True
    """
    bits = _BitWriter()
    bits.write(1, 1)  # BFINAL
    bits.write(1, 2)  # BTYPE = 01, fixed Huffman
    chains: dict[bytes, list[int]] = {}
    position, size = 0, len(data)
    while position < size:
        best_length, best_distance = 0, 0
        key = data[position : position + _MIN_MATCH]
        if len(key) == _MIN_MATCH:
            candidates = chains.setdefault(key, [])
            for candidate in reversed(candidates):
                if position - candidate > _WINDOW:
                    break
                length = _match_length(data, candidate, position)
                if length > best_length:
                    best_length, best_distance = length, position - candidate
                    if length == _MAX_MATCH:
                        break
        if best_length >= _MIN_MATCH:
            symbol = _LENGTH_SYMBOL[best_length]
            base, extra = _LENGTHS[symbol]
            bits.write(*_LITERAL_CODES[257 + symbol])
            if extra:
                bits.write(best_length - base, extra)
            dsymbol = _bucket(best_distance, _DISTANCES)
            dbase, dextra = _DISTANCES[dsymbol]
            bits.write(_DISTANCE_CODES[dsymbol], 5)
            if dextra:
                bits.write(best_distance - dbase, dextra)
            step = best_length
        else:
            bits.write(*_LITERAL_CODES[data[position]])
            step = 1
        for at in range(position, min(position + step, size - _MIN_MATCH + 1)):
            chain = chains.setdefault(data[at : at + _MIN_MATCH], [])
            chain.append(at)
            if len(chain) > _CHAIN:
                del chain[0]
        position += step
    bits.write(*_LITERAL_CODES[256])  # end of block
    return bits.finish()


def gzip_bytes(data: bytes) -> bytes:
    """A gzip file (RFC 1952) holding ``data``: no file name, modification time 0.

    >>> import gzip
    >>> gzip.decompress(gzip_bytes(b"hello"))
    b'hello'
    """
    header = b"\x1f\x8b\x08\x00" + struct.pack("<I", 0) + b"\x00\xff"  # OS 255: unknown
    trailer = struct.pack("<II", zlib.crc32(data), len(data) & 0xFFFFFFFF)
    return header + deflate(data) + trailer


def tar_gz_bytes(
    members: Mapping[str, bytes], *, executable: frozenset[str] = frozenset()
) -> bytes:
    """A ``.tar.gz`` of regular files, in the order of ``members``.

    Names are used as given (an sdist passes ``name-version/...``); files in
    ``executable`` get mode 0755, the rest 0644.

    >>> import tarfile, io
    >>> blob = tar_gz_bytes({"pkg-1.0/PKG-INFO": b"Name: pkg"})
    >>> tarfile.open(fileobj=io.BytesIO(blob)).getnames()
    ['pkg-1.0/PKG-INFO']
    """
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for name, content in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(content)
            info.mtime = EPOCH
            info.mode = 0o755 if name in executable else 0o644
            info.uid = info.gid = 0
            info.uname = info.gname = ""
            tar.addfile(info, io.BytesIO(content))
    return gzip_bytes(buffer.getvalue())


def zip_bytes(
    members: Mapping[str, bytes],
    *,
    executable: frozenset[str] = frozenset(),
    stored: frozenset[str] = frozenset(),
) -> bytes:
    """A zip archive of regular files, in the order of ``members``.

    Members are deflated with :func:`deflate`, except those in ``stored`` and
    those deflating would not shrink, which are stored as they are. Files in
    ``executable`` get Unix mode 0755, the rest 0644.

    >>> import zipfile, io
    >>> archive = zipfile.ZipFile(io.BytesIO(zip_bytes({"a/b.txt": b"x" * 100})))
    >>> archive.read("a/b.txt") == b"x" * 100, archive.testzip()
    (True, None)
    """
    out = bytearray()
    central = bytearray()
    for name, content in members.items():
        encoded = name.encode("ascii")
        crc = zlib.crc32(content)
        packed, method = content, 0
        if name not in stored:
            deflated = deflate(content)
            if len(deflated) < len(content):
                packed, method = deflated, 8
        offset = len(out)
        out += struct.pack(
            "<IHHHHHIIIHH",
            0x04034B50,
            20,  # version needed: 2.0 (deflate)
            0,  # flags
            method,
            _DOS_TIME,
            _DOS_DATE,
            crc,
            len(packed),
            len(content),
            len(encoded),
            0,
        )
        out += encoded + packed
        mode = 0o100755 if name in executable else 0o100644
        central += struct.pack(
            "<IHHHHHHIIIHHHHHII",
            0x02014B50,
            (3 << 8) | 20,  # made by: Unix, spec 2.0 (so the external attributes hold a mode)
            20,
            0,
            method,
            _DOS_TIME,
            _DOS_DATE,
            crc,
            len(packed),
            len(content),
            len(encoded),
            0,  # extra field length
            0,  # comment length
            0,  # disk number
            0,  # internal attributes
            mode << 16,
            offset,
        )
        central += encoded
    end = struct.pack(
        "<IHHHHIIH",
        0x06054B50,
        0,
        0,
        len(members),
        len(members),
        len(central),
        len(out),
        0,
    )
    return bytes(out + central + end)
