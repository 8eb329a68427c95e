"""How nixpkgs names the attributes of its Python package set (private helpers).

nixpkgs keeps a second major version of a few projects under a *versioned
attribute*: the project's attribute, an underscore, and the version's leading
components joined by underscores (``django_4``, ``sqlalchemy_1_4``,
``pytest-asyncio_0_21``). Attributes such as ``pyqt5`` or ``protobuf5`` carry
digits without the underscore; they are separate projects or not
distinguishable from one, and are not treated as versions.

>>> split_versioned("sqlalchemy_1_4")
('sqlalchemy', '1.4')
>>> split_versioned("pyqt5") is None
True
>>> min(["django_4", "django"], key=preference), min(["torchWithCuda", "torch"], key=preference)
('django', 'torch')
"""

from __future__ import annotations

import re

__all__ = ["preference", "split_versioned"]

_VERSIONED = re.compile(r"^(?P<base>.+?)_(?P<version>\d+(?:_\d+)*)$")


def split_versioned(attr: str) -> tuple[str, str] | None:
    """``(base attribute, version prefix)`` for a versioned attribute, else ``None``."""
    match = _VERSIONED.match(attr)
    if match is None:
        return None
    return match["base"], match["version"].replace("_", ".")


def preference(attr: str) -> tuple[bool, bool, int, str]:
    """Sort key choosing among attributes that denote the same project.

    The plain attribute comes first (``django`` before ``django_4``), then
    attributes without capital letters (``torch`` before ``torchWithCuda``:
    nixpkgs spells build variants in camelCase), then the shorter, then
    alphabetical order, so the choice is always the same.
    """
    return (split_versioned(attr) is not None, attr != attr.lower(), len(attr), attr)
