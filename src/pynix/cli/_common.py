"""What every command module shares: the parser class and the sub-parser type."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, NoReturn, TypeAlias

from pynix.errors import InvalidArgument

__all__ = ["Parser", "Subparsers"]


class Parser(argparse.ArgumentParser):
    """An argparse parser whose usage errors are a PynixError (one line, exit 2)."""

    def error(self, message: str) -> NoReturn:
        raise InvalidArgument(message, hint=f"see '{self.prog} --help'")


if TYPE_CHECKING:
    # What parser.add_subparsers() returns; generic only in the type stubs.
    Subparsers: TypeAlias = argparse._SubParsersAction[Parser]
else:
    Subparsers = argparse._SubParsersAction
