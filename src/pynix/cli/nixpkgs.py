"""``pynix nixpkgs snapshot``: record which Python packages a nixpkgs offers, at which versions."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pynix.cli._common import Parser, Subparsers
from pynix.nixpkgs.snapshot import snapshot_to_json
from pynix.nixpkgs.take import default_cache_dir, take_snapshot
from pynix.write import refuse_existing, write_files

__all__ = ["register"]

_SNAPSHOT_DESCRIPTION = """\
Evaluate the Python package set of a nixpkgs (PYTHON.pkgs) with the real
`nix-instantiate` and write what it offers to FILE as JSON: every package
attribute with its pname and version, the aliases, the attributes that fail
to evaluate, the interpreter's version and the nixpkgs revision.

A snapshot lets pynix answer questions about your nixpkgs without evaluating
it again: `pynix check --snapshot FILE` reports the dependencies whose nixpkgs
version violates your project's constraints and those nixpkgs lacks, and the
renderers use it to map PyPI names to nixpkgs attributes (`PyYAML` ->
`pyyaml`, `Django<5` -> `django_4`).

Which nixpkgs: --nixpkgs PATH (a nixpkgs checkout or store path), --flake REF
(a nixpkgs flake, fetched with `nix eval`), or, with neither, <nixpkgs> from
NIX_PATH. Evaluating every package of a full nixpkgs takes minutes, so
snapshots are cached per nixpkgs (per store path, or per directory contents) in
  {cache}
and taking the same one again is quick.
"""

_SNAPSHOT_EPILOG = """\
examples:
  pynix nixpkgs snapshot --flake github:NixOS/nixpkgs/nixos-24.11 -o nixpkgs.json
  pynix nixpkgs snapshot --nixpkgs ~/src/nixpkgs --python python312 -o py312.json
  pynix check --snapshot nixpkgs.json
"""


def register(subparsers: Subparsers) -> None:
    """Add ``pynix nixpkgs`` and its ``snapshot`` sub-command."""
    parser = subparsers.add_parser(
        "nixpkgs",
        help="snapshot a nixpkgs Python package set (for pynix check)",
        description="Work with nixpkgs' Python package sets.",
    )
    commands = parser.add_subparsers(
        title="commands", metavar="COMMAND", parser_class=Parser, required=True
    )
    snapshot = commands.add_parser(
        "snapshot",
        help="write a snapshot of PYTHON.pkgs (attributes, versions, aliases) to FILE",
        description=_SNAPSHOT_DESCRIPTION.format(cache=default_cache_dir()),
        epilog=_SNAPSHOT_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    source = snapshot.add_mutually_exclusive_group()
    source.add_argument("--nixpkgs", type=Path, metavar="PATH", help="a nixpkgs source directory")
    source.add_argument(
        "--flake", metavar="REF", help="a nixpkgs flake reference, e.g. github:NixOS/nixpkgs"
    )
    snapshot.add_argument(
        "--python",
        default="python3",
        metavar="PYTHON",
        help="the interpreter attribute whose pkgs to walk (default: python3)",
    )
    snapshot.add_argument(
        "-o", "--output", type=Path, required=True, metavar="FILE", help="where to write the JSON"
    )
    snapshot.add_argument("--force", action="store_true", help="replace FILE if it exists")
    snapshot.set_defaults(run=_run_snapshot)


def _run_snapshot(args: argparse.Namespace) -> int:
    output: Path = args.output
    # write_files() checks again; checking first spares a refusal minutes of evaluation.
    refuse_existing([output], force=args.force)
    print(
        f"pynix: taking a snapshot of {args.python}.pkgs "
        "(the first one of a full nixpkgs takes minutes)",
        file=sys.stderr,
    )
    taken = take_snapshot(nixpkgs=args.nixpkgs, flake=args.flake, python_attr=args.python)
    write_files({output: snapshot_to_json(taken)}, force=args.force)
    python = taken.python
    where = taken.nixpkgs.revision or taken.nixpkgs.path or "nixpkgs"
    print(
        f"wrote {output}: {len(taken.packages)} packages, {len(taken.aliases)} aliases, "
        f"{len(taken.broken)} broken ({python.attr} {python.version}, {where})"
    )
    return 0
