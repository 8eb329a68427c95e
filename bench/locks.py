"""Lock to Nix, timed: read, plan, render (CPU), and Nix's evaluation of the output beside a floor.

Run from a checkout: ``python bench/locks.py [--sizes 10,100,500,1000,2000] [--runs N]``.

For each size N the script synthesizes a ``uv.lock`` of N packages (seeded,
deterministic, shaped like real ones):

* one in five packages has CPython wheels for manylinux x86_64 and aarch64
  and macOS arm64 and x86_64, for Python 3.11 to 3.14 (16 wheels) and an
  sdist; three in five a pure ``py3-none-any`` wheel and an sdist; one in
  five an sdist only;
* up to four dependencies on later packages, a third of them behind
  ``sys_platform`` / ``python_full_version`` / ``platform_machine``
  markers, a few through an extra, a few two-package cycles;
* a virtual root depending on every package nothing else depends on, so
  that every package is installed somewhere (uv locks hold nothing else).

Columns (CPU seconds, best of ``--runs``; ``time.process_time``):

* ``read``, ``plan`` (16 targets: 4 systems x 4 Pythons), ``render`` (the
  overlay's tree and its printing: ``render_overlay(...).texts()``, with the
  cycle collector off as ``pynix generate`` runs it), and ``pkg/s`` --
  installed packages rendered per CPU second;
* ``nix`` -- ``nix-instantiate --eval --strict`` (CPU of the child, best of
  runs) of the output against the test stand-in of nixpkgs, for
  x86_64-linux with Python 3.12: every package of ``packages.env`` with its
  name, its ``src`` URL and the names of its dependencies;
* ``floor`` -- the same evaluation of a minimal hand-written file with the
  same packages as plain ``buildPythonPackage { src = fetchurl { … }; }``
  calls (the file and dependencies that target gets, no conditions, no
  overlay), and ``ratio`` = nix / floor (goal: at most 1.5);
* ``files`` -- the files the output names (every target's wheel: a
  package with CPython wheels names 16), ``floor*`` -- the floor with every
  one of those files in each package's ``src`` (a list whose first item,
  this target's file, is taken), and ``ratio*`` = nix / floor*: what the
  generated structure costs beyond parsing the same files.

The issue's goals: 2,000 packages rendered in under a second of CPU, and
Nix's evaluation within 1.5 times the floor. No assertions: figures only.
"""

from __future__ import annotations

import argparse
import functools
import gc
import importlib.util
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

ROOT = Path(__file__).resolve().parent.parent
if importlib.util.find_spec("pynix") is None:  # a checkout without pynix installed
    sys.path.insert(0, str(ROOT / "src"))

from pynix.locks.uv_lock import read_uv_lock  # noqa: E402 - after the path set-up above
from pynix.model import Project, ProjectFormat  # noqa: E402 - after the path set-up above
from pynix.plan import Build, Plan, plan  # noqa: E402 - after the path set-up above
from pynix.render.overlay import render_overlay  # noqa: E402 - after the path set-up above

SEED = 4
T = TypeVar("T")
STANDIN = ROOT / "tests" / "support" / "nixpkgs"
INDEX = "https://pypi.org/simple"
FILES = "https://files.pythonhosted.org/packages/ab/cd"
MARKERS = (
    "sys_platform == 'linux'",
    "sys_platform == 'darwin'",
    "sys_platform == 'win32'",
    "python_full_version < '3.13'",
    "platform_machine == 'x86_64'",
    "sys_platform != 'win32' and python_full_version >= '3.12'",
)
NATIVE_PLATFORMS = (
    "manylinux_2_17_x86_64.manylinux2014_x86_64",
    "manylinux_2_28_aarch64",
    "macosx_11_0_arm64",
    "macosx_10_13_x86_64",
)
TARGET = ("x86_64-linux", "3.12")
PROJECTION = (
    "map (p: { inherit (p) name; src = p.src.url or null;"
    " deps = map (x: x.name) (p.dependencies or [ ]); }) env.packages"
)


def _hash(rng: random.Random) -> str:
    return "sha256:" + "".join(rng.choice("0123456789abcdef") for _ in range(64))


def _file(rng: random.Random, filename: str) -> str:
    size = rng.randint(1000, 10**7)
    return f'{{ url = "{FILES}/{filename}", hash = "{_hash(rng)}", size = {size} }}'


def synthetic_lock(size: int, seed: int = SEED) -> str:
    """A ``uv.lock`` of ``size`` packages and a virtual root (see the module docstring)."""
    rng = random.Random(seed)
    names = [f"pkg-{i:05d}" for i in range(size)]
    entries: list[list[str]] = []
    needed: set[str] = set()
    for index, name in enumerate(names):
        later = names[index + 1 :]
        deps = []
        for dependency in rng.sample(later, min(len(later), rng.randint(0, 4))):
            needed.add(dependency)
            parts = [f'name = "{dependency}"']
            if rng.random() < 0.33:
                parts.append(f'marker = "{rng.choice(MARKERS)}"')
            deps.append("{ " + ", ".join(parts) + " }")
        if index % 50 == 1:  # a two-package cycle with the package before
            deps.append(f'{{ name = "{names[index - 1]}" }}')
            needed.add(names[index - 1])
        version = f"{rng.randint(0, 30)}.{rng.randint(0, 20)}.{rng.randint(0, 9)}"
        stem = name.replace("-", "_")
        lines = ["[[package]]", f'name = "{name}"', f'version = "{version}"']
        lines.append(f'source = {{ registry = "{INDEX}" }}')
        if deps:
            lines.append(f"dependencies = [{', '.join(deps)}]")
        lines.append(f"sdist = {_file(rng, f'{stem}-{version}.tar.gz')}")
        kind = rng.random()
        if kind < 0.2:
            wheels = [
                f"{stem}-{version}-cp3{minor}-cp3{minor}-{platform}.whl"
                for minor in range(11, 15)
                for platform in NATIVE_PLATFORMS
            ]
        elif kind < 0.8:
            wheels = [f"{stem}-{version}-py3-none-any.whl"]
        else:
            wheels = []
        if wheels:
            lines.append("wheels = [")
            lines += [f"    {_file(rng, w)}," for w in wheels]
            lines.append("]")
        if later and rng.random() < 0.1:
            lines += ["", "[package.optional-dependencies]", f'extra = [{{ name = "{later[0]}" }}]']
            needed.add(later[0])
        entries.append(lines)
    tops = ", ".join(f'{{ name = "{n}" }}' for n in names if n not in needed)
    head = ["version = 1", "revision = 3", 'requires-python = ">=3.11"', ""]
    head += ["[[package]]", 'name = "app"', 'version = "0.1.0"', 'source = { virtual = "." }']
    head += [f"dependencies = [{tops}]", ""]
    return "\n".join(head + [line for lines in entries for line in [*lines, ""]])


def _best(runs: int, work: Callable[[], T]) -> tuple[float, T]:
    best = float("inf")
    result: T | None = None
    for _ in range(runs):
        start = time.process_time()
        result = work()
        best = min(best, time.process_time() - start)
    assert result is not None
    return best, result


def _render(result: Plan, project: Project) -> dict[str, str]:
    """The files, rendered as ``pynix generate`` renders them: without the cycle collector."""
    gc.disable()
    try:
        return render_overlay(result, project).texts()
    finally:
        gc.enable()


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def nix_cpu(expression: str, runs: int) -> float:
    """The least CPU time ``nix-instantiate --eval --strict`` took over ``runs`` runs."""
    best = float("inf")
    for _ in range(runs):
        before = _children_cpu()
        subprocess.run(
            ["nix-instantiate", "--eval", "--strict", "--json", "--readonly-mode", "--expr",
             expression],
            check=True,
            stdout=subprocess.DEVNULL,
        )  # fmt: skip
        best = min(best, _children_cpu() - before)
    return best


def _fetch(url: str | None, hash_: str | None) -> str:
    return f'fetchurl {{ url = {json.dumps(url)}; hash = "{hash_}"; }}'


def floor_file(result: Plan, directory: Path, *, every_file: bool = False) -> Path:
    """The minimal file: the target's packages as plain calls, dependencies by name.

    With ``every_file``, each package's ``src`` is the first of a list of every
    file the plan chose for it on some target (the one for this target first):
    the same files as the generated output, to parse, without its conditions.
    """
    environment = result.environment(*TARGET)
    edges: dict[str, list[str]] = {}
    for edge in environment.edges:
        if not edge.cut and edge.group is None:
            edges.setdefault(edge.parent.name, []).append(edge.child.name)
    lines = [
        f"{{ pkgs ? import {STANDIN} {{ }} }}:",
        "let",
        "  python = pkgs.python312;",
        "  inherit (python.pkgs) buildPythonPackage;",
        "  inherit (pkgs) fetchurl;",
        "  ps = {",
    ]
    wanted = []
    for installed in environment.installed:
        if installed.build not in (Build.WHEEL, Build.SDIST) or installed.artifact is None:
            continue
        artifact = installed.artifact
        name = installed.pin.name
        wanted.append(name)
        src = _fetch(artifact.url, artifact.hash)
        if every_file:
            others = [
                _fetch(c.artifact.url, c.artifact.hash)
                for c in result.package(name, installed.pin.version).choices
                if c.artifact is not None and c.artifact is not artifact
            ]
            src = "builtins.head [ " + " ".join(f"({s})" for s in [src, *others]) + " ]"
        kind = 'format = "wheel";' if installed.build is Build.WHEEL else "pyproject = true;"
        deps = " ".join(f"ps.{child}" for child in dict.fromkeys(edges.get(name, ())))
        version = installed.pin.version
        lines.append(
            f'    {name} = buildPythonPackage {{ pname = "{name}"; version = "{version}"; {kind}'
            f" src = {src}; dependencies = [ {deps} ]; }};"
        )
    listed = " ".join(f"ps.{n}" for n in wanted)
    lines += ["  };", "in", f"python.withPackages (_: [ {listed} ])", ""]
    path = directory / ("floor-every-file.nix" if every_file else "floor.nix")
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10,100,500,1000,2000")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    project = Project(format=ProjectFormat.UV, name="app", version="0.1.0")
    print(f"{'packages':>8} {'installed':>9} {'read':>6} {'plan':>6} {'render':>6} {'pkg/s':>7} "
          f"{'total':>6} {'files':>6} {'nix':>6} {'floor':>6} {'ratio':>5} {'floor*':>6} "
          f"{'ratio*':>6}")  # fmt: skip
    for size in (int(s) for s in args.sizes.split(",")):
        text = synthetic_lock(size)
        read_time, lock = _best(args.runs, functools.partial(read_uv_lock, text))
        plan_time, result = _best(args.runs, functools.partial(plan, lock))
        render_time, files = _best(args.runs, functools.partial(_render, result, project))
        installed = len(result.packages)
        with tempfile.TemporaryDirectory(prefix="pynix-bench-") as scratch:
            directory = Path(scratch)
            for name, content in files.items():
                (directory / name).write_text(content, encoding="utf-8")
            generated = (
                f'let pkgs = import {STANDIN} {{ system = "{TARGET[0]}"; }};'
                f" env = (import {directory}/default.nix {{ inherit pkgs; python = pkgs.python312;"
                f" }}).env; in {PROJECTION}"
            )
            floor = f"let env = import {floor_file(result, directory)} {{ }}; in {PROJECTION}"
            every = floor_file(result, directory, every_file=True)
            nix_time = nix_cpu(generated, args.runs)
            floor_time = nix_cpu(floor, args.runs)
            every_time = nix_cpu(f"let env = import {every} {{ }}; in {PROJECTION}", args.runs)
            files_named = files["python-packages.nix"].count(" url = ")
        rate = installed / render_time if render_time else float("inf")
        total = read_time + plan_time + render_time
        print(f"{size:>8} {installed:>9} {read_time:>6.3f} {plan_time:>6.3f} {render_time:>6.3f} "
              f"{rate:>7,.0f} {total:>6.3f} {files_named:>6} {nix_time:>6.3f} {floor_time:>6.3f} "
              f"{nix_time / floor_time:>5.2f} {every_time:>6.3f} "
              f"{nix_time / every_time:>6.2f}")  # fmt: skip


if __name__ == "__main__":
    main()
