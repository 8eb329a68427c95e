"""PEP 508 environment markers compiled to Nix conditions, so one file serves every platform.

A dependency such as ``uvloop ; sys_platform != "win32" and python_version <
"3.13"`` is needed on some systems and interpreters only. pyproject.nix
decides markers while Nix evaluates; pynix decides what it can while
rendering and writes the rest as a Nix condition over
``stdenv.hostPlatform`` and the interpreter::

    lib.optionals (!stdenv.hostPlatform.isWindows && pythonOlder "3.13") [ uvloop ]

How a marker is compiled (:func:`compile_marker`):

1. **Selection** -- ``extra == "…"`` and PEP 751's ``"…" in extras`` /
   ``"…" in dependency_groups`` are decided by the extras and groups the
   caller chose, with :mod:`pynix.standards.markers`' rule for a set of
   extras: ``extra == "a"`` (or ``in``) holds when some chosen extra
   matches, ``extra != "a"`` (or ``not in``) when every one does -- so with
   none chosen, ``extra == "a"`` is false and ``extra != "a"`` true.
2. **Platform** -- a part of the marker over ``os_name``, ``sys_platform``,
   ``platform_system`` and ``platform_machine`` is evaluated on every system
   of a universe (by default :data:`PYTHON_SYSTEMS`: every Linux and Darwin
   system of :data:`pynix.standards.targets.KNOWN_SYSTEMS`); the systems
   where it holds become the shortest exact predicate (``isLinux``,
   ``isDarwin``, ``isWindows``, ``isx86_64``, ``isAarch64``, else
   ``builtins.elem stdenv.hostPlatform.system [ … ]``). Windows is not in
   the default universe because nixpkgs builds no native Windows Python: a
   ``sys_platform == "win32"`` dependency is dropped rather than written
   under ``isWindows`` (pass ``systems=KNOWN_SYSTEMS`` to keep it).
3. **Interpreter** -- parts over ``python_version`` become
   ``pythonOlder``/``pythonAtLeast`` (package scope) or
   ``lib.versionOlder python.pythonVersion``; ``python_full_version`` and
   ``implementation_version`` compare ``python.version`` with bounds checked
   against Nix's own version order (see :mod:`pynix.render._versions`:
   pre-release interpreters are ordered as PEP 440 orders them);
   ``implementation_name`` / ``platform_python_implementation`` become
   ``python.implementation == "cpython"`` or ``"pypy"``.
4. **Constant folding** -- whatever is decided (chosen extras, tautologies,
   a version range that covers everything) disappears; a marker that is
   always true gives ``True``, one never true ``False``.

``platform_release`` and ``platform_version`` (the kernel's release and build
string) are not known to Nix evaluation: they are evaluated as empty
strings, as pyproject.nix does, and reported with a warning
(``marker-unknowable``). A comparison between variables of different kinds
(``python_version == platform_machine``) is kept as true with a warning
(``marker-unsupported``).

Conditions only need to be right where the project runs at all: given its
``requires-python``, interpreters outside it are left out of the decision
(``python_version < "3.11"`` is ``False`` for a project that needs 3.11).

Traps:

* nixpkgs' ``python.version`` of a PyPy is PyPy's own version (``7.3.17``):
  right for ``implementation_version``, while ``python_full_version`` then
  compares PyPy's version too -- nixpkgs has no attribute with the Python
  language version of a PyPy beyond ``pythonVersion``.
* ``extra`` markers in a project's own dependencies are rare but legal;
  they are decided like any other selection.

Parts of a marker over one kind of variable are compiled together, so
``python_version >= "3.8" and python_version < "3.11"`` is one range and
``sys_platform == "darwin" and platform_machine == "arm64"`` one predicate.

>>> from packaging.markers import Marker
>>> from pynix.nix import render_line
>>> compiled = compile_marker(Marker('sys_platform == "linux" and python_version < "3.11"'))
>>> render_line(compiled.condition)
'stdenv.hostPlatform.isLinux && pythonOlder "3.11"'
>>> compile_marker(Marker('extra == "test"'), extras=["test"]).condition
True
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Iterable, Sequence
from typing import TypeAlias

from packaging.markers import Marker
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name
from packaging.version import Version

from pynix.errors import InvalidMarker
from pynix.model import Finding, Severity
from pynix.nix import Expr, not_, op, select, var
from pynix.nix.syntax import BinOp, Call, Select, UnaryOp, Var
from pynix.render import _markers
from pynix.render._markers import And, Compare, MarkerNode, Or, to_string
from pynix.render._platforms import PLATFORM_VARIABLES, platform_values, predicate
from pynix.render._versions import (
    VersionDomain,
    full_version_universe,
    python_version_universe,
    spelled,
)
from pynix.standards.markers import from_packaging
from pynix.standards.targets import KNOWN_SYSTEMS

__all__ = [
    "PACKAGE_SCOPE",
    "PYTHON_SYSTEMS",
    "Compiled",
    "Condition",
    "Scope",
    "compile_marker",
    "conjoin",
    "disjoin",
    "negate",
]

PYTHON_SYSTEMS = tuple(s for s in KNOWN_SYSTEMS if not s.endswith("-windows"))
"""The systems nixpkgs builds Python for (Linux and Darwin): the default universe."""

Condition: TypeAlias = Expr | bool
"""A compiled marker: a Nix boolean expression, or a constant when it was decided."""

_SELECTION = frozenset({"extra", "extras", "dependency_groups"})
_UNKNOWABLE = frozenset({"platform_release", "platform_version"})
_KIND = {
    **dict.fromkeys(PLATFORM_VARIABLES, "platform"),
    "python_version": "python_version",
    "python_full_version": "python_full_version",
    "implementation_version": "implementation_version",
    "implementation_name": "implementation",
    "platform_python_implementation": "implementation",
}
_IMPLEMENTATIONS = (("cpython", "CPython"), ("pypy", "PyPy"))


@dataclasses.dataclass(frozen=True, kw_only=True, slots=True)
class Scope:
    """The Nix names a condition may use where it is written.

    The default reads ``stdenv.hostPlatform``, ``python`` and ``lib``; in a
    nixpkgs package function (:data:`PACKAGE_SCOPE`) ``pythonOlder`` and
    ``pythonAtLeast`` are arguments too. A flake writes
    ``Scope(host_platform=var("pkgs.stdenv.hostPlatform"), lib=var("pkgs.lib"))``.
    """

    host_platform: Expr = dataclasses.field(default_factory=lambda: var("stdenv.hostPlatform"))
    python: Expr = dataclasses.field(default_factory=lambda: var("python"))
    lib: Expr = dataclasses.field(default_factory=lambda: var("lib"))
    python_older: Expr | None = None
    python_at_least: Expr | None = None


PACKAGE_SCOPE = Scope(python_older=var("pythonOlder"), python_at_least=var("pythonAtLeast"))
"""The scope of a ``package.nix`` called with ``python.pkgs.callPackage``."""


@dataclasses.dataclass(frozen=True, kw_only=True, slots=True)
class Compiled:
    """A compiled marker and what the user should know about it."""

    condition: Condition
    findings: tuple[Finding, ...] = ()


def compile_marker(
    marker: Marker | None,
    *,
    scope: Scope = PACKAGE_SCOPE,
    extras: Iterable[str] = (),
    groups: Iterable[str] = (),
    systems: Sequence[str] = PYTHON_SYSTEMS,
    requires_python: SpecifierSet | None = None,
    subject: str | None = None,
) -> Compiled:
    """Compile ``marker`` to a Nix condition in ``scope`` (``None`` is always true).

    ``extras``/``groups`` are the chosen extras and dependency groups;
    ``systems`` the systems the platform predicates must be exact on;
    ``requires_python`` the interpreters the project runs on at all: the
    condition need only be right for those (``python_version < "3.11"`` is
    false for a project that requires 3.11); ``subject`` names the
    dependency in findings. Never raises for a well-formed marker.
    """
    if marker is None:
        return Compiled(condition=True)
    chosen = tuple(sorted({canonicalize_name(e) for e in extras}))
    chosen_groups = tuple(sorted({canonicalize_name(g) for g in groups}))
    required = str(requires_python) if requires_python is not None else ""
    condition, notes = _compile(str(marker), scope, chosen, chosen_groups, tuple(systems), required)
    findings = tuple(
        Finding(severity=Severity.WARNING, code=code, message=message, subject=subject)
        for code, message in notes
    )
    return Compiled(condition=condition, findings=findings)


def conjoin(*conditions: Condition) -> Condition:
    """``a && b`` with constants folded and repeated operands dropped."""
    return _combine("&&", conditions)


def disjoin(*conditions: Condition) -> Condition:
    """``a || b`` with constants folded and repeated operands dropped."""
    return _combine("||", conditions)


def _combine(operator: str, conditions: Iterable[Condition]) -> Condition:
    absorbing = operator == "||"  # `true` absorbs an `or`, `false` an `and`
    operands: list[Expr] = []
    for condition in conditions:
        if isinstance(condition, bool):
            if condition == absorbing:
                return absorbing
            continue
        parts = _flatten(operator, condition)
        operands.extend(p for p in parts if p not in operands)
    if not operands:
        return not absorbing
    if len(operands) == 1:
        return operands[0]
    return op("&&" if operator == "&&" else "||", *operands)


def _flatten(operator: str, expr: Expr) -> list[Expr]:
    if isinstance(expr, BinOp) and expr.op == operator:
        return [*_flatten(operator, expr.left), *_flatten(operator, expr.right)]
    return [expr]


_Notes = tuple[tuple[str, str], ...]
_Selection = dict[str, frozenset[str]]


@functools.lru_cache(maxsize=16384)
def _compile(  # noqa: PLR0917 - positional so that lru_cache keys stay small
    text: str,
    scope: Scope,
    extras: tuple[str, ...],
    groups: tuple[str, ...],
    systems: tuple[str, ...],
    requires_python: str,
) -> tuple[Condition, _Notes]:
    notes: list[tuple[str, str]] = []
    try:
        node = from_packaging(_markers_of(text))
    except InvalidMarker as error:  # two variables or two strings: packaging parses them
        notes.append(("marker-unsupported", f"cannot compile `{text}` ({error}); assumed true"))
        return True, tuple(notes)
    compiler = _Compiler(
        scope=scope, systems=systems, notes=notes, requires=SpecifierSet(requires_python)
    )
    selection: _Selection = {"extras": frozenset(extras), "dependency_groups": frozenset(groups)}
    folded = _fold(node, selection, notes)
    condition = folded if isinstance(folded, bool) else compiler.compile(folded)
    return condition, tuple(dict.fromkeys(notes))


@functools.lru_cache(maxsize=4096)
def _markers_of(text: str) -> Marker:
    return Marker(text)


def _fold(
    node: MarkerNode, selection: _Selection, notes: list[tuple[str, str]]
) -> MarkerNode | bool:
    """Decide the comparisons that do not depend on the target; fold constants."""
    if isinstance(node, Compare):
        return _fold_compare(node, selection, notes)
    items = [_fold(item, selection, notes) for item in node.items]
    absorbing = isinstance(node, Or)
    if any(item is absorbing for item in items):
        return absorbing
    kept = [item for item in items if not isinstance(item, bool)]
    if not kept:
        return not absorbing
    return _join(Or if absorbing else And, kept)


def _join(kind: type[And] | type[Or], items: list[MarkerNode]) -> MarkerNode:
    """``kind`` of ``items``, flattened (the tree never nests a node in its own kind)."""
    if len(items) == 1:
        return items[0]
    flat: list[MarkerNode] = []
    for item in items:
        flat.extend(item.items if isinstance(item, kind) else (item,))
    return kind(tuple(flat))


def _fold_compare(
    node: Compare, selection: _Selection, notes: list[tuple[str, str]]
) -> MarkerNode | bool:
    variable = node.variable
    if variable in _UNKNOWABLE:
        notes.append(
            (
                "marker-unknowable",
                (
                    f"`{to_string(node)}` depends on the kernel the program runs on, which Nix"
                    " cannot see; evaluated with an empty value, as pyproject.nix does"
                ),
            )
        )
        return _markers.decide(node, {variable: ""})
    if variable == "extra":
        decided = _markers.decide_extra(node, selection["extras"])
        if decided is None:
            text = to_string(node)
            notes.append(("marker-unsupported", f"`{text}` is undefined on extra names; false"))
            return False
        return decided
    if variable in _SELECTION:
        return _markers.decide_selection(node, selection[variable])
    return node


def _kinds(node: MarkerNode) -> frozenset[str]:
    return frozenset(_KIND[c.variable] for c in _markers.walk(node))


@dataclasses.dataclass(kw_only=True)
class _Compiler:
    scope: Scope
    systems: tuple[str, ...]
    notes: list[tuple[str, str]]
    requires: SpecifierSet

    def compile(self, node: MarkerNode) -> Condition:
        kinds = _kinds(node)
        if len(kinds) == 1:
            return self._enumerate(node, next(iter(kinds)))
        assert isinstance(node, And | Or)
        # Group the operands over one kind of variable, so each group is decided at once.
        by_kind: dict[str, list[MarkerNode]] = {}
        mixed: list[MarkerNode] = []
        for item in node.items:
            item_kinds = _kinds(item)
            if len(item_kinds) == 1:
                by_kind.setdefault(next(iter(item_kinds)), []).append(item)
            else:
                mixed.append(item)
        parts: list[Condition] = []
        group = Or if isinstance(node, Or) else And
        for kind in sorted(by_kind, key=_KIND_ORDER.index):
            items = by_kind[kind]
            parts.append(
                self._enumerate(items[0] if len(items) == 1 else group(tuple(items)), kind)
            )
        parts.extend(self.compile(item) for item in mixed)
        return disjoin(*parts) if isinstance(node, Or) else conjoin(*parts)

    def _enumerate(self, node: MarkerNode, kind: str) -> Condition:
        if kind == "platform":
            holds = frozenset(s for s in self.systems if _holds(node, platform_values(s)))
            return predicate(holds, self.systems, self.scope.host_platform)
        if kind == "implementation":
            return self._implementation(node)
        literals = [c.literal for c in _markers.walk(node)]
        if kind == "python_version":
            universe = [v for v in python_version_universe(literals) if self._minor_allowed(v)]
            domain = VersionDomain(
                raw=select(self.scope.python, "pythonVersion"),
                lib=self.scope.lib,
                checked=False,
                python_older=self.scope.python_older,
                python_at_least=self.scope.python_at_least,
            )
            truths = [_holds(node, {"python_version": f"{v.major}.{v.minor}"}) for v in universe]
        else:
            universe = [
                v
                for v in full_version_universe(literals)
                if kind != "python_full_version" or self.requires.contains(v, prereleases=True)
            ]
            domain = VersionDomain(
                raw=select(self.scope.python, "version"), lib=self.scope.lib, checked=True
            )
            truths = [_holds(node, {kind: spelled(v)}) for v in universe]
        return domain.condition(universe, truths, literals)

    def _minor_allowed(self, minor: Version) -> bool:
        """Whether some interpreter ``X.Y.*`` (a pre-release included) satisfies requires-python."""
        major, number = minor.release[:2]
        candidates = [f"{major}.{number}.{patch}" for patch in (0, 1, 99)]
        candidates.append(f"{major}.{number}.0a0")
        return any(self.requires.contains(c, prereleases=True) for c in candidates)

    def _implementation(self, node: MarkerNode) -> Condition:
        implementation = select(self.scope.python, "implementation")
        holds = [
            name
            for name, platform_name in _IMPLEMENTATIONS
            if _holds(
                node,
                {"implementation_name": name, "platform_python_implementation": platform_name},
            )
        ]
        if len(holds) == len(_IMPLEMENTATIONS):
            return True
        if not holds:
            return False
        return op("==", implementation, holds[0])


_KIND_ORDER = [
    "platform",
    "implementation",
    "python_version",
    "python_full_version",
    "implementation_version",
]


def _holds(node: MarkerNode, environment: dict[str, str]) -> bool:
    if isinstance(node, Compare):
        return _markers.decide(node, environment)
    if isinstance(node, And):
        return all(_holds(item, environment) for item in node.items)
    return any(_holds(item, environment) for item in node.items)


_OPPOSITES = {
    "pythonOlder": "pythonAtLeast",
    "pythonAtLeast": "pythonOlder",
    "versionOlder": "versionAtLeast",
    "versionAtLeast": "versionOlder",
}


def negate(condition: Condition) -> Condition:  # noqa: PLR0911 - one return per rewrite
    """``!condition``, folded: constants, ``!!x``, ``==``/``!=``, ``pythonOlder``/``pythonAtLeast``,
    and De Morgan's laws when no ``!`` is left.

    >>> from pynix.nix import call, render_line
    >>> render_line(negate(call(var("pythonAtLeast"), "3.9")))
    'pythonOlder "3.9"'
    """
    if isinstance(condition, bool):
        return not condition
    if isinstance(condition, UnaryOp) and condition.op == "!":
        return condition.operand
    if isinstance(condition, BinOp) and condition.op in ("==", "!="):
        return dataclasses.replace(condition, op="!=" if condition.op == "==" else "==")
    if isinstance(condition, BinOp) and condition.op in ("&&", "||"):
        # De Morgan, when every operand negates without a `!`.
        operands = [negate(operand) for operand in _flatten(condition.op, condition)]
        if not any(isinstance(o, bool | UnaryOp) for o in operands):
            exprs = [o for o in operands if not isinstance(o, bool)]
            return op("||" if condition.op == "&&" else "&&", *exprs)
    if isinstance(condition, Call):
        func = condition.func
        if isinstance(func, Var) and func.name in _OPPOSITES:
            return dataclasses.replace(condition, func=var(_OPPOSITES[func.name]))
        if isinstance(func, Select) and len(func.path) == 1 and func.path[0] in _OPPOSITES:
            opposite = _OPPOSITES[str(func.path[0])]
            return dataclasses.replace(condition, func=dataclasses.replace(func, path=(opposite,)))
    return not_(condition)
