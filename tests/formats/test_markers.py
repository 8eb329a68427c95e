"""The dialects' marker helpers: parse with a caret, AND, and NOT pushed down to comparisons."""

from __future__ import annotations

import itertools

import pytest
from packaging.markers import Marker

from pynix.errors import InvalidMarker
from pynix.formats._markers import conjoin, negate, parse_marker

NEGATIONS = [
    ('os_name == "nt"', 'os_name != "nt"'),
    ('python_version < "3.9" or sys_platform == "darwin"',
     'python_version >= "3.9" and sys_platform != "darwin"'),
    ('os_name == "a" and os_name == "b" or os_name == "c"',
     '(os_name != "a" or os_name != "b") and os_name != "c"'),
    ('os_name == "a" or os_name == "b" and (os_name == "c" or os_name == "d")',
     'os_name != "a" and (os_name != "b" or (os_name != "c" and os_name != "d"))'),
    ('"linux" in sys_platform and python_version > "3.8"',
     '"linux" not in sys_platform or python_version <= "3.8"'),
    ('extra == "cpu"', 'extra != "cpu"'),
]  # fmt: skip

# Every combination of these is tried: the negation must disagree with the marker everywhere.
GRID = {
    "os_name": ["a", "b", "c", "d", "nt", "posix"],
    "sys_platform": ["darwin", "linux", "win32"],
    "python_version": ["3.8", "3.9", "3.12"],
}
BASE_ENVIRONMENT = {
    "implementation_name": "cpython",
    "implementation_version": "3.12.0",
    "platform_machine": "x86_64",
    "platform_python_implementation": "CPython",
    "platform_release": "",
    "platform_system": "Linux",
    "platform_version": "",
    "python_full_version": "3.12.0",
    "extra": "cpu",
}


@pytest.mark.parametrize(("marker", "expected"), NEGATIONS, ids=[n[0] for n in NEGATIONS])
def test_negate(marker: str, expected: str) -> None:
    original = Marker(marker)
    negated = negate(original)
    assert str(negated) == expected
    assert negated is not None
    for values in itertools.product(*GRID.values()):
        environment = {**BASE_ENVIRONMENT, **dict(zip(GRID, values, strict=True))}
        assert original.evaluate(environment) != negated.evaluate(environment), environment


@pytest.mark.parametrize(
    "marker", ['python_version ~= "3.8"', 'os_name == "a" or python_version === "3.8"']
)
def test_negate_refuses_operators_without_an_opposite(marker: str) -> None:
    assert negate(Marker(marker)) is None


def test_conjoin() -> None:
    either = Marker('os_name == "a" or os_name == "b"')
    assert conjoin() is None
    assert conjoin(None, None) is None
    assert str(conjoin(either)) == 'os_name == "a" or os_name == "b"'
    assert str(conjoin(Marker('extra == "x"'), either, Marker('extra == "x"'))) == (
        'extra == "x" and (os_name == "a" or os_name == "b")'
    )


def test_parse_marker_has_a_caret() -> None:
    with pytest.raises(InvalidMarker) as info:
        parse_marker("os_name = 'nt'")
    assert info.value.span == (8, 9)
    assert str(parse_marker("os_name=='nt'")) == 'os_name == "nt"'
