"""Markers decided on a target: lock-file set variables, uv's encoded extras, undecidable ones."""

from __future__ import annotations

import pytest
from packaging.markers import Marker

from pynix.plan._markers import Evaluator, MarkerTrees, encoded_selection
from pynix.plan.targets import make_target

# (id, marker, extras active on the edge, expected on x86_64-linux with Python 3.12)
CASES = [
    ("plain", "sys_platform == 'linux' and python_version >= '3.12'", (), True),
    ("other-system", "sys_platform == 'darwin'", (), False),
    ("edge-extra", "extra == 'fast'", ("fast",), True),
    ("edge-extra-missing", "extra == 'fast'", (), False),
    ("selected-extra", "'cli' in extras", (), True),
    ("unselected-extra", "'gui' in extras", (), False),
    ("not-in", "'gui' not in extras and 'dev' in dependency_groups", (), True),
    ("group-missing", "'docs' in dependency_groups", (), False),
    ("set-and-platform", "'dev' in dependency_groups and sys_platform == 'win32'", (), False),
    ("uv-conflict", "extra == 'extra-3-app-cli'", (), True),
    ("uv-conflict-other", "extra == 'extra-3-app-gui'", (), False),
    ("uv-group", "extra == 'group-3-app-dev'", (), True),
]


def _evaluator() -> Evaluator:
    return Evaluator(
        make_target("x86_64-linux", "3.12"),
        MarkerTrees(),
        extras=frozenset({"cli"}),
        groups=frozenset({"dev"}),
        encoded=encoded_selection(["app"], ["cli"], ["dev"]),
    )


@pytest.mark.parametrize(
    ("marker", "extras", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_decided(marker: str, extras: tuple[str, ...], expected: object) -> None:
    assert _evaluator().holds(Marker(marker), frozenset(extras)) is expected


def test_no_marker_always_holds() -> None:
    assert _evaluator().holds(None) is True


def test_an_undecidable_marker_is_false_once() -> None:
    evaluator = _evaluator()
    marker = Marker("extra ~= 'a'")
    assert evaluator.holds(marker) is False
    assert evaluator.holds(marker) is False
    assert evaluator.failures == [
        ('extra ~= "a"', "undefined comparison: ~= needs versions and extra is a string")
    ]


def test_trees_are_shared_between_targets() -> None:
    trees = MarkerTrees()
    marker = Marker("os_name == 'nt'")
    first, _ = trees.tree(marker)
    second, _ = trees.tree(marker)
    assert first is second
    windows = Evaluator(
        make_target("x86_64-windows", "3.12"),
        trees,
        extras=frozenset(),
        groups=frozenset(),
        encoded=frozenset(),
    )
    assert (windows.holds(marker), _evaluator().holds(marker)) == (True, False)
