"""Where each pin is installed: the markers under which it is reachable from the lock's roots.

A PEP 751 installer decides from a package's ``marker`` alone whether to
install it. A lock with a dependency graph (uv.lock) knows more: ``colorama``
is needed only where the edge to it says ``sys_platform == 'win32'``,
``pytest`` only when the ``dev`` group is asked for. This module walks the
graph from :attr:`LockSet.roots` and collects, for every pin, the OR over
all paths of the AND of the markers along each path; a root's extra ``x``
adds ``'x' in extras``, its group ``g`` adds ``'g' in dependency_groups``
(PEP 751's marker variables).

Markers are kept as sets of conjunctions of marker parts (each edge marker
split at its top-level ``and``), with no boolean simplification beyond
dropping repeated parts and a conjunction that contains another, so the
walk is exact but not minimal: ``a or not a`` is not recognised as always. It ends because the sets
only grow and there are finitely many markers; a set that grows past
:data:`MAX_TERMS` conjunctions is replaced by "always", which installs a
pin in more places than needed, never fewer. Cycles are walked like any
other edge.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable

from packaging.markers import Marker

from pynix.model.lock import LockedDependency, LockedPackage, LockSet
from pynix.model.source import Source

__all__ = ["MAX_TERMS", "reachable_markers"]

MAX_TERMS = 32

Term = frozenset[str]
Condition = frozenset[Term]
Identity = tuple[str, str | None, Source]

ALWAYS: Condition = frozenset({frozenset()})
NEVER: Condition = frozenset()

# A node is a pin (by index) and the extra or group through which it is entered.
Node = tuple[int, str | None]


def _absorb(terms: Iterable[Term]) -> Condition:
    unique = set(terms)
    return frozenset(t for t in unique if not any(o < t for o in unique))


def _and(condition: Condition, marker: str | None) -> Condition:
    if marker is None:
        return condition
    atoms = _conjuncts(marker)
    return _absorb(term | atoms for term in condition)


def _conjuncts(marker: str) -> frozenset[str]:
    """The parts of a marker joined by a top-level ``and``, each normalized.

    ``a and (b or c)`` gives ``{a, b or c}``; a marker with a top-level
    ``or`` is one part. PEP 508 strings have no escapes, so tracking quotes
    and parentheses is enough to find the top level.
    """
    parts: list[str] = []
    depth, quote, start, index = 0, "", 0, 0
    while index < len(marker):
        char = marker[index]
        if quote:
            quote = "" if char == quote else quote
        elif char in "\"'":
            quote = char
        elif char in "()":
            depth += 1 if char == "(" else -1
        elif depth == 0 and marker.startswith(" or ", index):
            return frozenset({str(Marker(marker))})
        elif depth == 0 and marker.startswith(" and ", index):
            parts.append(marker[start:index])
            start = index + len(" and ")
        index += 1
    parts.append(marker[start:])
    return frozenset(str(Marker(part)) for part in parts)


def _or(left: Condition, right: Condition) -> Condition:
    merged = _absorb(left | right)
    return ALWAYS if len(merged) > MAX_TERMS else merged


def _to_marker(condition: Condition, pin: Marker | None) -> Marker | None:
    if not condition or condition == ALWAYS:
        return pin
    terms = sorted(
        " and ".join(f"({a})" if " or " in a else a for a in sorted(term)) for term in condition
    )
    text = " or ".join(f"({t})" if " and " in t and len(terms) > 1 else t for t in terms)
    if pin is not None and not all(_conjuncts(str(pin)) <= term for term in condition):
        pin_text = str(pin)
        text = (
            f"({text}) and ({pin_text})"
            if len(terms) > 1 or " or " in pin_text
            else f"{text} and {pin_text}"
        )
    return Marker(text)


def reachable_markers(lock: LockSet) -> dict[Identity, Marker | None]:
    """For each pin (by name, version, source), the marker under which it is installed.

    Roots get their own marker; a pin no root reaches keeps its own marker too.

    >>> from pynix.model import LockFormat, PathSource, RegistrySource
    >>> pypi = RegistrySource(url="https://pypi.org/simple")
    >>> app = LockedPackage(
    ...     name="app",
    ...     version="1",
    ...     source=PathSource(path=".", editable=True),
    ...     dependencies=(LockedDependency(name="colorama", marker=Marker("os_name == 'nt'")),),
    ... )
    >>> colorama = LockedPackage(name="colorama", version="0.4.6", source=pypi)
    >>> lock = LockSet(format=LockFormat.UV, packages=(app, colorama), roots=("app",))
    >>> str(reachable_markers(lock)["colorama", "0.4.6", pypi])
    'os_name == "nt"'
    """
    packages = lock.packages
    by_name: dict[str, list[int]] = {}
    for index, package in enumerate(packages):
        by_name.setdefault(package.name, []).append(index)
    reach: dict[Node, Condition] = {}
    queue: deque[Node] = deque()

    def offer(node: Node, condition: Condition) -> None:
        old = reach.get(node, NEVER)
        new = _or(old, condition)
        if new != old:
            reach[node] = new
            queue.append(node)

    for index, package in enumerate(packages):
        if package.name not in lock.roots:
            continue
        offer((index, None), ALWAYS)
        for extra in package.optional_dependencies:
            offer((index, f"extra:{extra}"), _and(ALWAYS, f'"{extra}" in extras'))
        for group in package.dependency_groups:
            offer((index, f"group:{group}"), _and(ALWAYS, f'"{group}" in dependency_groups'))

    while queue:
        node = queue.popleft()
        condition = reach[node]
        for edge in _edges(packages[node[0]], node[1]):
            passed = _and(condition, str(edge.marker) if edge.marker is not None else None)
            for target in _targets(edge, packages, by_name):
                offer((target, None), passed)
                for extra in edge.extras:
                    offer((target, f"extra:{extra}"), passed)

    return {
        (p.name, p.version, p.source): (
            p.marker if p.name in lock.roots else _to_marker(reach.get((i, None), NEVER), p.marker)
        )
        for i, p in enumerate(packages)
    }


def _edges(package: LockedPackage, via: str | None) -> tuple[LockedDependency, ...]:
    if via is None:
        return package.dependencies
    kind, _, name = via.partition(":")
    groups = package.optional_dependencies if kind == "extra" else package.dependency_groups
    return tuple(groups.get(name, ()))  # type: ignore[call-overload]


def _targets(
    edge: LockedDependency, packages: tuple[LockedPackage, ...], by_name: dict[str, list[int]]
) -> list[int]:
    return [
        index
        for index in by_name.get(edge.name, [])
        if (edge.version is None or packages[index].version == edge.version)
        and (edge.source is None or packages[index].source == edge.source)
    ]
