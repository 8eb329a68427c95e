"""What is installed on one target: the closure of the roots under the target's markers.

The walk starts at the roots (:class:`Start` values: a pin entered plainly,
through one of its extras, or through one of its dependency groups) and
follows every edge whose marker holds on the target. Nodes are (pin, way
in): a pin entered through its extra ``x`` follows the optional
dependencies of ``x`` and those plain dependencies whose marker tests
``extra``, each evaluated with ``extras={x}`` -- the metadata rule, so
``delta ; extra == "fast"`` is followed exactly when something asked for
``beta[fast]``. An edge that asks for extras (``beta[fast]``) enters the
child through each of them as well.

Which pin an edge means, when a name is pinned several times (uv's forks:
``torch 2.5.1+cpu`` on Linux, ``torch 2.5.1`` on macOS): the edge's
``version`` and ``source`` when the lock wrote them; otherwise the pins
whose own marker holds on the target. A name pinned once is that pin, its
marker notwithstanding (the edges decide where it is needed). No pin, or
several, is a :class:`Problem` the plan reports.

In :attr:`~pynix.plan.model.PlanMode.ALL_PINS` mode (hashed requirements,
PEP 751 files) nothing is installed through edges: every pin whose marker
holds is installed, and the edges between installed pins are recorded.

A pin the walk never reaches is not installed; nothing else is.

Every target is walked at once: a node carries the bitmask of the targets
it is reached on (bit ``i`` is the ``i``-th evaluator's target of
:class:`~pynix.plan._markers.MarkerMasks`), an edge is followed on the
targets where its marker holds, and a node is expanded again only for the
targets it gains later. The result is the one of a walk per target, for
about the work of one: 2,000 pins on 16 targets walk in a few hundredths
of a second (``bench/plan.py``).

Traps:

* Cycles are walked like any edge: a node is expanded once per target.
* A self-edge (``foo[all]`` depending on ``foo[a]``) only activates extras.
"""

from __future__ import annotations

import dataclasses
from collections import deque
from collections.abc import Iterable, Sequence

from packaging.utils import NormalizedName

from pynix.model.findings import Severity
from pynix.model.lock import LockedDependency, LockedPackage, LockSet
from pynix.model.project import Dependency
from pynix.plan._markers import Evaluator, MarkerMasks, MarkerTrees
from pynix.plan.model import Pin
from pynix.standards.markers import variables

__all__ = ["LockGraph", "Problem", "Reached", "Start", "Step", "StepKey", "bits", "walk"]

_NONE: frozenset[str] = frozenset()


@dataclasses.dataclass(frozen=True, slots=True)
class Start:
    """A root: pin ``index`` entered plainly (``extra`` and ``group`` ``None``) or through one."""

    index: int
    extra: NormalizedName | None = None
    group: NormalizedName | None = None


@dataclasses.dataclass(frozen=True, slots=True)
class Step:
    """An edge followed on the target: ``dependency`` of pin ``parent`` meant pin ``child``.

    ``position`` is the dependency's place in the list it was followed from
    (the pin's dependencies, or one extra's or group's): with the parent,
    the way in and the child, it orders edges the same way for the same lock.
    """

    parent: int
    child: int
    dependency: LockedDependency
    extra: NormalizedName | None
    group: NormalizedName | None
    position: int


#: An edge followed: (parent, child, id of the dependency, extra entered through, group).
StepKey = tuple[int, int, int, NormalizedName | None, NormalizedName | None]


@dataclasses.dataclass(frozen=True, slots=True)
class Problem:
    """Something to report on one target: ``code``, the pin it concerns, a message, a hint."""

    code: str
    index: int | None
    message: str
    hint: str | None = None
    severity: Severity = Severity.ERROR


@dataclasses.dataclass(slots=True)
class Reached:
    """The closure on every target at once, as bitmasks over the targets (bit ``i``: target ``i``).

    ``installed`` maps each installed pin to the targets it is installed on;
    ``extras`` / ``groups`` the extras and groups activated on a pin to
    where each is; ``roots`` the pins the targets ask for directly;
    ``steps`` the edges followed, each with the targets it is followed on
    (keyed by parent, child, the dependency's identity, and the way in);
    ``problems`` what to report, each with the targets it arises on.
    """

    installed: dict[int, int] = dataclasses.field(default_factory=dict)
    extras: dict[int, dict[NormalizedName, int]] = dataclasses.field(default_factory=dict)
    groups: dict[int, dict[NormalizedName, int]] = dataclasses.field(default_factory=dict)
    roots: dict[int, int] = dataclasses.field(default_factory=dict)
    steps: dict[StepKey, tuple[Step, int]] = dataclasses.field(default_factory=dict)
    problems: list[tuple[Problem, int]] = dataclasses.field(default_factory=list)


class LockGraph:
    """The pins of a lock by index, ready to walk on every target.

    ``pins[i]`` is the :class:`~pynix.plan.model.Pin` of ``packages[i]``.
    """

    def __init__(self, lock: LockSet, trees: MarkerTrees) -> None:
        self.lock = lock
        self.packages: tuple[LockedPackage, ...] = lock.packages
        self.pins = tuple(Pin.of(p) for p in lock.packages)
        self.by_name: dict[str, list[int]] = {}
        for index, package in enumerate(lock.packages):
            self.by_name.setdefault(package.name, []).append(index)
        # Per pin, the plain dependencies whose marker tests `extra`: an extra follows them too.
        self.extra_tested: tuple[tuple[LockedDependency, ...], ...] = tuple(
            tuple(d for d in p.dependencies if _tests_extra(d, trees)) for p in lock.packages
        )

    def roots(self) -> list[int]:
        """The indexes of the lock's root pins."""
        return [i for i, p in enumerate(self.packages) if p.name in self.lock.roots]


def _tests_extra(dependency: LockedDependency, trees: MarkerTrees) -> bool:
    if dependency.marker is None:
        return False
    node, _sets = trees.tree(dependency.marker)
    return "extra" in variables(node)


def bits(mask: int) -> list[int]:
    """The indexes of the bits set in ``mask``, lowest first.

    >>> bits(0b1010)
    [1, 3]
    """
    found = []
    index = 0
    while mask:
        if mask & 1:
            found.append(index)
        mask >>= 1
        index += 1
    return found


def walk(
    graph: LockGraph,
    masks: MarkerMasks,
    starts: Iterable[tuple[Start, int]],
    *,
    selected_extras: frozenset[str],
    follow: bool = True,
) -> Reached:
    """The closure of ``starts`` (each with the targets it starts on) on every target of ``masks``.

    ``selected_extras`` are the plan's selected extras, which pin markers
    may test (Poetry writes ``extra == "docs"`` on the pins a project's
    extra needs). With ``follow=False`` only the starts are installed and
    the edges between them recorded.
    """
    walker = _Walker(graph, masks, selected_extras)
    roots = walker.reached.roots
    for start, mask in starts:
        if mask:
            roots[start.index] = roots.get(start.index, 0) | mask
            walker.enter((start.index, start.extra, start.group), mask)
    if follow:
        walker.run()
    else:
        walker.link_installed()
    return walker.reached


# A node of the walk: (pin index, extra entered through, group entered through).
_Node = tuple[int, NormalizedName | None, NormalizedName | None]


class _Walker:
    """One walk for every target: a node carries the targets it is reached on.

    A node is expanded again only for targets it gains later, and then only
    for those: each (node, target) pair is expanded once, as in a walk per
    target, but the work shared by targets (every target that reaches a pin
    follows its unconditional edges) is done once for all of them.
    """

    def __init__(self, graph: LockGraph, masks: MarkerMasks, selected: frozenset[str]) -> None:
        self.graph = graph
        self.masks = masks
        self.selected = selected
        self.reached = Reached()
        self.queue: deque[_Node] = deque()
        self.seen: dict[_Node, int] = {}  # node -> the targets it is reached on
        self.pending: dict[_Node, int] = {}  # queued node -> the targets not yet expanded

    def enter(self, node: _Node, mask: int) -> None:
        known = self.seen.get(node, 0)
        new = mask & ~known
        if not new:
            return
        self.seen[node] = known | new
        index, extra, group = node
        reached = self.reached
        reached.installed[index] = reached.installed.get(index, 0) | new
        if extra is not None:
            activated = reached.extras.setdefault(index, {})
            activated[extra] = activated.get(extra, 0) | new
        if group is not None:
            entered = reached.groups.setdefault(index, {})
            entered[group] = entered.get(group, 0) | new
        pending = self.pending.get(node)
        if pending is None:
            self.pending[node] = new
            self.queue.append(node)
        else:
            self.pending[node] = pending | new

    def run(self) -> None:
        # The hot loop of planning: locals and a fast path for the common edge (one pin,
        # no version or source to match).
        marker_mask, enter, record = self.masks.mask, self.enter, self.record
        by_name, pending, queue = self.graph.by_name, self.pending, self.queue
        while queue:
            node = queue.popleft()
            new = pending.pop(node)
            index, extra, group = node
            edges, active = self.edges(node)
            for position, dependency in enumerate(edges):
                on = new
                if dependency.marker is not None:
                    on &= marker_mask(dependency.marker, active)
                    if not on:
                        continue
                candidates = by_name.get(dependency.name, [])
                if (
                    len(candidates) == 1
                    and dependency.version is None
                    and dependency.source is None
                ):
                    children: Iterable[tuple[int, int]] = ((candidates[0], on),)
                else:
                    children = self.choose_on(index, dependency, candidates, on)
                for child, mask in children:
                    record(Step(index, child, dependency, extra, group, position), mask)
                    enter((child, None, None), mask)
                    for wanted in dependency.extras:
                        enter((child, wanted, None), mask)

    def edges(self, node: _Node) -> tuple[Sequence[LockedDependency], frozenset[str]]:
        """The dependencies a node follows, and the extras active when deciding their markers."""
        index, extra, group = node
        package = self.graph.packages[index]
        if group is not None:
            return package.dependency_groups.get(group, ()), _NONE
        if extra is not None:
            edges = (*package.optional_dependencies.get(extra, ()), *self.graph.extra_tested[index])
            return edges, frozenset((extra,))
        return package.dependencies, _NONE

    def record(self, step: Step, mask: int) -> None:
        """``step`` is followed on the targets of ``mask`` (too)."""
        key = (step.parent, step.child, id(step.dependency), step.extra, step.group)
        known = self.reached.steps.get(key)
        self.reached.steps[key] = (step, mask) if known is None else (known[0], known[1] | mask)

    def choose_on(
        self, parent: int, dependency: LockedDependency, candidates: list[int], on: int
    ) -> list[tuple[int, int]]:
        """The pin ``dependency`` means on each target of ``on``, grouped: (child, targets)."""
        children: dict[int, int] = {}
        for target in bits(on):
            child = self.choose(parent, dependency, candidates, target, report=True)
            if child is not None:
                children[child] = children.get(child, 0) | 1 << target
        return list(children.items())

    def link_installed(self) -> None:
        """ALL_PINS mode: record the edges between installed pins; an edge installs nothing."""
        installed = self.reached.installed
        for index in sorted(installed):
            for position, dependency in enumerate(self.graph.packages[index].dependencies):
                on = installed[index] & self.masks.mask(dependency.marker)
                if not on:
                    continue
                for target in bits(on):
                    candidates = [
                        c
                        for c in self.graph.by_name.get(dependency.name, [])
                        if installed.get(c, 0) >> target & 1
                    ]
                    child = self.choose(index, dependency, candidates, target, report=False)
                    if child is None:
                        continue
                    self.record(Step(index, child, dependency, None, None, position), 1 << target)

    def choose(
        self,
        parent: int,
        dependency: LockedDependency,
        candidates: list[int],
        target: int,
        *,
        report: bool,
    ) -> int | None:
        """The pin ``dependency`` means on target ``target`` (see the module docstring)."""
        packages = self.graph.packages
        if dependency.version is not None:
            candidates = [c for c in candidates if packages[c].version == dependency.version]
        if dependency.source is not None:
            candidates = [c for c in candidates if packages[c].source == dependency.source]
        if len(candidates) > 1:
            evaluator = self.masks.evaluators[target]
            candidates = [
                c for c in candidates if evaluator.holds(packages[c].marker, self.selected)
            ]
        if len(candidates) == 1:
            return candidates[0]
        if not report:
            return None
        pins = self.graph.pins
        who = pins[parent]
        if not candidates:
            self.reached.problems.append(
                (
                    Problem(
                        "missing-pin",
                        parent,
                        f"{who} depends on {dependency.name}, and no pin of it applies",
                        hint="the lock does not cover this target; lock again for it",
                    ),
                    1 << target,
                )
            )
            return None
        shown = ", ".join(str(pins[c]) for c in candidates)
        self.reached.problems.append(
            (
                Problem(
                    "ambiguous-pin",
                    parent,
                    f"{who} depends on {dependency.name}, and several pins apply ({shown})",
                    hint=f"{pins[candidates[0]]} is used; choose the extras or groups that "
                    "tell them apart",
                ),
                1 << target,
            )
        )
        return candidates[0]


def project_starts(
    graph: LockGraph,
    evaluator: Evaluator,
    requirements: Iterable[tuple[Dependency, NormalizedName | None]],
    *,
    selected_extras: frozenset[str],
) -> tuple[list[Start], list[Problem]]:
    """The pins a project's dependencies mean on this target, as starts.

    ``requirements`` are (dependency, the project's extra it belongs to or
    ``None``). A dependency whose marker fails is skipped; one that no pin
    satisfies is a ``not-locked`` problem (the lock is older than the
    project).
    """
    starts: list[Start] = []
    problems: list[Problem] = []
    packages = graph.packages
    for dependency, extra in requirements:
        active = frozenset((extra,)) if extra is not None else _NONE
        if not evaluator.holds(dependency.marker, active):
            continue
        candidates = graph.by_name.get(dependency.name, [])
        if len(candidates) > 1:
            candidates = [
                c for c in candidates if evaluator.holds(packages[c].marker, selected_extras)
            ]
        if len(candidates) > 1:
            candidates = [
                c
                for c in candidates
                if packages[c].version is None
                or dependency.specifier.contains(packages[c].version or "", prereleases=True)
            ]
        if len(candidates) != 1:
            what = "is not locked" if not candidates else "matches several pins"
            problems.append(
                Problem(
                    "not-locked",
                    None,
                    f"the project's dependency {dependency.text or dependency} {what}",
                    hint="lock the project again",
                )
            )
            continue
        (index,) = candidates
        starts.append(Start(index))
        starts.extend(Start(index, extra=e) for e in dependency.extras)
    return starts, problems
