"""The normalized project: what every loader produces and every renderer reads.

A :class:`Project` looks the same whether it came from a PEP 621
``pyproject.toml``, a Poetry or PDM file, ``setup.cfg``, ``requirements.txt``
or a PEP 723 script; ``format`` says which.

Dependency names are normalized (PEP 503); extras and group names too.
Optional dependencies and dependency groups are kept apart because they mean
different things: extras are published with the package, groups are not
(PEP 735).
"""

from __future__ import annotations

import dataclasses
import enum
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, TypeVar

from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import NormalizedName, canonicalize_name

from pynix.model.findings import Finding
from pynix.model.source import Source
from pynix.standards.requirements import parse_requirement

__all__ = [
    "BuildSystem",
    "Dependency",
    "Index",
    "Project",
    "ProjectFormat",
    "frozen_mapping",
]


K = TypeVar("K")
V = TypeVar("V")


def frozen_mapping(items: Mapping[K, V] | None = None) -> Mapping[K, V]:
    """A read-only view of a copy of ``items``, so model values cannot change under a reader."""
    return MappingProxyType(dict(items or {}))


class ProjectFormat(enum.StrEnum):
    """Which kind of file a project was loaded from."""

    PEP621 = "pep621"
    POETRY = "poetry"
    PDM = "pdm"
    UV = "uv"
    SETUP_CFG = "setup.cfg"
    REQUIREMENTS_TXT = "requirements.txt"
    SCRIPT = "pep723"


@dataclasses.dataclass(frozen=True, kw_only=True, slots=True)
class Dependency:
    """One dependency: a PEP 508 requirement plus where a tool says to fetch it.

    ``text`` is the string as the user wrote it (for messages); ``source``
    comes from tool tables such as Poetry's ``{ path = "../lib" }`` or
    ``[tool.uv.sources]``, and from pip's ``-e`` and VCS lines.

    >>> dep = Dependency.parse("Requests[Socks] >=2.31 ; python_version >= '3.8'")
    >>> (dep.name, dep.extras, str(dep.specifier), str(dep))
    ('requests', ('socks',), '>=2.31', 'requests[socks]>=2.31; python_version >= "3.8"')
    """

    name: NormalizedName
    extras: tuple[NormalizedName, ...] = ()
    specifier: SpecifierSet = dataclasses.field(default_factory=SpecifierSet)
    marker: Marker | None = None
    url: str | None = None
    source: Source | None = None
    text: str = ""

    @classmethod
    def from_requirement(
        cls, requirement: Requirement, *, source: Source | None = None, text: str | None = None
    ) -> Dependency:
        """Build from an already-parsed ``packaging`` requirement."""
        return cls(
            name=canonicalize_name(requirement.name),
            extras=tuple(sorted({canonicalize_name(e) for e in requirement.extras})),
            specifier=requirement.specifier,
            marker=requirement.marker,
            url=requirement.url,
            source=source,
            text=str(requirement) if text is None else text,
        )

    @classmethod
    def parse(cls, text: str, *, source: Source | None = None) -> Dependency:
        """Parse a PEP 508 string; raises ``InvalidRequirement`` with a caret."""
        return cls.from_requirement(parse_requirement(text), source=source, text=text)

    def to_requirement(self) -> Requirement:
        """The ``packaging`` requirement this dependency stands for."""
        return Requirement(str(self))

    def __str__(self) -> str:
        extras = f"[{','.join(self.extras)}]" if self.extras else ""
        if self.url:
            base = f"{self.name}{extras} @ {self.url}"
            return f"{base} ; {self.marker}" if self.marker else base
        base = f"{self.name}{extras}{self.specifier}"
        return f"{base}; {self.marker}" if self.marker else base


@dataclasses.dataclass(frozen=True, kw_only=True, slots=True)
class BuildSystem:
    """PEP 518 ``[build-system]``: what must be installed to build, and which backend runs.

    ``declared`` is false when the project has no ``[build-system]`` table and
    pip's legacy default (setuptools) was assumed.
    """

    requires: tuple[Dependency, ...] = ()
    backend: str | None = None
    backend_path: tuple[str, ...] = ()
    declared: bool = True


@dataclasses.dataclass(frozen=True, kw_only=True, slots=True)
class Index:
    """A package index named by the project (``--index-url``, ``[[tool.uv.index]]``, ...).

    ``default`` replaces PyPI; ``explicit`` is only used for packages pinned to it.
    """

    url: str
    name: str | None = None
    default: bool = False
    explicit: bool = False


@dataclasses.dataclass(frozen=True, kw_only=True, slots=True)
class Project:
    """A Python project's metadata, independent of the file format it came from.

    ``name`` and ``version`` are as written (``None`` when absent or
    dynamic; see ``dynamic``). ``raw`` keeps the loaded TOML mapping, for
    tools that want the rest. ``notes`` are what the loader wants the user to
    know about a translation that is not one-to-one (a Poetry ``||`` union
    widened to one range, a Poetry 2 dependency table entry that only
    enriches ``[project]``).
    """

    format: ProjectFormat
    name: str | None = None
    version: str | None = None
    description: str | None = None
    license: str | None = None
    license_files: tuple[str, ...] = ()
    classifiers: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    authors: tuple[str, ...] = ()
    urls: Mapping[str, str] = dataclasses.field(default_factory=frozen_mapping)
    requires_python: SpecifierSet | None = None
    dependencies: tuple[Dependency, ...] = ()
    optional_dependencies: Mapping[NormalizedName, tuple[Dependency, ...]] = dataclasses.field(
        default_factory=frozen_mapping
    )
    dependency_groups: Mapping[NormalizedName, tuple[Dependency, ...]] = dataclasses.field(
        default_factory=frozen_mapping
    )
    constraints: tuple[Dependency, ...] = ()
    build_system: BuildSystem | None = None
    scripts: Mapping[str, str] = dataclasses.field(default_factory=frozen_mapping)
    gui_scripts: Mapping[str, str] = dataclasses.field(default_factory=frozen_mapping)
    entry_points: Mapping[str, Mapping[str, str]] = dataclasses.field(
        default_factory=frozen_mapping
    )
    dynamic: tuple[str, ...] = ()
    indexes: tuple[Index, ...] = ()
    workspace_members: tuple[str, ...] = ()
    source_file: str | None = None
    raw: Mapping[str, Any] | None = None
    notes: tuple[Finding, ...] = ()

    @property
    def canonical_name(self) -> NormalizedName | None:
        """The PEP 503 normalized name, or ``None`` for a nameless project."""
        return canonicalize_name(self.name) if self.name else None

    @property
    def is_dynamic_version(self) -> bool:
        """True when the version is computed at build time (``dynamic = ["version"]``)."""
        return self.version is None and "version" in self.dynamic
