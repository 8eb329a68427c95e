# /// script
# requires-python = ">=3.11"
# dependencies = [
#   "httpx>=0.27",
#   "rich>=13",
# ]
# ///
"""Print a one-line weather report for a city (an example PEP 723 script for pynix)."""

import sys

import httpx
from rich import print as rprint


def main() -> None:
    city = sys.argv[1] if len(sys.argv) > 1 else "Helsinki"
    response = httpx.get(f"https://wttr.in/{city}", params={"format": "3"}, timeout=10)
    rprint(f"[cyan]{response.text.strip()}[/]")


if __name__ == "__main__":
    main()
