"""PDM's [tool.pdm]: dev-dependency groups with editable entries, sources, ${PROJECT_ROOT} paths."""

from __future__ import annotations

from typing import Any

import pytest

from pynix.errors import InvalidProject, InvalidRequirement
from pynix.formats.dialects import parse_pyproject_toml
from pynix.formats.pdm import apply_pdm, pdm_group_entries
from pynix.formats.pyproject import parse_pep621
from pynix.model import GitSource, Index, PathSource, ProjectFormat, Source
from tests.support.projects import by_name, load_fixture

# (id, dev-dependency entry, name, source)
EDITABLES: list[tuple[str, str, str, Source]] = [
    (
        "egg-fragment",
        "-e file:///${PROJECT_ROOT}/libs/core#egg=Core_Lib",
        "core-lib",
        PathSource(path="libs/core", editable=True),
    ),
    (
        "name-at-url",
        "-e core @ file:///${PROJECT_ROOT}/../core",
        "core",
        PathSource(path="../core", editable=True),
    ),
    (
        "project-root-itself",
        "--editable root @ file:///${PROJECT_ROOT}",
        "root",
        PathSource(path=".", editable=True),
    ),
    (
        "git",
        "-e git+https://g.example/tools.git@v1#egg=tools",
        "tools",
        GitSource(url="https://g.example/tools.git", rev="v1"),
    ),
    (
        "bare-path",
        "-e ./packages/helper",
        "helper",
        PathSource(path="./packages/helper", editable=True),
    ),
    (
        "absolute-file-url",
        "-e file:///srv/src/shared#egg=shared",
        "shared",
        PathSource(path="/srv/src/shared", editable=True),
    ),
]

ERRORS: list[tuple[str, dict[str, Any], type[Exception], str]] = [
    (
        "group-type",
        {"dev-dependencies": {"test": "pytest"}},
        InvalidProject,
        "tool.pdm.dev-dependencies.test: expected an array, got a string",
    ),
    (
        "entry-type",
        {"dev-dependencies": {"test": [{"pytest": "*"}]}},
        InvalidProject,
        "tool.pdm.dev-dependencies.test[0]: expected a string, got a table",
    ),
    (
        "group-name",
        {"dev-dependencies": {"my tests": []}},
        InvalidProject,
        "tool.pdm.dev-dependencies.\"my tests\": 'my tests' is not a valid dependency group name",
    ),
    (
        "nameless-editable",
        {"dev-dependencies": {"test": ["-e ./"]}},
        InvalidProject,
        "tool.pdm.dev-dependencies.test[0]: cannot tell the project name of editable entry './'",
    ),
    (
        "unknown-vcs",
        {"dev-dependencies": {"test": ["-e hg+https://h.example/x#egg=x"]}},
        InvalidProject,
        (
            "tool.pdm.dev-dependencies.test[0]: unsupported URL in editable entry: "
            "'hg+https://h.example/x#egg=x'"
        ),
    ),
    (
        "source-url",
        {"source": [{"name": "corp"}]},
        InvalidProject,
        "tool.pdm.source[0].url: missing; every source needs a url",
    ),
    (
        "source-type",
        {"source": [{"url": "https://x", "type": "mirror"}]},
        InvalidProject,
        "tool.pdm.source[0].type: expected 'index' or 'find_links', got 'mirror'",
    ),
    (
        "bad-requirement",
        {"dev-dependencies": {"test": ["pytest", "mypy >"]}},
        InvalidRequirement,
        "tool.pdm.dev-dependencies.test[1]: ",
    ),
]


def pdm_project(pdm: dict[str, Any], **project: Any) -> Any:
    return parse_pyproject_toml(
        {"project": {"name": "app", "version": "1", **project}, "tool": {"pdm": pdm}}
    )


@pytest.mark.parametrize(
    ("entry", "name", "source"), [e[1:] for e in EDITABLES], ids=[e[0] for e in EDITABLES]
)
def test_editable_entries(entry: str, name: str, source: Source) -> None:
    project = pdm_project({"dev-dependencies": {"dev": [entry]}})
    (dependency,) = by_name(project.dependency_groups, "dev")
    assert (dependency.name, dependency.source, dependency.url) == (name, source, None)


@pytest.mark.parametrize(
    ("pdm", "error", "message"), [e[1:] for e in ERRORS], ids=[e[0] for e in ERRORS]
)
def test_errors(pdm: dict[str, Any], error: type[Exception], message: str) -> None:
    with pytest.raises(error) as info:
        pdm_project(pdm)
    assert str(info.value).startswith(message)


def test_a_bare_path_is_named_after_its_directory_with_a_note() -> None:
    groups, notes = pdm_group_entries(
        {"tool": {"pdm": {"dev-dependencies": {"dev": ["-e ./packages/helper"]}}}}
    )
    assert [name for name, _ in groups] == ["dev"]
    (note,) = notes
    assert str(note) == (
        "info: tool.pdm.dev-dependencies.dev[0]: the project name of '-e ./packages/helper' is "
        "taken from its directory name (write '-e NAME @ file:///${PROJECT_ROOT}/...' to name it)"
    )


def test_project_root_urls_become_relative_paths_everywhere() -> None:
    project = pdm_project(
        {"distribution": False},
        dependencies=["common @ file:///${PROJECT_ROOT}/libs/common", "requests"],
        **{"optional-dependencies": {"x": ["extra-lib @ file:///${PROJECT_ROOT}/x"]}},
    )
    assert [(d.name, d.url, d.source) for d in project.dependencies] == [
        ("common", None, PathSource(path="libs/common")),
        ("requests", None, None),
    ]
    assert by_name(project.optional_dependencies, "x")[0].source == PathSource(path="x")


def test_apply_pdm_without_tool_pdm_changes_nothing() -> None:
    data = {"project": {"name": "a", "version": "1"}}
    base = parse_pep621(data)
    assert apply_pdm(data, base) is base
    assert pdm_group_entries(data) == ([], ())


def test_service_fixture() -> None:
    project = parse_pyproject_toml(load_fixture("pdm-service"))
    assert project.format is ProjectFormat.PDM
    common = project.dependencies[2]
    assert (common.name, common.url, common.source) == (
        "ferry-common",
        None,
        PathSource(path="libs/common"),
    )
    assert {k: [(d.name, d.source) for d in v] for k, v in project.dependency_groups.items()} == {
        "lint": [("ruff", None), ("mypy", None)],
        "test": [
            ("pytest", None),
            ("ferry-testkit", PathSource(path="libs/testkit", editable=True)),
            ("ferry-fixtures", PathSource(path="libs/fixtures", editable=True)),
        ],
        "tools": [
            (
                "ferry-devtools",
                GitSource(url="https://git.example.org/ferry/devtools.git", rev="main"),
            )
        ],
    }
    assert project.indexes == (
        Index(url="https://pypi.internal.example.org/simple", name="internal"),
    )
    (note,) = project.notes
    assert note.code == "pdm-find-links"


def test_source_named_pypi_replaces_pypi() -> None:
    project = pdm_project({"source": [{"name": "pypi", "url": "https://mirror.example/simple"}]})
    assert project.indexes == (
        Index(url="https://mirror.example/simple", name="pypi", default=True),
    )
