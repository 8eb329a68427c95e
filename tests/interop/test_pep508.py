"""``pep508.*``: dependency strings and the marker tree in pyproject.nix's shapes."""

from __future__ import annotations

from typing import Any

import pytest

from pynix.errors import InvalidArgument, InvalidMarker, InvalidRequirement
from pynix.interop import JSON, call
from tests.interop._vectors import caret, error, run, vector, ver


def var(name: str) -> JSON:
    return {"type": "variable", "value": name}


def string(text: str) -> JSON:
    return {"type": "string", "value": text}


def version(text: str, release: list[JSON]) -> JSON:
    return {"type": "version", "value": ver(text, release)}


def compare(lhs: JSON, op: str, rhs: JSON) -> JSON:
    return {"lhs": lhs, "op": op, "rhs": rhs, "type": "compare"}


def bool_op(lhs: JSON, op: str, rhs: JSON) -> JSON:
    return {"lhs": lhs, "op": op, "rhs": rhs, "type": "boolOp"}


def os_is(name: str) -> JSON:
    return compare(var("os_name"), "==", string(name))


def markers(text: str, expected: JSON, id: str) -> Any:  # noqa: A002  (pytest's name)
    return vector("pep508.parseMarkers", text, expected=expected, id=id)


def requirement(
    name: str | None,
    *,
    extras: list[JSON] | None = None,
    conditions: list[JSON] | None = None,
    url: str | None = None,
    marker: JSON = None,
) -> JSON:
    return {
        "conditions": conditions or [],
        "extras": extras or [],
        "markers": marker,
        "name": name,
        "url": url,
    }


VECTORS: list[Any] = [
    markers("os_name == 'posix'", os_is("posix"), "compare"),
    markers('os_name == "posix"', os_is("posix"), "double-quotes"),
    markers(
        "os_name=='a' and os_name=='b' and os_name=='c'",
        bool_op(os_is("a"), "and", bool_op(os_is("b"), "and", os_is("c"))),
        "and-chain-right-nested",
    ),
    markers(
        "os_name=='a' or os_name=='b' or os_name=='c'",
        bool_op(os_is("a"), "or", bool_op(os_is("b"), "or", os_is("c"))),
        "or-chain-right-nested",
    ),
    markers(
        "os_name=='a' and os_name=='b' or os_name=='c' and os_name=='d'",
        bool_op(
            bool_op(os_is("a"), "and", os_is("b")), "or", bool_op(os_is("c"), "and", os_is("d"))
        ),
        "or-binds-looser",
    ),
    markers(
        "(os_name=='a' or os_name=='b') and os_name=='c'",
        bool_op(bool_op(os_is("a"), "or", os_is("b")), "and", os_is("c")),
        "parentheses",
    ),
    markers(
        "os_name=='a' or (os_name=='b' and os_name=='c') or os_name=='d'",
        bool_op(
            os_is("a"), "or", bool_op(bool_op(os_is("b"), "and", os_is("c")), "or", os_is("d"))
        ),
        "group-inside-chain",
    ),
    markers("((os_name=='a'))", os_is("a"), "redundant-parentheses"),
    markers(
        "python_version >= '3.8'",
        compare(var("python_version"), ">=", version("3.8", [3, 8])),
        "version-variable",
    ),
    markers(
        "python_full_version != '3.11.*'",
        compare(var("python_full_version"), "!=", version("3.11.*", [3, 11, "*"])),
        "wildcard",
    ),
    markers(
        "implementation_version > '3.10.1'",
        compare(var("implementation_version"), ">", version("3.10.1", [3, 10, 1])),
        "implementation-version",
    ),
    markers(
        "'3.8' <= python_version",
        compare(string("3.8"), "<=", var("python_version")),
        "string-on-the-left",
    ),
    markers(
        "platform_release >= '5.10'",
        compare(
            var("platform_release"),
            ">=",
            {"type": "platform_release", "value": ver("5.10", [5, 10])},
        ),
        "platform-release-version",
    ),
    markers(
        "platform_release == '5.15.0-91-generic'",
        compare(
            var("platform_release"),
            "==",
            {"type": "platform_release", "value": "5.15.0-91-generic"},
        ),
        "platform-release-text",
    ),
    markers(
        "extra == 'test'",
        compare(var("extra"), "==", {"type": "extra", "value": "test"}),
        "extra",
    ),
    markers(
        "extra == 'Foo_Bar'",
        compare(var("extra"), "==", {"type": "extra", "value": "foo-bar"}),
        "extra-normalized",
    ),
    markers(
        "'linux' in sys_platform",
        bool_op(string("linux"), "in", var("sys_platform")),
        "in-variable",
    ),
    markers(
        "sys_platform not in 'linux darwin'",
        bool_op(var("sys_platform"), "not in", {"type": "enum", "value": ["linux", "darwin"]}),
        "not-in-enum",
    ),
    markers(
        "implementation_name in 'CPython, PyPy'",
        bool_op(var("implementation_name"), "in", {"type": "enum", "value": ["cpython", "pypy"]}),
        "enum-lower-cased",
    ),
    markers(
        "python_version ~= '3.8'",
        compare(var("python_version"), "~=", version("3.8", [3, 8])),
        "compatible-release",
    ),
    markers(
        "python_version >= 'foo'",
        compare(var("python_version"), ">=", string("foo")),
        "not-a-version",
    ),
    markers(
        "os.name == 'nt'",
        compare(var("os_name"), "==", string("nt")),
        "legacy-dotted-name",
    ),
    markers(
        "'3.8' in python_version",
        bool_op(string("3.8"), "in", var("python_version")),
        "in-left-stays-a-string",
    ),
    markers(
        "'Dev' in extras",
        bool_op(string("dev"), "in", var("extras")),
        "pep751-extras",
    ),
    vector(
        "pep508.parseString",
        "cachecontrol[filecache]>=0.13.0",
        expected=requirement(
            "cachecontrol",
            extras=["filecache"],
            conditions=[{"op": ">=", "version": ver("0.13.0", [0, 13, 0])}],
        ),
        id="extras-and-condition",
    ),
    vector(
        "pep508.parseString",
        "Foo_Bar [Extra_One, b] >=1.0, <2 ; python_version < '3.11'",
        expected=requirement(
            "foo-bar",
            extras=["extra-one", "b"],
            conditions=[
                {"op": ">=", "version": ver("1.0", [1, 0])},
                {"op": "<", "version": ver("2", [2])},
            ],
            marker=compare(var("python_version"), "<", version("3.11", [3, 11])),
        ),
        id="normalized-in-written-order",
    ),
    vector(
        "pep508.parseString",
        "foo (>=1.0)",
        expected=requirement("foo", conditions=[{"op": ">=", "version": ver("1.0", [1, 0])}]),
        id="parenthesised-conditions",
    ),
    vector(
        "pep508.parseString",
        "foo @ https://example.com/foo-1.0.tar.gz ; os_name == 'posix'",
        expected=requirement(
            "foo", url="https://example.com/foo-1.0.tar.gz", marker=os_is("posix")
        ),
        id="url-and-marker",
    ),
    vector(
        "pep508.parseString",
        "foo@ git+https://github.com/a/b.git#egg=foo",
        expected=requirement("foo", url="git+https://github.com/a/b.git#egg=foo"),
        id="vcs-url",
    ),
    vector("pep508.parseString", "requests", expected=requirement("requests"), id="bare"),
    vector(
        "pep508.parseString",
        "foo==1.0.*",
        expected=requirement(
            "foo", conditions=[{"op": "==", "version": ver("1.0.*", [1, 0, "*"])}]
        ),
        id="wildcard",
    ),
    vector("pep508.parseString", "foo[]", expected=requirement("foo"), id="empty-extras"),
]

ERRORS: list[Any] = [
    error(
        "pep508.parseMarkers",
        "os_name == ",
        kind=InvalidMarker,
        message=caret(
            "argument 1: expected a marker variable or quoted string", "os_name == ", 11, 12
        ),
        id="no-value",
    ),
    error(
        "pep508.parseMarkers",
        ["os_name == 'nt'"],
        kind=InvalidArgument,
        message="argument 1: expected a marker string, got a list",
        id="list",
    ),
    error(
        "pep508.parseString",
        "https://example.com/foo-1.0.tar.gz#egg=foo",
        kind=InvalidRequirement,
        message=caret(
            "argument 1: expected semicolon (after name with no version specifier) or end",
            "https://example.com/foo-1.0.tar.gz#egg=foo",
            5,
            6,
        ),
        id="url-without-name",
    ),
    error(
        "pep508.parseString",
        "foo >= 1 bar",
        kind=InvalidRequirement,
        message=caret(
            "argument 1: expected comma (within version specifier), semicolon"
            " (after version specifier) or end",
            "foo >= 1 bar",
            4,
            10,
        ),
        id="junk-after-version",
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
