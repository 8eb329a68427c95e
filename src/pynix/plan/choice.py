"""Which file installs a pin on a target: the best compatible wheel, or the sdist, or the source.

For a pin with files (from an index, a URL or a local archive):

* preference ``wheel`` (the default) and ``nixpkgs``: the best wheel that
  runs on the target (PEP 425 tags ranked as pip ranks them, ``manylinux``
  up to the target's glibc, ``macosx`` up to its SDK; see
  :func:`pynix.standards.tags.select_wheels`), else the sdist. A
  pure-Python wheel runs everywhere and beats the sdist everywhere.
* preference ``sdist``: the sdist, else the best wheel (reported as a
  warning: the preference could not be honoured).
* Non-portable ``linux_<arch>`` wheels (PyTorch's own index publishes
  them) are taken only where the settings' ``linux-wheels`` allows.

No file for a target is ``Build.MISSING`` and an ERROR naming the pin (the
target is added by the plan); its hint says what the wheels were built for.
A pin whose ``requires-python`` excludes the target's interpreter is an
ERROR too.

A pin without files is built from its source tree (git checkout, local
directory, workspace member) or, for uv's ``virtual`` projects, not built.
A hashed-requirements pin whose files are still only hashes (see
:attr:`~pynix.model.LockedPackage.file_hashes`) cannot be planned until its
hashes are resolved through the index.

Whether files are hashed and sources fetchable does not depend on the
target; :func:`source_problems` checks that once per pin.
"""

from __future__ import annotations

import dataclasses
import posixpath
from collections.abc import Sequence

from pynix.errors import InvalidFileName
from pynix.formats.pynix_settings import Preference, Settings
from pynix.model.findings import Severity
from pynix.model.lock import Artifact, LockedPackage
from pynix.model.source import GitSource, PathSource, WorkspaceSource
from pynix.plan.closure import Problem
from pynix.plan.model import Build
from pynix.standards.filenames import WheelFileName, parse_wheel_filename
from pynix.standards.tags import Tag, best_wheel, supported_tags
from pynix.standards.targets import Target

__all__ = ["Chooser", "source_problems"]

Chosen = tuple[Build, Artifact | None, tuple[Problem, ...]]


@dataclasses.dataclass(frozen=True, slots=True)
class _Wheels:
    """A pin's wheels, parsed once: (name, file) pairs, and whether all are pure Python 3."""

    parsed: tuple[tuple[WheelFileName, Artifact], ...]
    pure: bool


class Chooser:
    """Chooses artifacts for the pins of one lock.

    What does not depend on the target is worked out once per pin (wheel
    names parsed, whether every wheel is pure Python), and what depends
    only on the target once per target (the tag triples it supports), so
    that a choice is a few set lookups: only the wheels that run on the
    target go on to :func:`~pynix.standards.tags.best_wheel`, and a pin
    whose files are the same everywhere (pure wheels, source trees) is
    chosen once per major Python version.
    """

    def __init__(self, packages: tuple[LockedPackage, ...], settings: Settings) -> None:
        self._packages = packages
        self._settings = settings
        self._wheels: dict[int, _Wheels] = {}
        self._same_everywhere: dict[tuple[int, int], Chosen] = {}
        # Keyed by identity (hashing a Target is slow; the list keeps the targets alive).
        self._supported: dict[tuple[int, bool], frozenset[Tag]] = {}
        self._majors: dict[int, int] = {}
        self._targets: list[Target] = []
        #: (pin index, file name) of wheels whose names are not valid.
        self.bad_wheels: set[tuple[int, str]] = set()

    def choose(self, index: int, target: Target) -> Chosen:
        """The build and artifact of pin ``index`` on ``target``, and what to report."""
        major = self._majors.get(id(target))
        if major is None:
            major = target.interpreter.major
            self._majors[id(target)] = major
            self._targets.append(target)
        key = (index, major)
        known = self._same_everywhere.get(key)
        if known is not None:
            return known
        chosen = self._choose(index, target)
        package = self._packages[index]
        if not package.artifacts or (
            package.requires_python is None and self._parsed(index, package).pure
        ):
            # Source trees, and pure Python 3 wheels, are chosen the same on every target.
            self._same_everywhere[key] = chosen
        return chosen

    def _choose(self, index: int, target: Target) -> Chosen:
        package = self._packages[index]
        source = package.source
        if isinstance(source, PathSource) and source.virtual:
            return Build.VIRTUAL, None, ()
        if not package.artifacts:
            if package.file_hashes:
                return Build.MISSING, None, ()  # reported once per pin by source_problems
            if isinstance(source, GitSource | WorkspaceSource | PathSource):
                return Build.SOURCE, None, ()
            return Build.MISSING, None, (self._missing(index, package, (), target),)
        problems: list[Problem] = []
        specifier = package.requires_python
        if specifier is not None and not specifier.contains(
            target.interpreter.python_full_version, prereleases=True
        ):
            problems.append(
                Problem("requires-python", index, f"{_shown(package)} requires Python {specifier}")
            )
        wheels = self._parsed(index, package).parsed
        wheel = self._best(package, wheels, target)
        sdist = package.sdist
        if self._settings.preference(package.name) is Preference.SDIST:
            order = (sdist, wheel)
            if sdist is None and wheel is not None:
                problems.append(
                    Problem(
                        "no-sdist",
                        index,
                        f"{_shown(package)} is preferred as an sdist but has none; "
                        f"using {wheel.filename}",
                        severity=Severity.WARNING,
                    )
                )
        else:
            order = (wheel, sdist)
        artifact = next((a for a in order if a is not None), None)
        if artifact is None:
            problems.append(self._missing(index, package, wheels, target))
            return Build.MISSING, None, tuple(problems)
        build = Build.WHEEL if artifact is wheel else Build.SDIST
        return build, artifact, tuple(problems)

    def _best(
        self,
        package: LockedPackage,
        wheels: Sequence[tuple[WheelFileName, Artifact]],
        target: Target,
    ) -> Artifact | None:
        """The best wheel on ``target``: of those that run there, as pip ranks them."""
        if not wheels:
            return None
        allow_linux = self._settings.allows_linux_wheels(package.name)
        supported = self._supported.get((id(target), allow_linux))
        if supported is None:
            supported = frozenset(supported_tags(target, allow_linux=allow_linux))
            self._supported[id(target), allow_linux] = supported
            self._targets.append(target)
        runs_here = [(w, a) for w, a in wheels if not supported.isdisjoint(w.tags)]
        if len(runs_here) <= 1:  # the common case: one wheel per target, or a pure one
            return runs_here[0][1] if runs_here else None
        best = best_wheel([w for w, _ in runs_here], target, allow_linux=allow_linux)
        return next((a for w, a in runs_here if w is best), None)

    def _parsed(self, index: int, package: LockedPackage) -> _Wheels:
        known = self._wheels.get(index)
        if known is None:
            parsed = []
            for artifact in package.wheels:
                try:
                    parsed.append((parse_wheel_filename(artifact.filename), artifact))
                except InvalidFileName:
                    self.bad_wheels.add((index, artifact.filename))
            # A py3-none-any (or py2.py3-none-any) wheel ranks the same on every Python 3
            # target, so a pin whose wheels are all such is chosen once per major version.
            pure = all(
                tag.abi == "none" and tag.platform == "any" and tag.interpreter in ("py2", "py3")
                for w, _ in parsed
                for tag in w.tags
            )
            known = _Wheels(parsed=tuple(parsed), pure=pure)
            self._wheels[index] = known
        return known

    def _missing(
        self,
        index: int,
        package: LockedPackage,
        wheels: Sequence[tuple[WheelFileName, Artifact]],
        target: Target,
    ) -> Problem:
        platforms = sorted({tag for w, _ in wheels for tag in w.platform_tags})
        linux = best_wheel([w for w, _ in wheels], target, allow_linux=True)
        if linux is not None:
            tags = ", ".join(t for t in linux.platform_tags if t.startswith("linux_"))
            hint = (
                f"its {tags} wheels are not manylinux; if they run on NixOS, set "
                f"linux-wheels = true in [tool.pynix.packages.{package.name}]"
            )
        elif platforms:
            hint = f"its wheels are for {', '.join(platforms)}"
        else:
            hint = "the lock lists no files for it"
        return Problem(
            "no-artifact", index, f"{_shown(package)}: no compatible wheel and no sdist", hint
        )


def source_problems(
    index: int, package: LockedPackage, artifacts: set[Artifact], *, allow_unhashed: bool
) -> list[Problem]:
    """What stops ``package`` from being fetched reproducibly, whatever the target.

    ``artifacts`` are the files the plan chose for it on some target.
    Checked: a git source without a resolved commit; a local path outside the
    project (absolute, or leaving the lock's directory through ``..``),
    which a Nix flake cannot read; a file with neither URL nor path; a URL
    file without a hash (an ERROR, or a WARNING when ``allow_unhashed``; a
    local file needs none: Nix hashes it when it copies it); files known
    only by hash.
    """
    problems: list[Problem] = []
    source = package.source
    shown = _shown(package)
    if package.file_hashes and not package.artifacts:
        problems.append(
            Problem(
                "unresolved-hashes",
                index,
                f"{shown}: the lock records the hashes of its files but not the files",
                hint="resolve them through the index first, with pynix.resolve.artifacts",
            )
        )
    if isinstance(source, GitSource) and source.commit is None:
        ref = f" ({source.requested})" if source.requested else ""
        problems.append(
            Problem(
                "unpinned-git",
                index,
                f"{shown}: git source {source.url}{ref} has no resolved commit",
                hint="lock it again so that the lock records the commit",
            )
        )
    paths = [a.path for a in artifacts if a.path is not None]
    if isinstance(source, PathSource):
        paths.insert(0, source.path)
    problems.extend(
        Problem(
            "path-outside-project",
            index,
            f"{shown}: {path!r} is outside the project; Nix cannot fetch it reproducibly",
            hint="move it into the project, or publish it and lock it from an index",
        )
        for path in dict.fromkeys(paths)
        if _outside(path)
    )
    problems.extend(
        Problem(
            "unlocated",
            index,
            f"{shown}: the lock names {artifact.filename} but not where it is",
            hint="look it up on the index first, with pynix.resolve.artifacts",
        )
        for artifact in sorted(artifacts, key=lambda a: a.filename)
        if artifact.url is None and artifact.path is None
    )
    problems.extend(
        Problem(
            "unhashed",
            index,
            f"{shown}: {artifact.filename} has no hash"
            + ("; accepted by allow-unhashed" if allow_unhashed else ""),
            hint=None if allow_unhashed else "lock with hashes, or pass --allow-unhashed",
            severity=Severity.WARNING if allow_unhashed else Severity.ERROR,
        )
        for artifact in sorted(artifacts, key=lambda a: a.filename)
        if artifact.hash is None and artifact.url is not None
    )
    return problems


def _outside(path: str) -> bool:
    if path.startswith(("/", "\\")) or (len(path) > 1 and path[1] == ":"):
        return True
    normal = posixpath.normpath(path.replace("\\", "/"))
    return normal == ".." or normal.startswith("../")


def _shown(package: LockedPackage) -> str:
    return f"{package.name} {package.version}" if package.version else package.name
