"""``pynix nixpkgs snapshot``: the real Nix over the stand-in nixpkgs, files, exit statuses."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pynix.cli import main
from pynix.nixpkgs.files import load_snapshot
from pynix.nixpkgs.snapshot import snapshot_to_json
from tests.support.nix import nix_instantiate

STAND_IN = Path(__file__).resolve().parents[1] / "fixtures" / "nixpkgs" / "stand-in"


@pytest.fixture
def nixpkgs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the stand-in nixpkgs, with the snapshot cache kept inside ``tmp_path``."""
    nix_instantiate()
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    copy = tmp_path / "nixpkgs"
    shutil.copytree(STAND_IN, copy)
    return copy


@pytest.mark.nix
def test_snapshot_writes_the_file(
    nixpkgs: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    output = tmp_path / "snapshot.json"
    assert main(["nixpkgs", "snapshot", "--nixpkgs", str(nixpkgs), "-o", str(output)]) == 0
    out, err = capsys.readouterr()
    assert out == (
        f"wrote {output}: 11 packages, 3 aliases, 4 broken"
        " (python3 3.12.8, 0123456789abcdef0123456789abcdef01234567)\n"
    )
    assert err == (
        "pynix: taking a snapshot of python3.pkgs (the first one of a full nixpkgs takes minutes)\n"
    )
    snapshot = load_snapshot(output)
    assert snapshot.nixpkgs.path == str(nixpkgs.resolve())
    assert snapshot.aliases["pytorch"] == "torch"
    assert output.read_text(encoding="utf-8") == snapshot_to_json(snapshot)
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


@pytest.mark.nix
def test_snapshot_of_another_interpreter(nixpkgs: Path, tmp_path: Path) -> None:
    output = tmp_path / "py312.json"
    args = ["nixpkgs", "snapshot", "--nixpkgs", str(nixpkgs), "--python", "python312"]
    assert main([*args, "-o", str(output)]) == 0
    assert load_snapshot(output).python.attr == "python312"


@pytest.mark.nix
def test_an_existing_file_is_refused_before_evaluating(
    nixpkgs: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    output = tmp_path / "snapshot.json"
    output.write_text("mine\n", encoding="utf-8")
    monkeypatch.setenv("PATH", "")  # Refusing must not need Nix at all.
    assert main(["nixpkgs", "snapshot", "--nixpkgs", str(nixpkgs), "-o", str(output)]) == 2
    assert capsys.readouterr().err == (
        f"pynix: error: refusing to overwrite an existing file: {output}\n"
        "                hint: pass --force to replace it\n"
    )
    assert output.read_text(encoding="utf-8") == "mine\n"


@pytest.mark.nix
def test_force_replaces_an_existing_file(nixpkgs: Path, tmp_path: Path) -> None:
    output = tmp_path / "snapshot.json"
    output.write_text("mine\n", encoding="utf-8")
    args = ["nixpkgs", "snapshot", "--nixpkgs", str(nixpkgs), "-o", str(output), "--force"]
    assert main(args) == 0
    assert len(load_snapshot(output).packages) == 11


@pytest.mark.nix
def test_a_failing_nixpkgs_exits_2_with_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    nix_instantiate()
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "default.nix").write_text('{ ... }: throw "no Python here"\n', encoding="utf-8")
    output = tmp_path / "snapshot.json"
    assert main(["nixpkgs", "snapshot", "--nixpkgs", str(broken), "-o", str(output)]) == 2
    err = capsys.readouterr().err.splitlines()
    assert err[-1] == "pynix: error: nix-instantiate failed: no Python here"
    assert not output.exists()


def test_missing_nix_exits_2_saying_how_to_install_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", "")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    output = tmp_path / "snapshot.json"
    assert main(["nixpkgs", "snapshot", "--nixpkgs", str(tmp_path), "-o", str(output)]) == 2
    assert capsys.readouterr().err.splitlines()[-1] == (
        "pynix: error: `nix-instantiate` is not on PATH; install Nix with"
        " `apt-get install nix-bin` or from https://nixos.org/download"
    )


USAGE_ERRORS = [
    ("no-output", ["nixpkgs", "snapshot"], "the following arguments are required: -o/--output"),
    (
        "both-sources",
        ["nixpkgs", "snapshot", "--nixpkgs", "a", "--flake", "b", "-o", "x.json"],
        "argument --flake: not allowed with argument --nixpkgs",
    ),
    ("no-command", ["nixpkgs"], "the following arguments are required: COMMAND"),
]


@pytest.mark.parametrize(
    ("argv", "message"), [u[1:] for u in USAGE_ERRORS], ids=[u[0] for u in USAGE_ERRORS]
)
def test_usage_errors_exit_2(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(argv) == 2
    assert capsys.readouterr().err.splitlines()[0] == f"pynix: error: {message}"


def test_help_says_what_a_snapshot_is_for(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["nixpkgs", "snapshot", "--help"])
    assert info.value.code == 0
    out = " ".join(capsys.readouterr().out.split())
    assert "pynix check --snapshot FILE" in out
    assert "--nixpkgs PATH | --flake REF" in out
    assert "NIX_PATH" in out
