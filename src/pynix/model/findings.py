"""Findings: what validators and renderers want the user to know.

Validators never raise for a problem in the user's project; they return
findings and the command-line layer decides what fails (``pynix check`` exits
1 when any finding is an error).
"""

from __future__ import annotations

import dataclasses
import enum

from pynix.errors import Location

__all__ = ["Finding", "Severity"]


class Severity(enum.StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclasses.dataclass(frozen=True, kw_only=True, slots=True)
class Finding:
    """One problem or remark, with a stable ``code`` a script can match on.

    ``subject`` is what the finding is about (a package name, an option);
    ``target`` the system or interpreter it concerns when only some do.
    """

    severity: Severity
    code: str
    message: str
    subject: str | None = None
    location: Location | None = None
    hint: str | None = None
    target: str | None = None

    def to_json(self) -> dict[str, str | None]:
        """A flat, stable JSON object (keys always present, ``None`` when unknown)."""
        return {
            "severity": self.severity.value,
            "code": self.code,
            "message": self.message,
            "subject": self.subject,
            "location": str(self.location) if self.location else None,
            "hint": self.hint,
            "target": self.target,
        }

    def __str__(self) -> str:
        where = f"{self.location}: " if self.location and str(self.location) else ""
        on = f" [{self.target}]" if self.target else ""
        hint = f" ({self.hint})" if self.hint else ""
        return f"{self.severity.value}: {where}{self.message}{on}{hint}"
