"""Which dependencies a check covers (extras, groups, self-references, build system) and markers."""

from __future__ import annotations

from collections.abc import Sequence

import pytest
from packaging.utils import NormalizedName, canonicalize_name

from pynix.check.dependencies import Declared, marker_holds, select_dependencies
from pynix.model import BuildSystem, Dependency, Finding, Project, ProjectFormat
from pynix.standards.markers import environment
from pynix.standards.targets import Target


def deps(*texts: str) -> tuple[Dependency, ...]:
    return tuple(Dependency.parse(t) for t in texts)


def named(table: dict[str, tuple[Dependency, ...]]) -> dict[NormalizedName, tuple[Dependency, ...]]:
    return {canonicalize_name(k): v for k, v in table.items()}


PROJECT = Project(
    format=ProjectFormat.PEP621,
    name="Weather_Report",
    source_file="pyproject.toml",
    dependencies=deps("httpx>=0.27", "tomli; python_version < '3.11'"),
    optional_dependencies=named(
        {
            "plot": deps("matplotlib>=3.8"),
            "maps": deps("shapely>=2", "weather-report[plot]"),
            "all": deps("weather.report[maps]"),
            "broken-ref": deps("weather-report[nope]"),
        }
    ),
    dependency_groups=named(
        {
            "test": deps("pytest>=8", "weather-report[plot]"),
            "lint": deps("ruff"),
        }
    ),
    build_system=BuildSystem(requires=deps("hatchling>=1.25"), backend="hatchling.build"),
)

# (id, extras, groups, the covered dependencies as "<table>: <dependency>", finding codes)
SELECTIONS: list[tuple[str, list[str], list[str], list[str], list[str]]] = [
    (
        "nothing-chosen",
        [],
        [],
        [
            "dependencies: httpx>=0.27",
            'dependencies: tomli; python_version < "3.11"',
            "build-system.requires: hatchling>=1.25",
        ],
        [],
    ),
    (
        "an-extra-by-another-spelling",
        ["PLOT"],
        [],
        [
            "dependencies: httpx>=0.27",
            'dependencies: tomli; python_version < "3.11"',
            "optional-dependencies.plot: matplotlib>=3.8",
            "build-system.requires: hatchling>=1.25",
        ],
        [],
    ),
    (
        "self-references-chain",
        ["all"],
        [],
        [
            "dependencies: httpx>=0.27",
            'dependencies: tomli; python_version < "3.11"',
            "optional-dependencies.plot: matplotlib>=3.8",
            "optional-dependencies.maps: shapely>=2",
            "build-system.requires: hatchling>=1.25",
        ],
        [],
    ),
    (
        "a-group-naming-the-project",
        [],
        ["test"],
        [
            "dependencies: httpx>=0.27",
            'dependencies: tomli; python_version < "3.11"',
            "optional-dependencies.plot: matplotlib>=3.8",
            "dependency-groups.test: pytest>=8",
            "build-system.requires: hatchling>=1.25",
        ],
        [],
    ),
    (
        "groups-in-the-project-order",
        [],
        ["lint", "test", "lint"],
        [
            "dependencies: httpx>=0.27",
            'dependencies: tomli; python_version < "3.11"',
            "optional-dependencies.plot: matplotlib>=3.8",
            "dependency-groups.test: pytest>=8",
            "dependency-groups.lint: ruff",
            "build-system.requires: hatchling>=1.25",
        ],
        [],
    ),
    (
        "unknown-names",
        ["plots", "broken-ref"],
        ["docs"],
        [
            "dependencies: httpx>=0.27",
            'dependencies: tomli; python_version < "3.11"',
            "build-system.requires: hatchling>=1.25",
        ],
        ["unknown-extra", "unknown-group", "unknown-extra"],
    ),
]


@pytest.mark.parametrize(
    ("extras", "groups", "covered", "codes"),
    [row[1:] for row in SELECTIONS],
    ids=[row[0] for row in SELECTIONS],
)
def test_selection(
    extras: list[str], groups: list[str], covered: list[str], codes: list[str]
) -> None:
    chosen = select_dependencies(PROJECT, extras=extras, groups=groups)
    assert [f"{d.where}: {d.dependency}" for d in chosen.dependencies] == covered
    assert [f.code for f in chosen.findings] == codes


def test_unknown_names_say_what_there_is() -> None:
    chosen = select_dependencies(PROJECT, extras=["plots", "broken-ref"], groups=["docs"])
    assert [str(f) for f in chosen.findings] == [
        (
            "error: the project has no extra named 'plots' "
            "(the project's extras: plot, maps, all, broken-ref)"
        ),
        (
            "error: the project has no group named 'docs' "
            "(the project's dependency groups: test, lint)"
        ),
        (
            "error: pyproject.toml: optional-dependencies.broken-ref: the project has no extra "
            "named 'nope' (the project's extras: plot, maps, all, broken-ref)"
        ),
    ]
    bare = Project(format=ProjectFormat.PEP621, name="bare")
    (finding,) = select_dependencies(bare, extras=["x"]).findings
    assert finding.hint == "the project has no extras"


def test_chosen_extras_include_those_self_references_add() -> None:
    assert select_dependencies(PROJECT, extras=["all"]).extras == {"all", "maps", "plot"}


def test_an_assumed_build_system_is_not_checked() -> None:
    legacy = Project(
        format=ProjectFormat.SETUP_CFG,
        name="legacy",
        build_system=BuildSystem(requires=deps("setuptools>=40.8.0"), declared=False),
    )
    assert select_dependencies(legacy).dependencies == ()


def test_a_self_reference_with_a_source_is_a_real_dependency() -> None:
    project = Project(
        format=ProjectFormat.PEP621,
        name="spam",
        dependencies=deps("spam @ https://example.org/spam-0.1.zip"),
    )
    assert [d.dependency.name for d in select_dependencies(project).dependencies] == ["spam"]


# -- markers -------------------------------------------------------------------------------------

LINUX = environment(Target.parse("x86_64-linux", "3.12.8"))
WINDOWS = environment(Target.parse("x86_64-windows", "3.12.8"))


def entry(text: str, table: str = "dependencies", name: str | None = None) -> Declared:
    return Declared(
        dependency=Dependency.parse(text),
        table=table,
        name=None if name is None else canonicalize_name(name),
    )


# (id, dependency, table, extra/group name, environment, chosen extras, holds)
MARKERS: list[tuple[str, str, str, str | None, dict[str, str], Sequence[str], bool]] = [
    ("no-marker", "a", "dependencies", None, LINUX, (), True),
    ("platform-holds", "a; sys_platform == 'linux'", "dependencies", None, LINUX, (), True),
    ("platform-fails", "a; sys_platform == 'win32'", "dependencies", None, LINUX, (), False),
    ("windows", "a; os_name == 'nt'", "dependencies", None, WINDOWS, (), True),
    ("python-version", "a; python_version >= '3.13'", "dependencies", None, LINUX, (), False),
    ("full-version", "a; python_full_version >= '3.12.8'", "dependencies", None, LINUX, (), True),
    ("main-with-chosen-extra", "a; extra == 'x'", "dependencies", None, LINUX, ("x",), True),
    ("main-without-extras", "a; extra == 'x'", "dependencies", None, LINUX, (), False),
    ("extra-entry-is-its-extra", "a; extra == 'x'", "optional-dependencies", "x", LINUX, (), True),
    ("extra-entry-other", "a; extra == 'y'", "optional-dependencies", "x", LINUX, ("y",), False),
    ("group-has-no-extras", "a; extra == 'x'", "dependency-groups", "g", LINUX, ("x",), False),
]


@pytest.mark.parametrize(
    ("text", "table", "name", "env", "extras", "holds"),
    [row[1:] for row in MARKERS],
    ids=[row[0] for row in MARKERS],
)
def test_markers(
    *,
    text: str,
    table: str,
    name: str | None,
    env: dict[str, str],
    extras: Sequence[str],
    holds: bool,
) -> None:
    assert marker_holds(entry(text, table, name), env, extras) is holds


def test_an_undecidable_marker_is_a_finding() -> None:
    found = marker_holds(entry("a; os_name ~= 'nt'"), LINUX)
    assert isinstance(found, Finding)
    assert (found.code, found.severity.value, found.hint) == (
        "unevaluable-marker",
        "warning",
        "checked as if it applied",
    )
    assert found.message.startswith("a: its marker cannot be evaluated (")
    assert found.message.endswith('): os_name ~= "nt"')
