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
from pynix.plan.closure import LockGraph, Reached, bits
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


class Assembler:
    """Builds the :class:`~pynix.plan.model.Plan` of one planning run."""

    def __init__(self, lock: LockSet, graph: LockGraph, settings: Settings) -> None:
        self.lock = lock
        self.graph = graph
        self.settings = settings
        self._installed: dict[tuple[object, ...], Installed] = {}
        self._targets_of: dict[int, tuple[Target, ...]] = {}
        self._bits: dict[int, list[int]] = {}
        self._all: tuple[Target, ...] = ()

    def plan(
        self,
        *,
        mode: PlanMode,
        targets: tuple[Target, ...],
        extras: tuple[NormalizedName, ...],
        groups: tuple[NormalizedName, ...],
        reached: Reached,
        chosen: Mapping[int, Sequence[tuple[Build, Artifact | None] | None]],
        findings: tuple[Finding, ...],
    ) -> Plan:
        """The plan of ``targets``, from the closure (bitmasks over them) and each pin's choices."""
        # Pins and targets are handled by index here: hashing their dataclasses is slow.
        self._all = targets
        pins = self.graph.pins
        order = _pin_order(pins)
        rank = [0] * len(pins)
        for position, index in enumerate(order):
            rank[index] = position
        steps = reached.steps
        found_cycles = find_cycles(
            list(range(len(pins))), {(rank[s.parent], rank[s.child]) for s, _ in steps.values()}
        )
        cycles = [
            (tuple(order[m] for m in members), {(order[p], order[c]) for p, c in cut})
            for members, cut in found_cycles
        ]
        cut_pairs = {pair for _, cut in cycles for pair in cut}
        keyed = sorted(
            steps.values(),
            key=lambda item: (
                rank[item[0].parent],
                item[0].group or "",
                item[0].extra or "",
                rank[item[0].child],
                item[0].position,
            ),
        )
        edges: list[_Placed] = []
        per_target: list[list[Edge]] = [[] for _ in targets]
        for step, mask in keyed:
            dependency = step.dependency
            edge = Edge(
                parent=pins[step.parent],
                child=pins[step.child],
                extras=dependency.extras,
                extra=step.extra,
                group=step.group,
                marker=dependency.marker,
                targets=self.targets_of(mask),
                cut=(step.parent, step.child) in cut_pairs,
            )
            edges.append(_Placed(step.parent, step.child, mask, edge))
            for t in self.bits(mask):
                per_target[t].append(edge)
        installed_order = [i for i in order if i in reached.installed]
        entries = self._entries(reached, chosen, installed_order)
        installed_on: list[list[Installed]] = [[] for _ in targets]
        roots_on: list[list[Pin]] = [[] for _ in targets]
        for index, row in zip(installed_order, entries, strict=True):
            for t, entry in enumerate(row):
                if entry is not None:
                    installed_on[t].append(entry)
            for t in self.bits(reached.roots.get(index, 0)):
                roots_on[t].append(pins[index])
        environments = tuple(
            Environment(
                target=target,
                installed=tuple(installed_on[t]),
                edges=tuple(per_target[t]),
                roots=tuple(roots_on[t]),
            )
            for t, target in enumerate(targets)
        )
        return Plan(
            lock=self.lock,
            settings=self.settings,
            mode=mode,
            targets=targets,
            extras=extras,
            groups=groups,
            environments=environments,
            packages=self._packages(reached, entries, installed_order, edges),
            edges=tuple(p.edge for p in edges),
            cycles=self._cycles(cycles, edges, targets),
            findings=findings,
        )

    def targets_of(self, mask: int) -> tuple[Target, ...]:
        """The targets of ``mask``, in plan order (one tuple per distinct mask)."""
        found = self._targets_of.get(mask)
        if found is None:
            found = tuple(self._all[t] for t in self.bits(mask))
            self._targets_of[mask] = found
        return found

    def bits(self, mask: int) -> list[int]:
        found = self._bits.get(mask)
        if found is None:
            found = bits(mask)
            self._bits[mask] = found
        return found

    def _entries(
        self,
        reached: Reached,
        chosen: Mapping[int, Sequence[tuple[Build, Artifact | None] | None]],
        installed_order: Sequence[int],
    ) -> list[list[Installed | None]]:
        """Per installed pin (in pin order), its :class:`Installed` on each target or ``None``."""
        pins = self.graph.pins
        made = self._installed
        rows: list[list[Installed | None]] = []
        for index in installed_order:
            activated = reached.extras.get(index)
            entered = reached.groups.get(index)
            roots = reached.roots.get(index, 0)
            row: list[Installed | None] = []
            for t, choice in enumerate(chosen[index]):
                if choice is None:
                    row.append(None)
                    continue
                build, artifact = choice
                extras_shown = _on(activated, t) if activated else ()
                groups_shown = _on(entered, t) if entered else ()
                root = bool(roots >> t & 1)
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
                row.append(entry)
            rows.append(row)
        return rows

    def _packages(
        self,
        reached: Reached,
        entries: Sequence[Sequence[Installed | None]],
        installed_order: Sequence[int],
        edges: Sequence[_Placed],
    ) -> tuple[PlannedPackage, ...]:
        pins = self.graph.pins
        out: dict[int, list[Edge]] = {}
        into: dict[int, list[Edge]] = {}
        for placed in edges:
            out.setdefault(placed.parent, []).append(placed.edge)
            into.setdefault(placed.child, []).append(placed.edge)
        packages = []
        for index, row in zip(installed_order, entries, strict=True):
            targets = self.targets_of(reached.installed[index])
            distinct = {id(e): e for e in row if e is not None}
            made: tuple[Choice, ...]
            if len(distinct) == 1:  # the common case: installed the same way everywhere
                (only,) = distinct.values()
                root = only.root
                made = (Choice(build=only.build, artifact=only.artifact, targets=targets),)
            else:
                root, made = self._choices(row)
            pin = pins[index]
            packages.append(
                PlannedPackage(
                    pin=pin,
                    package=self.lock.packages[index],
                    preference=self.settings.preference(pin.name),
                    root=root,
                    targets=targets,
                    choices=made,
                    dependencies=tuple(out.get(index, ())),
                    dependents=tuple(into.get(index, ())),
                )
            )
        return tuple(packages)

    def _choices(self, row: Sequence[Installed | None]) -> tuple[bool, tuple[Choice, ...]]:
        """Whether a pin is a root somewhere, and its choices: its targets grouped by
        (build, artifact), in the order of their first target."""
        choices: dict[tuple[Build, int], tuple[Artifact | None, list[Target]]] = {}
        root = False
        for target, installed in zip(self._all, row, strict=True):
            if installed is None:
                continue
            root = root or installed.root
            key = (installed.build, id(installed.artifact))
            known = choices.get(key)
            if known is None:
                choices[key] = (installed.artifact, [target])
            else:
                known[1].append(target)
        return root, tuple(
            Choice(build=build, artifact=artifact, targets=self._shared(ts))
            for (build, _), (artifact, ts) in choices.items()
        )

    def _shared(self, targets: list[Target]) -> tuple[Target, ...]:
        """``targets`` as a tuple, the plan's own when it is all of them (renderers test that)."""
        if len(targets) == len(self._all):
            return self._all
        return tuple(targets)

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
                    list(members), [(p.parent, p.child) for p in within if p.targets >> t & 1]
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


def _on(activated: Mapping[NormalizedName, int] | None, target: int) -> tuple[NormalizedName, ...]:
    """The names of ``activated`` (name -> targets) active on ``target``, sorted."""
    if not activated:
        return ()
    return tuple(sorted(name for name, mask in activated.items() if mask >> target & 1))


@dataclasses.dataclass(frozen=True, slots=True)
class _Placed:
    """An edge with its pins' and targets' indexes."""

    parent: int
    child: int
    targets: int  # a bitmask over the plan's targets
    edge: Edge


def _pin_order(pins: Sequence[Pin]) -> list[int]:
    return sorted(range(len(pins)), key=lambda i: pins[i].sort_key)
