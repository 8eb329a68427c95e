"""The real ``nix-instantiate``, as the tests use it.

Tests that need Nix call these helpers; when ``nix-instantiate`` is missing
they *fail* with a message saying how to install it (``scripts/test.sh`` does
so on a fresh Debian machine). They never skip: a skipped Nix test would hide
a broken renderer in CI.

Evaluation runs with ``--readonly-mode``: paths are hashed as if copied to the
store but nothing is written, so no Nix daemon or writable store is needed.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

__all__ = ["nix_eval", "nix_eval_file", "nix_instantiate", "nix_parse"]


def nix_instantiate() -> str:
    """The path of ``nix-instantiate``; fails the calling test when there is none."""
    found = shutil.which("nix-instantiate")
    if found is None:
        pytest.fail(
            "nix-instantiate is not installed; run scripts/test.sh (installs Debian's "
            "nix-bin) or `apt-get install nix-bin`",
            pytrace=False,
        )
    return found


def _run(args: list[str], *, cwd: Path | None = None) -> str:
    result = subprocess.run(
        [nix_instantiate(), *args], capture_output=True, text=True, cwd=cwd, check=False
    )
    if result.returncode != 0:
        pytest.fail(f"nix-instantiate {' '.join(args)} failed:\n{result.stderr}", pytrace=False)
    return result.stdout


def nix_parse(path: Path) -> str:
    """Parse ``path`` with ``nix-instantiate --parse``; returns Nix's normalized print of it."""
    return _run(["--parse", str(path)])


def nix_eval(expression: str, *, cwd: Path | None = None) -> Any:
    """Evaluate ``expression`` strictly and return the result decoded from JSON."""
    return json.loads(
        _run(["--eval", "--strict", "--json", "--readonly-mode", "--expr", expression], cwd=cwd)
    )


def nix_eval_file(path: Path) -> Any:
    """Evaluate the file at ``path`` strictly and return the result decoded from JSON."""
    return json.loads(_run(["--eval", "--strict", "--json", "--readonly-mode", str(path)]))
