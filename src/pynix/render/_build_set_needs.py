"""Dependency specifications of pyproject.nix, with per-target conditions (private).

pyproject.nix names what a package needs with an attribute set from names to
the extras asked of them -- ``{ requests = [ "socks" ]; }`` -- in
``passthru.dependencies``, in each table of ``passthru.optional-dependencies``
and ``passthru.dependency-groups``, in ``resolveBuildSystem``'s argument and
in ``mkVirtualEnv``'s. A :class:`Need` is one entry with the targets where it
holds; :func:`spec` writes a list of them as one attribute set: the entries
that hold on every target of the universe as they are, the others under
``lib.optionalAttrs <condition>``, grouped by condition::

    { filelock = [ ]; sympy = [ ]; }
    // lib.optionalAttrs (lib.versionAtLeast python.pythonVersion "3.12") { setuptools = [ ]; }

Conditions come from :func:`pynix.render.targets.targets_condition`, exact on
the universe the caller gives (the targets where the table is read at all)
and free to say anything elsewhere.

Traps:

* Two edges to one name (uv's forks: ``torch`` 2.5.1 on macOS and 2.5.1+cpu
  elsewhere) are one entry: the set is keyed by name, and the set's
  attribute of that name is chosen per target (see :mod:`pynix.render.build_set`).
* The extras asked of a name can differ per target; the targets are then
  split by the extras asked there.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Collection, Iterable, Mapping, Sequence

from packaging.utils import NormalizedName

from pynix.errors import PynixError
from pynix.model import Dependency
from pynix.nix import AttrSet, Binding, Call, Expr, List, Str, op, var
from pynix.plan import Edge
from pynix.render._target_sets import TargetSets
from pynix.render.targets import TargetScope
from pynix.standards.markers import environment, evaluate
from pynix.standards.targets import Target

__all__ = [
    "Conditions",
    "Need",
    "needs_of_dependencies",
    "needs_of_edges",
    "needs_of_table",
    "spec",
]


class Conditions:
    """:func:`~pynix.render.targets.targets_condition` for one plan's targets and one scope,
    remembered by target set.

    Sets of targets are keyed as bitmasks over the plan's targets, found by
    the identity of their members (the plan shares its ``Target`` values
    between edges, choices and environments; an equal value found elsewhere
    is looked up by value): hashing ``Target`` values thousands of times, and
    deciding the same condition for every package, is what made rendering
    2,000 packages slow. ``sets`` does the work (and chooses values by target);
    a :class:`Need`'s ``mask`` is over the same targets.
    """

    def __init__(self, targets: Sequence[Target], scope: TargetScope) -> None:
        self.sets = TargetSets(targets, scope)
        self.targets = self.sets.targets
        self.scope = scope
        self._environments: dict[int, dict[str, str]] = {}

    def mask(self, targets: Iterable[Target]) -> int:
        """The bitmask of ``targets`` (targets the plan does not have are left out)."""
        return self.sets.mask(targets)

    def condition(self, selected: Iterable[Target], universe: Iterable[Target]) -> Expr | bool:
        """The shortest condition exact on ``universe`` that holds on ``selected``."""
        within = self.mask(universe)
        return self.sets.condition(self.mask(selected) & within, within)

    def environment(self, index: int) -> dict[str, str]:
        """The marker environment of the ``index``-th target, made once."""
        found = self._environments.get(index)
        if found is None:
            found = environment(self.targets[index])
            self._environments[index] = found
        return found


@dataclasses.dataclass(frozen=True, slots=True)
class Need:
    """``name`` with ``extras`` asked for, on the targets of ``mask`` (bit ``i``: the plan's
    ``i``-th target, as :class:`Conditions` numbers them)."""

    name: NormalizedName
    extras: tuple[NormalizedName, ...]
    mask: int


def needs_of_edges(edges: Iterable[Edge], conditions: Conditions) -> list[Need]:
    """The needs of ``edges`` (all from one table of one package), by child name."""
    by_name: dict[NormalizedName, list[tuple[tuple[NormalizedName, ...], int]]] = {}
    for edge in edges:
        by_name.setdefault(edge.child.name, []).append((edge.extras, conditions.mask(edge.targets)))
    needs: list[Need] = []
    for name in sorted(by_name):
        asked = by_name[name]
        if not any(extras for extras, _ in asked):  # the common case: no extras anywhere
            mask = 0
            for _, on in asked:
                mask |= on
            needs.append(Need(name=name, extras=(), mask=mask))
            continue
        per_target: dict[int, set[NormalizedName]] = {}
        for extras, on in asked:
            for index in _bits(on):
                per_target.setdefault(index, set()).update(extras)
        needs.extend(_split(name, per_target))
    return needs


def needs_of_dependencies(
    dependencies: Iterable[Dependency],
    targets: Iterable[Target],
    conditions: Conditions,
    *,
    extras: Collection[str] = (),
    installed: Mapping[Target, Collection[str]] | None = None,
) -> tuple[list[Need], list[tuple[Dependency, str]]]:
    """The needs of PEP 508 ``dependencies`` on ``targets``, their markers decided per target.

    ``extras`` are the extras active when the markers are read (``extra ==
    "x"``); ``installed`` (when given) limits each target to the names
    installed there. Returns the needs and the dependencies whose marker
    could not be decided (with why), taken as false.
    """
    asked: dict[NormalizedName, dict[int, set[NormalizedName]]] = {}
    undecided: list[tuple[Dependency, str]] = []
    dependencies = tuple(dependencies)
    for target in targets:
        index = conditions.sets.bit(target).bit_length() - 1
        if index < 0:  # not a target of the plan
            continue
        env = conditions.environment(index)
        for dependency in dependencies:
            if dependency.marker is not None:
                try:
                    holds = evaluate(dependency.marker, env, extras=list(extras) or None)
                except PynixError as error:
                    if not any(d is dependency for d, _ in undecided):
                        undecided.append((dependency, str(error)))
                    continue
                if not holds:
                    continue
            if installed is not None and dependency.name not in installed.get(target, ()):
                continue
            per_target = asked.setdefault(dependency.name, {})
            per_target.setdefault(index, set()).update(dependency.extras)
    needs = [need for name in sorted(asked) for need in _split(name, asked[name])]
    return needs, undecided


def needs_of_table(
    asked: Mapping[NormalizedName, Mapping[Target, Collection[NormalizedName]]],
    conditions: Conditions,
) -> list[Need]:
    """Needs from name -> target -> extras asked there (names sorted; targets split by extras)."""
    needs: list[Need] = []
    for name in sorted(asked):
        per_target: dict[int, Collection[NormalizedName]] = {}
        for target, extras in asked[name].items():
            for index in _bits(conditions.sets.bit(target)):
                per_target[index] = extras
        needs.extend(_split(name, per_target))
    return needs


def _split(
    name: NormalizedName, per_target: Mapping[int, Collection[NormalizedName]]
) -> list[Need]:
    """``name``'s needs: one per set of extras, with the targets asking for it."""
    by_extras: dict[tuple[NormalizedName, ...], int] = {}
    for index, extras in per_target.items():
        key = tuple(sorted(extras))
        by_extras[key] = by_extras.get(key, 0) | 1 << index
    return [Need(name=name, extras=extras, mask=mask) for extras, mask in sorted(by_extras.items())]


def _bits(mask: int) -> list[int]:
    return [index for index in range(mask.bit_length()) if mask >> index & 1]


def spec(
    needs: Iterable[Need],
    universe: Iterable[Target],
    conditions: Conditions,
    *,
    merge: Expr | None = None,
) -> Expr:
    """The attribute set of ``needs``, conditional where a need does not hold on all of
    ``universe``; ``merge`` is an expression put first (``base // { … }``)."""
    plain: list[Need] = []
    # Grouped by targets: within one universe, different targets have different conditions.
    conditional: dict[int, tuple[Expr, list[Need]]] = {}
    within = conditions.mask(universe)
    for need in needs:
        mask = need.mask & within
        condition = conditions.sets.condition(mask, within)
        if condition is True:
            plain.append(need)
        elif condition is not False:
            conditional.setdefault(mask, (condition, []))[1].append(need)
    parts: list[Expr] = [] if merge is None else [merge]
    if plain or not (conditional or parts):
        parts.append(_table(plain))
    parts.extend(
        Call(func=_OPTIONAL_ATTRS, args=(condition, _table(group)))
        for condition, group in conditional.values()
    )
    return parts[0] if len(parts) == 1 else op("//", *parts)


def _table(needs: Iterable[Need]) -> Expr:
    # Nodes made directly: a table per package and extra, an entry per dependency.
    return AttrSet(
        entries=tuple(Binding(path=(need.name,), value=_extras(need.extras)) for need in needs)
    )


def _extras(extras: tuple[NormalizedName, ...]) -> List:
    if not extras:
        return _NO_EXTRAS
    return List(items=tuple(Str(parts=(extra,)) for extra in extras))


_OPTIONAL_ATTRS = var("lib.optionalAttrs")
_NO_EXTRAS = List()
