"""Poetry constraints in PEP 440 terms: Poetry's documented table, unions, Python markers."""

from __future__ import annotations

import pytest
from packaging.specifiers import SpecifierSet

from pynix.errors import InvalidSpecifier, Unsupported
from pynix.standards.poetry import (
    hull,
    parse_constraint,
    parse_specifier_set,
    python_marker,
    to_specifier_set,
)

# (Poetry constraint, PEP 440 alternatives). The first block is Poetry's own documentation table.
CONSTRAINTS = [
    ("^1.2.3", [">=1.2.3,<2.0.0"]),
    ("^1.2", [">=1.2,<2.0"]),
    ("^1", [">=1,<2"]),
    ("^0.2.3", [">=0.2.3,<0.3.0"]),
    ("^0.0.3", [">=0.0.3,<0.0.4"]),
    ("^0.0", [">=0.0,<0.1"]),
    ("^0", [">=0,<1"]),
    ("~1.2.3", [">=1.2.3,<1.3.0"]),
    ("~1.2", [">=1.2,<1.3"]),
    ("~1", [">=1,<2"]),
    ("*", [""]),
    ("", [""]),
    ("  ", [""]),
    ("1.*", ["==1.*"]),
    ("1.2.*", ["==1.2.*"]),
    ("1.2.x", ["==1.2.*"]),
    ("!=1.2.*", ["!=1.2.*"]),
    ("1.2.3", ["==1.2.3"]),
    ("=1.2.3", ["==1.2.3"]),
    ("==1.2.3", ["==1.2.3"]),
    ("~=1.2.3", ["~=1.2.3"]),
    (">=1.2,<2", [">=1.2,<2"]),
    (">= 1.2, < 1.5", [">=1.2,<1.5"]),
    (">= 1.2 < 2", [">=1.2,<2"]),
    (">=1.2 <2 !=1.4", [">=1.2,<2,!=1.4"]),
    ("^1.2,", [">=1.2,<2.0"]),
    ("^1.0 || ^3.0", [">=1.0,<2.0", ">=3.0,<4.0"]),
    ("~2.7 | ^3.5", [">=2.7,<2.8", ">=3.5,<4.0"]),
    ("v1.2", ["==1.2"]),
    ("1.0.0-beta.1", ["==1.0.0b1"]),
    ("^1.2.3b1", [">=1.2.3b1,<2.0.0"]),
    ("^0.0.0", [">=0.0.0,<0.0.1"]),
    ("~1.2.3.4", [">=1.2.3.4,<1.3.0.0"]),
    ("^1!2.0", [">=1!2.0,<1!3.0"]),
    ("==2.0+cpu", ["==2.0+cpu"]),
    ("===foobar", ["===foobar"]),
]

# Where pyproject.nix's lib/poetry.nix gives something else, pynix follows Poetry's documentation.
PYPROJECT_NIX_DEVIATIONS = [
    ("~1.2", ">=1.2,<1.3", "pyproject.nix: <2.0.0"),
    ("~1", ">=1,<2", "pyproject.nix: <0.0.0"),
    ("^0.0", ">=0.0,<0.1", "pyproject.nix: <1.0.0"),
    ("~1.2.3.4", ">=1.2.3.4,<1.3", "pyproject.nix: <1.2.4.0"),
]

UNIONS = [
    ("^1.0 || ^3.0", ">=1.0,<4.0,!=2.*"),
    (">=2.0,<2.1 || >=2.2", ">=2.0,!=2.1.*"),
    ("<1 || >=2", "!=1.*"),
    ("^1 || ^2", ">=1,<3"),
    ("^1.2 || ^1.5", ">=1.2,<2.0"),
    ("1.* || 3.*", ">=1,<4,!=2.*"),
    ("~=1.2 || ^3", ">=1.2,<4,!=2.*"),
    ("* || ^3", ""),
]

INEXPRESSIBLE = [
    ("<1.5 || >=2.0,<3", "<1.5 || <3,>=2.0"),
    (">=1.2,<1.5 || >=2.0.1", "<1.5,>=1.2 || >=2.0.1"),
    ("1.0 || 2.0", "==1.0 || ==2.0"),
    ("<3 || >5", "<3 || >5"),
]

HULLS = [
    ("~2.7 || ^3.5", ">=2.7,<4.0"),
    ("<1.5 || >=2.0,<3", "<3"),
    ("1.0 || 2.0", ">=1.0,<=2.0"),
    (">1 || >=1", ">=1"),
    ("<=3 || <3", "<=3"),
    ("!=1.5 || ^2", ""),
    ("==1.0+cpu || ^2", ""),
]

INVALID = [
    (">=", "expected a version after '>=': >=\n", (2, 3)),
    ("^x", "not a valid version: ^x\n", (1, 2)),
    (">=1.*", "a wildcard version cannot follow '>=': >=1.*\n", (0, 5)),
    ("^1.2 ||", "expected a version constraint after '||': ^1.2 ||\n", (7, 8)),
    ("|| ^1", "expected a version constraint: || ^1\n", (0, 1)),
    ("~=1", "'~=' needs at least two version parts (~=1.2): ~=1\n", (0, 3)),
    (">=1.0<2", "not a valid version: >=1.0<2\n", (2, 7)),
    (",,", "expected a version constraint: ,,\n", (2, 3)),
]

PYTHON_MARKERS = [
    ("^3.8", 'python_version >= "3.8" and python_version < "4.0"'),
    (">=3.6.1,<4", 'python_full_version >= "3.6.1" and python_version < "4"'),
    ("~2.7 || ^3.5", ('python_version >= "2.7" and python_version < "2.8" or '
                      'python_version >= "3.5" and python_version < "4.0"')),
    ("3.8.*", 'python_version == "3.8.*"'),
    ("!=3.9.1", 'python_full_version != "3.9.1"'),
    (">3.8", 'python_version > "3.8"'),
]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "expected"), CONSTRAINTS, ids=[c[0] or "empty" for c in CONSTRAINTS]
)
def test_parse_constraint(text: str, expected: list[str]) -> None:
    assert parse_constraint(text) == tuple(SpecifierSet(e) for e in expected)


@pytest.mark.parametrize(
    ("text", "expected", "why"),
    PYPROJECT_NIX_DEVIATIONS,
    ids=[d[0] for d in PYPROJECT_NIX_DEVIATIONS],
)
def test_follows_poetry_where_pyproject_nix_deviates(text: str, expected: str, why: str) -> None:
    assert parse_specifier_set(text) == SpecifierSet(expected), why


@pytest.mark.parametrize(("text", "expected"), UNIONS, ids=[u[0] for u in UNIONS])
def test_unions_join_exactly(text: str, expected: str) -> None:
    joined = to_specifier_set(parse_constraint(text))
    assert joined == SpecifierSet(expected)
    # Exact over final releases: every probe agrees with "any alternative contains it".
    for probe in ("0.9", "1.0", "1.2", "1.9.9", "2.0", "2.1.5", "2.2", "3.0", "3.9", "4.0", "7"):
        in_union = any(a.contains(probe) for a in parse_constraint(text))
        assert joined.contains(probe) == in_union, probe


@pytest.mark.parametrize(("text", "union"), INEXPRESSIBLE, ids=[i[0] for i in INEXPRESSIBLE])
def test_inexpressible_unions_are_refused(text: str, union: str) -> None:
    with pytest.raises(Unsupported) as info:
        to_specifier_set(parse_constraint(text))
    assert str(info.value) == (
        f"the union {union!r} cannot be written as one PEP 440 specifier set\n"
        "  hint: its gaps are not whole release series; use the range around it (hull)"
    )


@pytest.mark.parametrize(("text", "expected"), HULLS, ids=[h[0] for h in HULLS])
def test_hull(text: str, expected: str) -> None:
    assert hull(parse_constraint(text)) == SpecifierSet(expected)


def test_empty_union_is_refused() -> None:
    with pytest.raises(Unsupported, match="matches nothing"):
        to_specifier_set(())


@pytest.mark.parametrize(("text", "message", "span"), INVALID, ids=[i[0] for i in INVALID])
def test_invalid_constraints_have_a_caret(text: str, message: str, span: tuple[int, int]) -> None:
    with pytest.raises(InvalidSpecifier) as info:
        parse_constraint(text)
    assert str(info.value).startswith(message)
    assert info.value.span == span


@pytest.mark.parametrize(("text", "expected"), PYTHON_MARKERS, ids=[p[0] for p in PYTHON_MARKERS])
def test_python_marker(text: str, expected: str) -> None:
    assert str(python_marker(text)) == expected


def test_python_marker_for_any_python_is_none() -> None:
    assert python_marker("*") is None
    assert python_marker(">=3.8 || *") is None


def test_python_marker_refuses_quotes_in_arbitrary_equality() -> None:
    with pytest.raises(InvalidSpecifier, match="not usable as a Python version constraint"):
        python_marker('==="3')
