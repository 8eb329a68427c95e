"""The interpreter side: the target built from a snapshot, requires-python, snapshot-python."""

from __future__ import annotations

import pytest

from pynix.check.python import check_requires_python, check_snapshot_python, snapshot_target
from pynix.errors import InvalidArgument, InvalidSnapshot, Unsupported
from pynix.model import Project, ProjectFormat
from pynix.nixpkgs.snapshot import Snapshot, SnapshotPython, SnapshotSource
from pynix.standards.targets import Target
from pynix.standards.versions import parse_specifiers


def snapshot(version: str = "3.12.8", implementation: str | None = "cpython") -> Snapshot:
    return Snapshot(
        nixpkgs=SnapshotSource(),
        python=SnapshotPython(attr="python312", version=version, implementation=implementation),
        packages={},
    )


# (id, --python, the interpreter version of the target)
TARGETS: list[tuple[str, str | None, str]] = [
    ("the-snapshots-own", None, "3.12.8"),
    ("same-minor-means-the-snapshots", "3.12", "3.12.8"),
    ("an-exact-patch-is-kept", "3.12.1", "3.12.1"),
    ("another-minor", "3.11", "3.11"),
]


@pytest.mark.parametrize(
    ("python", "version"), [row[1:] for row in TARGETS], ids=[row[0] for row in TARGETS]
)
def test_snapshot_target(python: str | None, version: str) -> None:
    target = snapshot_target(snapshot(), "aarch64-darwin", python)
    assert (target.interpreter.version, target.platform.system) == (version, "aarch64-darwin")


def test_an_unknown_implementation_defaults_only_when_absent() -> None:
    assert (
        snapshot_target(snapshot(implementation=None), "x86_64-linux").interpreter.implementation
        == "cpython"
    )
    with pytest.raises(InvalidSnapshot) as info:
        snapshot_target(snapshot(implementation="graalpy"), "x86_64-linux")
    assert str(info.value.at(file="s.json")) == (
        "s.json: python.implementation: unknown Python implementation 'graalpy' "
        "(expected cpython or pypy)"
    )


def test_a_pypy_snapshot_is_refused() -> None:
    with pytest.raises(Unsupported, match="PyPy package set is not supported"):
        snapshot_target(snapshot(implementation="pypy"), "x86_64-linux")


@pytest.mark.parametrize("version", ["3", "three.twelve", "3.12.x"])
def test_a_malformed_snapshot_version(version: str) -> None:
    with pytest.raises(InvalidSnapshot) as info:
        snapshot_target(snapshot(version), "x86_64-linux")
    assert str(info.value) == (
        f"python.version: interpreter version {version!r} is not of the form X.Y.Z"
    )


def test_bad_arguments() -> None:
    with pytest.raises(InvalidArgument, match=r"not of the form X\.Y"):
        snapshot_target(snapshot(), "x86_64-linux", "twelve")
    with pytest.raises(InvalidArgument, match="unknown system 'x86_64-plan9'"):
        snapshot_target(snapshot(), "x86_64-plan9")


# (id, requires-python, interpreter version, holds)
REQUIRES: list[tuple[str, str | None, str, bool]] = [
    ("absent", None, "3.12.8", True),
    ("lower-bound-met", ">=3.11", "3.12.8", True),
    ("lower-bound-missed", ">=3.13", "3.12.8", False),
    ("patch-matters", ">=3.12.9", "3.12.8", False),
    ("upper-bound", "<3.12", "3.12.0", False),
    ("poetry-caret", "<4.0,>=3.9", "3.12.8", True),
    ("wildcard", "==3.12.*", "3.12.8", True),
    ("prerelease-interpreter", ">=3.13", "3.13.0rc2", True),
]


@pytest.mark.parametrize(
    ("requires", "version", "holds"),
    [row[1:] for row in REQUIRES],
    ids=[row[0] for row in REQUIRES],
)
def test_requires_python(requires: str | None, version: str, *, holds: bool) -> None:
    project = Project(
        format=ProjectFormat.PEP621,
        source_file="pyproject.toml",
        requires_python=None if requires is None else parse_specifiers(requires),
    )
    found = check_requires_python(project, Target.parse("x86_64-linux", version))
    assert (found is None) is holds
    if found is not None:
        assert str(found) == (
            f"error: pyproject.toml: project.requires-python: the project requires Python "
            f"{parse_specifiers(str(requires))}; the interpreter is CPython {version}"
        )


def test_snapshot_python_warns_only_for_another_minor() -> None:
    taken = snapshot()
    assert check_snapshot_python(taken, Target.parse("x86_64-linux", "3.12.1")) is None
    found = check_snapshot_python(taken, Target.parse("x86_64-linux", "3.13"))
    assert found is not None
    assert (found.code, found.severity.value, found.subject) == (
        "snapshot-python",
        "warning",
        "python",
    )
