"""How the overlay installs each pin: nixpkgs' own, nixpkgs' recipe, the sdist, the wheel (private).

The rules, in order, for each pin the plan installs somewhere:

1. **The project** -- a root of the lock (uv's workspace members): the one
   named like the project is rendered from the project's own metadata
   (``project``), the others are built from their directories
   (``source``); a ``virtual`` root is not built (``virtual``).
2. **nixpkgs' own** (a) -- the snapshot has the pin's name (mapped by
   :class:`~pynix.nixpkgs.names.NameMap`) at the same version (PEP 440
   equality: ``2.5.1+cpu`` is not ``2.5.1``), the pin comes from an index,
   and neither the package's nor the project's preference asks explicitly
   for ``wheel`` or ``sdist``. The same release, built by nixpkgs (and in
   its binary cache), with nixpkgs' patches and native inputs.
3. **nixpkgs' recipe** (b) -- preference ``nixpkgs``, the snapshot has the
   name at another version, and the pin has an sdist: nixpkgs' build recipe
   with the locked version and sdist, the dependencies from the lock, and
   nixpkgs' patches dropped (they were written for nixpkgs' version). A pin
   without an sdist falls through: a recipe for source cannot build a wheel.
4. Otherwise the plan's choice: the wheel everywhere (d), the sdist (c), a
   wheel where one fits and the sdist elsewhere (both), a source tree
   (git, a directory), or nothing (no file runs on any target: ``missing``).

Without a snapshot nothing is nixpkgs' own: every pin is new.
"""

from __future__ import annotations

import dataclasses
import enum
from collections.abc import Sequence

from packaging.utils import NormalizedName, canonicalize_name
from packaging.version import InvalidVersion, Version

from pynix.formats.pynix_settings import Preference, Settings
from pynix.model import RegistrySource
from pynix.nixpkgs.names import Mapped, NameMap
from pynix.plan import Build, Plan, PlanMode, PlannedPackage

__all__ = ["Decision", "Kind", "decide"]


class Kind(enum.StrEnum):
    """What the overlay writes for a pin."""

    NIXPKGS = "nixpkgs"
    """(a) nixpkgs' package as it is: ``inherit (prev) <attr>;``."""
    NIXPKGS_RECIPE = "nixpkgs-recipe"
    """(b) ``prev.<attr>.overridePythonAttrs { version; src; dependencies; patches = [ ]; }``."""
    SDIST = "sdist"
    """(c) ``buildPythonPackage`` from the sdist, with its build system."""
    WHEEL = "wheel"
    """(d) ``buildPythonPackage`` with ``format = "wheel"``."""
    WHEEL_OR_SDIST = "wheel-or-sdist"
    """(d) on the targets with a wheel, (c) on the others."""
    SOURCE = "source"
    """``buildPythonPackage`` from a git checkout or a local directory."""
    PROJECT = "project"
    """The project itself, from its metadata (``pynix.render.package``)."""
    VIRTUAL = "virtual"
    """A root that is not built (uv's ``virtual`` projects): no binding."""
    MISSING = "missing"
    """No file runs on any target that installs it: the binding throws."""


@dataclasses.dataclass(frozen=True, kw_only=True, slots=True)
class Decision:
    """One pin's decision: its binding name (``attr``), the kind, and why.

    ``nixpkgs_version`` is the snapshot's version of ``attr`` (kinds (a)
    and (b), or when the package is known but not reused); ``note`` is
    added to the comment (``nixpkgs has no legacy-lib``).
    """

    package: PlannedPackage
    attr: str
    kind: Kind
    nixpkgs_version: str | None = None
    note: str | None = None


def _same_version(left: str | None, right: str | None) -> bool:
    if left is None or right is None:
        return False
    try:
        return Version(left) == Version(right)
    except InvalidVersion:
        return left == right


def _explicit(settings: Settings, name: NormalizedName) -> Preference | None:
    own = settings.packages.get(name)
    if own is not None and own.prefer is not None:
        return own.prefer
    return settings.prefer


def _from_choices(package: PlannedPackage) -> Kind:
    builds = {choice.build for choice in package.choices} - {Build.MISSING}
    if not builds:
        return Kind.MISSING
    if builds == {Build.VIRTUAL}:
        return Kind.VIRTUAL
    if Build.SOURCE in builds or Build.VIRTUAL in builds:
        return Kind.SOURCE
    if builds == {Build.WHEEL}:
        return Kind.WHEEL
    if builds == {Build.SDIST}:
        return Kind.SDIST
    return Kind.WHEEL_OR_SDIST


def decide(
    plan: Plan, *, names: NameMap | None = None, project_name: str | None = None
) -> tuple[Decision, ...]:
    """The decision for every planned pin, in the plan's order (see the module docstring).

    ``names`` maps PyPI names to nixpkgs attributes and knows nixpkgs'
    versions (a snapshot's); ``project_name`` says which root of the lock is
    the project.

    >>> from pynix.model import Artifact, ArtifactKind, LockedPackage, LockFormat, LockSet
    >>> from pynix.nixpkgs.snapshot import Snapshot, SnapshotPackage, SnapshotPython
    >>> from pynix.nixpkgs.snapshot import SnapshotSource
    >>> from pynix.plan import plan
    >>> name = "idna-3.10-py3-none-any.whl"
    >>> wheel = Artifact(kind=ArtifactKind.WHEEL, filename=name, url=f"https://x/{name}", hash="h")
    >>> idna = LockedPackage(
    ...     name="idna",
    ...     version="3.10",
    ...     source=RegistrySource(url="https://pypi.org/simple"),
    ...     wheels=(wheel,),
    ... )
    >>> result = plan(LockSet(format=LockFormat.PYLOCK, packages=(idna,)))
    >>> [d.kind.value for d in decide(result)]
    ['wheel']
    >>> snapshot = Snapshot(
    ...     nixpkgs=SnapshotSource(),
    ...     python=SnapshotPython(attr="python3", version="3.12.8"),
    ...     packages={"idna": SnapshotPackage(pname="idna", version="3.10")},
    ... )
    >>> [d.kind.value for d in decide(result, names=NameMap.from_snapshot(snapshot))]
    ['nixpkgs']
    """
    roots = set(plan.lock.roots) if plan.mode is PlanMode.LOCK_ROOTS else set()
    own = canonicalize_name(project_name) if project_name else None
    if own is None or own not in roots:
        # Without a project name, the first root stands for the project.
        own = next((p.pin.name for p in plan.packages if p.pin.name in roots), None)
    decisions: list[Decision] = []
    for package in plan.packages:
        name = package.pin.name
        found = names.lookup(name) if names is not None else None
        mapped = found if isinstance(found, Mapped) else None
        attr = mapped.attr if mapped is not None else name
        known = mapped.version if mapped is not None else None
        if name in roots:
            kind = _from_choices(package)
            if kind is Kind.SOURCE and name == own:
                kind = Kind.PROJECT
            decisions.append(Decision(package=package, attr=attr, kind=kind))
            continue
        decisions.append(_decide_pin(package, plan.settings, attr, known, names))
    return tuple(decisions)


def _decide_pin(
    package: PlannedPackage,
    settings: Settings,
    attr: str,
    known: str | None,
    names: NameMap | None,
) -> Decision:
    name = package.pin.name
    from_index = isinstance(package.package.source, RegistrySource)
    if known is not None and from_index:
        explicit = _explicit(settings, name)
        if _same_version(known, package.pin.version) and explicit not in (
            Preference.WHEEL,
            Preference.SDIST,
        ):
            return Decision(package=package, attr=attr, kind=Kind.NIXPKGS, nixpkgs_version=known)
        if package.preference is Preference.NIXPKGS:
            if package.package.sdist is not None:
                return Decision(
                    package=package, attr=attr, kind=Kind.NIXPKGS_RECIPE, nixpkgs_version=known
                )
            return Decision(
                package=package,
                attr=attr,
                kind=_from_choices(package),
                nixpkgs_version=known,
                note=f"nixpkgs' recipe for {known} needs an sdist, which the lock lacks",
            )
    note = None
    if package.preference is Preference.NIXPKGS:
        if names is None:
            note = "nixpkgs preferred, but no snapshot says what nixpkgs has"
        elif known is None:
            note = f"nixpkgs has no {name}"
        elif not from_index:
            note = "nixpkgs preferred, but the lock pins another source than an index"
    return Decision(package=package, attr=attr, kind=_from_choices(package), note=note)


def attrs_by_name(decisions: Sequence[Decision]) -> dict[NormalizedName, str]:
    """Each pinned name's binding (every pin of a name has the same one)."""
    return {d.package.pin.name: d.attr for d in decisions}
