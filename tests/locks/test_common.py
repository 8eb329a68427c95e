"""Checked names, versions, markers and pins shared by the readers."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from packaging.markers import Marker
from packaging.specifiers import SpecifierSet
from packaging.utils import NormalizedName

from pynix.errors import InvalidLock, Unsupported
from pynix.locks._common import (
    Pins,
    check_duplicates,
    check_version,
    or_markers,
    parse_hash,
    parse_marker,
    parse_name,
    parse_pep508,
    parse_specifiers,
)
from pynix.model import LockedDependency, LockedPackage, RegistrySource

PYPI = RegistrySource(url="https://pypi.org/simple")
NUMPYS = [
    LockedPackage(name=NormalizedName("numpy"), version=v, source=PYPI)
    for v in ("1.26.4", "2.1.0", "2.2.0")
]

EDGES = [
    ("one-match", "<2", "1.26.4"),
    ("several-matches", ">=2", None),
    ("no-match", ">=3", None),
    ("any", "", None),
    ("prerelease-range", ">=2.2.0rc1", "2.2.0"),
]

ERRORS = [
    (
        "name",
        lambda: parse_name("my package", "package[0].name"),
        "package[0].name: not a valid distribution name: 'my package'",
    ),
    (
        "version",
        lambda: check_version("1.0-final-x", "package[0].version"),
        "package[0].version: not a valid PEP 440 version: '1.0-final-x'",
    ),
    (
        "specifier",
        lambda: parse_specifiers("^3.8", "requires-python"),
        "requires-python: not a valid PEP 440 version specifier: '^3.8'",
    ),
    (
        "marker-multiline",
        lambda: parse_marker("os_name ==\n'nt'", "m"),
        "m: invalid marker: \"os_name ==\\n'nt'\"",
    ),
]


def test_parse_name_normalizes() -> None:
    assert parse_name("Zope.Interface", "x") == "zope-interface"


def test_parse_marker_draws_a_caret() -> None:
    with pytest.raises(InvalidLock) as info:
        parse_marker("os_name = 'nt'", "package[2].marker")
    first, second = str(info.value).split("\n")
    assert first == (
        "package[2].marker: invalid marker: expected marker operator, one of <=, <, !=, ==, >=, >, "
        "~=, ===, in, not in: os_name = 'nt'"
    )
    assert second.index("^") == first.index("= 'nt'")


def test_parse_pep508_keeps_the_caret() -> None:
    with pytest.raises(InvalidLock) as info:
        parse_pep508("foo >= 1 bar", "package[0].dependencies[1]")
    assert str(info.value).split("\n")[0] == (
        "package[0].dependencies[1]: expected comma (within version specifier), "
        "semicolon (after version specifier) or end: foo >= 1 bar"
    )
    assert info.value.span == (4, 10)


@pytest.mark.parametrize(("call", "message"), [e[1:] for e in ERRORS], ids=[e[0] for e in ERRORS])
def test_errors_name_the_key(call: Callable[[], object], message: str) -> None:
    with pytest.raises(InvalidLock) as info:
        call()
    assert str(info.value) == message


def test_parse_hash_adds_the_key_path() -> None:
    assert parse_hash("sha256:" + "00" * 32, "k") == "sha256-" + "A" * 43 + "="
    with pytest.raises(Unsupported) as info:
        parse_hash("md5:00", "package[1].sdist.hash")
    assert str(info.value) == "package[1].sdist.hash: md5 hashes cannot be used; pynix needs sha256"


def test_or_markers() -> None:
    assert or_markers([]) is None
    assert or_markers([Marker("os_name == 'nt'")] * 2) == Marker('os_name == "nt"')
    both = or_markers(
        [Marker("os_name == 'nt'"), Marker("python_version < '3.12' and os_name == 'posix'")]
    )
    assert str(both) == 'os_name == "nt" or (python_version < "3.12" and os_name == "posix")'


@pytest.mark.parametrize(
    ("specifier", "version"), [e[1:] for e in EDGES], ids=[e[0] for e in EDGES]
)
def test_pins_pick_the_version_an_edge_means(specifier: str, version: str | None) -> None:
    pins = Pins(NUMPYS)
    edge = pins.edge(
        LockedDependency(name=NormalizedName("numpy"), marker=Marker("os_name == 'nt'")),
        SpecifierSet(specifier),
    )
    assert (edge.version, edge.marker) == (version, Marker("os_name == 'nt'"))


def test_pins_leave_single_pins_alone() -> None:
    pins = Pins(NUMPYS[:1])
    assert (
        pins.edge(LockedDependency(name=NormalizedName("numpy")), SpecifierSet("<2")).version
        is None
    )
    assert (
        pins.edge(LockedDependency(name=NormalizedName("scipy")), SpecifierSet("<2")).version
        is None
    )
    assert Pins(NUMPYS).edge(LockedDependency(name=NormalizedName("numpy")), None).version is None
    assert [p.version for p in Pins(NUMPYS).get("numpy")] == ["1.26.4", "2.1.0", "2.2.0"]


def test_check_duplicates_names_both_entries() -> None:
    entries = [("package[0]", NUMPYS[0]), ("package[1]", NUMPYS[1]), ("package[2]", NUMPYS[0])]
    with pytest.raises(InvalidLock) as info:
        check_duplicates(entries)
    assert str(info.value) == "package[2]: numpy 1.26.4 is locked twice, here and at package[0]"
    check_duplicates(entries[:2])
