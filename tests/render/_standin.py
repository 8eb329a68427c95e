"""Evaluating rendered Nix against the nixpkgs stand-in, many cases per ``nix-instantiate`` run."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pynix.nix import Expr, render_line
from pynix.render.conditions import Condition
from pynix.standards.markers import environment
from pynix.standards.markers import evaluate as evaluate_marker
from pynix.standards.targets import DEFAULT_SYSTEMS, Interpreter, Platform, Target
from tests.support.nix import nix_eval

__all__ = [
    "FLAKE_INPUT",
    "STANDIN",
    "VERSIONS",
    "evaluate",
    "evaluate_conditions",
    "nix_text",
    "reference",
    "stub_overlay",
    "target",
]

STANDIN = Path(__file__).resolve().parent.parent / "support" / "nixpkgs"
FLAKE_INPUT = STANDIN / "flake-input.nix"

# Interpreter versions the tests evaluate conditions for: CPython 3.9 to 3.14, and
# pre-releases, where Nix's version order and PEP 440's disagree.
VERSIONS = (
    "3.9.19",
    "3.10.14",
    "3.11.9",
    "3.12.4",
    "3.12.5",
    "3.13.0rc1",
    "3.13.0",
    "3.14.0a7",
    "3.14.0",
)


def target(system: str, version: str, implementation: str = "cpython") -> Target:
    """CPython (or PyPy, with ``version`` as its own version too) ``version`` on ``system``."""
    if implementation == "pypy":
        interpreter = Interpreter(
            implementation="pypy", version=version, implementation_version=version
        )
        return Target(interpreter=interpreter, platform=Platform.from_system(system))
    return Target.parse(system, version)


def reference(
    marker: str,
    system: str,
    version: str,
    implementation: str = "cpython",
    extras: Sequence[str] = (),
) -> bool:
    """pynix's own PEP 508 verdict on ``marker`` for the target: the oracle."""
    env = environment(target(system, version, implementation))
    return evaluate_marker(marker, env, extras=extras)


def nix_text(condition: Condition | Expr) -> str:
    """A condition as one line of Nix."""
    if isinstance(condition, bool):
        return "true" if condition else "false"
    return render_line(condition)


def stub_overlay(names: Sequence[str], extras: dict[str, Sequence[str]] | None = None) -> str:
    """A nixpkgs overlay adding stub Python packages ``names`` (with empty ``extras`` lists)."""
    entries = []
    for name in names:
        optional = " ".join(f"{e} = [ ];" for e in (extras or {}).get(name, ()))
        entries.append(
            f'"{name}" = pyfinal.buildPythonPackage {{ pname = "{name}"; version = "1.0";'
            f" pyproject = true; optional-dependencies = {{ {optional} }}; }};"
        )
    return (
        "(final: prev: { pythonPackagesExtensions = prev.pythonPackagesExtensions ++ "
        f"[ (pyfinal: pyprev: {{ {' '.join(entries)} }}) ]; }})"
    )


def evaluate_conditions(
    conditions: Sequence[Condition],
    *,
    systems: Sequence[str] = DEFAULT_SYSTEMS,
    versions: Sequence[str] = VERSIONS,
    implementation: str = "cpython",
) -> dict[tuple[str, str], list[bool]]:
    """Each condition's value under the real Nix, per (system, interpreter version).

    The conditions may read ``stdenv``, ``lib``, ``python``, ``pythonOlder`` and
    ``pythonAtLeast``, as in a package function.
    """
    body = " ".join(f"({nix_text(c)})" for c in conditions)
    expression = f"""
      let
        check = system: version:
          let
            pkgs = import {STANDIN} {{ inherit system; }};
            python = pkgs.python312.override {{
              inherit version;
              implementation = "{implementation}";
            }};
            inherit (pkgs) lib stdenv;
            inherit (python) pythonOlder pythonAtLeast;
          in [ {body} ];
      in map (system: map (version: check system version) {_nix_list(versions)})
        {_nix_list(systems)}
    """
    result: list[list[list[bool]]] = nix_eval(expression)
    return {
        (system, version): result[i][j]
        for i, system in enumerate(systems)
        for j, version in enumerate(versions)
    }


def _nix_list(items: Sequence[str]) -> str:
    return "[ " + " ".join(json.dumps(item) for item in items) + " ]"


def evaluate(expression: str) -> Any:
    """Evaluate ``expression`` with ``standin`` bound to the stand-in's directory."""
    return nix_eval(f"let standin = {STANDIN}; in {expression}")
