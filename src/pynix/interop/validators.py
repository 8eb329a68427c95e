"""``validators.*``: does the interpreter's package set satisfy the project's constraints?

``validateVersionConstraints {project, python, extras?}`` takes a project
object (what ``project.load*`` return; only its ``dependencies`` and its
``pyproject``'s name are read), a target object whose ``packages`` describe
the interpreter's package set (``{attr: {"pname", "version"}}``) and the
extras to enable, and returns, for each package whose version in that set
breaks a condition of the project::

    {"<name>": {"conditions": [<condition>, ...], "version": "<version>"}}

keyed by the normalized name, with the conditions it breaks (in
``pep440.parseVersionCond``'s shape, in their order) and the set's version
as spelled there. ``{}`` means everything fits.

The answer is :func:`pynix.check.version_constraints`', the data behind
``pynix check``:

* the main dependencies, the build system's and those of the extras named
  in ``extras`` are checked, each where its marker holds on the target
  (an extra's entries with that extra selected);
* a dependency's package is found as ``pynix check`` finds it
  (:class:`pynix.nixpkgs.names.NameMap`: the normalized name, a ``pname``,
  a versioned attribute such as ``django_4`` that fits the constraint);
* a package the set lacks, a version that is not PEP 440, and a dependency
  taken from a URL are left out (``pynix check`` reports them);
* versions compare as PEP 440 says (``1.0.1`` does not satisfy ``==1.0``);
* when a name is constrained more than once, the last declaration wins.

>>> from pynix.interop import call
>>> project = call(
...     "project.loadPyproject",
...     {"pyproject": {"project": {"name": "app", "dependencies": ["requests>=2.32"]}}},
... )
>>> python = {
...     "system": "x86_64-linux",
...     "version": "3.12",
...     "packages": {"requests": {"pname": "requests", "version": "2.31.0"}},
... }
>>> call("validators.validateVersionConstraints", {"project": project, "python": python})
... # doctest: +NORMALIZE_WHITESPACE
{'requests': {'conditions': [{'op': '>=', 'version': {'dev': None, 'epoch': 0, 'local': None,
 'post': None, 'pre': None, 'release': [2, 32], 'str': '2.32'}}], 'version': '2.31.0'}}
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any, Final

from packaging.utils import canonicalize_name

from pynix.check import version_constraints
from pynix.errors import PynixError
from pynix.interop._project_shapes import (
    dependencies_from_json,
    optional_str_list,
    project_from_dependencies,
    read_arguments,
)
from pynix.interop._registry import Param, function
from pynix.interop._shapes import JSON, Where
from pynix.interop.pep440 import specifiers_to_json
from pynix.interop.targets import packages_from_json, target_from_json
from pynix.model import Project, ProjectFormat
from pynix.nixpkgs.snapshot import Snapshot, SnapshotPackage, SnapshotPython, SnapshotSource
from pynix.standards.targets import Target

__all__: list[str] = []

_PROJECT_KEYS: Final = (
    "dependencies",
    "projectRoot",
    "pyproject",
    "pyproject-poetry",
    "requires-python",
)


@dataclasses.dataclass(frozen=True, kw_only=True, slots=True)
class _Request:
    project: Project
    target: Target
    snapshot: Snapshot
    extras: tuple[str, ...]
    written: Mapping[str, tuple[str, ...]]
    """Each name's conditions in the order given (a checked set loses it)."""


def _request(value: JSON, where: Where) -> _Request:
    fields = read_arguments(
        value,
        where,
        "validateVersionConstraints' argument",
        ("extras", "project", "python"),
        ("project", "python"),
    )
    project, written = _project(fields["project"], where / "project")
    target, snapshot = _python(fields["python"], where / "python")
    extras = optional_str_list(fields, "extras", where)
    for index, extra in enumerate(extras):
        if canonicalize_name(extra) not in project.optional_dependencies:
            known = ", ".join(project.optional_dependencies) or "none"
            raise (where / "extras" / index).fail(
                f"the project has no extra named '{extra}'", hint=f"its extras: {known}"
            )
    return _Request(
        project=project, target=target, snapshot=snapshot, extras=tuple(extras), written=written
    )


def _project(value: JSON, where: Where) -> tuple[Project, dict[str, tuple[str, ...]]]:
    fields = read_arguments(value, where, "a project object", _PROJECT_KEYS, ("dependencies",))
    _given, parsed = dependencies_from_json(fields["dependencies"], where / "dependencies")
    written: dict[str, tuple[str, ...]] = {}
    for dependencies in parsed.values():
        for dependency in dependencies:
            # Read before anything compares or hashes the set, which sorts it in place.
            conditions = tuple(str(s) for s in dependency.specifier)
            written[dependency.name] = (*written.get(dependency.name, ()), *conditions)
    project = project_from_dependencies(
        parsed, name=_name(fields.get("pyproject")), kind=_format(fields)
    )
    return project, written


def _name(pyproject: JSON) -> str | None:
    # A project that names itself in an extra (app[socks] in app's "all") asks for its own extras.
    if not isinstance(pyproject, Mapping):
        return None
    table: Any = pyproject.get("project")
    name = table.get("name") if isinstance(table, Mapping) else None
    return name if isinstance(name, str) else None


def _format(fields: Mapping[str, JSON]) -> ProjectFormat:
    if "pyproject-poetry" in fields:
        return ProjectFormat.POETRY
    if fields.get("pyproject") is None:
        return ProjectFormat.REQUIREMENTS_TXT
    return ProjectFormat.PEP621


def _python(value: JSON, where: Where) -> tuple[Target, Snapshot]:
    try:
        target = target_from_json(value)
        packages = packages_from_json(value)
    except PynixError as error:
        raise where.locate(error) from None
    interpreter = target.interpreter
    snapshot = Snapshot(
        nixpkgs=SnapshotSource(),
        python=SnapshotPython(
            attr=interpreter.nix_attr,
            version=interpreter.version,
            implementation=interpreter.implementation,
        ),
        packages={
            attr: SnapshotPackage(pname=pname, version=version)
            for attr, (pname, version) in packages.items()
        },
    )
    return target, snapshot


@function("validators.validateVersionConstraints", Param(name="attrs", convert=_request))
def validate_version_constraints(request: _Request) -> JSON:
    found = version_constraints(
        request.project, request.snapshot, request.target, extras=request.extras
    )
    result: dict[str, JSON] = {}
    for name, (broken, version) in sorted(found.items()):
        order = request.written.get(name, ())
        in_order = sorted(broken, key=lambda s: order.index(str(s)) if str(s) in order else 0)
        result[name] = {"conditions": specifiers_to_json(in_order, Where()), "version": version}
    return result
