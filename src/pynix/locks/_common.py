"""Pieces every lock reader needs: names, versions, markers, hashes and pins, each checked.

Each function takes the dotted key path of the value it checks, so a bad
value fails as ``package[3].version: not a valid PEP 440 version: '1.0-'``.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence

from packaging._tokenizer import ParserSyntaxError
from packaging.markers import InvalidMarker, Marker
from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.utils import NormalizedName, canonicalize_name
from packaging.version import InvalidVersion, Version

from pynix.errors import InvalidLock, InvalidRequirement, Location, PynixError
from pynix.locks._toml import fail
from pynix.locks.hashes import to_sri
from pynix.model.lock import LockedDependency, LockedPackage
from pynix.model.source import Source
from pynix.standards.names import is_valid_name
from pynix.standards.requirements import Requirement, parse_requirement

__all__ = [
    "Pins",
    "check_duplicates",
    "check_version",
    "or_markers",
    "parse_hash",
    "parse_marker",
    "parse_name",
    "parse_pep508",
    "parse_specifiers",
]


def parse_name(text: str, path: str) -> NormalizedName:
    """A distribution name, normalized (PEP 503); refuses what is not a valid name."""
    name = _normalized(text)
    if name is None:
        raise fail(path, f"not a valid distribution name: {text!r}")
    return name


@functools.lru_cache(maxsize=8192)
def _normalized(text: str) -> NormalizedName | None:
    # A lock names each package in every edge to it: checked and normalized once per spelling.
    return canonicalize_name(text) if is_valid_name(text) else None


def check_version(text: str, path: str) -> str:
    """``text`` unchanged if it is a PEP 440 version."""
    try:
        Version(text)
    except InvalidVersion:
        raise fail(path, f"not a valid PEP 440 version: {text!r}") from None
    return text


@functools.lru_cache(maxsize=4096)
def _marker(text: str) -> Marker:
    # Locks repeat the same few markers thousands of times; Marker values never change.
    return Marker(text)


def parse_marker(text: str, path: str) -> Marker:
    """A PEP 508 environment marker, with a caret under a syntax error."""
    try:
        return _marker(text)
    except InvalidMarker as exc:
        cause = exc.__cause__
        if isinstance(cause, ParserSyntaxError) and "\n" not in text:
            start, end = cause.span
            message = cause.message[:1].lower() + cause.message[1:]
            raise InvalidLock(
                f"invalid marker: {message}",
                location=Location(key=path),
                text=text,
                span=(start, end + 1),
            ) from None
        raise fail(path, f"invalid marker: {text!r}") from None


def or_markers(markers: Sequence[Marker]) -> Marker | None:
    """One marker true where any of ``markers`` is (``None`` for none)."""
    unique = list(dict.fromkeys(str(m) for m in markers))
    if not unique:
        return None
    if len(unique) == 1:
        return Marker(unique[0])
    return Marker(" or ".join(f"({m})" for m in unique))


def parse_specifiers(text: str, path: str) -> SpecifierSet:
    """A PEP 440 specifier set such as ``>=3.9,<4``."""
    try:
        return SpecifierSet(text)
    except InvalidSpecifier:
        raise fail(path, f"not a valid PEP 440 version specifier: {text!r}") from None


def parse_pep508(text: str, path: str) -> Requirement:
    """A PEP 508 requirement string, with a caret under a syntax error."""
    try:
        return parse_requirement(text)
    except InvalidRequirement as exc:
        raise InvalidLock(
            exc.message, location=Location(key=path), text=exc.text, span=exc.span
        ) from None


def parse_hash(text: str, path: str) -> str:
    """A hash as the lock spells it, turned into an SRI ``sha256-...`` string."""
    try:
        return to_sri(text)
    except PynixError as exc:
        raise exc.at(key=path) from None


def check_duplicates(packages: Iterable[tuple[str, LockedPackage]]) -> None:
    """Refuse two entries with the same name, version and source, naming both."""
    seen: dict[tuple[str, str | None, Source], str] = {}
    for path, package in packages:
        key = (package.name, package.version, package.source)
        first = seen.setdefault(key, path)
        if first != path:
            version = f" {package.version}" if package.version else ""
            raise fail(path, f"{package.name}{version} is locked twice, here and at {first}")


class Pins:
    """The pins of a lock by name, to tell which one an edge means.

    >>> from pynix.model import RegistrySource
    >>> pypi = RegistrySource(url="https://pypi.org/simple")
    >>> pins = Pins(
    ...     [LockedPackage(name="numpy", version=v, source=pypi) for v in ("1.26.4", "2.1.0")]
    ... )
    >>> pins.edge(LockedDependency(name="numpy"), SpecifierSet("<2")).version
    '1.26.4'
    """

    def __init__(self, packages: Iterable[LockedPackage]) -> None:
        self._by_name: dict[str, list[LockedPackage]] = {}
        for package in packages:
            self._by_name.setdefault(package.name, []).append(package)

    def get(self, name: str) -> list[LockedPackage]:
        """Every pin of ``name`` in lock order."""
        return self._by_name.get(name, [])

    def edge(
        self, dependency: LockedDependency, specifier: SpecifierSet | None
    ) -> LockedDependency:
        """``dependency`` with ``version`` set when the lock pins its name several times.

        ``specifier`` (the requirement's version range) picks the pin; when it
        matches several pins, or none, the edge is left without a version:
        the pins' own markers then tell them apart.
        """
        pins = self.get(dependency.name)
        if len(pins) < 2 or specifier is None:
            return dependency
        matching = {
            p.version
            for p in pins
            if p.version is not None and specifier.contains(p.version, prereleases=True)
        }
        if len(matching) != 1:
            return dependency
        (version,) = matching
        return LockedDependency(
            name=dependency.name,
            extras=dependency.extras,
            marker=dependency.marker,
            version=version,
        )
