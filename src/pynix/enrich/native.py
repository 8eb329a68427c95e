"""Shared objects in wheels: what each one is called and which libraries it loads.

Two binary formats matter to Nix:

* **ELF** (Linux, manylinux/musllinux wheels). The dynamic section of a
  shared object lists the libraries the loader must find (``DT_NEEDED``,
  sonames such as ``libz.so.1``), the object's own soname (``DT_SONAME``)
  and its search path (``DT_RPATH``/``DT_RUNPATH``, e.g.
  ``$ORIGIN/../native_crc.libs``). Read with pyelftools through the
  ``PT_DYNAMIC`` program header, which stripped objects keep.
  Spec: the System V ABI, "Dynamic Section" (https://refspecs.linuxfoundation.org/elf/gabi4+/ch5.dynamic.html).
* **Mach-O** (macOS wheels). Load commands name the libraries to load by
  install name (``LC_LOAD_DYLIB``, ``LC_LOAD_WEAK_DYLIB``,
  ``LC_REEXPORT_DYLIB``, ``LC_LAZY_LOAD_DYLIB``, ``LC_LOAD_UPWARD_DYLIB``),
  the library's own install name (``LC_ID_DYLIB``) and run paths
  (``LC_RPATH``). A universal ("fat") file holds one Mach-O per
  architecture; what any of them loads is needed. Parsed here with
  :mod:`struct` from Apple's ``<mach-o/loader.h>`` and ``<mach-o/fat.h>``.

:func:`read_shared_object` turns the bytes of one wheel member into a
:class:`SharedObject`; :func:`resolve_needs` takes all of a wheel's shared
objects and says which libraries must come from outside: not the C library,
not a library the wheel ships itself (auditwheel's ``<name>.libs/``,
delocate's ``.dylibs/``, torch's ``torch/lib/``), not one another wheel of
the lock ships, not a macOS system library.

Traps:

* A vendored library is found by file name *and* by soname: auditwheel
  renames ``libgfortran.so.5`` to ``libgfortran-040039e1.so.5.0.0`` and sets
  the soname the dependent objects name.
* Mach-O names its libraries by path, often relative to run paths
  (``@rpath/libomp.dylib``) or to the object itself
  (``@loader_path/../.dylibs/libomp.dylib``); both are resolved against the
  wheel's members before falling back to the file name.
* ``0xcafebabe`` opens both a fat Mach-O and a Java class file; a fat header
  with implausibly many architectures is not Mach-O.
* Only members named like shared objects (``*.so``, ``*.so.<n>``,
  ``*.dylib``) are read; executables under ``bin/`` are not.

>>> is_shared_object_name("native_crc.libs/libcrchelper-5e1f2a3b.so.1")
True
>>> read_shared_object("empty.so", b"").format
Traceback (most recent call last):
...
pynix.errors.InvalidArchive: empty.so: not an ELF or Mach-O file (it is empty)
"""

from __future__ import annotations

import dataclasses
import enum
import io
import posixpath
import re
import struct
from collections.abc import Mapping

from elftools.common.exceptions import ELFError
from elftools.construct import ConstructError
from elftools.elf.dynamic import DynamicSegment
from elftools.elf.elffile import ELFFile

from pynix.errors import InvalidArchive, Location
from pynix.nixpkgs.sonames import is_libc, is_macos_system_library

__all__ = [
    "BinaryFormat",
    "DropReason",
    "DroppedLibrary",
    "SharedObject",
    "UnreadableMember",
    "WheelBinaries",
    "is_shared_object_name",
    "read_shared_object",
    "resolve_needs",
]

_SHARED_OBJECT = re.compile(r"\.(so(\.\d+)*|dylib)$")


class BinaryFormat(enum.StrEnum):
    ELF = "elf"
    MACHO = "mach-o"


@dataclasses.dataclass(frozen=True, kw_only=True, slots=True)
class SharedObject:
    """One shared object of a wheel: its member name, own name and what it loads.

    ``name`` is the ELF soname or the Mach-O install name (``LC_ID_DYLIB``),
    ``None`` when it declares none (Python extension modules usually do
    not); ``needed`` are ``DT_NEEDED`` sonames or Mach-O install names, in
    file order; ``rpaths`` the run paths, in file order.
    """

    member: str
    format: BinaryFormat
    name: str | None = None
    needed: tuple[str, ...] = ()
    rpaths: tuple[str, ...] = ()


@dataclasses.dataclass(frozen=True, kw_only=True, slots=True)
class UnreadableMember:
    """A member named like a shared object that is not a readable ELF or Mach-O file."""

    member: str
    reason: str


@dataclasses.dataclass(frozen=True, kw_only=True, slots=True)
class WheelBinaries:
    """What a wheel's shared objects say: the fact enrichment caches for each wheel."""

    objects: tuple[SharedObject, ...] = ()
    unreadable: tuple[UnreadableMember, ...] = ()

    @property
    def members(self) -> tuple[str, ...]:
        """Every member named like a shared object, readable or not, sorted."""
        return tuple(sorted({o.member for o in self.objects} | {u.member for u in self.unreadable}))

    def shipped(self) -> dict[str, str]:
        """The library names this wheel provides, each → the member that provides it.

        File names of every shared-object member, and the sonames/install
        names' file names the readable ones declare.
        """
        provided = {posixpath.basename(member): member for member in self.members}
        for shared in self.objects:
            if shared.name:
                provided.setdefault(posixpath.basename(shared.name), shared.member)
        return provided


class DropReason(enum.StrEnum):
    """Why a library a shared object loads is not among the wheel's needs."""

    LIBC = "libc"
    VENDORED = "vendored"
    LOCK = "lock"
    SYSTEM = "system"


@dataclasses.dataclass(frozen=True, kw_only=True, slots=True)
class DroppedLibrary:
    """A loaded library that needs nothing from Nix, and why (``detail``: where it is)."""

    name: str
    reason: DropReason
    detail: str | None = None

    def __str__(self) -> str:
        match self.reason:
            case DropReason.LIBC:
                return f"{self.name}: part of the C library"
            case DropReason.VENDORED:
                return f"{self.name}: shipped in this wheel as {self.detail}"
            case DropReason.LOCK:
                return f"{self.name}: shipped by {self.detail}, locked too"
            case DropReason.SYSTEM:
                return f"{self.name}: part of macOS"


def is_shared_object_name(member: str) -> bool:
    """Whether a wheel member is named like a shared object (``*.so``, ``*.so.1.2``, ``*.dylib``).

    >>> [is_shared_object_name(n) for n in ("a/_C.cpython-312-x86_64-linux-gnu.so", "a/b.py")]
    [True, False]
    """
    return not member.endswith("/") and _SHARED_OBJECT.search(member) is not None


def read_shared_object(member: str, data: bytes) -> SharedObject:
    """Read the dynamic-linking facts of one ELF or Mach-O file named ``member``.

    Raises :class:`~pynix.errors.InvalidArchive` naming ``member`` when the
    bytes are neither, or a damaged one.
    """
    magic = data[:4]
    try:
        if magic == b"\x7fELF":
            return _read_elf(member, data)
        if magic in _THIN or magic in _FAT:
            return _read_macho(member, data)
    except _Damaged as damage:
        raise InvalidArchive(str(damage), location=Location(file=member)) from None
    what = "it is empty" if not data else f"it starts with {data[:4]!r}"
    raise InvalidArchive(f"not an ELF or Mach-O file ({what})", location=Location(file=member))


class _Damaged(Exception):
    """A file that starts like ELF or Mach-O and then does not parse."""


# -- ELF -------------------------------------------------------------------------------------

# What pyelftools raises over damaged input: its own errors, those of the
# `construct` library it carries, and the standard ones its parsing code meets.
_ELF_FAILURES = (
    ELFError,
    ConstructError,
    struct.error,
    ValueError,
    KeyError,
    IndexError,
    TypeError,
    AttributeError,
    AssertionError,
    OverflowError,
    EOFError,
    UnicodeDecodeError,
)


_STRING_TAGS = frozenset({"DT_NEEDED", "DT_SONAME", "DT_RPATH", "DT_RUNPATH"})


def _read_elf(member: str, data: bytes) -> SharedObject:
    needed: list[str] = []
    rpaths: list[str] = []
    soname: str | None = None
    try:
        elf = ELFFile(io.BytesIO(data))
        for segment in elf.iter_segments():
            if not isinstance(segment, DynamicSegment):
                continue
            for tag in segment.iter_tags():
                kind = tag.entry.d_tag
                if kind not in _STRING_TAGS:
                    continue
                # pyelftools resolves string-valued tags into attributes named after them.
                value = str(getattr(tag, kind.removeprefix("DT_").lower()))
                if kind == "DT_NEEDED":
                    needed.append(value)
                elif kind == "DT_SONAME":
                    soname = value
                else:
                    rpaths.extend(part for part in value.split(":") if part)
            break
    except _ELF_FAILURES as exc:
        detail = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise _Damaged(f"damaged ELF file ({detail})") from None
    return SharedObject(
        member=member,
        format=BinaryFormat.ELF,
        name=soname,
        needed=tuple(dict.fromkeys(needed)),
        rpaths=tuple(dict.fromkeys(rpaths)),
    )


# -- Mach-O ----------------------------------------------------------------------------------

# Magic bytes as they appear in the file → (struct byte order, 64-bit).
_THIN = {
    b"\xfe\xed\xfa\xce": (">", False),  # MH_MAGIC, big-endian
    b"\xce\xfa\xed\xfe": ("<", False),  # MH_CIGAM
    b"\xfe\xed\xfa\xcf": (">", True),  # MH_MAGIC_64
    b"\xcf\xfa\xed\xfe": ("<", True),  # MH_CIGAM_64 (every x86_64 and arm64 file)
}
# Fat headers are always big-endian → whether the arch table is fat_arch_64.
_FAT = {b"\xca\xfe\xba\xbe": False, b"\xca\xfe\xba\xbf": True}
_MAX_ARCHITECTURES = 30  # Java class files put their version (>= 45) here

_LC_REQ_DYLD = 0x80000000
_LC_ID_DYLIB = 0xD
_LC_RPATH = 0x1C | _LC_REQ_DYLD
_LOADS = frozenset(
    {
        0xC,  # LC_LOAD_DYLIB
        0x18 | _LC_REQ_DYLD,  # LC_LOAD_WEAK_DYLIB
        0x1F | _LC_REQ_DYLD,  # LC_REEXPORT_DYLIB
        0x20,  # LC_LAZY_LOAD_DYLIB
        0x23 | _LC_REQ_DYLD,  # LC_LOAD_UPWARD_DYLIB
    }
)
_DYLIB_COMMAND_SIZE = 24  # cmd, cmdsize, name offset, timestamp, current and compatibility version
_RPATH_COMMAND_SIZE = 12  # cmd, cmdsize, path offset


def _read_macho(member: str, data: bytes) -> SharedObject:
    if data[:4] in _FAT:
        slices = [_thin_macho(data[start:end], f"architecture {n}") for n, (start, end) in
                  enumerate(_fat_slices(data))]  # fmt: skip
    else:
        slices = [_thin_macho(data, "the file")]
    names = [name for name, _needed, _rpaths in slices if name]
    return SharedObject(
        member=member,
        format=BinaryFormat.MACHO,
        name=names[0] if names else None,
        needed=tuple(dict.fromkeys(n for _name, needed, _rpaths in slices for n in needed)),
        rpaths=tuple(dict.fromkeys(r for _name, _needed, rpaths in slices for r in rpaths)),
    )


def _fat_slices(data: bytes) -> list[tuple[int, int]]:
    """(start, end) of each architecture of a universal file."""
    wide = _FAT[data[:4]]
    if len(data) < 8:
        raise _Damaged("damaged Mach-O file (the universal header is cut short)")
    (count,) = struct.unpack_from(">I", data, 4)
    if not 0 < count <= _MAX_ARCHITECTURES:
        raise _Damaged(f"damaged Mach-O file (a universal file with {count} architectures)")
    entry = struct.Struct(">iiQQII" if wide else ">iiIII")
    if 8 + count * entry.size > len(data):
        raise _Damaged("damaged Mach-O file (the architecture table is cut short)")
    slices = []
    for index in range(count):
        _cpu, _subtype, offset, size, *_rest = entry.unpack_from(data, 8 + index * entry.size)
        if size == 0 or offset + size > len(data):
            raise _Damaged(f"damaged Mach-O file (architecture {index} lies outside the file)")
        slices.append((offset, offset + size))
    return slices


def _thin_macho(data: bytes, where: str) -> tuple[str | None, list[str], list[str]]:
    """(install name, loaded libraries, run paths) of a single-architecture Mach-O file."""
    if data[:4] not in _THIN:
        raise _Damaged(f"damaged Mach-O file ({where} is not a Mach-O file)")
    order, wide = _THIN[data[:4]]
    header_size = 32 if wide else 28
    if len(data) < header_size:
        raise _Damaged(f"damaged Mach-O file (the header of {where} is cut short)")
    count, commands_size = struct.unpack_from(f"{order}II", data, 16)
    end = header_size + commands_size
    if end > len(data):
        raise _Damaged(f"damaged Mach-O file (the load commands of {where} run past its end)")
    name: str | None = None
    needed: list[str] = []
    rpaths: list[str] = []
    position = header_size
    for index in range(count):
        if position + 8 > end:
            raise _Damaged(f"damaged Mach-O file (load command {index} of {where} is missing)")
        command, size = struct.unpack_from(f"{order}II", data, position)
        if size < 8 or position + size > end:
            raise _Damaged(f"damaged Mach-O file (load command {index} of {where} has size {size})")
        body = data[position : position + size]
        if command in _LOADS:
            needed.append(_string(body, order, _DYLIB_COMMAND_SIZE, index, where))
        elif command == _LC_ID_DYLIB:
            name = _string(body, order, _DYLIB_COMMAND_SIZE, index, where)
        elif command == _LC_RPATH:
            rpaths.append(_string(body, order, _RPATH_COMMAND_SIZE, index, where))
        position += size
    return name, needed, rpaths


def _string(command: bytes, order: str, minimum: int, index: int, where: str) -> str:
    """The ``lc_str`` of a load command: a NUL-terminated string at an offset in the command."""
    if len(command) < minimum:
        raise _Damaged(f"damaged Mach-O file (load command {index} of {where} is too short)")
    (offset,) = struct.unpack_from(f"{order}I", command, 8)
    if not minimum <= offset < len(command):
        raise _Damaged(
            f"damaged Mach-O file (load command {index} of {where} points outside itself)"
        )
    raw = command[offset:].split(b"\0", 1)[0]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise _Damaged(
            f"damaged Mach-O file (load command {index} of {where} names no path)"
        ) from None
    if not text:
        raise _Damaged(f"damaged Mach-O file (load command {index} of {where} names no path)")
    return text


# -- what a wheel needs ----------------------------------------------------------------------


def resolve_needs(
    binaries: WheelBinaries, *, elsewhere: Mapping[str, str] = {}
) -> tuple[tuple[str, ...], tuple[DroppedLibrary, ...]]:
    """The libraries a wheel needs from outside (sorted), and those it does not, with why.

    ``elsewhere`` maps library file names that *other* wheels of the lock
    ship to the package shipping them. ELF needs are sonames; Mach-O needs
    are reduced to the library's file name (``@rpath/libomp.dylib`` →
    ``libomp.dylib``).

    >>> wheel = WheelBinaries(
    ...     objects=(
    ...         SharedObject(
    ...             member="pkg/_ext.so",
    ...             format=BinaryFormat.ELF,
    ...             needed=("libc.so.6", "libz.so.1", "libhelper-1a2b3c4d.so.1"),
    ...         ),
    ...         SharedObject(
    ...             member="pkg.libs/libhelper-1a2b3c4d.so.1",
    ...             format=BinaryFormat.ELF,
    ...             name="libhelper-1a2b3c4d.so.1",
    ...             needed=("libcublas.so.12",),
    ...         ),
    ...     )
    ... )
    >>> needed, dropped = resolve_needs(wheel, elsewhere={"libcublas.so.12": "nvidia-cublas-cu12"})
    >>> needed
    ('libz.so.1',)
    >>> [str(d) for d in dropped]  # doctest: +NORMALIZE_WHITESPACE
    ['libc.so.6: part of the C library',
     'libhelper-1a2b3c4d.so.1: shipped in this wheel as pkg.libs/libhelper-1a2b3c4d.so.1',
     'libcublas.so.12: shipped by nvidia-cublas-cu12, locked too']
    """
    own = binaries.shipped()
    members = frozenset(binaries.members)
    needed: set[str] = set()
    dropped: dict[str, DroppedLibrary] = {}
    for shared in binaries.objects:
        for library in shared.needed:
            if library in dropped:
                continue
            outcome = _place(shared, library, own=own, members=members, elsewhere=elsewhere)
            if isinstance(outcome, DroppedLibrary):
                dropped[library] = outcome
            else:
                needed.add(outcome)
    return tuple(sorted(needed)), tuple(dropped.values())


def _place(
    shared: SharedObject,
    library: str,
    *,
    own: Mapping[str, str],
    members: frozenset[str],
    elsewhere: Mapping[str, str],
) -> DroppedLibrary | str:
    """Where ``library`` (loaded by ``shared``) comes from: a DroppedLibrary, or a need."""
    if shared.format is BinaryFormat.ELF and is_libc(library):
        return DroppedLibrary(name=library, reason=DropReason.LIBC)
    if shared.format is BinaryFormat.MACHO:
        if is_macos_system_library(library):
            return DroppedLibrary(name=library, reason=DropReason.SYSTEM)
        inside = _inside_wheel(shared, library, members)
        if inside is not None:
            return DroppedLibrary(name=library, reason=DropReason.VENDORED, detail=inside)
    file_name = posixpath.basename(library)
    if file_name in own:
        return DroppedLibrary(name=library, reason=DropReason.VENDORED, detail=own[file_name])
    if file_name in elsewhere:
        return DroppedLibrary(name=library, reason=DropReason.LOCK, detail=elsewhere[file_name])
    return file_name


def _inside_wheel(shared: SharedObject, library: str, members: frozenset[str]) -> str | None:
    """The member a Mach-O ``@loader_path``/``@rpath`` install name resolves to, if any."""
    here = posixpath.dirname(shared.member)
    candidates: list[str] = []
    if library.startswith("@loader_path/"):
        candidates.append(posixpath.join(here, library.removeprefix("@loader_path/")))
    elif library.startswith("@rpath/"):
        rest = library.removeprefix("@rpath/")
        for rpath in shared.rpaths:
            if rpath == "@loader_path":
                candidates.append(posixpath.join(here, rest))
            elif rpath.startswith("@loader_path/"):
                candidates.append(posixpath.join(here, rpath.removeprefix("@loader_path/"), rest))
    for candidate in candidates:
        normal = posixpath.normpath(candidate)
        if normal in members:
            return normal
    return None
