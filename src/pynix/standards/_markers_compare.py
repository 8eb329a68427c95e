"""How one marker comparison between two strings is decided (see :mod:`pynix.standards.markers`).

The rules are those of ``packaging`` 26.3, which implements the PyPA
dependency-specifiers text as clarified in 2025/2026:

1. For the four version-like variables, when ``<op><rhs>`` is a valid PEP 440
   specifier the answer is whether it contains ``lhs`` (pre-releases
   included); a ``lhs`` that is no valid version is contained in nothing.
2. Otherwise the strings are compared: ``in``/``not in`` test for substrings,
   ``==``/``!=`` for equality, ``<=``/``>=`` mean ``==``, ``<``/``>`` are false.
3. ``~=`` and ``===`` on strings are undefined: :class:`~pynix.errors.InvalidMarker`.

Parsed specifiers and versions are cached: a lock evaluates the same few
comparisons against a handful of environments many thousand times.
"""

from __future__ import annotations

import functools
import operator
from collections.abc import Callable
from typing import Final

from packaging.specifiers import InvalidSpecifier, Specifier
from packaging.version import InvalidVersion, Version

from pynix.errors import InvalidMarker

__all__ = ["STRING_OPERATORS", "VERSION_VARIABLES", "compare_values", "undefined_on_strings"]

VERSION_VARIABLES: Final = frozenset(
    {"implementation_version", "platform_release", "python_full_version", "python_version"}
)


def _never(_lhs: str, _rhs: str) -> bool:
    return False


def _contains(lhs: str, rhs: str) -> bool:
    return lhs in rhs


def _not_contains(lhs: str, rhs: str) -> bool:
    return lhs not in rhs


STRING_OPERATORS: Final[dict[str, Callable[[str, str], bool]]] = {
    "in": _contains,
    "not in": _not_contains,
    "==": operator.eq,
    "!=": operator.ne,
    "<=": operator.eq,
    ">=": operator.eq,
    "<": _never,
    ">": _never,
}
_NOT_SPECIFIERS: Final = frozenset({"in", "not in"})


@functools.lru_cache(maxsize=4096)
def _specifier(op: str, rhs: str) -> Specifier | None:
    try:
        return Specifier(f"{op}{rhs}")
    except InvalidSpecifier:
        return None


@functools.lru_cache(maxsize=4096)
def _version(text: str) -> Version | None:
    try:
        return Version(text)
    except InvalidVersion:
        return None


def compare_values(variable: str, lhs: str, op: str, rhs: str) -> bool:
    """Decide ``lhs <op> rhs`` where one side is the value of ``variable``.

    Raises :class:`~pynix.errors.InvalidMarker` (without the marker text, which
    the caller adds) when the comparison is undefined.
    """
    if variable in VERSION_VARIABLES and op not in _NOT_SPECIFIERS:
        spec = _specifier(op, rhs)
        if spec is not None:
            if op == "===":
                # Arbitrary equality compares the raw text, not a parsed version.
                return spec.contains(lhs, prereleases=True)
            version = _version(lhs)
            return version is not None and spec.contains(version, prereleases=True)
        test = STRING_OPERATORS.get(op)
        if test is None:
            raise InvalidMarker(f"undefined comparison: {op}{rhs} is not a version specifier")
        return test(lhs, rhs)
    test = STRING_OPERATORS.get(op)
    if test is None:
        raise InvalidMarker(undefined_on_strings(op, variable))
    return test(lhs, rhs)


def undefined_on_strings(op: str, variable: str) -> str:
    """The message for ``~=`` or ``===`` on a string variable."""
    return f"undefined comparison: {op} needs versions and {variable} is a string"
