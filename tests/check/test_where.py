"""Where a dependency was declared, found again in each format's loaded mapping.

Projects are parsed from inline text with the format parsers (no files), and
given a ``source_file`` as the loader would.
"""

from __future__ import annotations

import dataclasses
import tomllib

import pytest
from packaging.utils import canonicalize_name

from pynix.check._where import declared_python
from pynix.check.dependencies import select_dependencies
from pynix.formats.dialects import parse_pyproject_toml
from pynix.formats.inline_script import parse_script, script_to_project
from pynix.formats.setup_cfg import parse_setup_cfg
from pynix.model import BuildSystem, Dependency, Project, ProjectFormat

PEP621 = """
[project]
name = "demo"
version = "1"
requires-python = ">=3.11"
dependencies = ["requests >= 2.31", "Zope.Interface>=6", "numpy; python_version >= '3.10'"]

[project.optional-dependencies]
"Fast.Path" = ["orjson"]

[dependency-groups]
test = ["pytest>=8"]
dev = [{include-group = "test"}, "ruff"]

[build-system]
requires = ["hatchling"]
build-backend = "hatchling.build"
"""

POETRY = """
[tool.poetry]
name = "demo"
version = "1"
description = ""
authors = []

[tool.poetry.dependencies]
python = "^3.11"
"zope.interface" = "^6"
orjson = { version = "^3", optional = true }

[tool.poetry.extras]
fast = ["orjson"]

[tool.poetry.dev-dependencies]
pytest = "^8"

[tool.poetry.group.docs.dependencies]
mkdocs = "^1.5"
"""

POETRY2 = """
[project]
name = "demo"
version = "1"
requires-python = ">=3.11"
dependencies = ["requests>=2"]

[tool.poetry.group.test.dependencies]
pytest = "^8"
"""

PDM = """
[project]
name = "demo"
version = "1"
dependencies = []

[tool.pdm.dev-dependencies]
lint = ["ruff>=0.4"]
"""

UV = """
[project]
name = "demo"
version = "1"
dependencies = []

[tool.uv]
dev-dependencies = ["pytest>=8"]
"""

SETUP_CFG = """
[metadata]
name = demo
version = 1

[options]
python_requires = >=3.9
install_requires = crcmod>=1.7; pyserial>=3.5

[options.extras_require]
Docs =
    sphinx>=6
"""

SCRIPT = """\
# /// script
# requires-python = ">=3.11"
# dependencies = ["rich", "typer>=0.12"]
# ///
"""


def pyproject(text: str, file: str = "pyproject.toml") -> Project:
    return dataclasses.replace(parse_pyproject_toml(tomllib.loads(text)), source_file=file)


def locations(project: Project, **options: list[str]) -> list[str]:
    chosen = select_dependencies(project, **options)
    return [f"{d.dependency.name} @ {d.location}" for d in chosen.dependencies]


# (id, project, extras, groups, "<name> @ <location>" of every covered dependency)
CASES: list[tuple[str, Project, list[str], list[str], list[str]]] = [
    (
        "pep621-by-text-and-quoted-keys",
        pyproject(PEP621),
        ["fast-path"],
        ["dev"],
        [
            "requests @ pyproject.toml: project.dependencies[0]",
            "zope-interface @ pyproject.toml: project.dependencies[1]",
            "numpy @ pyproject.toml: project.dependencies[2]",
            'orjson @ pyproject.toml: project.optional-dependencies."Fast.Path"[0]',
            "pytest @ pyproject.toml: dependency-groups.test[0]",
            "ruff @ pyproject.toml: dependency-groups.dev[1]",
            "hatchling @ pyproject.toml: build-system.requires[0]",
        ],
    ),
    (
        "an-included-group-is-covered-once",
        pyproject(PEP621),
        [],
        ["test", "dev"],
        [
            "requests @ pyproject.toml: project.dependencies[0]",
            "zope-interface @ pyproject.toml: project.dependencies[1]",
            "numpy @ pyproject.toml: project.dependencies[2]",
            "pytest @ pyproject.toml: dependency-groups.test[0]",
            "ruff @ pyproject.toml: dependency-groups.dev[1]",
            "hatchling @ pyproject.toml: build-system.requires[0]",
        ],
    ),
    (
        "poetry-tables-by-key",
        pyproject(POETRY),
        ["fast"],
        ["dev", "docs"],
        [
            'zope-interface @ pyproject.toml: tool.poetry.dependencies."zope.interface"',
            "orjson @ pyproject.toml: tool.poetry.dependencies.orjson",
            "pytest @ pyproject.toml: tool.poetry.dev-dependencies.pytest",
            "mkdocs @ pyproject.toml: tool.poetry.group.docs.dependencies.mkdocs",
        ],
    ),
    (
        "poetry2-project-table-and-poetry-groups",
        pyproject(POETRY2),
        [],
        ["test"],
        [
            "requests @ pyproject.toml: project.dependencies[0]",
            "pytest @ pyproject.toml: tool.poetry.group.test.dependencies.pytest",
        ],
    ),
    (
        "pdm-dev-dependencies",
        pyproject(PDM),
        [],
        ["lint"],
        ["ruff @ pyproject.toml: tool.pdm.dev-dependencies.lint[0]"],
    ),
    (
        "uv-legacy-dev-dependencies",
        pyproject(UV),
        [],
        ["dev"],
        ["pytest @ pyproject.toml: tool.uv.dev-dependencies[0]"],
    ),
    (
        "setup-cfg-keys",
        dataclasses.replace(parse_setup_cfg(SETUP_CFG), source_file="lib/setup.cfg"),
        ["docs"],
        [],
        [
            "crcmod @ lib/setup.cfg: options.install_requires",
            "pyserial @ lib/setup.cfg: options.install_requires",
            "sphinx @ lib/setup.cfg: options.extras_require.Docs",
        ],
    ),
    (
        "pep723-script",
        script_to_project(parse_script(SCRIPT, name="tool.py")),
        [],
        [],
        ["rich @ tool.py: dependencies[0]", "typer @ tool.py: dependencies[1]"],
    ),
]


@pytest.mark.parametrize(
    ("project", "extras", "groups", "expected"),
    [row[1:] for row in CASES],
    ids=[row[0] for row in CASES],
)
def test_locations(
    project: Project, extras: list[str], groups: list[str], expected: list[str]
) -> None:
    assert locations(project, extras=extras, groups=groups) == expected


def test_without_a_mapping_the_table_is_named() -> None:
    project = Project(
        format=ProjectFormat.PEP621,
        name="demo",
        source_file="pyproject.toml",
        dependencies=(Dependency.parse("a"),),
        optional_dependencies={canonicalize_name("x"): (Dependency.parse("b"),)},
        dependency_groups={canonicalize_name("g"): (Dependency.parse("c"),)},
    )
    assert locations(project, extras=["x"], groups=["g"]) == [
        "a @ pyproject.toml: dependencies",
        "b @ pyproject.toml: optional-dependencies.x",
        "c @ pyproject.toml: dependency-groups.g",
    ]


def test_a_requirements_file_is_located_by_its_name_alone() -> None:
    project = Project(
        format=ProjectFormat.REQUIREMENTS_TXT,
        source_file="requirements.txt",
        dependencies=(Dependency.parse("a==1"),),
    )
    assert locations(project) == ["a @ requirements.txt"]


def test_setup_cfg_build_system_is_in_the_pyproject_beside_it() -> None:
    # The loader takes [build-system] from the pyproject.toml next to setup.cfg.
    project = dataclasses.replace(
        parse_setup_cfg(SETUP_CFG),
        source_file="lib/setup.cfg",
        build_system=BuildSystem(requires=(Dependency.parse("setuptools>=61"),)),
    )
    assert locations(project)[-1] == "setuptools @ lib/pyproject.toml: build-system.requires"


# (id, project, where requires-python is written)
PYTHON: list[tuple[str, Project, str]] = [
    ("pep621", pyproject(PEP621), "pyproject.toml: project.requires-python"),
    ("poetry1", pyproject(POETRY), "pyproject.toml: tool.poetry.dependencies.python"),
    ("poetry2", pyproject(POETRY2), "pyproject.toml: project.requires-python"),
    (
        "setup-cfg",
        dataclasses.replace(parse_setup_cfg(SETUP_CFG), source_file="setup.cfg"),
        "setup.cfg: options.python_requires",
    ),
    ("script", script_to_project(parse_script(SCRIPT, name="tool.py")), "tool.py: requires-python"),
]


@pytest.mark.parametrize(
    ("project", "expected"), [row[1:] for row in PYTHON], ids=[row[0] for row in PYTHON]
)
def test_requires_python_location(project: Project, expected: str) -> None:
    assert str(declared_python(project)) == expected
