"""Lock to Nix, timed: read, plan, render (CPU) in both styles, and Nix's evaluation beside a floor.

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

* ``read``, ``plan`` (16 targets: 4 systems x 4 Pythons), then one row per
  style -- ``overlay`` (``python-packages.nix``) and ``pyproject-nix``
  (``build-set.nix``) --: ``render`` (the tree and its printing:
  ``render_…(...).texts()``), ``pkg/s`` (installed packages rendered per CPU
  second) and ``total`` (read + plan + render);
* ``files`` -- the files the output names (every target's wheel: a package
  with CPython wheels names 16);
* ``nix`` -- ``nix-instantiate --eval --strict`` (CPU of the child, best of
  runs) of the output against the test stand-ins (nixpkgs, and for
  ``pyproject-nix`` pyproject.nix's build scope), for x86_64-linux with
  Python 3.12: every package of ``packages.env`` with its name, its ``src``
  URL and the names of its dependencies;
* ``floor`` -- the issue's floor: the same evaluation of a minimal
  hand-written file with the same N packages as plain ``buildPythonPackage
  { src = fetchurl { … }; }`` calls (one file each: the one this target
  gets; dependencies by name; no conditions, no overlay) -- and ``ratio`` =
  nix / floor (the issue's goal: at most 1.5);
* ``floor*`` -- the floor with every file the output names in each
  package's ``src`` (a list whose first item, this target's file, is taken),
  and ``ratio*`` = nix / floor*: what the generated structure costs beyond
  parsing the same files. A file that serves every target has to name every
  target's wheel, and Nix 2.8 reads source at a roughly constant cost per
  byte, so ``floor* / floor`` is the part of ``ratio`` that no layout of
  one such file can remove.

The issue's goals: 2,000 packages rendered in under a second of CPU, and
Nix's evaluation within 1.5 times the floor. No assertions: figures only.
"""

from __future__ import annotations

import argparse
import functools
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
from pynix.render.build_set import BUILD_SET_FILE, render_files  # noqa: E402 - after the path set-up above
from pynix.render.overlay import render_overlay  # noqa: E402 - after the path set-up above
from pynix.render.result import RenderedFiles  # noqa: E402 - after the path set-up above

SEED = 4
T = TypeVar("T")
STANDIN = ROOT / "tests" / "support" / "nixpkgs"
PYPROJECT_STANDIN = ROOT / "tests" / "support" / "pyproject-nix"
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
# The same for pyproject.nix's packages, whose run-time dependencies are in passthru.
BUILD_SET_PROJECTION = (
    "map (p: { inherit (p) name; src = p.src.url or null;"
    " deps = builtins.attrNames (p.passthru.dependencies or { }); }) env.packages"
)
# style -> (renderer, the file holding the packages)
STYLES: dict[str, tuple[Callable[[Plan, Project], RenderedFiles], str]] = {
    "overlay": (render_overlay, "python-packages.nix"),
    "pyproject-nix": (render_files, BUILD_SET_FILE),
}


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


def _render(style: str, result: Plan, project: Project) -> dict[str, str]:
    """The files of ``style``, rendered and printed (with the cycle collector paused inside,
    as ``pynix generate`` renders them)."""
    renderer, _ = STYLES[style]
    return renderer(result, project).texts()


def _env_expression(style: str, directory: Path) -> str:
    """What ``nix`` evaluates for the files of ``style`` in ``directory``."""
    head = f'let pkgs = import {STANDIN} {{ system = "{TARGET[0]}"; }}; python = pkgs.python312;'
    if style == "overlay":
        return (
            f"{head} env = (import {directory}/default.nix {{ inherit pkgs python; }}).env;"
            f" in {PROJECTION}"
        )
    return (
        f"{head} pyproject-nix = import {PYPROJECT_STANDIN}/flake-input.nix;"
        f" pyproject-build-systems = import {PYPROJECT_STANDIN}/build-systems-input.nix;"
        f" env = (import {directory}/default.nix {{"
        " inherit pkgs python pyproject-nix pyproject-build-systems; }).env;"
        f" in {BUILD_SET_PROJECTION}"
    )


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


NOTES = """
ratio  = nix / floor:  against the issue's floor, one fetchurl per package (goal: at most 1.5)
ratio* = nix / floor*: against a floor that parses every file the output names (one file serves
         every target, so it names every target's wheel); floor* / floor is what parsing the
         other targets' files costs, which no layout of one such file can remove
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10,100,500,1000,2000")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--styles", default=",".join(STYLES))
    args = parser.parse_args()
    styles = args.styles.split(",")
    project = Project(format=ProjectFormat.UV, name="app", version="0.1.0")
    print(f"{'packages':>8} {'installed':>9} {'read':>6} {'plan':>6} {'style':<13} {'render':>6} "
          f"{'pkg/s':>7} {'total':>6} {'files':>6} {'nix':>6} {'floor':>6} {'ratio':>5} "
          f"{'floor*':>6} {'ratio*':>6}")  # fmt: skip
    for size in (int(s) for s in args.sizes.split(",")):
        text = synthetic_lock(size)
        read_time, lock = _best(args.runs, functools.partial(read_uv_lock, text))
        plan_time, result = _best(args.runs, functools.partial(plan, lock))
        installed = len(result.packages)
        with tempfile.TemporaryDirectory(prefix="pynix-bench-") as scratch:
            directory = Path(scratch)
            floor = f"let env = import {floor_file(result, directory)} {{ }}; in {PROJECTION}"
            every = floor_file(result, directory, every_file=True)
            floor_time = nix_cpu(floor, args.runs)
            every_time = nix_cpu(f"let env = import {every} {{ }}; in {PROJECTION}", args.runs)
            for row, style in enumerate(styles):
                render = functools.partial(_render, style, result, project)
                render_time, files = _best(args.runs, render)
                out = directory / style
                out.mkdir()
                for name, content in files.items():
                    (out / name).write_text(content, encoding="utf-8")
                nix_time = nix_cpu(_env_expression(style, out), args.runs)
                files_named = files[STYLES[style][1]].count(" url = ")
                rate = installed / render_time if render_time else float("inf")
                total = read_time + plan_time + render_time
                head = (
                    f"{size:>8} {installed:>9} {read_time:>6.3f} {plan_time:>6.3f}"
                    if row == 0
                    else " " * 32
                )
                print(f"{head} {style:<13} {render_time:>6.3f} {rate:>7,.0f} {total:>6.3f} "
                      f"{files_named:>6} {nix_time:>6.3f} {floor_time:>6.3f} "
                      f"{nix_time / floor_time:>5.2f} {every_time:>6.3f} "
                      f"{nix_time / every_time:>6.2f}")  # fmt: skip
    print(NOTES, end="")


if __name__ == "__main__":
    main()
