"""``pep621.*``: a ``pyproject.toml``'s dependencies, its ``requires-python``, and filtering them.

* ``parseDependencies {pyproject, extrasAttrPaths?, extrasListPaths?,
  groupsAttrPaths?, groupsListPaths?}`` is ``{dependencies, extras, groups,
  build-systems}``, each dependency in ``pep508.parseString``'s shape. The
  project is read by :func:`pynix.formats.pyproject.parse_pep621`, so the
  whole ``[project]`` table is checked as PEP 621 says (a name, ``dynamic``
  rules), PEP 735 groups resolve their ``include-group`` entries (a cycle is
  an error), and extra and group names are normalized (PEP 685, PEP 735).
  The four path options name more tables to read, as in pyproject.nix:
  ``extrasAttrPaths = ["tool.pdm.dev-dependencies"]`` (tables of
  ``{name: [PEP 508 strings]}``), ``extrasListPaths =
  {"tool.uv.dev-dependencies": "dev"}`` (one list, one name), and the same
  for groups. What they add is appended to a table of the same name (the way
  uv and PDM merge their tables), never put in its place.
* ``parseRequiresPython PYPROJECT`` is ``project.requires-python`` as
  ``pep440.parseVersionConds`` gives it; ``[]`` when there is none.
* ``filterDependenciesByEnviron ENVIRON EXTRAS DEPENDENCIES`` keeps the
  dependencies whose markers hold in ``ENVIRON`` (``pep508.mkEnviron``'s
  object) with ``EXTRAS`` selected (``[]``: the environment's own ``extra``,
  if any), evaluated as ``pep508.evalMarkers`` does. The dependencies kept
  are the very objects given.

>>> from pynix.interop import call
>>> pyproject = {"project": {"name": "app", "optional-dependencies": {"Socks": ["PySocks"]}}}
>>> call("pep621.parseDependencies", {"pyproject": pyproject})["extras"]["socks"][0]["name"]
'pysocks'
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any, Final

from packaging.utils import NormalizedName, canonicalize_name

from pynix.errors import PynixError
from pynix.formats.dependency_groups import GroupEntries, add_entries, read_groups
from pynix.formats.pyproject import parse_pep621
from pynix.interop._project_shapes import (
    dependencies_from_json,
    dependencies_to_json,
    optional_str_list,
    read_arguments,
    requires_python_to_json,
)
from pynix.interop._registry import Param, function
from pynix.interop._shapes import JSON, Where, read_list, read_object, read_str
from pynix.interop.pep508 import environ_from_json, markers_hold
from pynix.model import Dependency, Project
from pynix.model.project import frozen_mapping

__all__ = ["PATH_KEYS", "Paths", "load_pep621", "read_paths"]

PATH_KEYS: Final = ("extrasAttrPaths", "extrasListPaths", "groupsAttrPaths", "groupsListPaths")
_PYPROJECT: Final = "a pyproject.toml table"


@dataclasses.dataclass(frozen=True, kw_only=True, slots=True)
class Paths:
    """pyproject.nix's extra tables to read, by dotted key path."""

    extras_attr: tuple[str, ...] = ()
    extras_list: tuple[tuple[str, str], ...] = ()
    groups_attr: tuple[str, ...] = ()
    groups_list: tuple[tuple[str, str], ...] = ()


def read_paths(fields: Mapping[str, JSON], where: Where) -> Paths:
    """The four path options of an argument object (each may be missing)."""
    return Paths(
        extras_attr=tuple(optional_str_list(fields, "extrasAttrPaths", where)),
        extras_list=_named_paths(fields, "extrasListPaths", where),
        groups_attr=tuple(optional_str_list(fields, "groupsAttrPaths", where)),
        groups_list=_named_paths(fields, "groupsListPaths", where),
    )


def _named_paths(fields: Mapping[str, JSON], key: str, where: Where) -> tuple[tuple[str, str], ...]:
    table = read_object(fields.get(key, {}), where / key, "an object of {path: name}")
    return tuple(
        (path, read_str(name, where / key / path, "a name")) for path, name in table.items()
    )


def load_pep621(
    value: JSON,
    where: Where,
    paths: Paths = Paths(),
    groups: GroupEntries | None = None,
) -> Project:
    """Parse a loaded ``pyproject.toml`` (at ``where``) with pynix's PEP 621 loader.

    ``groups`` are the dependency-group entries to start from (a dialect's
    own, already read); the path options add theirs. Errors are located under
    ``where``.
    """
    data = read_object(value, where, _PYPROJECT)
    try:
        entries = read_groups(data.get("dependency-groups")) if groups is None else groups
    except PynixError as error:
        raise where.locate(error) from None
    for path in paths.groups_attr:
        for name, items in _table_at(data, path, where).items():
            add_entries(entries, name, _entries(items, f"{path}.{name}", where))
    for path, name in paths.groups_list:
        add_entries(entries, name, _entries(_list_at(data, path, where), path, where))
    try:
        project = parse_pep621(data, group_entries=entries)
    except PynixError as error:
        raise where.locate(error) from None
    if not paths.extras_attr and not paths.extras_list:
        return project
    extras: dict[NormalizedName, tuple[Dependency, ...]] = dict(project.optional_dependencies)
    added: list[tuple[str, str, list[Any]]] = [
        (name, f"{path}.{name}", items)
        for path in paths.extras_attr
        for name, items in _table_at(data, path, where).items()
    ]
    added += [(name, path, _list_at(data, path, where)) for path, name in paths.extras_list]
    for name, path, items in added:
        deps = tuple(_dependency(text, at) for text, at in _strings(items, path, where))
        if deps:
            key = canonicalize_name(name)
            extras[key] = extras.get(key, ()) + deps
    return dataclasses.replace(project, optional_dependencies=frozen_mapping(extras))


def _path_where(path: str, where: Where) -> Where:
    return Where(where.argument, (*where.path, *path.split(".")))


def _at(data: Mapping[str, Any], path: str, where: Where) -> Any:
    """The value at a dotted key path, or ``None`` when a key on the way is missing."""
    node: Any = data
    at = where
    for key in path.split("."):
        if not isinstance(node, Mapping):
            raise at.error("a table", node)
        if key not in node:
            return None
        node, at = node[key], at / key
    return node


def _table_at(data: Mapping[str, Any], path: str, where: Where) -> Mapping[str, Any]:
    node = _at(data, path, where)
    if node is None:
        return {}
    return read_object(node, _path_where(path, where), "a table of {name: dependencies}")


def _list_at(data: Mapping[str, Any], path: str, where: Where) -> list[Any]:
    node = _at(data, path, where)
    return [] if node is None else read_list(node, _path_where(path, where), "a list")


def _entries(items: Any, path: str, where: Where) -> list[tuple[str, object]]:
    listed = read_list(items, _path_where(path, where), "a list")
    return [(f"{path}[{index}]", item) for index, item in enumerate(listed)]


def _strings(items: list[Any], path: str, where: Where) -> list[tuple[str, Where]]:
    at = _path_where(path, where)
    listed = read_list(items, at, "a list of dependency strings")
    return [
        (read_str(text, at / i, "a dependency string"), at / i) for i, text in enumerate(listed)
    ]


def _dependency(text: str, where: Where) -> Dependency:
    try:
        return Dependency.parse(text)
    except PynixError as error:
        raise where.locate(error) from None


def _parse_dependencies_argument(value: JSON, where: Where) -> JSON:
    fields = read_arguments(
        value, where, "parseDependencies' argument", ("pyproject", *PATH_KEYS), ("pyproject",)
    )
    at = where / "pyproject"
    return dependencies_to_json(load_pep621(fields["pyproject"], at, read_paths(fields, where)), at)


@function("pep621.parseDependencies", Param(name="attrs", convert=_parse_dependencies_argument))
def parse_dependencies(shape: JSON) -> JSON:
    return shape


def _requires_python(value: JSON, where: Where) -> JSON:
    return requires_python_to_json(load_pep621(value, where), where)


@function("pep621.parseRequiresPython", Param(name="pyproject", convert=_requires_python))
def parse_requires_python(conditions: JSON) -> JSON:
    return conditions


def _extras(value: JSON, where: Where) -> list[str]:
    items = read_list(value, where, "a list of extra names")
    return [read_str(item, where / i, "an extra name") for i, item in enumerate(items)]


def _dependencies(value: JSON, where: Where) -> tuple[dict[str, Any], Where]:
    given, _parsed = dependencies_from_json(value, where)  # checks every dependency's shape
    return given, where


@function(
    "pep621.filterDependenciesByEnviron",
    Param(name="environ", convert=environ_from_json),
    Param(name="extras", convert=_extras),
    Param(name="dependencies", convert=_dependencies),
)
def filter_dependencies_by_environ(
    environ: tuple[dict[str, str], list[str] | None],
    extras: list[str],
    dependencies: tuple[dict[str, Any], Where],
) -> JSON:
    env, environ_extras = environ
    selected = extras or environ_extras or []
    given, where = dependencies

    def keep(items: list[JSON], at: Where) -> list[JSON]:
        return [item for i, item in enumerate(items) if _holds(item, env, selected, at / i)]

    return {
        "build-systems": keep(given["build-systems"], where / "build-systems"),
        "dependencies": keep(given["dependencies"], where / "dependencies"),
        "extras": {k: keep(v, where / "extras" / k) for k, v in given["extras"].items()},
        "groups": {k: keep(v, where / "groups" / k) for k, v in given["groups"].items()},
    }


def _holds(item: JSON, env: dict[str, str], extras: list[str], where: Where) -> bool:
    markers = read_object(item, where, "a dependency").get("markers")
    if markers is None:
        return True
    return markers_hold(markers, env, extras, where / "markers")
