"""``pynix explain NAME``: why this file, this build system, these native libraries.

The pipeline is :func:`pynix.workflow.explain`; this module parses and
prints its lines. Offline by default: enrichment facts come from the cache
that ``pynix lock`` fills, and a fact that is not there is said to be
unknown, with how to learn it (``pynix lock``, or ``--online``).
"""

from __future__ import annotations

import argparse
import sys

from pynix.cli._common import Parser, Subparsers
from pynix.cli._progress import progress_bar
from pynix.cli._settings import add_settings_arguments, settings_from_arguments
from pynix.workflow import IndexAccess, explain

__all__ = ["register"]

_DESCRIPTION = """\
Explain one locked package: for each group of planned targets, the file the
plan installs and why (the wheel whose tag ranks first there, with the
runners-up; or why the sdist); its build system (read from the sdist, from
the lock, or setuptools' legacy default -- and from where: the cache, the
index, the lock); and, for every wheel installed, the libraries it needs from
nixpkgs and those it does not (the C library, shipped in the wheel or by
another locked wheel, provided by the driver at run time).

Facts come from the cache that pynix lock fills; nothing is downloaded unless
--online is given.
"""


def register(subparsers: Subparsers) -> None:
    """Add ``explain`` to the ``pynix`` command."""
    parser: Parser = subparsers.add_parser(
        "explain",
        help="why a package is installed from its file, with its build system and libraries",
        description=_DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("name", metavar="NAME", help="a package of the lock")
    parser.add_argument("path", nargs="?", default=".", metavar="PATH", help="project or lock")
    parser.add_argument(
        "--online",
        action="store_true",
        help="read the facts the cache lacks from the index (and cache them)",
    )
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    add_settings_arguments(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Print the explanation of ``args.name``."""
    with progress_bar(quiet=args.quiet, stream=sys.stderr) as progress:
        explanation = explain(
            args.path,
            args.name,
            settings=settings_from_arguments(args),
            access=IndexAccess(progress=progress),
            online=args.online,
        )
    for line in explanation.describe():
        print(line)
    return 0
