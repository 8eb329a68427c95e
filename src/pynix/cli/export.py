"""``pynix export``: write any lock pynix reads as a standard PEP 751 ``pylock.toml``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pynix.cli._common import Subparsers
from pynix.index import IndexClient
from pynix.load import load_lock
from pynix.locks import write_pylock
from pynix.model import RegistrySource
from pynix.resolve.artifacts import needs_resolution, resolve_artifacts
from pynix.write import write_files

__all__ = ["register"]

_DESCRIPTION = """\
Read the lock of PATH (a lock file, or the uv.lock, pylock.toml, poetry.lock,
pdm.lock or hashed requirements*.txt beside a project) and write it as a PEP 751
pylock.toml, which pip, uv and PDM install from. What the standard cannot say
(dependency edges with their markers and extras, roots) is kept under
[tool.pynix] tables that other tools ignore.

A hashed requirements file names no files, only their hashes: the files are
looked up on the index (its --index-url, or --index-url here), the only
network access of this command. Poetry and PDM locks of private indexes are
completed the same way.
"""

_EPILOG = """\
examples:
  pynix export                       # ./uv.lock (or the lock found here) to stdout
  pynix export poetry.lock -o pylock.toml
  pynix export requirements.txt --index-url https://pypi.example/simple -o pylock.toml
"""


def register(subparsers: Subparsers) -> None:
    """Add ``pynix export``."""
    parser = subparsers.add_parser(
        "export",
        help="write a lock (uv.lock, poetry.lock, pdm.lock, hashed requirements) as pylock.toml",
        description=_DESCRIPTION,
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "path",
        nargs="?",
        default=".",
        type=Path,
        metavar="PATH",
        help="a lock file, a project file or a directory (default: .)",
    )
    parser.add_argument(
        "--format",
        choices=["pylock.toml"],
        default="pylock.toml",
        help="the format to write (default: pylock.toml)",
    )
    parser.add_argument(
        "-o", "--output", type=Path, metavar="FILE", help="write to FILE instead of stdout"
    )
    parser.add_argument("--force", action="store_true", help="replace FILE if it exists")
    parser.add_argument(
        "--allow-unhashed",
        action="store_true",
        help="accept requirements without --hash (pylock.toml still needs a hash per file)",
    )
    parser.add_argument(
        "--index-url",
        action="append",
        default=[],
        metavar="URL",
        help="the index to look files up on (repeatable; default: the lock's own)",
    )
    parser.set_defaults(run=_run)


def _run(args: argparse.Namespace) -> int:
    lock = load_lock(args.path, allow_unhashed=args.allow_unhashed)
    pending = [p for p in lock.packages if needs_resolution(p)]
    if pending:
        indexes = list(args.index_url) or list(
            dict.fromkeys(p.source.url for p in pending if isinstance(p.source, RegistrySource))
        )
        with IndexClient(indexes) as client:
            lock = resolve_artifacts(lock, client)
    text = write_pylock(lock)
    output: Path | None = args.output
    if output is None:
        sys.stdout.write(text)
        return 0
    write_files({output: text}, force=args.force)
    print(f"wrote {output} from {lock.source_file}", file=sys.stderr)
    return 0
