"""uv's [tool.uv]: sources on dependencies, per-marker sources, indexes, dev group, workspace."""

from __future__ import annotations

from typing import Any

import pytest

from pynix.errors import InvalidMarker, InvalidProject
from pynix.formats.dialects import parse_pyproject_toml
from pynix.formats.pyproject import parse_pep621
from pynix.formats.uv import apply_uv, uv_dev_entries
from pynix.model import (
    GitSource,
    Index,
    PathSource,
    Project,
    ProjectFormat,
    RegistrySource,
    Source,
    UrlSource,
    WorkspaceSource,
)
from tests.support.projects import by_name, load_fixture

INDEX = {"index": [{"name": "corp", "url": "https://corp.example/simple"}]}

# (id, source table for dependency "dep", the Source pynix gives it)
SOURCES: list[tuple[str, dict[str, Any], Source]] = [
    (
        "git-rev",
        {"git": "https://g.example/dep", "rev": "abc123"},
        GitSource(url="https://g.example/dep", rev="abc123"),
    ),
    (
        "git-branch-subdir",
        {"git": "https://g.example/m", "branch": "main", "subdirectory": "dep"},
        GitSource(url="https://g.example/m", branch="main", subdirectory="dep"),
    ),
    ("path", {"path": "../dep"}, PathSource(path="../dep")),
    (
        "path-editable",
        {"path": "../dep", "editable": True},
        PathSource(path="../dep", editable=True),
    ),
    (
        "url",
        {"url": "https://f.example/dep-1.0.tar.gz", "subdirectory": "py"},
        UrlSource(url="https://f.example/dep-1.0.tar.gz", subdirectory="py"),
    ),
    ("workspace", {"workspace": True}, WorkspaceSource()),
    (
        "workspace-not-editable",
        {"workspace": True, "editable": False},
        WorkspaceSource(editable=False),
    ),
    ("index", {"index": "corp"}, RegistrySource(url="https://corp.example/simple", name="corp")),
]

ERRORS: list[tuple[str, dict[str, Any], type[Exception], str]] = [
    (
        "two-kinds",
        {"sources": {"dep": {"git": "x", "path": "y"}}},
        InvalidProject,
        (
            "tool.uv.sources.dep: expected exactly one of git, path, url, index, workspace "
            "(found git, path)"
        ),
    ),
    (
        "no-kind",
        {"sources": {"dep": {"rev": "x"}}},
        InvalidProject,
        (
            "tool.uv.sources.dep: expected exactly one of git, path, url, index, workspace "
            "(found none)"
        ),
    ),
    (
        "two-refs",
        {"sources": {"dep": {"git": "x", "tag": "a", "branch": "b"}}},
        InvalidProject,
        "tool.uv.sources.dep: expected at most one of rev, tag and branch (found tag, branch)",
    ),
    (
        "unknown-index",
        {"sources": {"dep": {"index": "corpp"}}, **INDEX},
        InvalidProject,
        "tool.uv.sources.dep.index: no [[tool.uv.index]] is named 'corpp'\n  hint: defined: corp",
    ),
    (
        "no-indexes",
        {"sources": {"dep": {"index": "corp"}}},
        InvalidProject,
        (
            "tool.uv.sources.dep.index: no [[tool.uv.index]] is named 'corp'\n"
            "  hint: add a [[tool.uv.index]] table"
        ),
    ),
    (
        "workspace-false",
        {"sources": {"dep": {"workspace": False}}},
        InvalidProject,
        "tool.uv.sources.dep.workspace: expected true; remove the source to use the default index",
    ),
    (
        "list-item",
        {"sources": {"dep": [{"path": "a", "marker": "os_name == 'nt'"}, "b"]}},
        InvalidProject,
        "tool.uv.sources.dep[1]: expected a table, got a string",
    ),
    (
        "editable-type",
        {"sources": {"dep": {"path": "a", "editable": "yes"}}},
        InvalidProject,
        "tool.uv.sources.dep.editable: expected a boolean, got a string",
    ),
    (
        "index-url-missing",
        {"index": [{"name": "x"}]},
        InvalidProject,
        "tool.uv.index[0].url: missing; every index needs a url",
    ),
    (
        "index-default-type",
        {"index": [{"url": "u", "default": 1}]},
        InvalidProject,
        "tool.uv.index[0].default: expected a boolean, got an integer",
    ),
    (
        "members-type",
        {"workspace": {"members": "packages/*"}},
        InvalidProject,
        "tool.uv.workspace.members: expected an array, got a string",
    ),
    (
        "exclude-type",
        {"workspace": {"exclude": [1]}},
        InvalidProject,
        "tool.uv.workspace.exclude[0]: expected a string, got an integer",
    ),
    (
        "bad-marker",
        {"sources": {"dep": {"path": "a", "marker": "os_name = 'nt'"}}},
        InvalidMarker,
        (
            "tool.uv.sources.dep.marker: expected marker operator, one of <=, <, !=, ==, >=, >, "
            "~=, ===, in, not in: os_name = 'nt'\n"
        ),
    ),
    (
        "constraint",
        {"constraint-dependencies": ["urllib3<", 1]},
        Exception,
        "tool.uv.constraint-dependencies[0]: ",
    ),
]


def uv_project(uv: dict[str, Any], dependencies: list[str] | None = None, **tables: Any) -> Project:
    """A uv project depending on ``dependencies`` (default: ``dep``) with ``[tool.uv]`` = ``uv``."""
    data = {
        "project": {"name": "app", "version": "1", "dependencies": dependencies or ["dep"]},
        "tool": {"uv": uv},
        **tables,
    }
    return parse_pyproject_toml(data)


@pytest.mark.parametrize(("table", "source"), [s[1:] for s in SOURCES], ids=[s[0] for s in SOURCES])
def test_sources(table: dict[str, Any], source: Source) -> None:
    project = uv_project({"sources": {"Dep": table}, **INDEX})
    assert [d.source for d in project.dependencies] == [source]


@pytest.mark.parametrize(
    ("uv", "error", "message"), [e[1:] for e in ERRORS], ids=[e[0] for e in ERRORS]
)
def test_errors(uv: dict[str, Any], error: type[Exception], message: str) -> None:
    with pytest.raises(error) as info:
        uv_project(uv)
    prefix, dots, suffix = message.partition("...")
    text = str(info.value)
    assert text.startswith(prefix), text
    assert not dots or suffix in text, text


def test_per_marker_sources_split_the_dependency_and_keep_the_fallback() -> None:
    project = uv_project(
        {
            "sources": {
                "dep": [
                    {"index": "corp", "marker": "sys_platform == 'darwin'"},
                    {"git": "https://g.example/dep", "marker": "sys_platform == 'linux'"},
                ]
            },
            **INDEX,
        },
        dependencies=["dep>=1 ; python_version >= '3.10'"],
    )
    assert [(str(d), d.source) for d in project.dependencies] == [
        ('dep>=1; python_version >= "3.10" and sys_platform == "darwin"',
         RegistrySource(url="https://corp.example/simple", name="corp")),
        ('dep>=1; python_version >= "3.10" and sys_platform == "linux"',
         GitSource(url="https://g.example/dep")),
        (('dep>=1; python_version >= "3.10" and sys_platform != "darwin" '
          'and sys_platform != "linux"'),
         None),
    ]  # fmt: skip
    assert project.notes == ()


def test_unnegatable_marker_leaves_out_the_fallback_with_a_note() -> None:
    project = uv_project(
        {"sources": {"dep": {"path": "dep", "marker": "python_version ~= '3.10'"}}}
    )
    assert [str(d) for d in project.dependencies] == ['dep; python_version ~= "3.10"']
    (note,) = project.notes
    assert note.code == "uv-source-fallback"
    assert str(note) == (
        "warning: tool.uv.sources.dep: dep: where none of its source markers hold, uv uses the "
        "default index; that remainder cannot be written as a PEP 508 marker and is left out"
    )


def test_a_source_without_marker_in_a_list_covers_everything() -> None:
    project = uv_project(
        {"sources": {"dep": [{"path": "a", "marker": "os_name == 'nt'"}, {"path": "b"}]}}
    )
    assert [(str(d), d.source) for d in project.dependencies] == [
        ('dep; os_name == "nt"', PathSource(path="a")),
        ("dep", PathSource(path="b")),
    ]


def test_extra_and_group_limited_sources() -> None:
    data = {
        "project": {
            "name": "app",
            "version": "1",
            "dependencies": ["torch"],
            "optional-dependencies": {"cpu": ["torch"], "gpu": ["torch"]},
        },
        "dependency-groups": {"dev": ["torch"]},
        "tool": {
            "uv": {
                "sources": {
                    "torch": [
                        {"path": "cpu", "extra": "CPU"},
                        {"path": "gpu", "extra": "gpu"},
                        {"path": "dev", "group": "dev"},
                    ]
                }
            }
        },
    }
    project = parse_pyproject_toml(data)
    assert project.dependencies[0].source is None
    assert by_name(project.optional_dependencies, "cpu")[0].source == PathSource(path="cpu")
    assert by_name(project.optional_dependencies, "gpu")[0].source == PathSource(path="gpu")
    assert by_name(project.dependency_groups, "dev")[0].source == PathSource(path="dev")


def test_legacy_index_settings() -> None:
    project = uv_project(
        {"index-url": "https://main.example/simple", "extra-index-url": ["https://b.example/s"]}
    )
    assert project.indexes == (
        Index(url="https://b.example/s"),
        Index(url="https://main.example/simple", default=True),
    )


def test_dev_dependencies_join_the_dev_group_after_pep_735() -> None:
    data = {"tool": {"uv": {"dev-dependencies": ["ruff"]}}}
    assert uv_dev_entries(data) == [("tool.uv.dev-dependencies[0]", "ruff")]
    assert uv_dev_entries({"tool": {"uv": {}}}) == []
    groups: Any = {"dependency-groups": {"dev": ["pytest"]}}
    project = uv_project({"dev-dependencies": ["ruff"]}, None, **groups)
    assert [d.name for d in by_name(project.dependency_groups, "dev")] == ["pytest", "ruff"]


def test_apply_uv_without_tool_uv_changes_nothing() -> None:
    data = {"project": {"name": "a", "version": "1"}}
    base = parse_pep621(data)
    assert apply_uv(data, base) is base


def test_workspace_fixture() -> None:
    project = parse_pyproject_toml(load_fixture("uv-workspace"))
    assert project.format is ProjectFormat.UV
    sources = {
        (d.name, str(d.marker) if d.marker else None): d.source for d in project.dependencies
    }
    assert sources == {
        ("tidewatch-core", None): WorkspaceSource(),
        ("httpx", None): GitSource(url="https://github.com/encode/httpx", tag="0.27.2"),
        ("torch", 'sys_platform == "darwin"'): RegistrySource(
            url="https://download.pytorch.org/whl/cpu", name="pytorch-cpu"
        ),
        ("torch", 'sys_platform == "linux"'): RegistrySource(
            url="https://download.pytorch.org/whl/cu121", name="pytorch-cu121"
        ),
        ("torch", 'sys_platform != "darwin" and sys_platform != "linux"'): None,
        ("gauge-drivers", None): PathSource(path="vendor/gauge-drivers", editable=True),
        ("station-maps", None): UrlSource(url="https://files.example.org/station_maps-1.0.tar.gz"),
        ("local-wheel", None): PathSource(path="dist/local_wheel-0.1-py3-none-any.whl"),
    }
    assert by_name(project.optional_dependencies, "gpu")[0].source == RegistrySource(
        url="https://download.pytorch.org/whl/cu121", name="pytorch-cu121"
    )
    assert [(d.name, d.source) for d in by_name(project.dependency_groups, "dev")] == [
        ("pytest", None),
        ("ruff", None),
        ("tidewatch-cli", WorkspaceSource()),
    ]
    assert [i.name for i in project.indexes] == ["pytorch-cpu", "pytorch-cu121"]
    assert all(i.explicit and not i.default for i in project.indexes)
    assert project.workspace_members == ("packages/*",)
    assert [str(c) for c in project.constraints] == ["urllib3<3"]
