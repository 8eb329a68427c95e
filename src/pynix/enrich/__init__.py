"""Enrichment: what lock files lack, read from the artifacts themselves.

A lock pins files; Nix needs two more facts about them (see the pyproject.nix
manual, "overriding packages"):

* the **build system** of every sdist -- ``[build-system]`` of the
  ``pyproject.toml`` inside it (:mod:`pynix.enrich.build_systems`);
* the **native libraries** of every binary wheel -- what its shared objects
  load (ELF ``DT_NEEDED``, Mach-O load commands; :mod:`pynix.enrich.native`),
  minus what the wheel ships itself, what other wheels of the lock ship and
  the C library; the rest goes next to ``autoPatchelfHook`` as
  ``buildInputs``, mapped by :func:`native_inputs`.

:func:`enrich_lock` reads both through the :class:`~pynix.index.IndexClient`
(an sdist's two build files; a wheel's central directory and shared objects,
by HTTP range requests) and stores what it read in the fact cache under the
artifact's sha256, so a second run on the same lock makes no request. It
returns an :class:`Enriched`: the lock with ``LockedPackage.build_system``
and ``Artifact.needed_libraries`` filled, the findings, and an
:class:`~pynix.enrich.explain.ArtifactExplanation` per artifact.

:func:`apply_cached` is the same without a client: the facts the cache
holds are applied, every other artifact stays unknown (``Origin.UNKNOWN``:
no build system, ``needed_libraries`` ``None``), and nothing touches the
network. It is what ``pynix generate`` and ``pynix explain`` use, so that
after a ``pynix lock`` they are offline and instant.

Findings (codes):

* ``legacy-build-system`` (warning): an sdist without ``pyproject.toml`` or
  without ``[build-system]``; setuptools' legacy build is assumed;
* ``invalid-build-system`` (error): a ``pyproject.toml`` that is not TOML or
  a wrong ``[build-system]``, located as ``<sdist>/pyproject.toml`` and key;
* ``unreadable-binary`` (warning): a member named like a shared object that
  is not a readable ELF or Mach-O file, located as ``<wheel>/<member>``;
* ``unknown-native-library`` (warning): a needed library no nixpkgs package
  is known to provide.

Errors: a damaged archive is :class:`~pynix.errors.InvalidArchive`, a
download with the wrong hash :class:`~pynix.errors.HashMismatch`, an
unreachable index :class:`~pynix.errors.DownloadFailed` (from the client).

Traps:

* Only wheels for Linux and macOS are inspected: other platforms have no
  Nix package to feed, and pure-Python wheels (``*-none-any``) no compiled code.
* "Shipped by another wheel of the lock" is decided among the wheels that are
  inspected, by file name and soname, within one binary format (ELF needs
  are never met by a macOS wheel).
* Artifacts without a sha256 are read but cannot be cached; artifacts
  without a URL (local files) are not read.
"""

from __future__ import annotations

import dataclasses
import enum
import zipfile
import zlib
from collections.abc import Callable, Mapping, Sequence

from packaging.utils import canonicalize_name

from pynix.enrich._facts import (
    SDIST_FACT,
    SDIST_FACT_VERSION,
    WHEEL_FACT,
    WHEEL_FACT_VERSION,
    decode_binaries,
    decode_build_files,
    encode_binaries,
    encode_build_files,
)
from pynix.enrich.build_systems import BUILD_FILES, SdistBuildFiles, build_system_of
from pynix.enrich.explain import ArtifactExplanation, Origin
from pynix.enrich.native import (
    SharedObject,
    UnreadableMember,
    WheelBinaries,
    is_shared_object_name,
    read_shared_object,
    resolve_needs,
)
from pynix.errors import InvalidArchive, Location
from pynix.index import Cache, IndexClient
from pynix.model import BuildSystem
from pynix.model.findings import Finding, Severity
from pynix.model.lock import Artifact, ArtifactKind, LockedPackage, LockSet
from pynix.nixpkgs.sonames import NativeInputs, native_inputs
from pynix.standards.filenames import parse_wheel_filename

__all__ = [
    "ArtifactExplanation",
    "Enriched",
    "NativeInputs",
    "Origin",
    "SdistChoice",
    "WheelChoice",
    "apply_cached",
    "enrich_lock",
    "native_inputs",
]

#: Chooses, for a locked package, the wheels to inspect (those some target will install).
WheelChoice = Callable[[LockedPackage], Sequence[Artifact]]
#: Says whether a locked package's sdist is to be read (some target builds it).
SdistChoice = Callable[[LockedPackage], bool]


@dataclasses.dataclass(frozen=True, kw_only=True, slots=True)
class Enriched:
    """The enriched lock, what the user should know, and why each artifact got what it got."""

    lock: LockSet
    findings: tuple[Finding, ...] = ()
    explanations: tuple[ArtifactExplanation, ...] = ()

    def explain(self, name: str) -> tuple[ArtifactExplanation, ...]:
        """The explanations of every artifact of the package ``name`` (any spelling)."""
        wanted = canonicalize_name(name)
        return tuple(e for e in self.explanations if canonicalize_name(e.package) == wanted)


def enrich_lock(
    lock: LockSet,
    *,
    client: IndexClient,
    cache: Cache | None = None,
    wheels_for: WheelChoice | None = None,
    sdists_for: SdistChoice | None = None,
) -> Enriched:
    """Fill in the build systems of sdists and the native libraries of wheels.

    ``cache`` holds the facts (default: the client's cache). ``wheels_for``
    chooses, per package, the wheels to inspect (by default every Linux
    and macOS wheel); only the chosen wheels count as shipping libraries
    for the others. ``sdists_for`` says which packages' sdists to read (by
    default every sdist whose build system the lock does not record).
    Raises :class:`~pynix.errors.InvalidArchive`,
    :class:`~pynix.errors.HashMismatch` or :class:`~pynix.errors.DownloadFailed`.

    A pure-Python wheel has nothing to read, so this needs no network:

    >>> from pynix.model import Artifact, ArtifactKind, LockedPackage, LockFormat, RegistrySource
    >>> name = "six-1.16.0-py2.py3-none-any.whl"
    >>> wheel = Artifact(
    ...     kind=ArtifactKind.WHEEL, filename=name, url=f"https://files.example/{name}"
    ... )
    >>> six = LockedPackage(
    ...     name="six",
    ...     version="1.16.0",
    ...     wheels=(wheel,),
    ...     source=RegistrySource(url="https://pypi.org/simple"),
    ... )
    >>> with IndexClient(environ={}) as client:
    ...     enriched = enrich_lock(LockSet(format=LockFormat.UV, packages=(six,)), client=client)
    >>> enriched.explain("six")[0].describe()
    ('six-1.16.0-py2.py3-none-any.whl: not read (pure Python: no compiled code)',)
    """
    facts = cache if cache is not None else client.cache
    return _enrich(lock, facts, client, wheels_for, sdists_for)


def apply_cached(
    lock: LockSet,
    cache: Cache,
    *,
    wheels_for: WheelChoice | None = None,
    sdists_for: SdistChoice | None = None,
) -> Enriched:
    """:func:`enrich_lock` from the fact cache alone: no client, no network, no error.

    Artifacts whose facts ``cache`` holds get them (``Origin.CACHE``); the
    others stay as the lock has them, explained as ``Origin.UNKNOWN`` with
    a note saying how to learn them. Findings come from the cached facts
    only (a legacy build system, an unknown library).

    >>> import tempfile
    >>> from pathlib import Path
    >>> from pynix.model import Artifact, ArtifactKind, LockedPackage, LockFormat
    >>> from pynix.model import RegistrySource
    >>> sdist = Artifact(
    ...     kind=ArtifactKind.SDIST,
    ...     filename="demo-1.0.tar.gz",
    ...     url="https://files.example/demo-1.0.tar.gz",
    ...     hash="sha256-" + "A" * 43 + "=",
    ... )
    >>> demo = LockedPackage(
    ...     name="demo", version="1.0", sdist=sdist, source=RegistrySource(url="https://x/simple")
    ... )
    >>> lock = LockSet(format=LockFormat.UV, packages=(demo,))
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     enriched = apply_cached(lock, Cache(Path(tmp)))
    >>> enriched.lock.packages[0].build_system is None
    True
    >>> enriched.explain("demo")[0].describe()
    ('demo-1.0.tar.gz: not known (not in the cache: `pynix lock` reads it from the index)',)
    """
    return _enrich(lock, cache, None, wheels_for, sdists_for)


def _enrich(
    lock: LockSet,
    facts: Cache,
    client: IndexClient | None,
    wheels_for: WheelChoice | None,
    sdists_for: SdistChoice | None,
) -> Enriched:
    plan = _plan(lock, wheels_for, sdists_for)
    # Facts already cached are read here; only the rest goes to the thread pool.
    known = {job: _cached(job, facts) for job in plan.jobs}
    missing = [job for job, outcome in known.items() if outcome is None]
    if client is None:
        read = {job: _unknown(job) for job in missing}
    else:
        found = client.map(lambda job: _read(job, client, facts), missing)
        read = dict(zip(missing, found, strict=True))
    outcomes = {job: known[job] or read[job] for job in plan.jobs}
    shipped = _shipped(lock, plan, outcomes)
    packages: list[LockedPackage] = []
    findings: list[Finding] = []
    explanations: list[ArtifactExplanation] = []
    for package, chosen, sdist in zip(lock.packages, plan.chosen, plan.sdists, strict=True):
        enriched = _Package(package, chosen, outcomes, shipped, sdist_wanted=sdist)
        packages.append(enriched.package)
        findings.extend(enriched.findings)
        explanations.extend(enriched.explanations)
    return Enriched(
        lock=dataclasses.replace(lock, packages=tuple(packages)),
        findings=tuple(findings),
        explanations=tuple(explanations),
    )


# -- what to read ----------------------------------------------------------------------------


class _Family(enum.StrEnum):
    LINUX = "linux"
    MACOS = "macos"
    PURE = "pure"
    OTHER = "other"


def _family(filename: str) -> _Family:
    platforms = parse_wheel_filename(filename).platform_tags
    if any(p.startswith("macosx") for p in platforms):
        return _Family.MACOS
    if any(p.startswith(("manylinux", "musllinux", "linux")) for p in platforms):
        return _Family.LINUX
    return _Family.PURE if all(p == "any" for p in platforms) else _Family.OTHER


@dataclasses.dataclass(frozen=True, slots=True)
class _Job:
    """One artifact to read; equal jobs (the same file pinned twice) are read once."""

    kind: ArtifactKind
    filename: str
    url: str | None
    hash: str | None


@dataclasses.dataclass(frozen=True, kw_only=True, slots=True)
class _Outcome:
    origin: Origin
    note: str | None = None
    build_files: SdistBuildFiles | None = None
    binaries: WheelBinaries | None = None


@dataclasses.dataclass(frozen=True, kw_only=True, slots=True)
class _Plan:
    jobs: tuple[_Job, ...]
    chosen: tuple[frozenset[str], ...]  # per package of the lock: the wheels to inspect, by name
    sdists: tuple[bool, ...]  # per package of the lock: whether its sdist is to be read


def _job(artifact: Artifact) -> _Job:
    return _Job(artifact.kind, artifact.filename, artifact.url, artifact.hash)


def _plan(lock: LockSet, wheels_for: WheelChoice | None, sdists_for: SdistChoice | None) -> _Plan:
    jobs: dict[_Job, None] = {}
    chosen: list[frozenset[str]] = []
    sdists: list[bool] = []
    for package in lock.packages:
        wanted = sdists_for is None or sdists_for(package)
        sdists.append(wanted)
        if package.sdist is not None and package.build_system is None and wanted:
            jobs[_job(package.sdist)] = None
        selection = package.wheels if wheels_for is None else wheels_for(package)
        names = frozenset(
            w.filename for w in selection if _family(w.filename) in (_Family.LINUX, _Family.MACOS)
        )
        chosen.append(names)
        for wheel in package.wheels:
            if wheel.filename in names:
                jobs[_job(wheel)] = None
    return _Plan(jobs=tuple(jobs), chosen=tuple(chosen), sdists=tuple(sdists))


def _sha256(job: _Job) -> str | None:
    """The job's hash when it is a sha256 (the only kind the cache keys by)."""
    return job.hash if job.hash is not None and job.hash.startswith("sha256-") else None


def _cached(job: _Job, cache: Cache) -> _Outcome | None:
    """The artifact's facts when it needs no reading (cached, or not readable at all)."""
    if job.url is None:
        return _Outcome(origin=Origin.SKIPPED, note="a local file: pynix reads only URLs")
    key = _sha256(job)
    if key is None:
        return None
    if job.kind is ArtifactKind.SDIST:
        files = decode_build_files(cache.get_fact(SDIST_FACT, key, version=SDIST_FACT_VERSION))
        return None if files is None else _Outcome(origin=Origin.CACHE, build_files=files)
    binaries = decode_binaries(cache.get_fact(WHEEL_FACT, key, version=WHEEL_FACT_VERSION))
    return None if binaries is None else _Outcome(origin=Origin.CACHE, binaries=binaries)


def _unknown(job: _Job) -> _Outcome:
    """The outcome of an artifact whose facts are not cached, when there is no client."""
    if _sha256(job) is None:
        return _Outcome(origin=Origin.UNKNOWN, note="the lock records no sha256 for it")
    return _Outcome(
        origin=Origin.UNKNOWN, note="not in the cache: `pynix lock` reads it from the index"
    )


def _read(job: _Job, client: IndexClient, cache: Cache) -> _Outcome:
    """Read one artifact's facts from the index, and cache them under its sha256."""
    assert job.url is not None  # jobs without a URL are settled by _cached
    key = _sha256(job)
    note = None if key else "not cached: the lock records no sha256 for it"
    if job.kind is ArtifactKind.SDIST:
        members = client.read_sdist(job.url, BUILD_FILES, expected_hash=key, name=job.filename)
        files = SdistBuildFiles.from_members(members)
        if key:
            cache.put_fact(SDIST_FACT, key, encode_build_files(files), version=SDIST_FACT_VERSION)
        return _Outcome(origin=Origin.NETWORK, note=note, build_files=files)
    binaries = _read_wheel(client, job.url, expected_hash=key, name=job.filename)
    if key:
        cache.put_fact(WHEEL_FACT, key, encode_binaries(binaries), version=WHEEL_FACT_VERSION)
    return _Outcome(origin=Origin.NETWORK, note=note, binaries=binaries)


def _read_wheel(
    client: IndexClient, url: str, *, expected_hash: str | None, name: str
) -> WheelBinaries:
    """Every shared object of a wheel, read one member at a time (big wheels stay out of memory)."""
    objects: list[SharedObject] = []
    unreadable: list[UnreadableMember] = []
    with client.open_wheel(url, expected_hash=expected_hash, name=name) as archive:
        for info in archive.infolist():
            if info.is_dir() or not is_shared_object_name(info.filename):
                continue
            try:
                data = archive.read(info)
            except (zipfile.BadZipFile, zlib.error, OSError, EOFError, NotImplementedError,
                    RuntimeError, ValueError) as exc:  # fmt: skip
                detail = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
                raise InvalidArchive(
                    f"cannot read {info.filename}" + (f" ({detail})" if detail else ""),
                    location=Location(file=name),
                ) from None
            try:
                objects.append(read_shared_object(info.filename, data))
            except InvalidArchive as error:
                unreadable.append(UnreadableMember(member=info.filename, reason=error.message))
    return WheelBinaries(objects=tuple(objects), unreadable=tuple(unreadable))


# -- what came out ---------------------------------------------------------------------------


def _shipped(
    lock: LockSet, plan: _Plan, outcomes: Mapping[_Job, _Outcome]
) -> dict[_Family, dict[str, list[str]]]:
    """Per binary family: library file name → the packages whose inspected wheels ship it."""
    shipped: dict[_Family, dict[str, list[str]]] = {_Family.LINUX: {}, _Family.MACOS: {}}
    for package, chosen in zip(lock.packages, plan.chosen, strict=True):
        for wheel in package.wheels:
            if wheel.filename not in chosen:
                continue
            binaries = outcomes[_job(wheel)].binaries
            if binaries is None:
                continue
            table = shipped[_family(wheel.filename)]
            for name in binaries.shipped():
                owners = table.setdefault(name, [])
                if package.name not in owners:
                    owners.append(package.name)
    return shipped


class _Package:
    """One package's enrichment: its new pin, its findings and its explanations."""

    def __init__(
        self,
        package: LockedPackage,
        chosen: frozenset[str],
        outcomes: Mapping[_Job, _Outcome],
        shipped: Mapping[_Family, Mapping[str, list[str]]],
        *,
        sdist_wanted: bool,
    ) -> None:
        self.source = package
        self.outcomes = outcomes
        self.findings: list[Finding] = []
        self.explanations: list[ArtifactExplanation] = []
        build_system = package.build_system
        if package.sdist is not None:
            build_system = self._sdist(package.sdist, wanted=sdist_wanted)
        wheels = tuple(
            self._wheel(wheel, shipped) if wheel.filename in chosen else self._skipped(wheel)
            for wheel in package.wheels
        )
        self.package = dataclasses.replace(package, wheels=wheels, build_system=build_system)

    def _explanation(self, artifact: Artifact, origin: Origin) -> ArtifactExplanation:
        return ArtifactExplanation(
            package=self.source.name,
            version=self.source.version,
            filename=artifact.filename,
            kind=artifact.kind,
            origin=origin,
        )

    def _sdist(self, sdist: Artifact, *, wanted: bool) -> BuildSystem | None:
        if self.source.build_system is not None:
            self.explanations.append(
                dataclasses.replace(
                    self._explanation(sdist, Origin.LOCK), build_system=self.source.build_system
                )
            )
            return self.source.build_system
        if not wanted:
            self.explanations.append(
                dataclasses.replace(
                    self._explanation(sdist, Origin.SKIPPED),
                    note="not built from source on any target",
                )
            )
            return None
        outcome = self.outcomes[_job(sdist)]
        explanation = dataclasses.replace(
            self._explanation(sdist, outcome.origin), note=outcome.note
        )
        if outcome.build_files is None:
            self.explanations.append(explanation)
            return None
        result = build_system_of(
            outcome.build_files, sdist=sdist.filename, package=self.source.name
        )
        self.findings.extend(result.findings)
        self.explanations.append(
            dataclasses.replace(
                explanation, read=outcome.build_files.present, build_system=result.build_system
            )
        )
        return result.build_system

    def _skipped(self, wheel: Artifact) -> Artifact:
        family = _family(wheel.filename)
        if family is _Family.PURE:
            note = "pure Python: no compiled code"
        elif family is _Family.OTHER:
            note = "not a Linux or macOS wheel"
        else:
            note = "not chosen for any target"
        self.explanations.append(
            dataclasses.replace(self._explanation(wheel, Origin.SKIPPED), note=note)
        )
        return wheel

    def _wheel(
        self, wheel: Artifact, shipped: Mapping[_Family, Mapping[str, list[str]]]
    ) -> Artifact:
        outcome = self.outcomes[_job(wheel)]
        explanation = dataclasses.replace(
            self._explanation(wheel, outcome.origin), note=outcome.note
        )
        binaries = outcome.binaries
        if binaries is None:
            self.explanations.append(explanation)
            return wheel
        elsewhere = {
            name: next(o for o in owners if o != self.source.name)
            for name, owners in shipped[_family(wheel.filename)].items()
            if any(o != self.source.name for o in owners)
        }
        needed, dropped = resolve_needs(binaries, elsewhere=elsewhere)
        inputs = native_inputs(needed)
        for member in binaries.unreadable:
            self.findings.append(
                Finding(
                    severity=Severity.WARNING,
                    code="unreadable-binary",
                    message=f"cannot read the shared object: {member.reason}",
                    subject=self.source.name,
                    location=Location(file=f"{wheel.filename}/{member.member}"),
                    hint="its libraries are not known; add them with an override if it needs any",
                )
            )
        for soname in inputs.unknown:
            self.findings.append(
                Finding(
                    severity=Severity.WARNING,
                    code="unknown-native-library",
                    message=f"needs {soname}, which no nixpkgs package is known to provide",
                    subject=self.source.name,
                    location=Location(file=wheel.filename),
                    hint="add the package that provides it to buildInputs with an override",
                )
            )
        self.explanations.append(
            dataclasses.replace(
                explanation,
                read=binaries.members,
                needed=needed,
                inputs=inputs,
                dropped=dropped,
                unreadable=tuple((u.member, u.reason) for u in binaries.unreadable),
            )
        )
        return dataclasses.replace(wheel, needed_libraries=needed)
