"""The ``greeter`` command."""

import sys

from rich.console import Console


def main() -> int:
    name = sys.argv[1] if len(sys.argv) > 1 else "world"
    Console().print(f"[bold green]Hello, {name}![/]")
    return 0
