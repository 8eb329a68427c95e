"""The name table: which names exist, that each has vectors, and how calls are checked."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pytest

from pynix.errors import InvalidArgument
from pynix.interop import JSON, call, names
from pynix.interop._registry import lookup
from pynix.interop._shapes import Where, describe
from tests.interop import (
    test_eggs,
    test_pep440,
    test_pep508,
    test_pep518,
    test_pep599,
    test_pep600,
    test_pep621,
    test_pep656,
    test_pep723,
    test_pip,
    test_poetry,
    test_project,
    test_pypa,
    test_validators,
)

VECTOR_MODULES = (
    test_eggs,
    test_pep440,
    test_pep508,
    test_pep518,
    test_pep599,
    test_pep600,
    test_pep621,
    test_pep656,
    test_pep723,
    test_pip,
    test_poetry,
    test_project,
    test_pypa,
    test_validators,
)

# Written out, so that adding or losing a name is a visible change.
NAMES = (
    "eggs.isEggFileName",
    "eggs.matchEggFileName",
    "eggs.parseEggFileName",
    "eggs.selectEggs",
    "pep440.comparators.",
    "pep440.comparators.!=",
    "pep440.comparators.<",
    "pep440.comparators.<=",
    "pep440.comparators.==",
    "pep440.comparators.===",
    "pep440.comparators.>",
    "pep440.comparators.>=",
    "pep440.comparators.~=",
    "pep440.compareVersions",
    "pep440.parseVersion",
    "pep440.parseVersionCond",
    "pep440.parseVersionConds",
    "pep508.evalMarkers",
    "pep508.mkEnviron",
    "pep508.parseMarkers",
    "pep508.parseString",
    "pep508.setEnviron",
    "pep518.parseBuildSystems",
    "pep599.manyLinuxTargetMachines",
    "pep600.legacyAliases",
    "pep600.manyLinuxTagCompatible",
    "pep621.filterDependenciesByEnviron",
    "pep621.parseDependencies",
    "pep621.parseRequiresPython",
    "pep656.muslLinuxTagCompatible",
    "pep723.parseScript",
    "pip.parseRequirementsTxt",
    "poetry.parseDependencies",
    "poetry.parseVersionCond",
    "poetry.parseVersionConds",
    "poetry.translatePoetryProject",
    "project.loadPDMPyproject",
    "project.loadPoetryPyproject",
    "project.loadPyproject",
    "project.loadPyprojectDynamic",
    "project.loadRequirementsTxt",
    "project.loadUVPyproject",
    "pypa.isABITagCompatible",
    "pypa.isPlatformTagCompatible",
    "pypa.isPythonTagCompatible",
    "pypa.isSdistFileName",
    "pypa.isWheelFileCompatible",
    "pypa.isWheelFileName",
    "pypa.matchWheelFileName",
    "pypa.normalizePackageName",
    "pypa.parseABITag",
    "pypa.parsePythonTag",
    "pypa.parseWheelFileName",
    "pypa.selectWheels",
    "validators.validateVersionConstraints",
)


def uncovered(registered: Iterable[str], vectors: Iterable[Any]) -> list[str]:
    """The registered names that no vector calls (pyproject.nix's coverage test, here)."""
    called = {vector.values[0] for vector in vectors}
    return sorted(set(registered) - called)


def all_vectors() -> list[Any]:
    return [vector for module in VECTOR_MODULES for vector in module.VECTORS]


def test_the_names() -> None:
    assert names() == NAMES


def test_every_name_has_a_vector() -> None:
    assert uncovered(names(), all_vectors()) == []


def test_every_namespace_has_an_error_table() -> None:
    for module in VECTOR_MODULES:
        assert module.ERRORS, module.__name__


def test_the_coverage_check_can_fail() -> None:
    vectors = [v for v in all_vectors() if v.values[0] != "pep440.compareVersions"]
    assert uncovered(names(), vectors) == ["pep440.compareVersions"]


def test_unknown_name_suggests_the_closest() -> None:
    with pytest.raises(InvalidArgument) as info:
        call("pypa.parseWheelFilename", "six-1.16.0-py3-none-any.whl")
    assert str(info.value) == (
        "unknown pyproject.nix function 'pypa.parseWheelFilename'\n"
        "  hint: did you mean 'pypa.parseWheelFileName'?"
    )


def test_unknown_name_far_from_any() -> None:
    with pytest.raises(InvalidArgument) as info:
        lookup("renderers.withPackages")
    assert str(info.value) == (
        "unknown pyproject.nix function 'renderers.withPackages'\n  hint: see 'pynix lib --list'"
    )


@pytest.mark.parametrize(
    ("name", "count", "message"),
    [
        pytest.param(
            "pep440.parseVersion",
            0,
            "pep440.parseVersion takes 1 argument (VERSION), got 0",
            id="too-few",
        ),
        pytest.param(
            "pypa.isWheelFileCompatible",
            3,
            "pypa.isWheelFileCompatible takes 4 arguments (PLATFORM LIBC PYTHON FILE), got 3",
            id="one-short",
        ),
        pytest.param(
            "pep600.legacyAliases", 2, "pep600.legacyAliases takes no arguments, got 2", id="value"
        ),
    ],
)
def test_argument_count(name: str, count: int, message: str) -> None:
    with pytest.raises(InvalidArgument) as info:
        call(name, *(["x"] * count))
    assert str(info.value) == message


def test_signatures() -> None:
    assert lookup("pypa.selectWheels").signature == "pypa.selectWheels PLATFORM PYTHON FILES"
    assert lookup("pep599.manyLinuxTargetMachines").signature == "pep599.manyLinuxTargetMachines"


@pytest.mark.parametrize(
    ("where", "text"),
    [
        pytest.param(Where(argument=1), "argument 1", id="argument"),
        pytest.param(Where(argument=3) / 0 / "filename", "argument 3, [0].filename", id="list"),
        pytest.param(
            Where() / "packages" / "zope.interface", 'packages["zope.interface"]', id="dot"
        ),
        pytest.param(Where(), "", id="nowhere"),
    ],
)
def test_where(where: Where, text: str) -> None:
    assert str(where) == text


@pytest.mark.parametrize(
    ("value", "text"),
    [
        pytest.param("x" * 50, '"' + "x" * 36 + "...", id="long-string"),
        pytest.param(1.5, "1.5", id="float"),
        pytest.param(False, "false", id="false"),
        pytest.param((1, 2), "a Python tuple (not JSON)", id="tuple"),
    ],
)
def test_describe(value: object, text: str) -> None:
    assert describe(value) == text


def test_a_python_value_that_is_not_json() -> None:
    with pytest.raises(InvalidArgument) as info:
        call("pep440.compareVersions", {"release": (1, 0)}, {"release": [1]})  # type: ignore[dict-item]
    assert str(info.value) == (
        "argument 1, release: expected a list of integers, got a Python tuple (not JSON)"
    )


def test_same_target_compares_json_not_python_equality() -> None:
    first: JSON = {"system": "x86_64-linux", "freeThreaded": True, "version": "3.13"}
    second: JSON = {"system": "x86_64-linux", "freeThreaded": 1, "version": "3.13"}
    with pytest.raises(InvalidArgument, match="must be the same target object as argument 1"):
        call("pypa.isPlatformTagCompatible", first, second, "any")
