"""``poetry.*``: Poetry's ``pyproject.toml`` and its version constraints.

* ``translatePoetryProject PYPROJECT`` is the loaded file with a PEP 621
  ``project`` table made from ``[tool.poetry]``: ``name``, ``version``,
  ``description``, ``authors`` and ``maintainers`` (``"Name <email>"`` become
  ``{"name", "email"}``), ``urls`` (``homepage``, ``repository``,
  ``documentation`` and ``[tool.poetry.urls]``), ``license`` (``{"text":
  ...}``), ``readme``, ``keywords``, ``classifiers``, ``requires-python`` (the
  ``python`` dependency, translated), ``scripts`` and ``entry-points``
  (``plugins``). Dependencies are not translated (``parseDependencies`` reads
  them). A Poetry 2 file already has ``[project]``: it is returned as it is,
  with ``version`` filled in from ``tool.poetry.version`` when ``project.dynamic``
  names it.
* ``parseDependencies PYPROJECT`` is ``{dependencies, extras, groups,
  build-systems}`` as Poetry means them (its documentation, "Dependency
  specification" and "Managing dependencies"): the main dependencies without
  ``python`` and without the ``optional = true`` ones; ``extras`` from
  ``[tool.poetry.extras]``, which name optional dependencies; ``groups`` from
  ``[tool.poetry.group.<name>]`` and the legacy ``dev-dependencies`` (group
  ``dev``), with PEP 735 ``[dependency-groups]``. A dependency's ``python``
  and ``platform`` keys become markers. Poetry 2 files read ``[project]``.
* ``parseVersionCond COND`` and ``parseVersionConds CONDS``: Poetry's
  constraints (``^1.2``, ``~1.2``, ``1.2.*``, ``>=1 <2``, ``^1 || ^3``) as a
  list of PEP 440 conditions, by :mod:`pynix.standards.poetry`.

Everything is read by :func:`pynix.formats.poetry.parse_poetry`, pynix's
Poetry loader; a ``||`` union that PEP 440 cannot write as one range is
widened to the range around it there (``pynix show`` prints that note), and
is an error in ``parseVersionConds``, which has no place for a note.

>>> from pynix.interop import call
>>> [(c["op"], c["version"]["str"]) for c in call("poetry.parseVersionConds", "^1.2")]
[('>=', '1.2'), ('<', '2.0')]
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, Final

from pynix.errors import PynixError
from pynix.formats.poetry import parse_poetry
from pynix.interop._project_shapes import dependencies_to_json, ranked
from pynix.interop._registry import Param, function
from pynix.interop._shapes import JSON, Where, read_object, read_str
from pynix.interop.pep440 import specifiers_to_json
from pynix.model import Project
from pynix.standards.poetry import parse_constraint, to_specifier_set

__all__ = ["load_poetry", "translate"]

_PERSON: Final = re.compile(r"^(?P<name>.*?)\s*<(?P<email>[^<>]*)>\s*$")


def load_poetry(value: JSON, where: Where) -> tuple[Mapping[str, Any], Project]:
    """The loaded ``pyproject.toml`` at ``where`` and pynix's Poetry project of it."""
    data = read_object(value, where, "a pyproject.toml table")
    try:
        return data, parse_poetry(data)
    except PynixError as error:
        raise where.locate(error) from None


def translate(data: Mapping[str, Any], project: Project) -> dict[str, JSON]:
    """``data`` with the PEP 621 ``project`` table of a Poetry project (see the module doc)."""
    if "project" in data:
        table = dict(data["project"])
        dynamic = list(table.get("dynamic", []))
        if "version" in dynamic and project.version is not None:
            table["version"] = project.version
            table["dynamic"] = [field for field in dynamic if field != "version"]
        return {**data, "project": table}
    poetry: Mapping[str, Any] = data.get("tool", {}).get("poetry", {})
    table = {key: poetry[key] for key in ("name", "version", "description") if key in poetry}
    for key in ("authors", "maintainers"):
        if key in poetry:
            table[key] = [_person(text) for text in poetry[key]]
    table["urls"] = dict(project.urls)
    if project.license is not None:
        table["license"] = {"text": project.license}
    for key in ("readme", "keywords", "classifiers"):
        if key in poetry:
            table[key] = poetry[key]
    if project.requires_python is not None:
        table["requires-python"] = ",".join(str(s) for s in ranked(project.requires_python))
    if "scripts" in poetry:
        table["scripts"] = dict(project.scripts)
    if "plugins" in poetry:
        table["entry-points"] = {group: dict(e) for group, e in project.entry_points.items()}
    return {**data, "project": table}


def _person(text: str) -> dict[str, JSON]:
    """``"Jane Doe <jane@example.org>"`` as PEP 621's ``{"name", "email"}``; a bare name alone."""
    match = _PERSON.match(text)
    if match is None:
        return {"name": text}
    person: dict[str, JSON] = {}
    if match.group("name"):
        person["name"] = match.group("name")
    person["email"] = match.group("email")
    return person


def _translate(value: JSON, where: Where) -> JSON:
    data, project = load_poetry(value, where)
    return translate(data, project)


@function("poetry.translatePoetryProject", Param(name="pyproject", convert=_translate))
def translate_poetry_project(pyproject: JSON) -> JSON:
    return pyproject


def _dependencies(value: JSON, where: Where) -> JSON:
    _data, project = load_poetry(value, where)
    return dependencies_to_json(project, where)


@function("poetry.parseDependencies", Param(name="pyproject", convert=_dependencies))
def parse_dependencies(shape: JSON) -> JSON:
    return shape


def _conditions(text: str, where: Where) -> list[JSON]:
    try:
        return specifiers_to_json(ranked(to_specifier_set(parse_constraint(text))), where)
    except PynixError as error:
        raise where.locate(error) from None


def _condition(value: JSON, where: Where) -> JSON:
    text = read_str(value, where, "a Poetry version constraint such as '^1.2'")
    several = where.fail(
        "expected one version constraint",
        hint="poetry.parseVersionConds reads several, joined by ',', spaces or '||'",
    )
    if "," in text or "|" in text:
        raise several
    stripped = text.strip()
    # ^ and ~ give a lower and an upper bound; any other single constraint gives one condition.
    one_clause = 2 if stripped[:1] in ("^", "~") and not stripped.startswith("~=") else 1
    conditions = _conditions(text, where)
    if len(conditions) > one_clause:
        raise several
    return conditions


def _conditions_argument(value: JSON, where: Where) -> JSON:
    text = read_str(value, where, "Poetry version constraints such as '>=1.2,<2'")
    return _conditions(text, where)


@function("poetry.parseVersionCond", Param(name="cond", convert=_condition))
def parse_version_cond(conditions: JSON) -> JSON:
    return conditions


@function("poetry.parseVersionConds", Param(name="conds", convert=_conditions_argument))
def parse_version_conds(conditions: JSON) -> JSON:
    return conditions
