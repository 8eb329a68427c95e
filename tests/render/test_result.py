"""Renderer results: texts of files, errors among findings, merging."""

from __future__ import annotations

from pynix.model import Finding, Severity
from pynix.nix import attrs
from pynix.render.result import Rendered, RenderedFiles, merge_findings

WARN = Finding(severity=Severity.WARNING, code="w", message="w")
ERROR = Finding(severity=Severity.ERROR, code="e", message="e")


def test_rendered_files() -> None:
    files = RenderedFiles(files={"b.nix": attrs(), "a.py": "print(1)\n"}, findings=(WARN,))
    assert files.texts() == {"a.py": "print(1)\n", "b.nix": "{ }\n"}
    assert not files.has_errors
    assert RenderedFiles(findings=(WARN, ERROR)).has_errors
    assert Rendered(expr=attrs()).text() == "{ }\n"


def test_merge_findings_keeps_first_of_each() -> None:
    assert merge_findings([WARN, ERROR], [WARN]) == (WARN, ERROR)
