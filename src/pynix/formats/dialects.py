"""Which tool a ``pyproject.toml`` is written for, and the parser that reads it.

pyproject.nix's ``loadPyprojectDynamic`` tells Poetry from PEP 621 files;
pynix also tells PDM and uv apart, because each adds tables of its own
(dev dependencies, sources, indexes). The rule, first match wins:

1. **poetry** -- ``[tool.poetry]`` manages dependencies: without
   ``[project]`` it has ``name``, ``dependencies``, ``group``,
   ``dev-dependencies`` or ``package-mode`` (Poetry 1); with ``[project]`` it
   has ``dependencies``, ``group``, ``dev-dependencies``, ``source`` or
   ``extras``, or the build backend is Poetry's (Poetry 2).
2. **pdm** -- ``[tool.pdm]`` has a key other than ``build`` and ``version``
   (those two configure the pdm-backend build backend, which projects
   managed by other tools use too).
3. **uv** -- ``[tool.uv]`` exists (a virtual workspace root may have nothing else).
4. **pep621** -- ``[project]`` or ``[dependency-groups]`` exists.

Anything else is not a project file: :class:`~pynix.errors.UnknownFormat`.
Only the detected tool's tables are read: a PDM project's stray
``[tool.uv.sources]`` does not change where PDM fetches from.

>>> detect_dialect({"project": {"name": "a"}, "tool": {"pdm": {"build": {}}, "uv": {}}})
<ProjectFormat.UV: 'uv'>
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

from pynix.errors import UnknownFormat
from pynix.formats._toml_paths import expect_table, table_at
from pynix.formats.dependency_groups import add_entries, read_groups
from pynix.formats.pdm import apply_pdm, pdm_group_entries
from pynix.formats.poetry import parse_poetry
from pynix.formats.pyproject import parse_pep621
from pynix.formats.uv import apply_uv, uv_dev_entries
from pynix.model import Project, ProjectFormat

__all__ = ["detect_dialect", "parse_pyproject_toml"]

_POETRY1_KEYS = frozenset({"name", "dependencies", "group", "dev-dependencies", "package-mode"})
_POETRY2_KEYS = frozenset({"dependencies", "group", "dev-dependencies", "source", "extras"})
_PDM_BACKEND_KEYS = frozenset({"build", "version"})


def detect_dialect(data: Mapping[str, Any]) -> ProjectFormat | None:
    """The tool ``data`` (a loaded ``pyproject.toml``) is written for; ``None`` when no project.

    Raises :class:`~pynix.errors.InvalidProject` when a table on the way is
    not a table (``tool = 1``).
    """
    data = expect_table(data, "")
    has_project = "project" in data
    poetry = table_at(data, "tool", "poetry")
    if poetry is not None:
        backend = table_at(data, "build-system") or {}
        poetry_backend = str(backend.get("build-backend", "")).startswith("poetry.")
        keys = _POETRY2_KEYS if has_project else _POETRY1_KEYS
        if (has_project and poetry_backend) or keys & set(poetry):
            return ProjectFormat.POETRY
    pdm = table_at(data, "tool", "pdm")
    if pdm is not None and set(pdm) - _PDM_BACKEND_KEYS:
        return ProjectFormat.PDM
    if table_at(data, "tool", "uv") is not None:
        return ProjectFormat.UV
    if has_project or "dependency-groups" in data:
        return ProjectFormat.PEP621
    return None


def parse_pyproject_toml(data: Mapping[str, Any]) -> Project:
    """Parse a loaded ``pyproject.toml`` in whichever dialect :func:`detect_dialect` finds.

    Raises :class:`~pynix.errors.UnknownFormat` when it is not a project
    file, and the parsers' ``Invalid*`` errors, located by key path.
    """
    dialect = detect_dialect(data)
    if dialect is None:
        raise UnknownFormat(
            "not a project: no [project], [tool.poetry] or [dependency-groups] table",
            hint="a pyproject.toml that only configures tools describes no dependencies",
        )
    if dialect is ProjectFormat.POETRY:
        return parse_poetry(data)
    entries = read_groups(data.get("dependency-groups"))
    notes: tuple[Any, ...] = ()
    if dialect is ProjectFormat.PDM:
        pdm_groups, notes = pdm_group_entries(data)
        for name, group in pdm_groups:
            add_entries(entries, name, group)
        project = apply_pdm(data, parse_pep621(data, group_entries=entries))
    elif dialect is ProjectFormat.UV:
        add_entries(entries, "dev", uv_dev_entries(data))
        project = apply_uv(data, parse_pep621(data, group_entries=entries))
    else:
        project = parse_pep621(data, group_entries=entries)
    return dataclasses.replace(project, format=dialect, notes=notes + project.notes)
