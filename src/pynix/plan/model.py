"""The data types of a plan: what is installed on each target, from which file, through which edges.

A :class:`Plan` is what the Nix renderers read. It is plain, frozen data,
computed ahead of Nix evaluation (:func:`pynix.plan.plan`), so that a
renderer only has to *write* decisions, never make them:

* :attr:`Plan.targets` -- the (system, interpreter) pairs planned for;
* :attr:`Plan.environments` -- one :class:`Environment` per target: the
  :class:`Installed` pins (each with its :class:`Build` and artifact, the
  extras and groups activated on it) and the :class:`Edge` values followed
  there;
* :attr:`Plan.packages` -- one :class:`PlannedPackage` per pin installed
  anywhere: where it is installed, and its :class:`Choice` values -- each
  distinct (build, artifact) with the targets that use it, so that a
  renderer can write one ``fetchurl`` for a pure wheel shared by all
  targets and a per-system choice for a ``manylinux`` wheel;
* :attr:`Plan.edges` -- every edge with the targets on which it is
  followed: what each edge's marker compiles to on the planned targets;
* :attr:`Plan.cycles` -- dependency cycles, and the edges cut to break
  them (``Edge.cut``) for renderers that need a DAG;
* :attr:`Plan.findings` -- what stops or worries the plan (an ERROR means
  the plan is not usable as it is: a package with no artifact for a target,
  an unhashed file, a source Nix cannot fetch reproducibly).

Pins are identified by :class:`Pin` (name, version, source), as lock
readers identify them: the same name can be pinned several times (uv's
forks: ``torch 2.5.1+cpu`` on Linux, ``torch 2.5.1`` on macOS), but at most
one pin of a name is installed on one target.

Every tuple is sorted, so the same inputs give an equal plan: pins by name,
then version (PEP 440 order), then source; targets in plan order (systems
as configured, then Python versions); edges by parent pin, then group,
then extra (plain dependencies first), then child pin, then the
dependency's place in the lock. :class:`Installed` values are shared
between environments where they are equal.

What it costs: planning a synthetic 2,000-package ``uv.lock`` for the 16
default targets takes about a third of a second of CPU, a third of it
parsing wheel file names (``bench/locks.py``).
"""

from __future__ import annotations

import dataclasses
import enum
from collections.abc import Iterable, Mapping

from packaging.markers import Marker
from packaging.utils import NormalizedName
from packaging.version import InvalidVersion, Version

from pynix.errors import InvalidArgument
from pynix.formats.pynix_settings import Preference, Settings
from pynix.model.findings import Finding, Severity
from pynix.model.lock import Artifact, LockedPackage, LockSet
from pynix.model.source import Source
from pynix.standards.targets import Target

__all__ = [
    "Build",
    "Choice",
    "Cycle",
    "Edge",
    "Environment",
    "Installed",
    "Pin",
    "Plan",
    "PlanMode",
    "PlannedPackage",
    "systems_of",
]


class Build(enum.StrEnum):
    """How a pin is installed on a target."""

    WHEEL = "wheel"
    """Install the chosen wheel (``Installed.artifact``)."""
    SDIST = "sdist"
    """Build the chosen sdist (``Installed.artifact``) with its build system."""
    SOURCE = "source"
    """Build the source tree: a git checkout, a local directory, a workspace member."""
    VIRTUAL = "virtual"
    """Nothing to build (uv's ``virtual`` projects): only the dependencies are installed."""
    MISSING = "missing"
    """No artifact runs on this target; an ERROR finding names the pin and the target."""


class PlanMode(enum.StrEnum):
    """Where the plan's roots came from."""

    LOCK_ROOTS = "lock-roots"
    """The lock's own roots (uv's workspace members and editable/virtual entries)."""
    PROJECT = "project"
    """The project's dependencies, optional dependencies and groups (poetry.lock, pdm.lock)."""
    ALL_PINS = "all-pins"
    """Every pin whose marker holds (hashed requirements, PEP 751 ``pylock.toml``)."""


def _version_key(version: str | None) -> tuple[int, Version | str]:
    if version is None:
        return (0, "")
    try:
        return (1, Version(version))
    except InvalidVersion:  # pragma: no cover - readers check versions
        return (2, version)


@dataclasses.dataclass(frozen=True, kw_only=True, slots=True)
class Pin:
    """One pin of the lock, by the identity lock readers give it: name, version, source.

    ``str()`` is ``name version`` (``name`` alone without a version).
    """

    name: NormalizedName
    version: str | None
    source: Source

    @classmethod
    def of(cls, package: LockedPackage) -> Pin:
        """The pin of a locked package."""
        return cls(name=package.name, version=package.version, source=package.source)

    @property
    def sort_key(self) -> tuple[str, tuple[int, Version | str], str]:
        """Name, then version (PEP 440 order), then source: the order of every tuple of pins."""
        return (self.name, _version_key(self.version), repr(self.source))

    def __str__(self) -> str:
        return f"{self.name} {self.version}" if self.version else self.name


@dataclasses.dataclass(frozen=True, kw_only=True, slots=True)
class Edge:
    """A dependency of ``parent`` on ``child``, and the targets on which it is followed.

    ``extras`` are the child's extras the edge asks for (``beta[fast]``);
    ``extra`` / ``group`` say that the edge belongs to the parent's optional
    dependency or dependency group of that name (``None`` and ``None``: a
    plain dependency). ``marker`` is the edge's marker as the lock wrote it;
    ``targets`` are where it holds with the plan's extras and groups decided
    -- what the marker compiles to on the planned targets. ``cut`` marks an
    edge removed to break a cycle (see :mod:`pynix.plan.cycles`): a
    renderer that builds a DAG leaves it out and still installs the child.
    """

    parent: Pin
    child: Pin
    extras: tuple[NormalizedName, ...] = ()
    extra: NormalizedName | None = None
    group: NormalizedName | None = None
    marker: Marker | None = None
    targets: tuple[Target, ...] = ()
    cut: bool = False


@dataclasses.dataclass(frozen=True, kw_only=True, slots=True)
class Installed:
    """One pin installed on one target.

    ``artifact`` is the wheel or sdist to fetch (``None`` for ``SOURCE``,
    ``VIRTUAL`` and ``MISSING``). ``extras`` are the pin's extras activated
    on this target (by the selection for a root, by edges otherwise);
    ``groups`` the dependency groups activated (roots only). ``root`` says
    the environment asks for it directly.
    """

    pin: Pin
    build: Build
    artifact: Artifact | None = None
    extras: tuple[NormalizedName, ...] = ()
    groups: tuple[NormalizedName, ...] = ()
    root: bool = False


@dataclasses.dataclass(frozen=True, kw_only=True, slots=True)
class Environment:
    """Everything installed on one target, and the edges followed there.

    ``installed`` is sorted by pin; ``edges`` are the plan's :class:`Edge`
    values whose ``targets`` include this target; ``roots`` the pins the
    environment asks for directly (also flagged ``Installed.root``).
    """

    target: Target
    installed: tuple[Installed, ...] = ()
    edges: tuple[Edge, ...] = ()
    roots: tuple[Pin, ...] = ()

    def get(self, pin: Pin) -> Installed | None:
        """The installed entry of ``pin``, ``None`` when it is not installed here."""
        return next((i for i in self.installed if i.pin == pin), None)

    def by_name(self, name: str) -> Installed | None:
        """The installed pin named ``name`` (at most one per target), or ``None``."""
        return next((i for i in self.installed if i.pin.name == name), None)

    @property
    def names(self) -> tuple[str, ...]:
        """The installed names, sorted."""
        return tuple(i.pin.name for i in self.installed)


@dataclasses.dataclass(frozen=True, kw_only=True, slots=True)
class Choice:
    """One way a pin is installed, and the targets that install it that way."""

    build: Build
    artifact: Artifact | None
    targets: tuple[Target, ...]


@dataclasses.dataclass(frozen=True, kw_only=True, slots=True)
class PlannedPackage:
    """One pin across all targets.

    ``targets`` are where it is installed; ``choices`` group those targets
    by (build, artifact), in the order of their first target; ``preference``
    is the one that applied (``nixpkgs``: the renderer should reuse nixpkgs'
    package when it has one, and fall back on the choices); ``dependencies``
    are the edges from this pin, ``dependents`` the edges into it.
    """

    pin: Pin
    package: LockedPackage
    preference: Preference
    root: bool
    targets: tuple[Target, ...]
    choices: tuple[Choice, ...]
    dependencies: tuple[Edge, ...] = ()
    dependents: tuple[Edge, ...] = ()

    @property
    def everywhere(self) -> Choice | None:
        """The one choice when every target that installs the pin installs it the same way."""
        return self.choices[0] if len(self.choices) == 1 else None


@dataclasses.dataclass(frozen=True, kw_only=True, slots=True)
class Cycle:
    """Pins that depend on each other (a strongly connected component of the edges).

    ``members`` are sorted; ``cut`` are the edges removed to break it (also
    flagged ``Edge.cut``); ``targets`` are where the members still form a
    cycle (an edge with a marker may close it on some targets only).
    """

    members: tuple[Pin, ...]
    cut: tuple[Edge, ...]
    targets: tuple[Target, ...]


@dataclasses.dataclass(frozen=True, kw_only=True, slots=True)
class Plan:
    """What to install where, decided from a lock, a project and settings.

    ``settings`` are the ones given (defaults are applied, not written
    back); ``extras`` and ``groups`` the selection in effect (every extra
    and group of the roots unless the settings chose); ``mode`` where the
    roots came from. See the module docstring for the rest.
    """

    lock: LockSet
    settings: Settings
    mode: PlanMode
    targets: tuple[Target, ...]
    extras: tuple[NormalizedName, ...]
    groups: tuple[NormalizedName, ...]
    environments: tuple[Environment, ...]
    packages: tuple[PlannedPackage, ...]
    edges: tuple[Edge, ...]
    cycles: tuple[Cycle, ...]
    findings: tuple[Finding, ...]

    def environment(self, target: Target | str, python: str | None = None) -> Environment:
        """The environment of ``target``, or of system ``target`` and Python ``python`` ("3.12").

        Raises :class:`~pynix.errors.InvalidArgument` for a target not planned.
        """
        for environment in self.environments:
            found = environment.target
            if isinstance(target, Target):
                if found == target:
                    return environment
            elif found.platform.system == target and found.interpreter.python_version == python:
                return environment
        shown = target if isinstance(target, Target) else f"{target} with Python {python}"
        raise InvalidArgument(f"not a planned target: {shown}")

    def package(self, name: str, version: str | None = None) -> PlannedPackage:
        """The planned pin named ``name`` (at ``version``); raises InvalidArgument for none or
        several."""
        found = [
            p
            for p in self.packages
            if p.pin.name == name and (version is None or p.pin.version == version)
        ]
        if len(found) != 1:
            what = "no" if not found else f"{len(found)}"
            raise InvalidArgument(f"{what} planned pins named {name!r}")
        return found[0]

    @property
    def errors(self) -> tuple[Finding, ...]:
        """The ERROR findings: the plan cannot be rendered as it is while there are any."""
        return tuple(f for f in self.findings if f.severity is Severity.ERROR)

    @property
    def cut_edges(self) -> tuple[Edge, ...]:
        """Every edge cut to break a cycle."""
        return tuple(e for e in self.edges if e.cut)


def systems_of(targets: Iterable[Target]) -> Mapping[str, tuple[str, ...]]:
    """``targets`` grouped: system -> Python versions (``X.Y``), in the order given.

    A renderer turns this into a condition: a system with every planned
    Python version needs no version test, and so on.

    >>> ts = [
    ...     Target.parse(s, v) for s in ("x86_64-linux", "aarch64-darwin") for v in ("3.12", "3.13")
    ... ]
    >>> dict(systems_of(ts[:3]))
    {'x86_64-linux': ('3.12', '3.13'), 'aarch64-darwin': ('3.12',)}
    """
    grouped: dict[str, list[str]] = {}
    for target in targets:
        versions = grouped.setdefault(target.platform.system, [])
        if target.interpreter.python_version not in versions:
            versions.append(target.interpreter.python_version)
    return {system: tuple(versions) for system, versions in grouped.items()}
