"""Taking snapshots with the real Nix, from a stand-in nixpkgs written for these tests."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from pynix.errors import CommandFailed, InvalidArgument, ToolMissing
from pynix.nixpkgs.snapshot import (
    Snapshot,
    SnapshotPackage,
    SnapshotPython,
    SnapshotSource,
    snapshot_to_json,
)
from pynix.nixpkgs.take import _assemble, default_cache_dir, take_snapshot
from tests.support.nix import nix_instantiate

STAND_IN = Path(__file__).resolve().parents[1] / "fixtures" / "nixpkgs" / "stand-in"
REVISION = "0123456789abcdef0123456789abcdef01234567"

# What the stand-in's python3.pkgs holds, as a snapshot must record it.
PACKAGES = {
    "dateparser": SnapshotPackage(pname="dateparser", version="0-unstable-2024-05-01"),
    "django": SnapshotPackage(pname="django", version="4.2.9"),
    "django_4": SnapshotPackage(pname="django", version="4.2.9"),
    "django_5": SnapshotPackage(pname="django", version="5.0.1"),
    "pyyaml": SnapshotPackage(pname="pyyaml", version="6.0.1"),
    "requests": SnapshotPackage(pname="requests", version="2.32.3"),
    "torch": SnapshotPackage(pname="torch", version="2.3.0"),
    "torchWithCuda": SnapshotPackage(pname="torch", version="2.3.0"),
    "torchWithoutCuda": SnapshotPackage(pname="torch", version="2.3.0"),
    "uses-broken": SnapshotPackage(pname="uses-broken", version="1.0"),
    "zope-interface": SnapshotPackage(pname="zope.interface", version="6.4"),
}
ALIASES = {"PyYAML": "pyyaml", "pytorch": "torch", "usesBroken": "uses-broken"}
BROKEN = ("broken-one", "failing-assert", "marked-broken", "removed-package")


@pytest.fixture
def nixpkgs(tmp_path: Path) -> Path:
    """A fresh copy of the stand-in nixpkgs (so that the tests may change it)."""
    nix_instantiate()  # Fails the test, with how to install Nix, when it is missing.
    copy = tmp_path / "nixpkgs"
    shutil.copytree(STAND_IN, copy)
    return copy


@pytest.fixture
def cache(tmp_path: Path) -> Path:
    return tmp_path / "cache"


@pytest.mark.nix
def test_snapshot_of_the_stand_in(nixpkgs: Path, cache: Path) -> None:
    snapshot = take_snapshot(nixpkgs=nixpkgs, cache_dir=cache)
    assert snapshot == Snapshot(
        nixpkgs=SnapshotSource(revision=REVISION, path=str(nixpkgs.resolve())),
        python=SnapshotPython(attr="python3", version="3.12.8", implementation="cpython"),
        packages=PACKAGES,
        aliases=ALIASES,
        broken=BROKEN,
    )


@pytest.mark.nix
def test_the_second_snapshot_comes_from_the_cache(
    nixpkgs: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = take_snapshot(nixpkgs=nixpkgs, cache_dir=cache)
    (cached,) = cache.iterdir()
    assert cached.read_text(encoding="utf-8") == snapshot_to_json(first)
    monkeypatch.setenv("PATH", "")  # Nix cannot run now: only the cache can answer.
    assert take_snapshot(nixpkgs=nixpkgs, cache_dir=cache) == first


@pytest.mark.nix
def test_a_changed_tree_is_evaluated_again(nixpkgs: Path, cache: Path) -> None:
    take_snapshot(nixpkgs=nixpkgs, cache_dir=cache)
    default = nixpkgs / "default.nix"
    text = default.read_text(encoding="utf-8")
    added = '    six = package { pname = "six"; version = "1.16.0"; };\n'
    default.write_text(text.replace("    requests =", added + "    requests ="), encoding="utf-8")
    again = take_snapshot(nixpkgs=nixpkgs, cache_dir=cache)
    assert again.packages["six"] == SnapshotPackage(pname="six", version="1.16.0")
    assert len(list(cache.iterdir())) == 2


@pytest.mark.nix
def test_another_interpreter_is_another_snapshot(nixpkgs: Path, cache: Path) -> None:
    take_snapshot(nixpkgs=nixpkgs, cache_dir=cache)
    snapshot = take_snapshot(nixpkgs=nixpkgs, python_attr="python312", cache_dir=cache)
    assert snapshot.python.attr == "python312"
    assert len(list(cache.iterdir())) == 2


@pytest.mark.nix
def test_nixpkgs_from_nix_path(nixpkgs: Path, cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NIX_PATH", f"nixpkgs={nixpkgs}")
    snapshot = take_snapshot(cache_dir=cache)
    assert snapshot.nixpkgs.path == str(nixpkgs.resolve())
    assert dict(snapshot.packages) == PACKAGES


@pytest.mark.nix
def test_no_nixpkgs_in_nix_path(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    nix_instantiate()
    monkeypatch.setenv("NIX_PATH", "")
    with pytest.raises(CommandFailed) as info:
        take_snapshot(cache_dir=cache)
    assert str(info.value) == (
        "nix-instantiate failed: file 'nixpkgs' was not found in the Nix search path"
        " (add it using $NIX_PATH or -I)\n"
        "  hint: give a nixpkgs directory or a flake reference"
    )


@pytest.mark.nix
def test_a_flake_is_fetched_into_the_store(nixpkgs: Path, cache: Path) -> None:
    # `path:` flakes are copied into the store: this test needs a writable Nix store.
    snapshot = take_snapshot(flake=f"path:{nixpkgs}", cache_dir=cache)
    assert snapshot.nixpkgs.path is not None
    assert snapshot.nixpkgs.path.startswith("/nix/store/")
    assert snapshot.nixpkgs.path.endswith("-source")
    assert snapshot.nixpkgs.revision == REVISION  # a path: flake has no rev of its own
    assert (dict(snapshot.packages), dict(snapshot.aliases)) == (PACKAGES, ALIASES)


@pytest.mark.nix
def test_a_missing_flake_is_a_failed_command(tmp_path: Path, cache: Path) -> None:
    nix_instantiate()
    with pytest.raises(CommandFailed) as info:
        take_snapshot(flake=f"path:{tmp_path / 'nowhere'}", cache_dir=cache)
    assert str(info.value) == (
        f"nix failed: getting status of '{tmp_path / 'nowhere'}': No such file or directory"
    )


def test_without_nix_on_path_the_tool_is_missing(
    nixpkgs: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", "")
    with pytest.raises(ToolMissing) as info:
        take_snapshot(nixpkgs=nixpkgs, cache_dir=cache)
    assert str(info.value) == (
        "`nix-instantiate` is not on PATH; install Nix with `apt-get install nix-bin`"
        " or from https://nixos.org/download"
    )
    with pytest.raises(ToolMissing, match=r"^`nix` is not on PATH"):
        take_snapshot(flake="github:NixOS/nixpkgs", cache_dir=cache)


# A nixpkgs that does not evaluate -> the one line Nix's error is summarised to.
FAILING = [
    (
        "abort",
        '{ ... }: abort "stand-in nixpkgs refuses to evaluate"',
        (
            "nix-instantiate failed: evaluation aborted with the following error message:"
            " 'stand-in nixpkgs refuses to evaluate'"
        ),
    ),
    (
        "syntax-error",
        "{ ... }: { python3 = {",
        "nix-instantiate failed: syntax error, unexpected end of file (at {dir}/default.nix:1:23)",
    ),
    (
        "error-tryeval-cannot-catch",
        '{ ... }: { python3 = { version = "3"; pkgs = { a = { }.missing; }; }; }',
        "nix-instantiate failed: attribute 'missing' missing (at {dir}/default.nix:1:52)",
    ),
]


@pytest.mark.nix
@pytest.mark.parametrize(
    ("source", "message"), [f[1:] for f in FAILING], ids=[f[0] for f in FAILING]
)
def test_a_nixpkgs_that_fails_to_evaluate(
    tmp_path: Path, cache: Path, source: str, message: str
) -> None:
    nix_instantiate()
    broken = tmp_path / "broken-nixpkgs"
    broken.mkdir()
    (broken / "default.nix").write_text(source + "\n", encoding="utf-8")
    with pytest.raises(CommandFailed) as info:
        take_snapshot(nixpkgs=broken, cache_dir=cache)
    assert str(info.value) == message.replace("{dir}", str(broken.resolve()))
    assert not cache.exists()


@pytest.mark.nix
def test_an_unknown_interpreter(nixpkgs: Path, cache: Path) -> None:
    with pytest.raises(CommandFailed) as info:
        take_snapshot(nixpkgs=nixpkgs, python_attr="python99", cache_dir=cache)
    assert str(info.value) == "nix-instantiate failed: this nixpkgs has no attribute 'python99'"


BAD_ARGUMENTS: list[tuple[str, dict[str, Any], str]] = [
    (
        "both",
        {"nixpkgs": Path(), "flake": "nixpkgs"},
        "give either a nixpkgs directory or a flake reference, not both",
    ),
    ("not-a-directory", {"nixpkgs": Path("no/such/dir")}, "not a nixpkgs directory: no/such/dir"),
    ("bad-attribute", {"python_attr": "python3; rm"}, "not a Nix attribute name: python3; rm"),
]


@pytest.mark.parametrize(
    ("arguments", "message"), [b[1:] for b in BAD_ARGUMENTS], ids=[b[0] for b in BAD_ARGUMENTS]
)
def test_bad_arguments(arguments: dict[str, Any], message: str, cache: Path) -> None:
    with pytest.raises(InvalidArgument) as info:
        take_snapshot(cache_dir=cache, **arguments)
    assert str(info.value) == message


def test_the_default_cache_follows_xdg(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert default_cache_dir() == tmp_path / "xdg" / "pynix" / "snapshots"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert default_cache_dir() == tmp_path / "home" / ".cache" / "pynix" / "snapshots"


# How aliases are resolved from what the evaluation reports (see take.py's docstring).
RAW_ALIASES = [
    (
        "same-output",
        {"candidates": ["a", "a_2"], "matches": ["a_2", "a"], "outPathKnown": True},
        "a",
    ),
    ("other-output", {"candidates": ["a"], "matches": [], "outPathKnown": True}, None),
    ("no-output-one-name", {"candidates": ["a"], "matches": [], "outPathKnown": False}, "a"),
    ("no-output-two", {"candidates": ["a", "b"], "matches": [], "outPathKnown": False}, None),
    ("outside-the-set", {"candidates": [], "matches": [], "outPathKnown": True}, None),
]


@pytest.mark.parametrize(
    ("info", "target"), [r[1:] for r in RAW_ALIASES], ids=[r[0] for r in RAW_ALIASES]
)
def test_alias_resolution(info: dict[str, Any], target: str | None) -> None:
    raw = {
        "python": {"attr": "python3", "version": "3.12.8", "implementation": None},
        "revision": "from-lib",
        "packages": {},
        "aliases": {"x": info},
        "broken": ["z", "y", "z"],
    }
    document = _assemble(raw, path="/n", revision=None)
    assert document["aliases"] == ({} if target is None else {"x": target})
    assert document["broken"] == ["y", "z"]
    assert document["nixpkgs"] == {"revision": "from-lib", "path": "/n"}
    assert _assemble(raw, path="/n", revision="from-flake")["nixpkgs"]["revision"] == "from-flake"
