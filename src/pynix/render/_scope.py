"""Free variables of a Nix tree, for the argument list of a ``callPackage`` function (private).

A ``package.nix`` must take as arguments exactly the names its body uses
(``lib``, ``stdenv``, ``buildPythonPackage``, ``requests``, …); collecting
them from the finished tree keeps the pattern and the body in step.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator

from pynix.nix import AttrSet, Binding, Expr, Inherit, Interp, Lambda, Let, Pattern, Var, With

__all__ = ["binding_names", "free_variables"]


def free_variables(expr: Expr) -> list[str]:
    """The variables ``expr`` reads without binding them, in first-use order (``builtins`` too)."""
    return list(dict.fromkeys(_free(expr, frozenset())))


def _free(node: object, bound: frozenset[str]) -> Iterator[str]:  # noqa: PLR0911, PLR0912 - one case per node
    if isinstance(node, Var):
        if node.name not in bound:
            yield node.name
        return
    if isinstance(node, Lambda):
        names = {node.param} if isinstance(node.param, str) else _pattern_names(node.param)
        inner = bound | names
        if isinstance(node.param, Pattern):
            for formal in node.param.formals:
                if formal.default is not None:
                    yield from _free(formal.default, inner)
        yield from _free(node.body, inner)
        return
    if isinstance(node, Let):
        inner = bound | binding_names(node.entries)
        for entry in node.entries:
            yield from _free(entry, inner)
        yield from _free(node.body, inner)
        return
    if isinstance(node, AttrSet):
        inner = bound | binding_names(node.entries) if node.rec else bound
        for entry in node.entries:
            yield from _free(entry, inner)
        return
    if isinstance(node, Inherit):
        if node.source is not None:
            yield from _free(node.source, bound)
        else:
            yield from (name for name in node.names if name not in bound)
        return
    if isinstance(node, Binding):
        for key in node.path:
            if isinstance(key, Interp):
                yield from _free(key.expr, bound)
        yield from _free(node.value, bound)
        return
    if isinstance(node, With):
        raise ValueError("free variables under `with` are not known statically")
    if isinstance(node, tuple):
        for item in node:
            yield from _free(item, bound)
        return
    if dataclasses.is_dataclass(node) and not isinstance(node, type):
        for field in dataclasses.fields(node):
            yield from _free(getattr(node, field.name), bound)


def _pattern_names(pattern: Pattern) -> set[str]:
    names = {formal.name for formal in pattern.formals}
    if pattern.bind:
        names.add(pattern.bind)
    return names


def binding_names(entries: Iterable[Binding | Inherit]) -> frozenset[str]:
    """The names a ``let`` (or ``rec { }``) of ``entries`` binds."""
    names: set[str] = set()
    for entry in entries:
        if isinstance(entry, Inherit):
            names.update(entry.names)
        elif isinstance(entry.path[0], str):
            names.add(entry.path[0])
    return frozenset(names)
