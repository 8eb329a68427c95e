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


def environ(
    *,
    python: tuple[str, list[JSON]],
    full: tuple[str, list[JSON]],
    implementation: tuple[str, str, tuple[str, list[JSON]]] = ("cpython", "CPython", ("", [])),
    system: tuple[str, str, str, str],
) -> dict[str, JSON]:
    """pyproject.nix's environment: versions, (name, Name, version), (os, sys, System, machine)."""
    name, long_name, own = implementation
    os_name, sys_platform, platform_system, machine = system
    return {
        "implementation_name": string(name),
        "implementation_version": version(*(own if own[0] else full)),
        "os_name": string(os_name),
        "platform_machine": string(machine),
        "platform_python_implementation": string(long_name),
        "platform_release": {"type": "platform_release", "value": ""},
        "platform_system": string(platform_system),
        "platform_version": string(""),
        "python_full_version": version(*full),
        "python_version": version(*python),
        "sys_platform": string(sys_platform),
    }


LINUX: JSON = {"system": "x86_64-linux", "version": "3.12.4"}
LINUX_ENVIRON = environ(
    python=("3.12", [3, 12]),
    full=("3.12.4", [3, 12, 4]),
    system=("posix", "linux", "Linux", "x86_64"),
)


def evaluates(marker: JSON, *, expected: bool, id: str, env: JSON = LINUX_ENVIRON) -> Any:  # noqa: A002
    return vector("pep508.evalMarkers", env, marker, expected=expected, id=id)


def tree(text: str) -> JSON:
    """The tree of ``text`` as an argument (``parseMarkers`` has its own vectors)."""
    return call("pep508.parseMarkers", text)


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
    vector("pep508.mkEnviron", LINUX, expected=LINUX_ENVIRON, id="linux"),
    vector(
        "pep508.mkEnviron",
        {"system": "aarch64-darwin", "version": "3.11.9", "darwinSdkVersion": "11.0"},
        expected=environ(
            python=("3.11", [3, 11]),
            full=("3.11.9", [3, 11, 9]),
            system=("posix", "darwin", "Darwin", "arm64"),
        ),
        id="darwin",
    ),
    vector(
        "pep508.mkEnviron",
        {"system": "x86_64-windows", "version": "3.13"},
        expected=environ(
            python=("3.13", [3, 13]),
            full=("3.13.0", [3, 13, 0]),
            system=("nt", "win32", "Windows", "AMD64"),
        ),
        id="windows",
    ),
    vector(
        "pep508.mkEnviron",
        {
            "system": "aarch64-linux",
            "version": "3.10.14",
            "implementation": "pypy",
            "implementationVersion": "7.3.17",
        },
        expected=environ(
            python=("3.10", [3, 10]),
            full=("3.10.14", [3, 10, 14]),
            implementation=("pypy", "PyPy", ("7.3.17", [7, 3, 17])),
            system=("posix", "linux", "Linux", "aarch64"),
        ),
        id="pypy",
    ),
    vector(
        "pep508.setEnviron",
        LINUX_ENVIRON,
        {"platform_release": "6.8.0-45-generic", "os_name": "nt"},
        expected={
            **LINUX_ENVIRON,
            "os_name": string("nt"),
            "platform_release": {"type": "platform_release", "value": "6.8.0-45-generic"},
        },
        id="strings",
    ),
    vector(
        "pep508.setEnviron",
        LINUX_ENVIRON,
        {"platform_release": "5.10", "python_version": "3.8"},
        expected={
            **LINUX_ENVIRON,
            "platform_release": {"type": "platform_release", "value": ver("5.10", [5, 10])},
            "python_version": version("3.8", [3, 8]),
        },
        id="versions",
    ),
    vector(
        "pep508.setEnviron",
        LINUX_ENVIRON,
        {"extra": ["test", "Docs_X"]},
        expected={**LINUX_ENVIRON, "extra": {"type": "extra", "value": ["test", "Docs_X"]}},
        id="extras",
    ),
    vector(
        "pep508.setEnviron",
        LINUX_ENVIRON,
        {"extra": "test"},
        expected={**LINUX_ENVIRON, "extra": {"type": "extra", "value": "test"}},
        id="one-extra",
    ),
    evaluates(tree("python_version < '3.11'"), expected=False, id="version"),
    evaluates(
        tree("python_version >= '3.12' and sys_platform == 'linux'"), expected=True, id="and"
    ),
    evaluates(tree("os_name == 'nt' or implementation_name == 'cpython'"), expected=True, id="or"),
    evaluates(tree("python_full_version == '3.12.*'"), expected=True, id="wildcard"),
    evaluates(tree("python_full_version > '3.12'"), expected=True, id="padded-release"),
    evaluates(tree("'linux' in sys_platform"), expected=True, id="in-variable"),
    evaluates(tree("platform_machine in 'x86_64 aarch64'"), expected=True, id="in-enum"),
    evaluates(tree("sys_platform in 'linux2'"), expected=True, id="in-is-a-substring-test"),
    evaluates(
        tree("platform_python_implementation in 'CPython PyPy'"),
        expected=True,
        id="enum-case-insensitive",
    ),
    evaluates(
        tree("platform_python_implementation not in 'CPython PyPy'"),
        expected=False,
        id="not-in-enum",
    ),
    evaluates("python_version < '3.11' or os_name == 'posix'", expected=True, id="marker-text"),
    evaluates(tree("extra == 'test'"), expected=False, id="no-extras"),
    evaluates(
        tree("extra == 'docs-x' and extra == 'test'"),
        expected=True,
        id="extras-selected",
        env={**LINUX_ENVIRON, "extra": {"type": "extra", "value": ["test", "Docs_X"]}},
    ),
    evaluates(
        tree("extra != 'test'"),
        expected=False,
        id="one-extra",
        env={**LINUX_ENVIRON, "extra": {"type": "extra", "value": "test"}},
    ),
    evaluates(
        {
            "lhs": {"type": "variable", "value": "python_version"},
            "op": "<",
            "rhs": {"type": "version", "value": {"release": [3, 13]}},
            "type": "compare",
        },
        expected=True,
        id="rebuilt-version",
    ),
]

ERRORS: list[Any] = [
    error(
        "pep508.mkEnviron",
        {"system": "x86_64-linux", "version": "3.10", "implementation": "pypy"},
        kind=InvalidArgument,
        message=(
            "argument 1: a PyPy target needs 'implementationVersion'"
            " (PyPy's own version, such as '7.3.17')"
        ),
        id="pypy-without-its-version",
    ),
    error(
        "pep508.setEnviron",
        LINUX_ENVIRON,
        {"python_versio": "3.8"},
        kind=InvalidArgument,
        message=(
            "argument 2, python_versio: unknown key in an object of {variable: string}\n"
            "  hint: known keys: implementation_name, implementation_version, os_name,"
            " platform_machine, platform_python_implementation, platform_release,"
            " platform_system, platform_version, python_full_version, python_version,"
            " sys_platform, extra"
        ),
        id="unknown-variable",
    ),
    error(
        "pep508.setEnviron",
        LINUX_ENVIRON,
        {"extra": 3},
        kind=InvalidArgument,
        message="argument 2, extra: expected an extra name or a list of them, got 3",
        id="extra-number",
    ),
    error(
        "pep508.evalMarkers",
        {"os_name": {"type": "string", "value": "nt"}},
        "sys_platform == 'win32' and os_name == 'nt'",
        kind=InvalidArgument,
        message=(
            "argument 1: the environment has no value for sys_platform\n"
            "  hint: make it with pep508.mkEnviron"
        ),
        id="incomplete-environment",
    ),
    error(
        "pep508.evalMarkers",
        {"os_name": {"type": "set", "value": "nt"}},
        "os_name == 'nt'",
        kind=InvalidArgument,
        message=(
            'argument 1, os_name.type: expected "string", "version" or "platform_release",'
            ' got "set"'
        ),
        id="environment-value-type",
    ),
    error(
        "pep508.evalMarkers",
        LINUX_ENVIRON,
        {
            "lhs": {"type": "variable", "value": "os"},
            "op": "==",
            "rhs": {"type": "string", "value": "posix"},
            "type": "compare",
        },
        kind=InvalidMarker,
        message="argument 2, lhs.value: unknown marker variable 'os'",
        id="unknown-variable",
    ),
    error(
        "pep508.evalMarkers",
        LINUX_ENVIRON,
        {"lhs": string("a"), "op": "==", "rhs": string("a"), "type": "compare"},
        kind=InvalidMarker,
        message="argument 2: compares two quoted strings; one side must be a marker variable",
        id="two-strings",
    ),
    error(
        "pep508.evalMarkers",
        LINUX_ENVIRON,
        {"lhs": var("os_name"), "op": "xor", "rhs": string("a"), "type": "boolOp"},
        kind=InvalidArgument,
        message='argument 2, op: expected "and", "or", "in", "not in", got "xor"',
        id="unknown-operator",
    ),
    error(
        "pep508.evalMarkers",
        LINUX_ENVIRON,
        "os_name ~= 'nt'",
        kind=InvalidMarker,
        message=(
            "argument 2: undefined comparison: ~= needs versions and os_name is a string:"
            ' os_name ~= "nt"'
        ),
        id="undefined-comparison",
    ),
    error(
        "pep508.evalMarkers",
        LINUX_ENVIRON,
        None,
        kind=InvalidArgument,
        message="argument 2: expected a marker tree node, got null",
        id="null",
    ),
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
        "'a' == 'b'",
        kind=InvalidMarker,
        message=(
            "argument 1: compares two quoted strings; one side must be a marker variable:"
            " 'a' == 'b'"
        ),
        id="two-strings",
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
