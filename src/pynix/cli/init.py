"""``pynix init``: write Nix files that build and develop a project with nixpkgs' Python packages.

Exit statuses (see :mod:`pynix.cli.main`): 0 when the files were written and
need nothing more; 1 when they were written but a finding is an error -- the
files will not evaluate until the user acts (a dynamic version without
``--version``, a dependency nixpkgs lacks); 2 when nothing was written (bad
input, an existing file without ``--force``). Warnings (a marker Nix cannot
decide, a license pynix cannot map) never change the status.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from pathlib import Path

from packaging.utils import canonicalize_name

from pynix.cli._common import Parser, Subparsers
from pynix.errors import InvalidArgument
from pynix.load import (
    find_project_file,
    import_names,
    load_project,
    read_script_text,
    source_root,
)
from pynix.model import Project, ProjectFormat, Severity
from pynix.nixpkgs.files import load_snapshot
from pynix.nixpkgs.names import NameMap
from pynix.render.project_files import InitOptions, project_files
from pynix.render.script import nixpkgs_tarball
from pynix.write import write_files

__all__ = ["register"]

_DESCRIPTION = """\
Write Nix files for a project that has no lock, built from nixpkgs' Python
packages: every dependency is mapped to its nixpkgs attribute, and markers
(`; sys_platform == "linux"`) become conditions on the system and the
interpreter, so one set of files serves Linux and macOS alike.

PATH is a project file or a directory holding one (default: the current one):
  pyproject.toml (PEP 621, Poetry, PDM, uv) or setup.cfg
      package.nix  the package: buildPythonPackage, for python.pkgs.callPackage
      default.nix  nix-build: the package
      shell.nix    nix-shell: python with the project installed in place
                   (editable) and the dependencies of its groups
      flake.nix    packages.default, packages.env, devShells.default, apps
  requirements.txt
      default.nix  python.withPackages with the requirements; shell.nix; flake.nix
  a PEP 723 script (file.py with a `# /// script` block)
      default.nix  a runner (nix-build, nix run); shell.nix; flake.nix (an app);
                   with --shebang, the script itself gets `#! nix-shell` lines

The files go beside the project file (or to --out DIR). Existing files are
never replaced without --force, and nothing is written unless all of them
can be. Problems are reported after writing: an error (exit status 1) means
the files will not evaluate until you act -- a dynamic version needs
--version, a dependency missing from nixpkgs needs packaging or an overlay.
"""

_EPILOG = """\
examples:
  pynix init                                 the project in this directory, as a flake
  pynix init --style classic --python python312
  pynix init --groups test,lint --extras socks
  pynix init --version 1.4.0                 a project whose version is dynamic
  pynix init --snapshot nixpkgs.json         map names with your nixpkgs (see pynix nixpkgs)
  pynix init tools/report.py --shebang --pin 0123456789abcdef0123456789abcdef01234567
then: nix develop | nix build | nix run  (or nix-shell | nix-build)
"""

_PYTHON = re.compile(r"(python|pypy)[0-9]*(FreeThreading)?\Z")
# Directories of a flat layout that are not the project's package.


def register(subparsers: Subparsers) -> None:
    """Add ``init`` to the ``pynix`` command."""
    parser: Parser = subparsers.add_parser(
        "init",
        help="write flake.nix, shell.nix, default.nix (and package.nix) for a project",
        description=_DESCRIPTION,
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("path", nargs="?", default=".", metavar="PATH", help="the project")
    parser.add_argument(
        "--style",
        choices=("flake", "classic"),
        default="flake",
        help="flake: flake.nix beside the classic files (default); classic: no flake.nix",
    )
    parser.add_argument(
        "--python",
        default="python3",
        metavar="ATTR",
        help="the nixpkgs interpreter attribute (default: python3; e.g. python312)",
    )
    parser.add_argument(
        "--extras",
        action="append",
        default=[],
        metavar="NAMES",
        help="extras for the dev shell and packages.env (comma-separated, repeatable)",
    )
    parser.add_argument(
        "--groups",
        action="append",
        default=None,
        metavar="NAMES",
        help="dependency groups for the dev shell (default: all of them)",
    )
    parser.add_argument(
        "--snapshot", type=Path, metavar="FILE", help="a nixpkgs snapshot to map names with"
    )
    parser.add_argument("--version", metavar="VERSION", help="the version, when it is dynamic")
    parser.add_argument(
        "--application",
        action="store_true",
        help="build with buildPythonApplication (for a project with scripts)",
    )
    parser.add_argument(
        "--venv",
        action="store_true",
        help="make shell.nix the impure venv shell of the nixpkgs manual (pip installs into .venv)",
    )
    parser.add_argument(
        "--shebang",
        action="store_true",
        help="(PEP 723 scripts) rewrite the script's first lines as a nix-shell shebang",
    )
    parser.add_argument(
        "--pin", metavar="REV", help="pin nixpkgs to a git commit (flake input, shebang -I)"
    )
    parser.add_argument(
        "--out", type=Path, metavar="DIR", help="where to write (default: beside the project file)"
    )
    parser.add_argument("--force", action="store_true", help="replace existing files")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Render and write the files; print what was written and what to look at."""
    if not _PYTHON.match(args.python):
        raise InvalidArgument(
            f"not an interpreter attribute: {args.python!r}",
            hint="name one as nixpkgs does: python3, python312, pypy310",
        )
    if args.pin is not None:
        nixpkgs_tarball(args.pin)  # checks that it is a commit
    source = find_project_file(args.path)
    project = load_project(args.path)
    if args.shebang and project.format is not ProjectFormat.SCRIPT:
        raise InvalidArgument("--shebang is for PEP 723 scripts", text=str(source))
    extras = _names(args.extras)
    groups = _names(args.groups) if args.groups is not None else None
    _check_selection(project, extras, groups)
    names = NameMap.from_snapshot(load_snapshot(args.snapshot)) if args.snapshot else None
    out: Path = args.out if args.out is not None else source.parent
    options = InitOptions(
        style=args.style,
        python=args.python,
        extras=extras,
        groups=groups,
        version=args.version,
        application=args.application,
        import_names=import_names(project, source.parent),
        source_root=source_root(project, source.parent),
        venv=args.venv,
        nixpkgs_revision=args.pin,
        script=source.name if project.format is ProjectFormat.SCRIPT else None,
        script_text=read_script_text(source) if args.shebang else None,
        shebang=args.shebang,
        project_dir=_relative(source.parent, out),
    )
    rendered = project_files(project, names=names, options=options)
    files = {out / name: text for name, text in rendered.texts().items()}
    written = write_files(
        files,
        force=args.force,
        # The script itself is rewritten on purpose (--shebang); every other file is new.
        may_replace=lambda path: args.shebang and path.name == source.name,
    )
    print(f"wrote {', '.join(p.name for p in written)} in {out}")
    for finding in rendered.findings:
        print(f"pynix: {finding}", file=sys.stderr)
    errors = sum(1 for f in rendered.findings if f.severity is Severity.ERROR)
    if errors:
        noun = "error" if errors == 1 else "errors"
        print(
            f"pynix: {errors} {noun}: the files will not evaluate until that is fixed",
            file=sys.stderr,
        )
    return 1 if errors else 0


def _relative(directory: Path, out: Path) -> str:
    """``directory`` relative to ``out``, in POSIX spelling, for paths in the written files."""
    return Path(os.path.relpath(directory.resolve(), out.resolve())).as_posix()


def _names(values: list[str]) -> tuple[str, ...]:
    return tuple(
        dict.fromkeys(canonicalize_name(n) for v in values for n in v.split(",") if n.strip())
    )


def _check_selection(
    project: Project, extras: tuple[str, ...], groups: tuple[str, ...] | None
) -> None:
    for option, chosen, known in (
        ("--extras", extras, project.optional_dependencies),
        ("--groups", groups or (), project.dependency_groups),
    ):
        for name in chosen:
            if name not in known:
                have = ", ".join(sorted(known)) or "none"
                raise InvalidArgument(
                    f"{option}: the project has no {option[2:-1]} {name!r}",
                    hint=f"it has: {have}",
                )
