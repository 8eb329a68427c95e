"""``pynix generate``: a lock as Nix files, with setup.nix's targets.

The steps: load the project (and its ``[tool.pynix]`` settings) and its lock;
complete files the lock names only by hash through the index (hashed
requirements, Poetry/PDM locks of private indexes -- the only network
access); read the build systems of the project's own directories
(workspace members, path dependencies) from their ``pyproject.toml``; plan
(:func:`pynix.plan.plan`); render in the chosen style; write every file or
none.

Exit statuses: 0 -- written; 1 -- written, but a finding of the renderer is
an error (the project's version is dynamic and no ``--version`` was given);
2 -- nothing written: bad input (an unknown lock version, a malformed
entry), an existing file without ``--force``, or an error of the plan.
Every error of the plan stops it, each printed: a package with no file for
a planned target, a file without a hash (unless ``--allow-unhashed``), a git
source without a locked commit, a path outside the project, a file the lock
names but does not locate, an extra or group that does not exist.

Build systems and native libraries that enrichment reads from the
artifacts (``pynix lock``) are used when the lock carries them; ``generate``
makes no network request for them.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import gc
import os
import re
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from pynix.cli._common import Parser, Subparsers
from pynix.cli._settings import add_settings_arguments, settings_from_arguments
from pynix.errors import InvalidArgument, PynixError, UnknownFormat
from pynix.formats.pynix_settings import Settings, settings_from_pyproject
from pynix.index import IndexClient
from pynix.load import (
    find_lock_file,
    find_project_file,
    import_names,
    load_lock,
    load_project,
    source_root,
)
from pynix.model import (
    Finding,
    LockSet,
    PathSource,
    Project,
    ProjectFormat,
    RegistrySource,
    Severity,
)
from pynix.nixpkgs.files import load_snapshot
from pynix.nixpkgs.names import NameMap
from pynix.plan import plan
from pynix.render.build_set import render_files as render_build_set
from pynix.render.generate import GenerateOptions
from pynix.render.overlay import render_overlay
from pynix.render.result import RenderedFiles
from pynix.resolve.artifacts import needs_resolution, resolve_artifacts
from pynix.write import write_files

__all__ = ["RENDERERS", "register"]

Renderer = Callable[..., RenderedFiles]
#: style -> renderer ``(plan, project, *, names, options) -> RenderedFiles``.
RENDERERS: dict[str, Renderer] = {"overlay": render_overlay, "pyproject-nix": render_build_set}
_STYLES = tuple(RENDERERS)

_DESCRIPTION = """\
Turn a project's lock into Nix files that build the same on every planned
system: the locked packages (python-packages.nix, or build-set.nix with
--style pyproject-nix) and, around them, setup.nix's targets:

  flake.nix    packages.default  the project (or the environment, for a lock
                                 without a project to build)
               packages.env      an interpreter with every locked package (for an IDE)
               packages.wheel    the project's wheel
               packages.docker   an image with the application, no dev groups (Linux)
               devShells.default the project installed in place, with every group
  default.nix  the same packages for nix-build -A NAME
  shell.nix    the dev shell for nix-shell

Styles: overlay (default) layers the lock over nixpkgs' Python packages
(packageOverrides), reusing nixpkgs' package when it has the locked version
(with --snapshot), else building the locked wheel or sdist. pyproject-nix
writes an overlay for pyproject.nix's build scope instead (one derivation per
pin, runtime dependencies in passthru, a virtualenv made by mkVirtualEnv):
the uv2nix way, decided ahead so that Nix parses nothing at evaluation time.

PATH is a project directory, a project file or a lock file (uv.lock,
poetry.lock, pdm.lock, pylock.toml, hashed requirements*.txt). The files go
beside the lock, or to --out DIR. Existing files are never replaced without
--force, and nothing is written while the plan has an error: every problem is
printed, then pynix exits with status 2.

--python takes either a CPython version to plan for (3.12; repeatable) or the
nixpkgs interpreter the files default to (python312).
"""

_EPILOG = """\
examples:
  pynix generate                          the project here, for the four default systems
  pynix generate --system x86_64-linux --python 3.12 --python python312
  pynix generate --snapshot nixpkgs.json  reuse nixpkgs' packages where versions match
  pynix generate --prefer nixpkgs         nixpkgs' recipes with the locked versions
  pynix generate requirements.txt --allow-unhashed --out nix
then: nix build .#env | nix develop | nix build .#docker
"""

_ATTR = re.compile(r"(python|pypy)[0-9]*(FreeThreading)?\Z")


def register(subparsers: Subparsers) -> None:
    """Add ``generate`` to the ``pynix`` command."""
    parser: Parser = subparsers.add_parser(
        "generate",
        help="write Nix files (flake, package set, dev shell, docker image) from a lock",
        description=_DESCRIPTION,
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("path", nargs="?", default=".", metavar="PATH", help="project or lock")
    parser.add_argument(
        "--style", choices=_STYLES, default="overlay", help="how to write the package set"
    )
    parser.add_argument(
        "--out", type=Path, metavar="DIR", help="where to write (default: beside the lock)"
    )
    parser.add_argument(
        "--snapshot", type=Path, metavar="FILE", help="a nixpkgs snapshot (pynix nixpkgs snapshot)"
    )
    parser.add_argument("--version", metavar="VERSION", help="the project's version, if dynamic")
    parser.add_argument(
        "--application",
        action="store_true",
        help="build the project with buildPythonApplication (a project with scripts)",
    )
    parser.add_argument(
        "--index-url",
        action="append",
        default=[],
        metavar="URL",
        help="the index to look up files the lock names only by hash (default: the lock's)",
    )
    parser.add_argument("--force", action="store_true", help="replace existing files")
    add_settings_arguments(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Plan the lock, render, write; print what was written and every finding."""
    interpreter, versions = _interpreter(args.python)
    args.python = versions
    style: str = args.style
    renderer = RENDERERS[style]
    lock_file = find_lock_file(args.path)
    project = _project(Path(args.path), lock_file)
    lock = load_lock(args.path, allow_unhashed=bool(args.allow_unhashed))
    settings = _settings(project).merged(settings_from_arguments(args))
    lock = _local_build_systems(_resolved(lock, args.index_url), lock_file.parent)
    result = plan(lock, project, settings)
    if result.errors:
        _report(result.findings)
        count = len(result.errors)
        print(
            f"pynix: {count} {'error' if count == 1 else 'errors'} in the plan: nothing written",
            file=sys.stderr,
        )
        return 2
    names = NameMap.from_snapshot(load_snapshot(args.snapshot)) if args.snapshot else None
    out: Path = args.out if args.out is not None else lock_file.parent
    options = _options(
        args, project, style=style, interpreter=interpreter, directory=lock_file.parent, out=out
    )
    with _without_cycle_collection():
        rendered = renderer(result, project, names=names, options=options)
    files = {out / name: text for name, text in rendered.texts().items()}
    written = write_files(files, force=args.force)
    print(f"wrote {', '.join(p.name for p in written)} in {out}")
    _report([*result.findings, *rendered.findings])
    errors = sum(1 for f in rendered.findings if f.severity is Severity.ERROR)
    if errors:
        noun = "error" if errors == 1 else "errors"
        print(
            f"pynix: {errors} {noun}: the files will not evaluate until that is fixed",
            file=sys.stderr,
        )
    return 1 if errors else 0


@contextlib.contextmanager
def _without_cycle_collection() -> Iterator[None]:
    """Rendering makes a large tree of frozen nodes without reference cycles: the cycle
    collector would walk it (and the plan) over and over for nothing -- a fifth of the CPU
    time of 2,000 packages (``bench/locks.py``)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _interpreter(values: Sequence[str]) -> tuple[str, list[str]]:
    """``--python`` values split into the interpreter attribute and the versions to plan for."""
    attrs = [v for v in values if _ATTR.match(v)]
    if len(attrs) > 1:
        raise InvalidArgument(
            f"--python: several interpreters given ({', '.join(attrs)})",
            hint="give one nixpkgs interpreter (python312) and any number of versions (3.12)",
        )
    return (attrs[0] if attrs else "python3"), [v for v in values if not _ATTR.match(v)]


def _project(path: Path, lock_file: Path) -> Project:
    """The project of the lock: the project file beside it (or given), else an environment."""
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


def _settings(project: Project) -> Settings:
    return settings_from_pyproject(project.raw) if project.raw is not None else Settings()


def _resolved(lock: LockSet, index_urls: Sequence[str]) -> LockSet:
    pending = [p for p in lock.packages if needs_resolution(p)]
    if not pending:
        return lock
    indexes = list(index_urls) or list(
        dict.fromkeys(p.source.url for p in pending if isinstance(p.source, RegistrySource))
    )
    with IndexClient(indexes) as client:
        return resolve_artifacts(lock, client)


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


def _options(
    args: argparse.Namespace,
    project: Project,
    *,
    style: str,
    interpreter: str,
    directory: Path,
    out: Path,
) -> GenerateOptions:
    buildable = project.format not in (ProjectFormat.REQUIREMENTS_TXT, ProjectFormat.SCRIPT)
    return GenerateOptions(
        style="pyproject-nix" if style == "pyproject-nix" else "overlay",
        python=interpreter,
        project_dir=_relative(directory, out),
        source_root=source_root(project, directory) if buildable else ".",
        version=args.version,
        application=args.application,
        import_names=import_names(project, directory) if buildable else None,
    )


def _relative(directory: Path, out: Path) -> str:
    return Path(os.path.relpath(directory.resolve(), out.resolve())).as_posix()


def _report(findings: Sequence[Finding]) -> None:
    for finding in dict.fromkeys(findings):
        print(f"pynix: {finding}", file=sys.stderr)
