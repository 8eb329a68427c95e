"""write_files: atomic, all-or-nothing, refuses to overwrite without force."""

from __future__ import annotations

from pathlib import Path

import pytest

from pynix.errors import OutputExists
from pynix.write import write_files


def test_writes_new_files_and_creates_directories(tmp_path: Path) -> None:
    a, b = tmp_path / "a.nix", tmp_path / "sub" / "b.nix"
    assert write_files({b: "b", a: b"a"}) == [a, b]
    assert (a.read_text(), b.read_text()) == ("a", "b")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.nix", "sub"]


def test_refuses_any_existing_file_before_writing_anything(tmp_path: Path) -> None:
    old, new = tmp_path / "flake.nix", tmp_path / "shell.nix"
    old.write_text("mine")
    with pytest.raises(OutputExists, match=r"flake\.nix"):
        write_files({new: "x", old: "y"})
    assert old.read_text() == "mine"
    assert not new.exists()


def test_force_replaces_and_keeps_the_mode(tmp_path: Path) -> None:
    script = tmp_path / "run.py"
    script.write_text("old")
    script.chmod(0o755)
    write_files({script: "new"}, force=True)
    assert script.read_text() == "new"
    assert script.stat().st_mode & 0o777 == 0o755
    assert [p.name for p in tmp_path.iterdir()] == ["run.py"]
