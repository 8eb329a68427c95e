"""The snapshot schema: parsing with errors by key path, and deterministic serialization."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pynix.errors import InvalidSnapshot
from pynix.nixpkgs.snapshot import (
    SCHEMA,
    Snapshot,
    SnapshotPackage,
    SnapshotPython,
    SnapshotSource,
    parse_snapshot,
    snapshot_to_json,
)

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "nixpkgs"
EXAMPLE = FIXTURES / "snapshot-example.json"


def _valid() -> dict[str, Any]:
    return {
        "schema": SCHEMA,
        "nixpkgs": {"revision": None, "path": None},
        "python": {"attr": "python3", "version": "3.12.8", "implementation": "cpython"},
        "packages": {
            "requests": {"pname": "requests", "version": "2.32.3"},
            "torch": {"pname": "torch", "version": "2.5.1"},
        },
        "aliases": {"pytorch": "torch"},
        "broken": ["tensorflow"],
    }


def _set(document: dict[str, Any], path: tuple[str, ...], value: object) -> dict[str, Any]:
    changed = copy.deepcopy(document)
    target: Any = changed
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return changed


def _drop(document: dict[str, Any], path: tuple[str, ...]) -> dict[str, Any]:
    changed = copy.deepcopy(document)
    target: Any = changed
    for key in path[:-1]:
        target = target[key]
    del target[path[-1]]
    return changed


_DELETE = object()

# (id, key path to change, new value or _DELETE, the exact message)
BAD = [
    ("not-an-object", (), [], "s.json: expected a JSON object"),
    (
        "old-schema",
        ("schema",),
        "pynix-nixpkgs-snapshot/0",
        (
            "s.json: schema: unsupported snapshot schema 'pynix-nixpkgs-snapshot/0'"
            " (this pynix reads 'pynix-nixpkgs-snapshot/1')"
        ),
    ),
    (
        "schema-not-a-string",
        ("schema",),
        1,
        (
            "s.json: schema: unsupported snapshot schema of the wrong type"
            " (this pynix reads 'pynix-nixpkgs-snapshot/1')"
        ),
    ),
    ("no-schema", ("schema",), _DELETE, "s.json: schema: missing key"),
    ("no-packages", ("packages",), _DELETE, "s.json: packages: missing key"),
    (
        "unknown-key",
        ("extra",),
        1,
        (
            "s.json: extra: unknown key (expected one of: schema, nixpkgs, python, packages,"
            " aliases, broken)"
        ),
    ),
    ("nixpkgs-not-object", ("nixpkgs",), "x", "s.json: nixpkgs: expected a JSON object"),
    (
        "revision-number",
        ("nixpkgs", "revision"),
        5,
        "s.json: nixpkgs.revision: expected a string or null",
    ),
    ("no-path", ("nixpkgs", "path"), _DELETE, "s.json: nixpkgs.path: missing key"),
    (
        "python-version-null",
        ("python", "version"),
        None,
        "s.json: python.version: expected a string",
    ),
    (
        "implementation-list",
        ("python", "implementation"),
        [],
        "s.json: python.implementation: expected a string or null",
    ),
    ("packages-list", ("packages",), [], "s.json: packages: expected a JSON object"),
    (
        "version-number",
        ("packages", "requests", "version"),
        2,
        "s.json: packages.requests.version: expected a string",
    ),
    (
        "no-pname",
        ("packages", "requests", "pname"),
        _DELETE,
        "s.json: packages.requests.pname: missing key",
    ),
    (
        "quoted-attribute",
        ("packages", "zope.interface"),
        {"pname": "zope.interface"},
        's.json: packages."zope.interface".version: missing key',
    ),
    (
        "package-extra-key",
        ("packages", "requests", "hash"),
        "sha256-...",
        "s.json: packages.requests.hash: unknown key (expected one of: pname, version)",
    ),
    (
        "alias-target-missing",
        ("aliases", "pytorch"),
        "pytorch-bin",
        "s.json: aliases.pytorch: target 'pytorch-bin' is not a key of packages",
    ),
    (
        "alias-target-number",
        ("aliases", "pytorch"),
        1,
        "s.json: aliases.pytorch: expected a string",
    ),
    (
        "alias-is-a-package",
        ("aliases", "requests"),
        "torch",
        "s.json: aliases.requests: an alias must not also be a key of packages",
    ),
    ("broken-object", ("broken",), {}, "s.json: broken: expected a list of attribute names"),
    ("broken-number", ("broken",), ["a", 1], "s.json: broken[1]: expected a string"),
    (
        "broken-package",
        ("broken",),
        ["requests"],
        "s.json: broken[0]: 'requests' is also in packages",
    ),
    ("broken-alias", ("broken",), ["pytorch"], "s.json: broken[0]: 'pytorch' is also in aliases"),
]


@pytest.mark.parametrize(
    ("path", "value", "message"), [b[1:] for b in BAD], ids=[b[0] for b in BAD]
)
def test_bad_snapshots_are_reported_by_key_path(
    path: tuple[str, ...], value: object, message: str
) -> None:
    if not path:
        document: object = value
    elif value is _DELETE:
        document = _drop(_valid(), path)
    else:
        document = _set(_valid(), path, value)
    with pytest.raises(InvalidSnapshot) as info:
        parse_snapshot(document, file="s.json")
    assert str(info.value) == message


def test_without_a_file_the_message_starts_with_the_key() -> None:
    with pytest.raises(InvalidSnapshot) as info:
        parse_snapshot(_set(_valid(), ("python", "attr"), None))
    assert str(info.value) == "python.attr: expected a string"


def test_parse_builds_the_model() -> None:
    snapshot = parse_snapshot(_valid(), file="s.json")
    assert snapshot == Snapshot(
        nixpkgs=SnapshotSource(revision=None, path=None),
        python=SnapshotPython(attr="python3", version="3.12.8", implementation="cpython"),
        packages={
            "requests": SnapshotPackage(pname="requests", version="2.32.3"),
            "torch": SnapshotPackage(pname="torch", version="2.5.1"),
        },
        aliases={"pytorch": "torch"},
        broken=("tensorflow",),
    )


def test_broken_is_sorted_and_deduplicated() -> None:
    snapshot = parse_snapshot(_set(_valid(), ("broken",), ["b", "a", "b"]))
    assert snapshot.broken == ("a", "b")


def test_the_example_fixture_round_trips_byte_for_byte() -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    snapshot = parse_snapshot(json.loads(text), file=str(EXAMPLE))
    assert snapshot.python == SnapshotPython(
        attr="python312", version="3.12.8", implementation="cpython"
    )
    assert snapshot.packages["xlib"] == SnapshotPackage(pname="python-xlib", version="0.33")
    assert snapshot_to_json(snapshot) == text


def test_serialization_is_sorted_and_ends_with_a_newline() -> None:
    built = Snapshot(
        nixpkgs=SnapshotSource(revision="abc", path="/nix/store/x-source"),
        python=SnapshotPython(attr="python3", version="3.12.8"),
        packages={
            "zzz": SnapshotPackage(pname="zzz", version="1"),
            "aaa": SnapshotPackage(pname="aaa", version="2"),
        },
        broken=("b", "a"),
    )
    text = snapshot_to_json(built)
    assert text.endswith("}\n")
    assert text.index('"aaa"') < text.index('"zzz"')
    assert json.loads(text)["broken"] == ["a", "b"]
    assert json.loads(text)["python"]["implementation"] is None
    assert parse_snapshot(json.loads(text)) == parse_snapshot(json.loads(text))
    assert snapshot_to_json(parse_snapshot(json.loads(text))) == text


_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=12,
)


def _parse_or_error(value: object) -> Snapshot | InvalidSnapshot:
    try:
        return parse_snapshot(value, file="s.json")
    except InvalidSnapshot as error:
        return error


@given(_json)
def test_any_json_value_is_a_snapshot_or_an_invalid_snapshot(value: object) -> None:
    result = _parse_or_error(value)
    if isinstance(result, InvalidSnapshot):
        assert str(result).startswith("s.json: ")
        assert len(str(result).splitlines()) == 1
    else:
        assert parse_snapshot(json.loads(snapshot_to_json(result))) == result


_paths = st.sampled_from(
    [
        ("nixpkgs", "revision"),
        ("python", "version"),
        ("python", "implementation"),
        ("packages", "requests"),
        ("packages", "requests", "pname"),
        ("packages", "new"),
        ("aliases", "pytorch"),
        ("aliases", "new"),
        ("broken",),
    ]
)


@given(_paths, _json)
def test_any_change_to_a_valid_snapshot_parses_or_names_its_key(
    path: tuple[str, ...], value: object
) -> None:
    result = _parse_or_error(_set(_valid(), path, value))
    if isinstance(result, InvalidSnapshot):
        assert str(result).startswith(f"s.json: {path[0]}")
    else:
        assert parse_snapshot(json.loads(snapshot_to_json(result))) == result
