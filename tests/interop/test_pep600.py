"""``pep600.*``: legacy aliases and manylinux tags against a target."""

from __future__ import annotations

from typing import Any

import pytest

from pynix.errors import InvalidArgument, InvalidFileName
from pynix.interop import JSON, call
from tests.interop._vectors import caret, error, run, vector

GLIBC_238: JSON = {"system": "x86_64-linux", "libcVersion": "2.38"}
GLIBC_217: JSON = {"system": "x86_64-linux", "version": "3.11", "libcVersion": "2.17"}
ARM_228: JSON = {"system": "aarch64-linux", "libcVersion": "2.28"}
MUSL: JSON = {"system": "x86_64-linux", "libc": "musl", "libcVersion": "1.2.5"}
DARWIN: JSON = {"system": "x86_64-darwin"}


def compatible(target: JSON, tag: str, *, expected: bool, id: str) -> Any:  # noqa: A002  (pytest's name)
    return vector("pep600.manyLinuxTagCompatible", target, target, tag, expected=expected, id=id)


VECTORS: list[Any] = [
    vector(
        "pep600.legacyAliases",
        expected={
            "manylinux1_i686": "manylinux_2_5_i686",
            "manylinux1_x86_64": "manylinux_2_5_x86_64",
            "manylinux2010_i686": "manylinux_2_12_i686",
            "manylinux2010_x86_64": "manylinux_2_12_x86_64",
            "manylinux2014_aarch64": "manylinux_2_17_aarch64",
            "manylinux2014_armv7l": "manylinux_2_17_armv7l",
            "manylinux2014_i686": "manylinux_2_17_i686",
            "manylinux2014_ppc64": "manylinux_2_17_ppc64",
            "manylinux2014_ppc64le": "manylinux_2_17_ppc64le",
            "manylinux2014_s390x": "manylinux_2_17_s390x",
            "manylinux2014_x86_64": "manylinux_2_17_x86_64",
        },
        id="all",
    ),
    compatible(GLIBC_238, "manylinux_2_5_x86_64", expected=True, id="oldest"),
    compatible(GLIBC_238, "manylinux1_x86_64", expected=True, id="legacy-alias"),
    compatible(GLIBC_238, "manylinux_2_38_x86_64", expected=True, id="same-glibc"),
    compatible(GLIBC_238, "manylinux_2_39_x86_64", expected=False, id="newer-glibc"),
    compatible(GLIBC_217, "manylinux2014_x86_64", expected=True, id="manylinux2014-on-2-17"),
    compatible(GLIBC_217, "manylinux_2_28_x86_64", expected=False, id="manylinux-2-28-on-2-17"),
    compatible(GLIBC_238, "manylinux_2_17_aarch64", expected=False, id="other-architecture"),
    compatible(ARM_228, "manylinux2014_aarch64", expected=True, id="aarch64"),
    compatible(ARM_228, "manylinux_2_5_aarch64", expected=False, id="before-the-oldest-policy"),
    compatible(GLIBC_238, "manylinux_2_4_x86_64", expected=False, id="before-manylinux1"),
    compatible(MUSL, "manylinux1_x86_64", expected=False, id="musl-target"),
    compatible(DARWIN, "manylinux1_x86_64", expected=False, id="darwin-target"),
]

ERRORS: list[Any] = [
    error(
        "pep600.manyLinuxTagCompatible",
        GLIBC_238,
        GLIBC_238,
        "musllinux_1_1_x86_64",
        kind=InvalidFileName,
        message=caret("argument 3: not a manylinux tag", "musllinux_1_1_x86_64", 0, 20),
        id="musllinux-tag",
    ),
    error(
        "pep600.manyLinuxTagCompatible",
        GLIBC_238,
        GLIBC_238,
        "manylinux1_aarch64",
        kind=InvalidFileName,
        message=caret(
            "argument 3: not a manylinux or musllinux platform tag", "manylinux1_aarch64", 0, 18
        ),
        id="no-such-legacy-tag",
    ),
    error(
        "pep600.manyLinuxTagCompatible",
        GLIBC_238,
        GLIBC_217,
        "manylinux1_x86_64",
        kind=InvalidArgument,
        message=(
            "argument 2: must be the same target object as argument 1\n"
            "  hint: pyproject.nix's platform, libc and python all describe one target here"
        ),
        id="different-targets",
    ),
    error(
        "pep600.manyLinuxTagCompatible",
        "x86_64-linux",
        "x86_64-linux",
        "manylinux1_x86_64",
        kind=InvalidArgument,
        message=(
            "argument 1: expected a target object such as"
            " {'system': 'x86_64-linux', 'version': '3.12'}, got \"x86_64-linux\""
        ),
        id="system-string",
    ),
]


@pytest.mark.parametrize(("name", "args", "expected"), VECTORS)
def test_vectors(name: str, args: tuple[JSON, ...], expected: JSON) -> None:
    run(name, args, expected)


@pytest.mark.parametrize(("name", "args", "kind", "message"), ERRORS)
def test_errors(name: str, args: tuple[JSON, ...], kind: type[Exception], message: str) -> None:
    with pytest.raises(kind) as info:
        call(name, *args)
    assert str(info.value) == message
