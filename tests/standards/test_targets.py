"""Targets are data: systems, libcs and interpreters, never the running host."""

from __future__ import annotations

import pytest

from pynix.errors import InvalidArgument
from pynix.standards.targets import Interpreter, Platform, Target

MACHINES = [
    ("x86_64-linux", "x86_64", "linux", "glibc"),
    ("aarch64-linux", "aarch64", "linux", "glibc"),
    ("powerpc64le-linux", "ppc64le", "linux", "glibc"),
    ("x86_64-darwin", "x86_64", "darwin", "libSystem"),
    ("aarch64-darwin", "arm64", "darwin", "libSystem"),
    ("x86_64-windows", "AMD64", "windows", "msvcrt"),
]


@pytest.mark.parametrize(
    ("system", "machine", "kernel", "libc"), MACHINES, ids=[m[0] for m in MACHINES]
)
def test_platform_from_system(system: str, machine: str, kernel: str, libc: str) -> None:
    platform = Platform.from_system(system)
    assert (platform.machine, platform.kernel, platform.libc) == (machine, kernel, libc)


def test_defaults_fill_libc_and_sdk_versions() -> None:
    assert Platform.from_system("x86_64-linux").libc_version == "2.40"
    assert Platform.from_system("x86_64-linux", libc="musl").libc_version == "1.2"
    assert Platform.from_system("aarch64-darwin").darwin_sdk_version == "11.3"
    assert Platform.from_system("x86_64-linux", libc_version="2.17").libc_version == "2.17"


@pytest.mark.parametrize("system", ["linux", "x86_64-plan9", "", "-linux"])
def test_unknown_system_is_refused(system: str) -> None:
    with pytest.raises(InvalidArgument, match="unknown system"):
        Platform.from_system(system)


def test_interpreter_versions() -> None:
    interp = Interpreter(version="3.12")
    assert (interp.python_version, interp.python_full_version, interp.nix_attr) == (
        "3.12",
        "3.12.0",
        "python312",
    )
    assert Interpreter(version="3.13.1", free_threaded=True).nix_attr == "python313FreeThreading"
    assert Interpreter(implementation="pypy", version="3.10.14").nix_attr == "pypy310"


@pytest.mark.parametrize("version", ["3", "three.eleven", ""])
def test_bad_interpreter_version(version: str) -> None:
    with pytest.raises(InvalidArgument, match="not of the form"):
        Interpreter(version=version)


def test_target_parse_and_str() -> None:
    target = Target.parse("aarch64-darwin", "3.11.4")
    assert str(target) == "python311 on aarch64-darwin"
    assert target.platform.darwin_sdk_version == "11.3"
