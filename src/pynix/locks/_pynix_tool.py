"""The ``[tool.pynix]`` tables of a pylock.toml: what PEP 751 cannot spell, kept for pynix.

PEP 751 lets tools keep their own data under ``tool.<name>``; other readers
ignore it. pynix writes, per package, ``[packages.tool.pynix]`` with

* ``dependencies``: the package's edges, each ``{ name, version, extras,
  marker, source }`` (only the keys that are set);
* ``optional-dependencies`` and ``dependency-groups``: extra or group name
  -> such edges;
* ``marker``: the pin's own marker when the written ``marker`` is a
  different one (``""`` for none);
* ``source``: the source, when the standard keys lose part of it (an
  index's name; whether a git reference is a tag or a branch), as a table
  with ``kind`` = ``registry``, ``url``, ``git``, ``path`` or ``workspace``
  and the fields of :mod:`pynix.model.source`.

Reading these tables checks them as strictly as the rest of the file.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from packaging.markers import Marker
from packaging.utils import NormalizedName

from pynix.locks._common import parse_marker, parse_name
from pynix.locks._toml import (
    Table,
    expected,
    fail,
    get_bool,
    get_str,
    get_str_list,
    get_table,
    item,
    key_path,
    require_str,
)
from pynix.model.lock import LockedDependency, LockedPackage
from pynix.model.project import frozen_mapping
from pynix.model.source import (
    GitSource,
    PathSource,
    RegistrySource,
    Source,
    UrlSource,
    WorkspaceSource,
)

__all__ = ["edge_groups_from_toml", "edges_from_toml", "source_from_toml", "tool_table"]


def edge_groups_from_toml(
    table: Table, key: str, path: str
) -> Mapping[NormalizedName, tuple[LockedDependency, ...]]:
    """``table[key]``: extra or group name -> edges."""
    groups = get_table(table, key, path) or {}
    where = key_path(path, key)
    return frozen_mapping(
        {
            parse_name(group, key_path(where, group)): edges_from_toml(
                groups[group], key_path(where, group)
            )
            for group in groups
        }
    )


def edges_from_toml(value: object, path: str) -> tuple[LockedDependency, ...]:
    """An array of edge tables."""
    if not isinstance(value, list):
        raise expected(path, "an array", value)
    edges = []
    for index, entry in enumerate(value):
        where = item(path, index)
        if not isinstance(entry, Mapping):
            raise expected(where, "a table", entry)
        edges.append(_edge_from_toml(entry, where))
    return tuple(edges)


def _edge_from_toml(table: Table, path: str) -> LockedDependency:
    extras_path = key_path(path, "extras")
    marker = get_str(table, "marker", path)
    source = table.get("source")
    return LockedDependency(
        name=parse_name(require_str(table, "name", path), key_path(path, "name")),
        extras=tuple(
            parse_name(e, item(extras_path, i))
            for i, e in enumerate(get_str_list(table, "extras", path))
        ),
        marker=parse_marker(marker, key_path(path, "marker")) if marker else None,
        version=get_str(table, "version", path),
        source=source_from_toml(source, key_path(path, "source")) if source is not None else None,
    )


def source_from_toml(value: object, path: str) -> Source:
    """A ``{ kind = ..., ... }`` source table."""
    if not isinstance(value, Mapping):
        raise expected(path, "a table", value)
    kind = require_str(value, "kind", path)
    if kind == "registry":
        return RegistrySource(
            url=require_str(value, "url", path), name=get_str(value, "name", path)
        )
    if kind == "url":
        return UrlSource(
            url=require_str(value, "url", path), subdirectory=get_str(value, "subdirectory", path)
        )
    if kind == "git":
        return GitSource(
            url=require_str(value, "url", path),
            rev=get_str(value, "rev", path),
            tag=get_str(value, "tag", path),
            branch=get_str(value, "branch", path),
            commit=get_str(value, "commit", path),
            subdirectory=get_str(value, "subdirectory", path),
        )
    if kind == "path":
        return PathSource(
            path=require_str(value, "path", path),
            editable=bool(get_bool(value, "editable", path)),
            virtual=bool(get_bool(value, "virtual", path)),
        )
    if kind == "workspace":
        return WorkspaceSource(editable=get_bool(value, "editable", path) is not False)
    raise fail(
        key_path(path, "kind"),
        f"unknown source kind {kind!r} (expected registry, url, git, path or workspace)",
    )


def tool_table(package: LockedPackage, marker: Marker | None) -> dict[str, Any]:
    """The ``[packages.tool.pynix]`` table of ``package`` written with ``marker`` (may be empty)."""
    tool: dict[str, Any] = {}
    if package.dependencies:
        tool["dependencies"] = [_edge_to_toml(e) for e in package.dependencies]
    for key, groups in (
        ("optional-dependencies", package.optional_dependencies),
        ("dependency-groups", package.dependency_groups),
    ):
        if groups:
            tool[key] = {name: [_edge_to_toml(e) for e in groups[name]] for name in sorted(groups)}
    if package.marker != marker:
        tool["marker"] = str(package.marker) if package.marker is not None else ""
    source = package.source
    lossy = (isinstance(source, RegistrySource) and source.name is not None) or (
        isinstance(source, GitSource) and (source.tag is not None or source.branch is not None)
    )
    if lossy:
        tool["source"] = _source_to_toml(source)
    return tool


def _edge_to_toml(edge: LockedDependency) -> dict[str, Any]:
    table: dict[str, Any] = {"name": edge.name}
    if edge.version is not None:
        table["version"] = edge.version
    if edge.extras:
        table["extras"] = list(edge.extras)
    if edge.marker is not None:
        table["marker"] = str(edge.marker)
    if edge.source is not None:
        table["source"] = _source_to_toml(edge.source)
    return table


def _source_to_toml(source: Source) -> dict[str, Any]:
    if isinstance(source, RegistrySource):
        fields: dict[str, Any] = {"kind": "registry", "url": source.url, "name": source.name}
    elif isinstance(source, UrlSource):
        fields = {"kind": "url", "url": source.url, "subdirectory": source.subdirectory}
    elif isinstance(source, GitSource):
        fields = {
            "kind": "git",
            "url": source.url,
            "rev": source.rev,
            "tag": source.tag,
            "branch": source.branch,
            "commit": source.commit,
            "subdirectory": source.subdirectory,
        }
    elif isinstance(source, PathSource):
        fields = {
            "kind": "path",
            "path": source.path,
            "editable": source.editable or None,
            "virtual": source.virtual or None,
        }
    else:
        fields = {"kind": "workspace", "editable": source.editable}
    return {key: value for key, value in fields.items() if value is not None}
