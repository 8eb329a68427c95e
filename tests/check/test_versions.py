"""nixpkgs versions against constraints: PEP 440 ranges, pre-releases, the pyproject.nix summary."""

from __future__ import annotations

from collections.abc import Sequence

import pytest
from hypothesis import given
from hypothesis import strategies as st
from packaging.utils import canonicalize_name

from pynix.check.dependencies import Declared
from pynix.check.versions import check_dependency, version_constraints
from pynix.errors import Location
from pynix.model import (
    BuildSystem,
    Dependency,
    GitSource,
    PathSource,
    Project,
    ProjectFormat,
    RegistrySource,
    Source,
    UrlSource,
    WorkspaceSource,
)
from pynix.nixpkgs.names import NameMap
from pynix.nixpkgs.snapshot import Snapshot, SnapshotPackage, SnapshotPython, SnapshotSource
from pynix.standards.targets import Target

# (id, constraint, nixpkgs' version, the code found or None)
RANGES: list[tuple[str, str, str, str | None]] = [
    ("inside", ">=2.31,<3", "2.31.0", None),
    ("too-old", ">=2.32", "2.31.0", "version-mismatch"),
    ("too-new", "<2", "2.2.3", "version-mismatch"),
    ("exact-pin", "==2.31.0", "2.31.0", None),
    ("pin-zero-padding", "==2.31", "2.31.0", None),
    ("pin-not-a-prefix", "==2.31", "2.31.1", "version-mismatch"),
    ("wildcard", "==2.31.*", "2.31.9", None),
    ("compatible-release", "~=2.31", "2.99", None),
    ("compatible-release-major", "~=2.31", "3.0", "version-mismatch"),
    ("exclusion", "!=2.31.0", "2.31.0", "version-mismatch"),
    ("local-label-ignored", "==2.5.1", "2.5.1+cu121", None),
    ("post-release-inside", ">=1.0", "1.0.post1", None),
    ("arbitrary-equality", "===1.0", "1.0", None),
    ("no-constraint", "", "7.0", None),
    # Pre-releases: inside the range but excluded unless the constraint names one.
    ("prerelease-inside-range", ">=5,<8", "7.37.0rc1", "prerelease"),
    ("prerelease-unconstrained", "", "2.0b1", "prerelease"),
    ("dev-release-is-a-prerelease", ">=1.0", "1.1.dev3", "prerelease"),
    ("prerelease-named-by-the-constraint", ">=2.0rc1", "2.1b1", None),
    ("prerelease-pinned", "==2.2.0rc1", "2.2.0rc1", None),
    ("exclusion-does-not-name-a-prerelease", "!=2.0rc1", "2.1rc1", "prerelease"),
    ("less-than-excludes-its-own-prereleases", "<2.0", "2.0rc1", "version-mismatch"),
    ("prerelease-below-the-range", ">=2.0", "2.0rc1", "version-mismatch"),
    ("dev-below-the-range", ">=1", "1.0.dev1", "version-mismatch"),
    # Versions nixpkgs spells outside PEP 440.
    ("unparsable-with-constraint", ">=0.9", "0-unstable-2024-05-01", "unparsable-version"),
    ("unparsable-without-constraint", "", "0-unstable-2024-05-01", None),
]


def snapshot_of(packages: dict[str, str], **extra: list[str]) -> Snapshot:
    return Snapshot(
        nixpkgs=SnapshotSource(),
        python=SnapshotPython(attr="python312", version="3.12.8", implementation="cpython"),
        packages={a: SnapshotPackage(pname=a, version=v) for a, v in packages.items()},
        broken=tuple(extra.get("broken", [])),
    )


def declared(text: str, source: Source | None = None) -> Declared:
    return Declared(
        dependency=Dependency.parse(text, source=source),
        table="dependencies",
        location=Location(file="pyproject.toml", key="project.dependencies[0]"),
    )


def judge(text: str, version: str, source: Source | None = None) -> list[str]:
    taken = snapshot_of({"pkg": version})
    return [
        str(f)
        for f in check_dependency(declared(text, source), taken, NameMap.from_snapshot(taken))
    ]


@pytest.mark.parametrize(
    ("constraint", "version", "code"),
    [row[1:] for row in RANGES],
    ids=[row[0] for row in RANGES],
)
def test_ranges(constraint: str, version: str, code: str | None) -> None:
    taken = snapshot_of({"pkg": version})
    found = check_dependency(declared(f"pkg{constraint}"), taken, NameMap.from_snapshot(taken))
    assert [f.code for f in found] == ([] if code is None else [code])


def test_version_mismatch_message() -> None:
    assert judge("pkg>=2.32", "2.31.0") == [
        (
            "error: pyproject.toml: project.dependencies[0]: "
            "pkg: nixpkgs has 2.31.0, the project asks for >=2.32"
        )
    ]


def test_prerelease_message() -> None:
    assert judge("pkg<8,>=5", "7.37.0rc1") == [
        (
            "warning: pyproject.toml: project.dependencies[0]: pkg: nixpkgs has 7.37.0rc1, a "
            "pre-release; the project asks for <8,>=5, which excludes pre-releases unless it "
            "names one (PEP 440) "
            "(write a pre-release into the constraint (>=7.37.0rc1) to accept it)"
        )
    ]


def test_a_missing_package_suggests_and_a_broken_one_says_so() -> None:
    taken = snapshot_of({"pyyaml": "6.0.2", "pyaml": "24.9.0", "requests": "1"}, broken=["pkg"])
    names = NameMap.from_snapshot(taken)
    assert [str(f) for f in check_dependency(declared("PyYML"), taken, names)] == [
        (
            "error: pyproject.toml: project.dependencies[0]: pyyml: nixpkgs has no package of "
            "this name (did you mean pyyaml or pyaml?)"
        )
    ]
    assert [f.hint for f in check_dependency(declared("request"), taken, names)] == [
        "did you mean requests?"
    ]
    assert [f.hint for f in check_dependency(declared("zzz"), taken, names)] == [None]
    assert [f.message for f in check_dependency(declared("pkg"), taken, names)] == [
        (
            "pkg: nixpkgs has pkg, but it fails to evaluate for python312 (broken, disabled for "
            "this interpreter, or removed)"
        )
    ]


def test_an_attribute_other_than_the_name_is_named() -> None:
    taken = Snapshot(
        nixpkgs=SnapshotSource(),
        python=SnapshotPython(attr="python312", version="3.12.8"),
        packages={
            "django": SnapshotPackage(pname="django", version="5.1.4"),
            "django_4": SnapshotPackage(pname="django", version="4.2.17"),
        },
    )
    names = NameMap.from_snapshot(taken)
    assert check_dependency(declared("Django<5"), taken, names) == []
    (found,) = check_dependency(declared("Django<4"), taken, names)
    assert (found.message, found.hint) == (
        "django: nixpkgs has 5.1.4, the project asks for <4",
        "no other attribute fits either: django_4 (4.2.17)",
    )


# (id, source or None, PEP 508 text, nixpkgs has "pkg", expected message, severity)
DIRECT: list[tuple[str, Source | None, str, bool, str, str]] = [
    (
        "git-source-packaged",
        GitSource(url="https://example.org/pkg.git", tag="v1"),
        "pkg",
        True,
        (
            "pkg: the project takes it from git https://example.org/pkg.git @ v1; nixpkgs has "
            "1.0, which may not be what that source holds"
        ),
        "warning",
    ),
    (
        "path-source-unpackaged",
        PathSource(path="../lib", editable=True),
        "pkg",
        False,
        (
            "pkg: the project takes it from the path ../lib; nixpkgs has no package of this name, "
            "so it is built from that source"
        ),
        "info",
    ),
    (
        "url-source",
        UrlSource(url="https://example.org/pkg-1.0.tar.gz"),
        "pkg",
        False,
        (
            "pkg: the project takes it from the URL https://example.org/pkg-1.0.tar.gz; nixpkgs "
            "has no package of this name, so it is built from that source"
        ),
        "info",
    ),
    (
        "workspace-member",
        WorkspaceSource(),
        "pkg",
        True,
        (
            "pkg: the project takes it from its workspace; nixpkgs has 1.0, which may not be what "
            "that source holds"
        ),
        "warning",
    ),
    (
        "pep508-git-url",
        None,
        "pkg @ git+https://example.org/pkg.git@main",
        True,
        (
            "pkg: the project takes it from git https://example.org/pkg.git@main; nixpkgs has 1.0, "
            "which may not be what that source holds"
        ),
        "warning",
    ),
    (
        "pep508-archive-url",
        None,
        "pkg @ https://example.org/pkg-2.0.zip",
        True,
        (
            "pkg: the project takes it from the URL https://example.org/pkg-2.0.zip; nixpkgs has "
            "1.0, which may not be what that source holds"
        ),
        "warning",
    ),
]


@pytest.mark.parametrize(
    ("source", "text", "packaged", "message", "severity"),
    [row[1:] for row in DIRECT],
    ids=[row[0] for row in DIRECT],
)
def test_direct_references_are_not_from_nixpkgs(
    source: Source | None, text: str, *, packaged: bool, message: str, severity: str
) -> None:
    taken = snapshot_of({"pkg": "1.0"} if packaged else {"other": "1.0"})
    (found,) = check_dependency(declared(text, source), taken, NameMap.from_snapshot(taken))
    assert (found.code, found.message, found.severity.value) == (
        "not-from-nixpkgs",
        message,
        severity,
    )


def test_a_registry_source_is_still_checked() -> None:
    source = RegistrySource(url="https://pypi.example.org/simple/", name="company")
    taken = snapshot_of({"pkg": "1.0"})
    found = check_dependency(declared("pkg>=2", source), taken, NameMap.from_snapshot(taken))
    assert [f.code for f in found] == ["version-mismatch"]


# -- version_constraints: pyproject.nix's validateVersionConstraints as data ---------------------


def project_with(*dependencies: str, extras: dict[str, list[str]] | None = None) -> Project:
    return Project(
        format=ProjectFormat.PEP621,
        name="demo",
        dependencies=tuple(Dependency.parse(d) for d in dependencies),
        optional_dependencies={
            canonicalize_name(k): tuple(Dependency.parse(d) for d in v)
            for k, v in (extras or {}).items()
        },
        build_system=BuildSystem(requires=(Dependency.parse("setuptools>=80"),)),
    )


LINUX = Target.parse("x86_64-linux", "3.12.8")


def summary(project: Project, snapshot: Snapshot, extras: Sequence[str] = ()) -> dict[str, object]:
    found = version_constraints(project, snapshot, LINUX, extras=extras)
    return {name: (str(spec), version) for name, (spec, version) in found.items()}


def test_summary_lists_only_the_broken_clauses() -> None:
    taken = snapshot_of({"requests": "2.31.0", "idna": "3.10", "setuptools": "75.1.1"})
    project = project_with("requests>=2.32,<3,!=2.32.1", "idna>=3")
    assert summary(project, taken) == {
        "requests": (">=2.32", "2.31.0"),
        "setuptools": (">=80", "75.1.1"),
    }


def test_summary_follows_markers_and_chosen_extras() -> None:
    taken = snapshot_of({"a": "1.0", "b": "1.0", "c": "1.0", "setuptools": "80.0"})
    project = project_with(
        "a>=2; sys_platform == 'win32'", "b>=2; sys_platform == 'linux'", extras={"x": ["c>=2"]}
    )
    assert summary(project, taken) == {"b": (">=2", "1.0")}
    assert summary(project, taken, extras=["x"]) == {"b": (">=2", "1.0"), "c": (">=2", "1.0")}


def test_summary_leaves_out_what_it_cannot_compare() -> None:
    taken = snapshot_of({"odd": "0-unstable-2024-05-01", "pre": "2.0rc1", "setuptools": "80"})
    project = project_with("odd>=1", "pre>=1", "missing>=1", "direct @ https://example.org/d.zip")
    assert summary(project, taken) == {}


def test_summary_keeps_the_last_broken_declaration_of_a_name() -> None:
    taken = snapshot_of({"a": "1.0", "setuptools": "80"})
    project = project_with("a>=2", "a>=3")
    assert summary(project, taken) == {"a": (">=3", "1.0")}


# -- properties ----------------------------------------------------------------------------------

_versions = st.one_of(
    st.from_regex(r"\A[0-9]{1,2}(\.[0-9]{1,2}){0,2}((a|b|rc)[0-9])?(\.post[0-9])?(\.dev[0-9])?\Z"),
    st.text(max_size=12),
)
_clauses = st.lists(
    st.tuples(
        st.sampled_from(["<", "<=", ">", ">=", "==", "!=", "~="]),
        st.from_regex(r"\A[0-9]{1,2}\.[0-9]{1,2}((a|b|rc)[0-9])?\Z"),
    ),
    max_size=3,
)


@given(version=_versions, clauses=_clauses)
def test_findings_and_summary_agree(version: str, clauses: list[tuple[str, str]]) -> None:
    constraint = ",".join(op + v for op, v in clauses)
    taken = snapshot_of({"pkg": version, "setuptools": "80"})
    names = NameMap.from_snapshot(taken)
    found = check_dependency(declared(f"pkg{constraint}"), taken, names)
    assert len(found) <= 1
    project = project_with(f"pkg{constraint}")
    in_summary = "pkg" in version_constraints(project, taken, LINUX, names=names)
    assert in_summary == (bool(found) and found[0].code == "version-mismatch")
