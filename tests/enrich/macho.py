"""Minimal Mach-O files assembled with :mod:`struct`, for tests (no macOS compiler here).

The layout follows Apple's ``<mach-o/loader.h>`` and ``<mach-o/fat.h>``: a
``mach_header(_64)``, then load commands, each ``cmd``, ``cmdsize`` and a
body; ``dylib_command`` carries its install name at offset 24,
``rpath_command`` its path at offset 12, both NUL-terminated and padded to
the pointer size. A universal file is a big-endian ``fat_header`` and one
``fat_arch`` per architecture, each slice page-aligned. The files have no
segments, which dyld would refuse and the reader does not look at.

>>> data = thin(loads=["/usr/lib/libSystem.B.dylib"])
>>> data[:4], len(data)
(b'\\xcf\\xfa\\xed\\xfe', 112)
"""

from __future__ import annotations

import struct
from collections.abc import Sequence

__all__ = [
    "ARM64",
    "LC_ID_DYLIB",
    "LC_LOAD_DYLIB",
    "LC_LOAD_WEAK_DYLIB",
    "LC_REEXPORT_DYLIB",
    "LC_RPATH",
    "LC_UUID",
    "X86_64",
    "command",
    "dylib_command",
    "fat",
    "rpath_command",
    "thin",
]

ARM64 = 0x0100000C
X86_64 = 0x01000007
LC_LOAD_DYLIB = 0xC
LC_ID_DYLIB = 0xD
LC_UUID = 0x1B
LC_LOAD_WEAK_DYLIB = 0x80000018
LC_REEXPORT_DYLIB = 0x8000001F
LC_RPATH = 0x8000001C
MH_DYLIB = 6
MH_BUNDLE = 8


def _padded(data: bytes, align: int) -> bytes:
    return data + b"\0" * (-len(data) % align)


def command(cmd: int, body: bytes, *, order: str = "<", align: int = 8) -> bytes:
    """A load command: ``cmd``, ``cmdsize`` (with padding) and ``body``."""
    size = len(_padded(b"\0" * 8 + body, align))
    return _padded(struct.pack(f"{order}II", cmd, size) + body, align)


def dylib_command(cmd: int, name: str, *, order: str = "<", align: int = 8) -> bytes:
    """A ``dylib_command`` (load, weak load, re-export or id) naming ``name``."""
    fields = struct.pack(f"{order}IIII", 24, 2, 0x10000, 0x10000)
    return command(cmd, fields + name.encode() + b"\0", order=order, align=align)


def rpath_command(path: str, *, order: str = "<", align: int = 8) -> bytes:
    """An ``LC_RPATH`` command adding ``path`` to the run paths."""
    return command(LC_RPATH, struct.pack(f"{order}I", 12) + path.encode() + b"\0", order=order,
                   align=align)  # fmt: skip


def thin(
    *,
    loads: Sequence[str] = (),
    weak: Sequence[str] = (),
    reexports: Sequence[str] = (),
    install_name: str | None = None,
    rpaths: Sequence[str] = (),
    cpu: int = ARM64,
    wide: bool = True,
    big_endian: bool = False,
    extra: Sequence[bytes] = (),
) -> bytes:
    """A single-architecture Mach-O with the given load commands (64-bit little-endian by default).

    With ``install_name`` it is a dylib (``LC_ID_DYLIB``), else a bundle, as
    Python extension modules are. ``extra`` appends raw commands.
    """
    order = ">" if big_endian else "<"
    align = 8 if wide else 4
    commands = (
        [dylib_command(LC_ID_DYLIB, install_name, order=order, align=align)] if install_name else []
    )
    commands += [dylib_command(LC_LOAD_DYLIB, n, order=order, align=align) for n in loads]
    commands += [dylib_command(LC_LOAD_WEAK_DYLIB, n, order=order, align=align) for n in weak]
    commands += [dylib_command(LC_REEXPORT_DYLIB, n, order=order, align=align) for n in reexports]
    commands += [rpath_command(p, order=order, align=align) for p in rpaths]
    commands += [command(LC_UUID, b"\x11" * 16, order=order, align=align), *extra]
    body = b"".join(commands)
    magic = 0xFEEDFACF if wide else 0xFEEDFACE
    filetype = MH_DYLIB if install_name else MH_BUNDLE
    header = struct.pack(f"{order}IiiIIII", magic, cpu, 0, filetype, len(commands), len(body), 0)
    if wide:
        header += b"\0\0\0\0"  # reserved
    return header + body


def fat(*slices: tuple[int, bytes], wide: bool = False) -> bytes:
    """A universal file of ``(cpu type, thin Mach-O)`` slices, each at a 4 KiB boundary."""
    entry = struct.Struct(">iiQQII" if wide else ">iiIII")
    magic = 0xCAFEBABF if wide else 0xCAFEBABE
    header = struct.pack(">II", magic, len(slices))
    offset = 4096
    table = b""
    data = b""
    for cpu, body in slices:
        fields = (cpu, 0, offset, len(body), 12) + ((0,) if wide else ())
        table += entry.pack(*fields)
        data += _padded(body, 4096)
        offset += len(_padded(body, 4096))
    return _padded(header + table, 4096) + data
