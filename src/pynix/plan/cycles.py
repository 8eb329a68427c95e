"""Dependency cycles, and which edge of each to cut so that the rest is a DAG.

Python packages may depend on each other (``sphinx`` needs
``sphinxcontrib-applehelp``, which needs ``sphinx``); pip installs both and
is done. Nix cannot build a derivation that is its own input, so a renderer
that turns each dependency into a build input (nixpkgs' ``packageOverrides``)
must leave some edges out -- and still put every member into the
environment. pyproject.nix's virtual environments resolve cycles themselves
and need no cut.

:func:`find_cycles` finds the strongly connected components of the graph
(Tarjan's algorithm, iteratively) and, in each component with a cycle,
cuts edges by one deterministic rule:

    Walk the component depth-first from its smallest member (pins in name,
    then version order), visiting the dependencies of each pin in that same
    order; cut every edge that leads back to a pin on the current path.

Removing a depth-first search's back edges leaves a DAG (every remaining
edge goes "down" the search), and every member stays reachable from the
smallest one. For ``sphinx`` <-> ``sphinxcontrib-*`` the walk starts at
``sphinx`` and cuts each ``sphinxcontrib-* -> sphinx`` edge, which is what
nixpkgs does by hand; for ``cyc-a`` <-> ``cyc-b`` it cuts ``cyc-b -> cyc-a``.
A self-edge (``foo[all]`` needing ``foo[a]``) is a cycle of one, always cut.

Nodes are anything sortable and hashable; the plan passes
:class:`~pynix.plan.model.Pin` sort keys.

>>> cycles = find_cycles(["a", "b", "c"], [("a", "b"), ("b", "a"), ("b", "c")])
>>> cycles
[(('a', 'b'), (('b', 'a'),))]
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from typing import Any, Protocol, TypeVar

__all__ = ["find_cycles", "strongly_connected"]


class _Sortable(Hashable, Protocol):
    def __lt__(self, other: Any, /) -> bool: ...


N = TypeVar("N", bound=_Sortable)


def strongly_connected(nodes: Sequence[N], edges: Iterable[tuple[N, N]]) -> list[list[N]]:
    """The strongly connected components of the graph, each sorted, in sorted order.

    Iterative Tarjan: no recursion limit on long chains.

    >>> strongly_connected([1, 2, 3], [(1, 2), (2, 1), (2, 3)])
    [[1, 2], [3]]
    """
    successors: dict[N, list[N]] = {node: [] for node in nodes}
    for parent, child in edges:
        successors[parent].append(child)
    for children in successors.values():
        children.sort()
    index: dict[N, int] = {}
    low: dict[N, int] = {}
    stack: list[N] = []
    on_stack: set[N] = set()
    components: list[list[N]] = []
    counter = 0
    for root in sorted(successors):
        if root in index:
            continue
        work: list[tuple[N, int]] = [(root, 0)]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, position = work[-1]
            children = successors[node]
            if position < len(children):
                work[-1] = (node, position + 1)
                child = children[position]
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, 0))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component: list[N] = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                components.append(sorted(component))
    return sorted(components)


def find_cycles(
    nodes: Sequence[N], edges: Iterable[tuple[N, N]]
) -> list[tuple[tuple[N, ...], tuple[tuple[N, N], ...]]]:
    """Every cycle (a component of two or more nodes, or a node with a self-edge) and its cuts.

    Returns ``(members, cut edges)`` pairs, members sorted, cut edges in the
    order the walk finds them; see the module docstring for the rule.
    """
    unique = sorted(set(edges))
    components = strongly_connected(nodes, unique)
    successors: dict[N, list[N]] = {}
    for parent, child in unique:
        successors.setdefault(parent, []).append(child)
    result: list[tuple[tuple[N, ...], tuple[tuple[N, N], ...]]] = []
    for component in components:
        members = set(component)
        first = component[0]
        if len(component) == 1 and first not in successors.get(first, []):
            continue
        result.append((tuple(component), tuple(_back_edges(first, members, successors))))
    return result


def _back_edges(first: N, members: set[N], successors: dict[N, list[N]]) -> list[tuple[N, N]]:
    """The edges a depth-first walk of ``members`` from ``first`` finds leading back up."""
    cut: list[tuple[N, N]] = []
    done: set[N] = set()
    path: set[N] = {first}
    work: list[tuple[N, int]] = [(first, 0)]
    while work:
        node, position = work[-1]
        children = [c for c in successors.get(node, []) if c in members]
        if position < len(children):
            work[-1] = (node, position + 1)
            child = children[position]
            if child in path:
                cut.append((node, child))
            elif child not in done:
                path.add(child)
                work.append((child, 0))
            continue
        work.pop()
        path.discard(node)
        done.add(node)
    return cut
