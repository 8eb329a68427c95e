"""Every public name of ``pynix.render`` is exercised by the tests of this package."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import pynix.render

MODULES = [
    "conditions", "dependencies", "editable", "licenses", "meta", "package", "project_files",
    "result", "scaffold", "script", "shell", "targets", "with_packages",
]  # fmt: skip


def test_every_public_name_is_exercised() -> None:
    here = Path(__file__).resolve().parent
    text = "\n".join(p.read_text(encoding="utf-8") for p in here.glob("test_*.py"))
    names = set(pynix.render.__all__)
    for module in MODULES:
        names |= set(importlib.import_module(f"pynix.render.{module}").__all__)
    missing = sorted(n for n in names if not re.search(rf"\b{re.escape(n)}\b", text))
    assert missing == []
