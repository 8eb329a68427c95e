"""uv's ``[tool.uv]`` additions to a PEP 621 project: sources, indexes, workspace, dev dependencies.

Spec: uv's documentation, "Managing dependencies" and "Settings"
(https://docs.astral.sh/uv/concepts/projects/dependencies/).

* ``tool.uv.dev-dependencies`` is the legacy spelling of the ``dev``
  dependency group; uv appends it to ``[dependency-groups] dev``.
* ``[tool.uv.sources]`` says where a dependency named in the standard tables
  comes from during development: ``git`` (with ``rev``/``tag``/``branch``,
  ``subdirectory``), ``path`` (with ``editable``), ``url``,
  ``workspace = true``, or ``index = "<name>"``. It becomes
  :attr:`~pynix.model.Dependency.source`.
* ``[[tool.uv.index]]`` (and the legacy ``index-url``/``extra-index-url``)
  become :attr:`~pynix.model.Project.indexes`.
* ``[tool.uv.workspace] members`` are glob patterns, kept as written;
  expanding them reads the disk, which :mod:`pynix.load` does.
* ``constraint-dependencies`` become :attr:`~pynix.model.Project.constraints`.

Traps:

* A source may be limited by ``marker``, ``extra`` or ``group``, and a
  dependency may have a list of such sources. pynix models it as uv does:
  one dependency per source, its marker joined with the source's, plus the
  dependency from the default index where no source marker holds (uv's
  fallback). When that remainder cannot be written in PEP 508 (a marker with
  ``~=`` or ``===``), the fallback is left out and a note says so.
* ``extra``/``group`` limits apply to the dependency as it appears in that
  extra or group only.

>>> from pynix.formats.pyproject import parse_pep621
>>> data = {
...     "project": {"name": "app", "version": "1", "dependencies": ["httpx"]},
...     "tool": {
...         "uv": {
...             "sources": {"httpx": {"git": "https://github.com/encode/httpx", "tag": "0.27.0"}}
...         }
...     },
... }
>>> project = apply_uv(data, parse_pep621(data))
>>> project.dependencies[0].source.tag
'0.27.0'
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from typing import Any

from packaging.markers import Marker
from packaging.utils import NormalizedName, canonicalize_name

from pynix.errors import PynixError
from pynix.formats._dependencies import map_dependencies, note, parse_dependency_list
from pynix.formats._markers import conjoin, negate, parse_marker
from pynix.formats._toml_paths import (
    child,
    expect_bool,
    expect_list,
    expect_str,
    expect_str_list,
    expect_table,
    invalid,
    item,
    optional,
    table_at,
)
from pynix.formats.dependency_groups import Entry
from pynix.model import (
    Dependency,
    Finding,
    GitSource,
    Index,
    PathSource,
    Project,
    RegistrySource,
    Source,
    UrlSource,
    WorkspaceSource,
)
from pynix.model.project import frozen_mapping

__all__ = ["apply_uv", "uv_dev_entries"]

_PATH = "tool.uv"
_KINDS = ("git", "path", "url", "index", "workspace")


@dataclasses.dataclass(frozen=True, slots=True)
class _SourceEntry:
    """One entry of ``[tool.uv.sources]``, with where it applies."""

    source: Source
    marker: Marker | None
    extra: NormalizedName | None
    group: NormalizedName | None


def uv_dev_entries(data: Mapping[str, Any]) -> list[Entry]:
    """The entries of ``tool.uv.dev-dependencies``, for the ``dev`` dependency group."""
    uv = table_at(data, "tool", "uv")
    if uv is None or "dev-dependencies" not in uv:
        return []
    path = child(_PATH, "dev-dependencies")
    entries = expect_list(uv["dev-dependencies"], path)
    return [(item(path, i), value) for i, value in enumerate(entries)]


def apply_uv(data: Mapping[str, Any], project: Project) -> Project:
    """``project`` (parsed from ``data`` by PEP 621) with ``[tool.uv]`` applied.

    Raises :class:`~pynix.errors.InvalidProject` for malformed uv tables and
    for a source naming an index that ``[[tool.uv.index]]`` does not define.
    """
    uv = table_at(data, "tool", "uv")
    if uv is None:
        return project
    indexes = _indexes(uv)
    sources = _sources(uv, indexes)
    notes: list[Finding] = []

    def apply(
        extra: NormalizedName | None, group: NormalizedName | None
    ) -> Callable[[Dependency], list[Dependency]]:
        return lambda dependency: _with_sources(dependency, sources, extra, group, notes)

    workspace = table_at(data, "tool", "uv", "workspace")
    members: tuple[str, ...] = ()
    if workspace is not None:
        members = optional(workspace, "members", child(_PATH, "workspace"), expect_str_list) or ()
        optional(workspace, "exclude", child(_PATH, "workspace"), expect_str_list)
    constraints: tuple[Dependency, ...] = ()
    if "constraint-dependencies" in uv:
        constraints = parse_dependency_list(
            uv["constraint-dependencies"], child(_PATH, "constraint-dependencies")
        )
    return dataclasses.replace(
        project,
        dependencies=map_dependencies(project.dependencies, apply(None, None)),
        optional_dependencies=frozen_mapping(
            {
                extra: map_dependencies(deps, apply(extra, None))
                for extra, deps in project.optional_dependencies.items()
            }
        ),
        dependency_groups=frozen_mapping(
            {
                group: map_dependencies(deps, apply(None, group))
                for group, deps in project.dependency_groups.items()
            }
        ),
        indexes=project.indexes + tuple(indexes.values()) + _legacy_indexes(uv),
        workspace_members=project.workspace_members + members,
        constraints=project.constraints + constraints,
        notes=project.notes + _unique(notes),
    )


def _unique(notes: list[Finding]) -> tuple[Finding, ...]:
    return tuple(dict.fromkeys(notes))


# -- indexes -------------------------------------------------------------------------------------


def _indexes(uv: Mapping[str, Any]) -> dict[str, Index]:
    """``[[tool.uv.index]]`` by name (unnamed ones under their position)."""
    path = child(_PATH, "index")
    indexes: dict[str, Index] = {}
    for position, entry in enumerate(expect_list(uv.get("index", []), path)):
        entry_path = item(path, position)
        table = expect_table(entry, entry_path)
        if "url" not in table:
            raise invalid(child(entry_path, "url"), "missing; every index needs a url")
        name = optional(table, "name", entry_path, expect_str)
        indexes[name if name is not None else f"#{position}"] = Index(
            url=expect_str(table["url"], child(entry_path, "url")),
            name=name,
            default=optional(table, "default", entry_path, expect_bool) or False,
            explicit=optional(table, "explicit", entry_path, expect_bool) or False,
        )
    return indexes


def _legacy_indexes(uv: Mapping[str, Any]) -> tuple[Index, ...]:
    extra = optional(uv, "extra-index-url", _PATH, expect_str_list) or ()
    default = optional(uv, "index-url", _PATH, expect_str)
    return tuple(Index(url=url) for url in extra) + (
        (Index(url=default, default=True),) if default is not None else ()
    )


# -- sources -------------------------------------------------------------------------------------


def _sources(
    uv: Mapping[str, Any], indexes: Mapping[str, Index]
) -> dict[NormalizedName, tuple[_SourceEntry, ...]]:
    path = child(_PATH, "sources")
    sources: dict[NormalizedName, tuple[_SourceEntry, ...]] = {}
    for name, value in expect_table(uv.get("sources", {}), path).items():
        name_path = child(path, name)
        if isinstance(value, list):
            entries = tuple(
                _source_entry(e, item(name_path, i), indexes) for i, e in enumerate(value)
            )
        else:
            entries = (_source_entry(value, name_path, indexes),)
        sources[canonicalize_name(name)] = entries
    return sources


def _source_entry(value: object, path: str, indexes: Mapping[str, Index]) -> _SourceEntry:
    table = expect_table(value, path)
    kinds = [kind for kind in _KINDS if kind in table]
    if len(kinds) != 1:
        found = ", ".join(kinds) if kinds else "none"
        raise invalid(path, f"expected exactly one of {', '.join(_KINDS)} (found {found})")
    marker = None
    if "marker" in table:
        marker_path = child(path, "marker")
        try:
            marker = parse_marker(expect_str(table["marker"], marker_path))
        except PynixError as error:
            raise error.at(key=marker_path) from None
    extra = optional(table, "extra", path, expect_str)
    group = optional(table, "group", path, expect_str)
    return _SourceEntry(
        source=_source(kinds[0], table, path, indexes),
        marker=marker,
        extra=canonicalize_name(extra) if extra is not None else None,
        group=canonicalize_name(group) if group is not None else None,
    )


def _source(kind: str, table: Mapping[str, Any], path: str, indexes: Mapping[str, Index]) -> Source:
    where = child(path, kind)
    if kind == "git":
        refs = [ref for ref in ("rev", "tag", "branch") if ref in table]
        if len(refs) > 1:
            raise invalid(
                path, f"expected at most one of rev, tag and branch (found {', '.join(refs)})"
            )
        return GitSource(
            url=expect_str(table["git"], where),
            rev=optional(table, "rev", path, expect_str),
            tag=optional(table, "tag", path, expect_str),
            branch=optional(table, "branch", path, expect_str),
            subdirectory=optional(table, "subdirectory", path, expect_str),
        )
    if kind == "path":
        return PathSource(
            path=expect_str(table["path"], where),
            editable=optional(table, "editable", path, expect_bool) or False,
        )
    if kind == "url":
        return UrlSource(
            url=expect_str(table["url"], where),
            subdirectory=optional(table, "subdirectory", path, expect_str),
        )
    if kind == "workspace":
        if expect_bool(table["workspace"], where) is not True:
            raise invalid(where, "expected true; remove the source to use the default index")
        editable = optional(table, "editable", path, expect_bool)
        return WorkspaceSource(editable=True if editable is None else editable)
    name = expect_str(table["index"], where)
    if name not in indexes:
        named = [n for n in indexes if not n.startswith("#")]
        error = invalid(where, f"no [[tool.uv.index]] is named {name!r}")
        error.hint = "defined: " + ", ".join(named) if named else "add a [[tool.uv.index]] table"
        raise error
    return RegistrySource(url=indexes[name].url, name=name)


def _with_sources(
    dependency: Dependency,
    sources: Mapping[NormalizedName, tuple[_SourceEntry, ...]],
    extra: NormalizedName | None,
    group: NormalizedName | None,
    notes: list[Finding],
) -> list[Dependency]:
    """``dependency`` with its uv source(s); several dependencies when sources have markers."""
    entries = [
        e
        for e in sources.get(dependency.name, ())
        if (e.extra is None or e.extra == extra) and (e.group is None or e.group == group)
    ]
    if not entries:
        return [dependency]
    if len(entries) == 1 and entries[0].marker is None:
        return [dataclasses.replace(dependency, source=entries[0].source)]
    split = [
        dataclasses.replace(
            dependency, source=e.source, marker=conjoin(dependency.marker, e.marker)
        )
        for e in entries
    ]
    if any(e.marker is None for e in entries):
        return split
    negated = [negate(e.marker) for e in entries if e.marker is not None]
    if any(n is None for n in negated):
        notes.append(
            note(
                "uv-source-fallback",
                f"{dependency.name}: where none of its source markers hold, uv uses the default "
                "index; that remainder cannot be written as a PEP 508 marker and is left out",
                key=child(child(_PATH, "sources"), dependency.name),
                subject=dependency.name,
            )
        )
        return split
    fallback = dataclasses.replace(dependency, marker=conjoin(dependency.marker, *negated))
    return [*split, fallback]
