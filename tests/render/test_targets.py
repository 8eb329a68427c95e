"""Target sets as Nix conditions: the text written, exactness under the real Nix, the guard."""

from __future__ import annotations

import itertools
import json
import subprocess

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pynix.nix import Expr, assert_, bind, call, let_, render, render_line, var
from pynix.nix import Path as NixPath
from pynix.render.targets import TargetScope, planned_guard, python_condition, targets_condition
from pynix.standards.targets import DEFAULT_SYSTEMS, Target
from tests.render._standin import FLAKE_INPUT
from tests.support.nix import nix_eval, nix_instantiate

VERSIONS = ("3.11", "3.12", "3.13", "3.14")
UNIVERSE = tuple(Target.parse(s, v) for s in DEFAULT_SYSTEMS for v in VERSIONS)
SCOPE = TargetScope(
    host=var("stdenv.hostPlatform"), python_version=var("python.pythonVersion"), lib=var("lib")
)


def _where(predicate: object) -> frozenset[Target]:
    assert callable(predicate)
    return frozenset(t for t in UNIVERSE if predicate(t))


# (id, which targets, the condition as written)
WRITTEN = [
    ("everywhere", lambda t: True, "true"),
    ("nowhere", lambda t: False, "false"),
    ("linux", lambda t: t.platform.kernel == "linux", "stdenv.hostPlatform.isLinux"),
    (
        "x86_64-linux",
        lambda t: t.platform.system == "x86_64-linux",
        "stdenv.hostPlatform.isLinux && stdenv.hostPlatform.isx86_64",
    ),
    (
        "older-than-3.13",
        lambda t: t.interpreter.minor < 13,
        'lib.versionOlder python.pythonVersion "3.13"',
    ),
    (
        "3.12-and-later",
        lambda t: t.interpreter.minor >= 12,
        'lib.versionAtLeast python.pythonVersion "3.12"',
    ),
    ("only-3.12", lambda t: t.interpreter.minor == 12, 'python.pythonVersion == "3.12"'),
    (
        "3.11-or-3.13",
        lambda t: t.interpreter.minor in (11, 13),
        'builtins.elem python.pythonVersion [ "3.11" "3.13" ]',
    ),
    (
        "darwin-or-old-linux",
        lambda t: t.platform.kernel == "darwin" or t.interpreter.minor == 11,
        (
            "stdenv.hostPlatform.isDarwin"
            ' || stdenv.hostPlatform.isLinux && python.pythonVersion == "3.11"'
        ),
    ),
]


@pytest.mark.parametrize(
    ("where", "written"), [w[1:] for w in WRITTEN], ids=[w[0] for w in WRITTEN]
)
def test_condition_text(where: object, written: str) -> None:
    assert _text(targets_condition(_where(where), UNIVERSE, SCOPE)) == written


def _text(condition: object) -> str:
    assert isinstance(condition, (Expr, bool))
    return json.dumps(condition) if isinstance(condition, bool) else render_line(condition)


def test_targets_outside_the_universe_are_ignored() -> None:
    outside = Target.parse("x86_64-linux", "3.10")
    assert targets_condition({outside}, UNIVERSE, SCOPE) is False
    assert targets_condition(set(UNIVERSE) | {outside}, UNIVERSE, SCOPE) is True


def test_python_condition_on_a_single_version_universe() -> None:
    assert python_condition({"3.12"}, {"3.12"}, SCOPE) is True
    assert python_condition(set(), {"3.12"}, SCOPE) is False


def _evaluate(conditions: list[str]) -> list[list[bool]]:
    """Each condition on each target of the universe, by the real Nix (one run for all)."""
    cases = " ".join(f"(c: {c})" for c in conditions)
    targets = " ".join(
        f'{{ system = "{t.platform.system}"; version = "{t.interpreter.python_version}"; }}'
        for t in UNIVERSE
    )
    expression = f"""
      let
        lib = {{
          versionOlder = a: b: builtins.compareVersions a b < 0;
          versionAtLeast = a: b: builtins.compareVersions a b >= 0;
        }};
        split = s: builtins.filter builtins.isString (builtins.split "-" s);
        host = system:
          let
            cpu = builtins.elemAt (split system) 0;
            kernel = builtins.elemAt (split system) 1;
          in {{
            inherit system;
            isLinux = kernel == "linux";
            isDarwin = kernel == "darwin";
            isWindows = kernel == "windows";
            isx86_64 = cpu == "x86_64";
            isAarch64 = cpu == "aarch64";
          }};
        conditions = [ {cases} ];
        targets = [ {targets} ];
      in
        map (f: map (t: f (
          let
            stdenv.hostPlatform = host t.system;
            python.pythonVersion = t.version;
          in {{ inherit lib stdenv python; }})) targets) conditions
    """
    # Each case is a function of a scope; bring the names into scope with `with`.
    expression = expression.replace("(c: ", "(scope: with scope; ")
    result = nix_eval(expression)
    assert isinstance(result, list)
    return [[bool(v) for v in row] for row in result]


SUBSETS = st.sets(st.sampled_from(UNIVERSE))


@settings(max_examples=10)
@given(st.lists(SUBSETS, min_size=20, max_size=40))
def test_conditions_are_exact_under_real_nix(subsets: list[set[Target]]) -> None:
    texts = []
    for subset in subsets:
        condition = targets_condition(subset, UNIVERSE, SCOPE)
        texts.append(
            json.dumps(condition) if isinstance(condition, bool) else render_line(condition)
        )
    results = _evaluate(texts)
    for subset, row in zip(subsets, results, strict=True):
        assert row == [t in subset for t in UNIVERSE]


def test_every_single_system_and_version_pair_is_exact() -> None:
    pairs = [frozenset({t}) for t in UNIVERSE]
    texts = []
    for subset in pairs:
        condition = targets_condition(subset, UNIVERSE, SCOPE)
        assert not isinstance(condition, bool)
        texts.append(render_line(condition))
    for subset, row in zip(pairs, _evaluate(texts), strict=True):
        assert row == [t in subset for t in UNIVERSE]
    assert len(set(itertools.chain(texts))) == len(UNIVERSE)


# -- the guard: a target the plan did not cover is refused -----------------------------------

PLANNED = [
    Target.parse(system, version)
    for system, version in [
        ("x86_64-linux", "3.12"),
        ("x86_64-linux", "3.13"),
        ("aarch64-darwin", "3.12"),
    ]
]


def guarded(system: str, version: str) -> str:
    planned, holds = planned_guard(PLANNED, python_version=var("v"), system=var("s"))
    tree = let_(
        [
            bind("lib", call(var("import"), NixPath(value=str(FLAKE_INPUT.parent / "lib.nix")))),
            bind("s", system),
            bind("v", version),
            planned,
        ],
        assert_(holds, "planned"),
    )
    expression = render(tree)
    result = subprocess.run(
        [nix_instantiate(), "--eval", "--readonly-mode", "--expr", expression],
        capture_output=True,
        text=True,
        check=False,
    )
    return result.stdout.strip() or result.stderr.splitlines()[0]


PLANNED_TEXT = "Python 3.12, 3.13 on x86_64-linux; Python 3.12 on aarch64-darwin"
HINT = "(generate again with --python X.Y and --system to plan for it)"
GUARD = [
    ("x86_64-linux", "3.12", '"planned"'),
    ("x86_64-linux", "3.13", '"planned"'),
    ("aarch64-darwin", "3.12", '"planned"'),
    (
        "aarch64-darwin",
        "3.13",
        (
            f"error: pynix: the lock was planned for {PLANNED_TEXT}; not for Python 3.13 on"
            f" aarch64-darwin {HINT}"
        ),
    ),
    (
        "aarch64-linux",
        "3.12",
        (
            f"error: pynix: the lock was planned for {PLANNED_TEXT}; not for Python 3.12 on"
            f" aarch64-linux {HINT}"
        ),
    ),
]


@pytest.mark.nix
@pytest.mark.parametrize(
    ("system", "version", "expected"), GUARD, ids=[f"{s}-{v}" for s, v, _ in GUARD]
)
def test_planned_guard(system: str, version: str, expected: str) -> None:
    assert guarded(system, version) == expected
