"""``project.load*``: a project's loaded files as pyproject.nix's project object.

Each takes pyproject.nix's attribute set, as a JSON object, and returns::

    {
        "dependencies": {"dependencies", "extras", "groups", "build-systems"},
        "pyproject": <the loaded pyproject.toml> | null,
        "projectRoot": <as given> | null,
        "requires-python": [<condition>, ...] | null,
    }

(``loadPoetryPyproject`` adds ``pyproject-poetry``, the file as given, and
its ``pyproject`` is ``poetry.translatePoetryProject``'s.) pyproject.nix's
object also holds ``renderers`` and ``validators``, functions with the
project applied, which JSON cannot carry: call pynix's (``pynix render``,
``pynix check``, ``validators.validateVersionConstraints``) with the object.

pynix reads no files here: ``pyproject`` (the loaded ``pyproject.toml``) and
``requirements`` (the text of ``requirements.txt``) must be given, where
pyproject.nix reads them from ``projectRoot``. ``projectRoot`` is handed back
as given, a string or ``null`` (pyproject.nix hands back its Nix path, which
JSON writes as a store path string).

* ``loadPyproject {pyproject, projectRoot?, extrasAttrPaths?, ...}``: PEP
  621, with ``pep621.parseDependencies``' path options.
* ``loadUVPyproject {pyproject, projectRoot?}``: uv's legacy
  ``tool.uv.dev-dependencies`` join the ``dev`` group, as uv joins them.
* ``loadPDMPyproject {pyproject, projectRoot?}``: PDM's
  ``tool.pdm.dev-dependencies`` are dependency groups, as PDM means them.
* ``loadPoetryPyproject {pyproject, projectRoot?}``: see :mod:`pynix.interop.poetry`;
  ``requires-python`` is the ``python`` dependency, translated.
* ``loadRequirementsTxt {requirements, projectRoot?}``: the requirements as
  ``dependencies``; ``pyproject`` and ``requires-python`` are ``null``.
* ``loadPyprojectDynamic {pyproject, projectRoot?}``: whichever of the above
  :func:`pynix.formats.dialects.detect_dialect` recognizes (Poetry, PDM, uv,
  PEP 621); a file that is no project is an ``UnknownFormat`` error.

>>> from pynix.interop import call
>>> loaded = call("project.loadPyproject", {"pyproject": {"project": {"name": "app"}}})
>>> sorted(loaded)
['dependencies', 'projectRoot', 'pyproject', 'requires-python']
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from pynix.errors import PynixError, UnknownFormat
from pynix.formats.dependency_groups import add_entries, read_groups
from pynix.formats.dialects import detect_dialect
from pynix.formats.pdm import pdm_group_entries
from pynix.formats.uv import uv_dev_entries
from pynix.interop._project_shapes import (
    dependencies_to_json,
    read_arguments,
    requires_python_to_json,
)
from pynix.interop._registry import Param, function
from pynix.interop._shapes import JSON, Where, read_object, read_optional_str, read_str
from pynix.interop.pep621 import PATH_KEYS, load_pep621, read_paths
from pynix.interop.pip import requirement_lines_to_json
from pynix.interop.poetry import load_poetry, translate
from pynix.model import Project, ProjectFormat

__all__: list[str] = []

_KEYS: Final = ("projectRoot", "pyproject")


def _arguments(
    value: JSON, where: Where, name: str, keys: tuple[str, ...] = _KEYS
) -> Mapping[str, JSON]:
    required = "requirements" if "requirements" in keys else "pyproject"
    fields = read_arguments(value, where, f"{name}'s argument", keys, (required,))
    read_optional_str(fields.get("projectRoot"), where / "projectRoot", "a path string or null")
    return fields


def _loaded(
    project: Project, fields: Mapping[str, JSON], where: Where, pyproject: JSON | None = None
) -> dict[str, JSON]:
    """The project object; ``pyproject`` replaces the file as given (Poetry's translation)."""
    at = where / "pyproject"
    return {
        "dependencies": dependencies_to_json(project, at),
        "projectRoot": fields.get("projectRoot"),
        "pyproject": fields["pyproject"] if pyproject is None else pyproject,
        "requires-python": requires_python_to_json(project, at),
    }


def _pep621(value: JSON, where: Where) -> JSON:
    fields = _arguments(value, where, "loadPyproject", (*_KEYS, *PATH_KEYS))
    project = load_pep621(fields["pyproject"], where / "pyproject", read_paths(fields, where))
    return _loaded(project, fields, where)


def _uv(value: JSON, where: Where) -> JSON:
    fields = _arguments(value, where, "loadUVPyproject")
    return _load_uv(fields, where)


def _load_uv(fields: Mapping[str, JSON], where: Where) -> JSON:
    at = where / "pyproject"
    data = read_object(fields["pyproject"], at, "a pyproject.toml table")
    try:
        groups = read_groups(data.get("dependency-groups"))
        add_entries(groups, "dev", uv_dev_entries(data))
    except PynixError as error:
        raise at.locate(error) from None
    return _loaded(load_pep621(fields["pyproject"], at, groups=groups), fields, where)


def _pdm(value: JSON, where: Where) -> JSON:
    fields = _arguments(value, where, "loadPDMPyproject")
    return _load_pdm(fields, where)


def _load_pdm(fields: Mapping[str, JSON], where: Where) -> JSON:
    at = where / "pyproject"
    data = read_object(fields["pyproject"], at, "a pyproject.toml table")
    try:
        groups = read_groups(data.get("dependency-groups"))
        pdm_groups, _notes = pdm_group_entries(data)
        for name, entries in pdm_groups:
            add_entries(groups, name, entries)
    except PynixError as error:
        raise at.locate(error) from None
    return _loaded(load_pep621(fields["pyproject"], at, groups=groups), fields, where)


def _poetry(value: JSON, where: Where) -> JSON:
    fields = _arguments(value, where, "loadPoetryPyproject")
    return _load_poetry(fields, where)


def _load_poetry(fields: Mapping[str, JSON], where: Where) -> JSON:
    data, project = load_poetry(fields["pyproject"], where / "pyproject")
    loaded = _loaded(project, fields, where, translate(data, project))
    loaded["pyproject-poetry"] = dict(data)
    return loaded


def _requirements(value: JSON, where: Where) -> JSON:
    fields = _arguments(value, where, "loadRequirementsTxt", ("projectRoot", "requirements"))
    at = where / "requirements"
    text = read_str(fields["requirements"], at, "the text of requirements.txt")
    return {
        "dependencies": {
            "build-systems": [],
            "dependencies": [line["requirement"] for line in requirement_lines_to_json(text, at)],
            "extras": {},
            "groups": {},
        },
        "projectRoot": fields.get("projectRoot"),
        "pyproject": None,
        "requires-python": None,
    }


def _dynamic(value: JSON, where: Where) -> JSON:
    fields = _arguments(value, where, "loadPyprojectDynamic")
    at = where / "pyproject"
    data = read_object(fields["pyproject"], at, "a pyproject.toml table")
    try:
        dialect = detect_dialect(data)
    except PynixError as error:
        raise at.locate(error) from None
    if dialect is None:
        raise at.fail(
            "not a project: no [project], [tool.poetry] or [dependency-groups] table",
            kind=UnknownFormat,
        )
    if dialect is ProjectFormat.POETRY:
        return _load_poetry(fields, where)
    if dialect is ProjectFormat.PDM:
        return _load_pdm(fields, where)
    if dialect is ProjectFormat.UV:
        return _load_uv(fields, where)
    return _loaded(load_pep621(fields["pyproject"], at), fields, where)


@function("project.loadPyproject", Param(name="attrs", convert=_pep621))
def load_pyproject(loaded: JSON) -> JSON:
    return loaded


@function("project.loadUVPyproject", Param(name="attrs", convert=_uv))
def load_uv_pyproject(loaded: JSON) -> JSON:
    return loaded


@function("project.loadPDMPyproject", Param(name="attrs", convert=_pdm))
def load_pdm_pyproject(loaded: JSON) -> JSON:
    return loaded


@function("project.loadPoetryPyproject", Param(name="attrs", convert=_poetry))
def load_poetry_pyproject(loaded: JSON) -> JSON:
    return loaded


@function("project.loadRequirementsTxt", Param(name="attrs", convert=_requirements))
def load_requirements_txt(loaded: JSON) -> JSON:
    return loaded


@function("project.loadPyprojectDynamic", Param(name="attrs", convert=_dynamic))
def load_pyproject_dynamic(loaded: JSON) -> JSON:
    return loaded
