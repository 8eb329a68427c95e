"""Type checks for loaded TOML values that name the dotted key path on failure.

Every project-file parser reads plain mappings (what :mod:`tomllib` returns)
and must say *where* a value has the wrong type: ``project.dependencies[3]``,
``tool.uv.sources."zope.interface".git``. These helpers do the checking and
the naming, so parsers read as a list of fields.

>>> child("tool.uv.sources", "zope.interface")
'tool.uv.sources."zope.interface"'
>>> expect_str_list(["a", 1], "project.keywords")
Traceback (most recent call last):
...
pynix.errors.InvalidProject: project.keywords[1]: expected a string, got an integer
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from pynix.errors import InvalidProject, Location

__all__ = [
    "child",
    "describe",
    "expect_bool",
    "expect_list",
    "expect_str",
    "expect_str_list",
    "expect_str_table",
    "expect_table",
    "invalid",
    "item",
    "optional",
    "table_at",
]

T = TypeVar("T")

# bool before int: True is an int to Python, a boolean to TOML.
_TYPE_NAMES: tuple[tuple[type | tuple[type, ...], str], ...] = (
    (bool, "a boolean"),
    (str, "a string"),
    (int, "an integer"),
    (float, "a float"),
    (Mapping, "a table"),
    ((list, tuple), "an array"),
    ((datetime.datetime, datetime.date, datetime.time), "a date or time"),
)
_BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")


def child(path: str, key: str) -> str:
    """The dotted path of ``key`` inside the table at ``path``, quoting keys that need it."""
    shown = key if _BARE_KEY.match(key) else '"' + key.replace('"', '\\"') + '"'
    return f"{path}.{shown}" if path else shown


def item(path: str, index: int) -> str:
    """The path of the ``index``-th element of the array at ``path``."""
    return f"{path}[{index}]"


def describe(value: object) -> str:
    """A TOML-flavoured name for the type of ``value``, for messages."""
    for kind, name in _TYPE_NAMES:
        if isinstance(value, kind):
            return name
    return type(value).__name__


def invalid(path: str, message: str) -> InvalidProject:
    """An :class:`~pynix.errors.InvalidProject` located at the key ``path``."""
    return InvalidProject(message, location=Location(key=path or None))


def _wrong(path: str, expected: str, value: object) -> InvalidProject:
    return invalid(path, f"expected {expected}, got {describe(value)}")


def expect_table(value: object, path: str) -> Mapping[str, Any]:
    """``value`` if it is a TOML table, else an error naming ``path``."""
    if not isinstance(value, Mapping):
        raise _wrong(path, "a table", value)
    return value


def expect_list(value: object, path: str) -> list[Any]:
    """``value`` as a list if it is a TOML array."""
    if not isinstance(value, list | tuple):
        raise _wrong(path, "an array", value)
    return list(value)


def expect_str(value: object, path: str) -> str:
    """``value`` if it is a string."""
    if not isinstance(value, str):
        raise _wrong(path, "a string", value)
    return value


def expect_bool(value: object, path: str) -> bool:
    """``value`` if it is a boolean."""
    if not isinstance(value, bool):
        raise _wrong(path, "a boolean", value)
    return value


def expect_str_list(value: object, path: str) -> tuple[str, ...]:
    """An array of strings; a wrong element is named by its index."""
    return tuple(expect_str(v, item(path, i)) for i, v in enumerate(expect_list(value, path)))


def expect_str_table(value: object, path: str) -> dict[str, str]:
    """A table whose values are all strings; a wrong value is named by its key."""
    return {k: expect_str(v, child(path, k)) for k, v in expect_table(value, path).items()}


def optional(
    table: Mapping[str, Any], key: str, path: str, expect: Callable[[object, str], T]
) -> T | None:
    """``expect(table[key])`` when the key is present, else ``None``."""
    if key not in table:
        return None
    return expect(table[key], child(path, key))


def table_at(data: Mapping[str, Any], *keys: str) -> Mapping[str, Any] | None:
    """The table at ``data[k1][k2]...``, ``None`` when a key is missing; an error when not a table.

    >>> table_at({"tool": {"uv": {"package": False}}}, "tool", "uv")
    {'package': False}
    """
    current: Mapping[str, Any] = data
    path = ""
    for key in keys:
        path = child(path, key)
        if key not in current:
            return None
        current = expect_table(current[key], path)
    return current
