"""``pynix check`` as a function: a project against a nixpkgs snapshot, on one or more targets.

:func:`check_project` runs every check of this package for each target and
merges the results: a finding that every target shares is reported once
(``target`` is ``None``); one that only some targets have is reported once
per such target, with ``target`` naming it (``x86_64-windows``).

The order is stable: the interpreter first (``snapshot-python``,
``python-version``), then unknown extras and groups in the order asked, then
the dependencies in declaration order (main dependencies, extras and groups
in the project's order, the build system), each with its findings ordered by
code, then by target in the order given.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence

from pynix.check.codes import Code, make_finding
from pynix.check.dependencies import Declared, marker_holds, select_dependencies
from pynix.check.python import check_requires_python, check_snapshot_python
from pynix.check.versions import check_dependency
from pynix.errors import InvalidArgument
from pynix.model import Finding, Project
from pynix.nixpkgs.names import NameMap
from pynix.nixpkgs.snapshot import Snapshot
from pynix.standards.markers import environment
from pynix.standards.targets import Target

__all__ = ["check_project"]

# Sort keys: (stage, position within the stage); findings of one key are then ordered by code.
_Key = tuple[int, int]
_INTERPRETER, _SELECTION, _DEPENDENCIES = 0, 1, 2


def check_project(
    project: Project,
    snapshot: Snapshot,
    targets: Sequence[Target],
    *,
    extras: Iterable[str] = (),
    groups: Iterable[str] = (),
    names: NameMap | None = None,
) -> tuple[Finding, ...]:
    """Every finding of checking ``project`` against ``snapshot`` on ``targets``.

    ``extras`` and ``groups`` are the optional dependencies and dependency
    groups to include (names as the user typed them). ``names`` may be
    passed to reuse one :class:`~pynix.nixpkgs.names.NameMap` over the
    snapshot. Never raises for a problem in the project; raises
    :class:`~pynix.errors.InvalidArgument` when ``targets`` is empty.

    >>> from pynix.model import Dependency, ProjectFormat
    >>> from pynix.nixpkgs.snapshot import SnapshotPackage, SnapshotPython, SnapshotSource
    >>> snapshot = Snapshot(
    ...     nixpkgs=SnapshotSource(),
    ...     python=SnapshotPython(attr="python312", version="3.12.8"),
    ...     packages={"requests": SnapshotPackage(pname="requests", version="2.31.0")},
    ... )
    >>> project = Project(
    ...     format=ProjectFormat.PEP621,
    ...     dependencies=(Dependency.parse("requests>=2.32"), Dependency.parse("reqests")),
    ... )
    >>> for finding in check_project(project, snapshot, [Target.parse("x86_64-linux", "3.12.8")]):
    ...     print(finding)
    error: dependencies: requests: nixpkgs has 2.31.0, the project asks for >=2.32
    error: dependencies: reqests: nixpkgs has no package of this name (did you mean requests?)
    """
    if not targets:
        raise InvalidArgument("check_project needs at least one target")
    names = names or NameMap.from_snapshot(snapshot)
    selection = select_dependencies(project, extras=extras, groups=groups)
    cache: dict[int, list[Finding]] = {}

    def versions(index: int, declared: Declared) -> list[Finding]:
        # The same on every target: compute once per dependency.
        if index not in cache:
            cache[index] = check_dependency(declared, snapshot, names)
        return cache[index]

    per_target: list[list[tuple[_Key, Finding]]] = []
    for target in targets:
        found: list[tuple[_Key, Finding]] = []
        for position, interpreter_finding in enumerate(
            (check_snapshot_python(snapshot, target), check_requires_python(project, target))
        ):
            if interpreter_finding is not None:
                found.append(((_INTERPRETER, position), interpreter_finding))
        found.extend(((_SELECTION, i), f) for i, f in enumerate(selection.findings))
        env = environment(target)
        for index, declared in enumerate(selection.dependencies):
            key = (_DEPENDENCIES, index)
            holds = marker_holds(declared, env, selection.extras)
            if holds is False:
                found.append((key, _skipped(declared)))
                continue
            if isinstance(holds, Finding):
                found.append((key, holds))
            found.extend((key, f) for f in versions(index, declared))
        per_target.append(found)
    return _merge(per_target, _labels(targets))


def _skipped(declared: Declared) -> Finding:
    dependency = declared.dependency
    return make_finding(
        Code.MARKER_SKIPPED,
        f"{dependency.name}: not checked, its marker does not hold: {dependency.marker}",
        subject=dependency.name,
        location=declared.location,
    )


def _labels(targets: Sequence[Target]) -> list[str]:
    """How a finding names its target: the system, or system and interpreter when those vary."""
    interpreters = {t.interpreter for t in targets}
    systems = [t.platform.system for t in targets]
    if len(interpreters) == 1 and len(set(systems)) == len(systems):
        return systems
    return [str(t) for t in targets]


def _merge(per_target: list[list[tuple[_Key, Finding]]], labels: list[str]) -> tuple[Finding, ...]:
    where: dict[tuple[_Key, Finding], list[int]] = {}
    for index, found in enumerate(per_target):
        for item in found:
            targets = where.setdefault(item, [])
            if index not in targets:
                targets.append(index)
    merged: list[tuple[_Key, str, int, Finding]] = []
    for (key, finding), indexes in where.items():
        if len(indexes) == len(per_target):
            merged.append((key, finding.code, -1, finding))
            continue
        merged.extend(
            (key, finding.code, index, dataclasses.replace(finding, target=labels[index]))
            for index in indexes
        )
    merged.sort(key=lambda entry: entry[:3])
    return tuple(entry[3] for entry in merged)
