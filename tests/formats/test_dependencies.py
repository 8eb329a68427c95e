"""Shared dialect helpers: direct-reference URLs as sources, notes, located requirement parsing."""

from __future__ import annotations

import pytest

from pynix.errors import InvalidProject
from pynix.formats._dependencies import (
    note,
    parse_dependency,
    parse_dependency_list,
    source_from_url,
)
from pynix.model import GitSource, PathSource, Severity, Source, UrlSource

URLS: list[tuple[str, Source | None]] = [
    ("git+https://g.example/r.git", GitSource(url="https://g.example/r.git")),
    (
        "git+https://g.example/r.git@v1.0#egg=r",
        GitSource(url="https://g.example/r.git", rev="v1.0"),
    ),
    (
        "git+ssh://git@g.example/org/r.git@main#subdirectory=pkg",
        GitSource(url="ssh://git@g.example/org/r.git", rev="main", subdirectory="pkg"),
    ),
    ("file:///srv/my%20lib", PathSource(path="/srv/my lib")),
    ("https://f.example/a-1.0.tar.gz#sha256=ab", UrlSource(url="https://f.example/a-1.0.tar.gz")),
    (
        "https://f.example/a.zip#subdirectory=py",
        UrlSource(url="https://f.example/a.zip", subdirectory="py"),
    ),
    ("hg+https://h.example/r", None),
    ("git+http://[::1/r", None),
]


@pytest.mark.parametrize(("url", "source"), URLS, ids=[u[0] for u in URLS])
def test_source_from_url(url: str, source: Source | None) -> None:
    assert source_from_url(url) == source


def test_parse_dependency_locates_errors() -> None:
    assert str(parse_dependency("a>=1", "k")) == "a>=1"
    assert [d.name for d in parse_dependency_list(["a", "B"], "k")] == ["a", "b"]
    with pytest.raises(InvalidProject, match=r"^k\[1\]: expected a string, got an integer$"):
        parse_dependency_list(["a", 1], "k")


def test_note() -> None:
    finding = note("code", "message", key="tool.x", subject="pkg", severity=Severity.INFO)
    assert str(finding) == "info: tool.x: message"
    assert note("c", "m").location is None
