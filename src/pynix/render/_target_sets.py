"""Sets of a plan's targets as bitmasks, and their Nix conditions, computed once (private).

A lock renderer asks the same question thousands of times: "the condition
for these targets, among those" (a dependency that holds on Linux only, a
wheel for one system). :func:`pynix.render.targets.targets_condition`
answers it; this module keys the answers by bitmask over the plan's
targets, so that 2,000 packages cost a few dozen distinct conditions.

A value that differs by target (a pin's file: one wheel per system and
Python version) is written by :meth:`TargetSets.by_target`: with two
alternatives, ``if <condition> then … else …``; with more, an attribute set
of the alternatives keyed by what they depend on, looked up once --
``{ x86_64-linux = …; aarch64-darwin = …; }.${stdenv.hostPlatform.system}``,
``{ "3.12" = …; }.${python.pythonVersion}``, or ``{ "x86_64-linux-3.12" =
…; }.${target}`` with ``target`` bound once per file by
:func:`target_binding`. Nix evaluates one lookup where an ``if`` chain would
evaluate a condition per alternative, and parses a key where the chain has
a condition (``bench/locks.py``).

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

from pynix.nix import (
    AttrSet,
    Binding,
    Call,
    Expr,
    If,
    Interp,
    List,
    Select,
    Str,
    Var,
    op,
)
from pynix.render._scope import free_variables
from pynix.render.targets import TargetScope, targets_condition
from pynix.standards.targets import Target

__all__ = ["TARGET", "TargetSets", "target_binding"]

#: The variable a file binds to ``"<system>-<X.Y>"`` when some value is looked up by target.
TARGET = "target"


def target_binding(scope: TargetScope) -> Binding:
    """``target = "${stdenv.hostPlatform.system}-${python.pythonVersion}";``, with a comment.

    >>> from pynix.nix import attrs, render
    >>> print(render(attrs([target_binding(TargetScope())])), end="")
    {
      # The planned target evaluated here: the key of what is chosen per target.
      target = "${stdenv.hostPlatform.system}-${python.pythonVersion}";
    }
    """
    system = Select(expr=scope.host, path=("system",))
    key = Str(parts=(Interp(expr=system), "-", Interp(expr=scope.python_version)))
    return Binding(
        path=(TARGET,),
        value=key,
        comment="The planned target evaluated here: the key of what is chosen per target.",
    )


class TargetSets:
    """The targets of one plan, numbered; conditions over subsets, cached."""

    __slots__ = (
        "_by_id",
        "_by_value",
        "_conditions",
        "_keys",
        "_tuples",
        "all",
        "scope",
        "systems",
        "targets",
        "used",
        "versions",
    )

    def __init__(self, targets: Sequence[Target], scope: TargetScope | None = None) -> None:
        self.targets = tuple(targets)
        self.scope = scope if scope is not None else TargetScope()
        self.all = (1 << len(self.targets)) - 1
        self._by_id = {id(t): 1 << i for i, t in enumerate(self.targets)}
        self._by_value: dict[Target, int] | None = None
        self._conditions: dict[tuple[int, int], Expr | bool] = {}
        self._tuples: dict[int, tuple[tuple[Target, ...], int]] = {}
        #: The targets of each system, and of each Python version (``X.Y``), in plan order.
        self.systems: dict[str, int] = {}
        self.versions: dict[str, int] = {}
        for index, target in enumerate(self.targets):
            system, version = target.platform.system, target.interpreter.python_version
            self.systems[system] = self.systems.get(system, 0) | 1 << index
            self.versions[version] = self.versions.get(version, 0) | 1 << index
        self._keys = [f"{t.platform.system}-{t.interpreter.python_version}" for t in self.targets]
        #: The variables the expressions given out so far read (``stdenv``, ``python``, ``lib``,
        #: and :data:`TARGET`, which the caller binds with :func:`target_binding`).
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
        if type(targets) is tuple:
            # A plan shares one tuple between every edge, choice and package on the same
            # targets: each tuple is counted once (and kept, so that its id stays its own).
            known = self._tuples.get(id(targets))
            if known is not None:
                return known[1]
        mask = 0
        for target in targets:
            mask |= self.bit(target)
        if type(targets) is tuple:
            self._tuples[id(targets)] = (targets, mask)
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

    def by_target(
        self,
        values: Sequence[tuple[int, Expr]],
        universe: int,
        fallback: Expr | None = None,
    ) -> Expr:
        """One expression that is each of ``values`` (bitmask, value) on its targets.

        Exact on ``universe``; targets of it no value covers get ``fallback``
        (a ``throw``), which is needed exactly when there are such targets.
        Values are taken as distinct (the caller merges equal ones). One
        value is itself; two alternatives (a fallback counts) are an ``if``;
        more are a lookup (see the module docstring): keyed by system when
        no value depends on the Python version, by Python version when none
        depends on the system, else by target; the value with the most keys
        becomes the lookup's ``or`` default instead of being repeated (the
        fallback, when there is one).
        """
        chosen = [(mask & universe, value) for mask, value in values if mask & universe]
        if fallback is None and len(chosen) == 1:
            return chosen[0][1]
        if len(chosen) + (fallback is not None) == 2:
            (mask, value), *rest = chosen
            other = rest[0][1] if rest else fallback
            condition = self.condition(mask, universe)
            assert other is not None  # two alternatives: two values, or one and the fallback
            assert not isinstance(condition, bool)  # the value holds on some targets, not all
            return If(cond=condition, then=value, else_=other)
        return self._lookup(chosen, universe, fallback)

    def _lookup(
        self, chosen: Sequence[tuple[int, Expr]], universe: int, fallback: Expr | None
    ) -> Expr:
        # Keys in plan order: systems, or Python versions, or single targets.
        keys: list[tuple[str, int]]
        key: Expr
        if all(self._whole(mask, universe, self.systems) for mask, _ in chosen):
            keys = [(s, m & universe) for s, m in self.systems.items() if m & universe]
            key = Select(expr=self.scope.host, path=("system",))
            self.used.update(free_variables(key))
        elif all(self._whole(mask, universe, self.versions) for mask, _ in chosen):
            keys = [(v, m & universe) for v, m in self.versions.items() if m & universe]
            key = self.scope.python_version
            self.used.update(free_variables(key))
        else:
            keys = [(k, 1 << i) for i, k in enumerate(self._keys) if universe >> i & 1]
            key = Var(name=TARGET)
            self.used.add(TARGET)
        counted = [(sum(1 for _, m in keys if m & mask), mask, value) for mask, value in chosen]
        default = fallback
        if default is None:
            most = max(count for count, _, _ in counted)
            index = next(i for i, (count, _, _) in enumerate(counted) if count == most)
            if most > 1:
                default = counted.pop(index)[2]
        entries = [
            Binding(path=(name,), value=value)
            for name, mask in keys
            for _, covered, value in counted
            if mask & covered
        ]
        return Select(
            expr=AttrSet(entries=tuple(entries)), path=(Interp(expr=key),), default=default
        )

    @staticmethod
    def _whole(mask: int, universe: int, parts: dict[str, int]) -> bool:
        """Whether ``mask`` takes each part (a system, a version) of ``universe`` whole or not."""
        return all(mask & part & universe in (0, part & universe) for part in parts.values())

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
