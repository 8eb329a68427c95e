"""``pep508.*``: dependency strings and environment markers in pyproject.nix's shapes.

``parseString "foo[bar]>=1.0; os_name == 'posix'"`` is ``{"name", "extras",
"conditions", "url", "markers"}``: the name and extras normalized (PEP 503),
extras in written order, conditions as ``pep440.parseVersionConds`` gives
them, ``url`` or ``null``, ``markers`` a tree or ``null``.

``parseMarkers`` gives pyproject.nix's marker tree:

* ``and``/``or`` are ``{"type": "boolOp", "lhs", "op", "rhs"}``. A chain
  splits at its *first* ``or`` (``or`` binds looser), else at its first
  ``and``, so ``a or b or c`` is ``a or (b or c)``; parentheses group.
* a comparison is ``{"type": "compare", "lhs", "op", "rhs"}``; ``in`` and
  ``not in`` are ``boolOp`` nodes.
* a variable is ``{"type": "variable", "value": name}``. A string compared
  with a variable on its *left* is typed by that variable: ``version`` (a
  parsed version) for ``python_version``, ``python_full_version`` and
  ``implementation_version``; ``platform_release`` (a parsed version, or the
  text when it is not one); ``extra``; ``string`` otherwise. A string on the
  left is always a ``string``.
* the right side of ``in``/``not in`` is the variable, or an ``enum``: the
  string split on spaces and commas, lower-cased.

Where pynix differs: it parses what PEP 508 allows and nothing else, through
``packaging`` (``~=`` in markers works; a bare URL without a name, which
pyproject.nix reads, is an error; the legacy ``os.name`` spellings become
``os_name``); extra names are normalized (PEP 685: ``extra == 'Foo_Bar'``
gives ``foo-bar``); a version variable compared with a string that is not a
version gets a ``string`` node (pyproject.nix fails); and the PEP 751
variables ``extras`` and ``dependency_groups`` are variables.

>>> from pynix.interop import call
>>> tree = call("pep508.parseMarkers", "python_version >= '3.8'")
>>> tree["rhs"]["type"], tree["rhs"]["value"]["release"]
('version', [3, 8])
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from typing import Final, TypeAlias

from packaging._tokenizer import ParserSyntaxError
from packaging.markers import InvalidMarker as _PackagingInvalidMarker
from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.version import InvalidVersion, Version

from pynix.errors import InvalidMarker, PynixError
from pynix.interop._registry import Param, function
from pynix.interop._shapes import JSON, Where, read_str, version_to_json
from pynix.interop.pep440 import specifiers_to_json
from pynix.standards.names import canonicalize_name
from pynix.standards.requirements import parse_requirement

__all__ = ["markers_to_json", "parse_marker", "requirement_to_json"]

_VERSION_VARIABLES: Final = frozenset(
    {"python_version", "python_full_version", "implementation_version"}
)
# The variables whose string operands are extra (or group) names, normalized by PEP 685.
_NAME_VARIABLES: Final = frozenset({"extra", "extras", "dependency_groups"})
_ENUM_SEPARATORS: Final = re.compile(r"[, ]+")


@dataclasses.dataclass(frozen=True, slots=True)
class _Variable:
    name: str


@dataclasses.dataclass(frozen=True, slots=True)
class _String:
    text: str


_Operand: TypeAlias = "_Variable | _String"
_Item: TypeAlias = "tuple[_Operand, str, _Operand]"
_Tree: TypeAlias = "list[_Tree | _Item | str]"


def parse_marker(text: str) -> Marker:
    """Parse a PEP 508 marker; raises :class:`~pynix.errors.InvalidMarker` with a caret.

    >>> parse_marker("os_name == ")
    Traceback (most recent call last):
    ...
    pynix.errors.InvalidMarker: expected a marker variable or quoted string: os_name ==
                                                                                       ^
    """
    try:
        return Marker(text)
    except _PackagingInvalidMarker as exc:
        cause = exc.__cause__
        if isinstance(cause, ParserSyntaxError):
            start, end = cause.span
            message = cause.message[:1].lower() + cause.message[1:]
            raise InvalidMarker(message, text=text, span=(start, end + 1)) from None
        raise InvalidMarker(str(exc).splitlines()[0], text=text) from None


def markers_to_json(marker: Marker) -> JSON:
    """pyproject.nix's marker tree of ``marker`` (see the module docstring)."""
    return _tree_to_json(_marker_tree(marker))


def requirement_to_json(text: str) -> dict[str, JSON]:
    """pyproject.nix's ``parseString`` shape of a PEP 508 dependency string.

    Raises :class:`~pynix.errors.InvalidRequirement` with a caret under the bad part.

    >>> requirement_to_json("Foo_Bar[Fast, all] >= 1.0")["extras"]
    ['fast', 'all']
    """
    requirement = parse_requirement(text)
    return {
        "conditions": specifiers_to_json(requirement.specifier, Where()),
        "extras": [canonicalize_name(extra) for extra in _written_extras(text, requirement)],
        "markers": None if requirement.marker is None else markers_to_json(requirement.marker),
        "name": canonicalize_name(requirement.name),
        "url": requirement.url,
    }


def _marker_tree(marker: Marker) -> _Tree:
    """packaging's marker list, in pynix's own small node types.

    The one reach into packaging's private marker structure (DESIGN.md's
    trap): a list of ``(lhs, op, rhs)`` tuples of ``Variable``/``Value``/``Op``
    nodes, ``"and"``/``"or"`` strings between them, and nested lists for
    parentheses.
    """
    from packaging._parser import Variable  # noqa: PLC0415  (private: used here only)

    def convert(items: Sequence[object]) -> _Tree:
        tree: _Tree = []
        for item in items:
            if isinstance(item, str):
                tree.append(item)
            elif isinstance(item, tuple):
                lhs, op, rhs = item
                tree.append((operand(lhs), str(op.value), operand(rhs)))
            else:
                assert isinstance(item, list)
                tree.append(convert(item))
        return tree

    def operand(node: object) -> _Operand:
        value = str(getattr(node, "value", ""))
        return _Variable(value) if isinstance(node, Variable) else _String(value)

    return convert(marker._markers)


def _written_extras(text: str, requirement: Requirement) -> list[str]:
    # Requirement.extras is a set; pyproject.nix keeps the written order. packaging has
    # checked the text: the extras are the first bracketed list, right after the name.
    if not requirement.extras:
        return []
    written = text[text.index("[") + 1 : text.index("]")]
    return [part.strip() for part in written.split(",") if part.strip()]


def _tree_to_json(tree: _Tree) -> JSON:
    if len(tree) == 1:
        return _node_to_json(tree[0])
    for op in ("or", "and"):
        if op in tree:
            split = tree.index(op)
            return {
                "lhs": _tree_to_json(tree[:split]),
                "op": op,
                "rhs": _tree_to_json(tree[split + 1 :]),
                "type": "boolOp",
            }
    raise AssertionError(f"a marker list without and/or: {tree!r}")  # packaging never builds one


def _node_to_json(node: _Tree | _Item | str) -> JSON:
    if isinstance(node, list):
        return _tree_to_json(node)
    assert isinstance(node, tuple)
    lhs, op, rhs = node
    if op in ("in", "not in"):
        left = _operand_to_json(lhs, None, op)
        if isinstance(rhs, _Variable):
            right: JSON = _operand_to_json(rhs, None, op)
            if isinstance(lhs, _String) and rhs.name in _NAME_VARIABLES:
                # '"Dev" in extras' (PEP 751): a name, normalized as PEP 685 says.
                left = {"type": "string", "value": canonicalize_name(lhs.text)}
        else:
            right = {
                "type": "enum",
                "value": [part.lower() for part in _ENUM_SEPARATORS.split(rhs.text)],
            }
        return {"lhs": left, "op": op, "rhs": right, "type": "boolOp"}
    return {
        "lhs": _operand_to_json(lhs, None, op),
        "op": op,
        "rhs": _operand_to_json(rhs, lhs if isinstance(lhs, _Variable) else None, op),
        "type": "compare",
    }


def _operand_to_json(operand: _Operand, variable: _Variable | None, op: str) -> JSON:
    if isinstance(operand, _Variable):
        return {"type": "variable", "value": operand.name}
    text = operand.text
    name = None if variable is None else variable.name
    if name in _NAME_VARIABLES:
        text = canonicalize_name(text)
        if name == "extra":
            return {"type": "extra", "value": text}
        return {"type": "string", "value": text}
    if name in _VERSION_VARIABLES:
        version = _version_json(text, wildcard=op in ("==", "!="))
        return (
            {"type": "string", "value": text}
            if version is None
            else {
                "type": "version",
                "value": version,
            }
        )
    if name == "platform_release":
        version = _version_json(text, wildcard=False) if text else None
        return {"type": "platform_release", "value": text if version is None else version}
    return {"type": "string", "value": text}


def _version_json(text: str, *, wildcard: bool) -> JSON:
    star = wildcard and text.endswith(".*")
    try:
        version = Version(text[:-2] if star else text)
    except InvalidVersion:
        return None
    shape = version_to_json(version, text)
    if star:
        shape["release"] = [*version.release, "*"]
    return shape


def _marker_text(value: JSON, where: Where) -> Marker:
    text = read_str(value, where, "a marker string")
    try:
        return parse_marker(text)
    except PynixError as error:
        raise where.locate(error) from None


def _requirement_text(value: JSON, where: Where) -> dict[str, JSON]:
    text = read_str(value, where, "a dependency string")
    try:
        return requirement_to_json(text)
    except PynixError as error:
        raise where.locate(error) from None


@function("pep508.parseMarkers", Param(name="input", convert=_marker_text))
def parse_markers(marker: Marker) -> JSON:
    return markers_to_json(marker)


@function("pep508.parseString", Param(name="input", convert=_requirement_text))
def parse_string(shape: dict[str, JSON]) -> JSON:
    return shape
