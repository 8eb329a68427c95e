"""Interpreter-version conditions: the versions a marker admits, as exact Nix comparisons (private).

:mod:`pynix.render.conditions` evaluates the version part of a marker (with
``packaging``, so with PEP 440's rules) on a *universe* of interpreter
versions dense enough around every literal of the marker that nothing can
change between two neighbours. The versions where it holds form runs in
PEP 440 order; each run becomes ``versionAtLeast V lower && versionOlder V
upper`` (either bound dropped at the ends), or ``V == "x"`` for a run of one
version the marker names.

Two domains:

* ``python_version`` is ``major.minor`` (``python.pythonVersion``, always two
  numbers): Nix's comparison agrees with PEP 440 there, and the bounds are
  written ``pythonOlder "3.10"`` where the scope has it.
* ``python_full_version`` / ``implementation_version`` are
  ``major.minor.patch`` plus a pre-release suffix nixpkgs writes as ``a7``,
  ``b1``, ``rc2`` (``python.version``). There Nix and PEP 440 disagree:
  ``compareVersions "3.14.0a7" "3.14.0"`` is 1 (newer), PEP 440 says older.
  Each bound is therefore *checked* with a port of Nix's comparison
  (:mod:`pynix.render._nixversion`) on every version of the universe: the
  plain ``python.version`` with the marker's own literal when that is exact
  (``lib.versionOlder python.version "3.8.2"``), other readable thresholds
  next, and otherwise the *normalized* version, where ``a``/``b``/``rc`` are
  rewritten as ``pre-a``/``pre-b``/``pre-rc`` so that Nix's rule "``pre`` is
  older than anything" gives PEP 440's order
  (``builtins.replaceStrings [ "a" "b" "rc" ] [ "pre-a" "pre-b" "pre-rc" ] python.version``).
  ``python_full_version >= "3.14"`` needs it: ``3.14.0a7`` must not pass.

Versions nixpkgs never has (epochs, post-, dev-releases, local labels) are
still judged by ``packaging``; the universe only contains versions an
interpreter can have.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Sequence

from packaging.version import InvalidVersion, Version

from pynix.nix import Expr, call, list_, op, select, var
from pynix.render._nixversion import version_older

__all__ = [
    "VersionDomain",
    "full_version_universe",
    "python_version_universe",
    "runs",
]

_PHASES = (("a", 0), ("a", 1), ("a", 9), ("b", 0), ("b", 1), ("rc", 0), ("rc", 1), ("rc", 9))


def _parse(text: str) -> Version | None:
    try:
        version = Version(text.removesuffix(".*"))
    except InvalidVersion:
        return None
    return version if version.epoch == 0 else None


def python_version_universe(literals: Iterable[str]) -> list[Version]:
    """``major.minor`` versions: 2.0-2.7, 3.0-3.30, 4.0-4.3, and around every literal."""
    points = {(2, minor) for minor in range(8)} | {(3, minor) for minor in range(31)}
    points |= {(4, minor) for minor in range(4)}
    for text in literals:
        version = _parse(text)
        if version is None:
            continue
        major = version.release[0]
        minor = version.release[1] if len(version.release) > 1 else 0
        for m in (major - 1, major, major + 1):
            for n in (0, minor - 1, minor, minor + 1, minor + 2):
                if m >= 0 and n >= 0:
                    points.add((m, n))
    return sorted(Version(f"{m}.{n}") for m, n in points)


def full_version_universe(literals: Iterable[str]) -> list[Version]:
    """Three-part versions and their pre-releases around every literal (and around 3.x)."""
    releases: set[tuple[int, int, int]] = {(3, 0, 0), (3, 9, 0), (3, 12, 0), (4, 0, 0)}
    numbers: set[int] = set()
    for text in literals:
        version = _parse(text)
        if version is None:
            continue
        a, b, c = (*version.release, 0, 0)[:3]
        if version.pre is not None:
            numbers.update({version.pre[1] - 1, version.pre[1], version.pre[1] + 1})
        for release in (
            (a, b, c),
            (a, b, c + 1),
            (a, b, c - 1),
            (a, b, 0),
            (a, b + 1, 0),
            (a, b - 1, 0),
            (a, b - 1, 9),
            (a + 1, 0, 0),
            (a - 1, 9, 0),
        ):
            if min(release) >= 0:
                releases.add(release)
    phases = set(_PHASES) | {(p, n) for p in ("a", "b", "rc") for n in numbers if n >= 0}
    points = []
    for release in releases:
        base = ".".join(map(str, release))
        points.append(Version(base))
        points.extend(Version(f"{base}{p}{n}") for p, n in phases)
    return sorted(points)


def spelled(version: Version) -> str:
    """How nixpkgs writes an interpreter version (``3.12.5``, ``3.14.0a7``, ``3.13.0rc2``)."""
    base = ".".join(map(str, version.release))
    return base if version.pre is None else f"{base}{version.pre[0]}{version.pre[1]}"


def normalized(version: Version) -> str:
    """A spelling whose Nix order is PEP 440's order (``3.14.0pre-a7``)."""
    base = ".".join(map(str, version.release))
    return base if version.pre is None else f"{base}pre-{version.pre[0]}{version.pre[1]}"


def runs(truths: Sequence[bool]) -> list[tuple[int, int]]:
    """The maximal ``(first, last)`` index ranges of consecutive true values."""
    found: list[tuple[int, int]] = []
    start: int | None = None
    for index, value in enumerate([*truths, False]):
        if value and start is None:
            start = index
        elif not value and start is not None:
            found.append((start, index - 1))
            start = None
    return found


@dataclasses.dataclass(frozen=True, kw_only=True, slots=True)
class VersionDomain:
    """How one version variable is written in Nix, and how its bounds are chosen.

    ``raw`` is the variable's Nix expression; ``older``/``at_least`` build
    ``versionOlder raw t`` / ``versionAtLeast raw t`` (or ``pythonOlder t``);
    ``checked`` says whether bounds must be verified against Nix's
    comparison (full versions) or are exact by construction (``major.minor``).
    """

    raw: Expr
    lib: Expr
    checked: bool
    python_older: Expr | None = None
    python_at_least: Expr | None = None

    def older(self, subject: Expr, threshold: str) -> Expr:
        if self.python_older is not None and subject is self.raw:
            return call(self.python_older, threshold)
        return call(select(self.lib, "versionOlder"), subject, threshold)

    def at_least(self, subject: Expr, threshold: str) -> Expr:
        if self.python_at_least is not None and subject is self.raw:
            return call(self.python_at_least, threshold)
        return call(select(self.lib, "versionAtLeast"), subject, threshold)

    def normalized_expr(self) -> Expr:
        return call(
            var("builtins.replaceStrings"),
            list_(["a", "b", "rc"]),
            list_(["pre-a", "pre-b", "pre-rc"]),
            self.raw,
        )

    def condition(
        self, universe: Sequence[Version], truths: Sequence[bool], literals: Sequence[str]
    ) -> Expr | bool:
        """The Nix condition true exactly on the versions of ``universe`` marked in ``truths``."""
        found = runs(truths)
        if not found:
            return False
        if found == [(0, len(universe) - 1)]:
            return True
        named = {v for v in (_parse(t) for t in literals) if v is not None}
        gaps = runs([not t for t in truths])
        if (
            len(gaps) == 1
            and gaps[0][0] == gaps[0][1]
            and self._is_point(universe, gaps[0][0], named)
        ):
            return op("!=", self.raw, _text(universe[gaps[0][0]], checked=self.checked))
        parts: list[Expr] = []
        for first, last in found:
            if first == last and self._is_point(universe, first, named):
                parts.append(op("==", self.raw, _text(universe[first], checked=self.checked)))
                continue
            bounds: list[Expr] = []
            if first > 0:
                bounds.append(self._bound(universe, first, literals, lower=True))
            if last < len(universe) - 1:
                bounds.append(self._bound(universe, last + 1, literals, lower=False))
            parts.append(bounds[0] if len(bounds) == 1 else op("&&", *bounds))
        return parts[0] if len(parts) == 1 else op("||", *parts)

    def _is_point(self, universe: Sequence[Version], index: int, named: set[Version]) -> bool:
        """Whether ``universe[index]`` is alone between its neighbours (no version fits between)."""
        if not 0 < index < len(universe) - 1:
            return False
        if self.checked:
            return universe[index] in named
        major, minor = universe[index].release[:2]
        below, above = universe[index - 1].release[:2], universe[index + 1].release[:2]
        return below == (major, minor - 1) and above == (major, minor + 1)

    def _bound(
        self, universe: Sequence[Version], boundary: int, literals: Sequence[str], *, lower: bool
    ) -> Expr:
        """``V >= t`` (lower) or ``V < t`` (upper) splitting ``universe`` before ``boundary``."""
        point = universe[boundary]
        if not self.checked:
            threshold = _text(point, checked=False)
            return self.at_least(self.raw, threshold) if lower else self.older(self.raw, threshold)
        release = point.release
        candidates = [t for t in literals if "*" not in t and _parse(t) is not None]
        if release[2] == 0:
            candidates.append(".".join(map(str, release[:2])))
        candidates.append(".".join(map(str, release)))
        candidates.append(spelled(point))
        forms: list[tuple[Expr, Callable[[Version], str], list[str]]] = [
            (self.raw, spelled, candidates),
            (self.normalized_expr(), normalized, [normalized(point)]),
        ]
        for subject, spell, thresholds in forms:
            for threshold in thresholds:
                if _splits(universe, boundary, spell, threshold):
                    if lower:
                        return self.at_least(subject, threshold)
                    return self.older(subject, threshold)
        raise AssertionError(f"no exact threshold before {point}")  # normalized always splits


def _text(version: Version, *, checked: bool) -> str:
    return spelled(version) if checked else ".".join(map(str, version.release[:2]))


def _splits(
    universe: Sequence[Version], boundary: int, spell: Callable[[Version], str], threshold: str
) -> bool:
    """Whether ``versionOlder (spell v) threshold`` holds exactly before ``boundary``."""
    return all(
        version_older(spell(v), threshold) == (index < boundary) for index, v in enumerate(universe)
    )
