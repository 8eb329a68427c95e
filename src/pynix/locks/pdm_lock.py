"""``pdm.lock``: PDM's lock file, lock_version 3.x and 4.x, read into a :class:`LockSet`.

PDM writes (https://pdm-project.org/latest/usage/lockfile/):

* ``[metadata]``: ``lock_version``, ``groups``, ``strategy`` (e.g.
  ``inherit_metadata``, ``static_urls``), ``content_hash``, and since 4.5
  ``[[metadata.targets]]`` (``requires_python``, ``platform``,
  ``implementation``).
* ``[[package]]``: ``name``, ``version``, ``requires_python``, ``summary``,
  ``dependencies`` (PEP 508 strings), ``groups`` and ``marker`` (with
  ``inherit_metadata``), ``files`` (``{ file, hash }``, or ``{ url, hash }``
  with ``static_urls``), and for packages not from an index ``git`` + ``ref``
  + ``revision`` (+ ``subdirectory``), ``path`` (+ ``editable``) or ``url``.
* The old layout (lock_version up to 4.2) keeps the files apart, in
  ``[metadata.files]`` keyed by ``"<name> <version>"``.

Extras are locked as extra entries: ``requests[socks]`` is a second
``[[package]]`` named ``requests`` with ``extras = ["socks"]`` whose
dependencies are the extra's plus ``requests==<version>`` itself. They are
folded into the base pin's :attr:`~LockedPackage.optional_dependencies`.

What the model cannot hold: ``groups`` and ``strategy`` are checked for shape
and dropped; of ``[[metadata.targets]]`` only a single common
``requires_python`` is kept (several different ones give ``None``).

Traps:

* PDM does not record which index a named package came from. Its files get
  ``url=None`` unless the lock has ``static_urls``; the source says PyPI, the
  project's ``[[tool.pdm.source]]`` may say otherwise.
* ``requires_python = ""`` means no constraint.
* Dependencies on names that are not locked are dropped: their markers
  exclude every Python the project supports, so PDM locked nothing.
* An entry with two extras (``foo[a,b]``) gives both extras the union of its
  dependencies: the lock does not say which extra needs what.
* ``hg``, ``svn`` and ``bzr`` sources are refused (:class:`Unsupported`).
* A ``url`` or ``path`` package keeps only the listed file its source names;
  a ``git`` package keeps none.
"""

from __future__ import annotations

import dataclasses

from packaging.specifiers import SpecifierSet
from packaging.utils import NormalizedName, canonicalize_name
from packaging.version import InvalidVersion, Version

from pynix._gc import paused_gc
from pynix.errors import Location, Unsupported
from pynix.locks._common import (
    Pins,
    check_version,
    parse_hash,
    parse_marker,
    parse_name,
    parse_pep508,
    parse_specifiers,
)
from pynix.locks._files import PYPI_SIMPLE, artifact_kind, file_name_of_path, file_name_of_url
from pynix.locks._toml import (
    Table,
    fail,
    get_bool,
    get_str,
    get_str_list,
    get_table,
    get_table_list,
    item,
    key_path,
    load_toml,
    require_str,
)
from pynix.model.lock import (
    Artifact,
    ArtifactKind,
    LockedDependency,
    LockedPackage,
    LockFormat,
    LockSet,
)
from pynix.model.project import frozen_mapping
from pynix.model.source import GitSource, PathSource, RegistrySource, Source, UrlSource

__all__ = ["read_pdm_lock"]

_OTHER_VCS = ("hg", "svn", "bzr")


@dataclasses.dataclass(frozen=True, slots=True)
class _Entry:
    path: str
    table: Table
    name: NormalizedName
    version: str
    source: Source
    extras: tuple[NormalizedName, ...]


def read_pdm_lock(text: str) -> LockSet:
    """Read a ``pdm.lock`` (lock_version 3.x or 4.x, old or current layout).

    Raises :class:`~pynix.errors.InvalidLock` with the dotted key path of the
    bad value or the line of a TOML syntax error;
    :class:`~pynix.errors.Unsupported` for non-git VCS sources and hashes
    other than sha256.

    >>> lock = read_pdm_lock('''
    ... [metadata]
    ... lock_version = "4.5.0"
    ... [[metadata.targets]]
    ... requires_python = ">=3.11"
    ... [[package]]
    ... name = "idna"
    ... version = "3.7"
    ... requires_python = ">=3.5"
    ... ''')
    >>> str(lock.requires_python), lock.packages[0].version
    ('>=3.11', '3.7')
    """
    with paused_gc():  # a lock is a large acyclic value: see pynix._gc
        return _read(text)


def _read(text: str) -> LockSet:
    data = load_toml(text)
    metadata = get_table(data, "metadata", "")
    if metadata is None:
        raise fail("metadata", "required key is missing")
    lock_version = require_str(metadata, "lock_version", "metadata")
    try:
        major = Version(lock_version).major
    except InvalidVersion:
        major = -1
    if major not in (3, 4):
        raise fail(
            "metadata.lock_version",
            f"unsupported lock version {lock_version!r} (pynix reads 3.x and 4.x)",
        )
    get_str_list(metadata, "groups", "metadata")
    get_str_list(metadata, "strategy", "metadata")
    get_str(metadata, "content_hash", "metadata")
    old_files = _old_files(metadata)

    entries = [
        _entry(table, item("package", i))
        for i, table in enumerate(get_table_list(data, "package", ""))
    ]
    seen: dict[tuple[str, str, Source, tuple[str, ...]], str] = {}
    for entry in entries:
        first = seen.setdefault((entry.name, entry.version, entry.source, entry.extras), entry.path)
        if first != entry.path:
            raise fail(
                entry.path, f"{entry.name} {entry.version} is locked twice, here and at {first}"
            )

    bases: dict[tuple[NormalizedName, str, Source], list[_Entry]] = {}
    for entry in entries:
        bases.setdefault((entry.name, entry.version, entry.source), []).append(entry)
    pins = Pins(
        LockedPackage(name=name, version=version, source=source) for name, version, source in bases
    )
    return LockSet(
        format=LockFormat.PDM,
        packages=tuple(_package(group, pins, old_files) for group in bases.values()),
        requires_python=_targets_python(metadata),
    )


def _targets_python(metadata: Table) -> SpecifierSet | None:
    found: set[SpecifierSet] = set()
    for index, target in enumerate(get_table_list(metadata, "targets", "metadata")):
        where = item("metadata.targets", index)
        text = get_str(target, "requires_python", where)
        found.add(parse_specifiers(text or "", key_path(where, "requires_python")))
    only = found.pop() if len(found) == 1 else None
    return only if only is not None and str(only) else None


def _old_files(metadata: Table) -> dict[tuple[str, str], tuple[str, list[Table]]]:
    files = get_table(metadata, "files", "metadata") or {}
    result: dict[tuple[str, str], tuple[str, list[Table]]] = {}
    for key in files:
        path = key_path("metadata.files", key)
        name, _, version = key.rpartition(" ")
        if not name:
            raise fail(path, f"expected a '<name> <version>' key, found {key!r}")
        result[canonicalize_name(name), _version_key(version)] = (
            path,
            get_table_list(files, key, "metadata.files"),
        )
    return result


def _version_key(version: str) -> str:
    try:
        return str(Version(version))
    except InvalidVersion:
        return version


def _entry(table: Table, path: str) -> _Entry:
    name = parse_name(require_str(table, "name", path), key_path(path, "name"))
    version = check_version(require_str(table, "version", path), key_path(path, "version"))
    extras_path = key_path(path, "extras")
    extras = tuple(
        sorted(
            {
                parse_name(e, item(extras_path, i))
                for i, e in enumerate(get_str_list(table, "extras", path))
            }
        )
    )
    return _Entry(path, table, name, version, _source(table, path), extras)


def _source(table: Table, path: str) -> Source:
    for vcs in _OTHER_VCS:
        if vcs in table:
            raise Unsupported(
                f"{vcs} sources are not supported (only git)",
                location=Location(key=key_path(path, vcs)),
            )
    subdirectory = get_str(table, "subdirectory", path)
    git = get_str(table, "git", path)
    if git is not None:
        return GitSource(
            url=git,
            rev=get_str(table, "ref", path),
            commit=get_str(table, "revision", path),
            subdirectory=subdirectory,
        )
    local = get_str(table, "path", path)
    if local is not None:
        return PathSource(path=local, editable=bool(get_bool(table, "editable", path)))
    url = get_str(table, "url", path)
    if url is not None:
        return UrlSource(url=url, subdirectory=subdirectory)
    return RegistrySource(url=PYPI_SIMPLE)


def _package(
    group: list[_Entry],
    pins: Pins,
    old_files: dict[tuple[str, str], tuple[str, list[Table]]],
) -> LockedPackage:
    base = next((e for e in group if not e.extras), group[0])
    table, path = base.table, base.path
    optional: dict[NormalizedName, tuple[LockedDependency, ...]] = {}
    for entry in group:
        if entry is base and not entry.extras:
            continue
        edges = tuple(e for e in _edges(entry, pins) if e.name != entry.name)
        for extra in entry.extras:
            optional[extra] = optional.get(extra, ()) + edges
    if "files" in table:
        files_path, files = key_path(path, "files"), get_table_list(table, "files", path)
    else:
        files_path, files = old_files.get((base.name, _version_key(base.version)), ("", []))
    requires_python = get_str(table, "requires_python", path)
    marker = get_str(table, "marker", path)
    get_str_list(table, "groups", path)
    sdist, wheels = _artifacts(files, files_path, base.source)
    return LockedPackage(
        name=base.name,
        version=base.version,
        source=base.source,
        sdist=sdist,
        wheels=wheels,
        dependencies=() if base.extras else _edges(base, pins),
        optional_dependencies=frozen_mapping(dict(sorted(optional.items()))),
        requires_python=(
            parse_specifiers(requires_python, key_path(path, "requires_python"))
            if requires_python
            else None
        ),
        marker=parse_marker(marker, key_path(path, "marker")) if marker else None,
        location=Location(key=path),
    )


def _edges(entry: _Entry, pins: Pins) -> tuple[LockedDependency, ...]:
    where = key_path(entry.path, "dependencies")
    edges: list[LockedDependency] = []
    for index, text in enumerate(get_str_list(entry.table, "dependencies", entry.path)):
        requirement = parse_pep508(text, item(where, index))
        dependency = LockedDependency(
            name=canonicalize_name(requirement.name),
            extras=tuple(sorted({canonicalize_name(e) for e in requirement.extras})),
            marker=requirement.marker,
        )
        edge = pins.edge(dependency, None if requirement.url else requirement.specifier)
        if pins.get(edge.name) and edge not in edges:
            edges.append(edge)
    return tuple(edges)


def _artifacts(
    files: list[Table], path: str, source: Source
) -> tuple[Artifact | None, tuple[Artifact, ...]]:
    sdists: list[Artifact] = []
    wheels: list[Artifact] = []
    for index, entry in enumerate(files):
        where = item(path, index)
        url = get_str(entry, "url", where)
        filename = file_name_of_url(url) if url is not None else require_str(entry, "file", where)
        kind = artifact_kind(filename)
        if kind is None:
            continue
        file_path = None
        # A url or path package has one file: the one the source names.
        if isinstance(source, UrlSource):
            if file_name_of_url(source.url) != filename:
                continue
            url = source.url
        elif isinstance(source, PathSource):
            if file_name_of_path(source.path) != filename:
                continue
            url, file_path = None, source.path
        elif not isinstance(source, RegistrySource):
            continue
        hash_text = get_str(entry, "hash", where)
        artifact = Artifact(
            kind=kind,
            filename=filename,
            url=url,
            path=file_path,
            hash=parse_hash(hash_text, key_path(where, "hash")) if hash_text else None,
        )
        (wheels if kind is ArtifactKind.WHEEL else sdists).append(artifact)
    sdists.sort(key=lambda a: not a.filename.endswith(".tar.gz"))
    return (sdists[0] if sdists else None), tuple(wheels)
