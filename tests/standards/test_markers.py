"""PEP 508 markers: the tree, its text, target environments, evaluation and simplification."""

from __future__ import annotations

from collections.abc import Callable, Iterable

import pytest
from packaging.markers import Marker
from packaging.requirements import Requirement

from pynix.errors import InvalidArgument, InvalidMarker, PynixError, Unsupported
from pynix.standards.markers import (
    ENVIRONMENT_VARIABLES,
    And,
    Compare,
    MarkerNode,
    Operator,
    Or,
    Value,
    Variable,
    environment,
    evaluate,
    from_packaging,
    parse_marker,
    simplify,
    to_string,
    variables,
)
from pynix.standards.targets import Implementation, Interpreter, Platform, Target

P = pytest.param

# text -> normalized text
NORMALIZED = [
    P("python_version>='3.6'", 'python_version >= "3.6"', id="pep-example"),
    P(
        "python_version < '2.7.2' and (sys_platform == 'win32' or sys_platform == 'cygwin')",
        'python_version < "2.7.2" and (sys_platform == "win32" or sys_platform == "cygwin")',
        id="pep-example-parenthesised",
    ),
    P(
        "os.name == 'nt' and sys.platform != 'x'",
        'os_name == "nt" and sys_platform != "x"',
        id="dots",
    ),
    P("python_implementation == 'PyPy'", 'platform_python_implementation == "PyPy"', id="alias"),
    P("platform.version in 'x'", 'platform_version in "x"', id="platform-dot-version"),
    P("((os_name == 'nt'))", 'os_name == "nt"', id="redundant-parentheses"),
    P(
        "os_name<'a' or os_name>'b' and os_name=='c'",
        'os_name < "a" or os_name > "b" and os_name == "c"',
        id="and-binds-tighter",
    ),
    P(
        "(os_name<'a' or os_name>'b') and os_name=='c'",
        '(os_name < "a" or os_name > "b") and os_name == "c"',
        id="or-in-and",
    ),
    P(
        "os_name<'a' and (os_name>'b' and os_name=='c')",
        'os_name < "a" and os_name > "b" and os_name == "c"',
        id="flattens",
    ),
    P("'3.8' < python_version", '"3.8" < python_version', id="reversed-operands"),
    P("'linux' not  in sys_platform", '"linux" not in sys_platform', id="not-in"),
    P("extra == 'Foo_Bar.baz'", 'extra == "foo-bar-baz"', id="extra-normalized"),
    P("'Foo_Bar' == extra", '"foo-bar" == extra', id="extra-normalized-reversed"),
    P("""os_name == 'say "hi"'""", """os_name == 'say "hi"'""", id="double-quote-inside"),
    P('os_name == "it\'s \\x22x\\x22"', 'os_name == "it\'s \\x22x\\x22"', id="both-quotes"),
    P(r"os_name == 'a\\b'", r'os_name == "a\\b"', id="backslash"),
    P(r"os_name == 'a\d'", r'os_name == "a\\d"', id="unknown-escape-kept"),
    P(r"os_name == 'a\tb'", r'os_name == "a\U00000009b"', id="tab-escaped"),
    P("'Dev_X' in extras", '"dev-x" in extras', id="lock-file-extras"),
    P("'a' not in dependency_groups", '"a" not in dependency_groups', id="lock-file-groups"),
]

# text -> (message, caret span): packaging's messages, lower-cased
PARSE_ERRORS = [
    P("", "expected a marker variable or quoted string", (0, 1), id="empty"),
    P(
        "os_name",
        "expected marker operator, one of <=, <, !=, ==, >=, >, ~=, ===, in, not in",
        (7, 8),
        id="no-operator",
    ),
    P(
        'os_name = "nt"',
        "expected marker operator, one of <=, <, !=, ==, >=, >, ~=, ===, in, not in",
        (8, 9),
        id="single-equals",
    ),
    P('foo == "1"', "expected a marker variable or quoted string", (0, 1), id="unknown-variable"),
    P(
        'os_name == "nt',
        "expected a marker variable or quoted string",
        (11, 12),
        id="unclosed-quote",
    ),
    P(
        '(os_name == "nt"',
        "expected matching ')' for '(', after marker expression",
        (0, 17),
        id="unclosed-paren",
    ),
    P(
        'os_name == "nt" and',
        "expected a marker variable or quoted string",
        (19, 20),
        id="dangling-and",
    ),
    P('os_name == "a" xor os_name == "b"', "expected end of marker expression", (15, 16), id="xor"),
    P('python_version not "3"', "expected 'in' after 'not'", (19, 20), id="not-without-in"),
    P(r'os_name == "\N{nope}"', "invalid quoted string", (11, 21), id="bad-escape"),
    P(
        '"a" == "b"',
        "compares two quoted strings; one side must be a marker variable",
        None,
        id="two-strings",
    ),
    P(
        "os_name == sys_platform",
        "compares two marker variables; one side must be a quoted string",
        None,
        id="two-variables",
    ),
    P('extras == "a"', 'extras is a set; only "name" in extras is defined', None, id="set-on-left"),
    P(
        '"a" == dependency_groups',
        'dependency_groups is a set; only "name" in dependency_groups is defined',
        None,
        id="set-with-equals",
    ),
]


def _cmp(name: str, op: Operator, text: str) -> Compare:
    return Compare(Variable(name), op, Value(text))


# Nodes are checked when built, so that equal markers have equal trees.
NODE_ERRORS = [
    P(lambda: Variable("python"), InvalidMarker, "unknown marker variable 'python'", id="variable"),
    P(
        lambda: Compare(Variable("os_name"), "=", Value("nt")),  # type: ignore[arg-type]
        InvalidMarker,
        "unknown marker operator '='",
        id="operator",
    ),
    P(
        lambda: And((_cmp("os_name", "==", "nt"),)),
        InvalidArgument,
        "And needs at least two items, got 1",
        id="and-of-one",
    ),
    P(
        lambda: Or(
            (
                _cmp("os_name", "==", "a"),
                Or((_cmp("os_name", "==", "b"), _cmp("os_name", "==", "c"))),
            )
        ),
        InvalidArgument,
        "Or nested directly in Or; flatten it",
        id="or-in-or",
    ),
]


def _target(system: str, version: str, pypy: str | None = None) -> Target:
    """A CPython target, or a PyPy one when PyPy's own version is given ("" for none)."""
    implementation: Implementation = "cpython" if pypy is None else "pypy"
    interpreter = Interpreter(
        implementation=implementation, version=version, implementation_version=pypy or None
    )
    return Target(interpreter=interpreter, platform=Platform.from_system(system))


LINUX_312 = {
    "implementation_name": "cpython",
    "implementation_version": "3.12.4",
    "os_name": "posix",
    "platform_machine": "x86_64",
    "platform_python_implementation": "CPython",
    "platform_release": "",
    "platform_system": "Linux",
    "platform_version": "",
    "python_full_version": "3.12.4",
    "python_version": "3.12",
    "sys_platform": "linux",
}
DARWIN = {"platform_system": "Darwin", "sys_platform": "darwin"}
WINDOWS = {"os_name": "nt", "platform_system": "Windows", "sys_platform": "win32"}

# target -> the values that differ from LINUX_312
ENVIRONMENTS = [
    P(_target("x86_64-linux", "3.12.4"), {}, id="x86_64-linux"),
    P(_target("aarch64-linux", "3.12.4"), {"platform_machine": "aarch64"}, id="aarch64-linux"),
    P(_target("powerpc64le-linux", "3.12.4"), {"platform_machine": "ppc64le"}, id="ppc64le-linux"),
    P(
        _target("aarch64-darwin", "3.12.4"),
        DARWIN | {"platform_machine": "arm64"},
        id="aarch64-darwin",
    ),
    P(_target("x86_64-darwin", "3.12.4"), DARWIN, id="x86_64-darwin"),
    P(
        _target("x86_64-windows", "3.12.4"),
        WINDOWS | {"platform_machine": "AMD64"},
        id="x86_64-windows",
    ),
    P(
        _target("aarch64-windows", "3.12.4"),
        WINDOWS | {"platform_machine": "ARM64"},
        id="aarch64-windows",
    ),
    P(
        _target("x86_64-linux", "3.12"),
        {"implementation_version": "3.12.0", "python_full_version": "3.12.0"},
        id="short-version-padded",
    ),
    P(
        _target("x86_64-linux", "3.14.0rc2"),
        {
            "implementation_version": "3.14.0rc2",
            "python_full_version": "3.14.0rc2",
            "python_version": "3.14",
        },
        id="prerelease",
    ),
    P(
        _target("x86_64-linux", "3.10.14", pypy="7.3.17"),
        {
            "implementation_name": "pypy",
            "implementation_version": "7.3.17",
            "platform_python_implementation": "PyPy",
            "python_full_version": "3.10.14",
            "python_version": "3.10",
        },
        id="pypy",
    ),
]

DARWIN_310 = environment(_target("aarch64-darwin", "3.10.2"))
WINDOWS_39 = environment(_target("x86_64-windows", "3.9.13"))
PYPY_LINUX = environment(_target("aarch64-linux", "3.11.9", pypy="7.3.17"))
RC_314 = environment(_target("x86_64-linux", "3.14.0rc2"))
RELEASE = "6.8.0-45-generic"

# (marker, environment, extras, expected)
EVALUATIONS = [
    # Versions compare as versions: 3.10 > 3.9 although "3.10" < "3.9" as strings.
    P('python_version > "3.9"', DARWIN_310, None, True, id="version-not-string-order"),
    P('python_version < "3.10"', DARWIN_310, None, False, id="version-less"),
    P('"3.9" < python_version', DARWIN_310, None, True, id="version-reversed"),
    P('"3.10" == python_version', DARWIN_310, None, True, id="version-reversed-equal"),
    P('python_full_version == "3.10.2.0"', DARWIN_310, None, True, id="version-zero-padding"),
    P('python_full_version == "3.10.*"', DARWIN_310, None, True, id="version-wildcard"),
    P('python_version != "3.*"', DARWIN_310, None, False, id="version-wildcard-not-equal"),
    P('python_full_version ~= "3.10.0"', DARWIN_310, None, True, id="compatible"),
    P('python_full_version ~= "3.9.0"', DARWIN_310, None, False, id="compatible-upper"),
    P('python_full_version >= "3.14"', RC_314, None, False, id="prerelease-below-final"),
    P('python_full_version > "3.13"', RC_314, None, True, id="prerelease-matches"),
    P('python_version >= "3.9."', DARWIN_310, None, False, id="no-specifier-string-equal"),
    P('python_version <= "3.10-x"', DARWIN_310, None, False, id="no-specifier-string-equal-2"),
    P('python_version <= "3.10 "', DARWIN_310, None, True, id="specifier-whitespace-ignored"),
    P('python_version in "3.9 3.10 3.11"', DARWIN_310, None, True, id="in-is-substring"),
    P('python_version in "3.100"', DARWIN_310, None, True, id="in-is-substring-trap"),
    P('python_version === "3.10"', DARWIN_310, None, True, id="arbitrary-equality"),
    P('python_full_version === "3.10.2.0"', DARWIN_310, None, False, id="arbitrary-no-padding"),
    P('implementation_version === "7.3.17"', PYPY_LINUX, None, True, id="arbitrary-pypy"),
    P('implementation_version >= "7.3"', PYPY_LINUX, None, True, id="pypy-own-version"),
    P('implementation_name == "pypy"', PYPY_LINUX, None, True, id="pypy-name"),
    P('platform_python_implementation == "PyPy"', PYPY_LINUX, None, True, id="pypy-platform"),
    # platform_release is "" in a target environment: no version is contained in it.
    P('platform_release >= "20.0"', DARWIN_310, None, False, id="release-unknown"),
    P('platform_release != "20.0"', DARWIN_310, None, False, id="release-unknown-not-equal"),
    P('platform_release == ""', DARWIN_310, None, True, id="release-empty"),
    P(
        'platform_release >= "5.10"',
        {"platform_release": RELEASE},
        None,
        False,
        id="release-kernel",
    ),
    P(
        'platform_release >= "5.10"',
        {"platform_release": "6.8.0"},
        None,
        True,
        id="release-version",
    ),
    P('"generic" in platform_release', {"platform_release": RELEASE}, None, True, id="release-in"),
    # Strings: substring tests, equality; < and > are false, <= and >= mean ==.
    P('os_name in "posix nt"', WINDOWS_39, None, True, id="os-name-in-list"),
    P('"linux" in sys_platform', {"sys_platform": "linux2"}, None, True, id="substring"),
    P('"win" not in sys_platform', WINDOWS_39, None, False, id="not-in"),
    P('platform_machine == "amd64"', WINDOWS_39, None, False, id="case-matters"),
    P('os_name < "zzz"', WINDOWS_39, None, False, id="string-less-is-false"),
    P('sys_platform > "a"', WINDOWS_39, None, False, id="string-greater-is-false"),
    P('os_name <= "nt"', WINDOWS_39, None, True, id="string-less-equal-is-equal"),
    P('os_name >= "a"', WINDOWS_39, None, False, id="string-greater-equal-is-equal"),
    P('"win32" == sys_platform', WINDOWS_39, None, True, id="string-reversed"),
    P(
        'sys_platform == "darwin" and os_name == "x" or os_name == "posix"',
        DARWIN_310,
        None,
        True,
        id="and-or",
    ),
    P(
        'sys_platform == "darwin" and (os_name == "x" or os_name == "nt")',
        DARWIN_310,
        None,
        False,
        id="parens",
    ),
    # extra: normalized, one extra or a set of them.
    P('extra == "Foo_Bar"', {}, "foo.bar", True, id="extra-normalized"),
    P('extra == "test"', {}, "docs", False, id="extra-single-other"),
    P('extra == "test"', {}, None, False, id="extra-none"),
    P('extra != "test"', {}, None, True, id="extra-none-not-equal"),
    P('extra in "test docs"', {}, None, False, id="extra-none-in-is-false"),
    P('extra == "test"', {}, ["docs", "Test"], True, id="extra-set-member"),
    P('extra == "a" and extra == "b"', {}, {"a", "b"}, True, id="extra-set-both"),
    P('extra != "a"', {}, {"a", "b"}, False, id="extra-set-not-equal"),
    P('extra != "c"', {}, {"a", "b"}, True, id="extra-set-not-equal-absent"),
    P('extra in "a c"', {}, {"a", "b"}, True, id="extra-set-in"),
    P('extra not in "a c"', {}, {"b", "a"}, False, id="extra-set-not-in"),
    P('"Test" == extra', {}, "TEST", True, id="extra-reversed"),
    P('"es" in extra', {}, "test", True, id="extra-reversed-substring"),
    P('extra == "a"', {}, [], False, id="extra-empty-set"),
]

HINT = "  hint: build the environment with pynix.standards.markers.environment(target)"
NO_EXTRA_KEY = "pass extras as extras=..., not as an 'extra' key of the environment"

# (marker, environment, extras, error, str(error))
EVALUATION_ERRORS = [
    P(
        'os_name == "nt"',
        {"sys_platform": "linux"},
        None,
        InvalidArgument,
        f'the environment has no value for os_name: os_name == "nt"\n{HINT}',
        id="missing-variable",
    ),
    P(
        'python_version > "3" or os_name == "nt"',
        {"python_version": "3.12"},
        None,
        InvalidArgument,
        f'the environment has no value for os_name: os_name == "nt"\n{HINT}',
        id="missing-later",
    ),
    P(
        'os_name == "nt"',
        LINUX_312 | {"extra": "x"},
        None,
        InvalidArgument,
        NO_EXTRA_KEY,
        id="extra-in-env",
    ),
    P(
        'os_name ~= "nt"',
        LINUX_312,
        None,
        InvalidMarker,
        'undefined comparison: ~= needs versions and os_name is a string: os_name ~= "nt"',
        id="compatible-on-string",
    ),
    P(
        'sys_platform === "linux"',
        LINUX_312,
        None,
        InvalidMarker,
        "undefined comparison: === needs versions and sys_platform is a string: "
        'sys_platform === "linux"',
        id="arbitrary-on-string",
    ),
    P(
        'extra === "a"',
        {},
        None,
        InvalidMarker,
        'undefined comparison: === needs versions and extra is a string: extra === "a"',
        id="arbitrary-on-no-extra",
    ),
    P(
        'extra ~= "a"',
        {},
        ["a"],
        InvalidMarker,
        'undefined comparison: ~= needs versions and extra is a string: extra ~= "a"',
        id="compatible-on-extra",
    ),
    P(
        'python_version ~= "3"',
        LINUX_312,
        None,
        InvalidMarker,
        'undefined comparison: ~=3 is not a version specifier: python_version ~= "3"',
        id="compatible-one-part",
    ),
    P(
        'python_full_version ~= "3.12.*"',
        LINUX_312,
        None,
        InvalidMarker,
        "undefined comparison: ~=3.12.* is not a version specifier: "
        'python_full_version ~= "3.12.*"',
        id="compatible-wildcard",
    ),
    # Every comparison is decided: a true branch does not hide an undefined one.
    P(
        'os_name == "posix" or os_name ~= "x"',
        LINUX_312,
        None,
        InvalidMarker,
        'undefined comparison: ~= needs versions and os_name is a string: os_name ~= "x"',
        id="undefined-after-true",
    ),
    P(
        '"a" in extras',
        LINUX_312,
        None,
        Unsupported,
        'extras is a lock-file variable (PEP 751); pynix does not evaluate it: "a" in extras',
        id="lock-file-extras",
    ),
    P(
        'os_name == "nt" or',
        LINUX_312,
        None,
        InvalidMarker,
        'expected a marker variable or quoted string: os_name == "nt" or\n' + " " * 63 + "^",
        id="unparsable",
    ),
]

# (marker, known, extras, simplified text or bool)
A_AND_OLD = 'os_name == "a" and python_version < "3.11"'
A_OR_OLD = 'os_name == "a" or python_version < "3.11"'
PY310, PY312 = {"python_version": "3.10"}, {"python_version": "3.12"}
SIMPLIFICATIONS = [
    P(A_AND_OLD, {}, None, A_AND_OLD, id="nothing-known"),
    P(A_AND_OLD, PY310, None, 'os_name == "a"', id="and-drops-true"),
    P(A_AND_OLD, PY312, None, False, id="and-absorbs-false"),
    P(A_OR_OLD, PY310, None, True, id="or-absorbs-true"),
    P(A_OR_OLD, PY312, None, 'os_name == "a"', id="or-drops-false"),
    P(A_OR_OLD, PY312 | {"os_name": "a"}, None, True, id="all-known"),
    P('extra == "test" and os_name == "a"', {}, "test", 'os_name == "a"', id="extras-decided"),
    P('extra == "test" and os_name == "a"', {}, None, False, id="no-extras"),
    P(
        (
            '(os_name == "a" or python_version < "3.9")'
            ' and (os_name == "b" or implementation_name == "pypy")'
        ),
        PY312 | {"implementation_name": "cpython"},
        None,
        'os_name == "a" and os_name == "b"',
        id="regroups",
    ),
    P(
        'os_name == "a" or (python_version > "3" and (os_name == "b" or os_name == "c"))',
        PY312,
        None,
        'os_name == "a" or os_name == "b" or os_name == "c"',
        id="flattens",
    ),
]


@pytest.mark.parametrize(("text", "normalized"), NORMALIZED)
def test_to_string_normalizes(text: str, normalized: str) -> None:
    node = parse_marker(text)
    assert to_string(node) == normalized
    assert parse_marker(normalized) == node
    assert from_packaging(Marker(normalized)) == node


def test_to_string_escapes_a_value_with_both_quotes() -> None:
    node = _cmp("platform_version", "==", 'it\'s "x"\\')
    assert to_string(node) == 'platform_version == "it\'s \\x22x\\x22\\\\"'
    assert parse_marker(to_string(node)) == node


A, B, C = (_cmp("os_name", "==", name) for name in "abc")

# The precedence examples of the PEP's test vectors: "and" binds tighter than "or".
PRECEDENCE = [
    P("os_name=='a' or os_name=='b'", Or((A, B)), id="or"),
    P("os_name=='a' and os_name=='b' or os_name=='c'", Or((And((A, B)), C)), id="and-then-or"),
    P("os_name=='a' and (os_name=='b' or os_name=='c')", And((A, Or((B, C)))), id="and-group"),
    P("os_name=='a' or os_name=='b' and os_name=='c'", Or((A, And((B, C)))), id="or-then-and"),
    P("(os_name=='a' or os_name=='b') and os_name=='c'", And((Or((A, B)), C)), id="group-and"),
    P("os_name=='a' or (os_name=='b' or os_name=='c')", Or((A, B, C)), id="or-flattens"),
]


@pytest.mark.parametrize(("text", "tree"), PRECEDENCE)
def test_parse_tree_shape_follows_precedence(text: str, tree: MarkerNode) -> None:
    assert parse_marker(text) == tree
    assert parse_marker(to_string(tree)) == tree


def test_parse_keeps_reversed_operands() -> None:
    reversed_node = parse_marker('"3.8" <= python_version')
    assert reversed_node == Compare(Value("3.8"), "<=", Variable("python_version"))


@pytest.mark.parametrize(("text", "message", "span"), PARSE_ERRORS)
def test_parse_errors(text: str, message: str, span: tuple[int, int] | None) -> None:
    with pytest.raises(InvalidMarker) as caught:
        parse_marker(text)
    assert (caught.value.message, caught.value.span, caught.value.text) == (message, span, text)


def test_parse_error_renders_a_caret_and_takes_a_location() -> None:
    with pytest.raises(InvalidMarker) as caught:
        parse_marker("os_name ~ 'x'")
    located = caught.value.at(file="pyproject.toml", key="project.dependencies[0]")
    head = (
        "pyproject.toml: project.dependencies[0]: expected marker operator, one of "
        "<=, <, !=, ==, >=, >, ~=, ===, in, not in: os_name ~ 'x'"
    )
    assert str(located) == f"{head}\n{' ' * (len(head) - 5)}^"


@pytest.mark.parametrize(("build", "error", "message"), NODE_ERRORS)
def test_node_errors(build: Callable[[], object], error: type[PynixError], message: str) -> None:
    with pytest.raises(error) as caught:
        build()
    assert str(caught.value) == message


def test_nodes_normalize_extra_literals_and_accept_lists() -> None:
    assert _cmp("extra", "==", "Foo.Bar").rhs == Value("foo-bar")
    assert Compare(Value("Dev_Tools"), "in", Variable("extras")).lhs == Value("dev-tools")
    # Only extra names are normalized: other strings are compared as written.
    assert _cmp("platform_machine", "==", "AMD64").rhs == Value("AMD64")
    items = [_cmp("os_name", "==", "a"), _cmp("os_name", "==", "b")]
    assert And(items).items == tuple(items)  # type: ignore[arg-type]
    first = items[0]
    assert (first.variable, first.literal, first.reversed) == ("os_name", "a", False)
    last = Compare(Value("3.8"), "<", Variable("python_version"))
    assert (last.variable, last.literal, last.reversed) == ("python_version", "3.8", True)


def test_from_packaging_reads_requirement_markers() -> None:
    requirement = Requirement(
        "foo[x]; (extra == 'X' or os_name == 'nt') and python_version >= '3.9'"
    )
    assert requirement.marker is not None
    assert to_string(from_packaging(requirement.marker)) == (
        '(extra == "x" or os_name == "nt") and python_version >= "3.9"'
    )
    combined = Marker("os_name == 'a' or os_name == 'b'") & Marker("python_version > '3'")
    assert to_string(from_packaging(combined)) == (
        '(os_name == "a" or os_name == "b") and python_version > "3"'
    )


def test_from_packaging_rejects_what_cannot_be_evaluated() -> None:
    with pytest.raises(InvalidMarker) as caught:
        from_packaging(Marker('python_version == "3" or "a" == "b"'))
    assert str(caught.value) == "compares two quoted strings; one side must be a marker variable"


def test_variables() -> None:
    node = parse_marker("(extra == 'a' or os.name == 'nt') and 'x' in platform_version")
    assert variables(node) == {"extra", "os_name", "platform_version"}
    assert variables(parse_marker("'a' in extras")) == {"extras"}


@pytest.mark.parametrize(("target", "changes"), ENVIRONMENTS)
def test_environment(target: Target, changes: dict[str, str]) -> None:
    env = environment(target)
    assert env == LINUX_312 | changes
    assert list(env) == sorted(ENVIRONMENT_VARIABLES)


@pytest.mark.parametrize(
    ("target", "message"),
    [
        P(
            _target("x86_64-linux", "3.10", pypy=""),
            "PyPy 3.10 has no implementation_version\n"
            "  hint: give PyPy's own version, such as implementation_version='7.3.17'",
            id="pypy-without-own-version",
        ),
        P(
            _target("x86_64-linux", "3.12.4+"),
            "python_full_version '3.12.4+' of CPython 3.12.4+ is not a PEP 440 version",
            id="not-pep-440",
        ),
        P(
            _target("x86_64-linux", "3.10", pypy="seven"),
            "implementation_version 'seven' of PyPy 3.10 is not a PEP 440 version",
            id="bad-implementation-version",
        ),
    ],
)
def test_environment_errors(target: Target, message: str) -> None:
    with pytest.raises(InvalidArgument) as caught:
        environment(target)
    assert str(caught.value) == message


@pytest.mark.parametrize(("text", "env", "extras", "expected"), EVALUATIONS)
def test_evaluate(
    text: str, env: dict[str, str], extras: str | Iterable[str] | None, *, expected: bool
) -> None:
    assert evaluate(text, env, extras) is expected
    assert evaluate(parse_marker(text), env, extras) is expected
    if isinstance(extras, str) or (extras is None and "extra" not in text):
        # packaging agrees, given every variable (it would fill in the host's).
        packaging_env = LINUX_312 | env | {"extra": extras or ""}
        assert Marker(text).evaluate(packaging_env) is expected


def test_no_extras_is_not_the_empty_extra() -> None:
    # packaging evaluates a missing extra as "", a substring of every string.
    assert Marker('extra in "test docs"').evaluate(LINUX_312 | {"extra": ""}) is True
    assert evaluate('extra in "test docs"', {}) is False


def test_evaluate_accepts_packaging_markers() -> None:
    assert evaluate(Marker("python_version >= '3.10'"), DARWIN_310) is True


@pytest.mark.parametrize(("text", "env", "extras", "error", "message"), EVALUATION_ERRORS)
def test_evaluate_errors(
    text: str,
    env: dict[str, str],
    extras: list[str] | None,
    error: type[PynixError],
    message: str,
) -> None:
    with pytest.raises(error) as caught:
        evaluate(text, env, extras)
    assert str(caught.value) == message


@pytest.mark.parametrize(("text", "known", "extras", "expected"), SIMPLIFICATIONS)
def test_simplify(
    text: str, known: dict[str, str], extras: str | None, *, expected: str | bool
) -> None:
    result = simplify(parse_marker(text), known, extras)
    assert (result if isinstance(result, bool) else to_string(result)) == expected


def test_simplify_keeps_an_undecided_tree_as_is() -> None:
    node = parse_marker('os_name == "nt" and (sys_platform == "a" or sys_platform == "b")')
    assert simplify(node, {"python_version": "3.12"}) is node


def test_simplify_errors() -> None:
    with pytest.raises(InvalidMarker) as caught:
        simplify(parse_marker('os_name ~= "x" or python_version > "3"'), {"os_name": "nt"})
    assert str(caught.value) == (
        'undefined comparison: ~= needs versions and os_name is a string: os_name ~= "x"'
    )
    with pytest.raises(InvalidArgument) as raised:
        simplify(parse_marker('os_name == "nt"'), {"extra": "x"})
    assert str(raised.value) == NO_EXTRA_KEY


@pytest.mark.parametrize(
    "system", ["x86_64-linux", "aarch64-linux", "x86_64-darwin", "aarch64-darwin", "x86_64-windows"]
)
def test_every_target_environment_decides_every_variable(system: str) -> None:
    node = And(tuple(_cmp(name, "!=", "0") for name in ENVIRONMENT_VARIABLES))
    env = environment(Target.parse(system, "3.13.1"))
    # Only platform_release ("", no version) fails "!= 0", as it does in packaging.
    assert evaluate(node, env) is False
    assert simplify(node, env) is False
    assert Marker(to_string(node)).evaluate(env) is False
    rest = And(tuple(item for item in node.items if variables(item) != {"platform_release"}))
    assert evaluate(rest, env) is True
