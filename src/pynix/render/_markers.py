"""Marker operations the condition compiler needs, over :mod:`pynix.standards.markers` (private).

The tree, the comparison rules and the rule for a set of extras are the
standards module's; this module adds only what compiling needs on top:
the comparisons of a tree in order, decisions cached per (comparison,
value) -- a universe of interpreter versions asks the same question
hundreds of times -- and PEP 751's ``extras`` / ``dependency_groups``
membership, which the standards module leaves to lock readers.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Mapping

from pynix.errors import InvalidMarker
from pynix.standards.markers import And, Compare, MarkerNode, Or, evaluate, to_string

__all__ = [
    "And",
    "Compare",
    "MarkerNode",
    "Or",
    "decide",
    "decide_extra",
    "decide_selection",
    "to_string",
    "walk",
]

_SET_VARIABLES = frozenset({"extras", "dependency_groups"})


def walk(node: MarkerNode) -> Iterator[Compare]:
    """Every comparison of ``node``, left to right."""
    if isinstance(node, Compare):
        yield node
    else:
        for item in node.items:
            yield from walk(item)


def decide(compare: Compare, environment: Mapping[str, str]) -> bool:
    """The truth of one comparison; ``environment`` needs only the variable it reads."""
    return _decide(compare, environment[compare.variable])


@functools.lru_cache(maxsize=65536)
def _decide(compare: Compare, value: str) -> bool:
    return evaluate(compare, {compare.variable: value})


def decide_selection(compare: Compare, chosen: frozenset[str]) -> bool:
    """``"name" in extras`` / ``"name" not in dependency_groups`` for the chosen names."""
    assert compare.variable in _SET_VARIABLES, compare
    return (compare.literal in chosen) == (compare.op == "in")


@functools.lru_cache(maxsize=4096)
def decide_extra(compare: Compare, extras: frozenset[str]) -> bool | None:
    """``extra OP "x"`` for a *set* of chosen extras (the standards module's rule).

    ``None`` when the comparison is undefined (``extra < "x"``).
    """
    try:
        return evaluate(compare, {}, extras=extras)
    except InvalidMarker:
        return None
