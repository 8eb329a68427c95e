"""``pynix`` entry point: build the parser from the command modules, turn errors into exit codes.

Each command lives in its own module under :mod:`pynix.cli` and exposes
``register(subparsers)``, which adds its sub-parser and sets ``run`` to a
function ``(argparse.Namespace) -> int``. This module is the one place that
maps failures to exit statuses:

* 0 -- success; 1 -- the command ran and found problems (``pynix check``);
* 2 -- a :class:`~pynix.errors.PynixError`: bad input, a wrong option, a
  missing tool. One or two lines on stderr, never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from typing import Protocol

import pynix
from pynix.cli import check as check_command
from pynix.cli import explain, export, generate, init, lib, lock, nixpkgs, show
from pynix.cli._common import Parser, Subparsers
from pynix.errors import PynixError

__all__ = ["build_parser", "main"]


class _CommandModule(Protocol):
    def register(self, subparsers: Subparsers) -> None: ...


def _command_modules() -> tuple[_CommandModule, ...]:
    # Listed here, in the order `pynix --help` shows them.
    return (
        show,
        init,
        lock,
        generate,
        explain,
        export,
        nixpkgs,
        check_command,
        lib,
    )


def build_parser() -> argparse.ArgumentParser:
    """The full ``pynix`` argument parser."""
    parser = Parser(
        prog="pynix",
        description=(
            "Turn Python projects (pyproject.toml, setup.cfg, requirements.txt, PEP 723 "
            "scripts) and their locks (uv.lock, poetry.lock, pdm.lock, pylock.toml) into "
            "reproducible Nix environments and packages."
        ),
        epilog="Run 'pynix COMMAND --help' for the options of one command.",
    )
    parser.add_argument("--version", action="version", version=f"pynix {pynix.__version__}")
    subparsers = parser.add_subparsers(
        title="commands", metavar="COMMAND", parser_class=Parser, required=True
    )
    for module in _command_modules():
        module.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``pynix`` with ``argv`` (default: ``sys.argv[1:]``) and return the exit status."""
    try:
        args = build_parser().parse_args(argv)
        run: Callable[[argparse.Namespace], int] = args.run
        return run(args)
    except PynixError as error:
        print_error(error)
        return 2
    except KeyboardInterrupt:
        print("pynix: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader of our output went away (`pynix show | head`); nothing left to say.
        return 0


def print_error(error: PynixError) -> None:
    """Print ``error`` as ``pynix: error: ...`` on stderr, keeping its caret line aligned."""
    prefix = "pynix: error: "
    first, *rest = str(error).split("\n")
    print(prefix + first, file=sys.stderr)
    for line in rest:
        print(" " * len(prefix) + line, file=sys.stderr)
