"""The finding codes ``pynix check`` reports, with their severities.

A code is stable: scripts match on it (``jq '.findings[].code'``), so a code
is never renamed or reused for something else. Each code has one severity,
except ``not-from-nixpkgs``, whose severity says whether nixpkgs could be
mistaken for the project's source.

========================  ========  =================================================
code                      severity  when
========================  ========  =================================================
``python-version``        error     ``requires-python`` excludes the target interpreter
``snapshot-python``       warning   ``--python`` is not the snapshot's interpreter, so
                                    the versions checked are another interpreter's
``unknown-extra``         error     an extra was asked for that the project lacks
``unknown-group``         error     a dependency group was asked for that it lacks
``missing-package``       error     nixpkgs has no package for a dependency, or has
                                    one that fails to evaluate (``broken``)
``version-mismatch``      error     nixpkgs' version is outside the constraint
``prerelease``            warning   nixpkgs' version is a pre-release inside the
                                    constraint's range, which PEP 440 excludes
                                    unless the constraint names a pre-release
``unparsable-version``    warning   nixpkgs' version is not PEP 440, so the
                                    constraint cannot be checked
``not-from-nixpkgs``      warning   a direct URL, git, path or workspace dependency
                                    that nixpkgs also packages (its version is not
                                    what the project pins)
``not-from-nixpkgs``      info      the same, for a package nixpkgs lacks (it is
                                    built from its own source, nothing to compare)
``marker-skipped``        info      a dependency whose environment marker does not
                                    hold on the target, so it was not checked
``unevaluable-marker``    warning   a marker that cannot be decided (``os_name ~=
                                    "nt"``); the dependency is checked anyway
========================  ========  =================================================

>>> Code.VERSION_MISMATCH.value, SEVERITIES[Code.VERSION_MISMATCH].value
('version-mismatch', 'error')
>>> print(make_finding(Code.UNKNOWN_GROUP, "the project has no group named 'docs'"))
error: the project has no group named 'docs'
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from types import MappingProxyType
from typing import Final

from pynix.errors import Location
from pynix.model import Finding, Severity

__all__ = ["SEVERITIES", "Code", "make_finding"]


class Code(enum.StrEnum):
    """A finding code; the value is what ``Finding.code`` holds."""

    PYTHON_VERSION = "python-version"
    SNAPSHOT_PYTHON = "snapshot-python"
    UNKNOWN_EXTRA = "unknown-extra"
    UNKNOWN_GROUP = "unknown-group"
    MISSING_PACKAGE = "missing-package"
    VERSION_MISMATCH = "version-mismatch"
    PRERELEASE = "prerelease"
    UNPARSABLE_VERSION = "unparsable-version"
    NOT_FROM_NIXPKGS = "not-from-nixpkgs"
    MARKER_SKIPPED = "marker-skipped"
    UNEVALUABLE_MARKER = "unevaluable-marker"


# The usual severity of each code (``not-from-nixpkgs`` is a warning or, see above, info).
SEVERITIES: Final[Mapping[Code, Severity]] = MappingProxyType(
    {
        Code.PYTHON_VERSION: Severity.ERROR,
        Code.SNAPSHOT_PYTHON: Severity.WARNING,
        Code.UNKNOWN_EXTRA: Severity.ERROR,
        Code.UNKNOWN_GROUP: Severity.ERROR,
        Code.MISSING_PACKAGE: Severity.ERROR,
        Code.VERSION_MISMATCH: Severity.ERROR,
        Code.PRERELEASE: Severity.WARNING,
        Code.UNPARSABLE_VERSION: Severity.WARNING,
        Code.NOT_FROM_NIXPKGS: Severity.WARNING,
        Code.MARKER_SKIPPED: Severity.INFO,
        Code.UNEVALUABLE_MARKER: Severity.WARNING,
    }
)


def make_finding(
    code: Code,
    message: str,
    *,
    subject: str | None = None,
    location: Location | None = None,
    hint: str | None = None,
    severity: Severity | None = None,
) -> Finding:
    """A :class:`~pynix.model.Finding` of ``code`` (as a plain string), at its usual severity."""
    return Finding(
        severity=severity or SEVERITIES[code],
        code=code.value,
        message=message,
        subject=subject,
        location=location,
        hint=hint,
    )
