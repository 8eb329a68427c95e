"""Loading lock files as TOML and reading their values with the key path in every error.

Every reader walks a loaded mapping; a wrong type or a missing key becomes an
:class:`~pynix.errors.InvalidLock` whose location is the dotted key path of
the bad value (``package[12].wheels[3].hash``), so the message needs no
prose about where it is.

Traps:

* ``tomllib`` reports syntax errors only in its message (``... (at line 3,
  column 5)``); the line is moved into the error's location.
* TOML booleans are Python ``bool``, a subclass of ``int``: an integer check
  must refuse them.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping
from typing import Any

# tomli's compiled wheels parse a large lock about three times faster than the
# standard library's pure-Python tomllib, which it is otherwise identical to.
import tomli as tomllib

from pynix.errors import InvalidLock, Location

__all__ = [
    "Table",
    "expected",
    "fail",
    "get_bool",
    "get_int",
    "get_list",
    "get_str",
    "get_str_list",
    "get_table",
    "get_table_list",
    "item",
    "key_path",
    "load_toml",
    "require_str",
]

Table = Mapping[str, Any]

_TOML_POSITION = re.compile(
    r"^(?P<message>.*) \((?:at line (?P<line>\d+), column (?P<column>\d+)|at end of document)\)$"
)
_BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")
_PARTS: dict[str, str] = {}  # key -> as a key path writes it
_MAX_PARTS = 4096


def load_toml(text: str) -> dict[str, Any]:
    """Parse TOML text; a syntax error becomes :class:`InvalidLock` located at its line.

    >>> load_toml("version = 1")
    {'version': 1}
    >>> load_toml("version = 1\\nname = =\\n")
    Traceback (most recent call last):
    ...
    pynix.errors.InvalidLock: line 2: invalid TOML: invalid value (column 8)
    """
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise _syntax_error(str(exc)) from None


def _syntax_error(message: str) -> InvalidLock:
    match = _TOML_POSITION.match(message)
    if match is None:
        return InvalidLock(f"invalid TOML: {_lower_first(message)}")
    what = _lower_first(match["message"])
    if match["line"] is None:
        return InvalidLock(f"invalid TOML: {what} at the end of the file")
    return InvalidLock(
        f"invalid TOML: {what} (column {match['column']})",
        location=Location(line=int(match["line"])),
    )


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def key_path(path: str, key: str) -> str:
    """The dotted path of ``key`` inside the table at ``path``; odd keys are quoted.

    >>> key_path("metadata.files", "certifi 2024.2.2")
    'metadata.files."certifi 2024.2.2"'
    >>> key_path("", "package")
    'package'
    """
    part = _PARTS.get(key)
    if part is None:  # a lock names the same few keys thousands of times: each is quoted once
        part = (
            key
            if _BARE_KEY.match(key)
            else '"' + key.replace("\\", "\\\\").replace('"', '\\"') + '"'
        )
        if len(_PARTS) < _MAX_PARTS:
            _PARTS[key] = part
    return f"{path}.{part}" if path else part


def item(path: str, index: int) -> str:
    """The path of the ``index``-th element of the array at ``path`` (zero-based)."""
    return f"{path}[{index}]"


def fail(path: str, message: str) -> InvalidLock:
    """An :class:`InvalidLock` located at the key path ``path`` (raise it)."""
    return InvalidLock(message, location=Location(key=path or None))


_TYPE_NAMES: tuple[tuple[type | tuple[type, ...], str], ...] = (
    (bool, "a boolean"),
    (int, "an integer"),
    (float, "a float"),
    (str, "a string"),
    (Mapping, "a table"),
    (list, "an array"),
    ((datetime.date, datetime.time), "a date-time"),
)


def _type_name(value: object) -> str:
    for kind, name in _TYPE_NAMES:
        if isinstance(value, kind):
            return name
    return type(value).__name__


def expected(path: str, what: str, value: object) -> InvalidLock:
    """The error for a value of the wrong type."""
    return fail(path, f"expected {what}, found {_type_name(value)}")


def get_str(table: Table, key: str, path: str) -> str | None:
    """``table[key]`` if it is a string, ``None`` when absent."""
    value = table.get(key)
    if value is None or isinstance(value, str):
        return value
    raise expected(key_path(path, key), "a string", value)


def require_str(table: Table, key: str, path: str) -> str:
    """``table[key]``, which must be present and a string."""
    value = get_str(table, key, path)
    if value is None:
        raise fail(key_path(path, key), "required key is missing")
    return value


def get_int(table: Table, key: str, path: str) -> int | None:
    """``table[key]`` if it is an integer (not a boolean), ``None`` when absent."""
    value = table.get(key)
    if value is None or (isinstance(value, int) and not isinstance(value, bool)):
        return value
    raise expected(key_path(path, key), "an integer", value)


def get_bool(table: Table, key: str, path: str) -> bool | None:
    """``table[key]`` if it is a boolean, ``None`` when absent."""
    value = table.get(key)
    if value is None or isinstance(value, bool):
        return value
    raise expected(key_path(path, key), "a boolean", value)


def get_table(table: Table, key: str, path: str) -> Table | None:
    """``table[key]`` if it is a table, ``None`` when absent."""
    value = table.get(key)
    if value is None or type(value) is dict or isinstance(value, Mapping):  # dict: TOML's own
        return value
    raise expected(key_path(path, key), "a table", value)


def get_list(table: Table, key: str, path: str) -> list[Any]:
    """``table[key]`` if it is an array, ``[]`` when absent."""
    value = table.get(key)
    if value is None:
        return []
    if isinstance(value, list):
        return value
    raise expected(key_path(path, key), "an array", value)


def get_str_list(table: Table, key: str, path: str) -> list[str]:
    """``table[key]`` as an array of strings, ``[]`` when absent."""
    values = get_list(table, key, path)
    for index, value in enumerate(values):
        if not isinstance(value, str):
            raise expected(item(key_path(path, key), index), "a string", value)
    return values


def get_table_list(table: Table, key: str, path: str) -> list[Table]:
    """``table[key]`` as an array of tables, ``[]`` when absent."""
    values = get_list(table, key, path)
    for index, value in enumerate(values):
        if type(value) is not dict and not isinstance(value, Mapping):  # dict: TOML's own
            raise expected(item(key_path(path, key), index), "a table", value)
    return values
