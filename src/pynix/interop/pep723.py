"""``pep723.*``: the ``# /// script`` metadata block of a single-file script.

``parseScript SCRIPT`` takes the script's text and returns
``{"dependencies", "requires-python", "metadata"}``: the dependencies in
``pep508.parseString``'s shape, ``requires-python`` as
``pep440.parseVersionConds`` gives it (``[]`` when absent), and ``metadata``
the whole TOML table of the block (dates and times as their text). A script
without a block gives ``{"dependencies": [], "requires-python": []}``, with
no ``metadata`` key, as in pyproject.nix.

The block is found by :func:`pynix.formats.inline_script.parse_script`,
which applies the specification's regular expression: ``# /// script`` and
``# ///`` exactly, the block ending at the last ``# ///`` of its run of
comment lines, and a second ``script`` block an error. Errors inside the
text are located by line (``argument 1, line 3: invalid TOML ...``).

>>> from pynix.interop import call
>>> script = '# /// script\\n# dependencies = ["rich>=13"]\\n# ///\\nimport rich\\n'
>>> call("pep723.parseScript", script)["dependencies"][0]["name"]
'rich'
"""

from __future__ import annotations

from typing import Final

from pynix.errors import PynixError
from pynix.formats.inline_script import parse_script
from pynix.interop._project_shapes import relocate, toml_to_json, written_to_json
from pynix.interop._registry import Param, function
from pynix.interop._shapes import JSON, Where, read_str
from pynix.interop.pep440 import conditions_to_json

__all__: list[str] = []

_NAME: Final = "script.py"


def _script(value: JSON, where: Where) -> JSON:
    text = read_str(value, where, "the script's text")
    try:
        meta = parse_script(text, name=_NAME)
    except PynixError as error:
        raise relocate(error, where, _NAME) from None
    dependencies: list[JSON] = []
    shape: dict[str, JSON] = {"dependencies": dependencies, "requires-python": []}
    if meta.metadata is None:
        return shape
    for index, dependency in enumerate(meta.dependencies):
        try:
            dependencies.append(written_to_json(dependency))
        except PynixError as error:
            raise (where / "dependencies" / index).locate(error) from None
    if meta.requires_python is not None:
        written = meta.metadata["requires-python"]  # checked by parse_script
        shape["requires-python"] = conditions_to_json(written, where / "requires-python")
    shape["metadata"] = toml_to_json(meta.metadata, where / "metadata")
    return shape


@function("pep723.parseScript", Param(name="script", convert=_script))
def parse_script_json(shape: JSON) -> JSON:
    return shape
