"""What ``pynix generate`` and ``pynix lock`` share: the output options and how findings print."""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Sequence
from pathlib import Path

from pynix.cli._settings import add_settings_arguments, settings_from_arguments
from pynix.errors import InvalidArgument
from pynix.model import Finding
from pynix.workflow import RENDERERS, Generated, GenerateRequest

__all__ = [
    "add_output_arguments",
    "print_plan_errors",
    "print_written",
    "report",
    "request_from_arguments",
    "split_python",
]

_ATTR = re.compile(r"(python|pypy)[0-9]*(FreeThreading)?\Z")


def add_output_arguments(parser: argparse.ArgumentParser) -> None:
    """``--style``, ``--out``, ``--snapshot``, ``--version``, ``--application``, ``--force``
    and the settings options (``--system``, ``--python``, ...)."""
    parser.add_argument(
        "--style", choices=tuple(RENDERERS), default="overlay", help="how to write the package set"
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
    parser.add_argument("--force", action="store_true", help="replace existing files")
    add_settings_arguments(parser)


def split_python(values: Sequence[str]) -> tuple[str, list[str], list[str]]:
    """``--python`` values: the nixpkgs interpreter, the versions to plan for, and paths.

    ``python312`` is an interpreter attribute, ``3.12`` a version, and a
    value with a ``/`` the path of an interpreter (for uv, in ``pynix lock``).

    >>> split_python(["3.12", "python312", "/usr/bin/python3.12"])
    ('python312', ['3.12'], ['/usr/bin/python3.12'])
    """
    attrs = [v for v in values if _ATTR.match(v)]
    if len(attrs) > 1:
        raise InvalidArgument(
            f"--python: several interpreters given ({', '.join(attrs)})",
            hint="give one nixpkgs interpreter (python312) and any number of versions (3.12)",
        )
    paths = [v for v in values if "/" in v]
    versions = [v for v in values if not _ATTR.match(v) and "/" not in v]
    return (attrs[0] if attrs else "python3"), versions, paths


def request_from_arguments(args: argparse.Namespace, interpreter: str) -> GenerateRequest:
    """The generate request of the output options (``args.python``: the versions only)."""
    return GenerateRequest(
        style=args.style,
        out=args.out,
        snapshot=args.snapshot,
        interpreter=interpreter,
        version=args.version,
        application=args.application,
        settings=settings_from_arguments(args),
        allow_unhashed=bool(args.allow_unhashed),
        force=args.force,
    )


def report(findings: Sequence[Finding]) -> None:
    """Print every finding once, on stderr."""
    for finding in dict.fromkeys(findings):
        print(f"pynix: {finding}", file=sys.stderr)


def print_plan_errors(findings: Sequence[Finding], count: int, what: str) -> None:
    """Every finding, then ``pynix: N errors in the plan: <what>``."""
    report(findings)
    noun = "error" if count == 1 else "errors"
    print(f"pynix: {count} {noun} in the plan: {what}", file=sys.stderr)


def print_written(generated: Generated) -> int:
    """Say what was written, print the findings; 1 when the renderer found an error, else 0."""
    if generated.written:
        print(f"wrote {', '.join(p.name for p in generated.written)} in {generated.out}")
    else:
        print(f"the Nix files in {generated.out} are up to date")
    report(generated.findings)
    errors = len(generated.render_errors)
    if errors:
        noun = "error" if errors == 1 else "errors"
        print(
            f"pynix: {errors} {noun}: the files will not evaluate until that is fixed",
            file=sys.stderr,
        )
    return 1 if errors else 0
