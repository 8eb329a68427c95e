"""Poetry's [tool.poetry]: Poetry 1 tables, Poetry 2 enrichment of [project], notes and errors."""

from __future__ import annotations

from typing import Any

import pytest
from packaging.specifiers import SpecifierSet

from pynix.errors import InvalidMarker, InvalidProject, InvalidSpecifier, InvalidVersion
from pynix.formats.poetry import parse_poetry
from pynix.model import (
    GitSource,
    Index,
    PathSource,
    Project,
    ProjectFormat,
    RegistrySource,
    Source,
    UrlSource,
)
from tests.support.projects import by_name, load_fixture

SOURCE = {"source": [{"name": "corp", "url": "https://corp.example/simple/"}]}

# (id, value of `dep` in [tool.poetry.dependencies], PEP 508 string, source)
DEPENDENCIES: list[tuple[str, object, str, Source | None]] = [
    ("caret", "^1.2", "dep<2.0,>=1.2", None),
    ("star", "*", "dep", None),
    ("table-version-extras", {"version": "~2.1", "extras": ["B", "a"]}, "dep[a,b]<2.2,>=2.1", None),
    ("markers", {"version": ">=1", "markers": "os_name == 'nt'"}, 'dep>=1; os_name == "nt"', None),
    (
        "python-and-platform",
        {"version": "1.0", "python": "^3.9", "platform": "linux || darwin"},
        (
            'dep==1.0; python_version >= "3.9" and python_version < "4.0" and '
            '(sys_platform == "linux" or sys_platform == "darwin")'
        ),
        None,
    ),
    ("platform-not", {"platform": "!=win32"}, 'dep; sys_platform != "win32"', None),
    (
        "markers-and-python",
        {"markers": "implementation_name == 'pypy' or os_name == 'nt'", "python": "<3.11"},
        'dep; (implementation_name == "pypy" or os_name == "nt") and python_version < "3.11"',
        None,
    ),
    (
        "git-tag",
        {"git": "https://g.example/dep.git", "tag": "v1"},
        "dep",
        GitSource(url="https://g.example/dep.git", tag="v1"),
    ),
    (
        "git-rev-subdirectory",
        {"git": "git@g.example:org/mono.git", "rev": "abc", "subdirectory": "dep"},
        "dep",
        GitSource(url="git@g.example:org/mono.git", rev="abc", subdirectory="dep"),
    ),
    (
        "path-develop",
        {"path": "../dep", "develop": True},
        "dep",
        PathSource(path="../dep", editable=True),
    ),
    (
        "path-archive",
        {"path": "dist/dep-1.0.tar.gz"},
        "dep",
        PathSource(path="dist/dep-1.0.tar.gz"),
    ),
    (
        "url",
        {"url": "https://f.example/dep.whl"},
        "dep",
        UrlSource(url="https://f.example/dep.whl"),
    ),
    (
        "source",
        {"version": "^4", "source": "corp"},
        "dep<5,>=4",
        RegistrySource(url="https://corp.example/simple/", name="corp"),
    ),
]

ERRORS: list[tuple[str, dict[str, Any], type[Exception], str]] = [
    (
        "unknown-source",
        {"dependencies": {"dep": {"version": "1", "source": "crop"}}, **SOURCE},
        InvalidProject,
        (
            "tool.poetry.dependencies.dep.source: no [[tool.poetry.source]] is named 'crop' "
            "(known: corp)"
        ),
    ),
    (
        "two-kinds",
        {"dependencies": {"dep": {"git": "x", "path": "y"}}},
        InvalidProject,
        (
            "tool.poetry.dependencies.dep: expected at most one of git, path, url and source "
            "(found git, path)"
        ),
    ),
    (
        "bad-constraint",
        {"dependencies": {"dep": ">= 1.0 <"}},
        InvalidSpecifier,
        "tool.poetry.dependencies.dep: expected a version after '<': >= 1.0 <\n",
    ),
    (
        "bad-table-constraint",
        {"dependencies": {"dep": {"version": "^x"}}},
        InvalidSpecifier,
        "tool.poetry.dependencies.dep.version: not a valid version: ^x\n",
    ),
    (
        "bad-python",
        {"dependencies": {"python": "3.*.1"}},
        InvalidSpecifier,
        "tool.poetry.dependencies.python: not a valid version: 3.*.1\n",
    ),
    (
        "bad-markers",
        {"dependencies": {"dep": {"markers": "os_name =="}}},
        InvalidMarker,
        "tool.poetry.dependencies.dep.markers: ",
    ),
    (
        "bad-name",
        {"dependencies": {"my dep": "*"}},
        InvalidProject,
        "tool.poetry.dependencies.\"my dep\": 'my dep' is not a valid package name",
    ),
    (
        "list-item",
        {"dependencies": {"dep": ["^1"]}},
        InvalidProject,
        "tool.poetry.dependencies.dep[0]: expected a table, got a string",
    ),
    (
        "value-type",
        {"dependencies": {"dep": 1}},
        InvalidProject,
        "tool.poetry.dependencies.dep: expected a table, got an integer",
    ),
    (
        "optional-type",
        {"dependencies": {"dep": {"version": "1", "optional": "yes"}}},
        InvalidProject,
        "tool.poetry.dependencies.dep.optional: expected a boolean, got a string",
    ),
    (
        "group-type",
        {"group": {"dev": ["pytest"]}},
        InvalidProject,
        "tool.poetry.group.dev: expected a table, got an array",
    ),
    (
        "group-name",
        {"group": {"dev tools": {}}},
        InvalidProject,
        "tool.poetry.group.\"dev tools\": 'dev tools' is not a valid dependency group name",
    ),
    (
        "packages",
        {"name": "a", "packages": [{"from": "src"}]},
        InvalidProject,
        "tool.poetry.packages[0].include: missing; a package entry names what to include",
    ),
    ("version", {"name": "a", "version": "latest"}, InvalidVersion, "tool.poetry.version: "),
    (
        "name",
        {"name": "a b"},
        InvalidProject,
        "tool.poetry.name: 'a b' is not a valid project name",
    ),
    (
        "source-name",
        {"name": "a", "source": [{"url": "https://x"}]},
        InvalidProject,
        "tool.poetry.source[0].name: missing; every source needs a name",
    ),
    (
        "source-url",
        {"name": "a", "source": [{"name": "corp"}]},
        InvalidProject,
        "tool.poetry.source[0].url: missing; only the PyPI source may omit it",
    ),
    (
        "script-table",
        {"name": "a", "scripts": {"x": {"extras": []}}},
        InvalidProject,
        "tool.poetry.scripts.x.callable: missing; a script table needs one",
    ),
    (
        "extra-name",
        {"name": "a", "extras": {"a b": []}},
        InvalidProject,
        "tool.poetry.extras.\"a b\": 'a b' is not a valid extra name",
    ),
]


def poetry1(**tables: Any) -> Project:
    return parse_poetry({"tool": {"poetry": {"name": "app", "version": "1.0", **tables}}})


@pytest.mark.parametrize(
    ("value", "requirement", "source"),
    [d[1:] for d in DEPENDENCIES],
    ids=[d[0] for d in DEPENDENCIES],
)
def test_dependency_forms(value: object, requirement: str, source: Source | None) -> None:
    project = poetry1(dependencies={"Dep": value}, **SOURCE)
    (dependency,) = project.dependencies
    assert (str(dependency), dependency.source, dependency.url) == (requirement, source, None)


@pytest.mark.parametrize(
    ("poetry", "error", "message"), [e[1:] for e in ERRORS], ids=[e[0] for e in ERRORS]
)
def test_errors(poetry: dict[str, Any], error: type[Exception], message: str) -> None:
    with pytest.raises(error) as info:
        parse_poetry({"tool": {"poetry": poetry}})
    text = str(info.value)
    if message.endswith((": ", "\n")):  # the rest is packaging's wording and a caret line
        assert text.startswith(message)
    else:
        assert text == message


def test_multiple_constraints_become_one_dependency_each() -> None:
    project = poetry1(
        dependencies={
            "foo": [
                {"version": "<=1.9", "python": ">=3.6,<3.8"},
                {"version": "^2.0", "python": ">=3.8"},
            ]
        }
    )
    assert [str(d) for d in project.dependencies] == [
        'foo<=1.9; python_version >= "3.6" and python_version < "3.8"',
        'foo<3.0,>=2.0; python_version >= "3.8"',
    ]


def test_inexpressible_union_is_widened_with_a_note() -> None:
    project = poetry1(dependencies={"python": "~2.7 || >=3.6", "dep": "<1.5 || >=2.0,<3"})
    assert project.requires_python == SpecifierSet(">=2.7")
    assert project.dependencies[0].specifier == SpecifierSet("<3")
    assert [str(n) for n in project.notes] == [
        (
            "warning: tool.poetry.dependencies.python: '~2.7 || >=3.6' has gaps PEP 440 cannot "
            "express; kept as '>=2.7'"
        ),
        (
            "warning: tool.poetry.dependencies.dep: '<1.5 || >=2.0,<3' has gaps PEP 440 cannot "
            "express; kept as '<3'"
        ),
    ]


def test_extras_and_optional_dependencies() -> None:
    project = poetry1(
        dependencies={
            "a": {"version": "1", "optional": True},
            "b": {"version": "2", "optional": True},
            "c": "3",
        },
        extras={"Full": ["a", "c"], "missing": ["zzz"]},
    )
    assert [d.name for d in project.dependencies] == ["c"]
    assert {k: [d.name for d in v] for k, v in project.optional_dependencies.items()} == {
        "full": ["a", "c"],
        "missing": [],
    }
    assert [n.code for n in project.notes] == [
        "poetry-unknown-extra-member",
        "poetry-orphan-optional",
    ]
    assert str(project.notes[1]) == (
        "warning: tool.poetry.dependencies.b: b is optional but no extra names it, so it is never "
        "installed"
    )


def test_sources_and_priorities() -> None:
    project = poetry1(
        source=[
            {"name": "PyPI", "priority": "primary"},
            {"name": "corp", "url": "https://corp/simple", "priority": "explicit"},
            {"name": "old", "url": "https://old/simple", "default": True},
            {"name": "main", "url": "https://main/simple", "priority": "default"},
        ]
    )
    assert project.indexes == (
        Index(url="https://pypi.org/simple/", name="PyPI"),
        Index(url="https://corp/simple", name="corp", explicit=True),
        Index(url="https://old/simple", name="old", default=True),
        Index(url="https://main/simple", name="main", default=True),
    )


def test_scripts_and_plugins() -> None:
    project = poetry1(
        scripts={
            "run": "app.cli:main",
            "admin": {"callable": "app.admin:main", "extras": ["db", "web"]},
            "tool": {"reference": "bin/tool.sh", "type": "file"},
        },
        plugins={"app.plugins": {"x": "app.x:X"}},
    )
    assert dict(project.scripts) == {"run": "app.cli:main", "admin": "app.admin:main [db, web]"}
    assert dict(project.entry_points["app.plugins"]) == {"x": "app.x:X"}


def test_poetry1_fixture() -> None:
    project = parse_poetry(load_fixture("poetry1-app"))
    assert (project.format, project.name, project.version) == (
        ProjectFormat.POETRY,
        "harbour-master",
        "0.9.3",
    )
    assert project.requires_python == SpecifierSet(">=3.9,<4.0")
    assert project.authors == ("Ines Porto <ines@example.org>", "Harbour Tools")
    assert dict(project.urls) == {
        "Homepage": "https://example.org/harbour",
        "Repository": "https://git.example.org/harbour/master",
    }
    assert [str(d) for d in project.dependencies] == [
        "django<4.3,>=4.2",
        "celery[redis]<6.0,>=5.3",
        "pendulum<4.0,>=2.1",
        "pyyaml==6.0.1",
        'tzdata; sys_platform == "win32"',
        'numpy<1.25; python_version < "3.10"',
        'numpy<2.0,>=1.26; python_version >= "3.10"',
        "harbour-core",
        "tides",
        "charts",
        "internal-auth<5.0,>=4.0",
    ]
    assert {k: [str(d) for d in v] for k, v in project.optional_dependencies.items()} == {
        "monitoring": ["sentry-sdk<2.0,>=1.40"],
        "postgres": ["psycopg[binary]<4.0,>=3.1"],
    }
    assert {k: [str(d) for d in v] for k, v in project.dependency_groups.items()} == {
        "dev": ["pytest<8.0,>=7.4", "pytest-django<5.0,>=4.7"],
        "docs": ["mkdocs<2,>=1.5", 'mkdocs-material<10,>=9; implementation_name == "cpython"'],
    }
    assert [n.code for n in project.notes] == ["poetry-orphan-optional"]
    assert project.build_system is not None
    assert project.build_system.backend == "poetry.core.masonry.api"


def test_poetry2_fixture_enriches_project() -> None:
    project = parse_poetry(load_fixture("poetry2-library"))
    mirror = RegistrySource(url="https://mirror.example.org/simple/", name="mirror")
    assert [(str(d), d.source) for d in project.dependencies] == [
        ("requests<3.0.0,>=2.31.0", mirror),
        ("numpy<3,>=1.26", mirror),
        ("lighthouse-data @ git+https://git.example.org/lighthouse/data.git@v3", None),
    ]
    assert [str(c) for c in project.constraints] == ["numpy<2.0,>=1.26", "matplotlib<4.0,>=3.8"]
    assert project.requires_python == SpecifierSet(">=3.10")
    assert [str(d) for d in by_name(project.dependency_groups, "test")] == [
        "pytest<9.0,>=8.0",
        "hypothesis<6.101,>=6.100",
    ]
    (note,) = project.notes
    assert note.code == "poetry-unused-dependency"
    assert note.subject == "attrs"


def test_poetry2_dynamic_dependencies_come_from_tool_poetry() -> None:
    project = parse_poetry(
        {
            "project": {"name": "app", "dynamic": ["version", "dependencies"]},
            "tool": {
                "poetry": {
                    "version": "2.0.1",
                    "dependencies": {
                        "python": "^3.10",
                        "click": "^8",
                        "rich": {"version": "^13", "optional": True},
                    },
                    "extras": {"pretty": ["rich"]},
                }
            },
        }
    )
    assert (project.version, project.dynamic) == ("2.0.1", ())
    assert [str(d) for d in project.dependencies] == ["click<9,>=8"]
    assert [str(d) for d in by_name(project.optional_dependencies, "pretty")] == ["rich<14,>=13"]
    assert project.requires_python == SpecifierSet(">=3.10,<4.0")


def test_poetry2_groups_enrich_pep735_groups_of_the_same_name() -> None:
    project = parse_poetry(
        {
            "project": {"name": "app", "version": "1"},
            "dependency-groups": {"test": ["pytest>=8"]},
            "tool": {
                "poetry": {
                    "group": {
                        "test": {
                            "dependencies": {"pytest": {"path": "../pytest", "develop": True}}
                        },
                        "lint": {"dependencies": {"ruff": "^0.6"}},
                    },
                    **SOURCE,
                }
            },
        }
    )
    assert [(str(d), d.source) for d in by_name(project.dependency_groups, "test")] == [
        ("pytest>=8", PathSource(path="../pytest", editable=True))
    ]
    assert [str(d) for d in by_name(project.dependency_groups, "lint")] == ["ruff<0.7,>=0.6"]
    assert project.indexes == (Index(url="https://corp.example/simple/", name="corp"),)


def test_poetry2_per_marker_sources_split_like_uv() -> None:
    project = parse_poetry(
        {
            "project": {"name": "app", "version": "1", "dependencies": ["torch==2.3.1"]},
            "tool": {
                "poetry": {
                    "dependencies": {
                        "torch": [
                            {"markers": "sys_platform == 'darwin'", "source": "corp"},
                            {
                                "markers": "sys_platform == 'linux'",
                                "url": "https://t.example/t.whl",
                            },
                        ]
                    },
                    **SOURCE,
                }
            },
        }
    )
    assert [(str(d), type(d.source).__name__) for d in project.dependencies] == [
        ('torch==2.3.1; sys_platform == "darwin"', "RegistrySource"),
        ('torch==2.3.1; sys_platform == "linux"', "UrlSource"),
    ]
