"""``pep440.*`` in pyproject.nix's shapes, with PEP 440's answers."""

from __future__ import annotations

from typing import Any

import pytest

from pynix.errors import InvalidArgument, InvalidSpecifier, InvalidVersion, Unsupported
from pynix.interop import JSON, call
from tests.interop._vectors import caret, error, run, vector, ver


def v(text: str) -> JSON:
    """An argument: the parsed version of ``text`` as pyproject.nix would pass it."""
    return call("pep440.parseVersion", text)


VECTORS: list[Any] = [
    vector(
        "pep440.parseVersion",
        "3.0.0rc1",
        expected=ver("3.0.0rc1", [3, 0, 0], pre=("rc", 1)),
        id="rc",
    ),
    vector(
        "pep440.parseVersion",
        "1!2.0.post3.dev4",
        expected=ver("1!2.0.post3.dev4", [2, 0], epoch=1, post=3, dev=4),
        id="epoch-post-dev",
    ),
    vector("pep440.parseVersion", "1.0-1", expected=ver("1.0-1", [1, 0], post=1), id="dash-post"),
    vector(
        "pep440.parseVersion",
        "2.0.0b1.dev0",
        expected=ver("2.0.0b1.dev0", [2, 0, 0], pre=("b", 1), dev=0),
        id="beta-dev",
    ),
    vector(
        "pep440.parseVersion",
        "1.0alpha2",
        expected=ver("1.0alpha2", [1, 0], pre=("a", 2)),
        id="alpha-spelled-out",
    ),
    vector(
        "pep440.parseVersion", "1.0c3", expected=ver("1.0c3", [1, 0], pre=("rc", 3)), id="c-is-rc"
    ),
    vector(
        "pep440.parseVersion",
        "1.0preview1",
        expected=ver("1.0preview1", [1, 0], pre=("rc", 1)),
        id="preview-is-rc",
    ),
    vector(
        "pep440.parseVersion", "1.0rev2", expected=ver("1.0rev2", [1, 0], post=2), id="rev-is-post"
    ),
    vector(
        "pep440.parseVersion",
        "1.0+abc.5",
        expected=ver("1.0+abc.5", [1, 0], local="abc.5"),
        id="local",
    ),
    vector(
        "pep440.parseVersion",
        "1.0+Ubuntu-1",
        expected=ver("1.0+Ubuntu-1", [1, 0], local="ubuntu.1"),
        id="local-normalized",
    ),
    vector("pep440.parseVersion", "v1.0", expected=ver("v1.0", [1, 0]), id="leading-v"),
    vector(
        "pep440.parseVersion",
        "1.0.post",
        expected=ver("1.0.post", [1, 0], post=0),
        id="implicit-post-number",
    ),
    vector(
        "pep440.parseVersion", "1.01.002", expected=ver("1.01.002", [1, 1, 2]), id="leading-zeros"
    ),
    vector(
        "pep440.parseVersionCond",
        ">=3.0.0rc1",
        expected={"op": ">=", "version": ver("3.0.0rc1", [3, 0, 0], pre=("rc", 1))},
        id="rc",
    ),
    vector(
        "pep440.parseVersionCond",
        "==1.0.*",
        expected={"op": "==", "version": ver("1.0.*", [1, 0, "*"])},
        id="wildcard",
    ),
    vector(
        "pep440.parseVersionCond",
        "~=2.2",
        expected={"op": "~=", "version": ver("2.2", [2, 2])},
        id="compatible",
    ),
    vector(
        "pep440.parseVersionCond",
        "=== 1.0",
        expected={"op": "===", "version": ver("1.0", [1, 0])},
        id="arbitrary",
    ),
    vector(
        "pep440.parseVersionCond",
        " != 1.5 ",
        expected={"op": "!=", "version": ver("1.5", [1, 5])},
        id="spaces",
    ),
    vector(
        "pep440.parseVersionConds",
        ">=3.0.0rc1,<=4.0",
        expected=[
            {"op": ">=", "version": ver("3.0.0rc1", [3, 0, 0], pre=("rc", 1))},
            {"op": "<=", "version": ver("4.0", [4, 0])},
        ],
        id="two",
    ),
    vector(
        "pep440.parseVersionConds",
        "(>=1.0 , <2)",
        expected=[
            {"op": ">=", "version": ver("1.0", [1, 0])},
            {"op": "<", "version": ver("2", [2])},
        ],
        id="parenthesised",
    ),
    vector(
        "pep440.parseVersionConds",
        "<2,>1",
        expected=[{"op": "<", "version": ver("2", [2])}, {"op": ">", "version": ver("1", [1])}],
        id="written-order",
    ),
    vector("pep440.parseVersionConds", "", expected=[], id="empty"),
    vector("pep440.compareVersions", v("3.0.0"), v("3.0.0"), expected=0, id="equal"),
    vector("pep440.compareVersions", v("1.0"), v("1.0.0"), expected=0, id="zero-padding"),
    vector("pep440.compareVersions", v("1.0"), v("1.0.1"), expected=-1, id="longer-release"),
    vector("pep440.compareVersions", v("1.0a1"), v("1.0rc1"), expected=-1, id="alpha-before-rc"),
    vector("pep440.compareVersions", v("1.0.dev1"), v("1.0a1"), expected=-1, id="dev-before-alpha"),
    vector(
        "pep440.compareVersions",
        v("1.0.post1.dev1"),
        v("1.0"),
        expected=1,
        id="post-dev-after-final",
    ),
    vector("pep440.compareVersions", v("1!1.0"), v("2.0"), expected=1, id="epoch"),
    vector("pep440.compareVersions", v("2.0rc1"), v("2.0"), expected=-1, id="pre-before-final"),
    vector(
        "pep440.compareVersions",
        {"release": [1, 2]},
        {"release": [1, 10], "pre": None},
        expected=-1,
        id="rebuilt-from-fields",
    ),
    vector(
        "pep440.compareVersions",
        {"str": "1.0", "release": [9]},
        v("1.0"),
        expected=0,
        id="str-is-authoritative",
    ),
    vector("pep440.comparators.==", v("1.0.0"), v("1.0"), expected=True, id="zero-padding"),
    vector("pep440.comparators.==", v("1.0.1"), v("1.0"), expected=False, id="longer-release"),
    vector("pep440.comparators.==", v("1.0+local"), v("1.0"), expected=True, id="local-ignored"),
    vector(
        "pep440.comparators.==",
        v("1.0.5"),
        call("pep440.parseVersionCond", "==1.0.*")["version"],  # type: ignore[call-overload,index]
        expected=True,
        id="wildcard",
    ),
    vector(
        "pep440.comparators.==",
        v("1.1"),
        {"release": [1, 0, "*"]},
        expected=False,
        id="wildcard-rebuilt",
    ),
    vector("pep440.comparators.!=", v("1.0.1"), v("1.0"), expected=True, id="longer-release"),
    vector("pep440.comparators.!=", v("1.0.5"), {"str": "1.0.*"}, expected=False, id="wildcard"),
    vector(
        "pep440.comparators.<", v("2.0rc1"), v("2.0"), expected=False, id="pre-of-bound-excluded"
    ),
    vector("pep440.comparators.<", v("1.9"), v("2.0"), expected=True, id="less"),
    vector("pep440.comparators.<=", v("1.0.1"), v("1.0"), expected=False, id="longer-release"),
    vector("pep440.comparators.<=", v("1.0"), v("1.0"), expected=True, id="equal"),
    vector(
        "pep440.comparators.>",
        v("1.7.post1"),
        v("1.7"),
        expected=False,
        id="post-of-bound-excluded",
    ),
    vector("pep440.comparators.>", v("1.0.1"), v("1.0"), expected=True, id="longer-release"),
    vector("pep440.comparators.>=", v("2.0rc1"), v("2.0"), expected=False, id="pre-below"),
    vector("pep440.comparators.>=", v("2.0"), v("2.0"), expected=True, id="equal"),
    vector("pep440.comparators.~=", v("2.2.1"), v("2.2"), expected=True, id="same-prefix"),
    vector("pep440.comparators.~=", v("3.0"), v("2.2"), expected=False, id="next-major"),
    vector("pep440.comparators.~=", v("1.7.post1"), v("1.7"), expected=True, id="post-release"),
    vector("pep440.comparators.===", v("1.0"), v("1.0"), expected=True, id="same-text"),
    vector("pep440.comparators.===", v("1.0.0"), v("1.0"), expected=False, id="text-not-version"),
    vector("pep440.comparators.", v("1.0"), v("9.0"), expected=True, id="no-operator"),
]

# name, args, error class, exact message
ERRORS: list[Any] = [
    error(
        "pep440.parseVersion",
        "",
        kind=InvalidVersion,
        message="argument 1: an empty string is not a PEP 440 version",
        id="empty",
    ),
    error(
        "pep440.parseVersion",
        "foo",
        kind=InvalidVersion,
        message="argument 1: not a valid PEP 440 version: foo",
        id="not-a-version",
    ),
    error(
        "pep440.parseVersion",
        3,
        kind=InvalidArgument,
        message="argument 1: expected a version string, got 3",
        id="number",
    ),
    error(
        "pep440.parseVersion",
        "1.0.*",
        kind=InvalidVersion,
        message="argument 1: not a valid PEP 440 version: 1.0.*",
        id="wildcard",
    ),
    error(
        "pep440.parseVersionCond",
        "1.0",
        kind=InvalidSpecifier,
        message=caret("argument 1: not a valid PEP 440 version specifier", "1.0", 0, 3),
        id="no-operator",
    ),
    error(
        "pep440.parseVersionCond",
        ">=1,<2",
        kind=InvalidArgument,
        message=(
            "argument 1: expected one version condition, got 2\n"
            "  hint: pep440.parseVersionConds reads a comma-separated list"
        ),
        id="two",
    ),
    error(
        "pep440.parseVersionCond",
        "===foo",
        kind=Unsupported,
        message=(
            "argument 1: '===foo' compares with 'foo', which is not a PEP 440 version;"
            " pyproject.nix's shape has no place for it"
        ),
        id="arbitrary-text",
    ),
    error(
        "pep440.parseVersionConds",
        ">=1,=<2",
        kind=InvalidSpecifier,
        message=caret("argument 1: not a valid PEP 440 version specifier", ">=1,=<2", 4, 7),
        id="bad-operator",
    ),
    error(
        "pep440.compareVersions",
        {"release": [1, "x"]},
        {"release": [1]},
        kind=InvalidArgument,
        message='argument 1, release[1]: expected a non-negative integer, got "x"',
        id="release-item",
    ),
    error(
        "pep440.compareVersions",
        {"release": [True]},
        {"release": [1]},
        kind=InvalidArgument,
        message="argument 1, release[0]: expected a non-negative integer, got true",
        id="bool-is-not-int",
    ),
    error(
        "pep440.compareVersions",
        {"release": [1]},
        {"relase": [1]},
        kind=InvalidArgument,
        message=(
            "argument 2, relase: unknown key in a parsed version\n"
            "  hint: known keys: dev, epoch, local, post, pre, release, str"
        ),
        id="unknown-key",
    ),
    error(
        "pep440.compareVersions",
        {},
        {"release": [1]},
        kind=InvalidArgument,
        message="argument 1: a parsed version needs 'str' or 'release'",
        id="empty-object",
    ),
    error(
        "pep440.compareVersions",
        "1.0",
        {"release": [1]},
        kind=InvalidArgument,
        message='argument 1: expected a parsed version, got "1.0"',
        id="string-not-shape",
    ),
    error(
        "pep440.compareVersions",
        {"release": [1, 0, "*"]},
        {"release": [1]},
        kind=InvalidArgument,
        message='argument 1, release[2]: expected a non-negative integer, got "*"',
        id="wildcard-is-no-version",
    ),
    error(
        "pep440.compareVersions",
        {"release": [1], "pre": {"type": "rc"}},
        {"release": [1]},
        kind=InvalidArgument,
        message='argument 1, pre: expected {"type": "a"|"b"|"rc", "value": N}, got an object',
        id="pre-without-value",
    ),
    error(
        "pep440.compareVersions",
        {"release": [1], "post": {"type": "dev", "value": 1}},
        {"release": [1]},
        kind=InvalidArgument,
        message='argument 1, post.type: expected "post", got "dev"',
        id="post-of-wrong-type",
    ),
    error(
        "pep440.compareVersions",
        {"release": [1], "pre": {"type": "gamma", "value": 1}},
        {"release": [1]},
        kind=InvalidVersion,
        message="argument 1: not a valid PEP 440 version: 1gamma1",
        id="unknown-pre-type",
    ),
    error(
        "pep440.compareVersions",
        {"str": "1.0"},
        kind=InvalidArgument,
        message="pep440.compareVersions takes 2 arguments (A B), got 1",
        id="arity",
    ),
    error(
        "pep440.comparators.~=",
        v("1.0"),
        v("1"),
        kind=InvalidSpecifier,
        message="argument 2: '~=1' is not a valid PEP 440 version specifier",
        id="one-release-number",
    ),
    error(
        "pep440.comparators.<",
        {"str": "1.0.*"},
        v("1"),
        kind=InvalidVersion,
        message="argument 1: not a valid PEP 440 version: 1.0.*",
        id="wildcard-candidate",
    ),
    error(
        "pep440.comparators.<",
        v("1.0"),
        {"str": "1.0.*"},
        kind=InvalidSpecifier,
        message="argument 2: '<1.0.*' is not a valid PEP 440 version specifier",
        id="wildcard-with-order",
    ),
]


@pytest.mark.parametrize(("name", "args", "expected"), VECTORS)
def test_vectors(name: str, args: tuple[JSON, ...], expected: JSON) -> None:
    run(name, args, expected)


@pytest.mark.parametrize(("name", "args", "kind", "message"), ERRORS)
def test_errors(name: str, args: tuple[JSON, ...], kind: type[Exception], message: str) -> None:
    with pytest.raises(kind) as info:
        call(name, *args)
    assert str(info.value) == message
