"""Where a pin's files come from, in Nix: ``fetchurl``, ``builtins.fetchGit``, paths (private).

Decisions (see :mod:`pynix.render.overlay` for the rest):

* A file with a URL and a hash is ``fetchurl { url; hash; }``. The store
  path is named after the URL's last segment, which must be the file name:
  ``wheelUnpackHook`` reads the wheel's tags from it, and a store name cannot
  hold ``%`` (PyTorch's ``torch-2.5.1%2Bcpu-…whl``). When the segment is not
  the file name, ``name = "<file name>"`` is written too.
* Credentials never go into the file: a URL's ``user:password@`` is removed
  (with a warning) -- Nix's fetchers read them from the ``netrc-file``
  setting, which is how private indexes are reached.
* A file without a hash (accepted with ``--allow-unhashed``) is
  ``builtins.fetchurl { url; name; }``: fetched at evaluation time, impure
  (a flake needs ``--impure``), flagged in a comment above the package.
* A local file or directory (``path = "vendor/x.whl"``, a workspace member)
  is a path literal relative to the generated file (``../vendor/x.whl``
  when the files go to ``--out nix``); a directory is passed through
  ``lib.cleanSource`` (no ``.git``, no editor litter).
* A git source is ``builtins.fetchGit { url; rev; }``: the lock records the
  commit but no NAR hash, and ``fetchgit`` needs one; ``builtins.fetchGit``
  with a full ``rev`` is reproducible by commit and allowed in pure flake
  evaluation. ``ref = "refs/tags/<tag>"`` (or the branch) tells Nix where
  to find the commit; a bare ``rev = "<name>"`` request, which may be a
  branch or a tag, gets ``allRefs = true``. A subdirectory becomes
  ``sourceRoot = "source/<dir>"`` (fetchGit's store path is named ``source``).
"""

from __future__ import annotations

import posixpath
import urllib.parse

from pynix.model import Artifact, Finding, GitSource, LockedPackage, PathSource, Severity
from pynix.nix import AttrSet, Binding, Call, Entry, Expr, Str, attrs, bind, call, s, var
from pynix.render.script import relative_path

__all__ = [
    "artifact_src",
    "is_linux_binary",
    "local_path",
    "strip_credentials",
    "subdirectory_root",
    "tree_src",
    "wheel_platforms",
]


def strip_credentials(url: str) -> tuple[str, bool]:
    """``url`` without ``user:password@``, and whether there was any.

    >>> strip_credentials("https://me:secret@pypi.example/simple/x.whl")
    ('https://pypi.example/simple/x.whl', True)
    """
    if "@" not in url:
        return url, False
    parts = urllib.parse.urlsplit(url)
    if "@" not in parts.netloc:
        return url, False
    host = parts.netloc.rpartition("@")[2]
    return urllib.parse.urlunsplit(parts._replace(netloc=host)), True


def local_path(path: str, project_dir: str) -> Expr:
    """A path of the lock (relative to the project) as seen from the generated files."""
    joined = posixpath.normpath(posixpath.join(project_dir, path.replace("\\", "/")))
    return relative_path(joined)


_FETCHURL = var("fetchurl")
_BUILTINS_FETCHURL = var("builtins.fetchurl")


def _binding(name: str, text: str) -> Binding:
    return Binding(path=(name,), value=Str(parts=(text,)))


def _shown(package: LockedPackage) -> str:
    return f"{package.name} {package.version}" if package.version else package.name


def artifact_src(
    artifact: Artifact, package: LockedPackage, *, project_dir: str, findings: list[Finding]
) -> Expr:
    """The Nix expression that fetches (or names) ``artifact`` of ``package``."""
    if artifact.url is not None:
        url, had_credentials = strip_credentials(artifact.url)
        if had_credentials:
            findings.append(
                Finding(
                    severity=Severity.WARNING,
                    code="credentials-removed",
                    message=f"{_shown(package)}: the URL of {artifact.filename} holds credentials; "
                    "they are left out of the generated files",
                    subject=package.name,
                    hint="give Nix the credentials in its netrc-file setting",
                )
            )
        segment = url.partition("#")[0].partition("?")[0].rpartition("/")[2]
        # Nodes are made directly here: this runs once per file of the lock.
        entries: list[Entry] = [_binding("url", url)]
        if segment != artifact.filename:
            entries.append(_binding("name", artifact.filename))
        if artifact.hash is None:
            if segment == artifact.filename:
                entries.append(_binding("name", artifact.filename))
            return Call(func=_BUILTINS_FETCHURL, args=(AttrSet(entries=tuple(entries)),))
        entries.append(_binding("hash", artifact.hash))
        return Call(func=_FETCHURL, args=(AttrSet(entries=tuple(entries)),))
    if artifact.path is not None:
        return local_path(artifact.path, project_dir)
    return call(
        var("throw"),
        f"pynix: {_shown(package)}: the lock names {artifact.filename} but not where it is",
    )


def tree_src(package: LockedPackage, *, project_dir: str) -> tuple[Expr, list[Entry]]:
    """The source tree of a pin built from source, and attributes it needs (``sourceRoot``)."""
    source = package.source
    if isinstance(source, GitSource):
        entries: list[Entry] = [bind("url", source.url)]
        if source.commit is not None:
            entries.append(bind("rev", source.commit))
        if source.tag:
            entries.append(bind("ref", f"refs/tags/{source.tag}"))
        elif source.branch:
            entries.append(bind("ref", f"refs/heads/{source.branch}"))
        elif source.rev and source.rev != source.commit:
            entries.append(bind("allRefs", value=True))
        extra: list[Entry] = []
        if source.subdirectory:
            extra.append(bind("sourceRoot", f"source/{source.subdirectory.strip('/')}"))
        if source.commit is None:
            return call(var("throw"), f"pynix: {_shown(package)}: no commit is locked"), extra
        return call(var("builtins.fetchGit"), attrs(entries)), extra
    if isinstance(source, PathSource):
        return call(var("lib.cleanSource"), local_path(source.path, project_dir)), []
    return (
        call(var("throw"), f"pynix: {_shown(package)}: the lock gives no source tree to build"),
        [],
    )


def subdirectory_root(subdirectory: str) -> Entry:
    """``setSourceRoot`` for an archive whose project is in ``subdirectory``.

    The archive's top directory is not known ahead (``toolkit-1.0``), so the
    unpacked directory is found with a glob.
    """
    return bind("setSourceRoot", s(f"sourceRoot=$(echo */{subdirectory.strip('/')})"))


_LINUX_PREFIXES = ("manylinux", "musllinux", "linux_")


def wheel_platforms(filename: str) -> tuple[str, ...]:
    """The platform tags of a wheel file name (its last part: ``manylinux_2_17_x86_64.…``).

    The plan has checked the names of the wheels it chose (PEP 427).

    >>> wheel_platforms("numpy-2.1.0-cp312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64.whl")
    ('manylinux_2_17_x86_64', 'manylinux2014_x86_64')
    """
    return tuple(filename.removesuffix(".whl").rpartition("-")[2].split("."))


def is_linux_binary(filename: str) -> bool:
    """Whether a wheel holds Linux ELF files for ``autoPatchelfHook`` (by its platform tags)."""
    return any(tag.startswith(_LINUX_PREFIXES) for tag in wheel_platforms(filename))
