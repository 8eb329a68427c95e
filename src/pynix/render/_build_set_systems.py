"""Build systems in a pyproject.nix build set: ``resolveBuildSystem`` specs and their cycles
(private to :mod:`pynix.render.build_set`).

A package built from an sdist or a source tree needs its PEP 518
``build-system.requires`` as ``nativeBuildInputs``, resolved by
pyproject.nix's ``resolveBuildSystem { setuptools = [ ]; … }`` over the set
itself (the lock's pins) and the base set of build systems
(pyproject-build-systems). :func:`build_needs` turns a
:class:`~pynix.model.BuildSystem` into :class:`~pynix.render._build_set_needs.Need`
values, deciding markers per target; an unknown build system (``None``:
enrichment did not read the sdist) becomes setuptools and wheel, as pip and
pyproject.nix assume, and the caller flags it.

``resolveBuildSystem`` is the fast resolver that does not support cycles
(pyproject.nix's manual, "Cyclic dependencies"): it recurses through
``passthru.dependencies`` and never returns on a cycle. :func:`build_cycles`
finds, per target, the two ways a build set can hit that:

* a build requirement whose run-time closure in the set holds a dependency
  cycle (``resolveBuildSystem { sphinx = [ ]; }`` with sphinx <->
  sphinxcontrib-*);
* packages that need each other to be built (setuptools built from its
  sdist needs setuptools): a cycle of derivations, which Nix reports as
  infinite recursion.

Names a build requirement uses that neither the lock nor the base set
provides are reported too (:data:`BASE_BUILD_SYSTEMS`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence

from packaging.utils import NormalizedName

from pynix.model import BuildSystem, Dependency
from pynix.plan import Edge, Plan
from pynix.render._build_set_needs import Conditions, Need, needs_of_dependencies
from pynix.standards.targets import Target

__all__ = ["ASSUMED", "BASE_BUILD_SYSTEMS", "BuildCycle", "build_cycles", "build_needs"]

#: What pip and pyproject.nix assume when a build system is unknown or undeclared.
ASSUMED: tuple[Dependency, ...] = (Dependency.parse("setuptools"), Dependency.parse("wheel"))

#: The projects pyproject-build-systems (github:pyproject-nix/build-system-pkgs) packages, as
#: listed in its pyproject.toml: what a build requirement may name without the lock pinning it.
BASE_BUILD_SYSTEMS: frozenset[str] = frozenset(
    [
        "babel", "build", "calver", "cffi", "cmake", "cython", "deprecation", "distlib", "distro",
        "dunamai", "editables", "exceptiongroup", "expandvars", "extension-helpers", "flit-core",
        "flit-scm", "hatch-fancy-pypi-readme", "hatch-jupyter-builder", "hatch-nodejs-version",
        "hatch-protobuf", "hatch-requirements-txt", "hatch-vcs", "hatchling",
        "importlib-metadata", "installer", "jinja2", "jupyter-packaging", "lark", "libcst",
        "manifestoo-core", "markupsafe", "maturin", "meson", "meson-python", "nanobind", "ninja",
        "numpy", "packaging", "pathspec", "pbr", "pdm-backend", "pdm-pep517", "pip", "pkgconfig",
        "plux", "pluggy", "poetry-core", "poetry-dynamic-versioning", "py-build-cmake",
        "py-generator-build-backend", "pybind11", "pycparser", "pyproject-hooks",
        "pyproject-metadata", "pytest-runner", "scikit-build", "scikit-build-core",
        "semantic-version", "setuptools", "setuptools-git", "setuptools-rust", "setuptools-scm",
        "toml", "tomli", "tomli-w", "tomlkit", "trove-classifiers", "typing-extensions",
        "uv-build", "uv-dynamic-versioning", "vcs-versioning", "versioneer", "wheel", "whool",
        "zipp",
    ]
)  # fmt: skip


def build_needs(
    build_system: BuildSystem | None, targets: Sequence[Target], conditions: Conditions
) -> tuple[list[Need], list[tuple[Dependency, str]]]:
    """The ``resolveBuildSystem`` needs of ``build_system`` on ``targets``.

    ``None`` (unknown) and an undeclared build system give setuptools and
    wheel (with an undeclared one's own requirements). Returns the needs and
    the requirements whose marker could not be decided.
    """
    if build_system is None:
        requires: tuple[Dependency, ...] = ASSUMED
    elif not build_system.declared:
        named = {d.name for d in build_system.requires}
        requires = build_system.requires + tuple(d for d in ASSUMED if d.name not in named)
    else:
        requires = build_system.requires
    return needs_of_dependencies(requires, targets, conditions)


@dataclasses.dataclass(frozen=True, slots=True)
class BuildCycle:
    """A cycle ``resolveBuildSystem`` or Nix cannot get through, and where it happens.

    ``kind`` is ``"runtime"`` (``package``'s build requirement ``through``
    reaches the dependency cycle ``path``) or ``"build"`` (the packages of
    ``path`` need each other to be built; ``through`` is unused).
    """

    kind: str
    package: NormalizedName
    through: NormalizedName | None
    path: tuple[NormalizedName, ...]
    targets: tuple[Target, ...]

    def describe(self) -> str:
        """The cycle in words, for a finding."""
        chain = " -> ".join(self.path)
        if self.kind == "runtime":
            return (
                f"{self.package} is built with {self.through}, whose dependencies form the "
                f"cycle {chain}: resolveBuildSystem does not support cycles"
            )
        if len(self.path) == 2:
            return (
                f"{self.package} is needed to build itself: a build-system cycle Nix cannot build"
            )
        return f"the builds of {chain} need each other: a build-system cycle Nix cannot build"


def build_cycles(
    plan: Plan, builds: Mapping[NormalizedName, Mapping[Target, Iterable[Need]]]
) -> list[BuildCycle]:
    """The build-system cycles of ``plan``, target by target.

    ``builds`` maps each name built from source on a target to its build
    needs there (names only matter, and the extras asked of them).
    """
    found: dict[
        tuple[str, NormalizedName, NormalizedName | None, tuple[NormalizedName, ...]], list[Target]
    ] = {}
    for environment in plan.environments:
        target = environment.target
        walker = _Walker(environment.edges)
        built = {name: list(needs[target]) for name, needs in builds.items() if target in needs}
        closures: dict[NormalizedName, set[NormalizedName]] = {}
        for name in sorted(built):
            reached: set[NormalizedName] = set()
            for need in built[name]:
                closure, cycle = walker.walk(need.name, need.extras)
                reached |= closure
                if cycle is not None:
                    found.setdefault(("runtime", name, need.name, cycle), []).append(target)
            closures[name] = reached
        for cycle in _derivation_cycles(closures):
            found.setdefault(("build", cycle[0], None, cycle), []).append(target)
    return [
        BuildCycle(kind=kind, package=package, through=through, path=path, targets=tuple(targets))
        for (kind, package, through, path), targets in found.items()
    ]


_Child = tuple[NormalizedName, tuple[NormalizedName, ...]]
_Walked = tuple[frozenset[NormalizedName], tuple[NormalizedName, ...] | None]


class _Walker:
    """``resolveBuildSystem``'s walk over one target's run-time edges, memoized."""

    def __init__(self, edges: Iterable[Edge]) -> None:
        self.plain: dict[NormalizedName, list[_Child]] = {}
        self.extra: dict[tuple[NormalizedName, NormalizedName], list[_Child]] = {}
        self.memo: dict[_Child, _Walked] = {}
        for edge in edges:
            child = (edge.child.name, edge.extras)
            if edge.group is not None:
                continue
            if edge.extra is None:
                self.plain.setdefault(edge.parent.name, []).append(child)
            else:
                self.extra.setdefault((edge.parent.name, edge.extra), []).append(child)

    def walk(
        self,
        name: NormalizedName,
        extras: tuple[NormalizedName, ...],
        path: tuple[NormalizedName, ...] = (),
    ) -> _Walked:
        """The closure of ``name[extras]``, and the first dependency cycle met on the way."""
        if name in path:
            return frozenset(), _rotated(path[path.index(name) :])
        known = self.memo.get((name, extras))
        if known is not None:
            return known
        here = (*path, name)
        children = list(self.plain.get(name, ()))
        for extra in extras:
            children.extend(self.extra.get((name, extra), ()))
        reached = {name}
        cycle: tuple[NormalizedName, ...] | None = None
        for child, child_extras in children:
            closure, found = self.walk(child, child_extras, here)
            reached |= closure
            if found is not None and cycle is None:
                cycle = found
        result = (frozenset(reached), cycle)
        self.memo[(name, extras)] = result
        return result


def _rotated(members: tuple[NormalizedName, ...]) -> tuple[NormalizedName, ...]:
    """A cycle of ``members`` written from its smallest name, and back to it."""
    first = members.index(min(members))
    turned = members[first:] + members[:first]
    return (*turned, turned[0])


def _derivation_cycles(
    closures: Mapping[NormalizedName, set[NormalizedName]],
) -> list[tuple[NormalizedName, ...]]:
    """Cycles of "is needed to build" among the names built from source (each once)."""
    cycles: list[tuple[NormalizedName, ...]] = []
    seen: set[frozenset[NormalizedName]] = set()
    for start in sorted(closures):
        stack: list[tuple[NormalizedName, tuple[NormalizedName, ...]]] = [(start, (start,))]
        visited: set[NormalizedName] = set()
        while stack:
            name, path = stack.pop()
            for needed in sorted(closures.get(name, ()), reverse=True):
                if needed == start:
                    members = frozenset(path)
                    if members not in seen:
                        seen.add(members)
                        cycles.append((*path, start))
                elif needed in closures and needed not in visited:
                    visited.add(needed)
                    stack.append((needed, (*path, needed)))
    return cycles
