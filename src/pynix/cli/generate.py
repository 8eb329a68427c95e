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

Build systems and native libraries that enrichment read from the
artifacts (``pynix lock``) are taken from the cache (``$XDG_CACHE_HOME/pynix``,
keyed by each artifact's sha256); ``generate`` makes no network request for
them, and ``--no-cache`` leaves them out. The pipeline is
:func:`pynix.workflow.generate`; this module parses and prints.
"""

from __future__ import annotations

import argparse
import dataclasses

from pynix.cli._common import Parser, Subparsers
from pynix.cli._generating import (
    add_output_arguments,
    print_plan_errors,
    print_written,
    request_from_arguments,
    split_python,
)
from pynix.errors import InvalidArgument
from pynix.model import Index
from pynix.workflow import generate

__all__ = ["register"]

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
        "--index-url",
        action="append",
        default=[],
        metavar="URL",
        help="the index to look up files the lock names only by hash (default: the lock's)",
    )
    parser.add_argument(
        "--no-cache",
        action="store_true",
        help="leave out the build systems and native libraries cached by pynix lock",
    )
    add_output_arguments(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Plan the lock, render, write; print what was written and every finding."""
    interpreter, versions, paths = split_python(args.python)
    if paths:
        raise InvalidArgument(
            f"--python: {paths[0]} is a path; generate takes versions (3.12) and a nixpkgs "
            "interpreter (python312)",
            hint="the interpreter uv resolves with is chosen by pynix lock --python PATH",
        )
    args.python = versions
    indexes = tuple(Index(url=url) for url in args.index_url)
    request = dataclasses.replace(
        request_from_arguments(args, interpreter), indexes=indexes, facts=not args.no_cache
    )
    generated = generate(args.path, request)
    if generated.plan_errors:
        print_plan_errors(generated.findings, len(generated.plan_errors), "nothing written")
        return 2
    return print_written(generated)
