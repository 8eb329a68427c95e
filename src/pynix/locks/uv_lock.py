"""``uv.lock``: uv's universal lock file, version 1 (every revision), read into a :class:`LockSet`.

uv resolves once for every platform and Python version and records the
result as TOML (https://docs.astral.sh/uv/concepts/projects/layout/#the-lockfile):

* ``version = 1`` (``revision`` counts additive changes and is not checked),
  ``requires-python``, ``resolution-markers`` (the forks, e.g. one per
  platform when a package is pinned differently on each) and
  ``supported-markers``; ``[manifest] members`` names the workspace members.
* ``[[package]]``: ``name``, ``version`` (absent for a member whose version
  is dynamic), ``source`` -- one of ``registry`` (an index URL or a local
  find-links directory), ``git`` (``<repo>?rev=...#<commit>``), ``url``
  (+ ``subdirectory``), ``path`` (an archive), ``directory``, ``editable``,
  ``virtual`` -- ``resolution-markers`` (the forks this pin belongs to),
  ``dependencies``, ``[package.optional-dependencies]``,
  ``[package.dev-dependencies]`` (the dependency groups), ``sdist`` and
  ``wheels`` (``url`` or ``path`` or ``filename``, ``hash``, ``size``), and
  ``[package.metadata]`` (what a local project declared).

What comes out: :attr:`LockSet.environments` are the lock's
``resolution-markers`` (or its ``supported-markers`` when it did not fork);
a pin's :attr:`~LockedPackage.marker` is the OR of its own
``resolution-markers``; :attr:`LockSet.roots` are the workspace members and
every ``editable``/``virtual`` entry.

Traps:

* A dependency names its target by ``name`` alone unless the name is locked
  several times; then ``version`` (and, if that is not enough, ``source``)
  say which pin. Such edges get :attr:`LockedDependency.version` set.
* Markers are written "simplified": parts implied by ``requires-python`` are
  left out. They are kept as written; they hold within ``requires-python``.
* Files of a local ``registry`` (``--find-links ./wheels``) are relative to
  that directory, and have no hash; a ``url`` or ``path`` source's own file
  is recorded by ``hash`` alone (its location is the source).
* Cycles (``sphinx`` <-> ``sphinxcontrib-applehelp``) are legal and kept.
* ``[package.metadata]`` of a root lists its extras (``provides-extras``)
  and groups (``requires-dev``) even when they lock nothing: those become
  empty entries so that asking for them is not an error later. Its
  ``requires-dist`` (the declared ranges) is not kept: the project file
  has it.
* A ``git``, ``directory``, ``editable`` or ``virtual`` package is built from
  its source; an ``sdist`` or ``wheels`` on it is refused as contradictory.
* Not read (they do not change what is installed): ``[options]``,
  ``conflicts``, ``required-markers``, and the ``[manifest]`` requirements,
  constraints, overrides and dependency groups of a workspace without a
  root project.

>>> lock = read_uv_lock('''
... version = 1
... requires-python = ">=3.11"
... [[package]]
... name = "demo"
... version = "0.1.0"
... source = { editable = "." }
... dependencies = [{ name = "idna" }]
... [[package]]
... name = "idna"
... version = "3.10"
... source = { registry = "https://pypi.org/simple" }
... ''')
>>> lock.roots, [(p.name, p.version) for p in lock.packages]
(('demo',), [('demo', '0.1.0'), ('idna', '3.10')])
"""

from __future__ import annotations

import dataclasses
import posixpath
import re
from urllib.parse import parse_qsl, urlsplit, urlunsplit

from packaging.markers import Marker
from packaging.utils import NormalizedName

from pynix._gc import paused_gc
from pynix.errors import Location, PynixError, Unsupported
from pynix.locks._common import (
    check_duplicates,
    check_version,
    or_markers,
    parse_marker,
    parse_name,
    parse_specifiers,
)
from pynix.locks._files import artifact_kind, file_name_of_path, file_name_of_url
from pynix.locks._toml import (
    Table,
    fail,
    get_int,
    get_str,
    get_str_list,
    get_table,
    get_table_list,
    item,
    key_path,
    load_toml,
    require_str,
)
from pynix.locks.hashes import to_sri
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

__all__ = ["read_uv_lock"]

_SOURCE_KINDS = ("registry", "git", "url", "path", "directory", "editable", "virtual")
_COMMIT = re.compile(r"^(?:[0-9a-f]{40}|[0-9a-f]{64})$")


@dataclasses.dataclass(frozen=True, slots=True)
class _Entry:
    """One ``[[package]]`` table with the identity read in the first pass."""

    path: str
    table: Table
    name: NormalizedName
    version: str | None
    source: Source
    registry_dir: str | None


def read_uv_lock(text: str) -> LockSet:
    """Read a ``uv.lock`` (version 1, any revision).

    Raises :class:`~pynix.errors.InvalidLock` with the dotted key path of the
    bad value (``package[3].wheels[0].hash``), or with the line of a TOML
    syntax error; :class:`~pynix.errors.Unsupported` for hashes other than
    sha256 and git LFS sources.
    """
    with paused_gc():  # a lock is a large acyclic value: see pynix._gc
        return _read(text)


def _read(text: str) -> LockSet:
    data = load_toml(text)
    version = get_int(data, "version", "")
    if version is None:
        raise fail("version", "required key is missing")
    if version != 1:
        raise fail("version", f"unsupported lock version {version} (pynix reads version 1)")
    get_int(data, "revision", "")
    requires_python = get_str(data, "requires-python", "")
    forks = _markers(data, "resolution-markers", "")
    supported = _markers(data, "supported-markers", "")

    key = "package" if "package" in data or "distribution" not in data else "distribution"
    entries = [
        _identity(table, item(key, i)) for i, table in enumerate(get_table_list(data, key, ""))
    ]
    check_duplicates(
        (e.path, LockedPackage(name=e.name, version=e.version, source=e.source)) for e in entries
    )
    pins: dict[str, list[_Entry]] = {}
    for entry in entries:
        pins.setdefault(entry.name, []).append(entry)

    roots = {
        e.name
        for e in entries
        if isinstance(e.source, PathSource) and (e.source.editable or e.source.virtual)
    }
    manifest = get_table(data, "manifest", "") or {}
    for index, member in enumerate(get_str_list(manifest, "members", "manifest")):
        where = item("manifest.members", index)
        name = parse_name(member, where)
        if name not in pins:
            raise fail(where, f"workspace member {name!r} is not locked")
        roots.add(name)

    return LockSet(
        format=LockFormat.UV,
        packages=tuple(_package(entry, pins, root=entry.name in roots) for entry in entries),
        requires_python=(
            parse_specifiers(requires_python, "requires-python") if requires_python else None
        ),
        environments=tuple(forks or supported),
        roots=tuple(sorted(roots)),
    )


def _markers(table: Table, key: str, path: str) -> list[Marker]:
    where = key_path(path, key)
    return [
        parse_marker(text, item(where, i)) for i, text in enumerate(get_str_list(table, key, path))
    ]


def _identity(table: Table, path: str) -> _Entry:
    name = parse_name(require_str(table, "name", path), key_path(path, "name"))
    version = get_str(table, "version", path)
    if version is not None:
        check_version(version, key_path(path, "version"))
    source_table = get_table(table, "source", path)
    if source_table is None:
        raise fail(key_path(path, "source"), "required key is missing")
    source, registry_dir = _source(source_table, key_path(path, "source"))
    return _Entry(path, table, name, version, source, registry_dir)


def _source(table: Table, path: str) -> tuple[Source, str | None]:
    """The source and, for a local find-links registry, its directory."""
    kinds = [kind for kind in _SOURCE_KINDS if kind in table]
    if len(kinds) != 1:
        found = "none" if not kinds else " and ".join(kinds)
        raise fail(path, f"expected one of {', '.join(_SOURCE_KINDS)}; found {found}")
    (kind,) = kinds
    value = require_str(table, kind, path)
    if kind == "registry":
        return RegistrySource(url=value), (None if "://" in value else value)
    if kind == "git":
        return _git(value, key_path(path, "git")), None
    if kind == "url":
        return UrlSource(url=value, subdirectory=get_str(table, "subdirectory", path)), None
    return (
        PathSource(path=value, editable=kind == "editable", virtual=kind == "virtual"),
        None,
    )


def _git(text: str, path: str) -> GitSource:
    base, _, commit = text.partition("#")
    if not _COMMIT.match(commit.lower()):
        raise fail(path, f"expected '<repository>?<ref>#<full commit hash>', found {text!r}")
    parts = urlsplit(base)
    query = dict(parse_qsl(parts.query, keep_blank_values=True))
    if query.get("lfs", "").lower() == "true":
        raise Unsupported(
            "git sources with LFS files are not supported", location=Location(key=path)
        )
    return GitSource(
        url=urlunsplit(parts._replace(query="")),
        rev=query.get("rev"),
        tag=query.get("tag"),
        branch=query.get("branch"),
        commit=commit.lower(),
        subdirectory=query.get("subdirectory"),
    )


def _package(entry: _Entry, pins: dict[str, list[_Entry]], *, root: bool) -> LockedPackage:
    table, path = entry.table, entry.path
    optional = _groups(table, "optional-dependencies", path, pins)
    groups = _groups(
        table,
        "dev-dependencies" if "dev-dependencies" in table else "dependency-groups",
        path,
        pins,
    )
    metadata = get_table(table, "metadata", path) or {}
    where = key_path(path, "metadata")
    if root:
        for index, extra in enumerate(get_str_list(metadata, "provides-extras", where)):
            optional.setdefault(
                parse_name(extra, item(key_path(where, "provides-extras"), index)), ()
            )
        requires_dev = get_table(metadata, "requires-dev", where) or {}
        for group in requires_dev:
            groups.setdefault(
                parse_name(group, key_path(key_path(where, "requires-dev"), group)), ()
            )
    sdist_table = get_table(table, "sdist", path)
    return LockedPackage(
        name=entry.name,
        version=entry.version,
        source=entry.source,
        sdist=(
            _artifact(sdist_table, key_path(path, "sdist"), ArtifactKind.SDIST, entry)
            if sdist_table is not None
            else None
        ),
        wheels=tuple(
            _artifact(wheel, item(key_path(path, "wheels"), i), ArtifactKind.WHEEL, entry)
            for i, wheel in enumerate(get_table_list(table, "wheels", path))
        ),
        dependencies=_edges(table, "dependencies", path, pins),
        optional_dependencies=frozen_mapping(dict(sorted(optional.items()))),
        dependency_groups=frozen_mapping(dict(sorted(groups.items()))),
        marker=or_markers(_markers(table, "resolution-markers", path)),
        location=Location(key=path),
    )


def _groups(
    table: Table, key: str, path: str, pins: dict[str, list[_Entry]]
) -> dict[NormalizedName, tuple[LockedDependency, ...]]:
    groups = get_table(table, key, path) or {}
    where = key_path(path, key)
    result: dict[NormalizedName, tuple[LockedDependency, ...]] = {}
    for group in groups:
        name = parse_name(group, key_path(where, group))
        result[name] = result.get(name, ()) + _edges(groups, group, where, pins)
    return result


def _edges(
    table: Table, key: str, path: str, pins: dict[str, list[_Entry]]
) -> tuple[LockedDependency, ...]:
    where = key_path(path, key)
    return tuple(
        _edge(dep, item(where, i), pins) for i, dep in enumerate(get_table_list(table, key, path))
    )


def _edge(table: Table, path: str, pins: dict[str, list[_Entry]]) -> LockedDependency:
    name = parse_name(require_str(table, "name", path), key_path(path, "name"))
    candidates = pins.get(name, [])
    if not candidates:
        raise fail(key_path(path, "name"), f"{name!r} is not locked")
    version = get_str(table, "version", path)
    source_table = get_table(table, "source", path)
    source = (
        _source(source_table, key_path(path, "source"))[0] if source_table is not None else None
    )
    matching = [
        c
        for c in candidates
        if (version is None or c.version == version) and (source is None or c.source == source)
    ]
    if not matching:
        raise fail(path, f"no locked {name} matches this dependency's version and source")
    if len(matching) > 1:
        raise fail(path, f"{name} is locked {len(candidates)} times; the dependency must say which")
    extras_path = key_path(path, "extra")
    extras = tuple(
        sorted(
            {
                parse_name(e, item(extras_path, i))
                for i, e in enumerate(get_str_list(table, "extra", path))
            }
        )
    )
    marker_text = get_str(table, "marker", path)
    marker = (
        parse_marker(marker_text, key_path(path, "marker")) if marker_text is not None else None
    )
    if len(candidates) == 1:
        return LockedDependency(name=name, extras=extras, marker=marker)
    pin = matching[0]
    same_version = sum(c.version == pin.version for c in candidates)
    return LockedDependency(
        name=name,
        extras=extras,
        marker=marker,
        version=pin.version,
        source=pin.source if same_version > 1 else None,
    )


def _artifact(table: Table, path: str, kind: ArtifactKind, entry: _Entry) -> Artifact:
    source = entry.source
    if isinstance(source, GitSource) or (isinstance(source, PathSource) and _is_tree(entry)):
        raise fail(path, "a package built from a git or directory source has no sdist or wheels")
    url = get_str(table, "url", path)
    file_path = get_str(table, "path", path)
    hash_text = get_str(table, "hash", path)
    size = get_int(table, "size", path)
    if size is not None and size < 0:
        raise fail(key_path(path, "size"), f"expected a size in bytes, found {size}")
    if isinstance(source, UrlSource | PathSource):
        url, file_path, filename = _own_file(table, path, source, url, file_path)
    elif url is not None:
        filename = file_name_of_url(url)
    elif file_path is not None:
        filename = file_name_of_path(file_path)
        if entry.registry_dir is not None:
            file_path = posixpath.join(entry.registry_dir, file_path)
    else:
        raise fail(path, "expected a url or a path")
    if artifact_kind(filename) is not kind:
        what = "a wheel" if kind is ArtifactKind.WHEEL else "an sdist"
        raise fail(path, f"not {what} file name: {filename!r}")
    return Artifact(
        kind=kind,
        filename=filename,
        url=url,
        path=file_path,
        hash=_hash(hash_text, path) if hash_text is not None else None,
        size=size,
    )


def _hash(text: str, path: str) -> str:
    try:
        return to_sri(text)
    except PynixError as exc:  # the key path is made only for the message: once per file
        raise exc.at(key=key_path(path, "hash")) from None


def _own_file(
    table: Table, path: str, source: UrlSource | PathSource, url: str | None, file_path: str | None
) -> tuple[str | None, str | None, str]:
    """``(url, path, file name)`` of a ``url`` or ``path`` package's one file: the source itself.

    uv repeats the source's URL on such a file, or gives only its ``filename``
    and ``hash``; a different location would contradict the source.
    """
    if isinstance(source, UrlSource):
        own, given, other, filename = source.url, url, file_path, file_name_of_url(source.url)
    else:
        own, given, other, filename = source.path, file_path, url, file_name_of_path(source.path)
    if other is not None or given not in (None, own):
        raise fail(path, f"expected the source's own file {own!r}, found {(given or other)!r}")
    named = get_str(table, "filename", path)
    if named is not None and named != filename:
        raise fail(key_path(path, "filename"), f"expected {filename!r}, found {named!r}")
    if isinstance(source, UrlSource):
        return own, None, filename
    return None, own, filename


def _is_tree(entry: _Entry) -> bool:
    """True for ``directory``/``editable``/``virtual`` sources, false for a ``path`` archive."""
    kind = next(k for k in _SOURCE_KINDS if k in entry.table["source"])
    return kind in ("directory", "editable", "virtual")
