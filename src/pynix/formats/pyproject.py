"""PEP 621 ``[project]`` metadata, with ``[build-system]`` and ``[dependency-groups]``.

Spec: https://packaging.python.org/en/latest/specifications/pyproject-toml/
(PEP 621, PEP 639 for ``license``/``license-files``, PEP 735 for groups).

:func:`parse_pep621` reads the standard tables only; tool dialects (uv, PDM,
Poetry) build on it in their own modules.

Traps:

* ``name`` is required and can never be dynamic; any other field is either
  set or listed in ``dynamic``, never both.
* ``license`` is an SPDX expression string (PEP 639) or, in the older form,
  a table with exactly one of ``text`` / ``file``; a ``file`` is reported in
  ``license_files``.
* Extra names are normalized (PEP 685): ``Socks`` and ``socks`` are one
  extra, and two keys that normalize alike are an error.
* ``[project.entry-points]`` must not hold ``console_scripts`` or
  ``gui_scripts``; those are ``[project.scripts]`` / ``[project.gui-scripts]``.

>>> project = parse_pep621(
...     {"project": {"name": "spam", "version": "1.0", "dependencies": ["eggs>=2"]}}
... )
>>> (project.name, project.version, [str(d) for d in project.dependencies])
('spam', '1.0', ['eggs>=2'])
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from packaging.specifiers import SpecifierSet
from packaging.utils import NormalizedName, canonicalize_name

from pynix.errors import PynixError
from pynix.formats._dependencies import parse_dependency_list
from pynix.formats._toml_paths import (
    child,
    expect_list,
    expect_str,
    expect_str_list,
    expect_str_table,
    expect_table,
    invalid,
    item,
    optional,
)
from pynix.formats.build_system import parse_build_system
from pynix.formats.dependency_groups import GroupEntries, read_groups, resolve_groups
from pynix.model import Dependency, Project, ProjectFormat
from pynix.model.project import frozen_mapping
from pynix.standards.names import is_valid_name
from pynix.standards.versions import parse_specifiers, parse_version

__all__ = ["DYNAMIC_FIELDS", "parse_pep621"]

DYNAMIC_FIELDS: Final = frozenset(
    {
        "version", "description", "readme", "requires-python", "license", "license-files",
        "authors", "maintainers", "keywords", "classifiers", "urls", "scripts", "gui-scripts",
        "entry-points", "dependencies", "optional-dependencies", "import-names",
        "import-namespaces",
    }
)  # fmt: skip
"""The ``[project]`` keys PEP 621 allows in ``dynamic`` (everything but ``name``)."""

_PATH = "project"


def parse_pep621(data: Mapping[str, Any], *, group_entries: GroupEntries | None = None) -> Project:
    """Build a :class:`~pynix.model.Project` from a loaded ``pyproject.toml`` mapping.

    ``group_entries`` replaces the ``[dependency-groups]`` entries when a
    dialect has added its own (see :mod:`pynix.formats.dependency_groups`).
    A file without ``[project]`` gives a nameless project that still has its
    build system and groups (a uv virtual workspace root, for instance).

    Raises :class:`~pynix.errors.InvalidProject` (and the ``Invalid*``
    errors of requirement, version and specifier strings), located by key path.
    """
    data = expect_table(data, "")
    if group_entries is None:
        group_entries = read_groups(data.get("dependency-groups"))
    build_system = parse_build_system(data.get("build-system"))
    groups = resolve_groups(group_entries)
    if "project" not in data:
        return Project(
            format=ProjectFormat.PEP621,
            build_system=build_system,
            dependency_groups=frozen_mapping(groups),
            raw=data,
        )
    table = expect_table(data["project"], _PATH)
    dynamic = _dynamic(table)
    _people(table, "maintainers")  # checked only: the model keeps authors
    license_text, license_files = _license(table)
    return Project(
        format=ProjectFormat.PEP621,
        name=_name(table),
        version=_version(table),
        description=optional(table, "description", _PATH, expect_str),
        license=license_text,
        license_files=license_files,
        classifiers=optional(table, "classifiers", _PATH, expect_str_list) or (),
        keywords=optional(table, "keywords", _PATH, expect_str_list) or (),
        authors=_people(table, "authors"),
        urls=frozen_mapping(optional(table, "urls", _PATH, expect_str_table)),
        requires_python=_requires_python(table),
        dependencies=_dependencies(table),
        optional_dependencies=frozen_mapping(_optional_dependencies(table)),
        dependency_groups=frozen_mapping(groups),
        build_system=build_system,
        scripts=frozen_mapping(optional(table, "scripts", _PATH, expect_str_table)),
        gui_scripts=frozen_mapping(optional(table, "gui-scripts", _PATH, expect_str_table)),
        entry_points=frozen_mapping(_entry_points(table)),
        dynamic=dynamic,
        raw=data,
    )


def _dynamic(table: Mapping[str, Any]) -> tuple[str, ...]:
    path = child(_PATH, "dynamic")
    fields = optional(table, "dynamic", _PATH, expect_str_list) or ()
    for index, field in enumerate(fields):
        if field == "name":
            raise invalid(item(path, index), "'name' cannot be dynamic; PEP 621 requires it")
        if field not in DYNAMIC_FIELDS:
            raise invalid(item(path, index), f"{field!r} is not a [project] field")
        if field in table:
            raise invalid(
                child(_PATH, field),
                "set here and also listed in project.dynamic; PEP 621 allows one or the other",
            )
    return fields


def _name(table: Mapping[str, Any]) -> str:
    if "name" not in table:
        raise invalid(child(_PATH, "name"), "missing; PEP 621 requires a name (never dynamic)")
    path = child(_PATH, "name")
    name = expect_str(table["name"], path)
    if not is_valid_name(name):
        raise invalid(path, f"{name!r} is not a valid project name")
    return name


def _version(table: Mapping[str, Any]) -> str | None:
    version = optional(table, "version", _PATH, expect_str)
    if version is not None:
        try:
            parse_version(version)
        except PynixError as error:
            raise error.at(key=child(_PATH, "version")) from None
    return version


def _requires_python(table: Mapping[str, Any]) -> SpecifierSet | None:
    text = optional(table, "requires-python", _PATH, expect_str)
    if text is None:
        return None
    try:
        return parse_specifiers(text)
    except PynixError as error:
        raise error.at(key=child(_PATH, "requires-python")) from None


def _license(table: Mapping[str, Any]) -> tuple[str | None, tuple[str, ...]]:
    files = optional(table, "license-files", _PATH, expect_str_list) or ()
    if "license" not in table:
        return None, files
    path = child(_PATH, "license")
    value = table["license"]
    if isinstance(value, str):
        return value, files
    legacy = expect_table(value, path)
    if len(set(legacy) & {"text", "file"}) != 1:
        raise invalid(path, "expected a table with exactly one of 'text' and 'file'")
    if "text" in legacy:
        return expect_str(legacy["text"], child(path, "text")), files
    return None, (*files, expect_str(legacy["file"], child(path, "file")))


def _people(table: Mapping[str, Any], key: str) -> tuple[str, ...]:
    """``authors``/``maintainers`` tables rendered as ``Name <email>``."""
    path = child(_PATH, key)
    people: list[str] = []
    for index, entry in enumerate(expect_list(table.get(key, []), path)):
        person = expect_table(entry, item(path, index))
        name = optional(person, "name", item(path, index), expect_str)
        email = optional(person, "email", item(path, index), expect_str)
        if name and email:
            people.append(f"{name} <{email}>")
        elif name or email:
            people.append(name or email or "")
    return tuple(people)


def _dependencies(table: Mapping[str, Any]) -> tuple[Dependency, ...]:
    if "dependencies" not in table:
        return ()
    return parse_dependency_list(table["dependencies"], child(_PATH, "dependencies"))


def _optional_dependencies(
    table: Mapping[str, Any],
) -> dict[NormalizedName, tuple[Dependency, ...]]:
    path = child(_PATH, "optional-dependencies")
    extras: dict[NormalizedName, tuple[Dependency, ...]] = {}
    written: dict[NormalizedName, str] = {}
    for extra, entries in expect_table(table.get("optional-dependencies", {}), path).items():
        extra_path = child(path, extra)
        if not is_valid_name(extra):
            raise invalid(extra_path, f"{extra!r} is not a valid extra name")
        normalized = canonicalize_name(extra)
        if normalized in written:
            raise invalid(
                extra_path,
                f"{written[normalized]!r} and {extra!r} name the same extra after normalization",
            )
        written[normalized] = extra
        extras[normalized] = parse_dependency_list(entries, extra_path)
    return extras


def _entry_points(table: Mapping[str, Any]) -> dict[str, Mapping[str, str]]:
    path = child(_PATH, "entry-points")
    groups: dict[str, Mapping[str, str]] = {}
    for group, entries in expect_table(table.get("entry-points", {}), path).items():
        if group in ("console_scripts", "gui_scripts"):
            table_name = "scripts" if group == "console_scripts" else "gui-scripts"
            raise invalid(child(path, group), f"not allowed here; use [project.{table_name}]")
        groups[group] = frozen_mapping(expect_str_table(entries, child(path, group)))
    return groups
