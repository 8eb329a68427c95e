"""Where a dependency was declared, found again in the project's loaded file (``Project.raw``).

The model keeps dependencies, not their key paths; messages want
``pyproject.toml: project.dependencies[2]``. This module looks the
dependency up in the mapping the loader kept: an array entry is found by its
text (as the user wrote it) or, failing that, by its name; a Poetry table
entry by its key. When nothing matches (requirements files keep no mapping,
a PDM ``-e`` line is rewritten) the location names the table in the model's
terms: ``dependencies``, ``optional-dependencies.<extra>``,
``dependency-groups.<group>``, ``build-system.requires``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from pathlib import PurePath
from typing import Any

from packaging.utils import NormalizedName, canonicalize_name

from pynix.errors import Location
from pynix.model import Dependency, Project, ProjectFormat

__all__ = [
    "BUILD",
    "DEPENDENCIES",
    "GROUPS",
    "OPTIONAL",
    "declared_at",
    "declared_python",
    "table_key",
]

DEPENDENCIES = "dependencies"
OPTIONAL = "optional-dependencies"
GROUPS = "dependency-groups"
BUILD = "build-system.requires"

_BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")
_LEADING_NAME = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)")


def table_key(table: str, name: str | None) -> str:
    """The model's name for a table: ``optional-dependencies.socks``, ``dependencies``."""
    return table if name is None else _child(table, name)


def declared_at(
    project: Project, table: str, name: NormalizedName | None, dependency: Dependency
) -> Location:
    """The file and key path where ``dependency`` of ``table`` (extra/group ``name``) is written."""
    file = project.source_file
    if project.format is ProjectFormat.SETUP_CFG and table == BUILD:
        # The loader took [build-system] from the pyproject.toml beside setup.cfg.
        file = None if file is None else str(PurePath(file).with_name("pyproject.toml"))
        return Location(file=file, key=BUILD)
    raw = project.raw
    if raw is not None:
        for path, container in _candidates(project.format, raw, table, name):
            key = _find(path, container, dependency)
            if key is not None:
                return Location(file=file, key=key)
    if project.format is ProjectFormat.REQUIREMENTS_TXT and table == DEPENDENCIES:
        return Location(file=file)
    return Location(file=file, key=table_key(table, name))


def _candidates(
    kind: ProjectFormat, raw: Mapping[str, Any], table: str, name: NormalizedName | None
) -> Iterator[tuple[str, object]]:
    """``(key path, array or table)`` pairs that may hold the dependency, likeliest first."""
    if kind is ProjectFormat.SETUP_CFG:
        yield from _setup_cfg(raw, table, name)
        return
    if kind is ProjectFormat.SCRIPT:
        if table == DEPENDENCIES:
            yield DEPENDENCIES, raw.get("dependencies")
        return
    project = _table(raw.get("project"))
    poetry = _table(_table(raw.get("tool")).get("poetry"))
    if table == DEPENDENCIES:
        yield "project.dependencies", project.get("dependencies")
        yield "tool.poetry.dependencies", poetry.get("dependencies")
    elif table == OPTIONAL:
        yield from _named("project.optional-dependencies", project.get(OPTIONAL), name)
        yield "tool.poetry.dependencies", poetry.get("dependencies")
    elif table == GROUPS:
        yield from _groups(raw, poetry, name)
    elif table == BUILD:
        yield BUILD, _table(raw.get("build-system")).get("requires")


def _groups(
    raw: Mapping[str, Any], poetry: Mapping[str, Any], name: NormalizedName | None
) -> Iterator[tuple[str, object]]:
    groups = _table(raw.get(GROUPS))
    # The group itself first, then the others: an include-group entry brings in
    # dependencies that are written in the group it includes.
    yield from _named(GROUPS, groups, name)
    for key, value in groups.items():
        if canonicalize_name(key) != name:
            yield _child(GROUPS, key), value
    tool = _table(raw.get("tool"))
    if name == "dev":
        yield "tool.uv.dev-dependencies", _table(tool.get("uv")).get("dev-dependencies")
        yield "tool.poetry.dev-dependencies", poetry.get("dev-dependencies")
    yield from _named(
        "tool.pdm.dev-dependencies", _table(tool.get("pdm")).get("dev-dependencies"), name
    )
    for key, value in _table(poetry.get("group")).items():
        if canonicalize_name(key) == name:
            yield (
                _child(_child("tool.poetry.group", key), "dependencies"),
                _table(value).get("dependencies"),
            )


def _setup_cfg(
    raw: Mapping[str, Any], table: str, name: NormalizedName | None
) -> Iterator[tuple[str, object]]:
    # setup.cfg values are multi-line strings: the key is found, not the line within it.
    if table == DEPENDENCIES:
        yield from _string_key("options", _table(raw.get("options")), "install_requires")
    elif table == OPTIONAL:
        extras = _table(raw.get("options.extras_require"))
        for key in extras:
            if canonicalize_name(key) == name:
                yield from _string_key("options.extras_require", extras, key)


def _string_key(path: str, section: Mapping[str, Any], key: str) -> Iterator[tuple[str, object]]:
    if isinstance(section.get(key), str):
        yield _child(path, key), {"": section[key]}


def _named(path: str, value: object, name: NormalizedName | None) -> Iterator[tuple[str, object]]:
    for key, entries in _table(value).items():
        if canonicalize_name(key) == name:
            yield _child(path, key), entries


def _find(path: str, container: object, dependency: Dependency) -> str | None:
    if isinstance(container, list | tuple):  # tomllib gives lists; some parsers keep tuples
        strings = [(i, e) for i, e in enumerate(container) if isinstance(e, str)]
        for index, entry in strings:
            if entry.strip() == dependency.text.strip():
                return f"{path}[{index}]"
        for index, entry in strings:
            if _leading_name(entry) == dependency.name:
                return f"{path}[{index}]"
        return None
    if isinstance(container, Mapping):
        if list(container) == [""]:  # a setup.cfg value: the key itself
            text = container[""]
            # One requirement per line, or several separated by ";" (setuptools' list-semi).
            names = {_leading_name(part) for part in re.split(r"[\n;]", str(text))}
            return path if dependency.name in names else None
        for key in container:
            if canonicalize_name(key) == dependency.name:
                return _child(path, key)
    return None


def _leading_name(entry: str) -> NormalizedName | None:
    match = _LEADING_NAME.match(entry)
    return canonicalize_name(match.group(1)) if match else None


def _table(value: object) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _child(path: str, key: str) -> str:
    shown = key if _BARE_KEY.match(key) else '"' + key.replace('"', '\\"') + '"'
    return f"{path}.{shown}"


def declared_python(project: Project) -> Location:
    """Where ``requires-python`` is written, in the project's own format."""
    key = {
        ProjectFormat.POETRY: "tool.poetry.dependencies.python",
        ProjectFormat.SETUP_CFG: "options.python_requires",
        ProjectFormat.SCRIPT: "requires-python",
    }.get(project.format, "project.requires-python")
    # Poetry 2 projects may write it in [project] instead.
    raw = project.raw or {}
    if project.format is ProjectFormat.POETRY and "requires-python" in _table(raw.get("project")):
        key = "project.requires-python"
    return Location(file=project.source_file, key=key)
