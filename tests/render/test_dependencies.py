"""Dependency lists: names mapped through nixpkgs, markers folded per package, extras expanded."""

from __future__ import annotations

import pytest
from packaging.utils import canonicalize_name

from pynix.model import Dependency, GitSource
from pynix.nix import render_line, select, var
from pynix.nixpkgs.names import NameMap
from pynix.render.conditions import Scope
from pynix.render.dependencies import PackageRef, dependency_list, resolve

NAMES = NameMap.from_attrs(
    ["requests", "pyyaml", "zope-interface", "typing-extensions", "uvloop", "numpy", "pysocks"],
    aliases={"pytorch": "torch"},
)
D = Dependency.parse

# (id, dependency strings, list as written with `var(attr)` references)
LISTS = [
    ("empty", [], "[ ]"),
    ("plain", ["requests", "PyYAML>=6"], "[ requests pyyaml ]"),
    ("dotted-name", ["zope.interface"], "[ zope-interface ]"),
    ("extras", ["requests[socks]"], "[ requests ] ++ requests.optional-dependencies.socks"),
    (
        "conditional-only",
        ["uvloop; sys_platform == 'linux'"],
        "lib.optionals stdenv.hostPlatform.isLinux [ uvloop ]",
    ),
    (
        "grouped-by-condition",
        [
            "typing-extensions; python_version < '3.11'",
            "requests",
            "uvloop; sys_platform == 'linux'",
            "pysocks; python_version < '3.11'",
        ],
        (
            '[ requests ] ++ lib.optionals (pythonOlder "3.11") [ typing-extensions pysocks ]'
            " ++ lib.optionals stdenv.hostPlatform.isLinux [ uvloop ]"
        ),
    ),
    (
        "complementary-markers",
        ["numpy<1.25; python_version < '3.10'", "numpy>=1.26; python_version >= '3.10'"],
        "[ numpy ]",
    ),
    ("never-needed", ["pywin32; sys_platform == 'win32'"], "[ ]"),
    ("repeated", ["requests", "requests>=2"], "[ requests ]"),
]


@pytest.mark.parametrize(("deps", "expected"), [c[1:] for c in LISTS], ids=[c[0] for c in LISTS])
def test_lists(deps: list[str], expected: str) -> None:
    resolved = resolve([D(d) for d in deps], names=NAMES)
    assert resolved.findings == ()
    assert render_line(dependency_list(resolved.refs, var)) == expected


def test_without_a_name_map_names_are_normalized() -> None:
    resolved = resolve([D("Zope.Interface"), D("No_Such-Thing")])
    assert resolved.attrs == ("zope-interface", "no-such-thing")
    assert resolved.findings == ()


def test_missing_packages() -> None:
    resolved = resolve(
        [D("requests"), D("reqests"), D("brand-new"), D("brand_new>=2")],
        names=NAMES,
        where="project.dependencies",
    )
    assert resolved.attrs == ("requests", "reqests", "brand-new")
    assert resolved.missing == ("brand-new", "reqests")
    assert [str(f) for f in resolved.findings] == [
        (
            "error: project.dependencies[1]: nixpkgs has no package for `reqests`; written as"
            " `reqests` (did you mean `requests`?)"
        ),
        (
            "error: project.dependencies[2]: nixpkgs has no package for `brand-new`; written as"
            " `brand-new` (package it, or add it to the package set with an overlay)"
        ),
    ]


def test_broken_packages_are_named() -> None:
    names = NameMap.from_attrs(["requests"], broken=["tensorflow"])
    [finding] = resolve([D("tensorflow")], names=names).findings
    assert finding.hint == "nixpkgs has `tensorflow`, but it fails to evaluate"


def test_aliases_are_followed() -> None:
    names = NameMap.from_attrs(["torch"], aliases={"pytorch": "torch"})
    assert resolve([D("pytorch"), D("torch")], names=names).refs == (
        PackageRef(name=canonicalize_name("pytorch"), attr="torch"),
    )


def test_direct_references_are_reported() -> None:
    url = D("requests @ https://example.org/requests-2.0.tar.gz")
    git = Dependency.parse("pyyaml", source=GitSource(url="https://example.org/pyyaml.git"))
    resolved = resolve([url, git], names=NAMES, where="project.dependencies")
    assert resolved.attrs == ("requests", "pyyaml")
    assert [str(f) for f in resolved.findings] == [
        (
            "warning: project.dependencies[0]: `requests @ https://example.org/requests-2.0.tar.gz`"
            " names its own source; nixpkgs' `requests` is used instead (package that source in an"
            " overlay to use it)"
        ),
        (
            "warning: project.dependencies[1]: `pyyaml` names its own source; nixpkgs' `pyyaml` is"
            " used instead (package that source in an overlay to use it)"
        ),
    ]


def test_the_project_itself_stands_for_its_extras() -> None:
    extras = {
        "socks": (D("pysocks"),),
        "speed": (D("uvloop; sys_platform == 'linux'"),),
        "all": (D("demo[socks,speed]"),),
        "loop": (D("demo[loop,socks]"),),
    }
    resolved = resolve(
        [D("requests"), D("Demo[all]; python_version < '3.12'"), D("demo[loop]")],
        names=NAMES,
        project="demo",
        project_extras=extras,  # type: ignore[arg-type]
    )
    assert render_line(dependency_list(resolved.refs, var)) == (
        "[ requests pysocks ] ++ lib.optionals"
        ' (pythonOlder "3.12" && stdenv.hostPlatform.isLinux) [ uvloop ]'
    )


def test_chosen_extras_decide_markers() -> None:
    deps = [D("requests"), D("pysocks; extra == 'socks'")]
    assert resolve(deps).attrs == ("requests",)
    assert resolve(deps, extras=["socks"]).attrs == ("requests", "pysocks")


def test_findings_point_at_the_dependency() -> None:
    resolved = resolve(
        [D("requests"), D("kernel; platform_release >= '6'")], where="dependency-groups.dev"
    )
    [finding] = resolved.findings
    assert str(finding.location) == "dependency-groups.dev[1]"
    assert finding.code == "marker-unknowable"


def test_package_set_references_and_scope() -> None:
    scope = Scope(lib=var("pkgs.lib"), host_platform=var("pkgs.stdenv.hostPlatform"))
    resolved = resolve([D("requests"), D("uvloop; sys_platform == 'darwin'")], scope=scope)
    ps = var("ps")
    text = render_line(dependency_list(resolved.refs, lambda a: select(ps, a), lib=scope.lib))
    assert (
        text
        == "[ ps.requests ] ++ pkgs.lib.optionals pkgs.stdenv.hostPlatform.isDarwin [ ps.uvloop ]"
    )
