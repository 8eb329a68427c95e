"""Where a build-set package's ``src`` comes from, as Nix (private to
:mod:`pynix.render.build_set`).

* A file with a URL: ``fetchurl { url; hash; }``, with ``name`` set to the
  file name when the URL's last part differs (``torch-2.5.1%2Bcpu-….whl``:
  ``%`` is not allowed in a store path name, and pyproject.nix's wheel hook
  installs the file under its store name, which must be the wheel's name).
  A file the lock records without a hash (accepted with ``allow-unhashed``)
  falls back to ``builtins.fetchurl``, impure, and is flagged.
* A local file: a path relative to the generated file (the project's
  directory joined with the lock's path), renamed with ``builtins.path``
  when its base name is not the file name.
* A git source: ``builtins.fetchGit`` by the commit the lock resolved.
  uv.lock records a commit but no NAR hash, so nixpkgs' ``fetchgit`` (a
  fixed-output derivation that needs one) cannot be written; fetching by
  commit is reproducible and allowed in pure (flake) evaluation. A tag is
  fetched through ``refs/tags/<tag>``, a branch through its name, anything
  else with ``allRefs = true`` (the commit may be on any branch); submodules
  are fetched, as uv does.
* A local directory (a path source, a workspace member):
  ``lib.cleanSource <path>``.
* A subdirectory (git or URL source) moves ``sourceRoot`` after unpacking
  (``postUnpack``).
"""

from __future__ import annotations

import posixpath

from pynix.model import Artifact, GitSource, PathSource, Source, UrlSource, WorkspaceSource
from pynix.nix import (
    AttrSet,
    Binding,
    Call,
    Entry,
    Expr,
    Select,
    Str,
    Var,
    attrs,
    bind,
    call,
    s,
    var,
)
from pynix.render.script import relative_path

__all__ = ["artifact_src", "local_path", "source_src", "subdirectory_of"]


def local_path(project_dir: str, path: str) -> Expr:
    """A Nix path to ``path`` (relative to the lock) from the generated file."""
    return relative_path(posixpath.normpath(posixpath.join(project_dir, path)))


_FETCHURL = Var(name="fetchurl")
_BUILTINS_FETCHURL = Select(expr=Var(name="builtins"), path=("fetchurl",))


def _text(name: str, text: str) -> Binding:
    return Binding(path=(name,), value=Str(parts=(text,)))


def artifact_src(artifact: Artifact, project_dir: str) -> tuple[Expr, bool]:
    """``src`` for a wheel or sdist; the flag says it is fetched without a hash (impure)."""
    if artifact.url is not None:
        # Nodes are made directly here: this runs once per file of the lock.
        entries: list[Entry] = [_text("url", artifact.url)]
        last = artifact.url.split("#", 1)[0].split("?", 1)[0].rsplit("/", 1)[-1]
        if last != artifact.filename:
            entries.append(_text("name", artifact.filename))
        if artifact.hash is None:
            return Call(func=_BUILTINS_FETCHURL, args=(AttrSet(entries=tuple(entries)),)), True
        entries.append(_text("hash", artifact.hash))
        return Call(func=_FETCHURL, args=(AttrSet(entries=tuple(entries)),)), False
    if artifact.path is None:  # the plan refused it ("unlocated"); kept for render_build_set
        return call(
            var("throw"), f"pynix: the lock does not say where {artifact.filename} is"
        ), False
    path = local_path(project_dir, artifact.path)
    if posixpath.basename(artifact.path) == artifact.filename:
        return path, False
    return call(var("builtins.path"), attrs({"path": path, "name": artifact.filename})), False


def source_src(source: Source, project_dir: str, shown: str) -> Expr:
    """``src`` for a source tree: a git checkout or a local directory."""
    if isinstance(source, GitSource):
        entries = [bind("url", source.url)]
        if source.commit is None:  # the plan refused it ("unpinned-git")
            return call(var("throw"), f"pynix: the lock records no commit for {shown}")
        entries.append(bind("rev", source.commit))
        if source.tag:
            entries.append(bind("ref", f"refs/tags/{source.tag}"))
        elif source.branch:
            entries.append(bind("ref", source.branch))
        else:
            entries.append(bind("allRefs", value=True))
        entries.append(bind("submodules", value=True))
        return call(var("builtins.fetchGit"), attrs(entries))
    if isinstance(source, PathSource):
        return call(var("lib.cleanSource"), local_path(project_dir, source.path))
    if isinstance(source, WorkspaceSource):
        return call(var("throw"), f"pynix: the lock does not say where {shown} is")
    return call(var("throw"), f"pynix: {shown} has no source tree to build")


def subdirectory_of(source: Source) -> Expr | None:
    """``postUnpack`` moving into the source's subdirectory, or ``None``."""
    if isinstance(source, GitSource | UrlSource) and source.subdirectory:
        return s(f'sourceRoot="$sourceRoot/{source.subdirectory}"\n', indented=True)
    return None
