"""PEP 518 [build-system]: declared tables, the legacy default, and located errors."""

from __future__ import annotations

from typing import Any

import pytest

from pynix.errors import InvalidProject, InvalidRequirement
from pynix.formats.build_system import (
    LEGACY_BACKEND,
    LEGACY_REQUIRES,
    legacy_build_system,
    parse_build_system,
)
from pynix.model import Dependency

# (table, requires as strings, backend, backend-path)
TABLES: list[tuple[str, dict[str, Any], list[str], str, tuple[str, ...]]] = [
    (
        "hatchling",
        {"requires": ["hatchling"], "build-backend": "hatchling.build"},
        ["hatchling"],
        "hatchling.build",
        (),
    ),
    (
        "no-backend",
        {"requires": ["setuptools>=61", "wheel"]},
        ["setuptools>=61", "wheel"],
        LEGACY_BACKEND,
        (),
    ),
    (
        "in-tree",
        {"requires": [], "build-backend": "backend", "backend-path": ["_build"]},
        [],
        "backend",
        ("_build",),
    ),
    (
        "markers",
        {"requires": ["cython>=3 ; platform_python_implementation == 'CPython'"]},
        ['cython>=3; platform_python_implementation == "CPython"'],
        LEGACY_BACKEND,
        (),
    ),
]

ERRORS: list[tuple[str, object, type[Exception], str]] = [
    ("not-a-table", ["setuptools"], InvalidProject, "build-system: expected a table, got an array"),
    (
        "no-requires",
        {"build-backend": "flit_core.buildapi"},
        InvalidProject,
        "build-system.requires: missing; PEP 518 requires it when [build-system] is present",
    ),
    (
        "requires-string",
        {"requires": "setuptools"},
        InvalidProject,
        "build-system.requires: expected an array, got a string",
    ),
    (
        "requires-item",
        {"requires": ["setuptools", 3]},
        InvalidProject,
        "build-system.requires[1]: expected a string, got an integer",
    ),
    (
        "backend-type",
        {"requires": [], "build-backend": ["x"]},
        InvalidProject,
        "build-system.build-backend: expected a string, got an array",
    ),
    (
        "backend-path-type",
        {"requires": [], "backend-path": "."},
        InvalidProject,
        "build-system.backend-path: expected an array, got a string",
    ),
    (
        "bad-requirement",
        {"requires": ["setuptools", "wheel >="]},
        InvalidRequirement,
        "build-system.requires[1]: expected semicolon (after name with no version specifier) "
        "or end:"
        " wheel >=\n" + " " * 98 + "^",
    ),
]


@pytest.mark.parametrize(
    ("table", "requires", "backend", "backend_path"),
    [t[1:] for t in TABLES],
    ids=[t[0] for t in TABLES],
)
def test_declared_build_system(
    table: dict[str, Any], requires: list[str], backend: str, backend_path: tuple[str, ...]
) -> None:
    build = parse_build_system(table)
    assert [str(d) for d in build.requires] == requires
    assert (build.backend, build.backend_path, build.declared) == (backend, backend_path, True)


def test_missing_table_is_the_setuptools_legacy_default() -> None:
    build = parse_build_system(None)
    assert [str(d) for d in build.requires] == list(LEGACY_REQUIRES) == ["setuptools>=40.8.0"]
    assert (build.backend, build.declared) == ("setuptools.build_meta:__legacy__", False)
    extended = legacy_build_system([Dependency.parse("cython")])
    assert [d.name for d in extended.requires] == ["setuptools", "cython"]


@pytest.mark.parametrize(
    ("table", "error", "message"), [e[1:] for e in ERRORS], ids=[e[0] for e in ERRORS]
)
def test_errors_name_the_key(table: object, error: type[Exception], message: str) -> None:
    with pytest.raises(error) as info:
        parse_build_system(table)
    assert str(info.value) == message


def test_custom_key_path() -> None:
    with pytest.raises(InvalidProject, match=r"^sdist\.build-system: expected a table"):
        parse_build_system(1, path="sdist.build-system")
