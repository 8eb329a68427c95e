"""pyproject.nix's marker tree, to and from pynix's markers.

pyproject.nix's ``pep508.parseMarkers`` keeps the grouping the text has: a
chain splits at its *first* ``or``, else at its first ``and``, so
``a or b or c`` is ``a or (b or c)``, and ``(a and b) and c`` keeps its
parentheses. :mod:`pynix.standards.markers` flattens chains (``And(a, b,
c)``), which loses that grouping, so the tree is shaped here from
``packaging``'s parse, which keeps it; :func:`tree_from_json` reads a tree
back into :mod:`pynix.standards.markers` nodes.

Node shapes: ``{"type": "boolOp", "lhs", "op": "and"|"or"|"in"|"not in",
"rhs"}``, ``{"type": "compare", "lhs", "op", "rhs"}``, ``{"type": "variable",
"value": name}`` and values ``{"type": "string"|"version"|"platform_release"|
"extra"|"enum", "value"}``. A string compared with a variable on its left is
typed by that variable (``version`` for ``python_version``,
``python_full_version``, ``implementation_version``; ``platform_release``;
``extra``); a string on the left stays a ``string``. The right side of
``in``/``not in`` is the variable or an ``enum``: the string split on spaces
and commas, lower-cased.
"""

from __future__ import annotations

import dataclasses
import re
import warnings
from collections.abc import Mapping, Sequence
from typing import Final, TypeAlias, cast

from packaging.markers import Marker
from packaging.version import InvalidVersion, Version

from pynix.errors import PynixError
from pynix.interop._shapes import (
    JSON,
    Where,
    read_list,
    read_object,
    read_str,
    version_text_from_json,
    version_to_json,
)
from pynix.standards.markers import And, Compare, MarkerNode, Operator, Or, Value, Variable
from pynix.standards.names import canonicalize_name

__all__ = ["marker_text_to_json", "markers_to_json", "tree_from_json"]

VERSION_VARIABLES: Final = frozenset(
    {"python_version", "python_full_version", "implementation_version"}
)
# The variables whose string operands are extra (or group) names, normalized by PEP 685.
NAME_VARIABLES: Final = frozenset({"extra", "extras", "dependency_groups"})
_ENUM_SEPARATORS: Final = re.compile(r"[, ]+")
_BOOL_OPS: Final = ("and", "or")
_MEMBERSHIP: Final = ("in", "not in")
_COMPARISONS: Final = ("<", "<=", "==", "!=", ">=", ">", "~=", "===")
_NODE_KEYS: Final = ("lhs", "op", "rhs", "type")


@dataclasses.dataclass(frozen=True, slots=True)
class _Variable:
    name: str


@dataclasses.dataclass(frozen=True, slots=True)
class _String:
    text: str


_Operand: TypeAlias = "_Variable | _String"
_Item: TypeAlias = "tuple[_Operand, str, _Operand]"
_Tree: TypeAlias = "list[_Tree | _Item | str]"


def marker_text_to_json(text: str) -> JSON:
    """pyproject.nix's tree of a marker that :func:`pynix.standards.markers.parse_marker` took."""
    with warnings.catch_warnings():
        # Escapes such as "\d" in quoted strings warn; the text has been checked already.
        warnings.simplefilter("ignore")
        marker = Marker(text)
    return markers_to_json(marker)


def markers_to_json(marker: Marker) -> JSON:
    """pyproject.nix's tree of a ``packaging`` marker (``Requirement.marker``)."""
    return _tree_to_json(_packaging_tree(marker))


def _packaging_tree(marker: Marker) -> _Tree:
    """packaging's marker list, in this module's own small node types.

    The interop layer's one reach into packaging's private marker structure
    (DESIGN.md's trap; :func:`pynix.standards.markers.from_packaging` is the
    other, and flattens the grouping this one keeps): a list of
    ``(lhs, op, rhs)`` tuples of ``Variable``/``Value``/``Op`` nodes,
    ``"and"``/``"or"`` strings between them, and nested lists for parentheses.
    """
    from packaging._parser import Variable as PackagingVariable  # noqa: PLC0415  (private)

    def convert(items: Sequence[object]) -> _Tree:
        tree: _Tree = []
        for item in items:
            if isinstance(item, str):
                tree.append(item)
            elif isinstance(item, tuple):
                lhs, op, rhs = item
                tree.append((operand(lhs), str(op.value), operand(rhs)))
            else:
                tree.append(convert(cast(list[object], item)))
        return tree

    def operand(node: object) -> _Operand:
        value = str(getattr(node, "value", ""))
        return _Variable(value) if isinstance(node, PackagingVariable) else _String(value)

    return convert(marker._markers)


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
    if op in _MEMBERSHIP:
        left = _operand_to_json(lhs, None, op)
        if isinstance(rhs, _Variable):
            right: JSON = _operand_to_json(rhs, None, op)
            if isinstance(lhs, _String) and rhs.name in NAME_VARIABLES:
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
    return typed_value(None if variable is None else variable.name, operand.text, op)


def typed_value(variable: str | None, text: str, op: str = "==") -> dict[str, JSON]:
    """pyproject.nix's typed node for a string that ``variable`` is compared with (or set to).

    >>> typed_value("python_version", "3.8")["type"], typed_value("os_name", "nt")["type"]
    ('version', 'string')
    """
    if variable in NAME_VARIABLES:
        text = canonicalize_name(text)
        return {"type": "extra" if variable == "extra" else "string", "value": text}
    if variable in VERSION_VARIABLES:
        version = _version_json(text, wildcard=op in ("==", "!="))
        if version is None:
            return {"type": "string", "value": text}
        return {"type": "version", "value": version}
    if variable == "platform_release":
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


def tree_from_json(value: JSON, where: Where, env: Mapping[str, str] | None = None) -> MarkerNode:
    """Read pyproject.nix's marker tree back into :mod:`pynix.standards.markers` nodes.

    A value node's text is its ``value`` (a parsed version's ``str``, an
    ``enum`` joined with spaces). The tree lower-cases an ``enum``, so with
    ``env`` given, ``variable in enum`` is matched without regard to case:
    the enum text takes the variable's own spelling where it contains it
    (``"CPython" in "cpython pypy"`` holds). Raises
    :class:`~pynix.errors.InvalidArgument` for a wrong shape and
    :class:`~pynix.errors.InvalidMarker` for a comparison PEP 508 does not
    define (two variables, two strings).
    """
    fields = read_object(value, where, "a marker tree node", (*_NODE_KEYS, "value"))
    kind = read_str(fields.get("type"), where / "type", "a node type")
    if kind not in ("boolOp", "compare"):
        raise (where / "type").error('"boolOp" or "compare" (a marker tree)', kind)
    op = read_str(fields.get("op"), where / "op", "an operator")
    for key in ("lhs", "rhs"):
        if key not in fields:
            raise where.fail(f"a {kind} node needs '{key}'")
    if kind == "boolOp" and op in _BOOL_OPS:
        items = [tree_from_json(fields[key], where / key, env) for key in ("lhs", "rhs")]
        flat: list[MarkerNode] = []
        kind_class = And if op == "and" else Or
        for item in items:
            flat.extend(item.items if isinstance(item, kind_class) else (item,))
        return kind_class(tuple(flat))
    allowed = (*_BOOL_OPS, *_MEMBERSHIP) if kind == "boolOp" else _COMPARISONS
    if op not in allowed:
        raise (where / "op").error(", ".join(f'"{o}"' for o in allowed), op)
    lhs = _side_from_json(fields["lhs"], where / "lhs", enum=False)
    rhs = _side_from_json(fields["rhs"], where / "rhs", enum=op in _MEMBERSHIP)
    if env is not None and isinstance(lhs, Variable) and _is_enum(fields["rhs"]):
        rhs = Value(_with_case_of(env.get(lhs.name), cast(Value, rhs).text))
    try:
        return Compare(lhs, cast(Operator, op), rhs)
    except PynixError as error:
        raise where.locate(error) from None


def _is_enum(value: JSON) -> bool:
    return isinstance(value, dict) and value.get("type") == "enum"


def _with_case_of(wanted: str | None, text: str) -> str:
    if not wanted:
        return text
    found = text.find(wanted.lower())
    if found < 0:
        return text
    return text[:found] + wanted + text[found + len(wanted) :]


def _side_from_json(value: JSON, where: Where, *, enum: bool) -> Variable | Value:
    fields = read_object(value, where, "a marker variable or value", ("type", "value"))
    kind = read_str(fields.get("type"), where / "type", "a node type")
    content = fields.get("value")
    if kind == "variable":
        try:
            return Variable(read_str(content, where / "value", "a variable name"))
        except PynixError as error:
            raise (where / "value").locate(error) from None
    if kind in ("string", "extra"):
        return Value(read_str(content, where / "value"))
    if kind == "version" or (kind == "platform_release" and not isinstance(content, str)):
        return Value(version_text_from_json(content, where / "value", wildcard=True))
    if kind == "platform_release":
        return Value(read_str(content, where / "value"))
    if kind == "enum" and enum:
        items = read_list(content, where / "value", "a list of strings")
        return Value(" ".join(read_str(item, where / "value" / i) for i, item in enumerate(items)))
    wanted = '"variable", "string", "version", "platform_release", "extra"'
    raise (where / "type").error(wanted + (' or "enum"' if enum else ""), kind)
