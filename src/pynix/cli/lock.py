"""``pynix lock``: uv locks, pynix reads what Nix needs from the locked files, then generates.

The pipeline is :func:`pynix.workflow.lock`; this module parses the options
and prints. Exit statuses: 0 -- locked (and written); 1 -- locked and
written, but the renderer found an error (a dynamic version without
``--version``), or, with ``--no-generate``, the plan has errors that
``pynix generate`` will stop on; 2 -- a :class:`~pynix.errors.PynixError`
or an error of the plan: the lock is as it was and no Nix file is written.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Sequence

from pynix.cli._common import Parser, Subparsers
from pynix.cli._generating import (
    add_output_arguments,
    print_plan_errors,
    print_written,
    report,
    request_from_arguments,
    split_python,
)
from pynix.cli._progress import progress_bar
from pynix.enrich import Origin
from pynix.errors import InvalidArgument
from pynix.model import Index
from pynix.resolve import LockOptions
from pynix.workflow import IndexAccess, Locked, LockRequest, lock

__all__ = ["register"]

_DESCRIPTION = """\
Lock the project with uv, read from the locked files what lock files leave
out, and write the Nix files (as pynix generate does).

  pyproject.toml projects          uv lock                     -> uv.lock
  requirements.txt / .in, setup.cfg,
  PEP 723 scripts                  uv pip compile --universal  -> pylock.toml
                                   --generate-hashes              (pylock.<name>.toml
                                                                   for a script)

Then, for the files the plan installs on the chosen systems: the build
system of every sdist that is built ([build-system] of its pyproject.toml;
setuptools' legacy default, flagged, when it has none) and the native
libraries of every binary wheel (the DT_NEEDED entries of its shared
objects, mapped to nixpkgs packages). They are read with HTTP range
requests where the index allows, and kept in the cache
($XDG_CACHE_HOME/pynix) by the file's sha256: running pynix lock again, or
pynix generate and pynix explain, reads nothing from the index.

An existing lock keeps its pins, except those --upgrade-package names
(pinned and secure: move one package, keep everything else). If anything
fails, the lock is put back as it was and no Nix file is written; files
pynix generated are replaced when they change, other files only with --force.

Private indexes: credentials come from the index URL (https://user:pass@host/
simple), from UV_INDEX_<NAME>_USERNAME / _PASSWORD for an index given as
NAME=URL, or from netrc ($NETRC or ~/.netrc). uv and pynix both use them;
neither writes them to the lock, the Nix files, the cache or the output. The
Nix files fetch with plain fetchurl: give Nix the same credentials with its
netrc-file setting (netrc-file = /etc/nix/netrc in nix.conf, readable by the
Nix daemon).

--python takes a CPython version to plan for (3.12; repeatable), the nixpkgs
interpreter the files default to (python312), or the path of the
interpreter uv resolves with (/usr/bin/python3.12; default: the one running
pynix). uv never downloads an interpreter.
"""

_EPILOG = """\
examples:
  pynix lock                                     the project here
  pynix lock --upgrade-package urllib3           move urllib3 only
  pynix lock requirements.in --python-version 3.11
  pynix lock tools/fetch.py --system x86_64-linux
  pynix lock --index-url corp=https://pypi.corp.example/simple --no-generate
"""

_NAMED = re.compile(r"([A-Za-z0-9][A-Za-z0-9_.-]*)=(.+)\Z")


def register(subparsers: Subparsers) -> None:
    """Add ``lock`` to the ``pynix`` command."""
    parser: Parser = subparsers.add_parser(
        "lock",
        help="lock with uv, read build systems and native libraries, write the Nix files",
        description=_DESCRIPTION,
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "path", nargs="?", default=".", metavar="PATH", help="project directory or file"
    )
    group = parser.add_argument_group("resolution (passed to uv)")
    group.add_argument(
        "--index-url",
        metavar="[NAME=]URL",
        help="the default index, replacing PyPI (uv's --default-index)",
    )
    group.add_argument(
        "--extra-index-url",
        action="append",
        default=[],
        metavar="[NAME=]URL",
        help="an index searched before the default one (repeatable; uv's --index)",
    )
    group.add_argument(
        "--find-links",
        action="append",
        default=[],
        metavar="DIR|URL",
        help="a directory or page of distributions (repeatable)",
    )
    group.add_argument(
        "--python-version",
        metavar="X.Y",
        help="the lowest Python of a compiled lock (pyproject.toml projects: requires-python)",
    )
    group.add_argument(
        "--platform",
        action="append",
        default=[],
        metavar="SYSTEM",
        help="restrict a compiled lock to one platform (x86_64-linux; default: all)",
    )
    group.add_argument(
        "--upgrade-package",
        action="append",
        default=[],
        metavar="NAME",
        help="let this package move to a newer version, keeping every other pin (repeatable)",
    )
    group.add_argument("--upgrade", action="store_true", help="let every package move")
    parser.add_argument(
        "--no-generate",
        action="store_true",
        help="stop after the lock and the enrichment: write no Nix file",
    )
    parser.add_argument(
        "-q", "--quiet", action="store_true", help="no progress bar (none off a terminal anyway)"
    )
    add_output_arguments(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Lock, enrich, generate; print what happened."""
    interpreter, versions, paths = split_python(args.python)
    if len(paths) > 1:
        raise InvalidArgument(
            f"--python: several interpreters for uv given ({', '.join(paths)})",
            hint="give uv one interpreter",
        )
    args.python = versions
    options = LockOptions(
        indexes=indexes(args.index_url, args.extra_index_url),
        find_links=tuple(args.find_links),
        python_version=args.python_version,
        platforms=tuple(args.platform),
        upgrade_packages=tuple(args.upgrade_package),
        upgrade_all=args.upgrade,
        python=paths[0] if paths else None,
    )
    generate = request_from_arguments(args, interpreter)
    request = LockRequest(options=options, generate=generate, write_nix=not args.no_generate)
    with progress_bar(quiet=args.quiet, stream=sys.stderr) as progress:
        locked = lock(args.path, request, access=IndexAccess(progress=progress))
    return _print(locked, write_nix=not args.no_generate)


def indexes(default: str | None, extra: Sequence[str]) -> tuple[Index, ...]:
    """``--extra-index-url`` values, then ``--index-url``, as the indexes uv and pynix ask.

    >>> [(i.name, i.url, i.default) for i in indexes("corp=https://c/simple", ["https://x/s"])]
    [(None, 'https://x/s', False), ('corp', 'https://c/simple', True)]
    """
    found = [_index(value, default=False) for value in extra]
    if default is not None:
        found.append(_index(default, default=True))
    return tuple(found)


def _index(value: str, *, default: bool) -> Index:
    match = _NAMED.match(value)
    if match is not None and "://" not in match.group(1):
        return Index(url=match.group(2), name=match.group(1), default=default)
    return Index(url=value, default=default)


def _print(locked: Locked, *, write_nix: bool) -> int:
    result = locked.result
    summary = f" ({result.summary})" if result.summary else ""
    if locked.restored:
        print_plan_errors(
            locked.findings,
            len(locked.plan.errors),
            f"{result.path.name} left as it was, no Nix file written",
        )
        return 2
    if result.changed:
        print(f"locked {result.path}{summary}")
    else:
        print(f"{result.path} is up to date{summary}")
    for update in result.updates:
        print(f"  {update}")
    for warning in result.warnings:
        print(f"pynix: warning: uv: {warning}", file=sys.stderr)
    if locked.enriched is not None:
        origins = [e.origin for e in locked.enriched.explanations]
        read, cached = origins.count(Origin.NETWORK), origins.count(Origin.CACHE)
        count = read + cached
        if count:
            print(
                f"enriched {count} {'file' if count == 1 else 'files'}: {read} read from the "
                f"index, {cached} from the cache"
            )
        else:
            print("nothing to enrich: no sdist is built and no binary wheel installed")
    if locked.generated is None:
        report(locked.findings)
        if write_nix or not locked.plan.errors:
            return 0
        count = len(locked.plan.errors)
        print(
            f"pynix: {count} {'error' if count == 1 else 'errors'} in the plan: "
            "pynix generate will stop on them",
            file=sys.stderr,
        )
        return 1
    return print_written(locked.generated)
