"""Data files the project shares outside the repository, read where they are (never copied in).

They live in a ``shared/data`` directory beside the repository's checkout (or
beside the directory holding several worktrees of it); ``PYNIX_SHARED_DATA``
names the directory instead when it is elsewhere. A test that needs a file
and cannot find it fails, saying where it looked -- it never skips.
"""

from __future__ import annotations

import functools
import json
import os
from pathlib import Path
from typing import Any

import pytest

__all__ = ["nixpkgs_python_attrs", "shared_data_file"]

_ROOT = Path(__file__).resolve().parents[2]


def shared_data_file(name: str) -> Path:
    """The path of shared data file ``name``; fails the calling test when it is nowhere."""
    override = os.environ.get("PYNIX_SHARED_DATA")
    places = [Path(override)] if override else []
    places += [base / "shared" / "data" for base in (_ROOT.parent, _ROOT.parent.parent)]
    for place in places:
        if (place / name).is_file():
            return place / name
    pytest.fail(
        f"shared data {name} not found in {', '.join(str(p) for p in places)} "
        "(set PYNIX_SHARED_DATA to its directory)",
        pytrace=False,
    )


@functools.cache
def nixpkgs_python_attrs() -> dict[str, Any]:
    """nixpkgs' Python attribute names and aliases (mid-2024): ``{"attrs", "aliases", ...}``."""
    data: dict[str, Any] = json.loads(
        shared_data_file("nixpkgs-python-attrs.json").read_text(encoding="utf-8")
    )
    return data
