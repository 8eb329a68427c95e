"""``eggs.*``: egg file names in pyproject.nix's shapes, and choosing eggs for a target."""

from __future__ import annotations

from typing import Any

import pytest

from pynix.errors import InvalidArgument, InvalidFileName
from pynix.interop import JSON, call
from pynix.interop.eggs import egg_runs_on
from pynix.standards.filenames import parse_egg_filename
from pynix.standards.targets import Target
from tests.interop._vectors import caret, error, run, vector

PY38: JSON = {"system": "x86_64-linux", "version": "3.8.18"}
PYPY38: JSON = {"system": "x86_64-linux", "version": "3.8.16", "implementation": "pypy"}


def egg(filename: str, distribution: str, version: str, language: tuple[str, str]) -> JSON:
    implementation, python = language
    return {
        "distribution": distribution,
        "filename": filename,
        "languageTag": {"implementation": implementation, "version": python},
        "version": version,
    }


def parsed(filename: str) -> JSON:
    """The parsed egg as pyproject.nix passes it (``parseEggFileName`` has its own vectors)."""
    return call("eggs.parseEggFileName", filename)


def eggs(*filenames: str) -> list[JSON]:
    return [parsed(f) for f in filenames]


VECTORS: list[Any] = [
    vector(
        "eggs.matchEggFileName",
        "python_editor-1.0.4-py3.5.egg",
        expected=["python_editor", "1.0.4", "py3.5"],
        id="pure",
    ),
    vector(
        "eggs.matchEggFileName",
        "psycopg2-2.8.6-py3.8-linux-x86_64.egg",
        expected=["psycopg2", "2.8.6", "py3.8-linux-x86_64"],
        id="platform",
    ),
    vector("eggs.matchEggFileName", "foo-1.0-xx.egg", expected=None, id="no-python-version"),
    vector("eggs.matchEggFileName", "foo-1.0.tar.gz", expected=None, id="sdist"),
    vector("eggs.isEggFileName", "python_editor-1.0.4-py3.5.egg", expected=True, id="pure"),
    vector(
        "eggs.isEggFileName",
        "cryptography-41.0.1-cp37-abi3-manylinux_2_17_aarch64.whl",
        expected=False,
        id="wheel",
    ),
    vector("eggs.isEggFileName", "foo-bar-baz-py2.7.egg", expected=False, id="three-dashes"),
    vector(
        "eggs.parseEggFileName",
        "python_editor-1.0.4-py3.5.egg",
        expected=egg("python_editor-1.0.4-py3.5.egg", "python_editor", "1.0.4", ("python", "3.5")),
        id="pure",
    ),
    vector(
        "eggs.parseEggFileName",
        "psycopg2-2.8.6-py3.8-linux-x86_64.egg",
        expected=egg(
            "psycopg2-2.8.6-py3.8-linux-x86_64.egg",
            "psycopg2",
            "2.8.6",
            ("python", "3.8-linux-x86_64"),
        ),
        id="platform-kept-in-version",
    ),
    vector(
        "eggs.parseEggFileName",
        "foo-1.0-cp37.egg",
        expected=egg("foo-1.0-cp37.egg", "foo", "1.0", ("cpython", "37")),
        id="implementation-long-name",
    ),
    vector(
        "eggs.selectEggs",
        PY38,
        eggs(*(f"pyasn1_modules-0.2.7-py3.{minor}.egg" for minor in (3, 7, 8, 9, 5))),
        expected=eggs(*(f"pyasn1_modules-0.2.7-py3.{minor}.egg" for minor in (8, 7, 5, 3))),
        id="older-minors-newest-first",
    ),
    vector(
        "eggs.selectEggs",
        PY38,
        eggs("six-1.0-py2.7.egg", "six-1.0-py3.8.egg"),
        expected=eggs("six-1.0-py3.8.egg"),
        id="not-across-majors",
    ),
    vector(
        "eggs.selectEggs",
        PY38,
        eggs(
            "psycopg2-2.8.6-py3.8.egg",
            "psycopg2-2.8.6-py3.8-macosx-10.9-x86_64.egg",
            "psycopg2-2.8.6-py3.7-linux-x86_64.egg",
            "psycopg2-2.8.6-py3.8-linux-x86_64.egg",
        ),
        expected=eggs("psycopg2-2.8.6-py3.8-linux-x86_64.egg", "psycopg2-2.8.6-py3.8.egg"),
        id="platform-eggs",
    ),
    vector(
        "eggs.selectEggs",
        PYPY38,
        eggs("foo-1.0-cp3.8.egg", "foo-1.0-pp3.8.egg"),
        expected=eggs("foo-1.0-pp3.8.egg"),
        id="implementation",
    ),
]

ERRORS: list[Any] = [
    error(
        "eggs.parseEggFileName",
        "foo-1.0-xx.egg",
        kind=InvalidFileName,
        message=caret(
            "argument 1: expected a Python version such as 'py3.8' in egg file name",
            "foo-1.0-xx.egg",
            8,
            10,
        ),
        id="no-python-version",
    ),
    error(
        "eggs.selectEggs",
        PY38,
        [{"distribution": "foo", "version": "1.0"}],
        kind=InvalidArgument,
        message="argument 2, [0]: a parsed egg file name needs 'filename' or 'languageTag'",
        id="partial-egg",
    ),
    error(
        "eggs.selectEggs",
        PY38,
        {"filename": "foo-1.0-py3.8.egg"},
        kind=InvalidArgument,
        message="argument 2: expected a list of parsed egg file names, got an object",
        id="not-a-list",
    ),
]

# egg, system, Python version, runs
SELECTION = [
    pytest.param("a-1-py3.11-macosx-11.0-arm64.egg", "aarch64-darwin", "3.11", True, id="mac-arm"),
    pytest.param(
        "a-1-py3.11-macosx-10.9-universal2.egg", "aarch64-darwin", "3.11", True, id="mac-fat"
    ),
    pytest.param(
        "a-1-py3.11-macosx-12.0-arm64.egg", "aarch64-darwin", "3.11", False, id="mac-newer"
    ),
    pytest.param(
        "a-1-py3.11-macosx-10.9-x86_64.egg", "aarch64-darwin", "3.11", False, id="mac-intel"
    ),
    pytest.param("a-1-py3.11-win-amd64.egg", "x86_64-windows", "3.11", True, id="windows"),
    pytest.param("a-1-py3.11-win32.egg", "x86_64-windows", "3.11", False, id="windows-32"),
    pytest.param("a-1-py3.11-linux-aarch64.egg", "aarch64-linux", "3.11", True, id="linux-arm"),
    pytest.param("a-1-py3.egg", "x86_64-linux", "3.11", False, id="major-only"),
]


@pytest.mark.parametrize(("name", "args", "expected"), VECTORS)
def test_vectors(name: str, args: tuple[JSON, ...], expected: JSON) -> None:
    run(name, args, expected)


@pytest.mark.parametrize(("name", "args", "kind", "message"), ERRORS)
def test_errors(name: str, args: tuple[JSON, ...], kind: type[Exception], message: str) -> None:
    with pytest.raises(kind) as info:
        call(name, *args)
    assert str(info.value) == message


@pytest.mark.parametrize(("filename", "system", "python", "runs"), SELECTION)
def test_egg_platforms(filename: str, system: str, python: str, *, runs: bool) -> None:
    assert egg_runs_on(parse_egg_filename(filename), Target.parse(system, python)) is runs


def test_eggs_rebuilt_from_fields_and_kept_as_given() -> None:
    given: JSON = {
        "distribution": "six",
        "version": "1.0",
        "languageTag": {"implementation": "python", "version": "3.8"},
        "sha256": "0" * 64,
    }
    result = call("eggs.selectEggs", PY38, [given])
    assert isinstance(result, list)
    assert result[0] is given
