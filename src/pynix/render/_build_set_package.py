"""One package of a pyproject.nix build set as a ``callPackage`` function (private).

A :class:`Unit` is one pin as :mod:`pynix.render.build_set` decided to write
it: its :class:`Variant` values (the attributes that depend on the file
chosen: ``src``, hooks, native inputs), the targets it has no file for, and
its ``passthru``. :func:`unit_function` writes::

    { stdenv, fetchurl, pyprojectWheelHook, … }:
    stdenv.mkDerivation {
      pname = "…";
      version = "…";
      src = if <targets of file 1> then fetchurl { … } else fetchurl { … };
      nativeBuildInputs = [ pyprojectWheelHook ];
      passthru = { dependencies = { … }; };
    }

An attribute that is the same for every variant is written once; one that
differs becomes an ``if`` chain over the variants' targets, the last variant
in the ``else`` -- except ``src`` when some target has no file: that target
falls through to a ``throw`` naming the package, the system and the Python
version. A unit that can be installed in place (a local project) takes
``editableRoot ? null``: given a string (``"$PYNIX_PROJECT_ROOT/pkg"``), it
builds with ``pyprojectEditableHook`` and ``EDITABLE_ROOT``, and its build
system joins its run-time dependencies, as pyproject.nix's
``mkDerivationEditable`` does.

The function's arguments are the names its body reads, except ``lib``, which
the build set's file takes.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any

from packaging.utils import NormalizedName

from pynix.nix import (
    AttrSet,
    Binding,
    BinOp,
    Bool,
    Call,
    Entry,
    Expr,
    If,
    Inherit,
    Int,
    Interp,
    Lambda,
    Let,
    List,
    Null,
    Path,
    Select,
    Str,
    UnaryOp,
    Var,
    attrs,
    bind,
    call,
    lam,
    let_,
    list_,
    op,
    pattern,
    s,
    var,
)
from pynix.render._build_set_needs import Conditions
from pynix.render._target_sets import TARGET
from pynix.standards.targets import Target

__all__ = ["ATTRIBUTE_ORDER", "EDITABLE", "Unit", "Variant", "choose", "unit_function"]

#: The order of the attributes a variant may set.
ATTRIBUTE_ORDER = (
    "src",
    "postUnpack",
    "dontUnpack",
    "dontConfigure",
    "dontBuild",
    "installPhase",
    "nativeBuildInputs",
    "buildInputs",
    "autoPatchelfIgnoreMissingDeps",
)
# What a variant without the attribute means by it, where another variant sets it.
_ABSENT: dict[str, Expr] = {
    "postUnpack": s(""),
    "buildInputs": list_(),
    "autoPatchelfIgnoreMissingDeps": list_(),
}
#: ``editableRoot != null``, bound in an editable unit's ``let``.
EDITABLE = var("editable")
_MK_DERIVATION = var("stdenv.mkDerivation")
# Names a package function reads without taking them as arguments.
# Nodes and values without variables inside.
_LEAVES = frozenset({str, int, bool, float, type(None), Bool, Int, Null, Path})
# The fields of a node that can hold expressions, in source order (other fields are text).
_CHILDREN: dict[type, tuple[str, ...]] = {
    Binding: ("path", "value"),
    AttrSet: ("entries",),
    Call: ("func", "args"),
    Select: ("expr", "path", "default"),
    List: ("items",),
    Interp: ("expr",),
    If: ("cond", "then", "else_"),
    BinOp: ("left", "right"),
    UnaryOp: ("operand",),
    Lambda: ("param", "body"),
    Let: ("entries", "body"),
    Inherit: ("source",),
}
_NOT_ARGUMENTS = frozenset(
    {"lib", "builtins", "throw", "toString", "import", "editable", "buildSystem", TARGET}
)


@dataclasses.dataclass(frozen=True, kw_only=True, slots=True)
class Variant:
    """The file-dependent attributes of a unit on ``targets`` (in plan order)."""

    targets: tuple[Target, ...]
    attributes: tuple[tuple[str, Expr], ...]


@dataclasses.dataclass(frozen=True, kw_only=True, slots=True)
class Unit:
    """One pin, ready to write: see the module docstring.

    ``shown`` names it in messages (``name version``); ``targets`` are where
    it is installed, ``missing`` those of them without a file; ``build_system``
    is the ``resolveBuildSystem`` spec an editable unit binds as
    ``buildSystem`` (its variants read that name).
    """

    name: NormalizedName
    version: str
    shown: str
    targets: tuple[Target, ...]
    variants: tuple[Variant, ...]
    missing: tuple[Target, ...] = ()
    passthru: tuple[Entry, ...] = ()
    build_system: Expr | None = None
    editable: bool = False
    meta: Expr | None = None
    version_comment: str | None = None


def unit_function(unit: Unit, conditions: Conditions) -> Expr:
    """The ``callPackage`` function of ``unit``; ``conditions`` are over the package's scope."""
    entries: list[Entry] = [
        bind("pname", unit.name),
        bind("version", unit.version, comment=unit.version_comment),
    ]
    entries.extend(_variant_entries(unit, conditions))
    if unit.passthru:
        entries.append(bind("passthru", attrs(unit.passthru)))
    if unit.meta is not None:
        entries.append(bind("meta", unit.meta))
    arguments: Expr = attrs(entries)
    if unit.editable:
        arguments = op(
            "//",
            arguments,
            call(var("lib.optionalAttrs"), EDITABLE, attrs({"EDITABLE_ROOT": var("editableRoot")})),
        )
    body: Expr = Call(func=_MK_DERIVATION, args=(arguments,))
    if unit.editable:
        bindings = [bind("editable", op("!=", var("editableRoot"), None))]
        if unit.build_system is not None:
            bindings.insert(0, bind("buildSystem", unit.build_system))
        body = let_(bindings, body)
    used = [name for name in _variables(body) if name not in _NOT_ARGUMENTS]
    formals: list[str | tuple[str, None]] = [name for name in used if name != "editableRoot"]
    if unit.editable:
        formals.append(("editableRoot", None))
    return lam(pattern(formals), body)


def _variables(expr: Expr) -> list[str]:
    """Every variable ``expr`` reads, in first-use order.

    A package function binds nothing but its ``let`` (``buildSystem``,
    ``editable``, left out by the caller), so no scoping is needed: a plain
    walk is several times faster than :func:`pynix.render._scope.free_variables`
    over 2,000 packages. Only the fields that can hold expressions are
    visited (:data:`_CHILDREN`), and text is never looked into.
    """
    found: dict[str, None] = {}
    _visit(expr, found)
    return list(found)


def _visit(node: Any, found: dict[str, None]) -> None:
    # `Any`: a node, a tuple of them, or a field's text; dispatched on the exact type.
    kind = type(node)
    if kind is Var:
        found[node.name] = None
        return
    if kind is Binding:
        path, value = node.path, node.value
        if len(path) != 1 or type(path[0]) is not str:
            _visit(path, found)
        # Most bindings hold plain text (pname, url, hash): nothing to look into.
        if type(value) is not Str or len(value.parts) != 1 or type(value.parts[0]) is not str:
            _visit(value, found)
        return
    items = node.parts if kind is Str else node if kind is tuple else None
    if items is not None:
        for item in items:
            if type(item) is not str:
                _visit(item, found)
    elif kind not in _LEAVES:
        for field in _CHILDREN.get(kind) or kind.__slots__:
            child = getattr(node, field)
            if child is not None and type(child) is not str:
                _visit(child, found)


def _variant_entries(unit: Unit, conditions: Conditions) -> list[Entry]:
    tables = [dict(v.attributes) for v in unit.variants]
    keys = [k for k in ATTRIBUTE_ORDER if any(k in table for table in tables)]
    built = 0
    for variant in unit.variants:
        built |= conditions.mask(variant.targets)
    entries: list[Entry] = []
    for key in keys:
        values: list[tuple[tuple[Target, ...], Expr]] = []
        for variant, table in zip(unit.variants, tables, strict=True):
            value = table.get(key, _ABSENT.get(key))
            assert value is not None, f"{unit.shown}: {key} is set by some variants only"
            values.append((variant.targets, value))
        fallback = _missing(unit) if key == "src" and unit.missing else None
        universe = conditions.mask(unit.targets) if fallback is not None else built
        # Each variant is a different file: its src differs from the others'.
        chosen = choose(values, universe, conditions, fallback, distinct=key == "src")
        entries.append(bind(key, chosen))
    if not unit.variants and unit.missing:
        entries.append(bind("src", _missing(unit)))
    return entries


def choose(
    values: Sequence[tuple[Sequence[Target], Expr]],
    universe: int,
    conditions: Conditions,
    fallback: Expr | None = None,
    *,
    distinct: bool = False,
) -> Expr:
    """One expression choosing among ``values`` by target.

    Values equal on several groups of targets are merged (unless the caller
    knows them ``distinct``: comparing file trees is costly); a ``fallback``
    (a ``throw``) takes the targets none covers. Two alternatives are an
    ``if``, more a lookup by system, Python version or target (see
    :meth:`~pynix.render._target_sets.TargetSets.by_target`). Exact on
    ``universe``, a bitmask over the plan's targets (:meth:`Conditions.mask`).
    """
    if distinct:
        chosen = [(conditions.mask(targets), value) for targets, value in values]
    else:
        # By identity first (variants share their hook lists), then by value.
        same: dict[int, tuple[Expr, int]] = {}
        for targets, value in values:
            known = same.get(id(value))
            mask = conditions.mask(targets)
            same[id(value)] = (value, mask if known is None else known[1] | mask)
        grouped: dict[Expr, int] = {}
        for value, mask in same.values():
            grouped[value] = grouped.get(value, 0) | mask
        chosen = [(mask, value) for value, mask in grouped.items()]
    return conditions.sets.by_target(chosen, universe, fallback)


def _missing(unit: Unit) -> Expr:
    return call(
        var("throw"),
        s(
            f"pynix: no file of {unit.shown} installs on ",
            var("stdenv.hostPlatform.system"),
            " with Python ",
            var("python.pythonVersion"),
            " (the lock has none for this target; see pynix's findings)",
        ),
    )
