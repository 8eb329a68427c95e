"""``pep621.*``: a loaded pyproject.toml's dependencies and requires-python, and filtering them."""

from __future__ import annotations

from typing import Any

import pytest

from pynix.errors import (
    IncludeCycle,
    InvalidArgument,
    InvalidProject,
    InvalidRequirement,
    InvalidSpecifier,
)
from pynix.interop import JSON, call
from tests.interop._vectors import caret, compare, cond, error, req, run, vector, ver

NO_DEPENDENCIES: JSON = {"build-systems": [], "dependencies": [], "extras": {}, "groups": {}}
APP: JSON = {
    "project": {
        "name": "app",
        "requires-python": ">=3.9,<4",
        "dependencies": ["Requests[Socks, http2]>=2.31,<3", "tomli; python_version < '3.11'"],
        "optional-dependencies": {"Docs_Build": ["sphinx>=7"]},
    },
    "dependency-groups": {
        "Test": ["pytest>=8", {"include-group": "lint"}],
        "lint": ["ruff"],
    },
    "build-system": {"requires": ["hatchling>=1.25"], "build-backend": "hatchling.build"},
}
REQUESTS = req(
    "requests",
    cond(">=", "2.31", [2, 31]),
    cond("<", "3", [3]),
    extras=["socks", "http2"],
)
TOMLI = req(
    "tomli",
    markers=compare("python_version", "<", {"type": "version", "value": ver("3.11", [3, 11])}),
)
LINUX = call("pep508.mkEnviron", {"system": "x86_64-linux", "version": "3.12"})
WINDOWS = call("pep508.mkEnviron", {"system": "x86_64-windows", "version": "3.10"})
ON_WINDOWS = req(
    "colorama", markers=compare("sys_platform", "==", {"type": "string", "value": "win32"})
)
FOR_SOCKS = req("pysocks", markers=compare("extra", "==", {"type": "extra", "value": "socks"}))
MIXED: JSON = {
    "build-systems": [ON_WINDOWS],
    "dependencies": [req("click"), ON_WINDOWS, FOR_SOCKS],
    "extras": {"socks": [FOR_SOCKS]},
    "groups": {"test": [ON_WINDOWS, req("pytest")]},
}

VECTORS: list[Any] = [
    vector(
        "pep621.parseDependencies",
        {"pyproject": {"project": {"name": "app"}}},
        expected=NO_DEPENDENCIES,
        id="nothing",
    ),
    vector(
        "pep621.parseDependencies",
        {"pyproject": APP},
        expected={
            "build-systems": [req("hatchling", cond(">=", "1.25", [1, 25]))],
            "dependencies": [REQUESTS, TOMLI],
            "extras": {"docs-build": [req("sphinx", cond(">=", "7", [7]))]},
            "groups": {
                "lint": [req("ruff")],
                "test": [req("pytest", cond(">=", "8", [8])), req("ruff")],
            },
        },
        id="every-table",
    ),
    vector(
        "pep621.parseDependencies",
        {"pyproject": {"dependency-groups": {"dev": ["tox"]}, "tool": {"uv": {"package": False}}}},
        expected={
            "build-systems": [],
            "dependencies": [],
            "extras": {},
            "groups": {"dev": [req("tox")]},
        },
        id="no-project-table",
    ),
    vector(
        "pep621.parseDependencies",
        {
            "pyproject": {
                "project": {"name": "app", "optional-dependencies": {"dev": ["black"]}},
                "tool": {"pdm": {"dev-dependencies": {"Dev": ["isort"], "test": ["pytest"]}}},
            },
            "extrasAttrPaths": ["tool.pdm.dev-dependencies"],
        },
        expected={
            "build-systems": [],
            "dependencies": [],
            "extras": {"dev": [req("black"), req("isort")], "test": [req("pytest")]},
            "groups": {},
        },
        id="extras-attr-paths-append",
    ),
    vector(
        "pep621.parseDependencies",
        {
            "pyproject": {
                "project": {"name": "app"},
                "tool": {"uv": {"dev-dependencies": ["mypy"], "empty": []}},
            },
            "extrasListPaths": {
                "tool.uv.dev-dependencies": "dev",
                "tool.uv.empty": "empty",
                "tool.none.here": "none",
            },
        },
        expected={
            "build-systems": [],
            "dependencies": [],
            "extras": {"dev": [req("mypy")]},
            "groups": {},
        },
        id="extras-list-paths-skip-empty-and-missing",
    ),
    vector(
        "pep621.parseDependencies",
        {
            "pyproject": {
                "project": {"name": "app"},
                "dependency-groups": {"dev": ["ruff"], "all": [{"include-group": "dev"}]},
                "tool": {"uv": {"dev-dependencies": ["mypy"]}},
            },
            "groupsListPaths": {"tool.uv.dev-dependencies": "dev"},
        },
        expected={
            "build-systems": [],
            "dependencies": [],
            "extras": {},
            "groups": {"all": [req("ruff"), req("mypy")], "dev": [req("ruff"), req("mypy")]},
        },
        id="groups-list-paths-append-before-includes",
    ),
    vector(
        "pep621.parseDependencies",
        {
            "pyproject": {
                "project": {"name": "app"},
                "tool": {"x": {"groups": {"Docs": ["mkdocs", {"include-group": "base"}]}}},
                "dependency-groups": {"base": ["jinja2"]},
            },
            "groupsAttrPaths": ["tool.x.groups"],
        },
        expected={
            "build-systems": [],
            "dependencies": [],
            "extras": {},
            "groups": {"base": [req("jinja2")], "docs": [req("mkdocs"), req("jinja2")]},
        },
        id="groups-attr-paths",
    ),
    vector(
        "pep621.parseRequiresPython",
        APP,
        expected=[cond(">=", "3.9", [3, 9]), cond("<", "4", [4])],
        id="range",
    ),
    vector(
        "pep621.parseRequiresPython",
        {"project": {"name": "app", "requires-python": "<4, ==3.*"}},
        expected=[cond("<", "4", [4]), cond("==", "3.*", [3, "*"])],
        id="written-order-and-wildcard",
    ),
    vector("pep621.parseRequiresPython", {"project": {"name": "app"}}, expected=[], id="missing"),
    vector(
        "pep621.filterDependenciesByEnviron",
        LINUX,
        [],
        MIXED,
        expected={
            "build-systems": [],
            "dependencies": [req("click")],
            "extras": {"socks": []},
            "groups": {"test": [req("pytest")]},
        },
        id="linux",
    ),
    vector(
        "pep621.filterDependenciesByEnviron",
        WINDOWS,
        ["Socks"],
        MIXED,
        expected=MIXED,
        id="windows-with-extra",
    ),
    vector(
        "pep621.filterDependenciesByEnviron",
        call("pep508.setEnviron", LINUX, {"extra": "socks"}),
        [],
        MIXED,
        expected={
            "build-systems": [],
            "dependencies": [req("click"), FOR_SOCKS],
            "extras": {"socks": [FOR_SOCKS]},
            "groups": {"test": [req("pytest")]},
        },
        id="extra-from-environ",
    ),
    vector(
        "pep621.filterDependenciesByEnviron",
        LINUX,
        [],
        {"dependencies": [req("a", markers="os_name == 'nt'"), req("b")], "extras": {}},
        expected={"build-systems": [], "dependencies": [req("b")], "extras": {}, "groups": {}},
        id="marker-text-and-no-groups",
    ),
]

ERRORS: list[Any] = [
    error(
        "pep621.parseDependencies",
        {"project": {"name": "app"}},
        kind=InvalidArgument,
        message="argument 1, project: unknown key in parseDependencies' argument\n"
        "  hint: known keys: pyproject, extrasAttrPaths, extrasListPaths, groupsAttrPaths,"
        " groupsListPaths",
        id="not-wrapped",
    ),
    error(
        "pep621.parseDependencies",
        {},
        kind=InvalidArgument,
        message="argument 1: missing key 'pyproject' in parseDependencies' argument\n"
        "  hint: pynix reads no files here: pass the file's contents",
        id="no-pyproject",
    ),
    error(
        "pep621.parseDependencies",
        {"pyproject": {"project": {"name": "app", "dependencies": ["click", "foo >= 1 bar"]}}},
        kind=InvalidRequirement,
        message=caret(
            "argument 1, pyproject.project.dependencies[1]: expected comma"
            " (within version specifier), semicolon (after version specifier) or end",
            "foo >= 1 bar",
            4,
            10,
        ),
        id="bad-requirement",
    ),
    error(
        "pep621.parseDependencies",
        {"pyproject": {"project": {"dependencies": ["click"]}}},
        kind=InvalidProject,
        message="argument 1, pyproject.project.name:"
        " missing; PEP 621 requires a name (never dynamic)",
        id="no-name",
    ),
    error(
        "pep621.parseDependencies",
        {
            "pyproject": {
                "dependency-groups": {"a": [{"include-group": "b"}], "b": [{"include-group": "A"}]}
            }
        },
        kind=IncludeCycle,
        message="argument 1, pyproject.dependency-groups.b[0]: include-group cycle: a -> b -> a",
        id="include-cycle",
    ),
    error(
        "pep621.parseDependencies",
        {"pyproject": {"project": {"name": "app"}}, "extrasListPaths": {"tool.x": 1}},
        kind=InvalidArgument,
        message='argument 1, extrasListPaths["tool.x"]: expected a name, got 1',
        id="list-path-name",
    ),
    error(
        "pep621.parseDependencies",
        {
            "pyproject": {"project": {"name": "app"}, "tool": {"x": {"dev": "pytest"}}},
            "extrasAttrPaths": ["tool.x"],
        },
        kind=InvalidArgument,
        message="argument 1, pyproject.tool.x.dev:"
        ' expected a list of dependency strings, got "pytest"',
        id="attr-path-not-lists",
    ),
    error(
        "pep621.parseDependencies",
        {
            "pyproject": {"project": {"name": "app"}, "tool": "x"},
            "groupsListPaths": {"tool.x": "dev"},
        },
        kind=InvalidArgument,
        message='argument 1, pyproject.tool: expected a table, got "x"',
        id="path-through-a-string",
    ),
    error(
        "pep621.parseRequiresPython",
        {"project": {"name": "app", "requires-python": "3.9"}},
        kind=InvalidSpecifier,
        message=caret(
            "argument 1, project.requires-python: not a valid PEP 440 version specifier",
            "3.9",
            0,
            3,
        ),
        id="bad-requires-python",
    ),
    error(
        "pep621.filterDependenciesByEnviron",
        {"python_version": {"type": "version", "value": {"str": "3.12"}}},
        [],
        {"dependencies": [ON_WINDOWS]},
        kind=InvalidArgument,
        message="argument 1: the environment has no value for sys_platform\n"
        "  hint: make it with pep508.mkEnviron",
        id="incomplete-environ",
    ),
    error(
        "pep621.filterDependenciesByEnviron",
        LINUX,
        "socks",
        MIXED,
        kind=InvalidArgument,
        message='argument 2: expected a list of extra names, got "socks"',
        id="extras-not-a-list",
    ),
    error(
        "pep621.filterDependenciesByEnviron",
        LINUX,
        [],
        {"dependencies": [{"name": "click"}]},
        kind=InvalidArgument,
        message="argument 3, dependencies[0]: missing key 'conditions' in a dependency\n"
        "  hint: make it with pep508.parseString",
        id="not-a-dependency",
    ),
    error(
        "pep621.filterDependenciesByEnviron",
        LINUX,
        [],
        {"extras": {}},
        kind=InvalidArgument,
        message="argument 3: missing key 'dependencies'\n"
        "  hint: make it with pep621.parseDependencies",
        id="no-dependencies-key",
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


def test_filtering_hands_back_the_objects_given() -> None:
    result = call("pep621.filterDependenciesByEnviron", WINDOWS, [], MIXED)
    assert isinstance(result, dict)
    assert isinstance(MIXED, dict)
    assert result["dependencies"][0] is MIXED["dependencies"][0]  # type: ignore[index]
