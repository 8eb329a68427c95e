"""The ``pynix`` command: argument parsing, calls into the library, printing."""

from pynix.cli.main import main

__all__ = ["main"]
