"""Reading snapshot files: every failure names the file."""

from __future__ import annotations

from pathlib import Path

import pytest

from pynix.errors import InvalidSnapshot
from pynix.nixpkgs.files import load_snapshot
from pynix.nixpkgs.snapshot import snapshot_to_json

EXAMPLE = Path(__file__).resolve().parents[1] / "fixtures" / "nixpkgs" / "snapshot-example.json"


def test_the_example_loads() -> None:
    snapshot = load_snapshot(EXAMPLE)
    assert snapshot.python.attr == "python312"
    assert snapshot.aliases["pytorch"] == "torch"
    assert snapshot_to_json(snapshot) == EXAMPLE.read_text(encoding="utf-8")


# (id, file content, message after "<file>")
BAD_FILES = [
    ("empty", b"", ":1: not valid JSON: Expecting value (column 1)"),
    (
        "truncated",
        b'{\n  "schema": "pynix-nixpkgs-snapshot/1",\n  "nixpkgs": {',
        ":3: not valid JSON: Expecting property name enclosed in double quotes (column 15)",
    ),
    ("not-utf8", b'{"schema": "\xff"}', ": not UTF-8 (byte 12)"),
    ("a-list", b"[]", ": expected a JSON object"),
    (
        "wrong-schema",
        b'{"schema": "pynix-nixpkgs-snapshot/2"}',
        (
            ": schema: unsupported snapshot schema 'pynix-nixpkgs-snapshot/2'"
            " (this pynix reads 'pynix-nixpkgs-snapshot/1')"
        ),
    ),
]


@pytest.mark.parametrize(
    ("content", "message"), [b[1:] for b in BAD_FILES], ids=[b[0] for b in BAD_FILES]
)
def test_bad_files_are_named(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "snapshot.json"
    path.write_bytes(content)
    with pytest.raises(InvalidSnapshot) as info:
        load_snapshot(path)
    assert str(info.value) == f"{path}{message}"


def test_a_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "nowhere.json"
    with pytest.raises(InvalidSnapshot) as info:
        load_snapshot(path)
    assert str(info.value) == f"{path}: cannot read the snapshot: No such file or directory"


def test_a_directory(tmp_path: Path) -> None:
    with pytest.raises(InvalidSnapshot) as info:
        load_snapshot(tmp_path)
    assert str(info.value) == f"{tmp_path}: cannot read the snapshot: Is a directory"


def test_a_wrong_key_names_file_and_key(tmp_path: Path) -> None:
    path = tmp_path / "snapshot.json"
    text = EXAMPLE.read_text(encoding="utf-8").replace('"version": "2.32.3"', '"version": 2')
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InvalidSnapshot) as info:
        load_snapshot(path)
    assert str(info.value) == f"{path}: packages.requests.version: expected a string"
