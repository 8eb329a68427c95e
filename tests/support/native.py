"""Real ELF shared objects for the test index's manylinux wheel, compiled with ``gcc``.

Enrichment reads the ``DT_NEEDED`` entries of the shared objects in a wheel
and subtracts the libraries the wheel vendors in ``<package>.libs/`` (what
``auditwheel repair`` produces). This module compiles exactly that shape from
two tiny C files:

* ``native_crc.libs/libcrchelper-5e1f2a3b.so.1`` -- the vendored library, with
  that soname (auditwheel's ``lib<name>-<8 hex>.so.<n>`` naming); it needs only
  ``libc.so.6`` (for ``strtoul``);
* ``native_crc/libnativecrc.so`` -- calls zlib's ``crc32`` and ``compress``
  and the vendored helper; linked with ``-lz`` and an rpath of
  ``$ORIGIN/../native_crc.libs`` (``DT_RUNPATH``), so its ``DT_NEEDED`` is
  ``libcrchelper-5e1f2a3b.so.1``, ``libz.so.1``, ``libc.so.6``.

It is a ``ctypes`` library rather than a CPython extension module, so no
``Python.h`` is needed and the wheel can carry the interpreter-independent tag
``py3-none-manylinux_2_17_x86_64`` (as e.g. NVIDIA's CUDA library wheels do).

Requirements: ``gcc`` and zlib's header and link library (Debian packages
``gcc`` and ``zlib1g-dev``; ``zlib1g-dev`` is installed on the development
machine, so the real ``zlib.h`` is used). Without them the calling test
*fails* with the package to install. The output is byte-identical from build
to build with one toolchain (sources are compiled under relative names; the
build-id note is a hash of the contents); another ``gcc`` gives other bytes.
"""

from __future__ import annotations

import platform
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest

__all__ = ["VENDORED_SONAME", "NativeLibraries", "compile_native_libraries"]

VENDORED_SONAME = "libcrchelper-5e1f2a3b.so.1"

_HELPER_C = """\
/* Vendored helper: mixes a checksum with a key given in hex, so callers can tell it ran. */
#include <stdlib.h>

unsigned long crchelper_mix(unsigned long value, const char *hex_key) {
    return value ^ strtoul(hex_key, NULL, 16);
}
"""

_MAIN_C = """\
/* A ctypes library over zlib, the shape of a typical manylinux wheel's payload. */
#include <stdio.h>
#include <zlib.h>

extern unsigned long crchelper_mix(unsigned long value, const char *hex_key);

unsigned long native_crc32(const unsigned char *data, unsigned int size) {
    return crc32(0UL, data, size);
}

unsigned long native_mixed_crc32(const unsigned char *data, unsigned int size) {
    return crchelper_mix(crc32(0UL, data, size), "5a5a5a5a");
}

int native_describe(char *buffer, unsigned long size) {
    return snprintf(buffer, size, "native-crc over zlib %s", zlibVersion());
}

int native_compress(unsigned char *dest, unsigned long *dest_size,
                    const unsigned char *source, unsigned long source_size) {
    return compress(dest, dest_size, source, source_size);
}
"""

_COMMON_FLAGS = ("-shared", "-fPIC", "-O2", "-Wall", "-Werror")


@dataclass(frozen=True, kw_only=True, slots=True)
class NativeLibraries:
    """The compiled shared objects: the main library and the vendored one."""

    main: bytes
    vendored: bytes


def _gcc() -> str:
    found = shutil.which("gcc")
    if found is None:
        pytest.fail(
            "gcc is not installed; the test index compiles a real shared object "
            "(Debian: apt-get install gcc zlib1g-dev)",
            pytrace=False,
        )
    return found


def _run_gcc(args: list[str], cwd: Path) -> None:
    result = subprocess.run([_gcc(), *args], cwd=cwd, capture_output=True, text=True, check=False)
    if result.returncode == 0:
        return
    if "zlib.h" in result.stderr or "-lz" in result.stderr:
        pytest.fail(
            "zlib's development files are missing (Debian: apt-get install zlib1g-dev):\n"
            + result.stderr,
            pytrace=False,
        )
    pytest.fail(f"gcc {' '.join(args)} failed:\n{result.stderr}", pytrace=False)


def compile_native_libraries() -> NativeLibraries:
    """Compile both libraries in a scratch directory and return their bytes.

    Fails the calling test when ``gcc`` or zlib's development files are
    missing, or when the machine is not x86_64 Linux (the wheel's tag says so).
    """
    if platform.system() != "Linux" or platform.machine() != "x86_64":
        pytest.fail(
            "the native test wheel is tagged manylinux x86_64 and is compiled here: "
            f"this machine is {platform.system()} {platform.machine()}",
            pytrace=False,
        )
    with tempfile.TemporaryDirectory(prefix="pynix-native-") as scratch:
        work = Path(scratch)
        (work / "helper.c").write_text(_HELPER_C)
        (work / "native.c").write_text(_MAIN_C)
        _run_gcc(
            [*_COMMON_FLAGS, f"-Wl,-soname,{VENDORED_SONAME}", "-o", VENDORED_SONAME, "helper.c"],
            work,
        )
        _run_gcc(
            [
                *_COMMON_FLAGS,
                "-o",
                "libnativecrc.so",
                "native.c",
                "-L.",
                f"-l:{VENDORED_SONAME}",
                "-lz",
                "-Wl,-rpath,$ORIGIN/../native_crc.libs",
            ],
            work,
        )
        return NativeLibraries(
            main=(work / "libnativecrc.so").read_bytes(),
            vendored=(work / VENDORED_SONAME).read_bytes(),
        )
