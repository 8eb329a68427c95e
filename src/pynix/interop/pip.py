"""``pip.*``: the requirements of a ``requirements.txt``.

``parseRequirementsTxt REQUIREMENTS`` takes the file's text and returns one
``{"requirement", "flags"}`` per requirement line, in order:

* ``requirement`` is ``pep508.parseString``'s shape. A line in pip's own
  syntax rather than PEP 508 (``https://host/pkg-1.0.tar.gz#egg=pkg``,
  ``git+https://...@v1#egg=pkg``, ``-e git+...#egg=pkg``) has the name from
  ``#egg=`` and the URL without its fragment.
* ``flags`` are the line's options after the requirement, one entry per
  option as written (``"--hash=sha256:..."``, ``"--hash sha256:..."``,
  ``"-e git+..."``), continuation lines joined.

The file is read by :func:`pynix.formats.requirements_txt.parse_requirements_txt`,
pip's rules: a comment starts at a ``#`` at the start of a line or after
whitespace (``#egg=`` and ``#sha256=`` fragments stay), options that are not
a requirement's (``--index-url``, ``--pre``) are pip's settings, not
requirements, and are left out. Nothing is read from disk: ``-r`` and ``-c``
includes are errors, as is a line that does not name its distribution
(``-e .``, ``./pkg``), whose name only a build would tell. Errors are
located by line (``argument 1, line 3: unknown option '--foo'``).

>>> from pynix.interop import call
>>> [r["requirement"]["name"] for r in call("pip.parseRequirementsTxt", "Flask>=3\\nrequests\\n")]
['flask', 'requests']
"""

from __future__ import annotations

from typing import Final

from pynix.errors import PynixError, Unsupported
from pynix.formats.requirements_txt import RequirementLine, parse_requirements_txt
from pynix.interop._project_shapes import dependency_to_json, relocate
from pynix.interop._registry import Param, function
from pynix.interop._shapes import JSON, Where, read_str

__all__ = ["REQUIREMENTS_NAME", "requirement_lines_to_json"]

REQUIREMENTS_NAME: Final = "requirements.txt"


def requirement_lines_to_json(text: str, where: Where) -> list[dict[str, JSON]]:
    """``[{"requirement", "flags"}, ...]`` of a requirements file's text at ``where``."""
    try:
        parsed = parse_requirements_txt(text, name=REQUIREMENTS_NAME)
    except PynixError as error:
        raise relocate(error, where, REQUIREMENTS_NAME) from None
    lines: list[dict[str, JSON]] = []
    for line in parsed.requirements:
        try:
            lines.append({"flags": _flags(line), "requirement": _requirement(line)})
        except PynixError as error:
            raise relocate(error.at(file=line.file, line=line.line), where, line.file) from None
    return lines


def _requirement(line: RequirementLine) -> dict[str, JSON]:
    dependency = line.dependency
    if dependency is None:
        raise Unsupported(
            f"cannot tell which distribution '{line.text}' is without building it",
            hint="name it: 'NAME @ URL', or '#egg=NAME' after a URL",
        )
    return dependency_to_json(dependency)


def _flags(line: RequirementLine) -> list[JSON]:
    """One entry per option: a word starting with '-' begins one, its value words follow.

    (A value written apart from its option and starting with '-', as in
    ``--global-option -q``, starts an entry of its own.)
    """
    flags: list[JSON] = []
    for word in line.flags:
        if word.startswith("-") or not flags:
            flags.append(word)
        else:
            flags[-1] = f"{flags[-1]} {word}"
    return flags


def _requirements(value: JSON, where: Where) -> JSON:
    return list(requirement_lines_to_json(read_str(value, where, "the file's text"), where))


@function("pip.parseRequirementsTxt", Param(name="requirements", convert=_requirements))
def parse_requirements_txt_json(lines: JSON) -> JSON:
    return lines
