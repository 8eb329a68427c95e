"""Key paths and type checks for loaded TOML values."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from pynix.errors import InvalidProject
from pynix.formats._toml_paths import (
    child,
    describe,
    expect_bool,
    expect_str_table,
    item,
    optional,
    table_at,
)

PATHS = [
    ("", "project", "project"),
    ("tool.uv.sources", "httpx", "tool.uv.sources.httpx"),
    ("tool.uv.sources", "zope.interface", 'tool.uv.sources."zope.interface"'),
    ("dependency-groups", "my group", 'dependency-groups."my group"'),
    ("x", 'say "hi"', 'x."say \\"hi\\""'),
]

TYPES = [
    (True, "a boolean"),
    ("s", "a string"),
    (1, "an integer"),
    (1.5, "a float"),
    ({}, "a table"),
    ([], "an array"),
    (datetime.date(2024, 1, 1), "a date or time"),
    (None, "NoneType"),
]


@pytest.mark.parametrize(("parent", "key", "expected"), PATHS, ids=[p[2] for p in PATHS])
def test_child(parent: str, key: str, expected: str) -> None:
    assert child(parent, key) == expected


def test_item() -> None:
    assert item("project.dependencies", 3) == "project.dependencies[3]"


@pytest.mark.parametrize(("value", "name"), TYPES, ids=[t[1] for t in TYPES])
def test_describe(value: object, name: str) -> None:
    assert describe(value) == name


def test_expectations() -> None:
    assert expect_bool(False, "x") is False
    assert expect_str_table({"a": "b"}, "t") == {"a": "b"}
    assert optional({}, "k", "t", expect_bool) is None
    with pytest.raises(InvalidProject, match=r"^t\.k: expected a boolean, got a string$"):
        optional({"k": "yes"}, "k", "t", expect_bool)


def test_table_at() -> None:
    data: dict[str, Any] = {"tool": {"uv": {"workspace": {}}}}
    assert table_at(data, "tool", "uv", "workspace") == {}
    assert table_at(data, "tool", "pdm") is None
    with pytest.raises(InvalidProject, match=r"^tool: expected a table, got an integer$"):
        table_at({"tool": 1}, "tool", "uv")
