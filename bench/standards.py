"""Throughput of pynix's PEP 440 / PEP 508 layer beside packaging's, on the same inputs.

Run from a checkout: ``python bench/standards.py [--runs N] [--size N]``.

Inputs are synthetic and deterministic (a seeded generator): version strings
in the shapes PyPI has (epochs, pre/post/dev releases, local labels, sloppy
spellings), requirement strings with extras, specifiers and markers, and marker
evaluations against the environments of several target platforms. Each row is
the best of ``--runs`` timed passes over all inputs; the goal is a ratio of at
least 0.8 (pynix's throughput over packaging's).
"""

from __future__ import annotations

import argparse
import importlib.util
import random
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

if importlib.util.find_spec("pynix") is None:  # a checkout without pynix installed
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.version import Version

from pynix.standards.markers import environment, evaluate, parse_marker
from pynix.standards.requirements import parse_requirement
from pynix.standards.targets import Interpreter, Platform, Target
from pynix.standards.versions import parse_version

SEED = 508
Timing = tuple[float, float]  # best seconds for pynix, for packaging
GOAL = 0.8
NAMES = [
    "requests", "numpy", "Django", "typing_extensions", "zope.interface", "PyYAML",
    "importlib-metadata", "tomli", "colorama", "pywin32", "uvloop", "torch", "exceptiongroup",
]  # fmt: skip
TARGETS = [
    Target.parse("x86_64-linux", "3.12.4"),
    Target.parse("aarch64-linux", "3.10.14"),
    Target.parse("aarch64-darwin", "3.13.1"),
    Target.parse("x86_64-darwin", "3.9.19"),
    Target.parse("x86_64-windows", "3.11.9"),
    Target(
        interpreter=Interpreter(
            implementation="pypy", version="3.10.14", implementation_version="7.3.17"
        ),
        platform=Platform.from_system("x86_64-linux"),
    ),
]  # fmt: skip


# (variable, operators, values) of the comparisons real metadata uses most.
COMPARISONS: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = (
    ("python_version", ("<", ">=", "==", "!="), tuple(f"3.{minor}" for minor in range(6, 15))),
    ("python_full_version", ("<", ">="), ("3.6.2", "3.8.1", "3.9.0", "3.11.0b1", "3.12.4")),
    ("sys_platform", ("==", "!="), ("linux", "darwin", "win32", "cygwin")),
    ("platform_machine", ("==", "!="), ("x86_64", "aarch64", "arm64", "AMD64")),
    ("implementation_name", ("==",), ("cpython", "pypy")),
    ("platform_python_implementation", ("!=", "=="), ("CPython", "PyPy")),
    ("os_name", ("==", "!="), ("nt", "posix")),
    ("extra", ("==",), ("test", "docs", "Dev_Tools", "socks")),
)
REVERSED = ("'linux' in sys_platform", '"3.8" <= python_version', "'arm' not in platform_machine")


def random_version(rng: random.Random) -> str:
    """A version as found on PyPI, sometimes spelled loosely (``v1.0-RC1``)."""
    text = "v" if rng.random() < 0.03 else ""
    if rng.random() < 0.02:
        text += f"{rng.randint(1, 3)}!"
    text += ".".join(str(rng.randint(0, 30)) for _ in range(rng.choice((1, 2, 2, 3, 3, 3, 4))))
    if rng.random() < 0.15:
        pre = rng.choice(("a", "b", "rc", "alpha", "beta", "c", "-rc", ".pre"))
        text += f"{pre}{rng.randint(0, 5)}"
    if rng.random() < 0.1:
        text += rng.choice((".post", "-post", "post", "-")) + str(rng.randint(1, 4))
    if rng.random() < 0.1:
        text += f".dev{rng.randint(0, 9)}"
    if rng.random() < 0.05:
        text += "+" + rng.choice(("ubuntu1", "cu121", "local.7", "g1a2b3c"))
    return text.upper() if rng.random() < 0.03 else text


def random_comparison(rng: random.Random) -> str:
    if rng.random() < 0.1:
        return rng.choice(REVERSED)
    variable, operators, values = rng.choice(COMPARISONS)
    quote = rng.choice("'\"")
    return f"{variable} {rng.choice(operators)} {quote}{rng.choice(values)}{quote}"


def random_marker(rng: random.Random) -> str:
    """A marker like those in real metadata: one to four comparisons joined by and/or."""
    text = random_comparison(rng)
    for _ in range(rng.choice((0, 0, 1, 1, 2, 3))):
        if rng.random() < 0.2:
            text = f"({text})"
        text += f" {rng.choice(('and', 'and', 'or'))} {random_comparison(rng)}"
    return text


def random_requirement(rng: random.Random) -> str:
    """A requirement with a marker, sometimes with extras, a URL or the legacy ``(>=1)`` form."""
    text = rng.choice(NAMES)
    if rng.random() < 0.2:
        extras = rng.sample(("socks", "security", "test", "docs"), rng.randint(1, 2))
        text += f"[{','.join(extras)}]"
    if rng.random() < 0.03:
        text += f" @ https://files.example.org/{rng.randint(0, 999)}/pkg-1.0-py3-none-any.whl "
    elif rng.random() < 0.85:
        clauses = []
        for _ in range(rng.randint(1, 3)):
            release = ".".join(str(rng.randint(0, 30)) for _ in range(rng.randint(2, 3)))
            suffix = rng.choice(("", "", "", "rc1", ".post1", ".dev0", "b2"))
            clauses.append(rng.choice((">=", "<", "==", "!=", "~=", "<=")) + release + suffix)
        spec = ",".join(clauses)
        text += f" ({spec})" if rng.random() < 0.05 else spec
    return f"{text}; {random_marker(rng)}"


def best_of(runs: int, ours: Callable[[], object], theirs: Callable[[], object]) -> Timing:
    """The shortest of ``runs`` wall-clock timings of each function, in seconds.

    The two alternate, so that a busy machine slows both alike.
    """
    best_ours = best_theirs = float("inf")
    for _ in range(runs):
        for function, is_ours in ((ours, True), (theirs, False)):
            start = time.perf_counter()
            function()
            elapsed = time.perf_counter() - start
            if is_ours:
                best_ours = min(best_ours, elapsed)
            else:
                best_theirs = min(best_theirs, elapsed)
    return best_ours, best_theirs


def bench_versions(texts: Sequence[str], runs: int) -> Timing:
    def ours() -> None:
        for text in texts:
            parse_version(text)

    def theirs() -> None:
        for text in texts:
            Version(text)

    return best_of(runs, ours, theirs)


def bench_requirements(texts: Sequence[str], runs: int) -> Timing:
    def ours() -> None:
        for text in texts:
            parse_requirement(text)

    def theirs() -> None:
        for text in texts:
            Requirement(text)

    return best_of(runs, ours, theirs)


def bench_evaluate_parsed(cases: Sequence[tuple[str, dict[str, str], str]], runs: int) -> Timing:
    ours_cases = [(parse_marker(text), env, extra) for text, env, extra in cases]
    theirs_cases = [(Marker(text), env | {"extra": extra}) for text, env, extra in cases]

    def ours() -> None:
        for node, env, extra in ours_cases:
            evaluate(node, env, extra)

    def theirs() -> None:
        for marker, env in theirs_cases:
            marker.evaluate(env)

    return best_of(runs, ours, theirs)


def bench_evaluate_text(cases: Sequence[tuple[str, dict[str, str], str]], runs: int) -> Timing:
    theirs_cases = [(text, env | {"extra": extra}) for text, env, extra in cases]

    def ours() -> None:
        for text, env, extra in cases:
            evaluate(text, env, extra)

    def theirs() -> None:
        for text, env in theirs_cases:
            Marker(text).evaluate(env)

    return best_of(runs, ours, theirs)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="timed passes per row (best is kept)")
    parser.add_argument("--size", type=int, default=100_000, help="inputs per row")
    args = parser.parse_args(argv)
    rng = random.Random(SEED)
    envs = [environment(target) for target in TARGETS]
    versions = [random_version(rng) for _ in range(args.size)]
    requirements = [random_requirement(rng) for _ in range(args.size)]
    # A lock repeats a few hundred markers across thousands of packages and targets.
    distinct = [random_marker(rng) for _ in range(1000)]
    extras = ["test", "docs", "socks", "dev-tools"]
    evaluations = [
        (rng.choice(distinct), rng.choice(envs), rng.choice(extras)) for _ in range(args.size)
    ]
    rows = [
        ("parse versions", bench_versions(versions, args.runs)),
        ("parse requirements with markers", bench_requirements(requirements, args.runs)),
        ("evaluate parsed markers", bench_evaluate_parsed(evaluations, args.runs)),
        ("evaluate marker text (1000 distinct)", bench_evaluate_text(evaluations, args.runs)),
    ]
    print(
        f"best of {args.runs} runs, {args.size:,} inputs per row, Python {sys.version.split()[0]}"
    )
    row = "{:<38} {:>13} {:>16} {:>7}"
    print(row.format("benchmark", "pynix ops/s", "packaging ops/s", "ratio"))
    missed = 0
    for label, (ours, theirs) in rows:
        ratio = theirs / ours
        flag = "" if ratio >= GOAL else f"  < {GOAL} goal"
        missed += ratio < GOAL
        print(
            row.format(
                label, f"{args.size / ours:,.0f}", f"{args.size / theirs:,.0f}", f"{ratio:.2f}x"
            )
            + flag
        )
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
