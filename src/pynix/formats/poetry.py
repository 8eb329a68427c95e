"""Poetry's ``[tool.poetry]``: Poetry 1 projects, and Poetry 2 ones that also have ``[project]``.

Spec: Poetry's documentation, "The pyproject.toml file" and "Dependency
specification" (https://python-poetry.org/docs/pyproject/).

Poetry 1 keeps everything in ``[tool.poetry]``: metadata, ``dependencies``
(with ``python``), ``group.<name>.dependencies`` (and the legacy
``dev-dependencies``), ``extras``, ``source``. A dependency is a constraint
string (``"^2.28"``), a table (``version``, ``extras``, ``optional``,
``markers``, ``python``, ``platform``, ``source``, or ``git``/``path``/``url``
with their options), or a list of tables for different environments.

Poetry 2 reads ``[project]`` (PEP 621). ``tool.poetry.dependencies`` then only
*enriches* the dependencies ``[project]`` names (a source, a locking
constraint) unless ``dependencies`` is listed in ``project.dynamic``, in which
case it defines them as in Poetry 1. Groups stay in ``[tool.poetry.group]``
(or PEP 735 ``[dependency-groups]``, which Poetry's groups then enrich).

Traps:

* ``optional = true`` dependencies are not installed unless an extra in
  ``[tool.poetry.extras]`` names them: they appear only under those extras.
* ``python = "^3.8"`` on a dependency is a marker
  (``python_version >= "3.8" and python_version < "4.0"``), ``platform`` is
  ``sys_platform``; in the ``dependencies`` table itself ``python`` is the
  project's ``requires-python``.
* A ``||`` union that PEP 440 cannot express is widened to the range around
  it (see :func:`pynix.standards.poetry.hull`), with a note.
* ``Dependency.url`` stays what a PEP 508 string would say: Poetry's
  ``git``/``path``/``url`` tables become :attr:`~pynix.model.Dependency.source`.

>>> project = parse_poetry(
...     {
...         "tool": {
...             "poetry": {
...                 "name": "app",
...                 "version": "1.0",
...                 "dependencies": {"python": "^3.9", "click": "~8.1"},
...             }
...         }
...     }
... )
>>> (str(project.requires_python), [str(d) for d in project.dependencies])
('<4.0,>=3.9', ['click<8.2,>=8.1'])
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

from packaging.markers import Marker
from packaging.specifiers import SpecifierSet
from packaging.utils import NormalizedName, canonicalize_name

from pynix.errors import PynixError
from pynix.formats._dependencies import map_dependencies, note, with_text
from pynix.formats._markers import conjoin, parse_marker
from pynix.formats._poetry_metadata import poetry_metadata
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
from pynix.formats.dependency_groups import add_entries, read_groups
from pynix.formats.pyproject import parse_pep621
from pynix.model import (
    Dependency,
    Finding,
    GitSource,
    Index,
    PathSource,
    Project,
    ProjectFormat,
    RegistrySource,
    Source,
    UrlSource,
)
from pynix.model.project import frozen_mapping
from pynix.standards import poetry as constraints
from pynix.standards.names import is_valid_name

__all__ = ["parse_poetry"]

_PATH = "tool.poetry"
_PYPI = "https://pypi.org/simple/"


@dataclasses.dataclass(frozen=True, slots=True)
class _Entry:
    """One Poetry dependency constraint, translated, with what PEP 508 cannot say."""

    dependency: Dependency
    optional: bool
    has_version: bool


@dataclasses.dataclass(slots=True)
class _Context:
    """What every dependency table needs: the named sources, and where notes go."""

    indexes: Mapping[str, Index]
    notes: list[Finding]


def parse_poetry(data: Mapping[str, Any]) -> Project:
    """Build a :class:`~pynix.model.Project` from a Poetry ``pyproject.toml`` mapping.

    Raises :class:`~pynix.errors.InvalidProject` (and the ``Invalid*`` errors
    of constraint, marker and requirement strings), located by key path.
    """
    data = expect_table(data, "")
    poetry = table_at(data, "tool", "poetry") or {}
    context = _Context(indexes=_indexes(poetry), notes=[])
    groups = _group_tables(poetry)
    if "project" in data:
        return _poetry2(data, poetry, groups, context)
    return _poetry1(data, poetry, groups, context)


def _poetry1(
    data: Mapping[str, Any],
    poetry: Mapping[str, Any],
    groups: list[tuple[str, str, Mapping[str, Any]]],
    context: _Context,
) -> Project:
    entries, requires_python = _main_entries(poetry, context)
    group_entries = read_groups(data.get("dependency-groups"))
    for name, path, table in groups:
        deps = [(path, e.dependency) for e in _dependency_table(table, path, context)]
        add_entries(group_entries, name, deps)
    project = parse_pep621(data, group_entries=group_entries)
    return dataclasses.replace(
        project,
        **poetry_metadata(poetry),
        format=ProjectFormat.POETRY,
        requires_python=requires_python,
        dependencies=tuple(e.dependency for e in entries if not e.optional),
        optional_dependencies=frozen_mapping(_extras(poetry, entries, context)),
        indexes=tuple(context.indexes.values()),
        notes=tuple(context.notes),
    )


def _poetry2(
    data: Mapping[str, Any],
    poetry: Mapping[str, Any],
    groups: list[tuple[str, str, Mapping[str, Any]]],
    context: _Context,
) -> Project:
    group_entries = read_groups(data.get("dependency-groups"))
    enrich_groups: dict[NormalizedName, list[_Entry]] = {}
    for name, path, table in groups:
        translated = _dependency_table(table, path, context)
        if canonicalize_name(name) in group_entries:
            enrich_groups[canonicalize_name(name)] = translated
        else:
            add_entries(group_entries, name, [(path, e.dependency) for e in translated])
    project = parse_pep621(data, group_entries=group_entries)
    entries, python = _main_entries(poetry, context)
    dynamic = project.dynamic
    changes: dict[str, Any] = {}
    if "dependencies" in dynamic:
        changes["dependencies"] = tuple(e.dependency for e in entries if not e.optional)
        if "optional-dependencies" in dynamic or not project.optional_dependencies:
            changes["optional_dependencies"] = frozen_mapping(_extras(poetry, entries, context))
        dynamic = tuple(f for f in dynamic if f not in ("dependencies", "optional-dependencies"))
    else:
        changes.update(_enriched(project, entries, context))
    if "version" in dynamic and "version" in poetry:
        changes["version"] = poetry_metadata(poetry)["version"]
        dynamic = tuple(f for f in dynamic if f != "version")
    groups_enriched = {
        name: _enrich(deps, enrich_groups.get(name, []), [])
        for name, deps in project.dependency_groups.items()
    }
    return dataclasses.replace(
        project,
        **changes,
        format=ProjectFormat.POETRY,
        requires_python=project.requires_python or python,
        dependency_groups=frozen_mapping(groups_enriched),
        dynamic=dynamic,
        scripts=frozen_mapping({**project.scripts, **poetry_metadata(poetry)["scripts"]}),
        indexes=tuple(context.indexes.values()),
        notes=tuple(context.notes),
    )


def _enriched(project: Project, entries: list[_Entry], context: _Context) -> dict[str, Any]:
    """Poetry 2: ``tool.poetry.dependencies`` adds sources and locking constraints only."""
    used: list[NormalizedName] = []
    dependencies = _enrich(project.dependencies, entries, used)
    optional_dependencies = {
        extra: _enrich(deps, entries, used) for extra, deps in project.optional_dependencies.items()
    }
    for entry in entries:
        if entry.dependency.name not in used:
            context.notes.append(
                note(
                    "poetry-unused-dependency",
                    f"{entry.dependency.name} is in tool.poetry.dependencies but not in "
                    "[project]; Poetry 2 uses it only to enrich [project], so it is ignored",
                    key=child(child(_PATH, "dependencies"), entry.dependency.name),
                    subject=entry.dependency.name,
                    hint="add it to project.dependencies, or list dependencies in project.dynamic",
                )
            )
    return {
        "dependencies": dependencies,
        "optional_dependencies": frozen_mapping(optional_dependencies),
        "constraints": tuple(
            with_text(
                Dependency(
                    name=e.dependency.name,
                    specifier=e.dependency.specifier,
                    marker=e.dependency.marker,
                )
            )
            for e in entries
            if e.has_version and e.dependency.name in used
        ),
    }


def _enrich(
    dependencies: tuple[Dependency, ...],
    entries: list[_Entry],
    used: list[NormalizedName],
) -> tuple[Dependency, ...]:
    """Give each dependency the source(s) of the Poetry entries with its name."""

    def change(dependency: Dependency) -> list[Dependency]:
        matching = [e for e in entries if e.dependency.name == dependency.name]
        if not matching:
            return [dependency]
        used.append(dependency.name)
        sourced = [e for e in matching if e.dependency.source is not None]
        if not sourced:
            return [dependency]
        if len(matching) == 1:
            return [dataclasses.replace(dependency, source=sourced[0].dependency.source)]
        return [
            dataclasses.replace(
                dependency,
                source=e.dependency.source,
                marker=conjoin(dependency.marker, e.dependency.marker),
            )
            for e in matching
        ]

    return map_dependencies(dependencies, change)


# -- dependency tables ---------------------------------------------------------------------------


def _main_entries(
    poetry: Mapping[str, Any], context: _Context
) -> tuple[list[_Entry], SpecifierSet | None]:
    path = child(_PATH, "dependencies")
    table = expect_table(poetry.get("dependencies", {}), path)
    requires_python = None
    if "python" in table:
        python_path = child(path, "python")
        requires_python = _specifier(expect_str(table["python"], python_path), python_path, context)
    return _dependency_table(table, path, context), requires_python


def _group_tables(poetry: Mapping[str, Any]) -> list[tuple[str, str, Mapping[str, Any]]]:
    """``(group name, key path, dependency table)`` for every Poetry group, legacy dev first."""
    found: list[tuple[str, str, Mapping[str, Any]]] = []
    if "dev-dependencies" in poetry:
        path = child(_PATH, "dev-dependencies")
        found.append(("dev", path, expect_table(poetry["dev-dependencies"], path)))
    groups_path = child(_PATH, "group")
    for name, group in expect_table(poetry.get("group", {}), groups_path).items():
        group_path = child(groups_path, name)
        if not is_valid_name(name):
            raise invalid(group_path, f"{name!r} is not a valid dependency group name")
        group_table = expect_table(group, group_path)
        optional(group_table, "optional", group_path, expect_bool)
        path = child(group_path, "dependencies")
        found.append((name, path, expect_table(group_table.get("dependencies", {}), path)))
    return found


def _dependency_table(table: Mapping[str, Any], path: str, context: _Context) -> list[_Entry]:
    entries: list[_Entry] = []
    for name, value in table.items():
        if name == "python":
            continue
        name_path = child(path, name)
        if not is_valid_name(name):
            raise invalid(name_path, f"{name!r} is not a valid package name")
        if isinstance(value, list):
            for index, constraint in enumerate(value):
                spec = expect_table(constraint, item(name_path, index))
                entries.append(_entry(name, spec, item(name_path, index), context))
        elif isinstance(value, str):
            entries.append(_entry(name, {"version": value}, name_path, context, bare=True))
        else:
            entries.append(_entry(name, expect_table(value, name_path), name_path, context))
    return entries


def _entry(
    name: str, spec: Mapping[str, Any], path: str, context: _Context, *, bare: bool = False
) -> _Entry:
    version_path = path if bare else child(path, "version")
    version = optional(spec, "version", path, expect_str)
    specifier = SpecifierSet() if version is None else _specifier(version, version_path, context)
    extras = optional(spec, "extras", path, expect_str_list) or ()
    dependency = Dependency(
        name=canonicalize_name(name),
        extras=tuple(sorted({canonicalize_name(e) for e in extras})),
        specifier=specifier,
        marker=_marker(spec, path),
        source=_source(spec, path, context),
    )
    return _Entry(
        dependency=with_text(dependency),
        optional=optional(spec, "optional", path, expect_bool) or False,
        has_version=version is not None and bool(specifier),
    )


def _specifier(text: str, path: str, context: _Context) -> SpecifierSet:
    try:
        alternatives = constraints.parse_constraint(text)
    except PynixError as error:
        raise error.at(key=path) from None
    try:
        return constraints.to_specifier_set(alternatives)
    except PynixError:
        widened = constraints.hull(alternatives)
        context.notes.append(
            note(
                "poetry-union-widened",
                f"{text!r} has gaps PEP 440 cannot express; kept as {str(widened) or 'any'!r}",
                key=path,
            )
        )
        return widened


def _marker(spec: Mapping[str, Any], path: str) -> Marker | None:
    parts: list[Marker | None] = []
    for key in ("markers", "python", "platform"):
        if key not in spec:
            continue
        key_path = child(path, key)
        text = expect_str(spec[key], key_path)
        try:
            if key == "markers":
                parts.append(parse_marker(text))
            elif key == "python":
                parts.append(constraints.python_marker(text))
            else:
                parts.append(_platform_marker(text))
        except PynixError as error:
            raise error.at(key=key_path) from None
    return conjoin(*parts)


def _platform_marker(text: str) -> Marker:
    """Poetry's ``platform = "linux || darwin"`` as ``sys_platform`` comparisons."""
    branches: list[str] = []
    for alternative in text.split("||"):
        value = alternative.strip()
        op = "=="
        if value.startswith("!="):
            op, value = "!=", value[2:].strip()
        elif value.startswith("=="):
            value = value[2:].strip()
        branches.append(f"sys_platform {op} {value!r}")
    return parse_marker(" or ".join(branches))


def _source(spec: Mapping[str, Any], path: str, context: _Context) -> Source | None:
    kinds = [k for k in ("git", "path", "url", "source") if k in spec]
    if len(kinds) > 1:
        raise invalid(
            path, f"expected at most one of git, path, url and source (found {', '.join(kinds)})"
        )
    if not kinds:
        return None
    kind = kinds[0]
    value = expect_str(spec[kind], child(path, kind))
    if kind == "git":
        return GitSource(
            url=value,
            rev=optional(spec, "rev", path, expect_str),
            tag=optional(spec, "tag", path, expect_str),
            branch=optional(spec, "branch", path, expect_str),
            subdirectory=optional(spec, "subdirectory", path, expect_str),
        )
    if kind == "path":
        return PathSource(
            path=value, editable=optional(spec, "develop", path, expect_bool) or False
        )
    if kind == "url":
        return UrlSource(url=value, subdirectory=optional(spec, "subdirectory", path, expect_str))
    index = context.indexes.get(value) or context.indexes.get(value.lower())
    if index is None:
        known = ", ".join(context.indexes) or "none"
        raise invalid(
            child(path, "source"), f"no [[tool.poetry.source]] is named {value!r} (known: {known})"
        )
    return RegistrySource(url=index.url, name=index.name)


def _extras(
    poetry: Mapping[str, Any], entries: list[_Entry], context: _Context
) -> dict[NormalizedName, tuple[Dependency, ...]]:
    """``[tool.poetry.extras]``: each extra lists dependencies of the main table by name."""
    path = child(_PATH, "extras")
    by_name: dict[NormalizedName, list[Dependency]] = {}
    for entry in entries:
        by_name.setdefault(entry.dependency.name, []).append(entry.dependency)
    extras: dict[NormalizedName, tuple[Dependency, ...]] = {}
    named: set[NormalizedName] = set()
    for extra, names in expect_table(poetry.get("extras", {}), path).items():
        extra_path = child(path, extra)
        if not is_valid_name(extra):
            raise invalid(extra_path, f"{extra!r} is not a valid extra name")
        members: list[Dependency] = []
        for index, written in enumerate(expect_str_list(names, extra_path)):
            wanted = canonicalize_name(written.split("[")[0].split(" ")[0].strip())
            if wanted not in by_name:
                context.notes.append(
                    note(
                        "poetry-unknown-extra-member",
                        f"extra {extra!r} names {written!r}, which tool.poetry.dependencies lacks",
                        key=item(extra_path, index),
                        subject=wanted,
                    )
                )
                continue
            named.add(wanted)
            members.extend(by_name[wanted])
        extras[canonicalize_name(extra)] = tuple(members)
    for entry in entries:
        if entry.optional and entry.dependency.name not in named:
            context.notes.append(
                note(
                    "poetry-orphan-optional",
                    f"{entry.dependency.name} is optional but no extra names it, "
                    "so it is never installed",
                    key=child(child(_PATH, "dependencies"), entry.dependency.name),
                    subject=entry.dependency.name,
                )
            )
    return extras


def _indexes(poetry: Mapping[str, Any]) -> dict[str, Index]:
    """``[[tool.poetry.source]]`` by name, with Poetry's priorities mapped to the model."""
    path = child(_PATH, "source")
    indexes: dict[str, Index] = {}
    for position, entry in enumerate(expect_list(poetry.get("source", []), path)):
        entry_path = item(path, position)
        table = expect_table(entry, entry_path)
        if "name" not in table:
            raise invalid(child(entry_path, "name"), "missing; every source needs a name")
        name = expect_str(table["name"], child(entry_path, "name"))
        url = optional(table, "url", entry_path, expect_str)
        if url is None:
            if name.lower() != "pypi":
                raise invalid(child(entry_path, "url"), "missing; only the PyPI source may omit it")
            url = _PYPI
        priority = optional(table, "priority", entry_path, expect_str) or "primary"
        legacy_default = optional(table, "default", entry_path, expect_bool) or False
        optional(table, "secondary", entry_path, expect_bool)
        indexes[name] = Index(
            url=url,
            name=name,
            default=legacy_default or priority == "default",
            explicit=priority == "explicit",
        )
    return indexes
