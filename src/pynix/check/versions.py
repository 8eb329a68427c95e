"""Does nixpkgs' version of each dependency satisfy the project's constraint?

The counterpart of pyproject.nix's ``lib.validators.validateVersionConstraints``
(seeds/003), over a snapshot of a nixpkgs Python package set
(:mod:`pynix.nixpkgs.snapshot`) instead of a live ``python.pkgs``.
:func:`check_dependency` judges one dependency and returns findings;
:func:`version_constraints` gives the plain-data summary pyproject.nix's
function returns: for each package whose nixpkgs version breaks a
constraint, the conditions it breaks and the version.

Rules (PEP 440, https://packaging.python.org/en/latest/specifications/version-specifiers/):

* A version is inside a constraint when every one of its clauses admits it
  (``SpecifierSet.contains(..., prereleases=True)``). ``<2.0`` excludes
  ``2.0rc1`` (PEP 440; pyproject.nix admits it).
* A **pre-release** inside the range is reported as ``prerelease`` (a
  warning, not an error) unless the constraint itself names a pre-release
  (``>=2.0b1``). PEP 440 excludes pre-releases from a specifier, but lets
  one "already present on the system" satisfy it, and nixpkgs' package is
  exactly that: the user is told, the check does not fail.
* A version nixpkgs spells outside PEP 440 (``0-unstable-2024-05-01``)
  cannot be compared: ``unparsable-version`` when there is a constraint.
* A dependency taken from a direct URL, git, a local path or a workspace
  member is not nixpkgs' to satisfy: ``not-from-nixpkgs``.

Traps:

* ``packaging`` >= 26 lets ``SpecifierSet(">=5,<8").contains("7.0rc1")`` be
  true and ``contains(v, prereleases=False)`` be false even for
  ``>=7.0rc1``: the range and the pre-release rule are decided apart here.
* The attribute is chosen by :meth:`~pynix.nixpkgs.names.NameMap.lookup`
  with the constraint, so ``Django<5`` is checked against ``django_4``
  when nixpkgs has one.
"""

from __future__ import annotations

from collections.abc import Iterable

from packaging.specifiers import SpecifierSet
from packaging.utils import NormalizedName
from packaging.version import InvalidVersion, Version

from pynix.check.codes import Code, make_finding
from pynix.check.dependencies import Declared, marker_holds, select_dependencies
from pynix.model import (
    Finding,
    GitSource,
    PathSource,
    Project,
    RegistrySource,
    Severity,
    UrlSource,
    WorkspaceSource,
)
from pynix.nixpkgs.names import Mapped, Missing, NameMap
from pynix.nixpkgs.snapshot import Snapshot
from pynix.standards.markers import environment
from pynix.standards.targets import Target

__all__ = ["check_dependency", "version_constraints"]

_VCS = ("git", "hg", "svn", "bzr")


def check_dependency(declared: Declared, snapshot: Snapshot, names: NameMap) -> list[Finding]:
    """The findings for one dependency against nixpkgs' package set (empty when it fits).

    ``names`` is ``NameMap.from_snapshot(snapshot)``, built once for many
    dependencies. Never raises for a problem in the project.
    """
    dependency = declared.dependency
    name = dependency.name
    if dependency.url is not None or not isinstance(dependency.source, RegistrySource | None):
        return [_not_from_nixpkgs(declared, names)]
    found = names.lookup(name, dependency.specifier)
    if isinstance(found, Missing):
        return [_missing(declared, found, snapshot)]
    finding = _judge_version(declared, found, snapshot)
    return [] if finding is None else [finding]


def _judge_version(declared: Declared, found: Mapped, snapshot: Snapshot) -> Finding | None:
    """The finding for nixpkgs' version of ``found`` against the constraint, if any."""
    spec = declared.dependency.specifier
    if found.version is None:  # a NameMap over attribute names only: nothing to compare
        return None
    version = _parse(found.version)
    if version is None:
        if not spec:
            return None
        return _finding(
            declared,
            Code.UNPARSABLE_VERSION,
            f"nixpkgs has {_has(found)}, which is not a PEP 440 version, so {spec} "
            "cannot be checked",
        )
    if not spec.contains(version, prereleases=True):
        return _finding(
            declared,
            Code.VERSION_MISMATCH,
            f"nixpkgs has {_has(found)}, the project asks for {spec}",
            hint=_variants_hint(found, snapshot),
        )
    if version.is_prerelease and not spec.prereleases:
        asked = f"asks for {spec}" if spec else "asks for any version"
        return _finding(
            declared,
            Code.PRERELEASE,
            f"nixpkgs has {_has(found)}, a pre-release; the project {asked}, which "
            "excludes pre-releases unless it names one (PEP 440)",
            hint=f"write a pre-release into the constraint (>={version}) to accept it",
        )
    return None


def version_constraints(
    project: Project,
    snapshot: Snapshot,
    target: Target,
    *,
    extras: Iterable[str] = (),
    groups: Iterable[str] = (),
    names: NameMap | None = None,
) -> dict[NormalizedName, tuple[SpecifierSet, str]]:
    """pyproject.nix's ``validateVersionConstraints`` as data: name → (broken clauses, version).

    For every dependency that applies on ``target`` (its marker holds there),
    comes from nixpkgs, is found there with a PEP 440 version,
    and whose version breaks at least one clause of its constraint: the
    clauses it breaks, and nixpkgs' version as nixpkgs spells it. When a
    name is constrained more than once, the last declaration wins, as in
    pyproject.nix. Missing packages, unparsable versions and pre-releases
    are left to :func:`check_dependency`; pyproject.nix fails evaluation on
    the first and has no notion of the others.

    pyproject.nix checks the main dependencies, every extra and the build
    system; pass ``extras=project.optional_dependencies`` for the same.

    >>> from pynix.model import Dependency, Project, ProjectFormat
    >>> from pynix.nixpkgs.snapshot import SnapshotPackage, SnapshotPython, SnapshotSource
    >>> snapshot = Snapshot(
    ...     nixpkgs=SnapshotSource(),
    ...     python=SnapshotPython(attr="python312", version="3.12.8"),
    ...     packages={"requests": SnapshotPackage(pname="requests", version="2.31.0")},
    ... )
    >>> project = Project(
    ...     format=ProjectFormat.PEP621, dependencies=(Dependency.parse("requests>=2.32,<3"),)
    ... )
    >>> target = Target.parse("x86_64-linux", "3.12.8")
    >>> found = version_constraints(project, snapshot, target)
    >>> {name: (str(spec), version) for name, (spec, version) in found.items()}
    {'requests': ('>=2.32', '2.31.0')}
    """
    env = environment(target)
    names = names or NameMap.from_snapshot(snapshot)
    selection = select_dependencies(project, extras=extras, groups=groups)
    result: dict[NormalizedName, tuple[SpecifierSet, str]] = {}
    for declared in selection.dependencies:
        dependency = declared.dependency
        if dependency.url is not None or not isinstance(dependency.source, RegistrySource | None):
            continue
        if marker_holds(declared, env, selection.extras) is False:
            continue
        found = names.lookup(dependency.name, dependency.specifier)
        if not isinstance(found, Mapped) or found.version is None:
            continue
        version = _parse(found.version)
        if version is None:
            continue
        broken = [s for s in dependency.specifier if not s.contains(version, prereleases=True)]
        if broken:
            result[dependency.name] = (SpecifierSet(broken), found.version)
    return result


def _parse(text: str) -> Version | None:
    try:
        return Version(text)
    except InvalidVersion:
        return None


def _has(found: Mapped) -> str:
    """``2.31.0``, or ``4.2.17 (django_4)`` when the attribute is not the name."""
    return str(found.version) if found.attr == found.name else f"{found.version} ({found.attr})"


def _variants_hint(found: Mapped, snapshot: Snapshot) -> str | None:
    if not found.variants:
        return None
    listed = ", ".join(
        f"{attr} ({snapshot.packages[attr].version})"
        for attr in found.variants
        if attr in snapshot.packages
    )
    return f"no other attribute fits either: {listed}"


def _missing(declared: Declared, found: Missing, snapshot: Snapshot) -> Finding:
    suggestions = list(found.suggestions)
    hint = None
    if suggestions:
        shown = (
            suggestions[0]
            if len(suggestions) == 1
            else ", ".join(suggestions[:-1]) + " or " + suggestions[-1]
        )
        hint = f"did you mean {shown}?"
    if found.broken:
        attrs = ", ".join(found.broken)
        message = (
            f"nixpkgs has {attrs}, but it fails to evaluate for {snapshot.python.attr} "
            "(broken, disabled for this interpreter, or removed)"
        )
    else:
        message = "nixpkgs has no package of this name"
    return _finding(declared, Code.MISSING_PACKAGE, message, hint=hint)


def _not_from_nixpkgs(declared: Declared, names: NameMap) -> Finding:
    dependency = declared.dependency
    origin = _origin(declared)
    found = names.lookup(dependency.name)
    if isinstance(found, Mapped) and found.version is not None:
        return _finding(
            declared,
            Code.NOT_FROM_NIXPKGS,
            f"the project takes it from {origin}; nixpkgs has {_has(found)}, which may not be "
            "what that source holds",
        )
    return _finding(
        declared,
        Code.NOT_FROM_NIXPKGS,
        f"the project takes it from {origin}; nixpkgs has no package of this name, so it is "
        "built from that source",
        severity=Severity.INFO,
    )


def _origin(declared: Declared) -> str:
    dependency = declared.dependency
    source = dependency.source
    if isinstance(source, GitSource):
        ref = source.requested or source.commit
        return f"git {source.url}" + (f" @ {ref}" if ref else "")
    if isinstance(source, PathSource):
        return f"the path {source.path}"
    if isinstance(source, UrlSource):
        return f"the URL {source.url}"
    if isinstance(source, WorkspaceSource):
        return "its workspace"
    url = str(dependency.url)
    vcs, plus, rest = url.partition("+")
    if plus and vcs in _VCS:  # PEP 508 direct references to repositories: git+https://...
        return f"{vcs} {rest}"
    return f"the URL {url}"


def _finding(
    declared: Declared,
    code: Code,
    what: str,
    *,
    hint: str | None = None,
    severity: Severity | None = None,
) -> Finding:
    name = declared.dependency.name
    return make_finding(
        code,
        f"{name}: {what}",
        subject=name,
        location=declared.location,
        hint=hint,
        severity=severity,
    )
