"""Render time per dependency, and Nix's evaluation time of the result, for synthetic projects.

Run from a checkout: ``python bench/render.py [--sizes 10,100,1000,5000] [--runs N]``.

Each synthetic project has N dependencies (seeded, deterministic), a third of
them with markers of the shapes real metadata has (``python_version``,
``python_full_version``, ``sys_platform``, ``platform_machine``,
implementations, extras, combinations), plus extras and a test group. For
each size the table shows:

* ``render``: building the ``package.nix`` tree and printing it (best of
  ``--runs``, a cold marker cache each time), total and per dependency;
* ``nix eval``: ``nix-instantiate --eval --strict`` of
  ``(python.pkgs.callPackage ./package.nix { }).dependencies`` against the
  test stand-in for nixpkgs (tests/support/nixpkgs), with every dependency
  added as a stub package, printing the name of every dependency the
  x86_64-linux / Python 3.12 build gets -- the cost of the conditions and
  lists the file holds, not of a real nixpkgs.

No assertions: figures only.
"""

from __future__ import annotations

import argparse
import importlib.util
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if importlib.util.find_spec("pynix") is None:  # a checkout without pynix installed
    sys.path.insert(0, str(ROOT / "src"))

from packaging.specifiers import SpecifierSet  # noqa: E402 - after the path set-up above
from packaging.utils import canonicalize_name  # noqa: E402 - after the path set-up above

from pynix.model import BuildSystem, Dependency, Project, ProjectFormat  # noqa: E402 - after the path set-up above
from pynix.render import _markers, conditions  # noqa: E402 - after the path set-up above
from pynix.render.package import render_package  # noqa: E402 - after the path set-up above

SEED = 723
STANDIN = ROOT / "tests" / "support" / "nixpkgs"
MARKERS = [
    "python_version < '3.{minor}'",
    "python_version >= '3.{minor}'",
    "python_full_version < '3.{minor}.{patch}'",
    "sys_platform == 'linux'",
    "sys_platform == 'darwin' and platform_machine == 'arm64'",
    "platform_machine != 'aarch64' and python_version < '3.{minor}'",
    "sys_platform == 'win32'",
    "implementation_name == 'cpython' and python_version >= '3.{minor}'",
    "extra == 'fast'",
    "(os_name == 'posix' or python_version < '3.{minor}') and platform_machine == 'x86_64'",
]


def project(size: int, rng: random.Random) -> Project:
    dependencies = []
    for index in range(size):
        name = f"dep-{index:05d}"
        if rng.random() < 1 / 3:
            marker = rng.choice(MARKERS).format(minor=rng.randint(8, 14), patch=rng.randint(0, 12))
            dependencies.append(Dependency.parse(f"{name}>=1.{index % 7} ; {marker}"))
        else:
            dependencies.append(Dependency.parse(f"{name}>=1.{index % 7}"))
    return Project(
        format=ProjectFormat.PEP621,
        name="synthetic",
        version="1.0",
        requires_python=SpecifierSet(">=3.9"),
        dependencies=tuple(dependencies),
        optional_dependencies={canonicalize_name("fast"): tuple(dependencies[:3])},
        dependency_groups={canonicalize_name("test"): tuple(dependencies[-3:])},
        build_system=BuildSystem(requires=(Dependency.parse("setuptools"),)),
    )


def render_seconds(subject: Project, runs: int) -> tuple[float, str]:
    best = float("inf")
    text = ""
    for _ in range(runs):
        # Cold caches for every run (compiled markers, parsed markers, evaluated comparisons).
        conditions._compile.cache_clear()
        conditions._markers_of.cache_clear()
        _markers._decide.cache_clear()
        _markers.decide_extra.cache_clear()
        start = time.perf_counter()
        text = render_package(subject).text()
        best = min(best, time.perf_counter() - start)
    return best, text


def nix_seconds(text: str, size: int) -> float:
    nix = shutil.which("nix-instantiate")
    if nix is None:
        return float("nan")
    with tempfile.TemporaryDirectory() as directory:
        package = Path(directory) / "package.nix"
        package.write_text(text, encoding="utf-8")
        stubs = (
            "(final: prev: { pythonPackagesExtensions = prev.pythonPackagesExtensions ++ [ "
            "(pyfinal: pyprev: builtins.listToAttrs (builtins.genList (i: let name = "
            '"dep-${builtins.substring 1 5 (toString (100000 + i))}"; in { inherit name; '
            'value = pyfinal.buildPythonPackage { pname = name; version = "1.0"; '
            f"pyproject = true; }}; }}) {size})) ]; }})"
        )
        expression = (
            f"let pkgs = import {STANDIN} {{ overlays = [ {stubs} ]; }}; "
            f"in map (p: p.name) (pkgs.python3.pkgs.callPackage {package} {{ }}).dependencies"
        )
        start = time.perf_counter()
        result = subprocess.run(
            [nix, "--eval", "--strict", "--json", "--readonly-mode", "--expr", expression],
            check=True,
            capture_output=True,
            text=True,
        )
        seconds = time.perf_counter() - start
        if result.stdout.count('"python3.12-dep-') <= size // 2:  # the measurement measured nothing
            raise SystemExit(f"nix evaluated too few dependencies: {result.stdout[:200]}")
        return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10,100,1000,5000")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    print(f"{'deps':>6}  {'render':>10}  {'per dep':>9}  {'lines':>6}  {'nix eval':>9}")
    for size in (int(s) for s in args.sizes.split(",")):
        subject = project(size, random.Random(SEED + size))
        seconds, text = render_seconds(subject, args.runs)
        evaluated = nix_seconds(text, size)
        print(
            f"{size:>6}  {seconds * 1000:>8.1f}ms  {seconds / size * 1e6:>7.0f}µs"
            f"  {text.count(chr(10)):>6}  {evaluated:>8.2f}s"
        )


if __name__ == "__main__":
    main()
