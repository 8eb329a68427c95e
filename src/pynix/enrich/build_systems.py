"""The build system of an sdist, read from the ``pyproject.toml`` (and ``setup.cfg``) inside it.

Lock files pin what to install, not what building an sdist needs: that is
the sdist's own ``[build-system]`` table (PEP 518 ``requires``, PEP 517
``build-backend``). Enrichment reads the two files that decide it from the
archive, as :class:`SdistBuildFiles`, and :func:`build_system_of` interprets
them:

* ``[build-system]`` present → that table, parsed by
  :func:`pynix.formats.build_system.parse_build_system`;
* no ``pyproject.toml``, or one without ``[build-system]`` → setuptools'
  legacy build (``setuptools>=40.8.0``, ``setuptools.build_meta:__legacy__``),
  plus the ``setup_requires`` of ``setup.cfg`` when it has any, and a
  ``legacy-build-system`` finding: the build system is assumed, not declared;
* a ``pyproject.toml`` that is not TOML, or a ``[build-system]`` table that
  is wrong → no build system and an ``invalid-build-system`` finding naming
  the sdist and the key; pip would refuse to build it too.

Findings locate the file inside the sdist as ``<sdist>/pyproject.toml``.

Traps:

* The files are kept as text, not interpreted, in the cache, so a later
  pynix that reads them differently needs no new download.
* ``setup.cfg`` is only consulted for the legacy build; a broken or
  tool-only ``setup.cfg`` leaves the plain legacy default.

>>> result = build_system_of(
...     SdistBuildFiles(
...         files={
...             "pyproject.toml": '[build-system]\\nrequires = ["flit_core>=3.9"]\\n'
...             'build-backend = "flit_core.buildapi"\\n'
...         }
...     ),
...     sdist="demo-1.0.tar.gz",
...     package="demo",
... )
>>> [str(r) for r in result.build_system.requires], result.build_system.backend, result.findings
(['flit-core>=3.9'], 'flit_core.buildapi', ())
"""

from __future__ import annotations

import contextlib
import dataclasses
import tomllib
from collections.abc import Mapping

from pynix.errors import Location, PynixError
from pynix.formats.build_system import legacy_build_system, parse_build_system
from pynix.formats.setup_cfg import parse_setup_cfg
from pynix.model import BuildSystem
from pynix.model.findings import Finding, Severity
from pynix.model.project import frozen_mapping

__all__ = [
    "BUILD_FILES",
    "BuildSystemResult",
    "SdistBuildFiles",
    "build_system_of",
    "describe_build_system",
]

#: The sdist members that decide its build system, relative to its top directory.
BUILD_FILES = ("pyproject.toml", "setup.cfg")


@dataclasses.dataclass(frozen=True, kw_only=True, slots=True)
class SdistBuildFiles:
    """The text of :data:`BUILD_FILES` found in an sdist: the fact cached for each sdist.

    ``undecodable`` names the files that were present but not UTF-8.
    """

    files: Mapping[str, str] = dataclasses.field(default_factory=frozen_mapping)
    undecodable: tuple[str, ...] = ()

    @classmethod
    def from_members(cls, members: Mapping[str, bytes]) -> SdistBuildFiles:
        """Decode the members an sdist read returned (other names are ignored)."""
        files: dict[str, str] = {}
        undecodable: list[str] = []
        for name in BUILD_FILES:
            if name not in members:
                continue
            try:
                files[name] = members[name].decode("utf-8")
            except UnicodeDecodeError:
                undecodable.append(name)
        return cls(files=frozen_mapping(files), undecodable=tuple(undecodable))

    @property
    def present(self) -> tuple[str, ...]:
        """The build files the sdist has, in :data:`BUILD_FILES` order."""
        return tuple(n for n in BUILD_FILES if n in self.files or n in self.undecodable)


@dataclasses.dataclass(frozen=True, kw_only=True, slots=True)
class BuildSystemResult:
    """A build system (``None`` when the sdist's is broken) and what to tell the user."""

    build_system: BuildSystem | None
    findings: tuple[Finding, ...] = ()


def build_system_of(files: SdistBuildFiles, *, sdist: str, package: str) -> BuildSystemResult:
    """Interpret an sdist's build files; ``sdist`` (its file name) and ``package`` name findings."""
    pyproject = f"{sdist}/pyproject.toml"
    if "pyproject.toml" in files.undecodable:
        return _broken(package, Location(file=pyproject), "not UTF-8 text")
    text = files.files.get("pyproject.toml")
    if text is None:
        return _legacy(files, sdist=sdist, package=package, why="no pyproject.toml")
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        return _broken(package, Location(file=pyproject), f"not valid TOML ({exc})")
    table = document.get("build-system")
    if table is None:
        return _legacy(files, sdist=sdist, package=package, why="no [build-system] table")
    try:
        build = parse_build_system(table)
    except PynixError as error:
        message = error.message if error.text is None else f"{error.message}: {error.text}"
        where = Location(file=pyproject, key=error.location.key)
        return _broken(package, where, message)
    return BuildSystemResult(build_system=build)


def describe_build_system(build: BuildSystem) -> str:
    """One line for people: ``hatchling.build, requires hatchling>=1.24``.

    >>> describe_build_system(legacy_build_system())
    'setuptools.build_meta:__legacy__ (assumed), requires setuptools>=40.8.0'
    """
    assumed = "" if build.declared else " (assumed)"
    requires = ", ".join(str(r) for r in build.requires) or "nothing"
    return f"{build.backend}{assumed}, requires {requires}"


def _legacy(files: SdistBuildFiles, *, sdist: str, package: str, why: str) -> BuildSystemResult:
    build = legacy_build_system()
    setup_cfg = files.files.get("setup.cfg")
    if setup_cfg is not None:
        with contextlib.suppress(PynixError):  # a broken or tool-only setup.cfg: the default
            build = parse_setup_cfg(setup_cfg).build_system or build
    requires = ", ".join(str(r) for r in build.requires)
    finding = Finding(
        severity=Severity.WARNING,
        code="legacy-build-system",
        message=f"{why}: assuming setuptools' legacy build, which requires {requires}",
        subject=package,
        location=Location(file=sdist),
        hint="the project declares no build system; pip and Nix assume setuptools",
    )
    return BuildSystemResult(build_system=build, findings=(finding,))


def _broken(package: str, where: Location, message: str) -> BuildSystemResult:
    finding = Finding(
        severity=Severity.ERROR,
        code="invalid-build-system",
        message=message,
        subject=package,
        location=where,
        hint="this sdist cannot be built as published; prefer a wheel or override the build system",
    )
    return BuildSystemResult(build_system=None, findings=(finding,))
