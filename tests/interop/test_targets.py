"""The target object: reading it, its defaults, its errors, and writing it back."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pynix.errors import InvalidArgument
from pynix.interop import JSON
from pynix.interop._shapes import Where
from pynix.interop.targets import (
    TARGET_KEYS,
    packages_from_json,
    platform_from_json,
    platform_param,
    target_from_json,
    target_param,
    target_to_json,
)
from pynix.standards.targets import Interpreter, Platform, Target

HINT = '  hint: e.g. {"system": "x86_64-linux", "version": "3.12"}; see docs/interop.md'

# object, the Target it describes
TARGETS = [
    pytest.param(
        {"system": "x86_64-linux", "version": "3.11.4", "libcVersion": "2.38"},
        Target(
            interpreter=Interpreter(version="3.11.4"),
            platform=Platform(system="x86_64-linux", libc="glibc", libc_version="2.38"),
        ),
        id="linux",
    ),
    pytest.param(
        {"system": "x86_64-linux", "version": "3.12"},
        Target(
            interpreter=Interpreter(version="3.12"),
            platform=Platform(system="x86_64-linux", libc="glibc", libc_version="2.40"),
        ),
        id="nixpkgs-glibc-by-default",
    ),
    pytest.param(
        {"system": "aarch64-linux", "version": "3.12", "libc": "musl"},
        Target(
            interpreter=Interpreter(version="3.12"),
            platform=Platform(system="aarch64-linux", libc="musl", libc_version="1.2"),
        ),
        id="musl",
    ),
    pytest.param(
        {"system": "aarch64-darwin", "version": "3.13.1", "darwinSdkVersion": "11.0"},
        Target(
            interpreter=Interpreter(version="3.13.1"),
            platform=Platform(system="aarch64-darwin", libc="libSystem", darwin_sdk_version="11.0"),
        ),
        id="darwin",
    ),
    pytest.param(
        {"system": "x86_64-darwin", "version": "3.13", "libc": "libSystem"},
        Target(
            interpreter=Interpreter(version="3.13"),
            platform=Platform(system="x86_64-darwin", libc="libSystem", darwin_sdk_version="11.3"),
        ),
        id="darwin-default-sdk",
    ),
    pytest.param(
        {"system": "x86_64-windows", "version": "3.12"},
        Target(
            interpreter=Interpreter(version="3.12"),
            platform=Platform(system="x86_64-windows", libc="msvcrt"),
        ),
        id="windows",
    ),
    pytest.param(
        {
            "system": "x86_64-linux",
            "version": "3.10.14",
            "implementation": "pypy",
            "implementationVersion": "7.3.15",
        },
        Target(
            interpreter=Interpreter(
                implementation="pypy", version="3.10.14", implementation_version="7.3.15"
            ),
            platform=Platform(system="x86_64-linux", libc="glibc", libc_version="2.40"),
        ),
        id="pypy",
    ),
    pytest.param(
        {"system": "x86_64-linux", "version": "3.13", "freeThreaded": True, "packages": {}},
        Target(
            interpreter=Interpreter(version="3.13", free_threaded=True),
            platform=Platform(system="x86_64-linux", libc="glibc", libc_version="2.40"),
        ),
        id="free-threaded",
    ),
]

# object, exact message
ERRORS = [
    pytest.param(
        {"version": "3.12"}, f"missing key 'system' in a target object\n{HINT}", id="no-system"
    ),
    pytest.param(
        {"system": "x86_64-linux"},
        f"missing key 'version' in a target object\n{HINT}",
        id="no-version",
    ),
    pytest.param(
        "x86_64-linux",
        "expected a target object such as {'system': 'x86_64-linux', 'version': '3.12'},"
        ' got "x86_64-linux"',
        id="string",
    ),
    pytest.param(
        {"system": "x86_64-plan9", "version": "3.12"},
        "system: unknown system 'x86_64-plan9'\n"
        "  hint: write it as Nix does: x86_64-linux, aarch64-linux, x86_64-darwin, aarch64-darwin",
        id="unknown-kernel",
    ),
    pytest.param(
        {"system": "x86_64-darwin", "version": "3.12", "libc": "musl"},
        "libc: expected 'libSystem' on darwin, got \"musl\"",
        id="musl-on-darwin",
    ),
    pytest.param(
        {"system": "x86_64-linux", "version": "3.12", "libc": "libc"},
        "libc: expected 'glibc' or 'musl' on linux, got \"libc\"",
        id="unknown-libc",
    ),
    pytest.param(
        {"system": "x86_64-darwin", "version": "3.12", "libcVersion": "2.38"},
        "libcVersion: 'libcVersion' applies to Linux systems only",
        id="libc-version-on-darwin",
    ),
    pytest.param(
        {"system": "x86_64-linux", "version": "3.12", "darwinSdkVersion": "11.0"},
        "darwinSdkVersion: 'darwinSdkVersion' applies to Darwin systems only",
        id="sdk-on-linux",
    ),
    pytest.param(
        {"system": "x86_64-linux", "version": "3.12", "libcVersion": "2.x"},
        "libcVersion: expected a version such as '2.38', got \"2.x\"",
        id="bad-libc-version",
    ),
    pytest.param(
        {"system": "x86_64-linux", "version": "3.12", "libcVersion": 2.38},
        "libcVersion: expected a string, got 2.38",
        id="libc-version-number",
    ),
    pytest.param(
        {"system": "x86_64-linux", "version": "3"},
        "version: interpreter version '3' is not of the form X.Y or X.Y.Z",
        id="major-only",
    ),
    pytest.param(
        {"system": "x86_64-linux", "version": "3.12", "implementation": "jython"},
        "implementation: expected 'cpython' or 'pypy', got \"jython\"",
        id="jython",
    ),
    pytest.param(
        {"system": "x86_64-linux", "version": "3.13", "freeThreaded": "yes"},
        'freeThreaded: expected true or false, got "yes"',
        id="free-threaded-string",
    ),
    pytest.param(
        {"system": "x86_64-linux", "version": "3.10", "implementationVersion": "7"},
        "implementationVersion: expected a version such as '7.3', got \"7\"",
        id="pypy-version",
    ),
    pytest.param(
        {"system": "x86_64-linux", "pythonVersion": "3.12"},
        "pythonVersion: unknown key in a target object\n  hint: known keys: "
        + ", ".join(TARGET_KEYS),
        id="unknown-key",
    ),
    pytest.param(
        {"system": "x86_64-linux", "version": "3.12", "packages": {"pyyaml": {"pname": "pyyaml"}}},
        "packages.pyyaml: expected an object with 'pname' and 'version', got an object",
        id="package-without-version",
    ),
    pytest.param(
        {"system": "x86_64-linux", "version": "3.12", "packages": ["pyyaml"]},
        "packages: expected an object of {attr: {pname, version}}, got a list",
        id="packages-list",
    ),
]


@pytest.mark.parametrize(("value", "expected"), TARGETS)
def test_target_objects(value: JSON, expected: Target) -> None:
    assert target_from_json(value) == expected


@pytest.mark.parametrize(("value", "message"), ERRORS)
def test_target_errors(value: JSON, message: str) -> None:
    with pytest.raises(InvalidArgument) as info:
        target_from_json(value)
    assert str(info.value) == message


def test_platform_needs_no_version() -> None:
    platform = platform_from_json({"system": "x86_64-linux", "libc": "musl"})
    assert platform == Platform(system="x86_64-linux", libc="musl", libc_version="1.2")


def test_packages() -> None:
    value: JSON = {
        "system": "x86_64-linux",
        "version": "3.12",
        "packages": {"pyyaml": {"pname": "pyyaml", "version": "6.0.2"}},
    }
    assert packages_from_json(value) == {"pyyaml": ("pyyaml", "6.0.2")}
    assert packages_from_json({"system": "x86_64-linux"}) == {}


@pytest.mark.parametrize(("value", "expected"), TARGETS)
def test_written_back(value: JSON, expected: Target) -> None:
    written = target_to_json(expected)
    assert target_from_json(written) == expected
    assert set(written) <= set(TARGET_KEYS)


@given(
    system=st.sampled_from(
        ["x86_64-linux", "aarch64-linux", "x86_64-darwin", "aarch64-darwin", "x86_64-windows"]
    ),
    major=st.integers(2, 3),
    minor=st.integers(0, 14),
    patch=st.none() | st.integers(0, 20),
    free_threaded=st.booleans(),
)
def test_round_trip(
    system: str, major: int, minor: int, patch: int | None, *, free_threaded: bool
) -> None:
    version = f"{major}.{minor}" + ("" if patch is None else f".{patch}")
    target = Target(
        interpreter=Interpreter(version=version, free_threaded=free_threaded),
        platform=Platform.from_system(system),
    )
    assert target_from_json(target_to_json(target)) == target


def test_target_and_platform_parameters_read_the_same_object() -> None:
    target, platform = target_param("python"), platform_param("platform")
    assert (target.name, target.target, platform.name, platform.target) == (
        "python",
        True,
        "platform",
        True,
    )
    value: JSON = {"system": "aarch64-darwin", "version": "3.12.1"}
    assert target.convert(value, Where(argument=1)) == Target.parse("aarch64-darwin", "3.12.1")
    assert platform.convert(value, Where(argument=1)) == Platform.from_system("aarch64-darwin")
