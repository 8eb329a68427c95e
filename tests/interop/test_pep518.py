"""``pep518.*``: the build requirements of a loaded pyproject.toml."""

from __future__ import annotations

from typing import Any

import pytest

from pynix.errors import InvalidArgument, InvalidRequirement
from pynix.interop import JSON, call
from tests.interop._vectors import caret, error, run, vector, ver


def requirement(name: str, conditions: list[JSON]) -> JSON:
    return {"conditions": conditions, "extras": [], "markers": None, "name": name, "url": None}


VECTORS: list[Any] = [
    vector(
        "pep518.parseBuildSystems",
        {"build-system": {"requires": ["setuptools>=61", "Wheel"]}},
        expected=[
            requirement("setuptools", [{"op": ">=", "version": ver("61", [61])}]),
            requirement("wheel", []),
        ],
        id="two",
    ),
    vector(
        "pep518.parseBuildSystems",
        {"build-system": {"build-backend": "hatchling.build"}},
        expected=[],
        id="no-requires",
    ),
    vector("pep518.parseBuildSystems", {"project": {"name": "foo"}}, expected=[], id="no-table"),
]

ERRORS: list[Any] = [
    error(
        "pep518.parseBuildSystems",
        {"build-system": {"requires": "setuptools"}},
        kind=InvalidArgument,
        message='argument 1, build-system.requires: expected a list of strings, got "setuptools"',
        id="requires-string",
    ),
    error(
        "pep518.parseBuildSystems",
        {"build-system": {"requires": ["setuptools", 61]}},
        kind=InvalidArgument,
        message="argument 1, build-system.requires[1]: expected a dependency string, got 61",
        id="requires-number",
    ),
    error(
        "pep518.parseBuildSystems",
        {"build-system": ["setuptools"]},
        kind=InvalidArgument,
        message="argument 1, build-system: expected a table, got a list",
        id="build-system-list",
    ),
    error(
        "pep518.parseBuildSystems",
        {"build-system": {"requires": ["setuptools >="]}},
        kind=InvalidRequirement,
        message=caret(
            "argument 1, build-system.requires[0]: expected semicolon"
            " (after name with no version specifier) or end",
            "setuptools >=",
            11,
            12,
        ),
        id="bad-requirement",
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
