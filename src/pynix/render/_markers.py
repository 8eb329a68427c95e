"""PEP 508 markers as the condition compiler needs them: a small tree, and evaluation at a point.

Private to :mod:`pynix.render.conditions`. The tree is read from
``packaging``'s parsed marker (the one reach into ``Marker._markers``);
evaluation of a comparison goes through ``packaging`` itself with a
complete environment, so PEP 440 and string semantics are exactly
``packaging``'s (including its ``Specifier.contains(..., prereleases=True)``
for version variables and its fallbacks for invalid versions).

Traps:

* ``and`` binds tighter than ``or``; ``packaging`` keeps both as flat lists
  of items separated by the strings ``"and"`` / ``"or"``.
* A comparison may have its variable on the right (``"3.8" < python_version``,
  ``"test" in extras``) or variables on both sides.
* ``Marker.evaluate`` fills missing keys from the *running* interpreter, so
  every evaluation here passes every key.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Iterator, Mapping
from typing import Any, TypeAlias

from packaging.markers import Marker

__all__ = [
    "ENV_KEYS",
    "All",
    "Any_",
    "Compare",
    "Node",
    "decide_extra",
    "evaluate_compare",
    "tree",
    "walk",
]

ENV_KEYS = (
    "implementation_name",
    "implementation_version",
    "os_name",
    "platform_machine",
    "platform_python_implementation",
    "platform_release",
    "platform_system",
    "platform_version",
    "python_full_version",
    "python_version",
    "sys_platform",
)


@dataclasses.dataclass(frozen=True, slots=True)
class Compare:
    """One comparison; ``left``/``right`` are variable names when ``*_is_var``, else literals."""

    left: str
    op: str
    right: str
    left_is_var: bool
    right_is_var: bool

    @property
    def variables(self) -> tuple[str, ...]:
        names = []
        if self.left_is_var:
            names.append(self.left)
        if self.right_is_var:
            names.append(self.right)
        return tuple(names)

    @property
    def literal(self) -> str | None:
        """The literal side of a variable-to-literal comparison."""
        if self.left_is_var and not self.right_is_var:
            return self.right
        if self.right_is_var and not self.left_is_var:
            return self.left
        return None

    def __str__(self) -> str:
        return (
            f"{_side(self.left, self.left_is_var)} {self.op} {_side(self.right, self.right_is_var)}"
        )


@dataclasses.dataclass(frozen=True, slots=True)
class All:
    """``a and b and …``."""

    items: tuple[Node, ...]

    def __str__(self) -> str:
        return " and ".join(_grouped(i) for i in self.items)


@dataclasses.dataclass(frozen=True, slots=True)
class Any_:  # noqa: N801 - `Any` is typing's
    """``a or b or …``."""

    items: tuple[Node, ...]

    def __str__(self) -> str:
        return " or ".join(_grouped(i) for i in self.items)


Node: TypeAlias = Compare | All | Any_


def _side(value: str, is_var: bool) -> str:  # noqa: FBT001 - private helper
    if is_var:
        return value
    quote = "'" if '"' in value else '"'
    return f"{quote}{value}{quote}"


def _grouped(node: Node) -> str:
    return f"({node})" if isinstance(node, All | Any_) else str(node)


def tree(marker: Marker) -> Node:
    """The tree of a parsed marker (``and`` inside ``or``, nested groups kept)."""
    return _list(marker._markers)


def _list(items: list[Any]) -> Node:
    groups: list[list[Node]] = [[]]
    for item in items:
        if item == "or":
            groups.append([])
        elif item == "and":
            continue
        elif isinstance(item, list):
            groups[-1].append(_list(item))
        else:
            left, op, right = item
            groups[-1].append(
                Compare(
                    left=left.value,
                    op=op.value,
                    right=right.value,
                    left_is_var=type(left).__name__ == "Variable",
                    right_is_var=type(right).__name__ == "Variable",
                )
            )
    alls = [group[0] if len(group) == 1 else All(tuple(group)) for group in groups]
    return alls[0] if len(alls) == 1 else Any_(tuple(alls))


def walk(node: Node) -> Iterator[Compare]:
    """Every comparison of ``node``, left to right."""
    if isinstance(node, Compare):
        yield node
    else:
        for item in node.items:
            yield from walk(item)


def evaluate_compare(compare: Compare, environment: Mapping[str, str | frozenset[str]]) -> bool:
    """The truth of one comparison in ``environment`` (needs only the keys it reads)."""
    values = tuple((name, environment[name]) for name in compare.variables)
    return _evaluate(str(compare), values)


def decide_extra(compare: Compare, extras: frozenset[str]) -> bool | None:
    """``extra OP "x"`` for a *set* of chosen extras (``None``: undefined, ``extra < "x"``).

    Some chosen extra must match for ``==`` and ``in``; every one for ``!=``
    and ``not in`` (so that with one extra this is ``packaging``'s answer).
    """
    if compare.op not in ("==", "!=", "in", "not in") or compare.literal is None:
        return None
    hits = [_evaluate(str(compare), (("extra", extra),)) for extra in sorted(extras)]
    return all(hits) if compare.op in ("!=", "not in") else any(hits)


@functools.lru_cache(maxsize=65536)
def _evaluate(text: str, values: tuple[tuple[str, str | frozenset[str]], ...]) -> bool:
    environment: dict[str, str | frozenset[str]] = dict.fromkeys(ENV_KEYS, "")
    environment["python_full_version"] = "0"
    environment.update({"extra": "", "extras": frozenset(), "dependency_groups": frozenset()})
    environment.update(values)
    return _marker(text).evaluate(environment, context="lock_file")


@functools.lru_cache(maxsize=4096)
def _marker(text: str) -> Marker:
    return Marker(text)
