"""``python.withPackages``: selection of extras and groups, names, findings, per-system closures."""

from __future__ import annotations

import pytest
from packaging.utils import canonicalize_name

from pynix.model import Dependency, Project, ProjectFormat
from pynix.nix import render_line, var
from pynix.nixpkgs.names import NameMap
from pynix.render.conditions import Scope
from pynix.render.dependencies import PackageRef, Resolved
from pynix.render.with_packages import (
    environment_dependencies,
    merge_resolved,
    render_with_packages,
)
from tests.render._standin import evaluate
from tests.render.test_package import STANDIN_NAMES

D = Dependency.parse
N = canonicalize_name

PROJECT = Project(
    format=ProjectFormat.PEP621,
    name="demo",
    dependencies=(D("requests"), D("colorama; sys_platform == 'darwin'")),
    optional_dependencies={N("speed"): (D("uvloop; sys_platform == 'linux'"),)},
    dependency_groups={N("test"): (D("pytest"), D("requests")), N("docs"): (D("click"),)},
)

# (id, extras, groups, expression)
SELECTIONS = [
    (
        "base",
        [],
        [],
        (
            "python3.withPackages (\n"
            "  ps: [ ps.requests ] ++ lib.optionals stdenv.hostPlatform.isDarwin [ ps.colorama ]\n)"
        ),
    ),
    (
        "extra-and-group",
        ["speed"],
        ["test"],
        (
            "python3.withPackages (\n  ps:\n  [ ps.requests ps.pytest ]\n"
            "  ++ lib.optionals stdenv.hostPlatform.isDarwin [ ps.colorama ]\n"
            "  ++ lib.optionals stdenv.hostPlatform.isLinux [ ps.uvloop ]\n)"
        ),
    ),
]


@pytest.mark.parametrize(
    ("extras", "groups", "expected"), [c[1:] for c in SELECTIONS], ids=[c[0] for c in SELECTIONS]
)
def test_selection(extras: list[str], groups: list[str], expected: str) -> None:
    rendered = render_with_packages(PROJECT, extras=extras, groups=groups)
    assert rendered.findings == ()
    assert rendered.text() == expected + "\n"


def test_quoted_names_and_interpreter() -> None:
    names = NameMap.from_attrs(["zope.interface"])
    project = Project(format=ProjectFormat.PEP621, dependencies=(D("zope.interface"),))
    rendered = render_with_packages(project, python=var("pkgs.python312"), names=names)
    assert render_line(rendered.expr) == 'pkgs.python312.withPackages (ps: [ ps."zope.interface" ])'


def test_unknown_extras_and_groups() -> None:
    rendered = render_with_packages(PROJECT, extras=["sped"], groups=["tests", "nothing"])
    assert [str(f) for f in rendered.findings] == [
        (
            "error: project.optional-dependencies: the project has no extra `sped` (did you mean"
            " `speed`?)"
        ),
        "error: dependency-groups: the project has no group `tests` (did you mean `test`?)",
        (
            "error: dependency-groups: the project has no group `nothing` (the project has: docs,"
            " test)"
        ),
    ]


def test_merged_conditions() -> None:
    scope = Scope()
    resolved = environment_dependencies(PROJECT, scope=scope, groups=["test", "docs"])
    assert [ref.attr for ref in resolved.refs] == ["requests", "colorama", "pytest", "click"]
    a = Resolved(refs=(PackageRef(name=N("x"), attr="x", condition=var("a")),))
    b = Resolved(refs=(PackageRef(name=N("x"), attr="x", condition=var("b")),), missing=("x",))
    merged = merge_resolved(a, b)
    assert [render_line(r.condition) for r in merged.refs if not isinstance(r.condition, bool)] == [
        "a || b"
    ]
    assert merged.missing == ("x",)


@pytest.mark.nix
def test_environment_per_system() -> None:
    text = render_with_packages(
        PROJECT, python=var("pkgs.python3"), names=STANDIN_NAMES, extras=["speed"]
    ).text()
    result = evaluate(
        f"""
        map (system:
          let pkgs = import standin {{ inherit system; }}; inherit (pkgs) lib stdenv;
          in ({text}).requested)
          [ "x86_64-linux" "aarch64-darwin" ]
        """
    )
    assert result == [["requests", "uvloop"], ["requests", "colorama"]]
