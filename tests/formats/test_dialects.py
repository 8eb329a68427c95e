"""Which tool a pyproject.toml is written for, and that only that tool's tables are read."""

from __future__ import annotations

from typing import Any

import pytest

from pynix.errors import InvalidProject, UnknownFormat
from pynix.formats.dialects import detect_dialect, parse_pyproject_toml
from pynix.model import ProjectFormat

PROJECT = {"name": "app", "version": "1"}
POETRY_BACKEND = {"requires": ["poetry-core"], "build-backend": "poetry.core.masonry.api"}

# (id, pyproject mapping, detected dialect)
DIALECTS: list[tuple[str, dict[str, Any], ProjectFormat | None]] = [
    ("pep621", {"project": PROJECT}, ProjectFormat.PEP621),
    ("groups-only", {"dependency-groups": {"dev": []}}, ProjectFormat.PEP621),
    ("poetry1-name", {"tool": {"poetry": {"name": "app"}}}, ProjectFormat.POETRY),
    ("poetry1-no-package", {"tool": {"poetry": {"package-mode": False}}}, ProjectFormat.POETRY),
    ("poetry-config-only", {"tool": {"poetry": {"packages": []}}}, None),
    (
        "poetry2-groups",
        {"project": PROJECT, "tool": {"poetry": {"group": {}}}},
        ProjectFormat.POETRY,
    ),
    (
        "poetry2-backend",
        {"project": PROJECT, "tool": {"poetry": {"packages": []}}, "build-system": POETRY_BACKEND},
        ProjectFormat.POETRY,
    ),
    (
        "stray-poetry-table",
        {"project": PROJECT, "tool": {"poetry": {"packages": []}, "uv": {}}},
        ProjectFormat.UV,
    ),
    ("pdm", {"project": PROJECT, "tool": {"pdm": {"dev-dependencies": {}}}}, ProjectFormat.PDM),
    (
        "pdm-backend-config-with-uv",
        {"project": PROJECT, "tool": {"pdm": {"build": {}, "version": {}}, "uv": {}}},
        ProjectFormat.UV,
    ),
    (
        "pdm-backend-config-only",
        {"project": PROJECT, "tool": {"pdm": {"build": {}}}},
        ProjectFormat.PEP621,
    ),
    ("uv", {"project": PROJECT, "tool": {"uv": {"package": False}}}, ProjectFormat.UV),
    ("uv-virtual-root", {"tool": {"uv": {"workspace": {"members": ["a"]}}}}, ProjectFormat.UV),
    ("tools-only", {"tool": {"black": {}}}, None),
    ("empty", {}, None),
]


@pytest.mark.parametrize(
    ("data", "dialect"), [d[1:] for d in DIALECTS], ids=[d[0] for d in DIALECTS]
)
def test_detect_dialect(data: dict[str, Any], dialect: ProjectFormat | None) -> None:
    assert detect_dialect(data) is dialect


def test_tool_table_of_the_wrong_type() -> None:
    with pytest.raises(InvalidProject, match=r"^tool\.uv: expected a table, got a string$"):
        detect_dialect({"project": PROJECT, "tool": {"uv": "yes"}})


def test_not_a_project() -> None:
    with pytest.raises(UnknownFormat) as info:
        parse_pyproject_toml({"tool": {"black": {}}})
    assert str(info.value) == (
        "not a project: no [project], [tool.poetry] or [dependency-groups] table\n"
        "  hint: a pyproject.toml that only configures tools describes no dependencies"
    )


def test_only_the_detected_tools_tables_are_read() -> None:
    project = parse_pyproject_toml(
        {
            "project": {**PROJECT, "dependencies": ["dep"]},
            "tool": {
                "pdm": {"dev-dependencies": {"test": ["pytest"]}},
                "uv": {"sources": {"dep": {"path": "../dep"}}, "dev-dependencies": ["ruff"]},
            },
        }
    )
    assert project.format is ProjectFormat.PDM
    assert project.dependencies[0].source is None
    assert {k: [d.name for d in v] for k, v in project.dependency_groups.items()} == {
        "test": ["pytest"]
    }


def test_a_virtual_uv_root_has_no_name_but_members() -> None:
    project = parse_pyproject_toml(
        {"tool": {"uv": {"workspace": {"members": ["packages/*"]}, "dev-dependencies": ["ruff"]}}}
    )
    assert (project.name, project.format, project.workspace_members) == (
        None,
        ProjectFormat.UV,
        ("packages/*",),
    )
    assert [d.name for v in project.dependency_groups.values() for d in v] == ["ruff"]
