"""The normalized lock: a pinned set of distributions, whatever tool wrote it.

Every lock reader (``uv.lock``, ``poetry.lock``, ``pdm.lock``,
``pylock.toml``, hashed ``requirements.txt``) produces a :class:`LockSet`.
A lock may pin the same name more than once for different environments
(uv's forks: ``torch==2.5.1+cpu`` on Linux, ``torch==2.5.1`` on macOS); each
pin is its own :class:`LockedPackage` with a ``marker`` saying where it
applies, and dependency edges name the ``version`` they mean.

Hashes are SRI strings (``sha256-<base64>``), the form Nix's ``fetchurl``
takes; readers convert ``sha256:<hex>`` on the way in.
"""

from __future__ import annotations

import dataclasses
import enum
from collections.abc import Mapping

from packaging.markers import Marker
from packaging.specifiers import SpecifierSet
from packaging.utils import NormalizedName

from pynix.errors import Location
from pynix.model.project import BuildSystem, frozen_mapping
from pynix.model.source import Source

__all__ = [
    "Artifact",
    "ArtifactKind",
    "LockFormat",
    "LockSet",
    "LockedDependency",
    "LockedPackage",
]


class ArtifactKind(enum.StrEnum):
    WHEEL = "wheel"
    SDIST = "sdist"


class LockFormat(enum.StrEnum):
    UV = "uv.lock"
    POETRY = "poetry.lock"
    PDM = "pdm.lock"
    PYLOCK = "pylock.toml"
    REQUIREMENTS = "requirements.txt"


@dataclasses.dataclass(frozen=True, kw_only=True, slots=True)
class Artifact:
    """One downloadable file of a locked package: a wheel or an sdist.

    ``url`` is where to fetch it (``None`` for a local ``path``); ``hash`` is
    an SRI ``sha256-...`` string or ``None`` when the lock records none.

    ``needed_libraries`` is filled by enrichment (:mod:`pynix.enrich`) for
    wheels with compiled code: the shared libraries (ELF sonames such as
    ``libz.so.1``, Mach-O library file names such as ``libomp.dylib``) the
    wheel needs from outside itself, outside the other wheels of the lock and
    outside the C library. ``None`` means not enriched; ``()`` means
    enriched and self-contained.
    """

    kind: ArtifactKind
    filename: str
    url: str | None = None
    path: str | None = None
    hash: str | None = None
    size: int | None = None
    needed_libraries: tuple[str, ...] | None = None


@dataclasses.dataclass(frozen=True, kw_only=True, slots=True)
class LockedDependency:
    """An edge from one locked package to another.

    ``version`` is set when the lock holds several pins of ``name`` and the
    edge means one of them; ``source`` is set as well when even the version
    does not tell the pins apart (the same version from two indexes);
    ``marker`` limits the edge to some environments.
    """

    name: NormalizedName
    extras: tuple[NormalizedName, ...] = ()
    marker: Marker | None = None
    version: str | None = None
    source: Source | None = None


@dataclasses.dataclass(frozen=True, kw_only=True, slots=True)
class LockedPackage:
    """One pinned distribution with its files and its dependency edges.

    ``marker`` says in which environments this pin is installed (``None``:
    everywhere the lock applies). ``build_system`` is filled by enrichment
    when the lock itself does not know it.

    ``file_hashes`` are SRI hashes of files the lock allows without saying
    which file each is: a hashed ``requirements.txt`` records
    ``--hash=sha256:...`` per requirement but no file names. Such a pin has
    no ``sdist``/``wheels`` until :func:`pynix.resolve.artifacts.resolve_artifacts`
    has matched the hashes against the index's files.

    ``location`` says where the entry is in its lock file (a key path such as
    ``package[3]``, or a line); it is not part of the pin's identity and is
    ignored when pins are compared.
    """

    name: NormalizedName
    version: str | None
    source: Source
    sdist: Artifact | None = None
    wheels: tuple[Artifact, ...] = ()
    dependencies: tuple[LockedDependency, ...] = ()
    optional_dependencies: Mapping[NormalizedName, tuple[LockedDependency, ...]] = (
        dataclasses.field(default_factory=frozen_mapping)
    )
    dependency_groups: Mapping[NormalizedName, tuple[LockedDependency, ...]] = dataclasses.field(
        default_factory=frozen_mapping
    )
    requires_python: SpecifierSet | None = None
    marker: Marker | None = None
    build_system: BuildSystem | None = None
    file_hashes: tuple[str, ...] = ()
    location: Location | None = dataclasses.field(default=None, compare=False)

    @property
    def artifacts(self) -> tuple[Artifact, ...]:
        """Every file of this pin, wheels first."""
        return self.wheels + ((self.sdist,) if self.sdist else ())


@dataclasses.dataclass(frozen=True, kw_only=True, slots=True)
class LockSet:
    """Every pin of one lock file, with the environments the resolution covered.

    ``roots`` are the packages the project itself is (uv's workspace members,
    the ``virtual``/``editable`` entries); for formats without such entries
    (poetry.lock, pylock.toml, requirements.txt) it is empty and the project
    file says what is wanted. ``environments`` are uv's ``resolution-markers``
    (the forks) or PEP 751's ``environments``.
    """

    format: LockFormat
    packages: tuple[LockedPackage, ...]
    requires_python: SpecifierSet | None = None
    environments: tuple[Marker, ...] = ()
    roots: tuple[NormalizedName, ...] = ()
    source_file: str | None = None

    def by_name(self, name: NormalizedName) -> tuple[LockedPackage, ...]:
        """Every pin of ``name`` (several when the resolution forked)."""
        return tuple(p for p in self.packages if p.name == name)
