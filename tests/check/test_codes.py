"""Finding codes: each has a severity and a row in the module's table."""

from __future__ import annotations

import pytest

import pynix.check.codes
from pynix.check.codes import SEVERITIES, Code, make_finding
from pynix.errors import Location
from pynix.model import Severity


@pytest.mark.parametrize("code", list(Code), ids=[c.value for c in Code])
def test_every_code_has_a_severity_and_a_documented_row(code: Code) -> None:
    assert code in SEVERITIES
    assert f"``{code.value}``" in str(pynix.check.codes.__doc__)


def test_make_finding() -> None:
    found = make_finding(
        Code.NOT_FROM_NIXPKGS,
        "a: from git",
        subject="a",
        location=Location(file="pyproject.toml"),
        hint="h",
        severity=Severity.INFO,
    )
    assert found.to_json() == {
        "severity": "info",
        "code": "not-from-nixpkgs",
        "message": "a: from git",
        "subject": "a",
        "location": "pyproject.toml",
        "hint": "h",
        "target": None,
    }
    assert type(found.code) is str
    assert make_finding(Code.PRERELEASE, "m").severity is Severity.WARNING
