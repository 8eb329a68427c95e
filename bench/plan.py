"""CPU time to read a synthetic uv.lock and plan it for 16 targets, from 10 to 2,000 packages.

Run from a checkout: ``python bench/plan.py [--sizes 10,100,500,2000] [--runs N]``.

The lock is synthetic and deterministic (a seeded generator), shaped like
real ones: every package has a pure wheel and an sdist, or (one in five)
CPython wheels for manylinux x86_64 and aarch64 and macOS arm64 and x86_64
for 3.11 to 3.14 plus an sdist; up to four dependencies each on later
packages, a third of them behind ``sys_platform`` / ``python_version``
markers, some through extras; a few two-package cycles; one virtual root
depending on the first tenth. Each row is the best of ``--runs`` passes,
measured with ``time.process_time`` (CPU seconds); the issue's goal for the
whole of read + render is under a second at 2,000 packages, so planning
should take a fraction of that.
"""

from __future__ import annotations

import argparse
import functools
import importlib.util
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

if importlib.util.find_spec("pynix") is None:  # a checkout without pynix installed
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from pynix.locks.uv_lock import read_uv_lock
from pynix.plan import plan

SEED = 751
T = TypeVar("T")
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


def _hash(rng: random.Random) -> str:
    return "sha256:" + "".join(rng.choice("0123456789abcdef") for _ in range(64))


def _file(rng: random.Random, filename: str) -> str:
    size = rng.randint(1000, 10**7)
    return f'{{ url = "{FILES}/{filename}", hash = "{_hash(rng)}", size = {size} }}'


def synthetic_lock(size: int, seed: int = SEED) -> str:
    """A ``uv.lock`` with ``size`` packages and one virtual root, the same for the same seed."""
    rng = random.Random(seed)
    names = [f"pkg-{i:05d}" for i in range(size)]
    lines = ["version = 1", "revision = 3", 'requires-python = ">=3.11"', ""]
    root_deps = ", ".join(f'{{ name = "{n}" }}' for n in names[: max(1, size // 10)])
    lines += ["[[package]]", 'name = "app"', 'version = "0.1.0"', 'source = { virtual = "." }']
    lines += [f"dependencies = [{root_deps}]", ""]
    for index, name in enumerate(names):
        later = names[index + 1 :]
        deps = []
        for dependency in rng.sample(later, min(len(later), rng.randint(0, 4))):
            parts = [f'name = "{dependency}"']
            if rng.random() < 0.33:
                parts.append(f'marker = "{rng.choice(MARKERS)}"')
            deps.append("{ " + ", ".join(parts) + " }")
        if index % 50 == 1:  # a two-package cycle with the package before
            deps.append(f'{{ name = "{names[index - 1]}" }}')
        version = f"{rng.randint(0, 30)}.{rng.randint(0, 20)}.{rng.randint(0, 9)}"
        stem = name.replace("-", "_")
        lines += ["[[package]]", f'name = "{name}"', f'version = "{version}"']
        lines.append(f'source = {{ registry = "{INDEX}" }}')
        if deps:
            lines.append(f"dependencies = [{', '.join(deps)}]")
        lines.append(f"sdist = {_file(rng, f'{stem}-{version}.tar.gz')}")
        if rng.random() < 0.2:
            wheels = [
                f"{stem}-{version}-cp3{minor}-cp3{minor}-{platform}.whl"
                for minor in range(11, 15)
                for platform in NATIVE_PLATFORMS
            ]
        else:
            wheels = [f"{stem}-{version}-py3-none-any.whl"]
        lines.append("wheels = [")
        lines += [f"    {_file(rng, w)}," for w in wheels]
        lines.append("]")
        if later and rng.random() < 0.1:
            lines += ["", "[package.optional-dependencies]", f'extra = [{{ name = "{later[0]}" }}]']
        lines.append("")
    return "\n".join(lines)


def _best(runs: int, work: Callable[[], T]) -> tuple[float, T]:
    best = float("inf")
    for _ in range(runs):
        start = time.process_time()
        result = work()
        best = min(best, time.process_time() - start)
    return best, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10,100,500,2000")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    print(f"{'packages':>8} {'read s':>8} {'plan s':>8} {'targets':>7} {'installed':>9} "
          f"{'pins/s planned':>14}")  # fmt: skip
    for size in (int(s) for s in args.sizes.split(",")):
        text = synthetic_lock(size)
        read_time, lock = _best(args.runs, functools.partial(read_uv_lock, text))
        plan_time, result = _best(args.runs, functools.partial(plan, lock))
        installed = sum(len(e.installed) for e in result.environments)
        targets = len(result.targets)
        rate = installed / plan_time if plan_time else float("inf")
        print(f"{size:>8} {read_time:>8.3f} {plan_time:>8.3f} {targets:>7} {installed:>9} "
              f"{rate:>14,.0f}")  # fmt: skip


if __name__ == "__main__":
    main()
