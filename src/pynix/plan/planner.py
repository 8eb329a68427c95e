""":func:`plan`: a lock, a project and settings in, a :class:`~pynix.plan.model.Plan` out.

The steps, each in its own module:

1. the targets (:mod:`pynix.plan.targets`), kept to those the lock covers
   (``requires-python`` and, for uv, its ``resolution-markers`` /
   ``supported-markers``);
2. the roots: the lock's own (uv's workspace members), else the project's
   dependencies (poetry.lock, pdm.lock), else every pin (hashed
   requirements, pylock.toml) -- see :class:`~pynix.plan.model.PlanMode`;
   with the selected extras and groups (all of the roots' unless the
   settings choose);
3. the closure on every target at once, as bitmasks over the targets
   (:mod:`pynix.plan.closure`), and each installed pin's artifact on each
   of its targets (:mod:`pynix.plan.choice`);
4. across targets, the edges with the targets where each holds, the
   packages with their choices grouped by artifact, and the cycles with
   their cut edges (:mod:`pynix.plan.cycles`, put together by
   ``pynix.plan._assembly``);
5. findings, sorted: one per problem and pin, naming the target (a system
   when every planned Python version of that system has the problem).

Markers are decided once per distinct (marker, extras, target); wheel file
names are parsed once per pin, and the tags each target supports once per
target; the cycle collector is paused (see :mod:`pynix._gc`): planning
2,000 pins on 16 targets takes about a third of a second of CPU
(``bench/locks.py``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from packaging.utils import NormalizedName

from pynix._gc import paused_gc
from pynix.errors import Location
from pynix.formats.pynix_settings import Settings, settings_from_pyproject
from pynix.model.findings import Finding, Severity
from pynix.model.lock import Artifact, LockFormat, LockSet
from pynix.model.project import Dependency, Project
from pynix.plan._assembly import Assembler
from pynix.plan._markers import Evaluator, MarkerMasks, MarkerTrees, encoded_selection
from pynix.plan.choice import Chooser, source_problems
from pynix.plan.closure import (
    LockGraph,
    Problem,
    Reached,
    Start,
    bits,
    project_starts,
    walk,
)
from pynix.plan.model import (
    Build,
    Plan,
    PlanMode,
)
from pynix.plan.targets import default_targets
from pynix.standards.markers import Compare, MarkerNode
from pynix.standards.targets import Target

__all__ = ["plan"]

_SEVERITY_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


def plan(lock: LockSet, project: Project | None = None, settings: Settings | None = None) -> Plan:
    """Decide what ``lock`` installs on every target, and from which files.

    ``project`` gives the roots of locks that do not record them (poetry.lock,
    pdm.lock) and its ``requires-python`` limits the default interpreters;
    ``settings`` default to the project's ``[tool.pynix]`` (the caller merges
    command-line options in with :meth:`~pynix.formats.pynix_settings.Settings.merged`).

    Never raises for a problem in the inputs: every problem is a finding of
    the result (see :attr:`~pynix.plan.model.Plan.errors`).
    """
    if settings is None:
        raw = project.raw if project is not None else None
        settings = settings_from_pyproject(raw) if raw is not None else Settings()
    with paused_gc():  # a plan is a large acyclic value: see pynix._gc
        return _Planner(lock, project, settings).run()


class _Planner:
    def __init__(self, lock: LockSet, project: Project | None, settings: Settings) -> None:
        self.lock = lock
        self.project = project
        self.settings = settings
        self.trees = MarkerTrees()
        self.graph = LockGraph(lock, self.trees)
        self.findings: list[Finding] = []
        self.mode = self._mode()
        self.extras, self.groups = self._selection()
        self.encoded = encoded_selection(
            (self.graph.pins[i].name for i in self.graph.roots()), self.extras, self.groups
        )

    # -- steps ---------------------------------------------------------------------------------

    def run(self) -> Plan:
        targets = self._targets()
        evaluators = [self._evaluator(target) for target in targets]
        masks = MarkerMasks(evaluators)
        closure = self._closure(masks)
        chooser = Chooser(self.lock.packages, self.settings)
        # Per pin, its (build, artifact) on each target (None where it is not installed).
        chosen: dict[int, list[tuple[Build, Artifact | None] | None]] = {}
        found_on: list[list[Problem]] = [[] for _ in targets]
        for index in sorted(closure.installed):
            row: list[tuple[Build, Artifact | None] | None] = [None] * len(targets)
            for t in bits(closure.installed[index]):
                build, artifact, problems_here = chooser.choose(index, targets[t])
                row[t] = (build, artifact)
                found_on[t].extend(problems_here)
            chosen[index] = row
        for problem, mask in closure.problems:
            for t in bits(mask):
                found_on[t].append(problem)
        # In the order of a walk per target: a problem's targets, listed where it first arises.
        problems: dict[Problem, list[Target]] = {}
        for target, found in zip(targets, found_on, strict=True):
            for problem in found:
                problems.setdefault(problem, []).append(target)
        self._report_target_problems(problems, targets)
        self._report_pins(chosen, chooser)
        failures = {failure for evaluator in evaluators for failure in evaluator.failures}
        for marker, message in sorted(failures):
            self.findings.append(
                Finding(
                    severity=Severity.WARNING,
                    code="marker-undecided",
                    message=f"marker {marker!r} cannot be decided ({message}); taken as false",
                )
            )
        return Assembler(self.lock, self.graph, self.settings).plan(
            mode=self.mode,
            targets=targets,
            extras=self.extras,
            groups=self.groups,
            reached=closure,
            chosen=chosen,
            findings=_sorted_findings(self.findings),
        )

    def _mode(self) -> PlanMode:
        if self.lock.roots:
            return PlanMode.LOCK_ROOTS
        if self.lock.format in (LockFormat.REQUIREMENTS, LockFormat.PYLOCK):
            return PlanMode.ALL_PINS
        if self.project is not None:
            return PlanMode.PROJECT
        self.findings.append(
            Finding(
                severity=Severity.INFO,
                code="no-project",
                message=f"{self.lock.format} records no roots and no project was given; "
                "every pin whose marker holds is installed",
            )
        )
        return PlanMode.ALL_PINS

    def _selection(self) -> tuple[tuple[NormalizedName, ...], tuple[NormalizedName, ...]]:
        extras_known, groups_known = self._available()
        chosen = []
        for kind, known, wanted in (
            ("extra", extras_known, self.settings.extras),
            ("group", groups_known, self.settings.groups),
        ):
            if wanted is None:
                chosen.append(tuple(sorted(known)))
                continue
            for name in wanted:
                if name not in known:
                    listed = ", ".join(sorted(known)) or "none"
                    self.findings.append(
                        Finding(
                            severity=Severity.ERROR,
                            code=f"unknown-{kind}",
                            message=f"no {kind} named {name!r} to install (known: {listed})",
                            subject=name,
                        )
                    )
            chosen.append(tuple(sorted(set(wanted) & known)))
        return chosen[0], chosen[1]

    def _available(self) -> tuple[set[NormalizedName], set[NormalizedName]]:
        if self.mode is PlanMode.LOCK_ROOTS:
            roots = [self.graph.packages[i] for i in self.graph.roots()]
            return (
                {e for p in roots for e in p.optional_dependencies},
                {g for p in roots for g in p.dependency_groups},
            )
        if self.mode is PlanMode.PROJECT and self.project is not None:
            return set(self.project.optional_dependencies), set(self.project.dependency_groups)
        extras: set[NormalizedName] = set()
        groups: set[NormalizedName] = set()
        for package in self.lock.packages:
            if package.marker is not None:
                node, uses_sets = self.trees.tree(package.marker)
                if uses_sets:
                    _collect_set_names(node, extras, groups)
        return extras, groups

    def _targets(self) -> tuple[Target, ...]:
        project_python = self.project.requires_python if self.project is not None else None
        candidates = default_targets(self.settings, [self.lock.requires_python, project_python])
        asked = self.settings.systems is not None or self.settings.python_versions is not None
        kept: list[Target] = []
        for target in candidates:
            problem = self._uncovered(target)
            if problem is None:
                kept.append(target)
            elif asked:
                kept.append(target)
                self.findings.append(
                    Finding(
                        severity=Severity.ERROR,
                        code="target-not-covered",
                        message=f"the lock does not cover this target ({problem})",
                        location=self._lock_location(),
                        target=str(target),
                    )
                )
            else:
                self.findings.append(
                    Finding(
                        severity=Severity.INFO,
                        code="target-not-covered",
                        message=f"left out: the lock does not cover this target ({problem})",
                        location=self._lock_location(),
                        target=str(target),
                    )
                )
        if not kept:
            self.findings.append(
                Finding(
                    severity=Severity.ERROR,
                    code="no-targets",
                    message="no target to plan for: the lock's requires-python and "
                    "environments exclude every default interpreter and system",
                    location=self._lock_location(),
                    hint="name the targets in [tool.pynix] systems and python-versions",
                )
            )
        return tuple(kept)

    def _uncovered(self, target: Target) -> str | None:
        full = target.interpreter.python_full_version
        for what, specifier in (
            ("requires-python", self.lock.requires_python),
            ("the project's requires-python", self.project and self.project.requires_python),
        ):
            if specifier and not specifier.contains(full, prereleases=True):
                return f"{what} is {specifier}"
        environments = self.lock.environments
        if environments:
            evaluator = self._evaluator(target)
            if not any(evaluator.holds(m) for m in environments):
                return "none of its environments' markers holds"
        return None

    def _evaluator(self, target: Target) -> Evaluator:
        return Evaluator(
            target,
            self.trees,
            extras=frozenset(self.extras),
            groups=frozenset(self.groups),
            encoded=self.encoded,
        )

    def _closure(self, masks: MarkerMasks) -> Reached:
        selected = frozenset(self.extras)
        graph = self.graph
        starts: list[tuple[Start, int]] = []
        if self.mode is PlanMode.LOCK_ROOTS:
            for index in graph.roots():
                package = graph.packages[index]
                on = masks.mask(package.marker, selected)
                if not on:
                    continue
                starts.append((Start(index), on))
                starts.extend(
                    (Start(index, extra=e), on)
                    for e in self.extras
                    if e in package.optional_dependencies
                )
                starts.extend(
                    (Start(index, group=g), on)
                    for g in self.groups
                    if g in package.dependency_groups
                )
            return walk(graph, masks, starts, selected_extras=selected)
        if self.mode is PlanMode.PROJECT and self.project is not None:
            requirements = list(self._project_requirements())
            problems: list[tuple[Problem, int]] = []
            for bit, evaluator in enumerate(masks.evaluators):
                found, failed = project_starts(
                    graph, evaluator, requirements, selected_extras=selected
                )
                starts.extend((start, 1 << bit) for start in found)
                problems.extend((problem, 1 << bit) for problem in failed)
            reached = walk(graph, masks, starts, selected_extras=selected)
            reached.problems[:0] = problems
            return reached
        starts = [
            (Start(i), masks.mask(package.marker, selected))
            for i, package in enumerate(graph.packages)
        ]
        return walk(graph, masks, starts, selected_extras=selected, follow=False)

    def _project_requirements(self) -> Iterable[tuple[Dependency, NormalizedName | None]]:
        project = self.project
        assert project is not None
        for dependency in project.dependencies:
            yield dependency, None
        for extra in self.extras:
            for dependency in project.optional_dependencies.get(extra, ()):
                yield dependency, extra
        for group in self.groups:
            for dependency in project.dependency_groups.get(group, ()):
                yield dependency, None

    # -- findings ------------------------------------------------------------------------------

    def _lock_location(self) -> Location | None:
        return Location(file=self.lock.source_file) if self.lock.source_file else None

    def _pin_location(self, index: int | None) -> Location | None:
        if index is None:
            return self._lock_location()
        own = self.lock.packages[index].location
        if own is None:
            return self._lock_location()
        return Location(file=own.file or self.lock.source_file, line=own.line, key=own.key)

    def _finding(self, problem: Problem, target: str | None) -> Finding:
        subject = self.graph.pins[problem.index].name if problem.index is not None else None
        return Finding(
            severity=problem.severity,
            code=problem.code,
            message=problem.message,
            subject=subject,
            location=self._pin_location(problem.index),
            hint=problem.hint,
            target=target,
        )

    def _report_target_problems(
        self, problems: Mapping[Problem, list[Target]], targets: Sequence[Target]
    ) -> None:
        for problem, where in problems.items():
            for shown in _describe(where, targets):
                self.findings.append(self._finding(problem, shown))

    def _report_pins(
        self,
        chosen: Mapping[int, Sequence[tuple[Build, Artifact | None] | None]],
        chooser: Chooser,
    ) -> None:
        allow = bool(self.settings.allow_unhashed)
        for index in sorted(chosen):
            artifacts = {c[1] for c in chosen[index] if c is not None and c[1] is not None}
            package = self.lock.packages[index]
            for problem in source_problems(index, package, artifacts, allow_unhashed=allow):
                self.findings.append(self._finding(problem, None))
        for index, filename in sorted(chooser.bad_wheels):
            self.findings.append(
                self._finding(
                    Problem(
                        "bad-wheel-name",
                        index,
                        f"{self.graph.pins[index]}: {filename!r} is not a valid wheel file "
                        "name; it is never chosen",
                        severity=Severity.WARNING,
                    ),
                    None,
                )
            )


def _collect_set_names(
    node: MarkerNode, extras: set[NormalizedName], groups: set[NormalizedName]
) -> None:
    if isinstance(node, Compare):
        if node.variable == "extras":
            extras.add(NormalizedName(node.literal))
        elif node.variable == "dependency_groups":
            groups.add(NormalizedName(node.literal))
        return
    for item in node.items:
        _collect_set_names(item, extras, groups)


def _describe(where: Sequence[Target], targets: Sequence[Target]) -> list[str | None]:
    """How a finding names the targets it concerns: a system when it is all of that system's."""
    hit = set(where)
    shown: list[str | None] = []
    systems = list(dict.fromkeys(t.platform.system for t in targets))
    for system in systems:
        mine = [t for t in targets if t.platform.system == system]
        if all(t in hit for t in mine):
            shown.append(system)
        else:
            shown.extend(str(t) for t in mine if t in hit)
    return shown


def _sorted_findings(findings: Iterable[Finding]) -> tuple[Finding, ...]:
    # Stable: findings that differ only in their target stay in the order of the targets.
    unique = dict.fromkeys(findings)
    return tuple(
        sorted(
            unique,
            key=lambda f: (
                _SEVERITY_ORDER[f.severity],
                f.code,
                f.subject or "",
                str(f.location or ""),
                f.message,
            ),
        )
    )
