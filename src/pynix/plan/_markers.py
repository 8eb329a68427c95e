"""Markers decided on one target, each distinct (marker, extras) question answered once (private).

A lock repeats the same few markers thousands of times (``sys_platform ==
'linux'`` on every edge of a fork), and readers share one
:class:`~packaging.markers.Marker` object per marker text. The evaluator
keys its cache by that object's identity (holding a reference, so the
identity cannot be reused) and by the extras asked about, and converts each
marker to a :mod:`pynix.standards.markers` tree once for all targets.

Besides PEP 508's variables and ``extra``, markers in locks use:

* PEP 751's ``"x" in extras`` / ``"g" in dependency_groups``, decided by
  the plan's selection of extras and groups;
* uv's encoded conflict markers, ``extra == "extra-7-project-cpu"`` (the
  extra ``cpu`` of ``project``) and ``"group-7-project-dev"``: the encoded
  names of the selection are added to the extras every marker sees.

A marker that cannot be decided (an undefined comparison) is false, and the
evaluator remembers why for the plan's findings.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from packaging.markers import Marker

from pynix.errors import PynixError
from pynix.standards.markers import (
    And,
    MarkerNode,
    Or,
    environment,
    evaluate,
    from_packaging,
    to_string,
    variables,
)
from pynix.standards.targets import Target

__all__ = ["Evaluator", "MarkerMasks", "MarkerTrees", "encoded_selection"]

_SET_VARIABLES = frozenset({"extras", "dependency_groups"})


def encoded_selection(
    roots: Iterable[str], extras: Iterable[str], groups: Iterable[str]
) -> frozenset[str]:
    """uv's encoded names for the selected extras and groups of every root.

    >>> sorted(encoded_selection(["app"], ["cpu"], ["dev"]))
    ['extra-3-app-cpu', 'group-3-app-dev']
    """
    names: set[str] = set()
    for root in roots:
        names.update(f"extra-{len(root)}-{root}-{extra}" for extra in extras)
        names.update(f"group-{len(root)}-{root}-{group}" for group in groups)
    return frozenset(names)


class MarkerTrees:
    """Each marker's tree, made once; shared by the evaluators of every target."""

    def __init__(self) -> None:
        self._trees: dict[int, tuple[Marker, MarkerNode, bool]] = {}

    def tree(self, marker: Marker) -> tuple[MarkerNode, bool]:
        """The tree of ``marker`` and whether it reads a lock-file set variable."""
        known = self._trees.get(id(marker))
        if known is None:
            node = from_packaging(marker)
            known = (marker, node, bool(variables(node) & _SET_VARIABLES))
            self._trees[id(marker)] = known
        return known[1], known[2]


class Evaluator:
    """Decides markers on one target with a fixed selection of extras and groups."""

    def __init__(
        self,
        target: Target,
        trees: MarkerTrees,
        *,
        extras: frozenset[str],
        groups: frozenset[str],
        encoded: frozenset[str],
    ) -> None:
        self.target = target
        self.env = environment(target)
        self._trees = trees
        self._extras = extras
        self._groups = groups
        self._encoded = encoded
        self._cache: dict[tuple[int, frozenset[str]], bool] = {}
        self._keep: list[Marker] = []
        #: (marker text, message) of the markers that could not be decided.
        self.failures: list[tuple[str, str]] = []

    def holds(self, marker: Marker | None, extras: frozenset[str] = frozenset()) -> bool:
        """Whether ``marker`` holds here when ``extras`` are active (``None`` always holds)."""
        if marker is None:
            return True
        key = (id(marker), extras)
        known = self._cache.get(key)
        if known is None:
            known = self._decide(marker, extras)
            self._cache[key] = known
            self._keep.append(marker)
        return known

    def _decide(self, marker: Marker, extras: frozenset[str]) -> bool:
        node, uses_sets = self._trees.tree(marker)
        active = extras | self._encoded
        try:
            if uses_sets:
                return self._walk(node, active)
            return evaluate(node, self.env, active)
        except PynixError as error:
            self.failures.append((to_string(node), error.message))
            return False

    def _walk(self, node: MarkerNode, extras: frozenset[str]) -> bool:
        if isinstance(node, And):
            return all(self._walk(item, extras) for item in node.items)
        if isinstance(node, Or):
            return any(self._walk(item, extras) for item in node.items)
        if node.variable in _SET_VARIABLES:
            chosen = self._extras if node.variable == "extras" else self._groups
            inside = node.literal in chosen
            return inside if node.op == "in" else not inside
        return evaluate(node, self.env, extras)


class MarkerMasks:
    """Where markers hold across targets: bit ``i`` of a mask is ``evaluators[i]``'s target.

    The closure is walked once for every target (:mod:`pynix.plan.closure`),
    carrying bitmasks; each distinct (marker, extras) question is answered
    once per target here.
    """

    def __init__(self, evaluators: Sequence[Evaluator]) -> None:
        self.evaluators = tuple(evaluators)
        self.all = (1 << len(self.evaluators)) - 1
        self._cache: dict[tuple[int, frozenset[str]], int] = {}
        self._keep: list[Marker] = []  # holds the markers whose id() keys the cache

    def mask(self, marker: Marker | None, extras: frozenset[str] = frozenset()) -> int:
        """The targets on which ``marker`` holds with ``extras`` active (all for ``None``)."""
        if marker is None:
            return self.all
        key = (id(marker), extras)
        known = self._cache.get(key)
        if known is None:
            known = 0
            for bit, evaluator in enumerate(self.evaluators):
                if evaluator.holds(marker, extras):
                    known |= 1 << bit
            self._cache[key] = known
            self._keep.append(marker)
        return known
