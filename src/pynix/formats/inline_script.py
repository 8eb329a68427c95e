"""PEP 723 inline script metadata: the ``# /// script`` block at the top of a script.

Spec: https://packaging.python.org/en/latest/specifications/inline-script-metadata/
(PEP 723). A script may carry comment blocks opened by ``# /// TYPE`` and
closed by ``# ///``; every line between is ``#`` alone or ``# `` followed by
text, and stripping that prefix gives a TOML document. For ``TYPE = script``
the document may have ``dependencies`` (PEP 508 strings), ``requires-python``
(a PEP 440 specifier set) and a ``[tool]`` table.

pynix finds blocks with the specification's reference regular expression,
so it agrees with every conforming tool on the traps:

* A block closes at the *last* ``# ///`` line of an unbroken run of comment
  lines: ``# ///`` inside the block (a nested fence in embedded text) does not
  close it early.
* A block that is never closed is not a block at all and is ignored, as is
  a block whose lines are not all ``#`` or ``# ...``.
* Two ``script`` blocks are an error; blocks of other types are ignored.
* Line endings are normalized first (``\\r\\n`` and ``\\r`` become ``\\n``), as
  reading the file in Python's text mode does before the reference code runs.

A script without a block is a valid script with no dependencies.

>>> meta = parse_script('# /// script\\n# dependencies = ["rich"]\\n# ///\\nimport rich\\n')
>>> [str(d) for d in meta.dependencies], meta.block_line
(['rich'], 1)
"""

from __future__ import annotations

import dataclasses
import re
import tomllib
from collections.abc import Mapping
from pathlib import PurePosixPath
from typing import Any

from packaging.specifiers import SpecifierSet

from pynix.errors import InvalidScript, Location, PynixError
from pynix.model import Dependency, Project, ProjectFormat
from pynix.model.project import frozen_mapping
from pynix.standards.versions import parse_specifiers

__all__ = ["ScriptMetadata", "parse_script", "script_to_project"]

# The specification's reference expression, verbatim in meaning.
_BLOCK = re.compile(r"(?m)^# /// (?P<type>[a-zA-Z0-9-]+)$\s(?P<content>(^#(| .*)$\s)+)^# ///$")
_TOML_AT = re.compile(r"^(?P<message>.*) \(at line (?P<line>\d+), column (?P<column>\d+)\)$")
_TOML_AT_END = re.compile(r"^(?P<message>.*) \(at end of document\)$")


@dataclasses.dataclass(frozen=True, kw_only=True, slots=True)
class ScriptMetadata:
    """What a script's ``# /// script`` block says.

    ``metadata`` is the whole TOML table, read-only (tables become read-only
    mappings, arrays tuples), or ``None`` when the script has no block;
    ``block_line`` is the line of ``# /// script``. ``tool`` is the
    ``[tool]`` table (``tool["uv"]`` for ``[tool.uv]``).
    """

    file: str
    dependencies: tuple[Dependency, ...] = ()
    requires_python: SpecifierSet | None = None
    tool: Mapping[str, Any] = dataclasses.field(default_factory=frozen_mapping)
    metadata: Mapping[str, Any] | None = None
    block_line: int | None = None


def parse_script(text: str, *, name: str = "script.py") -> ScriptMetadata:
    """Read the PEP 723 metadata of a script's source text.

    Raises :class:`~pynix.errors.InvalidScript` for a second ``script``
    block, malformed TOML (at the script's line) or a field of the wrong
    type (at its key); :class:`~pynix.errors.InvalidRequirement` (key
    ``dependencies[i]``, caret under the bad span) and
    :class:`~pynix.errors.InvalidSpecifier` (key ``requires-python``) for
    bad values.

    >>> parse_script("print('hello')\\n").dependencies
    ()
    >>> parse_script("# /// script\\n# requires-python = >=3.11\\n# ///\\n", name="x.py")
    Traceback (most recent call last):
    ...
    pynix.errors.InvalidScript: x.py:2: invalid TOML in the script block: invalid value (column 21)
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    blocks = [m for m in _BLOCK.finditer(text) if m.group("type") == "script"]
    if not blocks:
        return ScriptMetadata(file=name)
    first = _line_of(text, blocks[0].start())
    if len(blocks) > 1:
        raise InvalidScript(
            f"a second '# /// script' block (the first starts at line {first})",
            location=Location(file=name, line=_line_of(text, blocks[1].start())),
        )
    content_lines = blocks[0].group("content").splitlines(keepends=True)
    toml = "".join(line[2:] if line.startswith("# ") else line[1:] for line in content_lines)
    table = _load_toml(toml, content_lines, name=name, first=first)
    try:
        return _metadata(table, name=name, first=first)
    except PynixError as err:
        raise err.at(file=name) from None


def _line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def _load_toml(toml: str, content_lines: list[str], *, name: str, first: int) -> dict[str, Any]:
    try:
        return tomllib.loads(toml)
    except tomllib.TOMLDecodeError as exc:
        message, line, column = _toml_error(str(exc), content_lines)
        raise InvalidScript(
            f"invalid TOML in the script block: {message}{column}",
            location=Location(file=name, line=first + line),
        ) from None
    except RecursionError:
        raise InvalidScript(
            "the script block's TOML nests too deeply", location=Location(file=name, line=first)
        ) from None


def _toml_error(text: str, content_lines: list[str]) -> tuple[str, int, str]:
    """The message, the block-relative line and a script column note of a tomllib error."""
    at = _TOML_AT.match(text)
    if at is not None:
        line = int(at.group("line"))
        written = content_lines[line - 1] if line <= len(content_lines) else "# "
        column = int(at.group("column")) + (2 if written.startswith("# ") else 1)
        return _lower_first(at.group("message")), line, f" (column {column})"
    at_end = _TOML_AT_END.match(text)
    message = at_end.group("message") if at_end else text
    return _lower_first(message), max(1, len(content_lines)), ""


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _metadata(table: dict[str, Any], *, name: str, first: int) -> ScriptMetadata:
    raw_dependencies = table.get("dependencies", [])
    if not isinstance(raw_dependencies, list):
        raise InvalidScript(
            f"expected a list of PEP 508 strings, got {_kind(raw_dependencies)}",
            location=Location(key="dependencies"),
        )
    dependencies: list[Dependency] = []
    for index, item in enumerate(raw_dependencies):
        key = f"dependencies[{index}]"
        if not isinstance(item, str):
            raise InvalidScript(
                f"expected a PEP 508 string, got {_kind(item)}", location=Location(key=key)
            )
        try:
            dependencies.append(Dependency.parse(item))
        except PynixError as err:
            raise err.at(key=key) from None
    requires_python = None
    if "requires-python" in table:
        value = table["requires-python"]
        if not isinstance(value, str):
            raise InvalidScript(
                f"expected a version specifier string, got {_kind(value)}",
                location=Location(key="requires-python"),
            )
        try:
            requires_python = parse_specifiers(value)
        except PynixError as err:
            raise err.at(key="requires-python") from None
    tool = table.get("tool", {})
    if not isinstance(tool, dict):
        raise InvalidScript(f"expected a table, got {_kind(tool)}", location=Location(key="tool"))
    return ScriptMetadata(
        file=name,
        dependencies=tuple(dependencies),
        requires_python=requires_python,
        tool=_freeze(tool),
        metadata=_freeze(table),
        block_line=first,
    )


def _kind(value: object) -> str:
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "an array"
    return type(value).__name__


def _freeze(table: dict[str, Any]) -> Mapping[str, Any]:
    return frozen_mapping({key: _freeze_value(value) for key, value in table.items()})


def _freeze_value(value: object) -> object:
    if isinstance(value, dict):
        return _freeze(value)
    if isinstance(value, list):
        return tuple(_freeze_value(item) for item in value)
    return value


def script_to_project(meta: ScriptMetadata, *, name: str | None = None) -> Project:
    """The :class:`~pynix.model.Project` of a script, named after its file's stem.

    ``name`` is the script's file name (default: the one given to
    :func:`parse_script`).

    >>> meta = parse_script("# /// script\\n# requires-python = '>=3.12'\\n# ///\\n")
    >>> project = script_to_project(meta, name="tools/fetch-data.py")
    >>> project.name, str(project.requires_python), project.source_file
    ('fetch-data', '>=3.12', 'tools/fetch-data.py')
    """
    file = name if name is not None else meta.file
    return Project(
        format=ProjectFormat.SCRIPT,
        name=PurePosixPath(file).stem or None,
        requires_python=meta.requires_python,
        dependencies=meta.dependencies,
        source_file=file,
        raw=meta.metadata,
    )
