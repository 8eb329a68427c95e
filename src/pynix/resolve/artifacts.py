"""Filling in the files a lock does not name, from the index's project pages.

Some locks say *which* files are allowed without saying *where* they are:

* a hashed ``requirements.txt`` records ``--hash=sha256:...`` per pin and
  no file names (:attr:`~pynix.model.LockedPackage.file_hashes`);
* ``poetry.lock`` (a ``legacy`` source) and ``pdm.lock`` (without
  ``static_urls``) record file names and hashes but no URLs;
* a requirements file read with ``allow_unhashed`` records neither.

:func:`resolve_artifacts` asks the index client for each such project's
page (concurrently) and completes the pins:

* by hash: every file of the pin's version whose sha256 is one of the
  pin's hashes becomes an :class:`~pynix.model.Artifact` with its URL, SRI
  hash and size; hashes that match no file are ignored (pip-compile lists
  the hashes of every index it saw), but a pin none of whose hashes matches
  is an error;
* by file name: the artifact gets the file's URL; a file the index lists
  with another sha256 than the lock's is a :class:`~pynix.errors.HashMismatch`;
* a pin without hashes gets every file of its version, *without* a hash:
  an index's hash is what the index says today, not what was locked, so it
  is not written as one (the plan reports such files as unhashed).

Errors name the lock file and the pin's line or key. Only sha256 counts.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence

from packaging.version import InvalidVersion, Version

from pynix.errors import DownloadFailed, HashMismatch, InvalidLock, Location, PynixError
from pynix.formats.simple_api import DistributionFile
from pynix.index import IndexClient, redact
from pynix.locks._files import artifact_kind, file_version
from pynix.locks.hashes import hex_to_sri, sri_to_hex
from pynix.model.lock import Artifact, ArtifactKind, LockedPackage, LockSet
from pynix.model.source import RegistrySource

__all__ = ["needs_resolution", "resolve_artifacts"]


def needs_resolution(package: LockedPackage) -> bool:
    """Whether the index must complete ``package``'s files (see the module docstring)."""
    if not isinstance(package.source, RegistrySource):
        return False
    if not package.artifacts:
        return package.version is not None
    return any(a.url is None and a.path is None for a in package.artifacts)


def resolve_artifacts(lock: LockSet, client: IndexClient) -> LockSet:
    """``lock`` with the files of every pin that needs them filled in from ``client``'s indexes.

    Raises :class:`~pynix.errors.DownloadFailed` when an index cannot be
    read or does not know a project, :class:`~pynix.errors.InvalidLock`
    when no file matches a pin, and :class:`~pynix.errors.HashMismatch` when
    the index's hash of a named file differs from the lock's.
    """
    names = sorted({p.name for p in lock.packages if needs_resolution(p)})
    if not names:
        return lock
    listings = client.projects(names)
    files = {listing.name: listing.files for listing in listings}
    where = ", ".join(client.indexes)
    packages = []
    for package in lock.packages:
        if not needs_resolution(package):
            packages.append(package)
            continue
        try:
            packages.append(_complete(package, files.get(package.name, ()), where))
        except PynixError as error:
            location = package.location or Location()
            raise error.at(
                file=location.file or lock.source_file, line=location.line, key=location.key
            ) from None
    return dataclasses.replace(lock, packages=tuple(packages))


def _complete(
    package: LockedPackage, files: Sequence[DistributionFile], where: str
) -> LockedPackage:
    shown = f"{package.name} {package.version}"
    if package.artifacts:
        return _locate(package, files, where)
    version = _version(package.version)
    candidates = [f for f in files if artifact_kind(f.filename) is not None and _of(f, version)]
    if package.file_hashes:
        wanted = set(package.file_hashes)
        matched = [f for f in candidates if f.sha256 and hex_to_sri(f.sha256) in wanted]
        if not matched:
            count = len(package.file_hashes)
            raise InvalidLock(
                f"{shown}: none of its {count} hash{'es' if count > 1 else ''} matches a file on "
                f"{where}",
                hint="the index must serve the files the lock was made from",
            )
        return _with_files(package, matched, hashed=True)
    if not candidates:
        raise DownloadFailed(f"{shown}: {where} has no wheel or sdist of this version")
    return _with_files(package, candidates, hashed=False)


def _locate(package: LockedPackage, files: Sequence[DistributionFile], where: str) -> LockedPackage:
    by_name = {f.filename: f for f in reversed(files)}  # the first index listing a file wins

    def locate(artifact: Artifact) -> Artifact:
        if artifact.url is not None or artifact.path is not None:
            return artifact
        found = by_name.get(artifact.filename)
        if found is None:
            raise DownloadFailed(f"{artifact.filename} is not on {where}")
        if artifact.hash is not None and found.sha256 and found.sha256 != sri_to_hex(artifact.hash):
            raise HashMismatch(
                f"{artifact.filename}: the index has sha256 {found.sha256}, "
                f"the lock {sri_to_hex(artifact.hash)}"
            )
        return dataclasses.replace(
            artifact, url=redact(found.url), size=artifact.size or found.size
        )

    return dataclasses.replace(
        package,
        sdist=locate(package.sdist) if package.sdist is not None else None,
        wheels=tuple(locate(w) for w in package.wheels),
    )


def _with_files(
    package: LockedPackage, files: Iterable[DistributionFile], *, hashed: bool
) -> LockedPackage:
    unique = {f.filename: f for f in reversed(list(files))}
    artifacts = [
        Artifact(
            kind=kind,
            filename=f.filename,
            url=redact(f.url),
            hash=hex_to_sri(f.sha256) if hashed and f.sha256 else None,
            size=f.size,
        )
        for f in sorted(unique.values(), key=lambda f: f.filename)
        if (kind := artifact_kind(f.filename)) is not None
    ]
    sdists = [a for a in artifacts if a.kind is ArtifactKind.SDIST]
    # Of several sdists (.tar.gz and .zip of one release) the .tar.gz, as pip prefers it.
    sdists.sort(key=lambda a: (not a.filename.endswith(".tar.gz"), a.filename))
    return dataclasses.replace(
        package,
        sdist=sdists[0] if sdists else None,
        wheels=tuple(a for a in artifacts if a.kind is ArtifactKind.WHEEL),
        file_hashes=(),
    )


def _version(text: str | None) -> Version | None:
    try:
        return Version(text) if text is not None else None
    except InvalidVersion:
        return None


def _of(file: DistributionFile, version: Version | None) -> bool:
    return version is not None and file_version(file.filename) == version
