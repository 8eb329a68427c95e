"""PEP 503 names: normalization and validity."""

from __future__ import annotations

import pytest

from pynix.standards.names import canonicalize_name, is_valid_name

P = pytest.param

# (name, normalized): the specification's own examples, then real PyPI names.
NORMALIZED = [
    P("friendly-bard", "friendly-bard", id="already-normal"),
    P("Friendly-Bard", "friendly-bard", id="case"),
    P("FRIENDLY-BARD", "friendly-bard", id="upper"),
    P("friendly.bard", "friendly-bard", id="dot"),
    P("friendly_bard", "friendly-bard", id="underscore"),
    P("friendly--bard", "friendly-bard", id="repeated-dash"),
    P("FrIeNdLy-._.-bArD", "friendly-bard", id="mixed-run"),
    P("zope.interface", "zope-interface", id="zope-interface"),
    P("typing_extensions", "typing-extensions", id="typing-extensions"),
    P("PyYAML", "pyyaml", id="pyyaml"),
    P("backports.zoneinfo", "backports-zoneinfo", id="backports"),
]

VALIDITY = [
    P("requests", True, id="plain"),
    P("a", True, id="one-letter"),
    P("9", True, id="one-digit"),
    P("Zope.Interface_2-x", True, id="mixed"),
    P("-leading-dash", False, id="leading-dash"),
    P("trailing.", False, id="trailing-dot"),
    P("_private", False, id="leading-underscore"),
    P("", False, id="empty"),
    P("has space", False, id="space"),
    P("naïve", False, id="non-ascii"),
    P("name[extra]", False, id="extras-are-not-part"),
    P("name\n", False, id="trailing-newline"),
    P("\u212a", False, id="kelvin-sign-is-not-k"),
]


@pytest.mark.parametrize(("name", "normalized"), NORMALIZED)
def test_canonicalize_name(name: str, normalized: str) -> None:
    assert canonicalize_name(name) == normalized
    assert is_valid_name(normalized)


@pytest.mark.parametrize(("name", "valid"), VALIDITY)
def test_is_valid_name(name: str, *, valid: bool) -> None:
    assert is_valid_name(name) is valid
