"""``check_project`` over fixture projects (read by the real loader) and a snapshot with versions.

Each row: a project under ``tests/fixtures/check/projects/``, the options of
``pynix check``, and the exact findings as ``code | str(finding)``.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest

from pynix.check import check_project, snapshot_target
from pynix.errors import InvalidArgument
from pynix.load import load_project
from pynix.model import Finding
from pynix.nixpkgs.files import load_snapshot
from pynix.nixpkgs.names import NameMap
from pynix.nixpkgs.snapshot import Snapshot

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "check"
LINUX = ("x86_64-linux",)
BOTH = ("x86_64-linux", "x86_64-windows")

# (id, project, systems, python, extras, groups, expected findings)
VECTORS: list[tuple[str, str, tuple[str, ...], str | None, list[str], list[str], list[str]]] = [
    (
        "all-satisfied",
        "all-satisfied",
        LINUX,
        None,
        [],
        [],
        [
            (
                "marker-skipped | info: all-satisfied/pyproject.toml: project.dependencies[4]: "
                'tomli: not checked, its marker does not hold: python_version < "3.11"'
            ),
        ],
    ),
    (
        "too-old-and-too-new",
        "version-bounds",
        LINUX,
        None,
        [],
        [],
        [
            (
                "version-mismatch | error: version-bounds/pyproject.toml: project.dependencies[0]: "
                "requests: nixpkgs has 2.31.0, the project asks for >=2.32"
            ),
            (
                "version-mismatch | error: version-bounds/pyproject.toml: project.dependencies[1]: "
                "urllib3: nixpkgs has 2.2.3, the project asks for <2"
            ),
            (
                "version-mismatch | error: version-bounds/pyproject.toml: project.dependencies[2]: "
                "django: nixpkgs has 5.1.4, the project asks for >=5.2 "
                "(no other attribute fits either: django_4 (4.2.17))"
            ),
        ],
    ),
    (
        "versioned-attribute-fits",
        "version-bounds",
        LINUX,
        None,
        [],
        ["legacy"],
        [
            (
                "version-mismatch | error: version-bounds/pyproject.toml: project.dependencies[0]: "
                "requests: nixpkgs has 2.31.0, the project asks for >=2.32"
            ),
            (
                "version-mismatch | error: version-bounds/pyproject.toml: project.dependencies[1]: "
                "urllib3: nixpkgs has 2.2.3, the project asks for <2"
            ),
            (
                "version-mismatch | error: version-bounds/pyproject.toml: project.dependencies[2]: "
                "django: nixpkgs has 5.1.4, the project asks for >=5.2 "
                "(no other attribute fits either: django_4 (4.2.17))"
            ),
        ],
    ),
    (
        "missing-with-suggestions",
        "typos",
        LINUX,
        None,
        [],
        [],
        [
            (
                "missing-package | error: typos/pyproject.toml: project.dependencies[0]: "
                "reqests: nixpkgs has no package of this name (did you mean requests?)"
            ),
            (
                "missing-package | error: typos/pyproject.toml: project.dependencies[1]: "
                "pyyml: nixpkgs has no package of this name (did you mean pyyaml?)"
            ),
            (
                "missing-package | error: typos/pyproject.toml: project.dependencies[3]: "
                "tensorflow: nixpkgs has tensorflow, but it fails to evaluate for python312 "
                "(broken, disabled for this interpreter, or removed)"
            ),
            (
                "unparsable-version | warning: typos/pyproject.toml: project.dependencies[4]: "
                "vobject: nixpkgs has 0-unstable-2024-05-01, which is not a PEP 440 version, "
                "so >=0.9 cannot be checked"
            ),
            (
                "missing-package | error: typos/pyproject.toml: project.dependencies[5]: "
                "zzz-not-packaged: nixpkgs has no package of this name"
            ),
        ],
    ),
    (
        "prerelease-only-by-inclusion",
        "prereleases",
        LINUX,
        None,
        ["beta", "stable"],
        ["any"],
        [
            (
                "prerelease | warning: prereleases/pyproject.toml: project.dependencies[0]: "
                "numpy: nixpkgs has 2.2.0rc1, a pre-release; the project asks for >=1.26, which "
                "excludes pre-releases unless it names one (PEP 440) "
                "(write a pre-release into the constraint (>=2.2.0rc1) to accept it)"
            ),
            (
                "version-mismatch | error: prereleases/pyproject.toml: "
                "project.optional-dependencies.stable[0]: "
                "numpy: nixpkgs has 2.2.0rc1, the project asks for <2.2"
            ),
            (
                "prerelease | warning: prereleases/pyproject.toml: dependency-groups.any[0]: "
                "numpy: nixpkgs has 2.2.0rc1, a pre-release; the project asks for any version, "
                "which excludes pre-releases unless it names one (PEP 440) "
                "(write a pre-release into the constraint (>=2.2.0rc1) to accept it)"
            ),
        ],
    ),
    (
        "requires-python-excludes-the-interpreter",
        "needs-python313",
        LINUX,
        None,
        [],
        [],
        [
            (
                "python-version | error: needs-python313/pyproject.toml: project.requires-python: "
                "the project requires Python >=3.13; the interpreter is CPython 3.12.8"
            ),
        ],
    ),
    (
        "another-interpreter-than-the-snapshot",
        "needs-python313",
        LINUX,
        "3.13",
        [],
        [],
        [
            (
                "snapshot-python | warning: the snapshot is of python312 (3.12.8); markers and "
                "requires-python are checked for 3.13, package versions are python312's "
                "(take a snapshot of python313 for its own versions "
                "(pynix nixpkgs snapshot --python python313 -o FILE))"
            ),
        ],
    ),
    (
        "windows-only-skipped-on-linux",
        "windows-only",
        LINUX,
        None,
        [],
        [],
        [
            (
                "marker-skipped | info: windows-only/pyproject.toml: project.dependencies[0]: "
                'colorama: not checked, its marker does not hold: sys_platform == "win32"'
            ),
            (
                "marker-skipped | info: windows-only/pyproject.toml: project.dependencies[1]: "
                'pywin32: not checked, its marker does not hold: sys_platform == "win32"'
            ),
            (
                "missing-package | error: windows-only/pyproject.toml: project.dependencies[2]: "
                "uvloop: nixpkgs has no package of this name"
            ),
        ],
    ),
    (
        "windows-only-checked-on-windows",
        "windows-only",
        ("x86_64-windows",),
        None,
        [],
        [],
        [
            (
                "version-mismatch | error: windows-only/pyproject.toml: project.dependencies[1]: "
                "pywin32: nixpkgs has 306, the project asks for >=307"
            ),
            (
                "marker-skipped | info: windows-only/pyproject.toml: project.dependencies[2]: "
                'uvloop: not checked, its marker does not hold: sys_platform != "win32"'
            ),
        ],
    ),
    (
        "several-systems-name-their-target",
        "windows-only",
        BOTH,
        None,
        [],
        [],
        [
            (
                "marker-skipped | info: windows-only/pyproject.toml: project.dependencies[0]: "
                'colorama: not checked, its marker does not hold: sys_platform == "win32" '
                "[x86_64-linux]"
            ),
            (
                "marker-skipped | info: windows-only/pyproject.toml: project.dependencies[1]: "
                'pywin32: not checked, its marker does not hold: sys_platform == "win32" '
                "[x86_64-linux]"
            ),
            (
                "version-mismatch | error: windows-only/pyproject.toml: project.dependencies[1]: "
                "pywin32: nixpkgs has 306, the project asks for >=307 [x86_64-windows]"
            ),
            (
                "marker-skipped | info: windows-only/pyproject.toml: project.dependencies[2]: "
                'uvloop: not checked, its marker does not hold: sys_platform != "win32" '
                "[x86_64-windows]"
            ),
            (
                "missing-package | error: windows-only/pyproject.toml: project.dependencies[2]: "
                "uvloop: nixpkgs has no package of this name [x86_64-linux]"
            ),
        ],
    ),
    ("extras-and-groups-not-chosen", "extras-groups", LINUX, None, [], [], []),
    (
        "one-extra-chosen",
        "extras-groups",
        LINUX,
        None,
        ["CLI"],
        [],
        [
            (
                "version-mismatch | error: extras-groups/pyproject.toml: "
                "project.optional-dependencies.cli[0]: "
                "typer: nixpkgs has 0.12.5, the project asks for >=0.13"
            ),
        ],
    ),
    (
        "an-extra-naming-the-project-itself",
        "extras-groups",
        LINUX,
        None,
        ["all"],
        [],
        [
            (
                "missing-package | error: extras-groups/pyproject.toml: "
                "project.optional-dependencies.socks[0]: "
                "pysocks: nixpkgs has no package of this name"
            ),
            (
                "version-mismatch | error: extras-groups/pyproject.toml: "
                "project.optional-dependencies.cli[0]: "
                "typer: nixpkgs has 0.12.5, the project asks for >=0.13"
            ),
        ],
    ),
    (
        "groups-chosen-one-including-another",
        "extras-groups",
        LINUX,
        None,
        [],
        ["dev", "docs"],
        [
            (
                "missing-package | error: extras-groups/pyproject.toml: dependency-groups.docs[0]: "
                "sphinx: nixpkgs has no package of this name"
            ),
        ],
    ),
    (
        "unknown-extra-and-group",
        "extras-groups",
        LINUX,
        None,
        ["sock"],
        ["tests"],
        [
            (
                "unknown-extra | error: the project has no extra named 'sock' "
                "(the project's extras: socks, cli, all)"
            ),
            (
                "unknown-group | error: the project has no group named 'tests' "
                "(the project's dependency groups: test, docs, dev)"
            ),
        ],
    ),
    (
        "build-system-requires",
        "build-system",
        LINUX,
        None,
        [],
        [],
        [
            (
                "version-mismatch | error: build-system/pyproject.toml: build-system.requires[0]: "
                "setuptools: nixpkgs has 75.1.1, the project asks for >=77"
            ),
            (
                "missing-package | error: build-system/pyproject.toml: build-system.requires[2]: "
                "setuptools-scm: nixpkgs has no package of this name (did you mean setuptools?)"
            ),
        ],
    ),
    (
        "poetry-caret-and-tilde",
        "poetry-caret",
        LINUX,
        None,
        [],
        ["dev"],
        [
            (
                "python-version | error: poetry-caret/pyproject.toml: "
                "tool.poetry.dependencies.python: "
                "the project requires Python <4.0,>=3.13; the interpreter is CPython 3.12.8"
            ),
            (
                "version-mismatch | error: poetry-caret/pyproject.toml: "
                "tool.poetry.dependencies.requests: "
                "requests: nixpkgs has 2.31.0, the project asks for <3.0,>=2.32"
            ),
            (
                "version-mismatch | error: poetry-caret/pyproject.toml: "
                "tool.poetry.dependencies.pyyaml: "
                "pyyaml: nixpkgs has 6.0.2, the project asks for <6.0,>=5.4"
            ),
        ],
    ),
    (
        "requirements-pins",
        "pinned-requirements",
        LINUX,
        None,
        [],
        [],
        [
            (
                "version-mismatch | error: pinned-requirements/requirements.txt: "
                "urllib3: nixpkgs has 2.2.3, the project asks for ==2.2.2"
            ),
            (
                "marker-skipped | info: pinned-requirements/requirements.txt: "
                'pywin32: not checked, its marker does not hold: sys_platform == "win32"'
            ),
        ],
    ),
    (
        "pep723-script",
        "script/fetch.py",
        LINUX,
        None,
        [],
        [],
        [
            (
                "version-mismatch | error: script/fetch.py: dependencies[2]: "
                "typer: nixpkgs has 0.12.5, the project asks for >=0.13"
            ),
        ],
    ),
    (
        "pep723-script-marker-on-an-older-python",
        "script/fetch.py",
        LINUX,
        "3.10",
        [],
        [],
        [
            (
                "snapshot-python | warning: the snapshot is of python312 (3.12.8); markers and "
                "requires-python are checked for 3.10, package versions are python312's "
                "(take a snapshot of python310 for its own versions "
                "(pynix nixpkgs snapshot --python python310 -o FILE))"
            ),
            (
                "python-version | error: script/fetch.py: requires-python: "
                "the project requires Python >=3.11; the interpreter is CPython 3.10"
            ),
            (
                "marker-skipped | info: script/fetch.py: dependencies[2]: "
                'typer: not checked, its marker does not hold: python_version >= "3.11"'
            ),
        ],
    ),
    (
        "direct-references",
        "direct-sources",
        LINUX,
        None,
        [],
        [],
        [
            (
                "not-from-nixpkgs | warning: direct-sources/pyproject.toml: "
                "project.dependencies[0]: requests: the project takes it from git "
                "https://github.com/psf/requests@v2.32.3; nixpkgs has 2.31.0, which may not be "
                "what that source holds"
            ),
            (
                "not-from-nixpkgs | info: direct-sources/pyproject.toml: project.dependencies[1]: "
                "charts: the project takes it from the URL "
                "https://files.example.org/charts-1.4.0.tar.gz; nixpkgs has no package of this "
                "name, so it is built from that source"
            ),
            (
                "not-from-nixpkgs | info: direct-sources/pyproject.toml: project.dependencies[2]: "
                "mylib: the project takes it from the path ../mylib; nixpkgs has no package of "
                "this name, so it is built from that source"
            ),
        ],
    ),
]


@pytest.fixture(autouse=True)
def in_projects(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(FIXTURES / "projects")


def snapshot() -> Snapshot:
    return load_snapshot(FIXTURES / "snapshots" / "python312.json")


def check(
    path: str,
    systems: Sequence[str] = LINUX,
    python: str | None = None,
    extras: Sequence[str] = (),
    groups: Sequence[str] = (),
) -> tuple[Finding, ...]:
    taken = snapshot()
    targets = [snapshot_target(taken, system, python) for system in systems]
    return check_project(load_project(path), taken, targets, extras=extras, groups=groups)


@pytest.mark.parametrize(
    ("project", "systems", "python", "extras", "groups", "expected"),
    [row[1:] for row in VECTORS],
    ids=[row[0] for row in VECTORS],
)
def test_findings(
    *,
    project: str,
    systems: tuple[str, ...],
    python: str | None,
    extras: list[str],
    groups: list[str],
    expected: list[str],
) -> None:
    found = check(project, systems, python, extras, groups)
    assert [f"{f.code} | {f}" for f in found] == expected


def test_codes_are_plain_strings() -> None:
    found = check("version-bounds")
    assert {type(f.code) for f in found} == {str}


def test_a_name_map_can_be_reused() -> None:
    taken = snapshot()
    names = NameMap.from_snapshot(taken)
    project = load_project("typos")
    targets = [snapshot_target(taken, "x86_64-linux")]
    assert check_project(project, taken, targets, names=names) == check_project(
        project, taken, targets
    )


def test_the_same_input_gives_the_same_findings() -> None:
    assert check("windows-only", BOTH) == check("windows-only", BOTH)


def test_a_finding_every_target_shares_is_reported_once() -> None:
    found = check("typos", BOTH)
    assert [f.target for f in found] == [None] * 5


def test_targets_that_differ_only_in_the_interpreter_are_named_in_full() -> None:
    taken = snapshot()
    targets = [snapshot_target(taken, "x86_64-linux", v) for v in ("3.10", "3.12")]
    found = check_project(load_project("script/fetch.py"), taken, targets)
    assert [(f.code, f.target) for f in found] == [
        ("snapshot-python", "python310 on x86_64-linux"),
        ("python-version", "python310 on x86_64-linux"),
        ("marker-skipped", "python310 on x86_64-linux"),
        ("version-mismatch", "python312 on x86_64-linux"),
    ]


def test_no_target_is_an_error() -> None:
    with pytest.raises(InvalidArgument, match="at least one target"):
        check_project(load_project("typos"), snapshot(), [])
