"""Shared by the lock tests: fixture files, their hash convention, and lock comparison."""

from __future__ import annotations

import base64
import dataclasses
import hashlib
from pathlib import Path

from packaging.version import Version

from pynix.model import LockedPackage, LockSet, PathSource

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "locks"


def fixture(scenario: str, name: str) -> str:
    """The text of ``tests/fixtures/locks/<scenario>/<name>``."""
    return (FIXTURES / scenario / name).read_text()


def fixture_hex(filename: str) -> str:
    """The made-up sha256 the fixtures give ``filename`` (see the fixtures' README)."""
    return hashlib.sha256(f"pynix-fixture:{filename}".encode()).hexdigest()


def fixture_sri(filename: str) -> str:
    """:func:`fixture_hex` as an SRI string."""
    digest = hashlib.sha256(f"pynix-fixture:{filename}".encode()).digest()
    return "sha256-" + base64.b64encode(digest).decode()


def package(lock: LockSet, name: str, version: str | None = None) -> LockedPackage:
    """The one pin of ``name`` (at ``version`` when given)."""
    (found,) = [
        p for p in lock.packages if p.name == name and (version is None or p.version == version)
    ]
    return found


def comparable(lock: LockSet) -> LockSet:
    """``lock`` without what pylock.toml cannot carry, in pylock.toml's package order."""

    def virtual(p: LockedPackage) -> bool:
        return isinstance(p.source, PathSource) and p.source.virtual

    kept = [p for p in lock.packages if not virtual(p)]
    kept.sort(
        key=lambda p: (p.name, p.version is not None, Version(p.version or "0"), repr(p.source))
    )
    names = {p.name for p in kept}
    return dataclasses.replace(
        lock,
        format=lock.format.PYLOCK,
        packages=tuple(dataclasses.replace(p, build_system=None) for p in kept),
        roots=tuple(sorted(r for r in lock.roots if r in names)),
        source_file=None,
    )
