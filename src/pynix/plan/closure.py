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

Traps:

* Cycles are walked like any edge: a node is expanded once.
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
from pynix.plan._markers import Evaluator, MarkerTrees
from pynix.plan.model import Pin
from pynix.standards.markers import variables

__all__ = ["LockGraph", "Problem", "Reached", "Start", "Step", "walk"]

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
    """The closure on one target: installed pins with their extras and groups, edges, roots."""

    extras: dict[int, set[NormalizedName]] = dataclasses.field(default_factory=dict)
    groups: dict[int, set[NormalizedName]] = dataclasses.field(default_factory=dict)
    roots: set[int] = dataclasses.field(default_factory=set)
    steps: dict[tuple[int, int, int, NormalizedName | None, NormalizedName | None], Step] = (
        dataclasses.field(default_factory=dict)
    )
    problems: list[Problem] = dataclasses.field(default_factory=list)

    @property
    def installed(self) -> set[int]:
        """The indexes of the installed pins."""
        return set(self.extras)


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


def walk(
    graph: LockGraph,
    evaluator: Evaluator,
    starts: Iterable[Start],
    *,
    selected_extras: frozenset[str],
    follow: bool = True,
) -> Reached:
    """The closure of ``starts`` on ``evaluator``'s target.

    ``selected_extras`` are the plan's selected extras, which pin markers
    may test (Poetry writes ``extra == "docs"`` on the pins a project's
    extra needs). With ``follow=False`` only the starts are installed and
    the edges between them recorded.
    """
    walker = _Walker(graph, evaluator, selected_extras)
    for start in starts:
        walker.reached.roots.add(start.index)
        walker.enter((start.index, start.extra, start.group))
    if follow:
        walker.run()
    else:
        walker.link_installed()
    return walker.reached


# A node of the walk: (pin index, extra entered through, group entered through).
_Node = tuple[int, NormalizedName | None, NormalizedName | None]


class _Walker:
    def __init__(self, graph: LockGraph, evaluator: Evaluator, selected: frozenset[str]) -> None:
        self.graph = graph
        self.evaluator = evaluator
        self.selected = selected
        self.reached = Reached()
        self.queue: deque[_Node] = deque()
        self.seen: set[_Node] = set()

    def enter(self, node: _Node) -> None:
        index, extra, group = node
        reached = self.reached
        activated = reached.extras.setdefault(index, set())
        if extra is not None:
            activated.add(extra)
        if group is not None:
            reached.groups.setdefault(index, set()).add(group)
        if node not in self.seen:
            self.seen.add(node)
            self.queue.append(node)

    def run(self) -> None:
        # The hot loop of planning: locals and a fast path for the common edge (one pin,
        # no version or source to match) keep it at a few hundred nanoseconds per edge.
        graph, holds, enter = self.graph, self.evaluator.holds, self.enter
        packages, by_name, extra_tested = graph.packages, graph.by_name, graph.extra_tested
        steps, installed, seen, queue = (
            self.reached.steps,
            self.reached.extras,
            self.seen,
            self.queue,
        )
        while queue:
            index, extra, group = queue.popleft()
            package = packages[index]
            if group is not None:
                edges: Sequence[LockedDependency] = package.dependency_groups.get(group, ())
                active = _NONE
            elif extra is not None:
                edges = (*package.optional_dependencies.get(extra, ()), *extra_tested[index])
                active = frozenset((extra,))
            else:
                edges = package.dependencies
                active = _NONE
            for position, dependency in enumerate(edges):
                if dependency.marker is not None and not holds(dependency.marker, active):
                    continue
                candidates = by_name.get(dependency.name, [])
                if (
                    len(candidates) == 1
                    and dependency.version is None
                    and dependency.source is None
                ):
                    child = candidates[0]
                else:
                    found = self.choose(index, dependency, candidates, report=True)
                    if found is None:
                        continue
                    child = found
                key = (index, child, id(dependency), extra, group)
                if key not in steps:
                    steps[key] = Step(index, child, dependency, extra, group, position)
                node = (child, None, None)
                if node not in seen:
                    installed.setdefault(child, set())
                    seen.add(node)
                    queue.append(node)
                for wanted in dependency.extras:
                    enter((child, wanted, None))

    def link_installed(self) -> None:
        """ALL_PINS mode: record the edges between installed pins; an edge installs nothing."""
        installed = self.reached.extras
        for index in sorted(installed):
            for position, dependency in enumerate(self.graph.packages[index].dependencies):
                if not self.evaluator.holds(dependency.marker):
                    continue
                candidates = [
                    c for c in self.graph.by_name.get(dependency.name, []) if c in installed
                ]
                child = self.choose(index, dependency, candidates, report=False)
                if child is not None:
                    key = (index, child, id(dependency), None, None)
                    self.reached.steps[key] = Step(index, child, dependency, None, None, position)

    def choose(
        self, parent: int, dependency: LockedDependency, candidates: list[int], *, report: bool
    ) -> int | None:
        """The pin ``dependency`` means here (see the module docstring)."""
        packages = self.graph.packages
        if dependency.version is not None:
            candidates = [c for c in candidates if packages[c].version == dependency.version]
        if dependency.source is not None:
            candidates = [c for c in candidates if packages[c].source == dependency.source]
        if len(candidates) > 1:
            candidates = [
                c for c in candidates if self.evaluator.holds(packages[c].marker, self.selected)
            ]
        if len(candidates) == 1:
            return candidates[0]
        if not report:
            return None
        pins = self.graph.pins
        who = pins[parent]
        if not candidates:
            self.reached.problems.append(
                Problem(
                    "missing-pin",
                    parent,
                    f"{who} depends on {dependency.name}, and no pin of it applies",
                    hint="the lock does not cover this target; lock again for it",
                )
            )
            return None
        shown = ", ".join(str(pins[c]) for c in candidates)
        self.reached.problems.append(
            Problem(
                "ambiguous-pin",
                parent,
                f"{who} depends on {dependency.name}, and several pins apply ({shown})",
                hint=f"{pins[candidates[0]]} is used; choose the extras or groups that "
                "tell them apart",
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
