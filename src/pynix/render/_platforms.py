"""Sets of Nix systems as the shortest exact ``stdenv.hostPlatform`` predicate (private).

The platform part of a marker (``sys_platform``, ``platform_system``,
``os_name``, ``platform_machine``) depends on the system only, so
:mod:`pynix.render.conditions` evaluates it on each known system and asks
here for a predicate that is true on exactly the systems where it held.

Predicates are built from nixpkgs' ``hostPlatform.isLinux``, ``isDarwin``,
``isWindows``, ``isx86_64`` and ``isAarch64``: a conjunction of at most two
of them (or their negations), or a disjunction of two such; the one with the
fewest predicates wins, then the one with fewer negations. When none is
exact, the systems are listed: ``hostPlatform.system == "…"`` or
``builtins.elem hostPlatform.system [ … ]``.

"Exact" means on every system of the universe the caller gives: with the
Windows systems in it, ``platform_machine == "x86_64"`` becomes ``isx86_64 &&
!isWindows`` -- Python says ``AMD64`` on 64-bit Windows.

>>> from pynix.nix import render_line, var
>>> host = var("stdenv.hostPlatform")
>>> universe = ("x86_64-linux", "aarch64-linux", "x86_64-darwin", "aarch64-darwin")
>>> render_line(predicate(frozenset({"aarch64-darwin"}), universe, host))
'stdenv.hostPlatform.isDarwin && stdenv.hostPlatform.isAarch64'
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Sequence

from pynix.nix import Expr, call, list_, not_, op, select, var
from pynix.standards.targets import Platform

__all__ = ["PLATFORM_VARIABLES", "platform_values", "predicate"]

PLATFORM_VARIABLES = frozenset({"os_name", "sys_platform", "platform_system", "platform_machine"})

# Kernel-dependent marker values as CPython reports them: os.name, sys.platform, platform.system().
_KERNEL_VALUES = {
    "linux": ("posix", "linux", "Linux"),
    "darwin": ("posix", "darwin", "Darwin"),
    "windows": ("nt", "win32", "Windows"),
}

# The hostPlatform predicates a condition is built from, and when each holds.
_PREDICATES: tuple[tuple[str, str, str], ...] = (
    ("isLinux", "kernel", "linux"),
    ("isDarwin", "kernel", "darwin"),
    ("isWindows", "kernel", "windows"),
    ("isx86_64", "cpu", "x86_64"),
    ("isAarch64", "cpu", "aarch64"),
)
_MAX_PREDICATES = 4

Literal = tuple[str, bool]  # (predicate, positive)
Formula = tuple[tuple[Literal, ...], ...]  # a disjunction of conjunctions


def platform_values(system: str) -> dict[str, str]:
    """The platform marker variables on ``system`` (``platform_machine`` as Python spells it)."""
    platform = Platform.from_system(system)
    os_name, sys_platform, platform_system = _KERNEL_VALUES[platform.kernel]
    return {
        "os_name": os_name,
        "sys_platform": sys_platform,
        "platform_system": platform_system,
        "platform_machine": platform.machine,
    }


def predicate(selected: frozenset[str], universe: Sequence[str], host: Expr) -> Expr | bool:
    """An expression over ``host`` (``stdenv.hostPlatform``) true on exactly ``selected``."""
    systems = tuple(universe)
    mask = sum(1 << index for index, system in enumerate(systems) if system in selected)
    if mask == 0:
        return False
    if mask == (1 << len(systems)) - 1:
        return True
    formula = _best(systems).get(mask)
    if formula is not None:
        return _render(formula, host)
    return _listed(selected, systems, host)


def _holds(name: str, system: str) -> bool:
    platform = Platform.from_system(system)
    for predicate_name, part, value in _PREDICATES:
        if predicate_name == name:
            return (platform.kernel if part == "kernel" else platform.cpu) == value
    raise AssertionError(name)


@functools.lru_cache(maxsize=8)
def _best(systems: tuple[str, ...]) -> dict[int, Formula]:
    """Every mask reachable with at most ``_MAX_PREDICATES`` predicates, and its best formula."""
    literal_masks: dict[Literal, int] = {}
    for name, _, _ in _PREDICATES:
        positive = sum(1 << i for i, s in enumerate(systems) if _holds(name, s))
        literal_masks[(name, True)] = positive
        literal_masks[(name, False)] = ~positive & ((1 << len(systems)) - 1)
    terms: list[tuple[tuple[Literal, ...], int]] = [((lit,), m) for lit, m in literal_masks.items()]
    for (a, mask_a), (b, mask_b) in itertools.combinations(list(literal_masks.items()), 2):
        if a[0] != b[0]:
            terms.append(((a, b), mask_a & mask_b))
    candidates: list[tuple[tuple[int, int, str], Formula, int]] = []
    for term, mask in terms:
        candidates.append((_cost((term,)), (term,), mask))
    for (t1, m1), (t2, m2) in itertools.combinations(terms, 2):
        pair: Formula = (t1, t2)
        if sum(len(t) for t in pair) <= _MAX_PREDICATES:
            candidates.append((_cost(pair), pair, m1 | m2))
    best: dict[int, Formula] = {}
    for _, formula, mask in sorted(candidates):
        best.setdefault(mask, formula)
    return best


def _cost(formula: Formula) -> tuple[int, int, str]:
    literals = [lit for term in formula for lit in term]
    negations = sum(1 for _, positive in literals if not positive)
    return len(literals), negations, repr(formula)


def _render(formula: Formula, host: Expr) -> Expr:
    def literal(lit: Literal) -> Expr:
        expr = select(host, lit[0])
        return expr if lit[1] else not_(expr)

    terms = [
        literal(term[0])
        if len(term) == 1
        else op("&&", *(literal(lit) for lit in sorted(term, key=lambda lit: not lit[1])))
        for term in formula
    ]
    return terms[0] if len(terms) == 1 else op("||", *terms)


def _listed(selected: frozenset[str], systems: tuple[str, ...], host: Expr) -> Expr:
    system = select(host, "system")
    inside = [s for s in systems if s in selected]
    outside = [s for s in systems if s not in selected]
    if len(inside) == 1:
        return op("==", system, inside[0])
    if len(outside) == 1:
        return op("!=", system, outside[0])
    if len(outside) < len(inside):
        return not_(call(var("builtins.elem"), system, list_(outside)))
    return call(var("builtins.elem"), system, list_(inside))
