"""PEP 735 dependency groups: includes resolved in place, cycles and unknown names reported."""

from __future__ import annotations

import pytest

from pynix.errors import IncludeCycle, InvalidProject, InvalidRequirement
from pynix.formats.dependency_groups import (
    add_entries,
    parse_dependency_groups,
    read_groups,
    resolve_groups,
)
from pynix.model import Dependency

# (id, table, {group: [requirement strings]}) -- the PEP's own example first.
GROUPS: list[tuple[str, dict[str, object], dict[str, list[str]]]] = [
    (
        "pep-735-example",
        {
            "coverage": ["coverage[toml]"],
            "test": ["pytest>7", {"include-group": "coverage"}],
        },
        {"coverage": ["coverage[toml]"], "test": ["pytest>7", "coverage[toml]"]},
    ),
    (
        "normalized-include",
        {"Typing_Stubs": ["types-pyyaml"], "test": [{"include-group": "typing-stubs"}, "pytest"]},
        {"typing-stubs": ["types-pyyaml"], "test": ["types-pyyaml", "pytest"]},
    ),
    (
        "nested-and-repeated",
        {
            "all": [{"include-group": "a"}, {"include-group": "b"}],
            "a": ["x", {"include-group": "b"}],
            "b": ["y ; os_name == 'nt'"],
        },
        {
            "all": ["x", 'y; os_name == "nt"', 'y; os_name == "nt"'],
            "a": ["x", 'y; os_name == "nt"'],
            "b": ['y; os_name == "nt"'],
        },
    ),
    ("empty", {"empty": []}, {"empty": []}),
]

ERRORS: list[tuple[str, object, type[Exception], str]] = [
    (
        "self-include",
        {"a": [{"include-group": "a"}]},
        IncludeCycle,
        "dependency-groups.a[0]: include-group cycle: a -> a",
    ),
    (
        "three-cycle",
        {
            "a": [{"include-group": "b"}],
            "b": [{"include-group": "c"}],
            "c": ["x", {"include-group": "A"}],
        },
        IncludeCycle,
        "dependency-groups.c[1]: include-group cycle: a -> b -> c -> a",
    ),
    (
        "unknown-close",
        {"test": [{"include-group": "lnt"}], "lint": []},
        InvalidProject,
        (
            "dependency-groups.test[0].include-group: 'lnt' names no group in this file\n"
            "  hint: did you mean 'lint'?"
        ),
    ),
    (
        "unknown-far",
        {"test": [{"include-group": "docs"}], "lint": []},
        InvalidProject,
        (
            "dependency-groups.test[0].include-group: 'docs' names no group in this file\n"
            "  hint: known groups: test, lint"
        ),
    ),
    (
        "not-a-table",
        ["pytest"],
        InvalidProject,
        "dependency-groups: expected a table, got an array",
    ),
    (
        "group-not-array",
        {"test": "pytest"},
        InvalidProject,
        "dependency-groups.test: expected an array, got a string",
    ),
    (
        "entry-number",
        {"test": [1]},
        InvalidProject,
        (
            "dependency-groups.test[0]: expected a PEP 508 string or an include-group table, "
            "got an integer"
        ),
    ),
    (
        "extra-key",
        {"test": [{"include-group": "a", "x": 1}], "a": []},
        InvalidProject,
        "dependency-groups.test[0]: unexpected key 'x'; a table entry holds only include-group",
    ),
    (
        "missing-key",
        {"test": [{}]},
        InvalidProject,
        (
            "dependency-groups.test[0]: missing key 'include-group'; "
            "a table entry holds only include-group"
        ),
    ),
    (
        "include-not-string",
        {"test": [{"include-group": 1}]},
        InvalidProject,
        "dependency-groups.test[0].include-group: expected a string, got an integer",
    ),
    (
        "bad-name",
        {"not valid": []},
        InvalidProject,
        "dependency-groups.\"not valid\": 'not valid' is not a valid dependency group name",
    ),
    (
        "duplicate",
        {"Test": [], "test": []},
        InvalidProject,
        "dependency-groups.test: 'Test' and 'test' name the same group after normalization",
    ),
    (
        "bad-requirement",
        {"test": ["pytest", "pytest >= "]},
        InvalidRequirement,
        (
            "dependency-groups.test[1]: expected semicolon (after name with no version specifier) "
            "or end:"
            " pytest >= \n"
        ),
    ),
]


@pytest.mark.parametrize(("table", "expected"), [g[1:] for g in GROUPS], ids=[g[0] for g in GROUPS])
def test_groups_resolve(table: dict[str, object], expected: dict[str, list[str]]) -> None:
    groups = parse_dependency_groups(table)
    assert {name: [str(d) for d in deps] for name, deps in groups.items()} == expected


@pytest.mark.parametrize(
    ("table", "error", "message"), [e[1:] for e in ERRORS], ids=[e[0] for e in ERRORS]
)
def test_group_errors(table: object, error: type[Exception], message: str) -> None:
    with pytest.raises(error) as info:
        parse_dependency_groups(table)
    if message.endswith("\n"):
        assert str(info.value).startswith(message)
    else:
        assert str(info.value) == message


def test_missing_table_is_no_groups() -> None:
    assert parse_dependency_groups(None) == {}


def test_tool_entries_join_before_includes_are_resolved() -> None:
    groups = read_groups({"dev": ["pytest"], "all": [{"include-group": "dev"}]})
    add_entries(groups, "Dev", [("tool.uv.dev-dependencies[0]", "ruff")])
    add_entries(groups, "tools", [("x[0]", Dependency.parse("black"))])
    add_entries(groups, "nothing", [])
    resolved = resolve_groups(groups)
    assert {k: [d.name for d in v] for k, v in resolved.items()} == {
        "dev": ["pytest", "ruff"],
        "all": ["pytest", "ruff"],
        "tools": ["black"],
    }


def test_added_entries_keep_their_own_key_path() -> None:
    groups = read_groups({"dev": ["pytest"]})
    add_entries(groups, "dev", [("tool.uv.dev-dependencies[0]", "ruff >=")])
    with pytest.raises(InvalidRequirement) as info:
        resolve_groups(groups)
    assert info.value.location.key == "tool.uv.dev-dependencies[0]"
