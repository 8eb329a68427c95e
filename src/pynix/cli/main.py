"""``pynix`` entry point: build the parser from the command modules, turn errors into exit codes.

Each command lives in its own module under :mod:`pynix.cli` and exposes
``register(subparsers)``, which adds its sub-parser and sets ``run`` to a
function ``(argparse.Namespace) -> int``. Only the module of the command being
run is imported (``pynix show`` does not load the index client, the renderers
or uv's driver); ``pynix --help`` and a mistyped command load them all. This
module is the one place that maps failures to exit statuses:

* 0 -- success; 1 -- the command ran and found problems (``pynix check``);
* 2 -- a :class:`~pynix.errors.PynixError`: bad input, a wrong option, a
  missing tool. One or two lines on stderr, never a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable, Sequence
from typing import Protocol, cast

import pynix
from pynix.cli._common import Parser, Subparsers
from pynix.errors import PynixError

__all__ = ["COMMANDS", "build_parser", "main"]


class _CommandModule(Protocol):
    def register(self, subparsers: Subparsers) -> None: ...


# Every command and its module under pynix.cli, in the order `pynix --help` shows them.
COMMANDS = ("show", "init", "lock", "generate", "explain", "export", "nixpkgs", "check", "lib")


def _command_module(name: str) -> _CommandModule:
    return cast("_CommandModule", importlib.import_module(f"pynix.cli.{name}"))


def build_parser(commands: Sequence[str] = COMMANDS) -> argparse.ArgumentParser:
    """The ``pynix`` argument parser, with ``commands`` (default: every one)."""
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
    for name in commands:
        _command_module(name).register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``pynix`` with ``argv`` (default: ``sys.argv[1:]``) and return the exit status."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    try:
        args = build_parser(_commands_for(arguments)).parse_args(arguments)
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


def _commands_for(arguments: Sequence[str]) -> Sequence[str]:
    """The commands whose modules a command line needs loaded.

    The command word is the first argument that is not an option (``pynix``
    itself takes no option with a value). ``pynix --help`` lists every command
    and a mistyped one is told the choices: both load them all.
    """
    command = next((a for a in arguments if not a.startswith("-")), None)
    if command in COMMANDS:
        return (command,)
    if command is None and not {"-h", "--help"} & set(arguments):
        return ()  # `pynix --version`, or `pynix` alone (told that a command is required)
    return COMMANDS


def print_error(error: PynixError) -> None:
    """Print ``error`` as ``pynix: error: ...`` on stderr, keeping its caret line aligned."""
    prefix = "pynix: error: "
    first, *rest = str(error).split("\n")
    print(prefix + first, file=sys.stderr)
    for line in rest:
        print(" " * len(prefix) + line, file=sys.stderr)
