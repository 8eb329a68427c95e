"""The port of Nix's version comparison agrees with ``builtins.compareVersions``."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pynix.render._nixversion import compare_versions, version_older
from tests.support.nix import nix_eval

# (id, a, b, compareVersions a b)
PAIRS = [
    ("numeric", "3.9", "3.10", -1),
    ("equal", "3.12.5", "3.12.5", 0),
    ("shorter-is-older", "3.14", "3.14.0", -1),
    ("suffix-is-newer", "3.14.0a7", "3.14.0", 1),
    ("pre-is-oldest", "3.14.0pre-a7", "3.14.0", -1),
    ("pre-before-number", "1.0pre", "1.0.0", -1),
    ("words", "1.0a", "1.0b", -1),
    ("number-beats-word", "1.0.1", "1.0.a", 1),
    ("separators", "1-2", "1.2", 0),
    ("empty", "", "0", -1),
]


@pytest.mark.parametrize(("a", "b", "expected"), [p[1:] for p in PAIRS], ids=[p[0] for p in PAIRS])
def test_compare_versions(a: str, b: str, expected: int) -> None:
    assert compare_versions(a, b) == expected
    assert compare_versions(b, a) == -expected
    assert version_older(a, b) == (expected < 0)


_VERSION = st.lists(
    st.one_of(
        st.integers(0, 30).map(str),
        st.sampled_from(["a", "b", "rc", "pre", "post", "dev", "pre-a", "x"]),
    ),
    max_size=6,
).flatmap(
    lambda parts: st.lists(
        st.sampled_from([".", "-", ""]), min_size=len(parts), max_size=len(parts)
    ).map(lambda seps: "".join(p + s for p, s in zip(parts, seps, strict=True)))
)


@pytest.mark.nix
@settings(max_examples=10)
@given(pairs=st.lists(st.tuples(_VERSION, _VERSION), min_size=50, max_size=50))
def test_property_agrees_with_nix(pairs: list[tuple[str, str]]) -> None:
    items = " ".join(
        f"(builtins.compareVersions {json.dumps(a)} {json.dumps(b)})" for a, b in pairs
    )
    assert nix_eval(f"[ {items} ]") == [compare_versions(a, b) for a, b in pairs]
