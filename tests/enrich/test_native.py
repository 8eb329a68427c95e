"""Shared objects: real ELF files compiled by the tests, Mach-O files assembled here, damage."""

from __future__ import annotations

import struct

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pynix.enrich.native import (
    BinaryFormat,
    DroppedLibrary,
    DropReason,
    SharedObject,
    UnreadableMember,
    WheelBinaries,
    is_shared_object_name,
    read_shared_object,
    resolve_needs,
)
from pynix.errors import InvalidArchive
from tests.enrich import macho
from tests.support.native import VENDORED_SONAME, NativeLibraries

NAMES = [
    ("native_crc/libnativecrc.so", True),
    ("native_crc.libs/libcrchelper-5e1f2a3b.so.1", True),
    ("numpy.libs/libgfortran-040039e1.so.5.0.0", True),
    ("torch/_C.cpython-312-x86_64-linux-gnu.so", True),
    ("sklearn/.dylibs/libomp.dylib", True),
    ("pkg/_ext.cpython-312-darwin.so", True),
    ("pkg/__init__.py", False),
    ("pkg/data.so.txt", False),
    ("pkg/libfoo.so.bak", False),
    ("pkg/so", False),
    ("pkg.libs/", False),
]

# (member bytes, the exact error) for files named like shared objects that are not readable ones.
_HEADER_64 = struct.pack("<IiiIIIII", 0xFEEDFACF, macho.ARM64, 0, 8, 1, 0, 0, 0)
DAMAGED = [
    (b"", "x.so: not an ELF or Mach-O file (it is empty)"),
    (b"garbage that is not a library", "x.so: not an ELF or Mach-O file (it starts with b'garb')"),
    (b"GROUP ( libc.so.6 )", "x.so: not an ELF or Mach-O file (it starts with b'GROU')"),
    (
        b"\xcf\xfa\xed\xfe\x0c\x00",
        "x.so: damaged Mach-O file (the header of the file is cut short)",
    ),
    (
        _HEADER_64,  # one load command announced, none there
        "x.so: damaged Mach-O file (load command 0 of the file is missing)",
    ),
    (
        struct.pack("<IiiIIIII", 0xFEEDFACF, macho.ARM64, 0, 8, 1, 4096, 0, 0),
        "x.so: damaged Mach-O file (the load commands of the file run past its end)",
    ),
    (
        struct.pack("<IiiIIIII", 0xFEEDFACF, macho.ARM64, 0, 8, 1, 8, 0, 0)
        + struct.pack("<II", macho.LC_LOAD_DYLIB, 4),
        "x.so: damaged Mach-O file (load command 0 of the file has size 4)",
    ),
    (
        struct.pack("<IiiIIIII", 0xFEEDFACF, macho.ARM64, 0, 8, 1, 16, 0, 0)
        + macho.command(macho.LC_LOAD_DYLIB, b"\0" * 8),
        "x.so: damaged Mach-O file (load command 0 of the file is too short)",
    ),
    (
        struct.pack("<IiiIIIII", 0xFEEDFACF, macho.ARM64, 0, 8, 1, 32, 0, 0)
        + macho.command(macho.LC_LOAD_DYLIB, struct.pack("<IIII", 200, 0, 0, 0) + b"x\0\0\0"),
        "x.so: damaged Mach-O file (load command 0 of the file points outside itself)",
    ),
    (
        struct.pack("<IiiIIIII", 0xFEEDFACF, macho.ARM64, 0, 8, 1, 32, 0, 0)
        + macho.command(macho.LC_LOAD_DYLIB, struct.pack("<IIII", 24, 0, 0, 0) + b"\0\0\0\0"),
        "x.so: damaged Mach-O file (load command 0 of the file names no path)",
    ),
    (
        struct.pack("<IiiIIIII", 0xFEEDFACF, macho.ARM64, 0, 8, 1, 32, 0, 0)
        + macho.command(macho.LC_LOAD_DYLIB, struct.pack("<IIII", 24, 0, 0, 0) + b"\xff\xfe\0\0"),
        "x.so: damaged Mach-O file (load command 0 of the file names no path)",
    ),
    (b"\xca\xfe\xba\xbe\x00", "x.so: damaged Mach-O file (the universal header is cut short)"),
    (
        b"\xca\xfe\xba\xbe\x00\x00\x00\x34",  # a Java class file, version 52
        "x.so: damaged Mach-O file (a universal file with 52 architectures)",
    ),
    (
        struct.pack(">II", 0xCAFEBABE, 2) + struct.pack(">iiIII", macho.ARM64, 0, 4096, 64, 12),
        "x.so: damaged Mach-O file (the architecture table is cut short)",
    ),
    (
        struct.pack(">II", 0xCAFEBABE, 1) + struct.pack(">iiIII", macho.ARM64, 0, 4096, 64, 12),
        "x.so: damaged Mach-O file (architecture 0 lies outside the file)",
    ),
    (
        struct.pack(">II", 0xCAFEBABE, 1)
        + struct.pack(">iiIII", macho.ARM64, 0, 28, 8, 12)
        + b"\x7fELF" * 2,
        "x.so: damaged Mach-O file (architecture 0 is not a Mach-O file)",
    ),
]


@pytest.mark.parametrize(("member", "expected"), NAMES, ids=[n for n, _ in NAMES])
def test_shared_object_names(member: str, expected: bool) -> None:  # noqa: FBT001 -- a vector
    assert is_shared_object_name(member) is expected


# --- ELF -------------------------------------------------------------------------------------


def test_elf_needed_and_run_path(native: NativeLibraries) -> None:
    shared = read_shared_object("native_crc/libnativecrc.so", native.main)
    assert shared == SharedObject(
        member="native_crc/libnativecrc.so",
        format=BinaryFormat.ELF,
        name=None,
        needed=(VENDORED_SONAME, "libz.so.1", "libc.so.6"),
        rpaths=("$ORIGIN/../native_crc.libs",),
    )


def test_elf_soname(native: NativeLibraries) -> None:
    shared = read_shared_object(f"native_crc.libs/{VENDORED_SONAME}", native.vendored)
    assert (shared.name, shared.needed) == (VENDORED_SONAME, ("libc.so.6",))


@pytest.mark.parametrize("size", [5, 64, 100, 1000])
def test_a_truncated_elf_file_is_damaged(native: NativeLibraries, size: int) -> None:
    with pytest.raises(InvalidArchive) as caught:
        read_shared_object("x.so", native.main[:size])
    # The detail is pyelftools' own words, which vary between its versions.
    assert str(caught.value).startswith("x.so: damaged ELF file (")


def test_an_elf_file_with_a_broken_dynamic_section_is_damaged(native: NativeLibraries) -> None:
    # Point the section header table far outside the file: nothing can be located.
    data = bytearray(native.main)
    struct.pack_into("<Q", data, 0x28, 1 << 40)
    with pytest.raises(InvalidArchive) as caught:
        read_shared_object("x.so", bytes(data))
    assert str(caught.value).startswith("x.so: damaged ELF file (")


# --- Mach-O ----------------------------------------------------------------------------------


def test_macho_64_bundle() -> None:
    data = macho.thin(
        loads=["/usr/lib/libSystem.B.dylib", "@rpath/libomp.dylib"],
        weak=["@loader_path/.dylibs/libgfortran.5.dylib"],
        reexports=["/opt/homebrew/lib/libzstd.1.dylib"],
        rpaths=["@loader_path/.dylibs", "@loader_path/../lib"],
    )
    assert read_shared_object("pkg/_ext.cpython-312-darwin.so", data) == SharedObject(
        member="pkg/_ext.cpython-312-darwin.so",
        format=BinaryFormat.MACHO,
        needed=(
            "/usr/lib/libSystem.B.dylib",
            "@rpath/libomp.dylib",
            "@loader_path/.dylibs/libgfortran.5.dylib",
            "/opt/homebrew/lib/libzstd.1.dylib",
        ),
        rpaths=("@loader_path/.dylibs", "@loader_path/../lib"),
    )


def test_macho_32_big_endian_dylib() -> None:
    data = macho.thin(
        install_name="@rpath/libomp.dylib",
        loads=["/usr/lib/libSystem.B.dylib"],
        wide=False,
        big_endian=True,
    )
    shared = read_shared_object("pkg/.dylibs/libomp.dylib", data)
    assert (shared.name, shared.needed) == ("@rpath/libomp.dylib", ("/usr/lib/libSystem.B.dylib",))


@pytest.mark.parametrize("wide", [False, True], ids=["fat", "fat64"])
def test_a_universal_file_needs_what_any_architecture_needs(wide: bool) -> None:  # noqa: FBT001
    arm = macho.thin(loads=["@rpath/libomp.dylib", "/usr/lib/libSystem.B.dylib"])
    intel = macho.thin(loads=["@rpath/libomp.dylib", "@rpath/libintel.dylib"], cpu=macho.X86_64)
    shared = read_shared_object(
        "x.so", macho.fat((macho.ARM64, arm), (macho.X86_64, intel), wide=wide)
    )
    assert shared.needed == (
        "@rpath/libomp.dylib",
        "/usr/lib/libSystem.B.dylib",
        "@rpath/libintel.dylib",
    )


@pytest.mark.parametrize(
    ("data", "message"), DAMAGED, ids=[m.partition("(")[2][:40] for _, m in DAMAGED]
)
def test_damaged_files(data: bytes, message: str) -> None:
    with pytest.raises(InvalidArchive) as caught:
        read_shared_object("x.so", data)
    assert str(caught.value) == message


def _outcome(data: bytes) -> str:
    """``ok``, or the start of the error message."""
    try:
        read_shared_object("x.so", data)
    except InvalidArchive as error:
        return str(error).partition(" (")[0]
    return "ok"


@given(st.binary(max_size=300))
def test_any_bytes_are_a_shared_object_or_invalid(data: bytes) -> None:
    assert _outcome(data) in (
        "ok",
        "x.so: not an ELF or Mach-O file",
        "x.so: damaged ELF file",
        "x.so: damaged Mach-O file",
    )


@given(
    st.sampled_from([b"\x7fELF", b"\xcf\xfa\xed\xfe", b"\xfe\xed\xfa\xce", b"\xca\xfe\xba\xbe"]),
    st.binary(max_size=400),
)
def test_damage_after_a_valid_magic_is_invalid_not_a_crash(magic: bytes, rest: bytes) -> None:
    assert _outcome(magic + rest) in ("ok", "x.so: damaged ELF file", "x.so: damaged Mach-O file")


@given(st.integers(min_value=0, max_value=7000), st.integers(min_value=0, max_value=255))
def test_a_real_elf_file_with_one_byte_changed(
    native: NativeLibraries, offset: int, value: int
) -> None:
    data = bytearray(native.main)
    data[offset % len(data)] = value
    expected = ["ok", "x.so: damaged ELF file"]
    if offset % len(data) < 4 and bytes(data[:4]) != b"\x7fELF":
        expected = ["x.so: not an ELF or Mach-O file"]
    assert _outcome(bytes(data)) in expected


# --- what a wheel needs ----------------------------------------------------------------------


def _elf(member: str, *needed: str, name: str | None = None) -> SharedObject:
    return SharedObject(member=member, format=BinaryFormat.ELF, name=name, needed=needed)


def _macho(
    member: str, *needed: str, name: str | None = None, rpaths: tuple[str, ...] = ()
) -> SharedObject:
    return SharedObject(
        member=member, format=BinaryFormat.MACHO, name=name, needed=needed, rpaths=rpaths
    )


def test_needs_without_the_c_library_and_vendored_libraries() -> None:
    wheel = WheelBinaries(
        objects=(
            _elf("native_crc/libnativecrc.so", VENDORED_SONAME, "libz.so.1", "libc.so.6"),
            _elf(f"native_crc.libs/{VENDORED_SONAME}", "libc.so.6", name=VENDORED_SONAME),
        )
    )
    needed, dropped = resolve_needs(wheel)
    assert needed == ("libz.so.1",)
    assert dropped == (
        DroppedLibrary(
            name=VENDORED_SONAME,
            reason=DropReason.VENDORED,
            detail=f"native_crc.libs/{VENDORED_SONAME}",
        ),
        DroppedLibrary(name="libc.so.6", reason=DropReason.LIBC),
    )


def test_a_vendored_library_is_found_by_its_soname() -> None:
    # auditwheel renames the file; dependents name the soname it sets.
    wheel = WheelBinaries(
        objects=(
            _elf("numpy/_core/_multiarray.so", "libscipy_openblas64_-ff651d7f.so"),
            _elf(
                "numpy.libs/libscipy_openblas64_-ff651d7f.so.renamed",
                "libgfortran.so.5",
                name="libscipy_openblas64_-ff651d7f.so",
            ),
        )
    )
    assert resolve_needs(wheel)[0] == ("libgfortran.so.5",)


def test_an_unreadable_member_still_counts_as_shipped() -> None:
    wheel = WheelBinaries(
        objects=(_elf("pkg/_ext.so", "libbroken.so.1", "libm.so.6"),),
        unreadable=(UnreadableMember(member="pkg/lib/libbroken.so.1", reason="damaged"),),
    )
    needed, dropped = resolve_needs(wheel)
    assert needed == ()
    assert [str(d) for d in dropped] == [
        "libbroken.so.1: shipped in this wheel as pkg/lib/libbroken.so.1",
        "libm.so.6: part of the C library",
    ]


def test_libraries_shipped_by_other_wheels_of_the_lock() -> None:
    wheel = WheelBinaries(
        objects=(_elf("torch/lib/libtorch_cuda.so", "libcublas.so.12", "libcuda.so.1"),)
    )
    needed, dropped = resolve_needs(wheel, elsewhere={"libcublas.so.12": "nvidia-cublas-cu12"})
    assert needed == ("libcuda.so.1",)
    assert [str(d) for d in dropped] == [
        "libcublas.so.12: shipped by nvidia-cublas-cu12, locked too"
    ]


def test_macos_needs() -> None:
    wheel = WheelBinaries(
        objects=(
            _macho(
                "pkg/_ext.cpython-312-darwin.so",
                "/usr/lib/libSystem.B.dylib",
                "/System/Library/Frameworks/Accelerate.framework/Versions/A/Accelerate",
                "@rpath/libomp.dylib",
                "@loader_path/../pkg/.dylibs/libgfortran.5.dylib",
                "/opt/homebrew/opt/zstd/lib/libzstd.1.dylib",
                "@rpath/libmissing.dylib",
                rpaths=("@loader_path/.dylibs", "/opt/homebrew/lib"),
            ),
            _macho(
                "pkg/.dylibs/libomp.dylib",
                "/usr/lib/libSystem.B.dylib",
                name="/usr/local/opt/libomp.dylib",
            ),
            _macho("pkg/.dylibs/libgfortran.5.dylib", "@rpath/libquadmath.0.dylib"),
            _macho("pkg/.dylibs/libquadmath.0.dylib"),
        )
    )
    needed, dropped = resolve_needs(wheel)
    assert needed == ("libmissing.dylib", "libzstd.1.dylib")
    assert [str(d) for d in dropped] == [
        "/usr/lib/libSystem.B.dylib: part of macOS",
        "/System/Library/Frameworks/Accelerate.framework/Versions/A/Accelerate: part of macOS",
        "@rpath/libomp.dylib: shipped in this wheel as pkg/.dylibs/libomp.dylib",
        (
            "@loader_path/../pkg/.dylibs/libgfortran.5.dylib: shipped in this wheel as "
            "pkg/.dylibs/libgfortran.5.dylib"
        ),
        # No run path resolves it; the file name does.
        "@rpath/libquadmath.0.dylib: shipped in this wheel as pkg/.dylibs/libquadmath.0.dylib",
    ]


def test_a_macos_rpath_equal_to_the_loader_path() -> None:
    wheel = WheelBinaries(
        objects=(
            _macho("pkg/a.so", "@rpath/libb.dylib", rpaths=("@loader_path",)),
            _macho("pkg/libb.dylib", name="@rpath/libb.dylib"),
        )
    )
    assert resolve_needs(wheel) == (
        (),
        (
            DroppedLibrary(
                name="@rpath/libb.dylib", reason=DropReason.VENDORED, detail="pkg/libb.dylib"
            ),
        ),
    )


def test_members_and_shipped_names() -> None:
    wheel = WheelBinaries(
        objects=(_elf("a/x.so.1", name="libx.so.1"), _elf("a/_ext.so")),
        unreadable=(UnreadableMember(member="a/bad.so", reason="r"),),
    )
    assert wheel.members == ("a/_ext.so", "a/bad.so", "a/x.so.1")
    assert wheel.shipped() == {
        "_ext.so": "a/_ext.so",
        "bad.so": "a/bad.so",
        "x.so.1": "a/x.so.1",
        "libx.so.1": "a/x.so.1",
    }
