"""What every pipeline starts from: the project, its lock and settings; what the plan picked."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from pathlib import Path

from pynix.enrich import Enriched, SdistChoice, WheelChoice, apply_cached, enrich_lock
from pynix.errors import PynixError, UnknownFormat
from pynix.formats.pynix_settings import Settings, settings_from_pyproject
from pynix.index import Cache, IndexClient
from pynix.load import find_lock_file, find_project_file, load_lock, load_project
from pynix.model import (
    Artifact,
    LockedPackage,
    LockSet,
    PathSource,
    Project,
    ProjectFormat,
)
from pynix.model import Index as ProjectIndex
from pynix.plan import Build, Pin, Plan, plan
from pynix.resolve.artifacts import needs_resolution, resolve_artifacts
from pynix.workflow._access import IndexAccess, client_indexes

__all__ = ["Inputs", "apply_facts", "lock_project_of", "read_facts", "read_inputs", "selection"]


@dataclasses.dataclass(frozen=True, kw_only=True, slots=True)
class Inputs:
    """A lock ready to plan: where it is, its project, its pins (completed), the settings.

    ``lock`` has the files of hash-only pins looked up on the index and the
    build systems of local directories read from their ``pyproject.toml``;
    ``settings`` are the project's ``[tool.pynix]`` with the caller's put over them.
    """

    lock_file: Path
    project: Project
    lock: LockSet
    settings: Settings

    @property
    def directory(self) -> Path:
        """The lock's directory: what relative paths of the lock are relative to."""
        return self.lock_file.parent


def read_inputs(
    path: Path | str,
    *,
    lock_file: Path | None = None,
    settings: Settings | None = None,
    allow_unhashed: bool = False,
    indexes: Sequence[ProjectIndex] = (),
    access: IndexAccess | None = None,
) -> Inputs:
    """The project at ``path`` and its lock (``lock_file``, else the one found for ``path``).

    Pins that a lock names only by hash (hashed requirements) are completed
    through ``indexes`` (else their own registries) with ``access``: the
    only network access, and none at all for every other lock. Raises what
    :func:`~pynix.load.load_lock`, :func:`~pynix.load.load_project` and
    :func:`~pynix.resolve.artifacts.resolve_artifacts` raise.
    """
    found = lock_file if lock_file is not None else find_lock_file(path)
    project = lock_project_of(Path(path), found)
    lock = load_lock(found, allow_unhashed=allow_unhashed)
    own = settings_from_pyproject(project.raw) if project.raw is not None else Settings()
    merged = own.merged(settings) if settings is not None else own
    if any(needs_resolution(p) for p in lock.packages):
        with (access or IndexAccess()).client(client_indexes(indexes, lock)) as client:
            lock = resolve_artifacts(lock, client)
    lock = _local_build_systems(lock, found.parent)
    return Inputs(lock_file=found, project=project, lock=lock, settings=merged)


def lock_project_of(path: Path, lock_file: Path) -> Project:
    """The project of a lock: the project file given or beside it, else an environment."""
    given = path
    if path.is_file() and path.resolve() == lock_file.resolve():
        if lock_file.suffix == ".txt":
            return load_project(lock_file)  # hashed requirements: the file is the project
        given = lock_file.parent
    try:
        find_project_file(given)
    except UnknownFormat:
        # A lock alone (pylock.toml): an environment with no project to build.
        return Project(format=ProjectFormat.REQUIREMENTS_TXT, source_file=str(lock_file))
    return load_project(given)


def _local_build_systems(lock: LockSet, directory: Path) -> LockSet:
    """The lock with the build systems of its local directories read from their pyproject.toml."""
    packages = []
    for package in lock.packages:
        source = package.source
        if (
            package.build_system is None
            and isinstance(source, PathSource)
            and not source.virtual
            and (directory / source.path / "pyproject.toml").is_file()
        ):
            try:
                found = load_project(directory / source.path / "pyproject.toml").build_system
            except PynixError:
                found = None  # the build reports a broken pyproject.toml better than a guess
            packages.append(dataclasses.replace(package, build_system=found))
            continue
        packages.append(package)
    return dataclasses.replace(lock, packages=tuple(packages))


# -- what the plan picked ---------------------------------------------------------------------


def selection(planned: Plan) -> tuple[WheelChoice, SdistChoice]:
    """The wheels some target installs, and whether some target builds a pin's sdist.

    Enrichment reads only those: a wheel no target installs needs no
    libraries, an sdist nothing builds no build system.
    """
    wheels: dict[Pin, list[Artifact]] = {}
    sdists: set[Pin] = set()
    for planned_package in planned.packages:
        for choice in planned_package.choices:
            if choice.artifact is None:
                continue
            if choice.build is Build.WHEEL:
                wheels.setdefault(planned_package.pin, []).append(choice.artifact)
            elif choice.build is Build.SDIST:
                sdists.add(planned_package.pin)

    def wheels_for(package: LockedPackage) -> Sequence[Artifact]:
        return wheels.get(Pin.of(package), ())

    def sdists_for(package: LockedPackage) -> bool:
        return Pin.of(package) in sdists

    return wheels_for, sdists_for


def apply_facts(planned: Plan, cache: Cache) -> Enriched:
    """The plan's lock with the facts the cache holds about the planned artifacts (no network)."""
    wheels_for, sdists_for = selection(planned)
    return apply_cached(planned.lock, cache, wheels_for=wheels_for, sdists_for=sdists_for)


def read_facts(planned: Plan, client: IndexClient) -> Enriched:
    """The plan's lock with the facts of the planned artifacts, read through ``client``."""
    wheels_for, sdists_for = selection(planned)
    return enrich_lock(planned.lock, client=client, wheels_for=wheels_for, sdists_for=sdists_for)


def replan(inputs: Inputs, lock: LockSet) -> Plan:
    """The plan of ``lock`` (``inputs.lock`` with facts applied) for ``inputs``' project."""
    return plan(lock, inputs.project, inputs.settings)
