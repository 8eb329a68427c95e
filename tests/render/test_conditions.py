"""Markers compiled to Nix conditions: the text written, and agreement with PEP 508 in real Nix."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from packaging.markers import Marker
from packaging.specifiers import SpecifierSet

from pynix.nix import call, render_line, var
from pynix.render.conditions import (
    PACKAGE_SCOPE,
    PYTHON_SYSTEMS,
    Compiled,
    Condition,
    Scope,
    compile_marker,
    conjoin,
    disjoin,
    negate,
)
from pynix.standards.targets import DEFAULT_SYSTEMS, KNOWN_SYSTEMS
from tests.render._standin import VERSIONS, evaluate_conditions, nix_text, reference

NORMALIZED = 'builtins.replaceStrings [ "a" "b" "rc" ] [ "pre-a" "pre-b" "pre-rc" ] python.version'

# (id, marker, condition as written in a package function; True/False when decided)
COMPILED = [
    ("linux", 'sys_platform == "linux"', "stdenv.hostPlatform.isLinux"),
    ("darwin", 'platform_system == "Darwin"', "stdenv.hostPlatform.isDarwin"),
    ("posix", 'os_name == "posix"', True),
    ("x86_64", 'platform_machine == "x86_64"', "stdenv.hostPlatform.isx86_64"),
    (
        "apple-silicon",
        'sys_platform == "darwin" and platform_machine == "arm64"',
        "stdenv.hostPlatform.isDarwin && stdenv.hostPlatform.isAarch64",
    ),
    (
        "aarch64-linux",
        'platform_machine == "aarch64"',
        "stdenv.hostPlatform.isLinux && stdenv.hostPlatform.isAarch64",
    ),
    (
        "ppc64le",
        'platform_machine == "ppc64le"',
        'stdenv.hostPlatform.system == "powerpc64le-linux"',
    ),
    (
        "armv7l-excluded",
        'platform_machine != "armv7l"',
        'stdenv.hostPlatform.system != "armv7l-linux"',
    ),
    ("windows-never", 'sys_platform == "win32"', False),
    ("not-windows", 'sys_platform != "win32"', True),
    ("older", 'python_version < "3.11"', 'pythonOlder "3.11"'),
    ("at-least", 'python_version >= "3.9"', 'pythonAtLeast "3.9"'),
    ("reversed", '"3.9" < python_version', 'pythonAtLeast "3.10"'),
    (
        "range",
        'python_version >= "3.8" and python_version < "3.11"',
        'pythonAtLeast "3.8" && pythonOlder "3.11"',
    ),
    (
        "two-minors",
        'python_version == "3.8" or python_version == "3.9"',
        'pythonAtLeast "3.8" && pythonOlder "3.10"',
    ),
    ("substring", 'python_version in "3.8 3.9"', 'pythonAtLeast "3.8" && pythonOlder "3.10"'),
    ("one-minor", 'python_version == "3.10"', 'python.pythonVersion == "3.10"'),
    ("all-but-one", 'python_version != "3.10"', 'python.pythonVersion != "3.10"'),
    ("patch-in-minor", 'python_version < "3.10.1"', 'pythonOlder "3.11"'),
    ("full-older", 'python_full_version < "3.8.2"', 'lib.versionOlder python.version "3.8.2"'),
    ("full-minor-older", 'python_full_version < "3.14"', 'lib.versionOlder python.version "3.14"'),
    ("full-at-most", 'python_full_version <= "3.12"', 'lib.versionOlder python.version "3.12.1"'),
    (
        "full-at-least",
        'python_full_version >= "3.8.1"',
        f'lib.versionAtLeast ({NORMALIZED}) "3.8.1"',
    ),
    ("full-equal", 'python_full_version == "3.12.5"', 'python.version == "3.12.5"'),
    ("full-unequal", 'python_full_version != "3.12.5"', 'python.version != "3.12.5"'),
    (
        "full-prefix",
        'python_full_version == "3.8.*"',
        'lib.versionAtLeast python.version "3.8" && lib.versionOlder python.version "3.9"',
    ),
    (
        "full-after-rc",
        'python_full_version > "3.13.0rc1"',
        f'lib.versionAtLeast ({NORMALIZED}) "3.13.0pre-rc2"',
    ),
    ("pypy", 'implementation_name == "pypy"', 'python.implementation == "pypy"'),
    (
        "not-cpython",
        'platform_python_implementation != "CPython"',
        'python.implementation == "pypy"',
    ),
    (
        "kinds-grouped",
        'python_version < "3.13" and sys_platform != "win32" and implementation_name == "cpython"',
        'python.implementation == "cpython" && pythonOlder "3.13"',
    ),
    (
        "or-of-kinds",
        'sys_platform == "linux" or python_version < "3.10"',
        'stdenv.hostPlatform.isLinux || pythonOlder "3.10"',
    ),
    ("tautology", 'python_version >= "3.8" or python_version < "3.8"', True),
    ("contradiction", 'sys_platform == "linux" and sys_platform == "darwin"', False),
]


@pytest.mark.parametrize(
    ("marker", "expected"), [c[1:] for c in COMPILED], ids=[c[0] for c in COMPILED]
)
def test_compiled_text(marker: str, *, expected: str | bool) -> None:
    compiled = compile_marker(Marker(marker))
    assert compiled.findings == ()
    if isinstance(expected, bool):
        assert compiled.condition is expected
    else:
        assert not isinstance(compiled.condition, bool)
        assert render_line(compiled.condition) == expected


# (id, marker, extras, groups, expected)
SELECTION = [
    ("extra-chosen", 'extra == "test"', ["test"], [], True),
    ("extra-normalized", 'extra == "Test_Tools"', ["test.tools"], [], True),
    ("extra-other", 'extra == "test"', ["docs"], [], False),
    ("extra-none", 'extra == "test"', [], [], False),
    ("extra-unequal-none", 'extra != "test"', [], [], True),
    ("extra-unequal-all", 'extra != "test"', ["test", "docs"], [], False),
    ("extra-in", 'extra in "test docs"', ["docs"], [], True),
    ("extras-set", '"test" in extras', ["test"], [], True),
    ("groups-set", '"dev" in dependency_groups', [], ["dev"], True),
    ("groups-missing", '"dev" in dependency_groups', [], ["lint"], False),
    (
        "extra-and-platform",
        'os_name == "nt" or (python_version < "3.9" and extra == "x")',
        ["x"],
        [],
        'pythonOlder "3.9"',
    ),
]


@pytest.mark.parametrize(
    ("marker", "extras", "groups", "expected"),
    [c[1:] for c in SELECTION],
    ids=[c[0] for c in SELECTION],
)
def test_selection_is_decided(
    marker: str, extras: list[str], groups: list[str], *, expected: str | bool
) -> None:
    compiled = compile_marker(Marker(marker), extras=extras, groups=groups)
    assert compiled.findings == ()
    assert nix_text(compiled.condition) == (
        expected if isinstance(expected, str) else nix_text(expected)
    )


def test_no_marker_is_always_true() -> None:
    assert compile_marker(None) == Compiled(condition=True)
    decided: Condition = compile_marker(Marker('os_name == "posix"')).condition
    assert decided is True


def test_scopes() -> None:
    marker = Marker('python_version < "3.11" and platform_machine == "x86_64"')
    flake = Scope(
        host_platform=var("pkgs.stdenv.hostPlatform"), lib=var("pkgs.lib"), python=var("python3")
    )
    compiled = compile_marker(marker, scope=flake)
    assert nix_text(compiled.condition) == (
        'pkgs.stdenv.hostPlatform.isx86_64 && pkgs.lib.versionOlder python3.pythonVersion "3.11"'
    )
    assert nix_text(compile_marker(marker, scope=PACKAGE_SCOPE).condition) == (
        'stdenv.hostPlatform.isx86_64 && pythonOlder "3.11"'
    )


# (id, marker, condition over every known system, Windows included)
WITH_WINDOWS = [
    ("windows", 'sys_platform == "win32"', "stdenv.hostPlatform.isWindows"),
    ("not-windows", 'sys_platform != "win32"', "!stdenv.hostPlatform.isWindows"),
    # Python says AMD64 on 64-bit Windows.
    (
        "x86_64",
        'platform_machine == "x86_64"',
        "stdenv.hostPlatform.isx86_64 && !stdenv.hostPlatform.isWindows",
    ),
]


@pytest.mark.parametrize(
    ("marker", "expected"), [c[1:] for c in WITH_WINDOWS], ids=[c[0] for c in WITH_WINDOWS]
)
def test_windows_in_the_universe(marker: str, expected: str) -> None:
    compiled = compile_marker(Marker(marker), systems=KNOWN_SYSTEMS)
    assert nix_text(compiled.condition) == expected


def test_default_universe_is_linux_and_darwin() -> None:
    assert set(PYTHON_SYSTEMS) == {s for s in KNOWN_SYSTEMS if not s.endswith("-windows")}
    assert set(DEFAULT_SYSTEMS) <= set(PYTHON_SYSTEMS)


def test_unknowable_variables_are_empty_with_a_warning() -> None:
    compiled = compile_marker(Marker('platform_release >= "5.10"'), subject="kernel-tool")
    assert compiled.condition is False
    [finding] = compiled.findings
    assert (finding.severity.value, finding.code, finding.subject) == (
        "warning",
        "marker-unknowable",
        "kernel-tool",
    )
    assert finding.message == (
        '`platform_release >= "5.10"` depends on the kernel the program runs on, which Nix'
        " cannot see; evaluated with an empty value, as pyproject.nix does"
    )
    empty = compile_marker(Marker('platform_version == ""'))
    assert empty.condition is True


def test_comparing_two_variables_is_reported() -> None:
    # packaging parses it; PEP 508 defines no meaning pynix could compile.
    compiled = compile_marker(Marker("python_version == platform_machine or os_name == 'nt'"))
    assert compiled.condition is True
    assert [f.message for f in compiled.findings] == [
        (
            'cannot compile `python_version == platform_machine or os_name == "nt"` (compares two'
            " marker variables; one side must be a quoted string); assumed true"
        )
    ]


def test_extra_compared_by_order() -> None:
    # `>` compares strings and is false (packaging's rule); `~=` is undefined on strings.
    assert compile_marker(Marker('extra > "a"'), extras=["b"]) == Compiled(condition=False)
    undefined = compile_marker(Marker('extra ~= "a"'))
    assert undefined.condition is False
    assert [f.message for f in undefined.findings] == [
        '`extra ~= "a"` is undefined on extra names; false'
    ]


# (id, operands, conjoined, disjoined)
LOGIC = [
    ("constants", [True, False], "false", "true"),
    ("neutral", [True, var("a")], "a", "true"),
    ("repeated", [var("a"), var("a"), var("b")], "a && b", "a || b"),
]


@pytest.mark.parametrize(
    ("operands", "both", "either"), [c[1:] for c in LOGIC], ids=[c[0] for c in LOGIC]
)
def test_conjoin_disjoin(operands: list[object], both: str, either: str) -> None:
    assert nix_text(conjoin(*operands)) == both  # type: ignore[arg-type]
    assert nix_text(disjoin(*operands)) == either  # type: ignore[arg-type]


# (id, condition, negation)
NEGATIONS = [
    ("constant", True, "false"),
    ("double", negate(var("a")), "a"),
    ("older", call(var("pythonOlder"), "3.9"), 'pythonAtLeast "3.9"'),
    ("lib", call(var("lib.versionAtLeast"), var("v"), "3"), 'lib.versionOlder v "3"'),
    (
        "de-morgan",
        conjoin(call(var("pythonAtLeast"), "3.9"), call(var("pythonOlder"), "4.0")),
        'pythonOlder "3.9" || pythonAtLeast "4.0"',
    ),
    ("kept", conjoin(var("a"), var("b")), "!(a && b)"),
]


@pytest.mark.parametrize(
    ("condition", "negation"), [c[1:] for c in NEGATIONS], ids=[c[0] for c in NEGATIONS]
)
def test_negate(condition: object, negation: str) -> None:
    assert nix_text(negate(condition)) == negation  # type: ignore[arg-type]


@pytest.mark.nix
def test_table_under_real_nix() -> None:
    markers = [c[1] for c in COMPILED]
    conditions = [compile_marker(Marker(m)).condition for m in markers]
    results = evaluate_conditions(conditions)
    for (system, version), values in results.items():
        expected = [reference(m, system, version) for m in markers]
        assert values == expected, (system, version)


@pytest.mark.nix
def test_implementations_under_real_nix() -> None:
    markers = [
        'implementation_name == "pypy"',
        'platform_python_implementation == "CPython"',
        'implementation_name != "cpython" and python_version >= "3.10"',
    ]
    conditions = [compile_marker(Marker(m)).condition for m in markers]
    for implementation in ("cpython", "pypy"):
        results = evaluate_conditions(
            conditions,
            systems=["x86_64-linux"],
            versions=["3.9.19", "3.10.14"],
            implementation=implementation,
        )
        for (system, version), values in results.items():
            assert values == [reference(m, system, version, implementation) for m in markers]


# Marker grammar for the property test: comparisons over every variable Nix can decide,
# with the values and operators that matter, joined by `and` / `or`.
_PLATFORM_VALUES = {
    "os_name": ["posix", "nt"],
    "sys_platform": ["linux", "darwin", "win32", "cygwin", "lin"],
    "platform_system": ["Linux", "Darwin", "Windows", "Java"],
    "platform_machine": ["x86_64", "aarch64", "arm64", "AMD64", "i686", "ppc64le", "x86"],
}
_PYTHON_VERSIONS = [
    "2.7",
    "3",
    "3.8",
    "3.9",
    "3.10",
    "3.11",
    "3.12",
    "3.13",
    "3.14",
    "3.15",
    "3.10.1",
    "3.12.0",
    "3.13rc1",
]
_FULL_VERSIONS = [
    "3.9",
    "3.9.0",
    "3.10.14",
    "3.12.4",
    "3.12.5",
    "3.13",
    "3.13.0rc1",
    "3.13.0rc2",
    "3.13.0",
    "3.14",
    "3.14.0a7",
    "3.14.0a1",
    "3.14.0b1",
    "3.14.0",
]
_ORDERED = ["<", "<=", ">", ">=", "==", "!="]


def _quoted(value: str) -> str:
    return f'"{value}"'


@st.composite
def _comparison(draw: st.DrawFn) -> str:
    kind = draw(st.sampled_from(["platform", "python_version", "full", "implementation", "extra"]))
    if kind == "extra":
        operator = draw(st.sampled_from(["==", "!=", "in", "not in"]))
        return f"extra {operator} {_quoted(draw(st.sampled_from(['a', 'b', 'a b'])))}"
    if kind == "platform":
        variable = draw(st.sampled_from(sorted(_PLATFORM_VALUES)))
        value = draw(st.sampled_from(_PLATFORM_VALUES[variable]))
        operator = draw(st.sampled_from(["==", "!=", "in", "not in"]))
        if operator in ("in", "not in") and draw(st.booleans()):
            return f"{_quoted(value)} {operator} {variable}"
        return f"{variable} {operator} {_quoted(value)}"
    if kind == "implementation":
        variable, values = draw(
            st.sampled_from(
                [
                    ("implementation_name", ["cpython", "pypy"]),
                    ("platform_python_implementation", ["CPython", "PyPy"]),
                ]
            )
        )
        operator = draw(st.sampled_from(["==", "!="]))
        return f"{variable} {operator} {_quoted(draw(st.sampled_from(values)))}"
    variable = "python_version" if kind == "python_version" else "python_full_version"
    values = _PYTHON_VERSIONS if kind == "python_version" else _FULL_VERSIONS
    value = draw(st.sampled_from(values))
    operators = list(_ORDERED)
    if value.count(".") >= 1:
        operators.append("~=")
    operator = draw(st.sampled_from(operators))
    if operator in ("==", "!=") and draw(st.booleans()):
        value = re.sub(r"(a|b|rc)\d+$", "", ".".join(value.split(".")[:2])) + ".*"
    if operator in _ORDERED and "*" not in value and draw(st.booleans()):
        return f"{_quoted(value)} {operator} {variable}"
    return f"{variable} {operator} {_quoted(value)}"


_MARKERS = st.recursive(
    _comparison(),
    lambda inner: st.tuples(inner, st.sampled_from(["and", "or"]), inner).map(
        lambda t: f"({t[0]}) {t[1]} ({t[2]})"
    ),
    max_leaves=5,
)


@pytest.mark.nix
@settings(max_examples=8)
@given(
    markers=st.lists(_MARKERS, min_size=30, max_size=30),
    package_scope=st.booleans(),
    extras=st.sampled_from([(), ("a",), ("a", "b")]),
)
def test_property_compiled_markers_agree_with_pep508(
    markers: list[str], *, package_scope: bool, extras: tuple[str, ...]
) -> None:
    # Every compiled marker, evaluated by the real Nix for every default system and several
    # CPython versions (pre-releases included), says what pynix's PEP 508 evaluation says.
    scope = PACKAGE_SCOPE if package_scope else Scope()
    conditions = [compile_marker(Marker(m), scope=scope, extras=extras).condition for m in markers]
    results = evaluate_conditions(conditions)
    for (system, version), values in results.items():
        for marker, value in zip(markers, values, strict=True):
            expected = reference(marker, system, version, extras=extras)
            assert value == expected, (marker, extras, system, version)


def test_versions_cover_the_property_test() -> None:
    assert {v.split(".")[1] for v in VERSIONS} >= {"9", "10", "11", "12", "13", "14"}


# (id, marker, condition for a project that requires Python >= 3.11)
REQUIRES_311 = [
    ("below", 'python_version < "3.11"', False),
    ("one-minor", 'python_version < "3.12"', 'pythonOlder "3.12"'),
    ("all", 'python_version >= "3.10"', True),
    ("full", 'python_full_version < "3.11.2"', 'lib.versionOlder python.version "3.11.2"'),
    ("older-full", 'python_full_version < "3.10.2"', False),
]


@pytest.mark.parametrize(
    ("marker", "expected"), [c[1:] for c in REQUIRES_311], ids=[c[0] for c in REQUIRES_311]
)
def test_requires_python_limits_the_interpreters(marker: str, *, expected: str | bool) -> None:
    compiled = compile_marker(Marker(marker), requires_python=SpecifierSet(">=3.11"))
    assert nix_text(compiled.condition) == (
        nix_text(expected) if isinstance(expected, bool) else expected
    )


@pytest.mark.nix
def test_requires_python_conditions_hold_where_the_project_runs() -> None:
    requires = SpecifierSet(">=3.11")
    markers = [c[1] for c in COMPILED]
    conditions = [compile_marker(Marker(m), requires_python=requires).condition for m in markers]
    allowed = [v for v in VERSIONS if requires.contains(v, prereleases=True)]
    results = evaluate_conditions(conditions, versions=allowed)
    for (system, version), values in results.items():
        assert values == [reference(m, system, version) for m in markers], (system, version)
