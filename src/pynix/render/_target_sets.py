"""Sets of a plan's targets as bitmasks, and their Nix conditions, computed once (private).

A lock renderer asks the same question thousands of times: "the condition
for these targets, among those" (a dependency that holds on Linux only, a
wheel for one system). :func:`pynix.render.targets.targets_condition`
answers it; this module keys the answers by bitmask over the plan's
targets, so that 2,000 packages cost a few dozen distinct conditions.

Targets are found by identity first: every :class:`~pynix.standards.targets.Target`
in a plan is one of ``Plan.targets`` (hashing a target is slow), and by
value otherwise.

>>> from pynix.nix import render_line
>>> from pynix.standards.targets import Target
>>> targets = [Target.parse(s, "3.12") for s in ("x86_64-linux", "aarch64-darwin")]
>>> sets = TargetSets(targets)
>>> linux = sets.mask(targets[:1])
>>> render_line(sets.condition(linux, sets.all))
'stdenv.hostPlatform.isLinux'
>>> sets.condition(sets.all, sets.all)
True
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from pynix.nix import Call, Expr, List, Select, op
from pynix.render._scope import free_variables
from pynix.render.targets import TargetScope, targets_condition
from pynix.standards.targets import Target

__all__ = ["TargetSets"]


class TargetSets:
    """The targets of one plan, numbered; conditions over subsets, cached."""

    __slots__ = ("_by_id", "_by_value", "_conditions", "all", "scope", "targets", "used")

    def __init__(self, targets: Sequence[Target], scope: TargetScope | None = None) -> None:
        self.targets = tuple(targets)
        self.scope = scope if scope is not None else TargetScope()
        self.all = (1 << len(self.targets)) - 1
        self._by_id = {id(t): 1 << i for i, t in enumerate(self.targets)}
        self._by_value: dict[Target, int] | None = None
        self._conditions: dict[tuple[int, int], Expr | bool] = {}
        #: The variables the conditions given out so far read (``stdenv``, ``python``, ``lib``).
        self.used: set[str] = set()

    def bit(self, target: Target) -> int:
        """The bit of ``target`` (0 for a target outside the plan)."""
        found = self._by_id.get(id(target))
        if found is not None:
            return found
        if self._by_value is None:
            self._by_value = {t: 1 << i for i, t in enumerate(self.targets)}
        return self._by_value.get(target, 0)

    def mask(self, targets: Iterable[Target]) -> int:
        """The bitmask of ``targets``."""
        if (
            isinstance(targets, tuple)
            and len(targets) == len(self.targets)
            and all(a is b for a, b in zip(targets, self.targets, strict=True))
        ):
            return self.all  # the plan's own tuple of targets, the most common case
        mask = 0
        for target in targets:
            mask |= self.bit(target)
        return mask

    def members(self, mask: int) -> list[Target]:
        """The targets of ``mask``, in plan order."""
        return [t for i, t in enumerate(self.targets) if mask >> i & 1]

    def condition(self, selected: int, universe: int) -> Expr | bool:
        """The shortest exact condition for ``selected`` among ``universe`` (both bitmasks)."""
        selected &= universe
        if selected == universe:
            return True
        if not selected:
            return False
        key = (selected, universe)
        found = self._conditions.get(key)
        if found is None:
            found = targets_condition(self.members(selected), self.members(universe), self.scope)
            self._conditions[key] = found
            if not isinstance(found, bool):
                self.used.update(free_variables(found))
        return found

    def conditional_list(self, items: Iterable[tuple[Expr, int]], universe: int, lib: Expr) -> Expr:
        """``[ a b ] ++ lib.optionals <cond> [ c ]``: each item where its targets say.

        Items are grouped by their targets within ``universe``: those on all of
        it first, then one ``lib.optionals`` per set of targets, in first-seen
        order -- the shape of :func:`pynix.render.dependencies.dependency_list`,
        without hashing the expressions (grouping by bitmask is exact: within one
        universe, different target sets have different conditions).
        """
        groups: dict[int, list[Expr]] = {}
        for expr, mask in items:
            within = mask & universe
            if within:
                groups.setdefault(within, []).append(expr)
        parts: list[Expr] = []
        always = groups.pop(universe, None)
        if always:
            parts.append(List(items=tuple(always)))
        optionals = Select(expr=lib, path=("optionals",))
        for mask, exprs in groups.items():
            condition = self.condition(mask, universe)
            assert not isinstance(condition, bool)  # neither empty nor the whole universe
            parts.append(Call(func=optionals, args=(condition, List(items=tuple(exprs)))))
        if not parts:
            return List()
        return parts[0] if len(parts) == 1 else op("++", *parts)
