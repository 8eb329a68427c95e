"""Small locks built in code for the plan tests, and ways to look at a plan."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence

from packaging.markers import Marker
from packaging.utils import NormalizedName

from pynix.formats.pynix_settings import Settings
from pynix.locks.hashes import hex_to_sri
from pynix.model import (
    Artifact,
    ArtifactKind,
    LockedDependency,
    LockedPackage,
    LockFormat,
    LockSet,
    PathSource,
    RegistrySource,
    Source,
)
from pynix.plan import Plan

PYPI = RegistrySource(url="https://pypi.org/simple")
ONE_TARGET = Settings(systems=("x86_64-linux",), python_versions=("3.12",))


def names(*items: str) -> tuple[NormalizedName, ...]:
    """Normalized names, as settings hold them."""
    return tuple(NormalizedName(i) for i in items)


def sri(filename: str) -> str:
    """A made-up SRI hash for ``filename``."""
    return hex_to_sri(hashlib.sha256(filename.encode()).hexdigest())


def wheel(filename: str, *, hashed: bool = True) -> Artifact:
    return Artifact(
        kind=ArtifactKind.WHEEL,
        filename=filename,
        url=f"https://files.example/{filename}",
        hash=sri(filename) if hashed else None,
    )


def sdist(filename: str, *, hashed: bool = True) -> Artifact:
    return Artifact(
        kind=ArtifactKind.SDIST,
        filename=filename,
        url=f"https://files.example/{filename}",
        hash=sri(filename) if hashed else None,
    )


def dep(
    name: str,
    *extras: str,
    marker: str | None = None,
    version: str | None = None,
) -> LockedDependency:
    return LockedDependency(
        name=NormalizedName(name),
        extras=tuple(NormalizedName(e) for e in extras),
        marker=Marker(marker) if marker else None,
        version=version,
    )


def pin(
    name: str,
    version: str | None = "1.0",
    *deps: LockedDependency,
    optional: Mapping[str, Sequence[LockedDependency]] | None = None,
    groups: Mapping[str, Sequence[LockedDependency]] | None = None,
    wheels: Iterable[str] | None = None,
    sdist_name: str | None = None,
    marker: str | None = None,
    source: Source = PYPI,
) -> LockedPackage:
    """A pin with a pure wheel ``<name>-<version>-py3-none-any.whl`` unless ``wheels`` says."""
    if wheels is None:
        wheels = [f"{name.replace('-', '_')}-{version}-py3-none-any.whl"] if version else []
    return LockedPackage(
        name=NormalizedName(name),
        version=version,
        source=source,
        dependencies=deps,
        optional_dependencies={NormalizedName(k): tuple(v) for k, v in (optional or {}).items()},
        dependency_groups={NormalizedName(k): tuple(v) for k, v in (groups or {}).items()},
        wheels=tuple(wheel(w) for w in wheels),
        sdist=sdist(sdist_name) if sdist_name else None,
        marker=Marker(marker) if marker else None,
    )


def root(
    name: str,
    *deps: LockedDependency,
    optional: Mapping[str, Sequence[LockedDependency]] | None = None,
    groups: Mapping[str, Sequence[LockedDependency]] | None = None,
    marker: str | None = None,
) -> LockedPackage:
    """A virtual root (uv's ``source = { virtual = "." }``)."""
    return pin(
        name,
        "0.1.0",
        *deps,
        optional=optional,
        groups=groups,
        wheels=[],
        marker=marker,
        source=PathSource(path=".", virtual=True),
    )


def uv_lock(*packages: LockedPackage, roots: Sequence[str] = ("app",)) -> LockSet:
    return LockSet(
        format=LockFormat.UV,
        packages=packages,
        roots=tuple(NormalizedName(r) for r in roots),
        source_file="uv.lock",
    )


def installed(plan: Plan, system: str = "x86_64-linux", python: str = "3.12") -> list[str]:
    """``name version`` of every pin installed on the target."""
    return [str(i.pin) for i in plan.environment(system, python).installed]


def messages(plan: Plan) -> list[str]:
    """Every finding as the CLI prints it."""
    return [str(f) for f in plan.findings]
