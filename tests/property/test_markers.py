"""Markers: random trees against packaging, round trips, simplification."""

from __future__ import annotations

from typing import get_args

from hypothesis import assume, given
from hypothesis import strategies as st
from packaging.markers import Marker, UndefinedComparison

from pynix.errors import InvalidMarker
from pynix.standards.markers import (
    ENVIRONMENT_VARIABLES,
    And,
    Compare,
    MarkerNode,
    Operator,
    Or,
    Value,
    Variable,
    environment,
    evaluate,
    parse_marker,
    simplify,
    to_string,
    variables,
)
from pynix.standards.targets import Interpreter, Platform, Target

SYSTEMS = ("x86_64-linux", "aarch64-linux", "x86_64-darwin", "aarch64-darwin", "x86_64-windows")
TARGETS = [
    Target.parse(system, f"3.{minor}.{patch}")
    for system in SYSTEMS
    for minor in range(8, 15)
    for patch in (0, 4)
] + [
    Target(
        interpreter=Interpreter(implementation="pypy", version=version, implementation_version=own),
        platform=Platform.from_system(system),
    )
    for system in SYSTEMS
    for version, own in (("3.10.14", "7.3.17"), ("3.11.11", "7.3.19"))
]
ENVIRONMENTS = [environment(target) for target in TARGETS]

# Values that occur in real environments and markers, plus some that trip parsers.
REAL_VALUES = [
    *sorted({value for env in ENVIRONMENTS for value in env.values()}),
    "3", "3.9", "3.10", "3.10.*", "3.*", "3.11.0rc1", "2.7.18", "7.3", "1!3.0", "3.12+local",
    "posix nt", "linux2", "win", "Darwin Linux", "cygwin", "aarch64 arm64", "20.0", "5.10.0",
    "test", "Foo_Bar", "dev.docs", "ç", " 3.12", "3.12 ", "",
]  # fmt: skip
OPERATORS: tuple[Operator, ...] = get_args(Operator)
COMMON_OPERATORS = [op for op in OPERATORS if op not in ("~=", "===")]
EXTRAS = ["test", "foo-bar", "docs", "Dev_Docs"]

values = st.one_of(st.sampled_from(REAL_VALUES), st.text(max_size=8))


@st.composite
def comparisons(draw: st.DrawFn) -> Compare:
    name = draw(st.sampled_from([*ENVIRONMENT_VARIABLES, "extra"]))
    value = Value(draw(st.sampled_from(EXTRAS) if name == "extra" else values))
    # ~= and === are undefined on most variables: draw them less often.
    op = draw(st.one_of(st.sampled_from(COMMON_OPERATORS), st.sampled_from(OPERATORS)))
    if draw(st.booleans()):
        return Compare(value, op, Variable(name))
    return Compare(Variable(name), op, value)


def _join(kind: type[And] | type[Or], items: list[MarkerNode]) -> MarkerNode:
    flat: list[MarkerNode] = []
    for item in items:
        flat.extend(item.items if isinstance(item, kind) else (item,))
    return kind(tuple(flat))


markers = st.recursive(
    comparisons(),
    lambda children: st.builds(
        _join, st.sampled_from([And, Or]), st.lists(children, min_size=2, max_size=4)
    ),
    max_leaves=12,
)


def _packaging(node: MarkerNode, env: dict[str, str], extra: str) -> bool | str:
    try:
        return Marker(to_string(node)).evaluate(env | {"extra": extra})
    except UndefinedComparison:
        return "undefined"


def _pynix(node: MarkerNode, env: dict[str, str], extras: str | list[str] | None) -> bool | str:
    try:
        return evaluate(node, env, extras)
    except InvalidMarker:
        return "undefined"


@given(markers, st.sampled_from(ENVIRONMENTS), st.sampled_from(EXTRAS))
def test_evaluate_agrees_with_packaging(node: MarkerNode, env: dict[str, str], extra: str) -> None:
    assert _pynix(node, env, extra) == _packaging(node, env, extra)


@given(markers)
def test_to_string_round_trips(node: MarkerNode) -> None:
    text = to_string(node)
    assert parse_marker(text) == node
    assert to_string(parse_marker(text)) == text


@given(
    markers,
    st.sampled_from(ENVIRONMENTS),
    st.one_of(st.none(), st.sampled_from(EXTRAS), st.lists(st.sampled_from(EXTRAS))),
    st.sets(st.sampled_from(ENVIRONMENT_VARIABLES)),
)
def test_simplify_then_evaluate_is_evaluate(
    node: MarkerNode,
    env: dict[str, str],
    extras: str | list[str] | None,
    known_names: set[str],
) -> None:
    expected = _pynix(node, env, extras)
    assume(expected != "undefined")
    assert simplify(node, env, extras) is expected
    known = {name: env[name] for name in known_names}
    partial = simplify(node, known, extras)
    if isinstance(partial, bool):
        assert partial is expected
    else:
        assert variables(partial) <= set(ENVIRONMENT_VARIABLES) - known_names
        assert evaluate(partial, env, extras) is expected
