"""PEP 503 project names: validity and normalization.

>>> canonicalize_name("Friendly_Bard.Package")
'friendly-bard-package'
>>> is_valid_name("-leading-dash")
False
"""

from __future__ import annotations

import re

from packaging.utils import NormalizedName, canonicalize_name

__all__ = ["NormalizedName", "canonicalize_name", "import_name", "is_valid_name"]

# The PyPA name-normalization specification's rule for a valid name.
# fullmatch, because "$" also matches before a trailing newline; ASCII, because
# with IGNORECASE alone the Kelvin sign matches [A-Z].
_VALID_NAME = re.compile(r"[A-Z0-9]|[A-Z0-9][A-Z0-9._-]*[A-Z0-9]", re.IGNORECASE | re.ASCII)


def is_valid_name(name: str) -> bool:
    """True when ``name`` is a valid distribution name (ASCII letters, digits, ``._-``)."""
    return _VALID_NAME.fullmatch(name) is not None


def import_name(project_name: str) -> str:
    """pynix's guess at the import name of a project: normalized, ``-`` as ``_``.

    Only a guess: a distribution may install any top-level package. Callers
    that can look at the project's files (:func:`pynix.load.import_names`)
    correct it.

    >>> import_name("Flask-Login"), import_name("zope.interface")
    ('flask_login', 'zope_interface')
    """
    return canonicalize_name(project_name).replace("-", "_")
