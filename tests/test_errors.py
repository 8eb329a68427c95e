"""PynixError: locations, caret lines, hints; never more than two lines."""

from __future__ import annotations

import pytest

from pynix.errors import InvalidProject, InvalidRequirement, Location, PynixError

LOCATIONS = [
    (Location(), ""),
    (Location(file="pyproject.toml"), "pyproject.toml"),
    (Location(file="requirements.txt", line=3), "requirements.txt:3"),
    (Location(file="pyproject.toml", key="project.name"), "pyproject.toml: project.name"),
    (Location(line=7), "line 7"),
]


@pytest.mark.parametrize(("location", "text"), LOCATIONS, ids=[t or "empty" for _, t in LOCATIONS])
def test_location_str(location: Location, text: str) -> None:
    assert str(location) == text


def test_caret_sits_under_the_span() -> None:
    err = InvalidRequirement("bad", text="foo >= 1 bar", span=(9, 12)).at(file="r.txt", line=2)
    first, second = str(err).split("\n")
    assert first == "r.txt:2: bad: foo >= 1 bar"
    assert second.index("^") == first.index("bar")
    assert second.strip() == "^^^"


def test_hint_is_the_second_line() -> None:
    err = PynixError("unknown format", hint="give a pyproject.toml")
    assert str(err) == "unknown format\n  hint: give a pyproject.toml"


def test_at_joins_key_paths_and_keeps_known_parts() -> None:
    err = InvalidProject("must be a string", location=Location(key="[3]"))
    err.at(file="pyproject.toml", key="project.dependencies")
    assert str(err.location) == "pyproject.toml: project.dependencies[3]"
    err.at(file="other.toml", key="tool")
    assert err.location.file == "pyproject.toml"
    assert err.location.key == "tool.project.dependencies[3]"


def test_parse_errors_are_value_errors() -> None:
    with pytest.raises(ValueError, match="bad"):
        raise InvalidRequirement("bad")
