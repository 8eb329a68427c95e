"""Fixture projects for the tests, read here because the parsers do no I/O."""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any, TypeVar

from packaging.utils import NormalizedName, canonicalize_name

T = TypeVar("T")

PROJECTS = Path(__file__).resolve().parent.parent / "fixtures" / "projects"

__all__ = ["PROJECTS", "by_name", "fixture_text", "load_fixture"]


def load_fixture(scenario: str, name: str = "pyproject.toml") -> dict[str, Any]:
    """The parsed TOML of ``tests/fixtures/projects/<scenario>/<name>``."""
    return tomllib.loads((PROJECTS / scenario / name).read_text(encoding="utf-8"))


def fixture_text(scenario: str, name: str) -> str:
    """The text of ``tests/fixtures/projects/<scenario>/<name>``."""
    return (PROJECTS / scenario / name).read_text(encoding="utf-8")


def by_name(mapping: Mapping[NormalizedName, T], name: str) -> T:
    """``mapping[name]`` for the model's normalized-name keys (extras, groups)."""
    return mapping[canonicalize_name(name)]
