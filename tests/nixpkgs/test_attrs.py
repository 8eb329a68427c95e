"""nixpkgs' versioned attributes and the preference among attributes of one project."""

from __future__ import annotations

import pytest

from pynix.nixpkgs._attrs import preference, split_versioned

VERSIONED = [
    ("django_4", ("django", "4")),
    ("sqlalchemy_1_4", ("sqlalchemy", "1.4")),
    ("pytest-asyncio_0_21", ("pytest-asyncio", "0.21")),
    ("tree-sitter_0_21", ("tree-sitter", "0.21")),
    ("paho-mqtt_2", ("paho-mqtt", "2")),
    ("a_1_b_2", ("a_1_b", "2")),
    ("f3d_egl", None),
    ("pyqt5", None),
    ("protobuf5", None),
    ("py3to2", None),
    ("django", None),
    ("_1", None),
    ("x_", None),
]


@pytest.mark.parametrize(("attr", "expected"), VERSIONED, ids=[a for a, _ in VERSIONED])
def test_split_versioned(attr: str, expected: tuple[str, str] | None) -> None:
    assert split_versioned(attr) == expected


PREFERRED = [
    (["django_4", "django", "django_5"], "django"),
    (["torchWithCuda", "torchWithoutCuda", "torch"], "torch"),
    (["sentry-sdk_1", "sentry-sdk_2"], "sentry-sdk_1"),
    (["pysoundfile", "soundfile"], "soundfile"),
    (["b-x", "a-x"], "a-x"),
]


@pytest.mark.parametrize(("attrs", "expected"), PREFERRED, ids=[e for _, e in PREFERRED])
def test_preference_picks_the_plain_lower_case_short_attribute(
    attrs: list[str], expected: str
) -> None:
    assert min(attrs, key=preference) == expected
