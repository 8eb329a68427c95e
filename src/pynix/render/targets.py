"""Sets of targets as Nix conditions: where a lock plan says an edge or a file applies.

A :class:`~pynix.plan.Plan` decides everything per target (a Nix system and a
CPython ``major.minor``); the renderers write one file for all of them. This
module turns "the targets where this holds" into the shortest exact
condition over ``stdenv.hostPlatform`` and the interpreter's
``pythonVersion``, judged against the plan's own targets (the universe):
what holds on every planned target is ``true``, and the condition only has
to be right on planned targets.

Conditions are built system-first: the systems on which every planned
Python version is selected become one ``hostPlatform`` predicate (see
:mod:`pynix.render._platforms`); the systems on which only some versions are
selected are grouped by that set of versions, and each group becomes
``<systems predicate> && <version condition>``. A version condition is
``pythonVersion == "3.12"``, ``lib.versionOlder pythonVersion "3.13"``,
``lib.versionAtLeast pythonVersion "3.12"`` or ``builtins.elem pythonVersion
[ … ]``, whichever is exact on the planned versions.

:func:`planned_guard` is the other side: the check a package set puts
first, so that an interpreter or system the plan did not cover (where the
conditions need not be right) is refused with a message naming what was
planned.

>>> from pynix.nix import render_line, var
>>> from pynix.standards.targets import Target
>>> universe = [
...     Target.parse(s, v)
...     for s in ("x86_64-linux", "aarch64-darwin")
...     for v in ("3.11", "3.12", "3.13")
... ]
>>> older = frozenset(t for t in universe if t.interpreter.minor < 13)
>>> scope = TargetScope(
...     host=var("stdenv.hostPlatform"), python_version=var("python.pythonVersion"), lib=var("lib")
... )
>>> render_line(targets_condition(older, universe, scope))
'lib.versionOlder python.pythonVersion "3.13"'
"""

from __future__ import annotations

import dataclasses
from collections.abc import Collection, Iterable

from pynix.nix import Entry, Expr, attrs, bind, call, list_, op, s, select, var
from pynix.render._platforms import predicate
from pynix.standards.targets import Target

__all__ = ["TargetScope", "planned_guard", "python_condition", "targets_condition"]


@dataclasses.dataclass(frozen=True, kw_only=True, slots=True)
class TargetScope:
    """The Nix expressions a condition may use where it is written."""

    host: Expr = dataclasses.field(default_factory=lambda: var("stdenv.hostPlatform"))
    python_version: Expr = dataclasses.field(default_factory=lambda: var("python.pythonVersion"))
    lib: Expr = dataclasses.field(default_factory=lambda: var("lib"))


def targets_condition(
    selected: Collection[Target], universe: Iterable[Target], scope: TargetScope
) -> Expr | bool:
    """The shortest exact condition that holds on ``selected`` among ``universe``.

    ``True`` when every target of the universe is selected, ``False`` when
    none is; targets outside the universe are ignored.
    """
    planned = list(dict.fromkeys(universe))
    chosen = {t for t in selected if t in set(planned)}
    if not chosen:
        return False
    if len(chosen) == len(planned):
        return True
    systems = list(dict.fromkeys(t.platform.system for t in planned))
    versions_on = {
        system: tuple(_versions(t for t in planned if t.platform.system == system))
        for system in systems
    }
    chosen_on = {
        system: tuple(_versions(t for t in chosen if t.platform.system == system))
        for system in systems
    }
    whole = frozenset(s for s in systems if chosen_on[s] and chosen_on[s] == versions_on[s])
    partial: dict[tuple[str, ...], list[str]] = {}
    for system in systems:
        if chosen_on[system] and system not in whole:
            partial.setdefault(chosen_on[system], []).append(system)
    all_versions = tuple(_versions(planned))
    # Neither part is ever decided: `whole` is some but not all systems, and a partial
    # group holds on some but not all versions (True stands for "no condition needed").
    parts: list[Expr] = []
    if whole:
        parts.append(_decided_not(predicate(whole, systems, scope.host)))
    for versions, group in partial.items():
        on_systems = predicate(frozenset(group), systems, scope.host)
        in_versions = _decided_not(python_condition(versions, all_versions, scope))
        parts.append(
            in_versions if on_systems is True else op("&&", _decided_not(on_systems), in_versions)
        )
    return parts[0] if len(parts) == 1 else op("||", *parts)


def python_condition(
    selected: Collection[str], universe: Collection[str], scope: TargetScope
) -> Expr | bool:
    """The shortest exact condition on ``pythonVersion`` (``major.minor``) for ``selected``."""
    ordered = sorted(set(universe), key=_minor_key)
    chosen = [v for v in ordered if v in set(selected)]
    if not chosen:
        return False
    if len(chosen) == len(ordered):
        return True
    version = scope.python_version
    if len(chosen) == 1:
        return op("==", version, s(chosen[0]))
    if chosen == ordered[: len(chosen)]:
        return call(select(scope.lib, "versionOlder"), version, s(ordered[len(chosen)]))
    if chosen == ordered[-len(chosen) :]:
        return call(select(scope.lib, "versionAtLeast"), version, s(chosen[0]))
    return call(var("builtins.elem"), version, list_([s(v) for v in chosen]))


def planned_guard(
    targets: Iterable[Target], *, python_version: Expr, system: Expr, lib: Expr | None = None
) -> tuple[Entry, Expr]:
    """A ``planned`` binding (system -> Python versions) and the condition for ``assert``.

    The condition is ``lib.assertMsg (builtins.elem <python_version>
    (planned.${<system>} or [ ])) "<message>"``: true on a planned target,
    an evaluation error naming the planned targets elsewhere.

    >>> from pynix.nix import render_line
    >>> planned, holds = planned_guard(
    ...     [Target.parse("x86_64-linux", "3.12")],
    ...     python_version=var("python.pythonVersion"),
    ...     system=var("stdenv.hostPlatform.system"),
    ... )
    >>> render_line(planned.value)
    '{ x86_64-linux = [ "3.12" ]; }'
    >>> render_line(holds)[:50]
    'lib.assertMsg (builtins.elem python.pythonVersion '
    """
    lib_expr = lib if lib is not None else var("lib")
    grouped: dict[str, list[str]] = {}
    for target in targets:
        versions = grouped.setdefault(target.platform.system, [])
        if target.interpreter.python_version not in versions:
            versions.append(target.interpreter.python_version)
    planned = attrs([bind(system_name, versions) for system_name, versions in grouped.items()])
    by_versions: dict[tuple[str, ...], list[str]] = {}
    for system_name, versions in grouped.items():
        by_versions.setdefault(tuple(versions), []).append(system_name)
    described = "; ".join(
        f"Python {', '.join(versions)} on {', '.join(systems)}"
        for versions, systems in by_versions.items()
    )
    holds = call(
        var("builtins.elem"),
        python_version,
        select(var("planned"), system, default=list_()),
    )
    message = s(
        f"pynix: the lock was planned for {described}; not for Python ",
        python_version,
        " on ",
        system,
        " (generate again with --python X.Y and --system to plan for it)",
    )
    return bind("planned", planned), call(select(lib_expr, "assertMsg"), holds, message)


def _decided_not(condition: object) -> Expr:
    assert isinstance(condition, Expr), f"unexpectedly decided: {condition!r}"
    return condition


def _versions(targets: Iterable[Target]) -> list[str]:
    return sorted({t.interpreter.python_version for t in targets}, key=_minor_key)


def _minor_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))
