"""``pylock.toml`` (PEP 751): read into a :class:`LockSet`, and write one from any lock.

PEP 751 (https://packaging.python.org/en/latest/specifications/pylock-toml/)
is the standard lock format: ``lock-version = "1.0"``, ``created-by``,
``environments``, ``requires-python``, and ``[[packages]]`` with ``name``,
``version``, ``marker``, ``requires-python``, ``index``, and exactly one
source: ``vcs``, ``directory``, ``archive``, or ``sdist``/``wheels`` (each
file with ``url`` or ``path``, ``size`` and ``hashes``). Reading goes
through :meth:`packaging.pylock.Pylock.from_dict`, whose dotted key paths
(``packages[0].wheels[2].hashes``) become the error's location.

PEP 751 has no dependency graph an installer may use: a package's
``marker`` alone says whether it is installed. Its optional ``dependencies``
array only identifies the target pins (``{ name, version }``). pynix writes
that array, and keeps what the model has beyond it in tool tables, which
other tools ignore: ``[packages.tool.pynix]`` with the edges (markers,
extras, versions), optional dependencies, dependency groups, the pin's own
marker and what the standard keys lose of a source (see
:mod:`pynix.locks._pynix_tool`), and ``[tool.pynix] roots``.

Reading a file pynix wrote gives back the same :class:`LockSet`, except
``format`` (``pylock.toml``), ``source_file``, the order of ``packages``
(sorted by name and version), ``build_system`` (not written), and
``virtual`` packages, which are not written (there is nothing to install).
Reading another tool's file, edges come from the standard ``dependencies``
array, without markers or extras.

Written markers: when the lock has ``roots``, each package's ``marker`` is
where it is *reachable* from them (see :mod:`pynix.locks._reach`), with
``'<extra>' in extras`` and ``'<group>' in dependency_groups`` for the
roots' extras and groups, listed in the top-level ``extras`` and
``dependency-groups``; ``default-groups`` is not written. Without roots
(poetry.lock, pdm.lock) the pins' own markers are written. Either way a
metadata-style ``extra == "docs"`` (Poetry) or uv's encoded conflict
``extra == "extra-7-project-cpu"`` becomes ``"docs" in extras`` /
``"cpu" in extras``, since a lock file has no ``extra`` variable.

Traps:

* A file must have a ``url`` or a ``path`` and a hash: locks that record
  neither (a Poetry private index, a uv ``--find-links`` directory) cannot be
  written until the index client has filled them in (:class:`Unsupported`).
  An ``archive`` holds exactly one file; ``vcs`` and ``directory`` none.
* Every document written is checked with ``packaging.pylock`` before it is
  returned (file names must match the package name and version, say); what
  it refuses is :class:`Unsupported`, never an invalid file.
* ``index`` is only a SHOULD: without it, files on ``files.pythonhosted.org``
  mean PyPI, other files' index is taken to be their URL's directory (as uv
  does) or their path's directory.
* Only ``sha256`` hashes are used; a file with none is refused.
"""

from __future__ import annotations

import dataclasses
import posixpath
import re
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import tomli_w
from packaging.markers import Marker
from packaging.pylock import (
    Package,
    PackageArchive,
    PackageSdist,
    PackageWheel,
    Pylock,
    PylockUnsupportedVersionError,
    PylockValidationError,
)
from packaging.specifiers import SpecifierSet
from packaging.version import Version

from pynix._gc import paused_gc
from pynix.errors import Location, Unsupported
from pynix.locks._common import check_duplicates, parse_hash, parse_marker, parse_name
from pynix.locks._files import PYPI_FILES, PYPI_SIMPLE, artifact_kind
from pynix.locks._pynix_tool import (
    edge_groups_from_toml,
    edges_from_toml,
    source_from_toml,
    tool_table,
)
from pynix.locks._reach import reachable_markers
from pynix.locks._toml import (
    Table,
    fail,
    get_str,
    get_str_list,
    get_table,
    get_table_list,
    item,
    key_path,
    load_toml,
    require_str,
)
from pynix.locks.hashes import sri_to_hex
from pynix.model.lock import (
    Artifact,
    ArtifactKind,
    LockedDependency,
    LockedPackage,
    LockFormat,
    LockSet,
)
from pynix.model.source import (
    GitSource,
    PathSource,
    RegistrySource,
    Source,
    UrlSource,
    WorkspaceSource,
)

__all__ = ["read_pylock", "write_pylock"]


# --------------------------------------------------------------------------- reading


def read_pylock(text: str) -> LockSet:
    """Read a ``pylock.toml`` (lock-version 1.x).

    Raises :class:`~pynix.errors.InvalidLock` located at the dotted key path
    ``packaging.pylock`` reports, or at the line of a TOML syntax error;
    :class:`~pynix.errors.Unsupported` for non-git VCS sources and files
    without a sha256 hash.

    >>> lock = read_pylock(
    ...     '''
    ... lock-version = "1.0"
    ... created-by = "example"
    ... [[packages]]
    ... name = "idna"
    ... version = "3.10"
    ... index = "https://pypi.org/simple"
    ... sdist = { url = "https://example.org/idna-3.10.tar.gz", hashes = { sha256 = "%s" } }
    ... '''
    ...     % ("ab" * 32)
    ... )
    >>> lock.packages[0].sdist.hash
    'sha256-q6urq6urq6urq6urq6urq6urq6urq6urq6urq6urq6s='
    """
    with paused_gc():  # a lock is a large acyclic value: see pynix._gc
        return _read(text)


def _read(text: str) -> LockSet:
    data = load_toml(text)
    try:
        pylock = Pylock.from_dict(data)
    except PylockUnsupportedVersionError:
        raise fail(
            "lock-version",
            f"unsupported lock version {data.get('lock-version')!r} (pynix reads 1.x)",
        ) from None
    except PylockValidationError as exc:
        raise fail(exc.context or "", _first_line(exc.message)) from None
    raws: list[Table] = data["packages"]
    heads = [
        _head(package, raw, item("packages", i))
        for i, (package, raw) in enumerate(zip(pylock.packages, raws, strict=True))
    ]
    check_duplicates((item("packages", i), head) for i, head in enumerate(heads))
    counts: dict[str, int] = {}
    for head in heads:
        counts[head.name] = counts.get(head.name, 0) + 1
    packages = tuple(
        _package(head, raw, item("packages", i), counts)
        for i, (head, raw) in enumerate(zip(heads, raws, strict=True))
    )
    tool = _pynix_table(data, "")
    roots_path = key_path("tool.pynix", "roots")
    return LockSet(
        format=LockFormat.PYLOCK,
        packages=packages,
        requires_python=_specifiers(pylock.requires_python),
        environments=tuple(pylock.environments or ()),
        # A set of names, as the writer and the uv reader give it: sorted, each once.
        roots=tuple(
            sorted(
                {
                    parse_name(r, item(roots_path, i))
                    for i, r in enumerate(get_str_list(tool, "roots", "tool.pynix"))
                }
            )
        ),
    )


def _specifiers(specifiers: SpecifierSet | None) -> SpecifierSet | None:
    """``None`` for an absent or empty ``requires-python``: both mean any Python."""
    return specifiers if specifiers is not None and str(specifiers) else None


def _tool_path(path: str) -> str:
    return key_path(key_path(path, "tool"), "pynix")


def _pynix_table(table: Table, path: str) -> Table:
    tool = get_table(table, "tool", path) or {}
    return get_table(tool, "pynix", key_path(path, "tool")) or {}


def _head(package: Package, raw: Table, path: str) -> LockedPackage:
    """Name, version, source, marker and files of one package."""
    artifacts: list[Artifact] = []
    source: Source
    if package.vcs is not None:
        vcs = package.vcs
        if vcs.type != "git":
            raise Unsupported(
                f"{vcs.type} sources are not supported (only git)",
                location=Location(key=key_path(key_path(path, "vcs"), "type")),
            )
        source = GitSource(
            url=vcs.url or vcs.path or "",
            rev=vcs.requested_revision,
            commit=vcs.commit_id,
            subdirectory=vcs.subdirectory,
        )
    elif package.directory is not None:
        directory = package.directory
        where = directory.path
        if directory.subdirectory:
            where = posixpath.join(where, directory.subdirectory)
        source = PathSource(path=where, editable=bool(directory.editable))
    elif package.archive is not None:
        source, archive = _archive(package.archive, key_path(path, "archive"))
        artifacts.append(archive)
    else:
        if package.sdist is not None:
            artifacts.append(_file(package.sdist, key_path(path, "sdist"), ArtifactKind.SDIST))
        for index, wheel in enumerate(package.wheels or ()):
            where = item(key_path(path, "wheels"), index)
            artifacts.append(_file(wheel, where, ArtifactKind.WHEEL))
        source = RegistrySource(url=package.index or _guess_index(artifacts))
    tool_source = _pynix_table(raw, path).get("source")
    if tool_source is not None:
        source = source_from_toml(tool_source, key_path(_tool_path(path), "source"))
    sdists = [a for a in artifacts if a.kind is ArtifactKind.SDIST]
    return LockedPackage(
        name=package.name,
        version=raw.get("version"),
        source=source,
        sdist=sdists[0] if sdists else None,
        wheels=tuple(a for a in artifacts if a.kind is ArtifactKind.WHEEL),
        requires_python=_specifiers(package.requires_python),
        marker=package.marker,
        location=Location(key=path),
    )


def _archive(archive: PackageArchive, path: str) -> tuple[Source, Artifact]:
    filename = posixpath.basename((archive.url or archive.path or "").split("?")[0])
    kind = artifact_kind(filename) or ArtifactKind.SDIST
    artifact = Artifact(
        kind=kind,
        filename=filename,
        url=archive.url,
        path=None if archive.url else archive.path,
        hash=_sha256(archive.hashes, key_path(path, "hashes")),
        size=archive.size,
    )
    if archive.url is not None:
        return UrlSource(url=archive.url, subdirectory=archive.subdirectory), artifact
    if archive.subdirectory:
        raise Unsupported(
            "a subdirectory of a local archive is not supported",
            location=Location(key=key_path(path, "subdirectory")),
        )
    return PathSource(path=archive.path or ""), artifact


def _file(file: PackageSdist | PackageWheel, path: str, kind: ArtifactKind) -> Artifact:
    return Artifact(
        kind=kind,
        filename=file.filename,
        url=file.url,
        path=file.path,
        hash=_sha256(file.hashes, key_path(path, "hashes")),
        size=file.size,
    )


def _sha256(hashes: Mapping[str, str], path: str) -> str:
    if "sha256" not in hashes:
        found = ", ".join(sorted(hashes))
        raise Unsupported(
            f"no sha256 hash (found {found}); pynix needs sha256", location=Location(key=path)
        )
    return parse_hash(f"sha256:{hashes['sha256']}", key_path(path, "sha256"))


def _guess_index(artifacts: Sequence[Artifact]) -> str:
    urls = [a.url for a in artifacts if a.url]
    if urls and all(url.startswith(PYPI_FILES) for url in urls):
        return PYPI_SIMPLE
    if urls:
        return urls[0].rpartition("/")[0]
    paths = [a.path for a in artifacts if a.path]
    return (posixpath.dirname(paths[0]) if paths else "") or "."


def _package(
    head: LockedPackage, raw: Table, path: str, counts: Mapping[str, int]
) -> LockedPackage:
    tool = _pynix_table(raw, path)
    where = _tool_path(path)
    if not tool:
        edges = tuple(
            _standard_edge(entry, item(key_path(path, "dependencies"), i), counts)
            for i, entry in enumerate(get_table_list(raw, "dependencies", path))
        )
        return dataclasses.replace(head, dependencies=edges)
    marker = head.marker
    if "marker" in tool:
        # The pin's own marker, kept when the written one is where it is reachable.
        text = require_str(tool, "marker", where)
        marker = parse_marker(text, key_path(where, "marker")) if text else None
    return dataclasses.replace(
        head,
        dependencies=edges_from_toml(tool.get("dependencies", []), key_path(where, "dependencies")),
        optional_dependencies=edge_groups_from_toml(tool, "optional-dependencies", where),
        dependency_groups=edge_groups_from_toml(tool, "dependency-groups", where),
        marker=marker,
    )


def _standard_edge(entry: Table, path: str, counts: Mapping[str, int]) -> LockedDependency:
    name = parse_name(require_str(entry, "name", path), key_path(path, "name"))
    version = get_str(entry, "version", path)
    return LockedDependency(name=name, version=version if counts.get(name, 0) > 1 else None)


# --------------------------------------------------------------------------- writing


def write_pylock(lock: LockSet, *, created_by: str = "pynix") -> str:
    """Write ``lock`` as a PEP 751 ``pylock.toml`` document; the same lock gives the same bytes.

    Raises :class:`~pynix.errors.Unsupported` when a file has no URL or path,
    or no hash, a git source has no resolved commit, or ``packaging.pylock``
    refuses the result (a file named for another package, say).

    >>> from pynix.model import RegistrySource
    >>> pin = LockedPackage(
    ...     name="idna",
    ...     version="3.10",
    ...     source=RegistrySource(url="https://pypi.org/simple"),
    ...     sdist=Artifact(
    ...         kind=ArtifactKind.SDIST,
    ...         filename="idna-3.10.tar.gz",
    ...         url="https://example.org/idna-3.10.tar.gz",
    ...         hash="sha256-" + "A" * 43 + "=",
    ...     ),
    ... )
    >>> print(write_pylock(LockSet(format=LockFormat.UV, packages=(pin,))))
    lock-version = "1.0"
    created-by = "pynix"
    <BLANKLINE>
    [[packages]]
    name = "idna"
    version = "3.10"
    index = "https://pypi.org/simple"
    <BLANKLINE>
    [packages.sdist]
    name = "idna-3.10.tar.gz"
    url = "https://example.org/idna-3.10.tar.gz"
    <BLANKLINE>
    [packages.sdist.hashes]
    sha256 = "0000000000000000000000000000000000000000000000000000000000000000"
    <BLANKLINE>
    """
    written = [
        p for p in lock.packages if not (isinstance(p.source, PathSource) and p.source.virtual)
    ]
    written.sort(key=_sort_key)
    reach = reachable_markers(lock) if lock.roots else None
    markers = {
        _identity(p): _lock_file_marker(
            reach[_identity(p)] if reach is not None else p.marker,
            f"{p.name} {p.version}" if p.version else p.name,
        )
        for p in written
    }
    extras, groups = _root_names(lock) if reach is not None else ([], [])
    for marker in markers.values():
        extras = sorted({*extras, *_EXTRAS_IN.findall(str(marker))})
        groups = sorted({*groups, *_GROUPS_IN.findall(str(marker))})
    counts: dict[str, int] = {}
    for package in written:
        counts[package.name] = counts.get(package.name, 0) + 1
    document: dict[str, Any] = {"lock-version": "1.0"}
    if lock.environments:
        document["environments"] = [str(m) for m in lock.environments]
    if lock.requires_python is not None and str(lock.requires_python):
        document["requires-python"] = str(lock.requires_python)
    if extras:
        document["extras"] = extras
    if groups:
        document["dependency-groups"] = groups
    document["created-by"] = created_by
    document["packages"] = [_package_to_toml(p, markers[_identity(p)], counts) for p in written]
    roots = sorted({p.name for p in written if p.name in lock.roots})
    if roots:
        document["tool"] = {"pynix": {"roots": roots}}
    text = tomli_w.dumps(document)
    try:
        # What is written must be what PEP 751 readers accept; a lock whose file names do
        # not match its package names, say, is refused here rather than passed on.
        Pylock.from_dict(tomllib.loads(text))
    except PylockValidationError as exc:
        where = f"{exc.context}: " if exc.context else ""
        raise Unsupported(
            f"pylock.toml would be invalid: {where}{_first_line(exc.message)}"
        ) from None
    return text


_EXTRA_TEST = re.compile(r'extra (==|!=) "([^"]*)"|"([^"]*)" (==|!=) extra')
_ENCODED = re.compile(r"^(extra|group|project)-(\d+)-(.*)$")
_EXTRAS_IN = re.compile(r'"([^"]*)" (?:not )?in extras')
_GROUPS_IN = re.compile(r'"([^"]*)" (?:not )?in dependency_groups')


def _lock_file_marker(marker: Marker | None, where: str) -> Marker | None:
    """``marker`` in the variables of a lock file: ``extra == "x"`` becomes ``"x" in extras``.

    A pin's marker may test the project's extras the metadata way (Poetry
    writes ``extra == "docs"``), and uv encodes its conflicting extras and
    groups as ``extra == "extra-<n>-<package>-<extra>"`` and
    ``"group-<n>-<package>-<group>"``; PEP 751 has ``extras`` and
    ``dependency_groups`` for both. uv's conflicts between whole projects
    (``"project-<n>-<package>"``) have no PEP 751 spelling.
    """
    if marker is None:
        return None

    def rewrite(match: re.Match[str]) -> str:
        value = match[2] if match[2] is not None else match[3]
        negated = (match[1] or match[4]) == "!="
        variable, name = "extras", value
        encoded = _ENCODED.match(value)
        if encoded is not None:
            kind, length, rest = encoded[1], int(encoded[2]), encoded[3]
            if kind == "project":
                raise Unsupported(
                    f"{where}: uv's conflicts between workspace projects have no pylock.toml form"
                )
            if len(rest) > length and rest[length] == "-":
                variable = "extras" if kind == "extra" else "dependency_groups"
                name = rest[length + 1 :]
        return f'"{name}" {"not in" if negated else "in"} {variable}'

    text = str(marker)
    rewritten = _EXTRA_TEST.sub(rewrite, text)
    return marker if rewritten == text else Marker(rewritten)


def _first_line(message: str) -> str:
    line = message.splitlines()[0] if message else "invalid value"
    return line[:1].lower() + line[1:]


def _identity(package: LockedPackage) -> tuple[str, str | None, Source]:
    return package.name, package.version, package.source


def _sort_key(package: LockedPackage) -> tuple[str, int, Version, str]:
    version = Version(package.version) if package.version is not None else Version("0")
    return package.name, package.version is not None, version, repr(package.source)


def _root_names(lock: LockSet) -> tuple[list[str], list[str]]:
    extras: set[str] = set()
    groups: set[str] = set()
    for package in lock.packages:
        if package.name in lock.roots:
            extras.update(package.optional_dependencies)
            groups.update(package.dependency_groups)
    return sorted(extras), sorted(groups)


def _package_to_toml(
    package: LockedPackage, marker: Marker | None, counts: Mapping[str, int]
) -> dict[str, Any]:
    where = f"{package.name} {package.version}" if package.version else package.name
    table: dict[str, Any] = {"name": package.name}
    if package.version is not None:
        table["version"] = package.version
    if marker is not None:
        table["marker"] = str(marker)
    if package.requires_python is not None and str(package.requires_python):
        table["requires-python"] = str(package.requires_python)
    source = package.source
    if isinstance(source, RegistrySource):
        table["index"] = source.url
    standard_edges = _standard_edges(package, counts)
    if standard_edges:
        table["dependencies"] = standard_edges
    table.update(_source_to_pylock(package, where))
    tool = tool_table(package, marker)
    if tool:
        table["tool"] = {"pynix": tool}
    return table


def _standard_edges(package: LockedPackage, counts: Mapping[str, int]) -> list[dict[str, str]]:
    result: list[dict[str, str]] = []
    for edge in _all_edges(package):
        entry: dict[str, str] = {"name": edge.name}
        if edge.version is not None and counts.get(edge.name, 0) > 1:
            entry["version"] = edge.version
        if entry not in result:
            result.append(entry)
    return result


def _all_edges(package: LockedPackage) -> Iterable[LockedDependency]:
    yield from package.dependencies
    for name in sorted(package.optional_dependencies):
        yield from package.optional_dependencies[name]
    for name in sorted(package.dependency_groups):
        yield from package.dependency_groups[name]


def _source_to_pylock(package: LockedPackage, where: str) -> dict[str, Any]:
    source = package.source
    if isinstance(source, GitSource | WorkspaceSource) and package.artifacts:
        raise Unsupported(f"{where}: a package built from source cannot also list files")
    if isinstance(source, GitSource):
        if source.commit is None:
            raise Unsupported(f"{where}: a git source needs a resolved commit for pylock.toml")
        vcs: dict[str, Any] = {"type": "git", "url": source.url}
        if source.requested is not None:
            vcs["requested-revision"] = source.requested
        vcs["commit-id"] = source.commit
        if source.subdirectory:
            vcs["subdirectory"] = source.subdirectory
        return {"vcs": vcs}
    if isinstance(source, PathSource) and not package.artifacts:
        directory: dict[str, Any] = {"path": source.path}
        if source.editable:
            directory["editable"] = True
        return {"directory": directory}
    if isinstance(source, UrlSource | PathSource):
        return {"archive": _archive_to_toml(package, where)}
    if isinstance(source, WorkspaceSource):
        raise Unsupported(f"{where}: a workspace source has no location to write")
    result: dict[str, Any] = {}
    if package.sdist is not None:
        result["sdist"] = _file_to_toml(package.sdist, where)
    if package.wheels:
        result["wheels"] = [_file_to_toml(wheel, where) for wheel in package.wheels]
    if not result:
        raise Unsupported(f"{where}: no sdist or wheel to write")
    return result


def _archive_to_toml(package: LockedPackage, where: str) -> dict[str, Any]:
    source = package.source
    if len(package.artifacts) != 1:
        found = "no file" if not package.artifacts else f"{len(package.artifacts)} files"
        raise Unsupported(
            f"{where}: an archive source needs exactly one hashed file, found {found}"
        )
    (artifact,) = package.artifacts
    archive: dict[str, Any] = {}
    if isinstance(source, UrlSource):
        archive["url"] = source.url
    elif isinstance(source, PathSource):
        archive["path"] = source.path
    if artifact.size is not None:
        archive["size"] = artifact.size
    archive["hashes"] = {"sha256": _hex(artifact, where)}
    if isinstance(source, UrlSource) and source.subdirectory:
        archive["subdirectory"] = source.subdirectory
    return archive


def _file_to_toml(artifact: Artifact, where: str) -> dict[str, Any]:
    table: dict[str, Any] = {"name": artifact.filename}
    if artifact.url is not None:
        table["url"] = artifact.url
    if artifact.path is not None:
        table["path"] = artifact.path
    if artifact.url is None and artifact.path is None:
        raise Unsupported(
            f"{where}: {artifact.filename} has no URL or path (query its index first)"
        )
    if artifact.size is not None:
        table["size"] = artifact.size
    table["hashes"] = {"sha256": _hex(artifact, where)}
    return table


def _hex(artifact: Artifact, where: str) -> str:
    if artifact.hash is None:
        raise Unsupported(f"{where}: {artifact.filename} has no hash; pylock.toml needs one")
    return sri_to_hex(artifact.hash)
