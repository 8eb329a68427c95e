"""``pep599.*``: the manylinux machine names."""

from __future__ import annotations

from typing import Any

import pytest

from pynix.errors import InvalidArgument
from pynix.interop import JSON, call
from tests.interop._vectors import error, run, vector

VECTORS: list[Any] = [
    vector(
        "pep599.manyLinuxTargetMachines",
        expected={
            "aarch64": "aarch64",
            "armv7l": "armv7l",
            "i686": "i686",
            "loongarch64": "loongarch64",
            "powerpc64": "ppc64",
            "powerpc64le": "ppc64le",
            "riscv64": "riscv64",
            "s390x": "s390x",
            "x86_64": "x86_64",
        },
        id="all",
    ),
]

ERRORS: list[Any] = [
    error(
        "pep599.manyLinuxTargetMachines",
        "x86_64",
        kind=InvalidArgument,
        message="pep599.manyLinuxTargetMachines takes no arguments, got 1",
        id="an-attribute-set",
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
