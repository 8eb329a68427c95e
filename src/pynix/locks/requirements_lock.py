"""Hashed ``requirements.txt``: what pip-compile, ``uv export`` and ``uv pip compile`` lock.

A requirements file becomes a lock when every requirement is pinned to one
version and carries the hashes of the files it may be installed from::

    gamma==1.0 ; python_full_version < '3.13' \\
        --hash=sha256:0f37... \\
        --hash=sha256:2682...

(``pip-compile --generate-hashes``, ``uv pip compile --universal
--generate-hashes``, ``uv export``; pip's "hash-checking mode",
https://pip.pypa.io/en/stable/topics/secure-installs/). The file is parsed
by :mod:`pynix.formats.requirements_txt`; this module checks that it is a
lock and turns each line into a :class:`~pynix.model.LockedPackage`.

What a line becomes:

* ``name==version --hash=...`` (an index requirement): a pin from the
  file's ``--index-url`` (PyPI without one) whose
  :attr:`~pynix.model.LockedPackage.file_hashes` are the hashes. A
  requirements file names no files, only their hashes, so such a pin has no
  ``sdist``/``wheels`` yet: :func:`pynix.resolve.artifacts.resolve_artifacts`
  asks the index which of its files have these hashes (I/O, outside this
  pure module). A hash is the strongest name a file has; a URL without one
  is only a hint.
* ``name @ https://.../file.whl --hash=...`` and ``./vendor/file.tar.gz
  --hash=...``: a ``url`` or ``path`` pin with its one file.
* ``name @ git+https://...@<commit>``: a git pin; pip cannot hash a VCS
  checkout, so no hash is asked for (the commit pins it; a branch or tag
  does not, which the plan reports).
* ``-e ./path`` and a local directory: a ``path`` pin built from the tree,
  no hash (pip cannot hash a directory either).

The line's marker is the pin's marker: a requirements file lists what to
install and markers say where, with no dependency graph (pip reads the
``# via`` comments of pip-compile as comments, and so does pynix).

Refused, with the file and line: an index requirement not pinned with
``==``/``===`` to one version (``alpha>=1``, ``alpha==1.*``); a requirement
without ``--hash`` (unless ``allow_unhashed``: then it is kept without
files and the plan flags it); a local archive with several hashes; the
same name twice unless markers tell the lines apart.

Traps:

* ``uv pip compile --universal`` pins a name once per fork:
  ``numpy==1.26.4 ; python_version < '3.12'`` and ``numpy==2.1.0 ;
  python_version >= '3.12'`` are two pins, both kept.
* ``uv export`` starts with ``-e .`` (the project itself), whose name is not
  in the line: ``name_of`` names it (the loader reads the directory's
  metadata); without it the line is refused. A locked sdist
  (``./vendor/vendored_lib-1.2.0.tar.gz``) is named by its file name, which
  pip does not trust for any archive but a lock's own files were built
  with the name in them.
* ``-c constraints.txt`` lines limit versions but install nothing: ignored.

>>> lock = read_requirements_lock(
...     "alpha==1.0 --hash=sha256:%s\\n" % ("ab" * 32), name="requirements.txt"
... )
>>> [(p.name, p.version, p.file_hashes) for p in lock.packages]
[('alpha', '1.0', ('sha256-q6urq6urq6urq6urq6urq6urq6urq6urq6urq6urq6s=',))]
>>> read_requirements_lock("alpha>=1.0\\n")
Traceback (most recent call last):
...
pynix.errors.InvalidLock: requirements.txt:1: 'alpha>=1.0' is not pinned to one version with ==
  hint: a lock pins every requirement: pip-compile or uv pip compile write one
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Mapping

from packaging.specifiers import SpecifierSet

from pynix.errors import InvalidLock, Location, PynixError, Unsupported
from pynix.formats.requirements_txt import Reader, RequirementLine, parse_requirements_txt
from pynix.locks._common import or_markers
from pynix.locks._files import (
    PYPI_SIMPLE,
    artifact_kind,
    file_name_of_path,
    file_name_of_url,
    file_version,
)
from pynix.locks.hashes import to_sri
from pynix.model.lock import Artifact, LockedPackage, LockFormat, LockSet
from pynix.model.project import Dependency
from pynix.model.source import GitSource, PathSource, RegistrySource, Source, UrlSource
from pynix.standards.names import is_valid_name

__all__ = ["read_requirements_lock"]

_UNHASHED_HINT = (
    "pip-compile --generate-hashes or uv pip compile --generate-hashes write the hashes; "
    "--allow-unhashed accepts the file without them"
)


def read_requirements_lock(
    text: str,
    *,
    name: str = "requirements.txt",
    allow_unhashed: bool = False,
    read: Reader | None = None,
    name_of: Callable[[RequirementLine], str] | None = None,
    environ: Mapping[str, str] | None = None,
) -> LockSet:
    """Read a hashed requirements file as a lock.

    ``name`` is the file's name in messages and each pin's
    :attr:`~pynix.model.LockedPackage.location`; ``read``, ``name_of`` and
    ``environ`` are passed on as in
    :func:`~pynix.formats.requirements_txt.parse_requirements_txt` and
    :func:`~pynix.formats.requirements_txt.requirements_to_project`.

    Raises :class:`~pynix.errors.InvalidLock` at ``file:line`` for a
    requirement that is not pinned or not hashed (see the module docstring),
    :class:`~pynix.errors.Unsupported` for an unnamed local line without
    ``name_of`` and for hashes other than sha256, and whatever the parser
    raises for a malformed line.
    """
    parsed = parse_requirements_txt(text, name=name, read=read, environ=environ)
    index = parsed.options.index_url or PYPI_SIMPLE
    packages: list[LockedPackage] = []
    lines: list[RequirementLine] = []
    for line in parsed.requirements:
        try:
            package = _pin(line, index=index, allow_unhashed=allow_unhashed, name_of=name_of)
            same = _check_duplicate(line, package, zip(lines, packages, strict=True))
        except PynixError as error:
            raise error.at(file=line.file, line=line.line) from None
        if same is None:
            packages.append(package)
            lines.append(line)
        else:
            packages[same] = _merge(packages[same], package)
    return LockSet(format=LockFormat.REQUIREMENTS, packages=tuple(packages))


def _pin(
    line: RequirementLine,
    *,
    index: str,
    allow_unhashed: bool,
    name_of: Callable[[RequirementLine], str] | None,
) -> LockedPackage:
    dependency = _dependency(line, name_of)
    source = line.source
    hashes = tuple(to_sri(h) for h in line.hashes)
    base = LockedPackage(
        name=dependency.name,
        version=None,
        source=source or RegistrySource(url=index),
        marker=line.marker,
        location=Location(file=line.file, line=line.line),
    )
    if source is None:
        version = _pinned_version(dependency.specifier, line.text)
        if not hashes and not allow_unhashed:
            raise InvalidLock(f"{line.text!r} has no --hash", hint=_UNHASHED_HINT)
        return dataclasses.replace(base, version=version, file_hashes=hashes)
    if isinstance(source, GitSource) or (
        isinstance(source, PathSource) and artifact_kind(source.path) is None
    ):
        # A checkout or a directory is built from its tree: pip cannot hash either.
        return base
    artifact = _archive(source, hashes, line.text, allow_unhashed=allow_unhashed)
    return dataclasses.replace(
        base,
        version=_file_version(artifact.filename),
        sdist=artifact if artifact.kind == "sdist" else None,
        wheels=(artifact,) if artifact.kind == "wheel" else (),
    )


def _dependency(
    line: RequirementLine, name_of: Callable[[RequirementLine], str] | None
) -> Dependency:
    if line.dependency is not None:
        return line.dependency
    sdist_name = _sdist_name(line.source)
    if sdist_name is not None:
        return line.with_name(sdist_name)
    if name_of is None:
        raise Unsupported(
            f"cannot tell which distribution {line.text!r} is",
            hint="write it as NAME @ ./path, or load the file with pynix.load.load_lock",
        )
    return line.with_name(name_of(line))


def _sdist_name(source: Source | None) -> str | None:
    """The name in a locked sdist's file name (``vendored_lib-1.2.0.tar.gz``), if it has one."""
    if isinstance(source, UrlSource):
        filename = file_name_of_url(source.url)
    elif isinstance(source, PathSource):
        filename = file_name_of_path(source.path)
    else:
        return None
    if artifact_kind(filename) != "sdist" or file_version(filename) is None:
        return None
    name = filename.rpartition("-")[0]
    return name if is_valid_name(name) else None


def _pinned_version(specifier: SpecifierSet, text: str) -> str:
    clauses = list(specifier)
    if len(clauses) == 1 and clauses[0].operator in ("==", "===") and "*" not in clauses[0].version:
        return clauses[0].version
    raise InvalidLock(
        f"{text!r} is not pinned to one version with ==",
        hint="a lock pins every requirement: pip-compile or uv pip compile write one",
    )


def _archive(
    source: Source, hashes: tuple[str, ...], text: str, *, allow_unhashed: bool
) -> Artifact:
    if isinstance(source, UrlSource):
        filename, url, path = file_name_of_url(source.url), source.url, None
    else:
        assert isinstance(source, PathSource)
        filename, url, path = file_name_of_path(source.path), None, source.path
    kind = artifact_kind(filename)
    if kind is None:
        raise InvalidLock(f"{text!r} is neither a wheel nor an sdist: {filename!r}")
    if len(hashes) > 1:
        raise InvalidLock(f"{text!r} names one file but has {len(hashes)} hashes")
    if not hashes and not allow_unhashed:
        raise InvalidLock(f"{text!r} has no --hash", hint=_UNHASHED_HINT)
    return Artifact(
        kind=kind, filename=filename, url=url, path=path, hash=hashes[0] if hashes else None
    )


def _file_version(filename: str) -> str | None:
    version = file_version(filename)
    return str(version) if version is not None else None


def _check_duplicate(
    line: RequirementLine,
    package: LockedPackage,
    earlier: Iterable[tuple[RequirementLine, LockedPackage]],
) -> int | None:
    """Refuse a second pin of a name unless both lines have markers that differ.

    Returns the index of an earlier pin of the same version and source, which
    the new line extends to more environments (its marker is or-ed in).
    """
    same = None
    for index, (first_line, first) in enumerate(earlier):
        if first.name != package.name:
            continue
        if first.marker is None or package.marker is None or first.marker == package.marker:
            raise InvalidLock(
                f"{package.name} is pinned twice (here and at {first_line.location}) "
                "and no marker tells the two lines apart"
            )
        if (first.version, first.source) == (package.version, package.source):
            same = index
    return same


def _merge(first: LockedPackage, second: LockedPackage) -> LockedPackage:
    """One pin for two lines of the same version and source, installed where either says."""
    return dataclasses.replace(
        first,
        marker=or_markers([m for m in (first.marker, second.marker) if m is not None]),
        file_hashes=tuple(dict.fromkeys(first.file_hashes + second.file_hashes)),
    )
