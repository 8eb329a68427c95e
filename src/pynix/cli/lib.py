"""``pynix lib NAME [ARG_JSON ...]``: call a pyproject.nix ``lib`` function, print JSON."""

from __future__ import annotations

import argparse
import json

from pynix import interop
from pynix.cli._common import Subparsers
from pynix.errors import InvalidArgument, Location
from pynix.interop import JSON
from pynix.interop._registry import lookup

__all__ = ["register"]

_DESCRIPTION = """\
Call pynix's equivalent of pyproject.nix's lib.NAME on the JSON arguments and
print the result as JSON, in the shape pyproject.nix returns (sorted keys, no
spaces, as `nix eval --json` prints it), so that Nix can read it back with
builtins.fromJSON.

Each ARG_JSON is one JSON value: quote strings for the shell ('"3.0.0rc1"').
Where pyproject.nix takes a Python derivation, a platform or a libc, pass a
target object such as '{"system": "x86_64-linux", "version": "3.12"}', the
same one in each such position. The answers follow the PEPs where
pyproject.nix does not; docs/interop.md lists those places.
"""

_EPILOG = """\
examples:
  pynix lib pep440.parseVersion '"3.0.0rc1"'
  pynix lib pep508.parseMarkers '"python_version >= \\"3.8\\""'
  T='{"system": "x86_64-linux", "version": "3.12", "libcVersion": "2.38"}'
  pynix lib pep600.manyLinuxTagCompatible "$T" "$T" '"manylinux2014_x86_64"'
  pynix lib --list
"""


def register(subparsers: Subparsers) -> None:
    """Add ``pynix lib``."""
    parser = subparsers.add_parser(
        "lib",
        help="call a pyproject.nix lib function (pep440.parseVersion, ...) and print JSON",
        description=_DESCRIPTION,
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--list", action="store_true", help="list every supported NAME and exit")
    parser.add_argument("name", nargs="?", metavar="NAME", help="e.g. pep440.parseVersion")
    parser.add_argument("args", nargs="*", metavar="ARG_JSON", help="one JSON value per argument")
    parser.set_defaults(run=_run)


def _run(args: argparse.Namespace) -> int:
    if args.list:
        if args.name is not None:
            raise InvalidArgument("--list takes no NAME", hint="see 'pynix lib --help'")
        for name in interop.names():
            print(lookup(name).signature)
        return 0
    if args.name is None:
        raise InvalidArgument("missing NAME", hint="see 'pynix lib --list' for the names")
    lookup(args.name)  # an unknown name is reported before the arguments are
    values = [_load(text, index) for index, text in enumerate(args.args, 1)]
    result = interop.call(args.name, *values)
    print(json.dumps(result, sort_keys=True, ensure_ascii=False, separators=(",", ":")))
    return 0


def _load(text: str, index: int) -> JSON:
    where = Location(key=f"argument {index}")
    try:
        value: JSON = json.loads(text, parse_constant=_no_constant)
    except json.JSONDecodeError as error:
        if text.lstrip()[:1] not in ("{", "[", '"'):
            # The usual slip: a string the shell has unquoted (3.0.0rc1 reads as 3.0 + junk).
            raise InvalidArgument(
                "not valid JSON",
                location=where,
                hint=f"quote a string for the shell: '{json.dumps(text)}'",
            ) from None
        raise InvalidArgument(
            f"not valid JSON ({error.msg.lower()})",
            location=where,
            text=text,
            span=(error.pos, error.pos + 1),
        ) from None
    return value


def _no_constant(name: str) -> JSON:
    # Python's json reads NaN and Infinity, which are not JSON.
    raise json.JSONDecodeError(f"{name} is not JSON", name, 0)
