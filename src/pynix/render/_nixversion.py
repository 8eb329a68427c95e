"""Nix's ``builtins.compareVersions``, in Python, to check version thresholds before writing them.

A port of ``nextComponent`` / ``componentsLT`` / ``compareVersions`` of Nix
2.8 (``src/libstore/names.cc``): a version splits into components at ``.``
and ``-`` and between runs of digits and non-digits; components compare
numerically when both are numbers, a missing component is ``""``, ``"pre"``
is older than anything, a number is newer than a word, and words compare as
byte strings. ``lib.versionOlder a b`` is ``compareVersions b a == 1``.

Where this differs from PEP 440 (what :mod:`pynix.render.conditions` guards
against):

* ``3.14.0a7`` is *newer* than ``3.14.0`` for Nix (``""`` < ``"a"``); PEP 440
  puts pre-releases first.
* ``3.14`` is older than ``3.14.0`` for Nix (``""`` < ``"0"``); PEP 440 says equal.

>>> compare_versions("3.9", "3.10"), compare_versions("3.14.0a7", "3.14.0")
(-1, 1)
>>> version_older("3.14.0pre-a7", "3.14.0")
True
"""

from __future__ import annotations

__all__ = ["compare_versions", "version_older"]


def _components(version: str) -> list[str]:
    parts: list[str] = []
    index, end = 0, len(version)
    while True:
        while index < end and version[index] in ".-":
            index += 1
        if index >= end:
            return parts
        start = index
        if version[index].isdigit():
            while index < end and version[index].isdigit():
                index += 1
        else:
            while index < end and not version[index].isdigit() and version[index] not in ".-":
                index += 1
        parts.append(version[start:index])


def _number(component: str) -> int | None:
    # Nix parses with string2Int<int>: digits only here, and nothing past 32 bits.
    if component.isdigit() and int(component) < 2**31:
        return int(component)
    return None


def _less(c1: str, c2: str) -> bool:  # noqa: PLR0911 - one return per rule of componentsLT
    n1, n2 = _number(c1), _number(c2)
    if n1 is not None and n2 is not None:
        return n1 < n2
    if c1 == "" and n2 is not None:
        return True
    if c1 == "pre" and c2 != "pre":
        return True
    if c2 == "pre":
        return False
    if n2 is not None:
        return True
    if n1 is not None:
        return False
    return c1.encode() < c2.encode()


def compare_versions(v1: str, v2: str) -> int:
    """-1, 0 or 1 as ``builtins.compareVersions v1 v2`` returns it."""
    parts1, parts2 = _components(v1), _components(v2)
    for index in range(max(len(parts1), len(parts2))):
        c1 = parts1[index] if index < len(parts1) else ""
        c2 = parts2[index] if index < len(parts2) else ""
        if _less(c1, c2):
            return -1
        if _less(c2, c1):
            return 1
    return 0


def version_older(v1: str, v2: str) -> bool:
    """``lib.versionOlder v1 v2``: whether Nix orders ``v1`` before ``v2``."""
    return compare_versions(v2, v1) == 1
