"""TOML loading and typed access: every error names its line or its key path."""

from __future__ import annotations

from typing import Any

import pytest

from pynix.errors import InvalidLock
from pynix.locks._toml import (
    get_bool,
    get_int,
    get_str,
    get_str_list,
    get_table,
    get_table_list,
    item,
    key_path,
    load_toml,
    require_str,
)

SYNTAX = [
    ("missing-value", "a = 1\nb = =\n", "line 2: invalid TOML: invalid value (column 5)"),
    ("unterminated", 'a = "x', "invalid TOML: unterminated string at the end of the file"),
    (
        "duplicate-key",
        "a = 1\na = 2\n",
        "line 2: invalid TOML: cannot overwrite a value (column 6)",
    ),
    (
        "bad-table",
        "[a\n",
        "line 1: invalid TOML: expected ']' at the end of a table declaration (column 3)",
    ),
]

KEYS = [
    ("", "package", "package"),
    ("package[0]", "wheels", "package[0].wheels"),
    ("metadata.files", "certifi 2024.2.2", 'metadata.files."certifi 2024.2.2"'),
    ("t", 'say "hi"', 't."say \\"hi\\""'),
    ("t", "a.b", 't."a.b"'),
]

GETTERS: list[tuple[str, Any, str, str]] = [
    ("str", get_str, "1", "t.k: expected a string, found an integer"),
    ("int", get_int, "true", "t.k: expected an integer, found a boolean"),
    ("int-float", get_int, "1.5", "t.k: expected an integer, found a float"),
    ("bool", get_bool, '"yes"', "t.k: expected a boolean, found a string"),
    ("table", get_table, "[]", "t.k: expected a table, found an array"),
    ("str-list", get_str_list, '["a", 2]', "t.k[1]: expected a string, found an integer"),
    ("table-list", get_table_list, '[{}, "x"]', "t.k[1]: expected a table, found a string"),
    ("list-date", get_str_list, "2024-01-01", "t.k: expected an array, found a date-time"),
]


@pytest.mark.parametrize(("text", "message"), [s[1:] for s in SYNTAX], ids=[s[0] for s in SYNTAX])
def test_syntax_errors_carry_the_line(text: str, message: str) -> None:
    with pytest.raises(InvalidLock) as info:
        load_toml(text)
    assert str(info.value) == message


def test_syntax_error_takes_the_file_from_the_caller() -> None:
    with pytest.raises(InvalidLock) as info:
        load_toml("a = 1\nb = =\n")
    assert str(info.value.at(file="uv.lock")) == "uv.lock:2: invalid TOML: invalid value (column 5)"


@pytest.mark.parametrize(("path", "key", "expected"), KEYS, ids=[k[2] for k in KEYS])
def test_key_path_quotes_odd_keys(path: str, key: str, expected: str) -> None:
    assert key_path(path, key) == expected


def test_item_is_zero_based() -> None:
    assert item("package", 0) == "package[0]"


@pytest.mark.parametrize(
    ("getter", "value", "message"), [g[1:] for g in GETTERS], ids=[g[0] for g in GETTERS]
)
def test_getters_name_the_key_of_a_wrong_type(getter: Any, value: str, message: str) -> None:
    table = load_toml(f"k = {value}")
    with pytest.raises(InvalidLock) as info:
        getter(table, "k", "t")
    assert str(info.value) == message


def test_getters_give_defaults_for_absent_keys() -> None:
    assert (get_str({}, "k", ""), get_int({}, "k", ""), get_bool({}, "k", "")) == (None,) * 3
    assert (get_table({}, "k", ""), get_str_list({}, "k", ""), get_table_list({}, "k", "")) == (
        None,
        [],
        [],
    )


def test_require_str_names_the_missing_key() -> None:
    with pytest.raises(InvalidLock) as info:
        require_str({}, "name", "package[3]")
    assert str(info.value) == "package[3].name: required key is missing"
