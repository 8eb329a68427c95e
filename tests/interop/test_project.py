"""``project.load*``: loaded project files as pyproject.nix's project object, and ``pynix lib``."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path
from typing import Any

import pytest

from pynix.cli import main
from pynix.errors import InvalidArgument, InvalidProject, InvalidRequirementsFile, UnknownFormat
from pynix.interop import JSON, call
from tests.interop._vectors import cond, dig, dumps, error, req, run, vector

PROJECTS = Path(__file__).resolve().parents[1] / "fixtures" / "projects"

PEP621: JSON = {
    "project": {
        "name": "app",
        "requires-python": ">=3.10",
        "dependencies": ["click>=8"],
        "optional-dependencies": {"fast": ["orjson"]},
    },
    "dependency-groups": {"dev": ["ruff"]},
    "build-system": {"requires": ["flit_core>=3.9"], "build-backend": "flit_core.buildapi"},
}
PEP621_DEPENDENCIES: JSON = {
    "build-systems": [req("flit-core", cond(">=", "3.9", [3, 9]))],
    "dependencies": [req("click", cond(">=", "8", [8]))],
    "extras": {"fast": [req("orjson")]},
    "groups": {"dev": [req("ruff")]},
}
UV: JSON = {
    "project": {"name": "app"},
    "dependency-groups": {"dev": ["ruff"]},
    "tool": {"uv": {"dev-dependencies": ["mypy"], "sources": {"ruff": {"git": "https://g/ruff"}}}},
}
PDM: JSON = {
    "project": {"name": "ferry", "optional-dependencies": {"test": ["hypothesis"]}},
    "tool": {
        "pdm": {
            "dev-dependencies": {
                "test": [
                    "pytest>=8",
                    "-e file:///${PROJECT_ROOT}/libs/testkit#egg=ferry-testkit",
                    "-e ferry-fixtures @ file:///${PROJECT_ROOT}/libs/fixtures",
                ]
            }
        }
    },
}
PDM_DEPENDENCIES: JSON = {
    "build-systems": [],
    "dependencies": [],
    "extras": {"test": [req("hypothesis")]},
    "groups": {
        "test": [
            req("pytest", cond(">=", "8", [8])),
            req("ferry-testkit", url="file:///${PROJECT_ROOT}/libs/testkit#egg=ferry-testkit"),
            req("ferry-fixtures", url="file:///${PROJECT_ROOT}/libs/fixtures"),
        ]
    },
}
POETRY: JSON = {
    "tool": {
        "poetry": {
            "name": "harbour",
            "version": "1.0",
            "dependencies": {"python": "~3.11", "click": "^8.1"},
        }
    }
}
POETRY_LOADED: JSON = {
    "dependencies": {
        "build-systems": [],
        "dependencies": [req("click", cond(">=", "8.1", [8, 1]), cond("<", "9.0", [9, 0]))],
        "extras": {},
        "groups": {},
    },
    "projectRoot": None,
    "pyproject": {
        "project": {
            "name": "harbour",
            "requires-python": ">=3.11,<3.12",
            "urls": {},
            "version": "1.0",
        },
        "tool": POETRY["tool"],  # type: ignore[index,call-overload]
    },
    "pyproject-poetry": POETRY,
    "requires-python": [cond(">=", "3.11", [3, 11]), cond("<", "3.12", [3, 12])],
}

VECTORS: list[Any] = [
    vector(
        "project.loadPyproject",
        {"pyproject": PEP621, "projectRoot": "/home/ines/app"},
        expected={
            "dependencies": PEP621_DEPENDENCIES,
            "projectRoot": "/home/ines/app",
            "pyproject": PEP621,
            "requires-python": [cond(">=", "3.10", [3, 10])],
        },
        id="pep621",
    ),
    vector(
        "project.loadPyproject",
        {"pyproject": UV, "groupsListPaths": {"tool.uv.dev-dependencies": "dev"}},
        expected={
            "dependencies": {
                "build-systems": [],
                "dependencies": [],
                "extras": {},
                "groups": {"dev": [req("ruff"), req("mypy")]},
            },
            "projectRoot": None,
            "pyproject": UV,
            "requires-python": [],
        },
        id="with-path-options",
    ),
    vector(
        "project.loadUVPyproject",
        {"pyproject": UV},
        expected={
            "dependencies": {
                "build-systems": [],
                "dependencies": [],
                "extras": {},
                "groups": {"dev": [req("ruff"), req("mypy")]},
            },
            "projectRoot": None,
            "pyproject": UV,
            "requires-python": [],
        },
        id="uv-dev-dependencies",
    ),
    vector(
        "project.loadPDMPyproject",
        {"pyproject": PDM},
        expected={
            "dependencies": PDM_DEPENDENCIES,
            "projectRoot": None,
            "pyproject": PDM,
            "requires-python": [],
        },
        id="pdm-dev-groups",
    ),
    vector(
        "project.loadPoetryPyproject", {"pyproject": POETRY}, expected=POETRY_LOADED, id="poetry"
    ),
    vector(
        "project.loadRequirementsTxt",
        {"requirements": "click>=8\n# tests\npytest\n", "projectRoot": "."},
        expected={
            "dependencies": {
                "build-systems": [],
                "dependencies": [req("click", cond(">=", "8", [8])), req("pytest")],
                "extras": {},
                "groups": {},
            },
            "projectRoot": ".",
            "pyproject": None,
            "requires-python": None,
        },
        id="requirements",
    ),
    vector(
        "project.loadPyprojectDynamic",
        {"pyproject": POETRY},
        expected=POETRY_LOADED,
        id="dynamic-poetry",
    ),
    vector(
        "project.loadPyprojectDynamic",
        {"pyproject": PDM},
        expected={
            "dependencies": PDM_DEPENDENCIES,
            "projectRoot": None,
            "pyproject": PDM,
            "requires-python": [],
        },
        id="dynamic-pdm",
    ),
    vector(
        "project.loadPyprojectDynamic",
        {"pyproject": PEP621, "projectRoot": None},
        expected={
            "dependencies": PEP621_DEPENDENCIES,
            "projectRoot": None,
            "pyproject": PEP621,
            "requires-python": [cond(">=", "3.10", [3, 10])],
        },
        id="dynamic-pep621",
    ),
]

ERRORS: list[Any] = [
    error(
        "project.loadPyproject",
        {"projectRoot": "./app"},
        kind=InvalidArgument,
        message="argument 1: missing key 'pyproject' in loadPyproject's argument\n"
        "  hint: pynix reads no files here: pass the file's contents",
        id="no-pyproject",
    ),
    error(
        "project.loadRequirementsTxt",
        {"projectRoot": "./app"},
        kind=InvalidArgument,
        message="argument 1: missing key 'requirements' in loadRequirementsTxt's argument\n"
        "  hint: pynix reads no files here: pass the file's contents",
        id="no-requirements",
    ),
    error(
        "project.loadUVPyproject",
        {"pyproject": UV, "groupsListPaths": {}},
        kind=InvalidArgument,
        message="argument 1, groupsListPaths: unknown key in loadUVPyproject's argument\n"
        "  hint: known keys: projectRoot, pyproject",
        id="uv-takes-no-paths",
    ),
    error(
        "project.loadPDMPyproject",
        {"pyproject": PDM, "projectRoot": 1},
        kind=InvalidArgument,
        message="argument 1, projectRoot: expected a path string or null, got 1",
        id="root-not-a-string",
    ),
    error(
        "project.loadPyprojectDynamic",
        {"pyproject": {"tool": {"black": {"line-length": 100}}}},
        kind=UnknownFormat,
        message="argument 1, pyproject: not a project:"
        " no [project], [tool.poetry] or [dependency-groups] table",
        id="not-a-project",
    ),
    error(
        "project.loadPoetryPyproject",
        {"pyproject": {"tool": {"poetry": {"name": "x", "dependencies": ["click"]}}}},
        kind=InvalidProject,
        message="argument 1, pyproject.tool.poetry.dependencies: expected a table, got an array",
        id="poetry-dependencies-not-a-table",
    ),
    error(
        "project.loadRequirementsTxt",
        {"requirements": "click\n--hash=sha256:ab\n"},
        kind=InvalidRequirementsFile,
        message="argument 1, requirements, line 2: malformed hash 'sha256:ab':"
        " a sha256 digest is 64 hex digits",
        id="requirements-line",
    ),
]


@pytest.mark.parametrize(("name", "args", "expected"), VECTORS)
def test_vectors(name: str, args: tuple[JSON, ...], expected: JSON) -> None:
    run(name, args, expected)


@pytest.mark.parametrize(("name", "args", "kind", "message"), ERRORS)
def test_errors(name: str, args: tuple[JSON, ...], kind: type[Exception], message: str) -> None:
    with pytest.raises(kind) as info:
        call(name, *args)
    assert str(info.value) == message


def test_the_fixture_pdm_service_is_detected_as_pdm() -> None:
    data = tomllib.loads((PROJECTS / "pdm-service" / "pyproject.toml").read_text())
    loaded = call("project.loadPyprojectDynamic", {"pyproject": data})
    assert dumps(loaded) == dumps(call("project.loadPDMPyproject", {"pyproject": data}))
    assert sorted(dig(loaded, "dependencies", "groups")) == ["lint", "test", "tools"]


def test_pynix_lib_loads_a_requirements_file(capsys: pytest.CaptureFixture[str]) -> None:
    argument = json.dumps({"requirements": "click>=8\n", "projectRoot": "."})
    assert main(["lib", "project.loadRequirementsTxt", argument]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    assert out == (
        '{"dependencies":{"build-systems":[],"dependencies":[{"conditions":[{"op":">=",'
        '"version":{"dev":null,"epoch":0,"local":null,"post":null,"pre":null,"release":[8],'
        '"str":"8"}}],"extras":[],"markers":null,"name":"click","url":null}],"extras":{},'
        '"groups":{}},"projectRoot":".","pyproject":null,"requires-python":null}\n'
    )


def test_pynix_lib_reports_a_bad_project_in_one_or_two_lines(
    capsys: pytest.CaptureFixture[str],
) -> None:
    argument = json.dumps({"pyproject": {"project": {"name": "app", "dependencies": ["x >="]}}})
    assert main(["lib", "project.loadPyproject", argument]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.splitlines()[0] == (
        "pynix: error: argument 1, pyproject.project.dependencies[0]:"
        " expected semicolon (after name with no version specifier) or end: x >="
    )
    assert len(err.splitlines()) == 2
