"""``pep518.*``: the build requirements of a ``pyproject.toml``.

``parseBuildSystems PYPROJECT`` takes the loaded ``pyproject.toml`` as a JSON
object and returns ``pep508.parseString`` of each ``build-system.requires``
entry, in order; ``[]`` when there is none. pyproject.nix does the same
without checking shapes; pynix reports a ``build-system`` that is not a table
or a ``requires`` that is not a list of strings, by key path.

>>> from pynix.interop import call
>>> pyproject = {"build-system": {"requires": ["hatchling>=1.25"]}}
>>> [r["name"] for r in call("pep518.parseBuildSystems", pyproject)]
['hatchling']
"""

from __future__ import annotations

from pynix.errors import PynixError
from pynix.interop._registry import Param, function
from pynix.interop._shapes import JSON, Where, read_list, read_object, read_str
from pynix.interop.pep508 import requirement_to_json

__all__: list[str] = []


def _build_requires(value: JSON, where: Where) -> list[JSON]:
    pyproject = read_object(value, where, "a pyproject.toml table")
    if "build-system" not in pyproject:
        return []
    where = where / "build-system"
    build_system = read_object(pyproject["build-system"], where, "a table")
    if "requires" not in build_system:
        return []
    requires = read_list(build_system["requires"], where / "requires", "a list of strings")
    parsed: list[JSON] = []
    for index, item in enumerate(requires):
        text = read_str(item, where / "requires" / index, "a dependency string")
        try:
            parsed.append(requirement_to_json(text))
        except PynixError as error:
            raise (where / "requires" / index).locate(error) from None
    return parsed


@function("pep518.parseBuildSystems", Param(name="pyproject", convert=_build_requires))
def parse_build_systems(parsed: list[JSON]) -> JSON:
    return parsed
