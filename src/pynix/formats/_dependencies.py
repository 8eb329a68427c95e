"""Helpers every project-file dialect shares: located requirement parsing, URL sources, notes."""

from __future__ import annotations

import dataclasses
import urllib.parse
from collections.abc import Callable

from pynix.errors import Location, PynixError
from pynix.formats._toml_paths import expect_list, expect_str, item
from pynix.model import (
    Dependency,
    Finding,
    GitSource,
    PathSource,
    Severity,
    Source,
    UrlSource,
)

__all__ = [
    "map_dependencies",
    "note",
    "parse_dependency",
    "parse_dependency_list",
    "source_from_url",
    "with_text",
]


def parse_dependency(value: object, path: str) -> Dependency:
    """A PEP 508 string at ``path``; errors carry the key path and a caret."""
    text = expect_str(value, path)
    try:
        return Dependency.parse(text)
    except PynixError as error:
        raise error.at(key=path) from None


def parse_dependency_list(value: object, path: str) -> tuple[Dependency, ...]:
    """An array of PEP 508 strings at ``path``."""
    return tuple(
        parse_dependency(entry, item(path, i)) for i, entry in enumerate(expect_list(value, path))
    )


def source_from_url(url: str) -> Source | None:
    """The source a direct-reference URL names: ``git+`` -> git, ``file:`` -> path, else URL.

    ``#subdirectory=`` fragments and ``@rev`` suffixes of git URLs are split
    off; ``None`` for a URL scheme pynix does not know (``hg+``, ``svn+``) or
    a URL :mod:`urllib.parse` cannot split (``http://[::1``).

    >>> source = source_from_url("git+https://github.com/pallets/click.git@8.1.7#egg=click")
    >>> (source.url, source.rev)
    ('https://github.com/pallets/click.git', '8.1.7')
    """
    try:
        return _source_from_url(url)
    except ValueError:  # urllib's "Invalid IPv6 URL"
        return None


def _source_from_url(url: str) -> Source | None:
    base, _, fragment = url.partition("#")
    options = urllib.parse.parse_qs(fragment)
    subdirectory = options.get("subdirectory", [None])[0]
    scheme = base.partition(":")[0].lower()
    if scheme.startswith("git+"):
        parts = urllib.parse.urlsplit(base[len("git+") :])
        path, at, rev = parts.path.rpartition("@")
        if not at:
            path, rev = parts.path, ""
        plain = urllib.parse.urlunsplit(parts._replace(path=path))
        return GitSource(url=plain, rev=rev or None, subdirectory=subdirectory)
    if scheme == "file":
        return PathSource(path=urllib.parse.unquote(urllib.parse.urlsplit(base).path))
    if scheme in ("http", "https"):
        return UrlSource(url=base, subdirectory=subdirectory)
    return None


def map_dependencies(
    dependencies: tuple[Dependency, ...], change: Callable[[Dependency], list[Dependency]]
) -> tuple[Dependency, ...]:
    """Replace each dependency by the (zero or more) dependencies ``change`` returns, in order."""
    return tuple(new for dependency in dependencies for new in change(dependency))


def note(
    code: str,
    message: str,
    *,
    key: str | None = None,
    subject: str | None = None,
    severity: Severity = Severity.WARNING,
    hint: str | None = None,
) -> Finding:
    """A finding about a translation that is not one-to-one, located by key path."""
    return Finding(
        severity=severity,
        code=code,
        message=message,
        subject=subject,
        location=Location(key=key) if key else None,
        hint=hint,
    )


def with_text(dependency: Dependency) -> Dependency:
    """``dependency`` with ``text`` set to its PEP 508 spelling (for ones built from tables)."""
    return dataclasses.replace(dependency, text=str(dependency))
