"""``validators.*``: the interpreter's package set against the project's version constraints."""

from __future__ import annotations

from typing import Any

import pytest

from pynix.errors import InvalidArgument, InvalidSpecifier
from pynix.interop import JSON, call
from tests.interop._vectors import cond, error, req, run, vector


def python(system: str = "x86_64-linux", **versions: str) -> JSON:
    """A target whose package set has ``attr=version`` for each keyword (``_`` kept)."""
    return {
        "system": system,
        "version": "3.12",
        "packages": {attr: {"pname": attr, "version": v} for attr, v in versions.items()},
    }


def loaded(pyproject: JSON) -> JSON:
    return call("project.loadPyproject", {"pyproject": pyproject})


APP = loaded(
    {
        "project": {
            "name": "app",
            "dependencies": [
                "requests>=2.32,<3",
                "six==1.0",
                "click>=8",
                "colorama>=0.4.6; sys_platform == 'win32'",
                "missing-here>=1",
                "tides @ https://files.example.org/tides-2.1.tar.gz",
            ],
            "optional-dependencies": {
                "fast": ["orjson>=3.10"],
                "all": ["app[fast]", "click>=9"],
            },
        },
        "dependency-groups": {"test": ["pytest>=9"]},
        "build-system": {"requires": ["hatchling>=1.25"]},
    }
)
SET = python(
    requests="2.31.0",
    six="1.0.1",
    click="8.1.7",
    colorama="0.4.4",
    tides="1.0",
    orjson="3.9.0",
    pytest="8.3.2",
    hatchling="1.21.0",
)
REQUIREMENTS = "pyyaml==6.0.1\nzope.interface>=6\n"
REQUESTS: JSON = {"conditions": [cond(">=", "2.32", [2, 32])], "version": "2.31.0"}
SIX: JSON = {"conditions": [cond("==", "1.0", [1, 0])], "version": "1.0.1"}
HATCHLING: JSON = {"conditions": [cond(">=", "1.25", [1, 25])], "version": "1.21.0"}

VECTORS: list[Any] = [
    vector(
        "validators.validateVersionConstraints",
        {"project": APP, "python": SET},
        expected={"hatchling": HATCHLING, "requests": REQUESTS, "six": SIX},
        id="main-and-build-system",
    ),
    vector(
        "validators.validateVersionConstraints",
        {"project": APP, "python": python("x86_64-windows", colorama="0.4.4")},
        expected={"colorama": {"conditions": [cond(">=", "0.4.6", [0, 4, 6])], "version": "0.4.4"}},
        id="marker-holds-on-windows",
    ),
    vector(
        "validators.validateVersionConstraints",
        {"project": APP, "python": SET, "extras": ["All"]},
        expected={
            "click": {"conditions": [cond(">=", "9", [9])], "version": "8.1.7"},
            "hatchling": HATCHLING,
            "orjson": {"conditions": [cond(">=", "3.10", [3, 10])], "version": "3.9.0"},
            "requests": REQUESTS,
            "six": SIX,
        },
        id="extra-naming-the-project-itself",
    ),
    vector(
        "validators.validateVersionConstraints",
        {
            "project": loaded({"project": {"name": "web", "dependencies": ["Django<5"]}}),
            "python": python(django="5.1.4", django_4="4.2.17"),
        },
        expected={},
        id="versioned-attribute",
    ),
    vector(
        "validators.validateVersionConstraints",
        {
            "project": loaded({"project": {"name": "x", "dependencies": ["attrs!=23.1,>=24"]}}),
            "python": python(attrs="23.1"),
        },
        expected={
            "attrs": {
                "conditions": [cond("!=", "23.1", [23, 1]), cond(">=", "24", [24])],
                "version": "23.1",
            }
        },
        id="conditions-in-the-order-given",
    ),
    vector(
        "validators.validateVersionConstraints",
        {
            "project": call(
                "project.loadRequirementsTxt",
                {"requirements": "pyyaml==6.0.1\nzope.interface>=6\n"},
            ),
            "python": python(pyyaml="6.0.2", **{"zope-interface": "6.4"}),
        },
        expected={"pyyaml": {"conditions": [cond("==", "6.0.1", [6, 0, 1])], "version": "6.0.2"}},
        id="requirements-project",
    ),
    vector(
        "validators.validateVersionConstraints",
        {
            "project": {
                "dependencies": {
                    "dependencies": [req("numpy", cond("<", "2", [2]))],
                    "extras": {"x": [req("numpy", cond("<", "1.26", [1, 26]))]},
                }
            },
            "python": python(numpy="1.26.4"),
            "extras": ["x"],
        },
        expected={"numpy": {"conditions": [cond("<", "1.26", [1, 26])], "version": "1.26.4"}},
        id="last-declaration-wins",
    ),
]

ERRORS: list[Any] = [
    error(
        "validators.validateVersionConstraints",
        {"project": APP, "python": SET, "extras": ["speed"]},
        kind=InvalidArgument,
        message="argument 1, extras[0]: the project has no extra named 'speed'\n"
        "  hint: its extras: fast, all",
        id="unknown-extra",
    ),
    error(
        "validators.validateVersionConstraints",
        {"project": APP, "python": {"system": "x86_64-linux"}},
        kind=InvalidArgument,
        message="argument 1, python: missing key 'version' in a target object\n"
        '  hint: e.g. {"system": "x86_64-linux", "version": "3.12"}; see docs/interop.md',
        id="python-without-version",
    ),
    error(
        "validators.validateVersionConstraints",
        {"project": APP, "python": {"system": "x86_64-linux", "version": "3.12", "packages": []}},
        kind=InvalidArgument,
        message="argument 1, python.packages: expected an object of {attr: {pname, version}},"
        " got a list",
        id="packages-not-an-object",
    ),
    error(
        "validators.validateVersionConstraints",
        {"project": {"pyproject": None}, "python": SET},
        kind=InvalidArgument,
        message="argument 1, project: missing key 'dependencies' in a project object",
        id="project-without-dependencies",
    ),
    error(
        "validators.validateVersionConstraints",
        {
            "project": {"dependencies": {"dependencies": [req("a", cond("", "1", [1]))]}},
            "python": SET,
        },
        kind=InvalidArgument,
        message="argument 1, project.dependencies.dependencies[0].conditions[0].op: expected"
        ' "~=", "==", "!=", "<=", ">=", "<", ">", "===", got ""',
        id="condition-without-operator",
    ),
    error(
        "validators.validateVersionConstraints",
        {
            "project": {"dependencies": {"dependencies": [req("a", cond("~=", "1", [1]))]}},
            "python": SET,
        },
        kind=InvalidSpecifier,
        message="argument 1, project.dependencies.dependencies[0].conditions[0]:"
        " '~=1' is not a valid PEP 440 version specifier",
        id="bad-condition",
    ),
    error(
        "validators.validateVersionConstraints",
        {"project": APP},
        kind=InvalidArgument,
        message="argument 1: missing key 'python' in validateVersionConstraints' argument",
        id="no-python",
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
