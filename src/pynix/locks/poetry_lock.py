"""``poetry.lock``: Poetry's lock file, lock-version 1.1, 2.0 and 2.1, read into a :class:`LockSet`.

Poetry writes (https://python-poetry.org/docs/basic-usage/#committing-your-poetrylock-file-to-version-control):

* ``[metadata]``: ``lock-version``, ``python-versions`` (the project's
  Python constraint, in Poetry's syntax), ``content-hash``; lock-version 1.1
  also ``[metadata.files]``: for each package name, the list of
  ``{ file, hash }`` of *every* version of that name in the lock.
* ``[[package]]``: ``name``, ``version``, ``optional``, ``python-versions``,
  ``files`` (2.x: this pin's ``{ file, hash }``), ``[package.dependencies]``
  (name -> a constraint string, a table with ``version``/``markers``/
  ``extras``/``optional``, or a list of those), ``[package.extras]`` (extra ->
  PEP 508-ish strings), ``[package.source]`` (``type`` = ``git``,
  ``directory``, ``file``, ``url`` or ``legacy`` for a private index), and
  in 2.1 ``groups`` and ``markers`` (where the pin is installed: one string,
  or a table with one marker per group).

Poetry records file names and hashes but no URLs. For packages from PyPI
(no ``[package.source]``) each file gets PyPI's stable URL (see
:mod:`pynix.locks._files`); files of a ``legacy`` index get ``url=None``,
for the index client to look up.

What the model cannot hold: ``groups`` (which dependency groups need a pin),
``optional``, ``content-hash`` and the top-level ``[extras]`` table are
checked for shape and dropped; the project file says what is wanted.
A table of per-group ``markers`` becomes their OR.

Traps:

* ``python-versions`` uses Poetry's constraint syntax (``^3.8``, ``~2.7``,
  ``>=2.7 || >=3.4``). Values that are valid PEP 440 are kept; the others
  give ``requires_python=None`` (pynix has no Poetry constraint translator
  yet), so nothing is wrongly excluded.
* Lock-version 1.1 lumps the files of all versions of a name together; files
  are kept only when their name says the pin's version.
* Old releases list ``.egg``/``.exe`` files: skipped. Of several sdists
  (``.tar.gz`` and ``.zip``) the ``.tar.gz`` is kept.
* Dependencies on names that are not locked are dropped: Poetry keeps the
  entry of ``importlib-metadata; python_version < "3.8"`` but locks nothing
  for it when the project needs Python 3.9. Extras with such dependencies
  are dropped too: nothing asked for them, so they cannot be installed.
* ``optional = true`` dependencies are not edges of the package itself; they
  are reached through ``[package.extras]``, which take their markers from the
  dependency table.
* A dependency on a name locked several times names a version range; when
  that range is PEP 440 and picks exactly one pin, the edge records it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from packaging.markers import Marker
from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.utils import NormalizedName, canonicalize_name
from packaging.version import Version

from pynix._gc import paused_gc
from pynix.errors import Location, PynixError, Unsupported
from pynix.locks._common import (
    Pins,
    check_duplicates,
    check_version,
    or_markers,
    parse_hash,
    parse_marker,
    parse_name,
    parse_pep508,
)
from pynix.locks._files import (
    PYPI_SIMPLE,
    artifact_kind,
    file_name_of_path,
    file_name_of_url,
    file_version,
    pypi_file_url,
)
from pynix.locks._toml import (
    Table,
    expected,
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

__all__ = ["read_poetry_lock"]

LOCK_VERSIONS = ("1.1", "2.0", "2.1")
_SOURCE_TYPES = ("git", "directory", "file", "url", "legacy")
# Poetry's own fallback for extras that are not PEP 508: ``name[extras] (constraint)``.
_LOOSE_REQUIREMENT = re.compile(
    r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[([^\]]*)\])?\s*(?:\(.*\))?\s*$"
)


def read_poetry_lock(text: str) -> LockSet:
    """Read a ``poetry.lock`` (lock-version 1.1, 2.0 or 2.1).

    Raises :class:`~pynix.errors.InvalidLock` with the dotted key path of the
    bad value (``package[3].files[0].hash``) or the line of a TOML syntax
    error; :class:`~pynix.errors.Unsupported` for source types other than
    git, directory, file, url and legacy, and hashes other than sha256.

    >>> lock = read_poetry_lock(
    ...     '''
    ... [[package]]
    ... name = "idna"
    ... version = "3.7"
    ... optional = false
    ... python-versions = ">=3.5"
    ... files = [{ file = "idna-3.7.tar.gz", hash = "sha256:%s" }]
    ... [metadata]
    ... lock-version = "2.0"
    ... python-versions = "^3.11"
    ... content-hash = "0"
    ... '''
    ...     % ("12" * 32)
    ... )
    >>> lock.packages[0].sdist.url
    'https://files.pythonhosted.org/packages/source/i/idna/idna-3.7.tar.gz'
    >>> lock.requires_python is None
    True
    """
    with paused_gc():  # a lock is a large acyclic value: see pynix._gc
        return _read(text)


def _read(text: str) -> LockSet:
    data = load_toml(text)
    metadata = get_table(data, "metadata", "")
    if metadata is None:
        raise fail("metadata", "required key is missing")
    lock_version = require_str(metadata, "lock-version", "metadata")
    if lock_version not in LOCK_VERSIONS:
        raise fail(
            "metadata.lock-version",
            f"unsupported lock version {lock_version!r} (pynix reads 1.1, 2.0 and 2.1)",
        )
    get_str(metadata, "content-hash", "metadata")
    old_files = _old_files(metadata)

    tables = get_table_list(data, "package", "")
    heads = [_head(table, item("package", i)) for i, table in enumerate(tables)]
    check_duplicates(heads)
    pins = Pins(package for _, package in heads)
    packages = tuple(
        _package(table, path, head, pins, old_files)
        for table, (path, head) in zip(tables, heads, strict=True)
    )
    return LockSet(
        format=LockFormat.POETRY,
        packages=packages,
        requires_python=_python_versions(metadata, "metadata"),
    )


def _python_versions(table: Table, path: str) -> SpecifierSet | None:
    text = get_str(table, "python-versions", path)
    if text is None or text.strip() in ("", "*"):
        return None
    try:
        return SpecifierSet(text)
    except InvalidSpecifier:
        return None


def _old_files(metadata: Table) -> dict[str, tuple[str, list[Table]]]:
    """``[metadata.files]`` by normalized name: (key path, entries)."""
    files = get_table(metadata, "files", "metadata") or {}
    result: dict[str, tuple[str, list[Table]]] = {}
    for name in files:
        entries = get_table_list(files, name, "metadata.files")
        path = key_path("metadata.files", name)
        result[canonicalize_name(name)] = (path, entries)
    return result


def _head(table: Table, path: str) -> tuple[str, LockedPackage]:
    """Name, version and source of one entry."""
    name = parse_name(require_str(table, "name", path), key_path(path, "name"))
    version = check_version(require_str(table, "version", path), key_path(path, "version"))
    source_path = key_path(path, "source")
    source_table = get_table(table, "source", path)
    source: Source
    if source_table is None:
        source = RegistrySource(url=PYPI_SIMPLE)
    else:
        source = _source(source_table, source_path, develop=get_bool(table, "develop", path))
    return path, LockedPackage(name=name, version=version, source=source)


def _source(table: Table, path: str, *, develop: bool | None) -> Source:
    kind = require_str(table, "type", path)
    if kind not in _SOURCE_TYPES:
        raise Unsupported(
            f"source type {kind!r} is not supported (expected {', '.join(_SOURCE_TYPES)})",
            location=Location(key=key_path(path, "type")),
        )
    url = require_str(table, "url", path)
    reference = get_str(table, "reference", path)
    subdirectory = get_str(table, "subdirectory", path)
    if kind == "git":
        resolved = get_str(table, "resolved_reference", path)
        return GitSource(url=url, rev=reference, commit=resolved, subdirectory=subdirectory)
    if kind == "directory":
        return PathSource(path=url, editable=bool(develop))
    if kind == "file":
        return PathSource(path=url)
    if kind == "url":
        return UrlSource(url=url, subdirectory=subdirectory)
    return RegistrySource(url=url, name=reference)


def _package(
    table: Table,
    path: str,
    head: LockedPackage,
    pins: Pins,
    old_files: dict[str, tuple[str, list[Table]]],
) -> LockedPackage:
    get_bool(table, "optional", path)
    get_str_list(table, "groups", path)
    if "files" in table:
        files_path, files = key_path(path, "files"), get_table_list(table, "files", path)
    else:
        files_path, files = old_files.get(head.name, ("", []))
    sdist, wheels = _artifacts(files, files_path, head)
    plain, optional = _dependencies(table, path, pins)
    return LockedPackage(
        name=head.name,
        version=head.version,
        source=head.source,
        sdist=sdist,
        wheels=wheels,
        dependencies=plain,
        optional_dependencies=_extras(table, path, optional, pins),
        requires_python=_python_versions(table, path),
        marker=_markers(table, path),
        location=Location(key=path),
    )


def _markers(table: Table, path: str) -> Marker | None:
    value = table.get("markers")
    where = key_path(path, "markers")
    if value is None:
        return None
    if isinstance(value, str):
        return parse_marker(value, where)
    by_group = get_table(table, "markers", path) or {}
    markers = []
    for group in sorted(by_group):
        text = get_str(by_group, group, where)
        if text is None:  # pragma: no cover - TOML has no null
            continue
        markers.append(parse_marker(text, key_path(where, group)))
    return or_markers(markers)


def _artifacts(
    files: list[Table], path: str, head: LockedPackage
) -> tuple[Artifact | None, tuple[Artifact, ...]]:
    sdists: list[Artifact] = []
    wheels: list[Artifact] = []
    version = Version(head.version or "0")
    for index, entry in enumerate(files):
        where = item(path, index)
        filename = require_str(entry, "file", where)
        kind = artifact_kind(filename)
        if kind is None or file_version(filename) not in (None, version):
            continue
        location = _location(entry, where, filename, head.source)
        if location is None:
            continue
        url, file_path = location
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


def _location(
    entry: Table, path: str, filename: str, source: Source
) -> tuple[str | None, str | None] | None:
    """``(url, path)`` of one listed file, or ``None`` when it is not this pin's file."""
    url = get_str(entry, "url", path)
    if isinstance(source, UrlSource):
        return (source.url, None) if file_name_of_url(source.url) == filename else None
    if isinstance(source, PathSource):
        return (None, source.path) if file_name_of_path(source.path) == filename else None
    if not isinstance(source, RegistrySource):
        return None
    if url is not None:
        return url, None
    if source.url == PYPI_SIMPLE:
        return pypi_file_url(filename), None
    return None, None


def _dependencies(
    table: Table, path: str, pins: Pins
) -> tuple[tuple[LockedDependency, ...], dict[str, list[LockedDependency]]]:
    """The package's own edges, and its optional ones by name (reached through extras)."""
    dependencies = get_table(table, "dependencies", path) or {}
    where = key_path(path, "dependencies")
    plain: list[LockedDependency] = []
    optional: dict[str, list[LockedDependency]] = {}
    for raw_name in dependencies:
        name_path = key_path(where, raw_name)
        name = parse_name(raw_name, name_path)
        value = dependencies[raw_name]
        constraints = value if isinstance(value, list) else [value]
        for index, constraint in enumerate(constraints):
            entry_path = item(name_path, index) if isinstance(value, list) else name_path
            edge, is_optional = _edge(name, constraint, entry_path, pins)
            target = optional.setdefault(name, []) if is_optional else plain
            if pins.get(name) and edge not in target:
                target.append(edge)
    return tuple(plain), optional


def _edge(
    name: NormalizedName, constraint: object, path: str, pins: Pins
) -> tuple[LockedDependency, bool]:
    if isinstance(constraint, str):
        return pins.edge(LockedDependency(name=name), _specifier(constraint)), False
    if not isinstance(constraint, dict):
        raise expected(path, "a string or a table", constraint)
    marker_text = get_str(constraint, "markers", path)
    extras_path = key_path(path, "extras")
    extras = tuple(
        sorted(
            {
                parse_name(e, item(extras_path, i))
                for i, e in enumerate(get_str_list(constraint, "extras", path))
            }
        )
    )
    dependency = LockedDependency(
        name=name,
        extras=extras,
        marker=parse_marker(marker_text, key_path(path, "markers")) if marker_text else None,
    )
    version = get_str(constraint, "version", path)
    edge = pins.edge(dependency, _specifier(version) if version is not None else None)
    return edge, bool(get_bool(constraint, "optional", path))


def _specifier(constraint: str) -> SpecifierSet | None:
    """A Poetry constraint as PEP 440, when it is written in the common subset."""
    try:
        return SpecifierSet(constraint.replace(" ", ""))
    except InvalidSpecifier:
        return None


def _extras(
    table: Table, path: str, optional: dict[str, list[LockedDependency]], pins: Pins
) -> Mapping[NormalizedName, tuple[LockedDependency, ...]]:
    extras = get_table(table, "extras", path) or {}
    where = key_path(path, "extras")
    result: dict[NormalizedName, tuple[LockedDependency, ...]] = {}
    for extra in sorted(extras):
        extra_path = key_path(where, extra)
        edges: list[LockedDependency] = []
        for index, text in enumerate(get_str_list(extras, extra, where)):
            for edge in _extra_edges(text, item(extra_path, index), optional):
                if edge not in edges:
                    edges.append(edge)
        name = parse_name(extra, extra_path)
        # An extra nothing asks for has its dependencies unlocked: it cannot be used.
        if all(pins.get(edge.name) for edge in edges):
            result[name] = result.get(name, ()) + tuple(edges)
    return frozen_mapping(result)


def _extra_edges(
    text: str, path: str, optional: dict[str, list[LockedDependency]]
) -> Iterable[LockedDependency]:
    try:
        requirement = parse_pep508(text, path)
    except PynixError:
        match = _LOOSE_REQUIREMENT.match(text)
        if match is None:
            raise
        name, extras, marker = match[1], (match[2] or ""), None
        extra_names = [e.strip() for e in extras.split(",") if e.strip()]
    else:
        name, extra_names, marker = requirement.name, sorted(requirement.extras), requirement.marker
    normalized = canonicalize_name(name)
    if normalized in optional:
        return optional[normalized]
    return [
        LockedDependency(
            name=normalized,
            extras=tuple(sorted({canonicalize_name(e) for e in extra_names})),
            marker=marker,
        )
    ]
