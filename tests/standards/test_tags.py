"""Python and ABI tags, supported tag triples and wheel selection for targets."""

from __future__ import annotations

import platform
import sys
import sysconfig

import pytest
from packaging.tags import sys_tags

from pynix.errors import InvalidFileName
from pynix.standards import platform_tags as platform_module
from pynix.standards.filenames import WheelFileName, parse_wheel_filename
from pynix.standards.tags import (
    AbiTag,
    PythonTag,
    abi_tags,
    best_wheel,
    is_abi_tag_compatible,
    is_platform_tag_compatible,
    is_python_tag_compatible,
    is_wheel_compatible,
    parse_abi_tag,
    parse_python_tag,
    platform_tags,
    python_tags,
    select_wheels,
    supported_tags,
)
from pynix.standards.targets import Interpreter, Platform, Target

PYTHON_TAGS = [
    pytest.param("cp37", "cpython", "37", id="cpython"),
    pytest.param("py3", "python", "3", id="python-major"),
    pytest.param("py27", "python", "27", id="python-major-minor"),
    pytest.param("py", "python", None, id="no-version"),
    pytest.param("pp310", "pypy", "310", id="pypy"),
    pytest.param("ip27", "ironpython", "27", id="ironpython"),
    pytest.param("jy27", "jython", "27", id="jython"),
    pytest.param("graalpy311", "graalpy", "311", id="graalpy-kept-as-written"),
    pytest.param("CP312", "cpython", "312", id="lower-cased"),
]

ABI_TAGS = [
    pytest.param("cp37dmu", "cp", "37", "dmu", id="flags"),
    pytest.param("cp37m", "cp", "37", "m", id="pymalloc"),
    pytest.param("cp313t", "cp", "313", "t", id="free-threaded"),
    pytest.param("abi3", "abi", "3", "", id="stable"),
    pytest.param("abi3t", "abi", "3", "t", id="stable-free-threaded"),
    pytest.param("none", "none", None, "", id="none"),
    pytest.param("pypy310_pp73", "pypy", "310", "_pp73", id="pypy"),
    pytest.param("pypy_73", "pypy", None, "_73", id="pypy2"),
    pytest.param("graalpy242_311_native", "graalpy", "242", "_311_native", id="graalpy"),
]

PYTHON_TAG_ERROR = "a Python tag is letters and an optional version, such as 'cp312'"
ABI_TAG_ERROR = "an ABI tag starts with letters, such as 'cp312' or 'abi3'"

# parser, text, message (the caret line underlines the whole tag)
BAD_TAGS = [
    pytest.param(parse_python_tag, "", PYTHON_TAG_ERROR, id="python-empty"),
    pytest.param(parse_python_tag, "37", PYTHON_TAG_ERROR, id="python-digits"),
    pytest.param(parse_python_tag, "cp3.7", PYTHON_TAG_ERROR, id="python-dot"),
    pytest.param(parse_python_tag, "py2.py3", PYTHON_TAG_ERROR, id="python-compressed"),
    pytest.param(parse_python_tag, "py_3", PYTHON_TAG_ERROR, id="python-underscore"),
    pytest.param(parse_abi_tag, "", ABI_TAG_ERROR, id="abi-empty"),
    pytest.param(parse_abi_tag, "37m", ABI_TAG_ERROR, id="abi-digits"),
    pytest.param(parse_abi_tag, "cp-37", ABI_TAG_ERROR, id="abi-dash"),
]

CPYTHON_38 = Interpreter(version="3.8.18")
CPYTHON_313 = Interpreter(version="3.13.1")
CPYTHON_313T = Interpreter(version="3.13.1", free_threaded=True)
PYPY_39 = Interpreter(implementation="pypy", version="3.9.18", implementation_version="7.3.15")

# Python tag, interpreter, compatible. pyproject.nix answers "cp3" with True (see tags.py).
PYTHON_COMPATIBLE = [
    pytest.param("py3", CPYTHON_38, True, id="py3"),
    pytest.param("py38", CPYTHON_38, True, id="py38"),
    pytest.param("py30", CPYTHON_38, True, id="py30"),
    pytest.param("py39", CPYTHON_38, False, id="py39-newer"),
    pytest.param("py2", CPYTHON_38, False, id="py2"),
    pytest.param("cp38", CPYTHON_38, True, id="cp38"),
    pytest.param("cp37", CPYTHON_38, True, id="cp37-through-abi3"),
    pytest.param("cp32", CPYTHON_38, True, id="cp32-oldest-abi3"),
    pytest.param("cp31", CPYTHON_38, False, id="cp31-before-abi3"),
    pytest.param("cp30", CPYTHON_38, False, id="cp30-before-abi3"),
    pytest.param("cp39", CPYTHON_38, False, id="cp39-newer"),
    pytest.param("cp3", CPYTHON_38, False, id="cp3-not-generated"),
    pytest.param("pp3", CPYTHON_38, False, id="pypy-tag-on-cpython"),
    pytest.param(PythonTag(implementation="cpython", version="38"), CPYTHON_38, True, id="parsed"),
    pytest.param("pp39", PYPY_39, True, id="pypy-pp39"),
    pytest.param("pp3", PYPY_39, True, id="pypy-pp3"),
    pytest.param("pp38", PYPY_39, False, id="pypy-pp38"),
    pytest.param("py3", PYPY_39, True, id="pypy-py3"),
    pytest.param("cp39", PYPY_39, False, id="cpython-tag-on-pypy"),
    pytest.param("cp312", CPYTHON_313T, True, id="free-threaded-cp312-through-abi3t"),
]

# ABI tag, interpreter, compatible
ABI_COMPATIBLE = [
    pytest.param("cp38", CPYTHON_38, True, id="own"),
    pytest.param("cp39", CPYTHON_38, False, id="other-version"),
    pytest.param("abi3", CPYTHON_38, True, id="abi3"),
    pytest.param("none", CPYTHON_38, True, id="none"),
    pytest.param("cp38d", CPYTHON_38, False, id="debug"),
    pytest.param("any", CPYTHON_38, False, id="any-is-a-platform"),
    pytest.param("cp313", CPYTHON_313, True, id="gil-own"),
    pytest.param("cp313t", CPYTHON_313, False, id="gil-refuses-t"),
    pytest.param("abi3t", CPYTHON_313, False, id="gil-refuses-abi3t"),
    pytest.param("cp313t", CPYTHON_313T, True, id="free-threaded-own"),
    pytest.param("cp313", CPYTHON_313T, False, id="free-threaded-refuses-gil"),
    pytest.param("abi3", CPYTHON_313T, False, id="free-threaded-refuses-abi3"),
    pytest.param("abi3t", CPYTHON_313T, True, id="free-threaded-abi3t"),
    pytest.param("pypy39_pp73", PYPY_39, True, id="pypy-own"),
    pytest.param("pypy38_pp73", PYPY_39, False, id="pypy-other"),
    pytest.param("abi3", PYPY_39, False, id="pypy-no-abi3"),
    pytest.param(AbiTag(implementation="cp", version="38", rest=""), CPYTHON_38, True, id="parsed"),
]

# interpreter, ABI tags, Python tags (first five)
INTERPRETER_TAGS = [
    pytest.param(
        CPYTHON_38,
        ("cp38", "abi3", "none"),
        ("cp38", "cp37", "cp36", "cp35", "cp34"),
        id="cpython-3.8",
    ),
    pytest.param(
        CPYTHON_313T,
        ("cp313t", "abi3t", "none"),
        ("cp313", "cp312", "cp311", "cp310", "cp39"),
        id="cpython-3.13t",
    ),
    pytest.param(
        Interpreter(version="3.12", free_threaded=True),
        ("cp312", "abi3", "none"),
        ("cp312", "cp311", "cp310", "cp39", "cp38"),
        id="no-free-threading-before-3.13",
    ),
    pytest.param(
        Interpreter(version="3.7"),
        ("cp37m", "abi3", "none"),
        ("cp37", "cp36", "cp35", "cp34", "cp33"),
        id="cpython-3.7-pymalloc",
    ),
    pytest.param(
        Interpreter(version="2.7.18"),
        ("cp27mu", "none"),
        ("cp27", "py27", "py2", "py26", "py25"),
        id="cpython-2.7",
    ),
    pytest.param(
        PYPY_39, ("pypy39_pp73", "none"), ("pp39", "py39", "py3", "py38", "py37"), id="pypy-3.9"
    ),
    pytest.param(
        Interpreter(implementation="pypy", version="3.10"),
        ("pypy310_pp73", "none"),
        ("pp310", "py310", "py3", "py39", "py38"),
        id="pypy-default-7.3",
    ),
    pytest.param(
        Interpreter(implementation="pypy", version="2.7", implementation_version="7.3.11"),
        ("pypy_73", "none"),
        ("pp27", "py27", "py2", "py26", "py25"),
        id="pypy-2.7",
    ),
]


@pytest.mark.parametrize(("text", "implementation", "version"), PYTHON_TAGS)
def test_parse_python_tag(text: str, implementation: str, version: str | None) -> None:
    tag = parse_python_tag(text)
    assert tag == PythonTag(implementation=implementation, version=version)
    assert str(tag) == text.lower()


@pytest.mark.parametrize(("text", "implementation", "version", "rest"), ABI_TAGS)
def test_parse_abi_tag(text: str, implementation: str, version: str | None, rest: str) -> None:
    tag = parse_abi_tag(text)
    assert tag == AbiTag(implementation=implementation, version=version, rest=rest)
    assert str(tag) == text


@pytest.mark.parametrize(("parse", "text", "message"), BAD_TAGS)
def test_bad_tags(parse: object, text: str, message: str) -> None:
    assert callable(parse)
    with pytest.raises(InvalidFileName) as caught:
        parse(text)
    caret = " " * (len(message) + 2) + "^" * max(1, len(text))
    assert str(caught.value) == f"{message}: {text}\n{caret}"


def test_bad_tag_message_in_full() -> None:
    with pytest.raises(InvalidFileName) as caught:
        parse_python_tag("cp3.7")
    assert str(caught.value) == (
        "a Python tag is letters and an optional version, such as 'cp312': cp3.7\n"
        "                                                                  ^^^^^"
    )


@pytest.mark.parametrize(("tag", "interpreter", "expected"), PYTHON_COMPATIBLE)
def test_is_python_tag_compatible(
    tag: str | PythonTag, interpreter: Interpreter, *, expected: bool
) -> None:
    assert is_python_tag_compatible(tag, interpreter) is expected


@pytest.mark.parametrize(("tag", "interpreter", "expected"), ABI_COMPATIBLE)
def test_is_abi_tag_compatible(
    tag: str | AbiTag, interpreter: Interpreter, *, expected: bool
) -> None:
    assert is_abi_tag_compatible(tag, interpreter) is expected


@pytest.mark.parametrize(("interpreter", "abis", "pythons"), INTERPRETER_TAGS)
def test_interpreter_tags(
    interpreter: Interpreter, abis: tuple[str, ...], pythons: tuple[str, ...]
) -> None:
    assert abi_tags(interpreter) == abis
    assert python_tags(interpreter)[:5] == pythons


@pytest.mark.parametrize(
    "interpreter", [p.values[0] for p in INTERPRETER_TAGS], ids=[p.id for p in INTERPRETER_TAGS]
)
@pytest.mark.parametrize("system", ["x86_64-linux", "aarch64-darwin", "x86_64-windows"])
def test_per_tag_answers_agree_with_the_triples(interpreter: Interpreter, system: str) -> None:
    tags = supported_tags(Target(interpreter=interpreter, platform=Platform.from_system(system)))
    assert len(set(tags)) == len(tags)
    assert tuple(dict.fromkeys(t.interpreter for t in tags)) == python_tags(interpreter)
    assert {t.abi for t in tags} == set(abi_tags(interpreter))


@pytest.mark.parametrize(
    "interpreter", [p.values[0] for p in INTERPRETER_TAGS], ids=[p.id for p in INTERPRETER_TAGS]
)
def test_without_binary_platforms_only_pure_triples_remain(interpreter: Interpreter) -> None:
    # armv6l has no manylinux policy: the per-tag answers stay, the triples shrink to "any".
    target = Target(interpreter=interpreter, platform=Platform.from_system("armv6l-linux"))
    tags = supported_tags(target)
    assert {t.platform for t in tags} == {"any"}
    assert {t.abi for t in tags} == {"none"}
    assert {t.interpreter for t in tags} <= set(python_tags(interpreter))


def _host_target() -> Target:
    """This machine as a Target: the one place tests read the host, to compare with packaging."""
    if sys.implementation.name != "cpython" or sysconfig.get_config_var("Py_DEBUG"):
        pytest.skip("the cross-check models release builds of CPython")
    interpreter = Interpreter(
        version=platform.python_version(),
        free_threaded=bool(sysconfig.get_config_var("Py_GIL_DISABLED")),
    )
    machine = platform.machine()
    if sys.platform == "darwin":
        release = platform.mac_ver()[0]
        cpu = "aarch64" if machine == "arm64" else machine
        return Target(
            interpreter=interpreter,
            platform=Platform.from_system(f"{cpu}-darwin", darwin_sdk_version=release),
        )
    libc, libc_version = platform.libc_ver()
    if not sys.platform.startswith("linux") or libc != "glibc":
        pytest.skip(f"no model of this host ({sys.platform}, {libc or 'unknown libc'})")
    cpu = {"ppc64le": "powerpc64le", "ppc64": "powerpc64"}.get(machine, machine)
    return Target(
        interpreter=interpreter,
        platform=Platform.from_system(f"{cpu}-linux", libc="glibc", libc_version=libc_version),
    )


def test_supported_tags_match_packaging_on_this_host() -> None:
    # Built for this machine, the target's triples are exactly sys_tags(), in the same order.
    assert list(supported_tags(_host_target(), allow_linux=True)) == list(sys_tags())


def test_supported_tags_for_a_debian_bookworm_like_target() -> None:
    target = Target(
        interpreter=Interpreter(version="3.11.2"),
        platform=Platform.from_system("x86_64-linux", libc_version="2.36"),
    )
    tags = [str(t) for t in supported_tags(target, allow_linux=True)]
    assert tags[:3] == [
        "cp311-cp311-linux_x86_64",
        "cp311-cp311-manylinux_2_36_x86_64",
        "cp311-cp311-manylinux_2_35_x86_64",
    ]
    assert tags[-3:] == ["py32-none-any", "py31-none-any", "py30-none-any"]
    order = [tags.index(t) for t in (
        "cp311-cp311-manylinux2014_x86_64",
        "cp311-abi3-manylinux_2_36_x86_64",
        "cp311-none-manylinux_2_36_x86_64",
        "cp310-abi3-manylinux_2_36_x86_64",
        "cp32-abi3-manylinux1_x86_64",
        "py311-none-manylinux_2_36_x86_64",
        "cp311-none-any",
        "py3-none-any",
    )]  # fmt: skip
    assert order == sorted(order)
    assert "cp311-cp311-linux_x86_64" not in {str(t) for t in supported_tags(target)}


def test_free_threaded_target_takes_only_t_wheels() -> None:
    tags = supported_tags(Target.parse("x86_64-linux", "3.13", free_threaded=True))
    assert {t.abi for t in tags} == {"cp313t", "abi3t", "none"}
    assert str(tags[0]) == "cp313-cp313t-manylinux_2_40_x86_64"
    gil = supported_tags(Target.parse("x86_64-linux", "3.13"))
    assert {t.abi for t in gil} == {"cp313", "abi3", "none"}


def test_pypy_target() -> None:
    tags = [
        str(t)
        for t in supported_tags(
            Target(interpreter=PYPY_39, platform=Platform.from_system("x86_64-linux"))
        )
    ]
    assert tags[0] == "pp39-pypy39_pp73-manylinux_2_40_x86_64"
    assert tags.index("pp39-none-manylinux_2_40_x86_64") < tags.index(
        "py39-none-manylinux_2_40_x86_64"
    )
    assert tags.index("pp3-none-any") < tags.index("py39-none-any")
    assert not any(t.startswith("cp") for t in tags)


def test_target_without_platform_tags_keeps_pure_wheels() -> None:
    # aarch64 glibc 2.16 predates manylinux2014: nothing binary, and never the host's tags.
    old = Platform.from_system("aarch64-linux", libc_version="2.16")
    tags = [str(t) for t in supported_tags(Target(interpreter=CPYTHON_38, platform=old))]
    assert tags == [
        "cp38-none-any",
        "py38-none-any",
        "py3-none-any",
        *(f"py3{m}-none-any" for m in range(7, -1, -1)),
    ]


def test_cross_target_never_sees_the_host() -> None:
    tags = supported_tags(Target.parse("aarch64-darwin", "3.12"))
    assert {t.platform.split("_")[0] for t in tags} == {"macosx", "any"}
    windows = supported_tags(Target.parse("x86_64-windows", "3.12"))
    assert str(windows[0]) == "cp312-cp312-win_amd64"
    assert {t.platform for t in windows} == {"win_amd64", "any"}


PYZMQ = [
    "pyzmq-24.0.1-cp310-cp310-macosx_10_15_universal2.whl",
    "pyzmq-24.0.1-cp310-cp310-manylinux_2_17_x86_64.manylinux2014_x86_64.whl",
    "pyzmq-24.0.1-cp311-cp311-macosx_10_15_universal2.whl",
    "pyzmq-24.0.1-cp311-cp311-macosx_10_9_x86_64.whl",
    "pyzmq-24.0.1-cp311-cp311-manylinux_2_17_aarch64.manylinux2014_aarch64.whl",
    "pyzmq-24.0.1-cp311-cp311-manylinux_2_28_x86_64.whl",
    "pyzmq-24.0.1-cp311-cp311-musllinux_1_1_x86_64.whl",
    "pyzmq-24.0.1-cp311-cp311-win32.whl",
    "pyzmq-24.0.1-cp311-cp311-win_amd64.whl",
    "pyzmq-24.0.1-cp38-cp38-macosx_10_9_x86_64.whl",
    "pyzmq-24.0.1-cp38-cp38-manylinux_2_12_x86_64.manylinux2010_x86_64.whl",
    "pyzmq-24.0.1-cp38-cp38-musllinux_1_1_x86_64.whl",
    "pyzmq-24.0.1-cp38-cp38-win_amd64.whl",
    "pyzmq-24.0.1-pp39-pypy39_pp73-manylinux_2_17_x86_64.manylinux2014_x86_64.whl",
    "pyzmq-24.0.1-pp39-pypy39_pp73-win_amd64.whl",
]

PYARROW = [
    "pyarrow-13.0.0-cp38-cp38-macosx_10_14_x86_64.whl",
    "pyarrow-13.0.0-cp38-cp38-macosx_11_0_arm64.whl",
    "pyarrow-13.0.0-cp38-cp38-manylinux_2_17_x86_64.manylinux2014_x86_64.whl",
    "pyarrow-13.0.0-cp38-cp38-manylinux_2_28_x86_64.whl",
    "pyarrow-13.0.0-cp38-cp38-win_amd64.whl",
]

CRYPTOGRAPHY = [
    "cryptography-43.0.0-cp37-abi3-manylinux_2_28_x86_64.whl",
    "cryptography-43.0.0-cp39-abi3-manylinux_2_28_x86_64.whl",
    "cryptography-43.0.0-cp311-cp311-manylinux_2_17_x86_64.whl",
    "cryptography-43.0.0-py3-none-any.whl",
]

NUMPY = [
    "numpy-2.1.0-cp313-cp313-manylinux_2_17_x86_64.manylinux2014_x86_64.whl",
    "numpy-2.1.0-cp313-cp313t-manylinux_2_17_x86_64.manylinux2014_x86_64.whl",
    "numpy-2.1.0-cp313-cp313-musllinux_1_2_x86_64.whl",
    "numpy-2.1.0-cp313-cp313t-musllinux_1_2_x86_64.whl",
]

# wheels, target, allow_linux, the selected file names best first
SELECTIONS = [
    pytest.param(
        PYZMQ,
        Target.parse("x86_64-linux", "3.8"),
        ["pyzmq-24.0.1-cp38-cp38-manylinux_2_12_x86_64.manylinux2010_x86_64.whl"],
        id="pyzmq-cpython38-linux",
    ),
    pytest.param(
        PYZMQ,
        Target.parse("x86_64-linux", "3.11"),
        ["pyzmq-24.0.1-cp311-cp311-manylinux_2_28_x86_64.whl"],
        id="pyzmq-cpython311-linux",
    ),
    pytest.param(
        PYZMQ,
        Target(
            interpreter=Interpreter(version="3.11"),
            platform=Platform.from_system("x86_64-linux", libc_version="2.17"),
        ),
        [],
        id="pyzmq-cpython311-glibc-2.17",
    ),
    pytest.param(
        PYZMQ,
        Target(
            interpreter=Interpreter(version="3.11"),
            platform=Platform.from_system("x86_64-linux", libc="musl"),
        ),
        ["pyzmq-24.0.1-cp311-cp311-musllinux_1_1_x86_64.whl"],
        id="pyzmq-cpython311-musl",
    ),
    pytest.param(
        PYZMQ,
        Target.parse("x86_64-darwin", "3.11"),
        [
            "pyzmq-24.0.1-cp311-cp311-macosx_10_15_universal2.whl",
            "pyzmq-24.0.1-cp311-cp311-macosx_10_9_x86_64.whl",
        ],
        id="pyzmq-cpython311-darwin-x86",
    ),
    pytest.param(
        PYZMQ,
        Target.parse("aarch64-darwin", "3.11"),
        ["pyzmq-24.0.1-cp311-cp311-macosx_10_15_universal2.whl"],
        id="pyzmq-cpython311-darwin-arm",
    ),
    pytest.param(
        PYZMQ,
        Target.parse("aarch64-linux", "3.11"),
        ["pyzmq-24.0.1-cp311-cp311-manylinux_2_17_aarch64.manylinux2014_aarch64.whl"],
        id="pyzmq-cpython311-aarch64",
    ),
    pytest.param(
        PYZMQ,
        Target.parse("x86_64-windows", "3.11"),
        ["pyzmq-24.0.1-cp311-cp311-win_amd64.whl"],
        id="pyzmq-cpython311-windows",
    ),
    pytest.param(
        PYZMQ,
        Target.parse("i686-windows", "3.11"),
        ["pyzmq-24.0.1-cp311-cp311-win32.whl"],
        id="pyzmq-cpython311-win32",
    ),
    pytest.param(
        PYZMQ,
        Target.parse("x86_64-linux", "3.9", implementation="pypy"),
        ["pyzmq-24.0.1-pp39-pypy39_pp73-manylinux_2_17_x86_64.manylinux2014_x86_64.whl"],
        id="pyzmq-pypy39-linux",
    ),
    pytest.param(PYZMQ, Target.parse("x86_64-linux", "3.12"), [], id="pyzmq-no-cpython312"),
    pytest.param(
        PYARROW,
        Target.parse("x86_64-linux", "3.8"),
        [
            "pyarrow-13.0.0-cp38-cp38-manylinux_2_28_x86_64.whl",
            "pyarrow-13.0.0-cp38-cp38-manylinux_2_17_x86_64.manylinux2014_x86_64.whl",
        ],
        id="pyarrow-newer-glibc-first",
    ),
    pytest.param(
        PYARROW, Target.parse("x86_64-linux", "3.8", implementation="pypy"), [], id="pyarrow-pypy"
    ),
    pytest.param(
        CRYPTOGRAPHY,
        Target.parse("x86_64-linux", "3.11"),
        [
            "cryptography-43.0.0-cp311-cp311-manylinux_2_17_x86_64.whl",
            "cryptography-43.0.0-cp39-abi3-manylinux_2_28_x86_64.whl",
            "cryptography-43.0.0-cp37-abi3-manylinux_2_28_x86_64.whl",
            "cryptography-43.0.0-py3-none-any.whl",
        ],
        id="abi3-below-exact-newest-abi3-first",
    ),
    pytest.param(
        CRYPTOGRAPHY,
        Target.parse("x86_64-linux", "3.13", free_threaded=True),
        ["cryptography-43.0.0-py3-none-any.whl"],
        id="abi3-refused-by-free-threading",
    ),
    pytest.param(
        NUMPY,
        Target.parse("x86_64-linux", "3.13", free_threaded=True),
        ["numpy-2.1.0-cp313-cp313t-manylinux_2_17_x86_64.manylinux2014_x86_64.whl"],
        id="numpy-free-threaded",
    ),
    pytest.param(
        NUMPY,
        Target.parse("x86_64-linux", "3.13"),
        ["numpy-2.1.0-cp313-cp313-manylinux_2_17_x86_64.manylinux2014_x86_64.whl"],
        id="numpy-gil-never-t",
    ),
]


@pytest.mark.parametrize(("names", "target", "expected"), SELECTIONS)
def test_select_wheels(names: list[str], target: Target, expected: list[str]) -> None:
    wheels = [parse_wheel_filename(n) for n in names]
    assert [w.filename for w in select_wheels(wheels, target)] == expected
    assert [w.filename for w in select_wheels(reversed(wheels), target)] == expected
    best = best_wheel(wheels, target)
    assert (best.filename if best else None) == (expected[0] if expected else None)
    assert [w.filename for w in wheels if is_wheel_compatible(w, target)] == sorted(
        expected, key=names.index
    )


def _wheels(*names: str) -> list[WheelFileName]:
    return [parse_wheel_filename(n) for n in names]


def test_build_tag_breaks_ties_higher_first() -> None:
    wheels = _wheels(
        "foo-1.0-1-py3-none-any.whl", "foo-1.0-py3-none-any.whl", "foo-1.0-2-py3-none-any.whl"
    )
    selected = select_wheels(wheels, Target.parse("x86_64-linux", "3.12"))
    assert [w.build_tag for w in selected] == ["2", "1", None]


def test_newer_version_before_better_tag() -> None:
    wheels = _wheels("foo-1.0-cp312-cp312-manylinux_2_17_x86_64.whl", "foo-2.0-py3-none-any.whl")
    selected = select_wheels(wheels, Target.parse("x86_64-linux", "3.12"))
    assert [str(w.version) for w in selected] == ["2.0", "1.0"]


def test_ties_keep_input_order() -> None:
    wheels = _wheels("a-1.0-py3-none-any.whl", "b-1.0-py3-none-any.whl")
    assert select_wheels(wheels, Target.parse("x86_64-linux", "3.12")) == wheels
    assert select_wheels(wheels[::-1], Target.parse("x86_64-linux", "3.12")) == wheels[::-1]


def test_linux_wheels_need_allow_linux() -> None:
    torch = _wheels(
        "torch-2.5.1+cpu-cp312-cp312-linux_x86_64.whl",
        "torch-2.5.1-cp312-cp312-manylinux_2_28_x86_64.whl",
    )
    target = Target.parse("x86_64-linux", "3.12")
    assert [w.filename for w in select_wheels(torch, target)] == [torch[1].filename]
    # Allowed, the local version "+cpu" is the newer one and the native tag ranks first.
    assert select_wheels(torch, target, allow_linux=True) == torch
    assert is_wheel_compatible(torch[0], target, allow_linux=True)
    assert not is_wheel_compatible(torch[0], target)


def test_best_wheel_of_nothing() -> None:
    assert best_wheel([], Target.parse("x86_64-linux", "3.12")) is None


def test_platform_checks_are_reexported() -> None:
    # One import gives the whole family of per-tag predicates.
    assert is_platform_tag_compatible is platform_module.is_platform_tag_compatible
    assert platform_tags is platform_module.platform_tags
