"""PDM's ``[tool.pdm]`` additions to a PEP 621 project: dev-dependency groups and sources.

Spec: PDM's documentation, "Manage Dependencies" and "Configure the project"
(https://pdm-project.org/en/latest/usage/dependency/).

* ``[tool.pdm.dev-dependencies]`` maps group names to arrays of PEP 508
  strings or editable entries (``-e <url or path>``); they become dependency
  groups, appended to ``[dependency-groups]`` groups of the same name.
* ``[[tool.pdm.source]]`` become :attr:`~pynix.model.Project.indexes`; the
  source named ``pypi`` replaces PyPI (``default``).
* ``file:///${PROJECT_ROOT}/<path>`` URLs, anywhere in the dependency tables,
  are paths relative to the project: a :class:`~pynix.model.PathSource`.

Traps:

* An editable entry names its project in one of three ways:
  ``-e name @ <url>``, ``-e <url>#egg=name``, or not at all (``-e ./lib``),
  in which case PDM reads the name from the directory; pynix, which reads
  no files here, takes the directory's name and says so in a note.
* ``type = "find_links"`` sources are not indexes; they are left out, with a note.

>>> groups, notes = pdm_group_entries(
...     {
...         "tool": {
...             "pdm": {"dev-dependencies": {"test": ["-e file:///${PROJECT_ROOT}/lib#egg=lib"]}}
...         }
...     }
... )
>>> [(name, [e for _, e in items][0].source) for name, items in groups]
[('test', PathSource(path='lib', editable=True, virtual=False))]
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from typing import Any

from packaging.utils import canonicalize_name

from pynix.errors import PynixError
from pynix.formats._dependencies import map_dependencies, note, source_from_url
from pynix.formats._toml_paths import (
    child,
    expect_list,
    expect_str,
    expect_table,
    invalid,
    item,
    optional,
    table_at,
)
from pynix.formats.dependency_groups import Entry
from pynix.model import Dependency, Finding, Index, PathSource, Project, Severity, Source
from pynix.model.project import frozen_mapping
from pynix.standards.names import is_valid_name

__all__ = ["apply_pdm", "pdm_group_entries"]

_PATH = "tool.pdm"
_EDITABLE = re.compile(r"^(?:-e|--editable)\s+(?P<target>.+)$")
_PROJECT_ROOT = re.compile(r"^file://(?:/)?\$\{PROJECT_ROOT\}(?:/(?P<path>.*))?$")
_EGG = re.compile(r"[#&]egg=(?P<name>[^&]+)")


def pdm_group_entries(
    data: Mapping[str, Any],
) -> tuple[list[tuple[str, list[Entry]]], tuple[Finding, ...]]:
    """``(group, entries)`` pairs from ``[tool.pdm.dev-dependencies]``, and notes about them.

    Editable entries come back as built :class:`~pynix.model.Dependency`
    values, the other entries as the strings written.
    """
    table = table_at(data, "tool", "pdm", "dev-dependencies")
    if table is None:
        return [], ()
    path = child(_PATH, "dev-dependencies")
    groups: list[tuple[str, list[Entry]]] = []
    notes: list[Finding] = []
    for name, values in table.items():
        group_path = child(path, name)
        if not is_valid_name(name):
            raise invalid(group_path, f"{name!r} is not a valid dependency group name")
        entries: list[Entry] = []
        for index, value in enumerate(expect_list(values, group_path)):
            entry_path = item(group_path, index)
            text = expect_str(value, entry_path)
            editable = _EDITABLE.match(text.strip())
            if editable is None:
                entries.append((entry_path, text))
                continue
            dependency, named_by_directory = _editable(editable.group("target"), entry_path)
            entries.append((entry_path, dependency))
            if named_by_directory:
                notes.append(
                    note(
                        "pdm-editable-name",
                        f"the project name of {text!r} is taken from its directory name",
                        key=entry_path,
                        subject=dependency.name,
                        severity=Severity.INFO,
                        hint="write '-e NAME @ file:///${PROJECT_ROOT}/...' to name it",
                    )
                )
        groups.append((name, entries))
    return groups, tuple(notes)


def apply_pdm(data: Mapping[str, Any], project: Project) -> Project:
    """``project`` (parsed from ``data`` by PEP 621) with ``[tool.pdm]`` applied.

    Raises :class:`~pynix.errors.InvalidProject` for malformed PDM tables.
    """
    pdm = table_at(data, "tool", "pdm")
    if pdm is None:
        return project
    notes: list[Finding] = []
    indexes = _indexes(pdm, notes)
    return dataclasses.replace(
        project,
        dependencies=map_dependencies(project.dependencies, _rooted),
        optional_dependencies=frozen_mapping(
            {k: map_dependencies(v, _rooted) for k, v in project.optional_dependencies.items()}
        ),
        dependency_groups=frozen_mapping(
            {k: map_dependencies(v, _rooted) for k, v in project.dependency_groups.items()}
        ),
        indexes=project.indexes + indexes,
        notes=project.notes + tuple(notes),
    )


def _indexes(pdm: Mapping[str, Any], notes: list[Finding]) -> tuple[Index, ...]:
    path = child(_PATH, "source")
    indexes: list[Index] = []
    for position, entry in enumerate(expect_list(pdm.get("source", []), path)):
        entry_path = item(path, position)
        table = expect_table(entry, entry_path)
        if "url" not in table:
            raise invalid(child(entry_path, "url"), "missing; every source needs a url")
        url = expect_str(table["url"], child(entry_path, "url"))
        name = optional(table, "name", entry_path, expect_str)
        kind = optional(table, "type", entry_path, expect_str) or "index"
        if kind == "find_links":
            notes.append(
                note(
                    "pdm-find-links",
                    f"find-links source {url} is not a package index and is left out",
                    key=entry_path,
                    severity=Severity.INFO,
                )
            )
            continue
        if kind != "index":
            raise invalid(
                child(entry_path, "type"), f"expected 'index' or 'find_links', got {kind!r}"
            )
        indexes.append(Index(url=url, name=name, default=name == "pypi"))
    return tuple(indexes)


def _rooted(dependency: Dependency) -> list[Dependency]:
    """A ``file:///${PROJECT_ROOT}/...`` URL turned into a relative path source."""
    if dependency.url is None:
        return [dependency]
    match = _PROJECT_ROOT.match(dependency.url.partition("#")[0])
    if match is None:
        return [dependency]
    source = PathSource(path=match.group("path") or ".")
    return [dataclasses.replace(dependency, url=None, source=source)]


def _editable(target: str, path: str) -> tuple[Dependency, bool]:
    """An ``-e`` entry (``name @ url``, ``url#egg=name`` or a bare path); true when the
    name is the directory's."""
    target = target.strip()
    if re.match(r"^[A-Za-z0-9][A-Za-z0-9._-]*(\[[^\]]*\])?\s*@", target):
        try:
            parsed = Dependency.parse(target)
        except PynixError as error:
            raise error.at(key=path) from None
        source = _editable_source(parsed.url or "", path)
        return dataclasses.replace(parsed, url=None, source=source, text=target), False
    egg = _EGG.search(target)
    name = egg.group("name") if egg is not None else target.rstrip("/").rpartition("/")[2]
    if not is_valid_name(name):
        raise invalid(path, f"cannot tell the project name of editable entry {target!r}")
    dependency = Dependency(
        name=canonicalize_name(name), source=_editable_source(target, path), text=f"-e {target}"
    )
    return dependency, egg is None


def _editable_source(url: str, path: str) -> Source:
    base = url.partition("#")[0]
    rooted = _PROJECT_ROOT.match(base)
    if rooted is not None:
        return PathSource(path=rooted.group("path") or ".", editable=True)
    if "://" not in base:
        return PathSource(path=base, editable=True)
    source = source_from_url(url)
    if source is None:
        raise invalid(path, f"unsupported URL in editable entry: {url!r}")
    if isinstance(source, PathSource):
        return dataclasses.replace(source, editable=True)
    return source
