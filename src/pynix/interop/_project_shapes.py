"""The shapes the project namespaces share: dependency lists, argument objects, TOML values.

pyproject.nix's ``pep621.parseDependencies`` (and every ``project.load*``)
describes a project's dependencies as::

    {
        "dependencies": [<parseString shape>, ...],
        "extras": {"<extra>": [<parseString shape>, ...]},
        "groups": {"<group>": [<parseString shape>, ...]},
        "build-systems": [<parseString shape>, ...],
    }

Here a :class:`~pynix.model.Project` (what pynix's loaders build) becomes
that shape, and the shape becomes a ``Project`` again for the validators.
A dependency written as a PEP 508 string keeps the string's order of extras
and conditions (:func:`pynix.interop.pep508.requirement_to_json`); one built
from a tool's table (Poetry's ``{version = "^2.0", extras = [...]}``) is
written out from its fields.

Extra and group keys are the normalized names (PEP 685, PEP 735), as pynix's
loaders key them.

The readers of argument objects (``{"pyproject": {...}, "projectRoot": ...}``)
and the conversion of TOML values to JSON (dates become their text) are
here too.
"""

from __future__ import annotations

import datetime
import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, Final

from packaging.markers import Marker
from packaging.specifiers import InvalidSpecifier as _PackagingInvalidSpecifier
from packaging.specifiers import Specifier, SpecifierSet
from packaging.utils import NormalizedName, canonicalize_name

from pynix.errors import InvalidMarker, InvalidSpecifier, Location, PynixError, Unsupported
from pynix.interop._marker_tree import markers_to_json, tree_from_json
from pynix.interop._shapes import (
    JSON,
    Where,
    read_list,
    read_object,
    read_optional_str,
    read_str,
    version_text_from_json,
)
from pynix.interop.pep440 import conditions_to_json, specifiers_to_json
from pynix.interop.pep508 import requirement_to_json
from pynix.model import BuildSystem, Dependency, Project, ProjectFormat, UrlSource
from pynix.model.project import frozen_mapping
from pynix.standards.markers import from_packaging, parse_marker, to_string
from pynix.standards.names import is_valid_name

__all__ = [
    "DEPENDENCY_KEYS",
    "REQUIREMENT_KEYS",
    "dependencies_from_json",
    "dependencies_to_json",
    "dependency_from_json",
    "dependency_to_json",
    "fields_to_json",
    "optional_str_list",
    "project_from_dependencies",
    "ranked",
    "read_arguments",
    "relocate",
    "requires_python_to_json",
    "toml_to_json",
    "written_to_json",
]

DEPENDENCY_KEYS: Final = ("build-systems", "dependencies", "extras", "groups")
REQUIREMENT_KEYS: Final = ("conditions", "extras", "markers", "name", "url")
_OPERATORS: Final = ("~=", "==", "!=", "<=", ">=", "<", ">", "===")
_REQUIREMENT: Final = "a dependency (pep508.parseString's object)"
_REQUIREMENT_HINT: Final = "make it with pep508.parseString"
_RANK: Final = {">=": 0, ">": 0, "~=": 1, "==": 1, "===": 1, "!=": 2, "<=": 3, "<": 3}
_EDITABLE: Final = re.compile(r"^(?:-e|--editable)\s+(?P<target>.+)$")

ToJSON = Callable[[Dependency], dict[str, JSON]]


# -- model to shape ------------------------------------------------------------------------------


def written_to_json(dependency: Dependency) -> dict[str, JSON]:
    """The ``parseString`` shape of a dependency whose ``text`` is its PEP 508 string as written.

    >>> written_to_json(Dependency.parse("Foo[b,a]>=1,<2"))["extras"]
    ['b', 'a']
    """
    return requirement_to_json(dependency.text)


def fields_to_json(dependency: Dependency) -> dict[str, JSON]:
    """The ``parseString`` shape of a dependency built from a tool's table, from its fields.

    Conditions are in :func:`ranked` order (``>=`` before ``<`` for Poetry's
    ``^``); extras are the model's (normalized, sorted); ``url`` is the URL
    of a direct reference or of a URL source (Poetry's ``{url = ...}``).
    Raises :class:`~pynix.errors.InvalidMarker` for a marker that compares
    two strings, which pyproject.nix's tree cannot evaluate either.

    >>> from packaging.specifiers import SpecifierSet
    >>> dep = Dependency(name="click", specifier=SpecifierSet(">=8.1,<8.2"))
    >>> [c["op"] for c in fields_to_json(dep)["conditions"]]
    ['>=', '<']
    """
    markers: JSON = None
    if dependency.marker is not None:
        try:
            from_packaging(dependency.marker)  # the checks requirement_to_json makes
        except InvalidMarker as error:
            raise InvalidMarker(error.message, text=str(dependency.marker)) from None
        markers = markers_to_json(dependency.marker)
    return {
        "conditions": specifiers_to_json(ranked(dependency.specifier), Where()),
        "extras": list(dependency.extras),
        "markers": markers,
        "name": dependency.name,
        "url": _url(dependency),
    }


def _url(dependency: Dependency) -> str | None:
    # Poetry's {url = "..."} is a direct reference (name @ url); git and path tables have no
    # PEP 508 URL of their own, and pyproject.nix's shape no place for them.
    source = dependency.source
    if dependency.url is None and isinstance(source, UrlSource):
        return source.url
    return dependency.url


def ranked(specifiers: Iterable[Specifier]) -> list[Specifier]:
    """Specifiers in the order ranges are written: lower bounds, pins and exclusions, upper bounds.

    A ``SpecifierSet`` cannot keep its written order (``packaging`` sorts it
    in place the first time it is printed, hashed or compared), so conditions
    that were not written as text get this order, which does not depend on
    what happened to the set.

    >>> [str(s) for s in ranked(SpecifierSet("<2,!=1.5,>=1"))]
    ['>=1', '!=1.5', '<2']
    """
    return sorted(specifiers, key=lambda s: (_RANK[s.operator], str(s)))


def dependency_to_json(dependency: Dependency, *, tool: bool = False) -> dict[str, JSON]:
    """The ``parseString`` shape of any dependency of a loaded project.

    A dependency still described by the PEP 508 string it was written as is
    converted from that string (:func:`written_to_json`), keeping its order
    of extras and conditions. ``tool`` says that dependencies whose text is
    their own normal form were built from a tool's table (Poetry's loader
    writes that text), so they, like those changed since they were written
    (a Poetry 2 marker joined with its source's), are converted from their
    fields (:func:`fields_to_json`). PDM's editable entries (``-e ./lib``,
    ``-e git+https://...#egg=lib``) have the target as written for ``url``.

    >>> dependency_to_json(Dependency.parse("Foo[b, a]<2,>=1"))["extras"]
    ['b', 'a']
    """
    text = dependency.text
    if not text or (tool and text == str(dependency)):
        return fields_to_json(dependency)
    editable = _EDITABLE.match(text)
    if editable is not None:
        shape = fields_to_json(dependency)
        shape["url"] = editable.group("target").strip()
        return shape
    try:
        written = Dependency.parse(text)
    except PynixError:
        return fields_to_json(dependency)
    if _same_requirement(written, dependency):
        return written_to_json(dependency)
    return fields_to_json(dependency)


def _same_requirement(left: Dependency, right: Dependency) -> bool:
    # The URL is left out: a tool may have moved it into the dependency's source.
    return (
        left.name == right.name
        and set(left.extras) == set(right.extras)
        and left.specifier == right.specifier
        and str(left.marker) == str(right.marker)
    )


def dependencies_to_json(project: Project, where: Where) -> dict[str, JSON]:
    """pyproject.nix's ``{dependencies, extras, groups, build-systems}`` of a loaded project.

    Each dependency is converted by :func:`dependency_to_json`; build
    requirements are PEP 508 strings as written. A project
    without ``[build-system]`` has no build requirements here (pynix's model
    assumes setuptools then; the file declares nothing). Errors are located
    under ``where`` (the ``pyproject`` table) by table and position.
    """
    build = project.build_system
    requires = build.requires if build is not None and build.declared else ()
    tool = project.format is ProjectFormat.POETRY

    def convert(dependency: Dependency) -> dict[str, JSON]:
        return dependency_to_json(dependency, tool=tool)

    return {
        "build-systems": _list(requires, where / "build-system" / "requires", written_to_json),
        "dependencies": _list(project.dependencies, where / "project" / "dependencies", convert),
        "extras": {
            name: _list(deps, where / "project" / "optional-dependencies" / name, convert)
            for name, deps in project.optional_dependencies.items()
        },
        "groups": {
            name: _list(deps, where / "dependency-groups" / name, convert, indexed=False)
            for name, deps in project.dependency_groups.items()
        },
    }


def requires_python_to_json(project: Project, where: Where) -> list[JSON]:
    """``requires-python`` as ``pep440.parseVersionConds`` gives it; ``[]`` when there is none.

    The text as written when the file has ``project.requires-python``;
    otherwise (Poetry's ``python`` dependency, translated) in :func:`ranked` order.
    """
    table = (project.raw or {}).get("project")
    text = table.get("requires-python") if isinstance(table, Mapping) else None
    if isinstance(text, str):
        return conditions_to_json(text, where / "project" / "requires-python")
    if project.requires_python is None:
        return []
    return specifiers_to_json(ranked(project.requires_python), where)


def _list(
    dependencies: Iterable[Dependency], where: Where, convert: ToJSON, *, indexed: bool = True
) -> list[JSON]:
    shapes: list[JSON] = []
    for index, dependency in enumerate(dependencies):
        try:
            shapes.append(convert(dependency))
        except PynixError as error:
            # A group's list has its includes resolved: a position would point elsewhere.
            raise (where / index if indexed else where).locate(error) from None
    return shapes


# -- shape to model ------------------------------------------------------------------------------


def dependency_from_json(value: JSON, where: Where) -> Dependency:
    """Read a ``parseString`` shape back into a :class:`~pynix.model.Dependency`.

    ``markers`` is a tree (``pep508.parseMarkers``), the marker text, or
    ``null``; every condition needs a PEP 440 operator.
    """
    fields = read_object(value, where, _REQUIREMENT, REQUIREMENT_KEYS)
    for key in REQUIREMENT_KEYS:
        if key not in fields:
            raise where.fail(f"missing key '{key}' in a dependency", hint=_REQUIREMENT_HINT)
    name = read_str(fields["name"], where / "name", "a package name")
    if not is_valid_name(name):
        raise (where / "name").error("a valid package name", name)
    extras = read_list(fields["extras"], where / "extras", "a list of extra names")
    return Dependency(
        name=canonicalize_name(name),
        extras=tuple(
            canonicalize_name(read_str(extra, where / "extras" / i, "an extra name"))
            for i, extra in enumerate(extras)
        ),
        specifier=_specifier(fields["conditions"], where / "conditions"),
        marker=_marker(fields["markers"], where / "markers"),
        url=read_optional_str(fields["url"], where / "url", "a URL or null"),
    )


def _specifier(value: JSON, where: Where) -> SpecifierSet:
    specifiers: list[Specifier] = []
    for index, condition in enumerate(read_list(value, where, "a list of conditions")):
        at = where / index
        fields = read_object(condition, at, "a condition {op, version}", ("op", "version"))
        if "op" not in fields or "version" not in fields:
            raise at.error("a condition {op, version}", condition)
        op = read_str(fields["op"], at / "op", "an operator")
        if op not in _OPERATORS:
            raise (at / "op").error(", ".join(f'"{o}"' for o in _OPERATORS), op)
        text = version_text_from_json(fields["version"], at / "version", wildcard=True)
        try:
            specifiers.append(Specifier(f"{op}{text}"))
        except _PackagingInvalidSpecifier:
            raise at.fail(
                f"'{op}{text}' is not a valid PEP 440 version specifier", kind=InvalidSpecifier
            ) from None
    return SpecifierSet(specifiers)


def _marker(value: JSON, where: Where) -> Marker | None:
    if value is None:
        return None
    try:
        node = parse_marker(value) if isinstance(value, str) else tree_from_json(value, where)
        return Marker(to_string(node))
    except PynixError as error:
        raise where.locate(error) from None


def dependencies_from_json(
    value: JSON, where: Where
) -> tuple[dict[str, Any], dict[str, list[Dependency]]]:
    """Read a ``{dependencies, extras, groups, build-systems}`` shape.

    Returns the lists as given (the JSON objects, to hand back unchanged) and
    the same as dependencies. ``dependencies`` is required; the other keys
    default to empty (pyproject.nix's ``loadRequirementsTxt`` has no
    ``groups``). Tables come back keyed ``dependencies``, ``build-systems``,
    ``extras.<name>``, ``groups.<name>``.
    """
    fields = read_object(value, where, "a dependencies object", DEPENDENCY_KEYS)
    if "dependencies" not in fields:
        raise where.fail("missing key 'dependencies'", hint="make it with pep621.parseDependencies")
    given: dict[str, Any] = {}
    parsed: dict[str, list[Dependency]] = {}
    for key in ("dependencies", "build-systems"):
        items = read_list(fields.get(key, []), where / key, "a list of dependencies")
        given[key] = items
        parsed[key] = [dependency_from_json(item, where / key / i) for i, item in enumerate(items)]
    for key in ("extras", "groups"):
        table = read_object(fields.get(key, {}), where / key, "an object of {name: dependencies}")
        given[key] = {}
        for name, entries in table.items():
            at = where / key / name
            listed = read_list(entries, at, "a list of dependencies")
            given[key][name] = listed
            parsed[f"{key}.{name}"] = [
                dependency_from_json(item, at / i) for i, item in enumerate(listed)
            ]
    return given, parsed


def project_from_dependencies(
    parsed: Mapping[str, list[Dependency]], *, name: str | None, kind: ProjectFormat
) -> Project:
    """The :class:`~pynix.model.Project` that :func:`dependencies_from_json`'s lists describe."""
    extras: dict[NormalizedName, tuple[Dependency, ...]] = {}
    groups: dict[NormalizedName, tuple[Dependency, ...]] = {}
    for key, deps in parsed.items():
        table, _dot, table_name = key.partition(".")
        if table == "extras":
            normalized = canonicalize_name(table_name)
            extras[normalized] = extras.get(normalized, ()) + tuple(deps)
        elif table == "groups":
            normalized = canonicalize_name(table_name)
            groups[normalized] = groups.get(normalized, ()) + tuple(deps)
    return Project(
        format=kind,
        name=name,
        dependencies=tuple(parsed["dependencies"]),
        optional_dependencies=frozen_mapping(extras),
        dependency_groups=frozen_mapping(groups),
        build_system=BuildSystem(requires=tuple(parsed["build-systems"])),
    )


# -- argument objects ----------------------------------------------------------------------------


def read_arguments(
    value: JSON, where: Where, what: str, keys: Sequence[str], required: Sequence[str] = ()
) -> Mapping[str, JSON]:
    """pyproject.nix's attribute-set argument (``{pyproject, projectRoot, ...}``) as an object.

    Only ``keys`` are allowed; each of ``required`` must be there. pyproject.nix
    reads a missing ``pyproject`` or ``requirements`` from ``projectRoot``;
    pynix reads no files here, so the hint says to pass the contents.
    """
    fields = read_object(value, where, what, keys)
    for key in required:
        if key not in fields:
            raise where.fail(
                f"missing key '{key}' in {what}",
                hint="pynix reads no files here: pass the file's contents"
                if key in ("pyproject", "requirements")
                else None,
            )
    return fields


def optional_str_list(fields: Mapping[str, JSON], key: str, where: Where) -> list[str]:
    """The list of strings at ``key`` (``[]`` when missing)."""
    items = read_list(fields.get(key, []), where / key, "a list of strings")
    return [read_str(item, where / key / i) for i, item in enumerate(items)]


def relocate(error: PynixError, where: Where, name: str) -> PynixError:
    """``error`` from a parser that was told the text is file ``name``, located at ``where``.

    ``requirements.txt:3: ...`` becomes ``argument 1, line 3: ...``: the text
    came as an argument, not from a file.
    """
    old = error.location
    if old.file != name:
        return where.locate(error)
    parts = [str(where)] if str(where) else []
    if old.line is not None:
        parts.append(f"line {old.line}")
    if old.key:
        parts.append(old.key)
    error.location = Location(key=", ".join(parts) or None)
    return error


# -- TOML values ---------------------------------------------------------------------------------


def toml_to_json(value: object, where: Where) -> JSON:
    """A loaded TOML value (read-only tables and tuples included) as JSON.

    Dates and times become their RFC 3339 text (Nix's ``fromTOML`` rejects
    them). Raises :class:`~pynix.errors.Unsupported` for ``inf`` and ``nan``,
    which JSON cannot write.

    >>> import datetime
    >>> toml_to_json({"a": (1, datetime.date(2024, 1, 2))}, Where())
    {'a': [1, '2024-01-02']}
    """
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        if not math.isfinite(value):
            raise where.fail(f"the TOML value {value} has no JSON form", kind=Unsupported)
        return value
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(key): toml_to_json(item, where / str(key)) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [toml_to_json(item, where / index) for index, item in enumerate(value)]
    raise where.fail(f"a {type(value).__name__} is not a TOML value", kind=Unsupported)
