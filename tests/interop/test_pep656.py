"""``pep656.*``: musllinux tags against a target."""

from __future__ import annotations

from typing import Any

import pytest

from pynix.errors import InvalidFileName
from pynix.interop import JSON, call
from tests.interop._vectors import caret, error, run, vector

MUSL_12: JSON = {"system": "x86_64-linux", "libc": "musl", "libcVersion": "1.2.5"}
MUSL_ARM: JSON = {"system": "aarch64-linux", "libc": "musl", "libcVersion": "1.1"}
MUSL_PPC: JSON = {"system": "powerpc64le-linux", "libc": "musl", "libcVersion": "1.2"}
MUSL_2: JSON = {"system": "x86_64-linux", "libc": "musl", "libcVersion": "2.0"}
GLIBC: JSON = {"system": "x86_64-linux", "libcVersion": "2.38"}


def compatible(target: JSON, tag: str, *, expected: bool, id: str) -> Any:  # noqa: A002  (pytest's name)
    return vector("pep656.muslLinuxTagCompatible", target, target, tag, expected=expected, id=id)


VECTORS: list[Any] = [
    compatible(MUSL_12, "musllinux_1_1_x86_64", expected=True, id="older-minor"),
    compatible(MUSL_12, "musllinux_1_2_x86_64", expected=True, id="same"),
    compatible(MUSL_12, "musllinux_1_3_x86_64", expected=False, id="newer-minor"),
    compatible(MUSL_ARM, "musllinux_1_1_aarch64", expected=True, id="aarch64"),
    compatible(MUSL_ARM, "musllinux_1_1_x86_64", expected=False, id="other-architecture"),
    compatible(MUSL_PPC, "musllinux_1_1_ppc64le", expected=True, id="nixpkgs-cpu-name"),
    compatible(MUSL_2, "musllinux_1_2_x86_64", expected=False, id="other-major"),
    compatible(GLIBC, "musllinux_1_1_x86_64", expected=False, id="glibc-target"),
]

ERRORS: list[Any] = [
    error(
        "pep656.muslLinuxTagCompatible",
        MUSL_12,
        MUSL_12,
        "manylinux1_x86_64",
        kind=InvalidFileName,
        message=caret("argument 3: not a musllinux tag", "manylinux1_x86_64", 0, 17),
        id="manylinux-tag",
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
