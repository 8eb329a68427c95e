"""Cycles: strongly connected components, and the deterministic rule for which edges to cut."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pynix.plan.cycles import find_cycles, strongly_connected

# (id, nodes, edges, cycles as (members, cut edges))
CASES = [
    ("no-cycle", "abc", ["ab", "bc", "ac"], []),
    ("two", "ab", ["ab", "ba"], [("ab", ["ba"])]),
    ("self-edge", "ab", ["aa", "ab"], [("a", ["aa"])]),
    (
        "sphinx",
        ["sphinx", "sphinxcontrib-applehelp", "sphinxcontrib-serializinghtml", "alabaster"],
        [
            ("sphinx", "alabaster"),
            ("sphinx", "sphinxcontrib-applehelp"),
            ("sphinx", "sphinxcontrib-serializinghtml"),
            ("sphinxcontrib-applehelp", "sphinx"),
            ("sphinxcontrib-serializinghtml", "sphinx"),
        ],
        [
            (
                ["sphinx", "sphinxcontrib-applehelp", "sphinxcontrib-serializinghtml"],
                [
                    ("sphinxcontrib-applehelp", "sphinx"),
                    ("sphinxcontrib-serializinghtml", "sphinx"),
                ],
            )
        ],
    ),
    # The walk starts at the smallest member, whoever depends on whom from outside.
    ("start-smallest", "xyz", ["xz", "zy", "yz"], [("yz", ["zy"])]),
    ("triangle", "abc", ["ab", "bc", "ca"], [("abc", ["ca"])]),
    # Two cycles through one node: both back edges into it are cut.
    ("figure-eight", "abc", ["ab", "ba", "ac", "ca"], [("abc", ["ba", "ca"])]),
    ("two-components", "abcd", ["ab", "ba", "cd", "dc", "bc"], [("ab", ["ba"]), ("cd", ["dc"])]),
    # A back edge found from deeper down: a -> b -> c -> a and c -> b.
    ("nested", "abc", ["ab", "bc", "ca", "cb"], [("abc", ["ca", "cb"])]),
]


def _pairs(edges: list[str] | list[tuple[str, str]]) -> list[tuple[str, str]]:
    return [(e[0], e[1]) for e in edges]


@pytest.mark.parametrize(
    ("nodes", "edges", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_cycles_and_cuts(
    nodes: str | list[str],
    edges: list[str] | list[tuple[str, str]],
    expected: list[tuple[str | list[str], list[str] | list[tuple[str, str]]]],
) -> None:
    found = find_cycles(list(nodes), _pairs(edges))
    assert found == [(tuple(members), tuple(_pairs(cut))) for members, cut in expected]


def test_components_cover_every_node_once() -> None:
    components = strongly_connected(
        list(range(6)), [(0, 1), (1, 0), (2, 3), (3, 4), (4, 2), (5, 5)]
    )
    assert components == [[0, 1], [2, 3, 4], [5]]


def test_long_chains_do_not_recurse() -> None:
    nodes = list(range(5000))
    edges = [(i, i + 1) for i in range(4999)] + [(4999, 0)]
    ((members, cut),) = find_cycles(nodes, edges)
    assert len(members) == 5000
    assert cut == ((4999, 0),)


def _is_dag(nodes: list[int], edges: set[tuple[int, int]]) -> bool:
    return all(len(c) == 1 and (c[0], c[0]) not in edges for c in strongly_connected(nodes, edges))


@given(st.lists(st.tuples(st.integers(0, 7), st.integers(0, 7)), max_size=30))
def test_cutting_leaves_a_dag_and_every_node(edges: list[tuple[int, int]]) -> None:
    nodes = list(range(8))
    cycles = find_cycles(nodes, edges)
    cut = {edge for _members, cuts in cycles for edge in cuts}
    assert cut <= set(edges)
    assert _is_dag(nodes, set(edges) - cut)
    members = [m for ms, _cuts in cycles for m in ms]
    assert len(members) == len(set(members))
    # Same graph, edges in another order: the same answer.
    assert find_cycles(nodes, list(reversed(edges))) == cycles
