"""Errors that reach the user.

Every failure a user can cause (a malformed file, an unknown format, a wrong
option, an unreachable index) is a :class:`PynixError`. It carries *where* the
problem is -- a file and line, a dotted TOML key path such as
``project.dependencies[3]``, or a caret under the bad span of a one-line
string -- and renders in at most two lines::

    pyproject.toml: project.dependencies[3]: expected a version after '>=': foo >=
                                                                                 ^
The command-line layer prints ``str(error)`` and exits with status 2.

Parse errors are ``Invalid<Thing>(PynixError, ValueError)`` so that callers who
only know the standard library can still catch them as ``ValueError``.

>>> err = InvalidRequirement("expected a version", text="foo >=", span=(6, 6))
>>> print(err.at(file="requirements.txt", line=3))
requirements.txt:3: expected a version: foo >=
                                              ^
"""

from __future__ import annotations

import dataclasses
from typing import Self

__all__ = [
    "CommandFailed",
    "DownloadFailed",
    "HashMismatch",
    "IncludeCycle",
    "InvalidArchive",
    "InvalidArgument",
    "InvalidFileName",
    "InvalidLock",
    "InvalidMarker",
    "InvalidProject",
    "InvalidRequirement",
    "InvalidRequirementsFile",
    "InvalidScript",
    "InvalidSnapshot",
    "InvalidSpecifier",
    "InvalidVersion",
    "Location",
    "OutputExists",
    "PynixError",
    "ToolMissing",
    "UnknownFormat",
    "Unsupported",
]


@dataclasses.dataclass(frozen=True, kw_only=True, slots=True)
class Location:
    """Where a problem is: any of a file, a line in it, and a dotted key path."""

    file: str | None = None
    line: int | None = None
    key: str | None = None

    def __str__(self) -> str:
        parts: list[str] = []
        if self.file is not None:
            parts.append(self.file if self.line is None else f"{self.file}:{self.line}")
        elif self.line is not None:
            parts.append(f"line {self.line}")
        if self.key:
            parts.append(self.key)
        return ": ".join(parts)


class PynixError(Exception):
    """The root of every error pynix reports to a user.

    ``message`` says what is wrong; ``location`` says where; ``text`` and
    ``span`` (start, end offsets into ``text``) draw a caret line under the
    bad part of a one-line string; ``hint`` says what to do. ``str()`` gives at
    most two lines: the message line, then either the caret line or the hint.
    """

    def __init__(
        self,
        message: str,
        *,
        location: Location | None = None,
        text: str | None = None,
        span: tuple[int, int] | None = None,
        hint: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.location = location or Location()
        self.text = text
        self.span = span
        self.hint = hint

    def at(
        self, *, file: str | None = None, line: int | None = None, key: str | None = None
    ) -> Self:
        """Fill in the parts of the location that are not known yet, and return ``self``.

        Parsers raise with what they know (a key path inside a table); the
        loader that read the file adds the file name on the way out.
        """
        old = self.location
        self.location = Location(
            file=old.file if old.file is not None else file,
            line=old.line if old.line is not None else line,
            key=_join_keys(key, old.key),
        )
        return self

    def __str__(self) -> str:
        where = str(self.location)
        head = f"{where}: {self.message}" if where else self.message
        if self.text is not None and "\n" not in self.text:
            head = f"{head}: {self.text}"
            if self.span is not None:
                start, end = self.span
                width = max(1, end - start)
                pad = len(head) - len(self.text) + start
                return f"{head}\n{' ' * pad}{'^' * width}"
        if self.hint:
            return f"{head}\n  hint: {self.hint}"
        return head


def _join_keys(outer: str | None, inner: str | None) -> str | None:
    if not outer:
        return inner
    if not inner:
        return outer
    if inner.startswith("["):
        return f"{outer}{inner}"
    return f"{outer}.{inner}"


class InvalidVersion(PynixError, ValueError):
    """A version string that is not valid PEP 440."""


class InvalidSpecifier(PynixError, ValueError):
    """A version specifier (``>=1.0,<2``) that is not valid PEP 440."""


class InvalidRequirement(PynixError, ValueError):
    """A dependency string that is not valid PEP 508."""


class InvalidMarker(PynixError, ValueError):
    """An environment marker that is not valid PEP 508."""


class InvalidFileName(PynixError, ValueError):
    """A wheel, sdist or egg file name that does not follow its specification."""


class InvalidProject(PynixError, ValueError):
    """Project metadata (pyproject.toml, setup.cfg) with a wrong shape or value."""


class InvalidRequirementsFile(PynixError, ValueError):
    """A requirements.txt line that pip would not accept either."""


class IncludeCycle(InvalidRequirementsFile):
    """``-r``/``-c`` includes, or PEP 735 ``include-group`` entries, that loop."""


class InvalidScript(PynixError, ValueError):
    """A PEP 723 inline script metadata block that is malformed or repeated."""


class InvalidLock(PynixError, ValueError):
    """A lock file with a wrong shape, an unknown version or an unusable entry."""


class InvalidSnapshot(PynixError, ValueError):
    """A nixpkgs package-set snapshot that cannot be read or has the wrong schema."""


class InvalidArchive(PynixError, ValueError):
    """An sdist, wheel or shared object that cannot be opened as what it claims to be."""


class InvalidArgument(PynixError, ValueError):
    """A command-line option or API argument with a wrong value or shape."""


class UnknownFormat(PynixError, ValueError):
    """A file or directory whose kind pynix cannot tell."""


class Unsupported(PynixError):
    """Input that is valid but that pynix cannot turn into reproducible Nix."""


class ToolMissing(PynixError):
    """An external program (``nix``, ``uv``) that a command needs is not installed."""


class CommandFailed(PynixError):
    """An external program ran and failed; the message summarises its stderr."""


class DownloadFailed(PynixError):
    """An index or artifact could not be fetched (unreachable, refused, 4xx/5xx)."""


class HashMismatch(PynixError):
    """Downloaded bytes whose hash differs from the one the lock records."""


class OutputExists(PynixError):
    """An output file exists already and ``--force`` was not given."""
