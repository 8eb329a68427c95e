"""PEP 440 versions and version specifiers.

``packaging`` does the parsing and comparing; this module turns its errors
into :class:`~pynix.errors.InvalidVersion` / :class:`~pynix.errors.InvalidSpecifier`.

Traps:

* ``packaging`` >= 26 lets ``SpecifierSet(">=5,<8").contains("7.0rc1")`` be
  true; pass ``prereleases=False`` where pre-releases must not match.
* PEP 440 ``==1.0`` matches ``1.0.0`` (zero padding) but not ``1.0.1``;
  pyproject.nix's ``==`` deviates here, pynix follows the PEP.

>>> parse_version("1.0.0rc1").pre
('rc', 1)
>>> parse_specifiers(">=1.0, <2").contains("1.5")
True
"""

from __future__ import annotations

from packaging.specifiers import InvalidSpecifier as _PackagingInvalidSpecifier
from packaging.specifiers import Specifier, SpecifierSet
from packaging.version import InvalidVersion as _PackagingInvalidVersion
from packaging.version import Version

from pynix.errors import InvalidSpecifier, InvalidVersion

__all__ = ["SpecifierSet", "Version", "parse_specifiers", "parse_version"]


def parse_version(text: str) -> Version:
    """Parse a PEP 440 version; raises :class:`~pynix.errors.InvalidVersion`."""
    try:
        return Version(text)
    except _PackagingInvalidVersion:
        raise InvalidVersion("not a valid PEP 440 version", text=text) from None


def parse_specifiers(text: str) -> SpecifierSet:
    """Parse a comma-separated PEP 440 specifier set (``>=1.0,<2``; empty means any).

    Raises :class:`~pynix.errors.InvalidSpecifier` with a caret under the first bad clause.

    >>> parse_specifiers(">=1.0, =<2")
    Traceback (most recent call last):
    ...
    pynix.errors.InvalidSpecifier: not a valid PEP 440 version specifier: >=1.0, =<2
                                                                                 ^^^
    """
    try:
        return SpecifierSet(text)
    except _PackagingInvalidSpecifier:
        span = _bad_clause(text)
        raise InvalidSpecifier(
            "not a valid PEP 440 version specifier", text=text, span=span
        ) from None


def _bad_clause(text: str) -> tuple[int, int] | None:
    """Where the first invalid comma-separated clause of ``text`` is, for the caret."""
    offset = 0
    for clause in text.split(","):
        stripped = clause.strip()
        if stripped:
            try:
                Specifier(stripped)
            except _PackagingInvalidSpecifier:
                start = offset + clause.index(stripped)
                return start, start + len(stripped)
        offset += len(clause) + 1
    return None  # pragma: no cover - SpecifierSet refused a text whose clauses all parse
