"""Generated overlay files evaluated by the real Nix against the stand-in, per target (helpers).

:func:`evaluate_targets` writes the files of a :class:`~pynix.render.result.RenderedFiles`
into a directory and evaluates one Nix expression per (system, Python
version) in a single ``nix-instantiate`` run. The expression sees:

* ``pkgs`` -- the stand-in for the system; ``python`` -- its interpreter
  (``python312`` for ``3.12``);
* ``locked`` -- ``python.override { packageOverrides = <python-packages.nix>; }``,
  the overlay imported through ``pkgs.standin.import`` so that
  ``builtins.fetchGit``/``builtins.fetchurl`` are recorded, not run;
* ``d`` -- ``import ./default.nix { inherit pkgs python; }``;
* ``describe`` -- a package as plain data (name, version, builder,
  format, ``src`` as a record, a path string or ``"<throws>"``, dependency names).

:func:`expected_env` and :func:`expected_sources` say, from the plan alone,
what each target must get: the oracle the evaluations are compared with.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from pynix.plan import Build, Plan, PlanMode
from pynix.render.overlay import Decision, Kind
from pynix.render.result import RenderedFiles
from tests.render._standin import STANDIN
from tests.support.nix import nix_eval

__all__ = ["DESCRIBE", "evaluate_targets", "expected_env", "expected_sources", "write_files_to"]

DESCRIBE = """
  describe = p: {
    inherit (p) pname version builder;
    format = p.format or null;
    pyproject = p.pyproject or null;
    src =
      let
        tried = builtins.tryEval (builtins.deepSeq p.src p.src);
        src = tried.value;
      in
      if !(p ? src) then null
      else if !tried.success then "<throws>"
      else if builtins.isAttrs src then {
        fetcher = src.fetcher or null;
        url = src.url or null;
        hash = src.hash or null;
        name = src.name or null;
        rev = src.rev or null;
      }
      else toString src;
    deps = map (x: x.pname or x.name) (p.dependencies or [ ]);
  };
"""


def write_files_to(rendered: RenderedFiles, directory: Path) -> Path:
    """Write every file of ``rendered`` into ``directory`` (created); returns it."""
    directory.mkdir(parents=True, exist_ok=True)
    for name, text in rendered.texts().items():
        (directory / name).write_text(text, encoding="utf-8")
    return directory


def evaluate_targets(
    directory: Path, targets: Sequence[tuple[str, str]], body: str
) -> dict[tuple[str, str], Any]:
    """``body`` evaluated for every (system, ``X.Y``) of ``targets`` (see the module docstring)."""
    listed = " ".join(
        f'{{ system = "{system}"; attr = "python3{version.split(".")[1]}"; }}'
        for system, version in targets
    )
    expression = f"""
      let
        check = system: attr:
          let
            pkgs = import {STANDIN} {{ inherit system; }};
            inherit (pkgs) lib;
            python = pkgs.${{attr}};
            overlay = pkgs.standin.import {directory}/python-packages.nix {{ inherit pkgs; }};
            locked = python.override {{ self = locked; packageOverrides = overlay; }};
            d = import {directory}/default.nix {{ inherit pkgs python; }};
            {DESCRIBE}
          in {body};
      in map (t: check t.system t.attr) [ {listed} ]
    """
    results: list[Any] = nix_eval(expression)
    return dict(zip(targets, results, strict=True))


def nix_targets(plan: Plan) -> list[tuple[str, str]]:
    """The plan's Linux and Darwin targets as (system, ``X.Y``)."""
    return [
        (t.platform.system, t.interpreter.python_version)
        for t in plan.targets
        if t.platform.kernel in ("linux", "darwin")
    ]


def _env_decisions(plan: Plan, decisions: Iterable[Decision]) -> list[Decision]:
    roots = set(plan.lock.roots) if plan.mode is PlanMode.LOCK_ROOTS else set()
    return [d for d in decisions if d.kind is not Kind.VIRTUAL and d.package.pin.name not in roots]


def expected_env(
    plan: Plan, decisions: Iterable[Decision], target: tuple[str, str]
) -> dict[str, str]:
    """``pname -> version`` of what ``packages.env`` holds on ``target``, from the plan."""
    environment = plan.environment(*target)
    wanted = {d.package.pin for d in _env_decisions(plan, decisions)}
    return {str(i.pin.name): i.pin.version or "0" for i in environment.installed if i.pin in wanted}


def expected_sources(
    plan: Plan, decisions: Iterable[Decision], target: tuple[str, str]
) -> dict[str, tuple[str | None, str | None]]:
    """``attr -> (url, hash)`` of each wheel or sdist installed on ``target``, from the plan."""
    environment = plan.environment(*target)
    found: dict[str, tuple[str | None, str | None]] = {}
    for decision in decisions:
        installed = environment.get(decision.package.pin)
        if installed is None or decision.kind is Kind.NIXPKGS:
            continue
        artifact = installed.artifact
        if decision.kind is Kind.NIXPKGS_RECIPE:
            artifact = decision.package.package.sdist
        elif installed.build not in (Build.WHEEL, Build.SDIST):
            continue
        if artifact is not None and artifact.url is not None:
            found[decision.attr] = (artifact.url, artifact.hash)
    return found


def nix_list(items: Iterable[str]) -> str:
    """A Nix list of strings."""
    return "[ " + " ".join(json.dumps(i) for i in items) + " ]"
