"""Putting a plan together from the per-target results (private to :mod:`pynix.plan.planner`).

Each target's closure and choices come in by pin index; here they become the
plan's values: one :class:`~pynix.plan.model.Edge` per followed dependency
with the targets it holds on (and ``cut`` when :func:`~pynix.plan.cycles.find_cycles`
cut it), one :class:`~pynix.plan.model.Environment` per target, one
:class:`~pynix.plan.model.PlannedPackage` per pin installed anywhere, and
the :class:`~pynix.plan.model.Cycle` values. Pins and targets stay indexes
until the end: hashing their dataclasses thousands of times is what made
this slow.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence

from packaging.utils import NormalizedName

from pynix.formats.pynix_settings import Settings
from pynix.model.findings import Finding
from pynix.model.lock import Artifact, LockSet
from pynix.plan.closure import LockGraph, Reached, Step
from pynix.plan.cycles import find_cycles
from pynix.plan.model import (
    Build,
    Choice,
    Cycle,
    Edge,
    Environment,
    Installed,
    Pin,
    Plan,
    PlanMode,
    PlannedPackage,
)
from pynix.standards.targets import Target

__all__ = ["Assembler"]

_EdgeKey = tuple[int, int, int, NormalizedName | None, NormalizedName | None]


class Assembler:
    """Builds the :class:`~pynix.plan.model.Plan` of one planning run."""

    def __init__(self, lock: LockSet, graph: LockGraph, settings: Settings) -> None:
        self.lock = lock
        self.graph = graph
        self.settings = settings
        self._installed: dict[tuple[object, ...], Installed] = {}

    def plan(
        self,
        *,
        mode: PlanMode,
        targets: tuple[Target, ...],
        extras: tuple[NormalizedName, ...],
        groups: tuple[NormalizedName, ...],
        reached: Sequence[Reached],
        chosen: Sequence[Mapping[int, tuple[Build, Artifact | None]]],
        findings: tuple[Finding, ...],
    ) -> Plan:
        """The plan of ``targets``, given each target's closure and choices."""
        # Pins and targets are handled by index here: hashing their dataclasses is slow.
        pins = self.graph.pins
        order = _pin_order(pins)
        rank = [0] * len(pins)
        for position, index in enumerate(order):
            rank[index] = position
        on: dict[_EdgeKey, list[int]] = {}
        first: dict[_EdgeKey, Step] = {}
        for t, closure in enumerate(reached):
            for key, step in closure.steps.items():
                found = on.get(key)
                if found is None:
                    on[key] = [t]
                    first[key] = step
                else:
                    found.append(t)
        found_cycles = find_cycles(
            list(range(len(pins))), {(rank[s.parent], rank[s.child]) for s in first.values()}
        )
        cycles = [
            (tuple(order[m] for m in members), {(order[p], order[c]) for p, c in cut})
            for members, cut in found_cycles
        ]
        cut_pairs = {pair for _, cut in cycles for pair in cut}
        keyed = sorted(
            first.items(),
            key=lambda item: (
                rank[item[1].parent],
                item[1].group or "",
                item[1].extra or "",
                rank[item[1].child],
                item[1].position,
            ),
        )
        edges: list[_Placed] = []
        per_target: list[list[Edge]] = [[] for _ in targets]
        for key, step in keyed:
            where = on[key]
            dependency = step.dependency
            edge = Edge(
                parent=pins[step.parent],
                child=pins[step.child],
                extras=dependency.extras,
                extra=step.extra,
                group=step.group,
                marker=dependency.marker,
                targets=tuple(targets[t] for t in where),
                cut=(step.parent, step.child) in cut_pairs,
            )
            edges.append(_Placed(step.parent, step.child, where, edge))
            for t in where:
                per_target[t].append(edge)
        environments = tuple(
            self._environment(target, closure, choices, per_target[t], rank)
            for t, (target, closure, choices) in enumerate(
                zip(targets, reached, chosen, strict=True)
            )
        )
        return Plan(
            lock=self.lock,
            settings=self.settings,
            mode=mode,
            targets=targets,
            extras=extras,
            groups=groups,
            environments=environments,
            packages=self._packages(environments, reached, edges, order),
            edges=tuple(p.edge for p in edges),
            cycles=self._cycles(cycles, edges, targets),
            findings=findings,
        )

    def _environment(
        self,
        target: Target,
        closure: Reached,
        choices: Mapping[int, tuple[Build, Artifact | None]],
        edges: list[Edge],
        rank: Sequence[int],
    ) -> Environment:
        pins = self.graph.pins
        entries = []
        made = self._installed
        for index in sorted(closure.extras, key=rank.__getitem__):
            build, artifact = choices[index]
            extras = closure.extras[index]
            extras_shown = tuple(sorted(extras)) if extras else ()
            groups = closure.groups.get(index)
            groups_shown = tuple(sorted(groups)) if groups else ()
            root = index in closure.roots
            # Most pins are installed the same way on most targets: one value serves them all.
            key = (index, build, id(artifact), extras_shown, groups_shown, root)
            entry = made.get(key)
            if entry is None:
                entry = Installed(
                    pin=pins[index],
                    build=build,
                    artifact=artifact,
                    extras=extras_shown,
                    groups=groups_shown,
                    root=root,
                )
                made[key] = entry
            entries.append(entry)
        installed = tuple(entries)
        return Environment(
            target=target,
            installed=installed,
            edges=tuple(edges),
            roots=tuple(pins[i] for i in sorted(closure.roots, key=rank.__getitem__)),
        )

    def _packages(
        self,
        environments: Sequence[Environment],
        reached: Sequence[Reached],
        edges: Sequence[_Placed],
        order: Sequence[int],
    ) -> tuple[PlannedPackage, ...]:
        pins = self.graph.pins
        rank_of = {index: position for position, index in enumerate(order)}
        where: dict[int, list[tuple[Target, Installed]]] = {}
        for environment, closure in zip(environments, reached, strict=True):
            indexes = sorted(closure.extras, key=rank_of.__getitem__)
            for index, installed in zip(indexes, environment.installed, strict=True):
                where.setdefault(index, []).append((environment.target, installed))
        out: dict[int, list[Edge]] = {}
        into: dict[int, list[Edge]] = {}
        for placed in edges:
            out.setdefault(placed.parent, []).append(placed.edge)
            into.setdefault(placed.child, []).append(placed.edge)
        packages = []
        for index in order:
            entries = where.get(index)
            if entries is None:
                continue
            choices: dict[tuple[Build, int], tuple[Artifact | None, list[Target]]] = {}
            for target, installed in entries:
                key = (installed.build, id(installed.artifact))
                choices.setdefault(key, (installed.artifact, []))[1].append(target)
            pin = pins[index]
            packages.append(
                PlannedPackage(
                    pin=pin,
                    package=self.lock.packages[index],
                    preference=self.settings.preference(pin.name),
                    root=any(i.root for _, i in entries),
                    targets=tuple(t for t, _ in entries),
                    choices=tuple(
                        Choice(build=build, artifact=artifact, targets=tuple(ts))
                        for (build, _), (artifact, ts) in choices.items()
                    ),
                    dependencies=tuple(out.get(index, ())),
                    dependents=tuple(into.get(index, ())),
                )
            )
        return tuple(packages)

    def _cycles(
        self,
        cycles: Sequence[tuple[tuple[int, ...], set[tuple[int, int]]]],
        edges: Sequence[_Placed],
        targets: Sequence[Target],
    ) -> tuple[Cycle, ...]:
        pins = self.graph.pins
        cycle_of = {member: n for n, (members, _) in enumerate(cycles) for member in members}
        inside: list[list[_Placed]] = [[] for _ in cycles]
        for placed in edges:
            n = cycle_of.get(placed.parent)
            if n is not None and cycle_of.get(placed.child) == n:
                inside[n].append(placed)
        result = []
        for (members, cut), within in zip(cycles, inside, strict=True):
            where = tuple(
                target
                for t, target in enumerate(targets)
                if find_cycles(
                    list(members), [(p.parent, p.child) for p in within if t in p.targets]
                )
            )
            result.append(
                Cycle(
                    members=tuple(pins[m] for m in members),
                    cut=tuple(p.edge for p in within if (p.parent, p.child) in cut),
                    targets=where,
                )
            )
        return tuple(result)


@dataclasses.dataclass(frozen=True, slots=True)
class _Placed:
    """An edge with its pins' and targets' indexes."""

    parent: int
    child: int
    targets: list[int]
    edge: Edge


def _pin_order(pins: Sequence[Pin]) -> list[int]:
    return sorted(range(len(pins)), key=lambda i: pins[i].sort_key)
