"""Wheel, sdist and egg file names: real-world names, legacy spellings and caret errors."""

from __future__ import annotations

from typing import Any

import pytest
from packaging.tags import Tag
from packaging.utils import parse_sdist_filename as packaging_parse_sdist
from packaging.utils import parse_wheel_filename as packaging_parse_wheel
from packaging.version import Version

from pynix.errors import InvalidFileName
from pynix.standards.filenames import (
    SDIST_EXTENSIONS,
    EggFileName,
    SdistFileName,
    WheelFileName,
    is_egg_filename,
    is_sdist_filename,
    is_wheel_filename,
    parse_egg_filename,
    parse_sdist_filename,
    parse_wheel_filename,
)

# filename, distribution, name, version, build tag, python tags, abi tags, platform tags
WHEELS = [
    pytest.param(
        "cryptography-41.0.1-cp37-abi3-manylinux_2_17_aarch64.manylinux2014_aarch64.whl",
        "cryptography", "cryptography", "41.0.1", None, ("cp37",), ("abi3",),
        ("manylinux_2_17_aarch64", "manylinux2014_aarch64"),
        id="cryptography-abi3-two-platforms",
    ),
    pytest.param(
        "numpy-2.1.0-cp313-cp313t-musllinux_1_2_x86_64.whl",
        "numpy", "numpy", "2.1.0", None, ("cp313",), ("cp313t",), ("musllinux_1_2_x86_64",),
        id="numpy-free-threaded-musl",
    ),
    pytest.param(
        "torch-2.5.1+cpu-cp312-cp312-linux_x86_64.whl",
        "torch", "torch", "2.5.1+cpu", None, ("cp312",), ("cp312",), ("linux_x86_64",),
        id="torch-local-version-linux",
    ),
    pytest.param(
        "pyzmq-26.2.0-cp312-cp312-macosx_10_15_universal2.whl",
        "pyzmq", "pyzmq", "26.2.0", None, ("cp312",), ("cp312",), ("macosx_10_15_universal2",),
        id="pyzmq-universal2",
    ),
    pytest.param(
        "pip-24.0-py3-none-any.whl",
        "pip", "pip", "24.0", None, ("py3",), ("none",), ("any",),
        id="pure-python",
    ),
    pytest.param(
        "Werkzeug-1.0.0-py2.py3-none-any.whl",
        "Werkzeug", "werkzeug", "1.0.0", None, ("py2", "py3"), ("none",), ("any",),
        id="compressed-python-tags",
    ),
    pytest.param(
        "foo-1.0-1-py3-none-any.whl",
        "foo", "foo", "1.0", "1", ("py3",), ("none",), ("any",),
        id="build-tag",
    ),
    pytest.param(
        "distribution-1.0-12abc-py27-none-any.whl",
        "distribution", "distribution", "1.0", "12abc", ("py27",), ("none",), ("any",),
        id="build-tag-with-suffix",
    ),
    pytest.param(
        "pyzmq-24.0.1-pp310-pypy310_pp73-manylinux_2_17_x86_64.manylinux2014_x86_64.whl",
        "pyzmq", "pyzmq", "24.0.1", None, ("pp310",), ("pypy310_pp73",),
        ("manylinux_2_17_x86_64", "manylinux2014_x86_64"),
        id="pypy",
    ),
    pytest.param(
        "numpy-2.1.0-cp312-cp312-win_amd64.whl",
        "numpy", "numpy", "2.1.0", None, ("cp312",), ("cp312",), ("win_amd64",),
        id="windows-amd64",
    ),
    pytest.param(
        "numpy-2.1.0-cp312-cp312-win_arm64.whl",
        "numpy", "numpy", "2.1.0", None, ("cp312",), ("cp312",), ("win_arm64",),
        id="windows-arm64",
    ),
    pytest.param(
        "pyzmq-24.0.1-cp310-cp310-win32.whl",
        "pyzmq", "pyzmq", "24.0.1", None, ("cp310",), ("cp310",), ("win32",),
        id="windows-32",
    ),
    pytest.param(
        "ujson-5.10.0-graalpy311-graalpy242_311_native-manylinux_2_28_x86_64.whl",
        "ujson", "ujson", "5.10.0", None, ("graalpy311",), ("graalpy242_311_native",),
        ("manylinux_2_28_x86_64",),
        id="graalpy",
    ),
    pytest.param(
        "zope.interface-6.0-cp311-cp311-macosx_11_0_arm64.whl",
        "zope.interface", "zope-interface", "6.0", None, ("cp311",), ("cp311",),
        ("macosx_11_0_arm64",),
        id="dotted-name",
    ),
    pytest.param(
        "python_dateutil-2.9.0.post0-py2.py3-none-any.whl",
        "python_dateutil", "python-dateutil", "2.9.0.post0", None, ("py2", "py3"), ("none",),
        ("any",),
        id="escaped-dash-in-name",
    ),
    pytest.param(
        "pyzmq-24.0.1-cp37-cp37m-manylinux_2_5_i686.manylinux1_i686.whl",
        "pyzmq", "pyzmq", "24.0.1", None, ("cp37",), ("cp37m",),
        ("manylinux_2_5_i686", "manylinux1_i686"),
        id="pymalloc-abi-manylinux1",
    ),
]  # fmt: skip

# text, the exact two-line error
BAD_WHEELS = [
    pytest.param(
        "foo-1.0-py3-none-any.zip",
        "a wheel file name must end in '.whl': foo-1.0-py3-none-any.zip\n"
        "                                                          ^^^^",
        id="extension",
    ),
    pytest.param(
        "foo-1.0-py3-none.whl",
        "a wheel file name has 5 or 6 parts separated by '-', not 4: foo-1.0-py3-none.whl\n"
        "                                                            ^^^^^^^^^^^^^^^^",
        id="too-few-parts",
    ),
    pytest.param(
        "foo-bar-1.0-1-py3-none-any.whl",
        "a wheel file name has 5 or 6 parts separated by '-', not 7: "
        "foo-bar-1.0-1-py3-none-any.whl\n"
        "                                                            "
        "^^^^^^^^^^^^^^^^^^^^^^^^^^",
        id="unescaped-dash",
    ),
    pytest.param(
        "foo__bar-1.0-py3-none-any.whl",
        "invalid project name in wheel file name: foo__bar-1.0-py3-none-any.whl\n"
        "                                         ^^^^^^^^",
        id="double-underscore",
    ),
    pytest.param(
        "-1.0-py3-none-any.whl",
        "invalid project name in wheel file name: -1.0-py3-none-any.whl\n"
        "                                         ^",
        id="empty-name",
    ),
    pytest.param(
        "foo-1.0.x-py3-none-any.whl",
        "invalid version in wheel file name: foo-1.0.x-py3-none-any.whl\n"
        "                                        ^^^^^",
        id="bad-version",
    ),
    pytest.param(
        "foo-1.0-x1-py3-none-any.whl",
        "a wheel build tag must start with a digit: foo-1.0-x1-py3-none-any.whl\n"
        "                                                   ^^",
        id="build-tag-letter",
    ),
    pytest.param(
        "foo-1.0-py3-none-.whl",
        "empty tag in wheel file name: foo-1.0-py3-none-.whl\n"
        "                                               ^",
        id="empty-platform",
    ),
    pytest.param(
        "foo-1.0-py2..py3-none-any.whl",
        "empty tag in wheel file name: foo-1.0-py2..py3-none-any.whl\n"
        "                                      ^^^^^^^^",
        id="empty-compressed-member",
    ),
    pytest.param(
        "foo-1.0-py2.3py-none-any.whl",
        "invalid Python tag in wheel file name: foo-1.0-py2.3py-none-any.whl\n"
        "                                                   ^^^",
        id="python-tag-not-identifier",
    ),
]

# filename, distribution, name, version, extension
SDISTS = [
    pytest.param("PyYAML-6.0.1.tar.gz", "PyYAML", "pyyaml", "6.0.1", ".tar.gz", id="pyyaml"),
    pytest.param(
        "zope.interface-6.0.tar.gz", "zope.interface", "zope-interface", "6.0", ".tar.gz",
        id="dotted-name",
    ),
    pytest.param(
        "python-dateutil-2.9.0.post0.tar.gz", "python-dateutil", "python-dateutil",
        "2.9.0.post0", ".tar.gz",
        id="dash-in-name",
    ),
    pytest.param("debugpy-1.6.7.zip", "debugpy", "debugpy", "1.6.7", ".zip", id="zip"),
    pytest.param("debugpy-1.6.7.tar.bz2", "debugpy", "debugpy", "1.6.7", ".tar.bz2", id="bz2"),
    pytest.param("foo-1.0.tgz", "foo", "foo", "1.0", ".tgz", id="tgz"),
    pytest.param("foo-1.0.tar.xz", "foo", "foo", "1.0", ".tar.xz", id="xz"),
    pytest.param("foo-1.0.tar", "foo", "foo", "1.0", ".tar", id="plain-tar"),
    pytest.param("foo-1.0.tar.zst", "foo", "foo", "1.0", ".tar.zst", id="zstd"),
    pytest.param("Foo-1.0.TAR.GZ", "Foo", "foo", "1.0", ".tar.gz", id="upper-case-extension"),
    pytest.param("foo-1.0rc1.dev3.tar.gz", "foo", "foo", "1.0rc1.dev3", ".tar.gz", id="pre-dev"),
]  # fmt: skip

BAD_SDISTS = [
    pytest.param(
        "foo-1.0.rar",
        "an sdist file name must end in '.tar.gz' or '.zip': foo-1.0.rar\n"
        "                                                           ^^^^",
        id="extension",
    ),
    pytest.param(
        "foo.tar.gz",
        "an sdist file name needs a '-' between name and version: foo.tar.gz\n"
        "                                                         ^^^",
        id="no-dash",
    ),
    pytest.param(
        "-1.0.zip",
        "invalid project name in sdist file name: -1.0.zip\n"
        "                                         ^",
        id="empty-name",
    ),
    pytest.param(
        "foo-bar.tar.gz",
        "invalid version in sdist file name: foo-bar.tar.gz\n"
        "                                        ^^^",
        id="name-without-version",
    ),
    pytest.param(
        "foo_-1.0.tar.gz",
        "invalid project name in sdist file name: foo_-1.0.tar.gz\n"
        "                                         ^^^^",
        id="trailing-underscore",
    ),
]

# filename, distribution, name, version, implementation, python version, platform
EGGS = [
    pytest.param(
        "python_editor-1.0.4-py3.5.egg", "python_editor", "python-editor", "1.0.4", "python",
        "3.5", None,
        id="pure",
    ),
    pytest.param(
        "psycopg2-2.8.6-py3.8-linux-x86_64.egg", "psycopg2", "psycopg2", "2.8.6", "python", "3.8",
        "linux-x86_64",
        id="linux-platform",
    ),
    pytest.param(
        "pyobjc-1.0-py2.7-macosx-10.9-x86_64.egg", "pyobjc", "pyobjc", "1.0", "python", "2.7",
        "macosx-10.9-x86_64",
        id="macos-platform",
    ),
    pytest.param(
        "pywin32-227-py2.7-win32.egg", "pywin32", "pywin32", "227", "python", "2.7", "win32",
        id="windows",
    ),
    pytest.param(
        "legacy-1.0dev_r123-py2.egg", "legacy", "legacy", "1.0dev_r123", "python", "2", None,
        id="legacy-version-kept",
    ),
]  # fmt: skip

BAD_EGGS = [
    pytest.param(
        "foo-1.0-py3.whl",
        "an egg file name must end in '.egg': foo-1.0-py3.whl\n"
        "                                                ^^^^",
        id="extension",
    ),
    pytest.param(
        "foo-1.0.egg",
        "an egg file name must be NAME-VERSION-pyX.Y[-PLATFORM].egg: foo-1.0.egg\n"
        "                                                            ^^^^^^^",
        id="no-python-version",
    ),
    pytest.param(
        "foo-1.0-3.5.egg",
        "expected a Python version such as 'py3.8' in egg file name: foo-1.0-3.5.egg\n"
        "                                                                    ^^^",
        id="no-implementation",
    ),
    pytest.param(
        "foo--py3.egg",
        "empty version in egg file name: foo--py3.egg\n                                    ^",
        id="empty-version",
    ),
    pytest.param(
        "foo-1.0-py3-.egg",
        "empty platform in egg file name: foo-1.0-py3-.egg\n"
        "                                             ^",
        id="empty-platform",
    ),
    pytest.param(
        "_foo-1.0-py3.egg",
        "invalid project name in egg file name: _foo-1.0-py3.egg\n"
        "                                       ^^^^",
        id="bad-name",
    ),
]


def _rows(params: list[pytest.ParameterSet]) -> list[pytest.ParameterSet]:
    """The table rows as (first column, the other columns as one tuple)."""
    return [pytest.param(p.values[0], p.values[1:], id=p.id) for p in params]


@pytest.mark.parametrize(("filename", "expected"), _rows(WHEELS))
def test_parse_wheel_filename(filename: str, expected: tuple[Any, ...]) -> None:
    distribution, name, version, build, python, abi, platform = expected
    wheel = parse_wheel_filename(filename)
    assert wheel == WheelFileName(
        filename=filename,
        distribution=distribution,
        name=wheel.name,
        version=Version(version),
        version_text=version,
        build_tag=build,
        python_tags=python,
        abi_tags=abi,
        platform_tags=platform,
        tags=frozenset(Tag(p, a, pl) for p in python for a in abi for pl in platform),
    )
    assert wheel.name == name
    assert str(wheel) == filename
    assert is_wheel_filename(filename)


@pytest.mark.parametrize("filename", [p.values[0] for p in WHEELS], ids=[p.id for p in WHEELS])
def test_wheel_agrees_with_packaging(filename: str) -> None:
    wheel = parse_wheel_filename(filename)
    assert (wheel.name, wheel.version, wheel.build, wheel.tags) == packaging_parse_wheel(filename)


@pytest.mark.parametrize(("text", "message"), BAD_WHEELS)
def test_bad_wheel_filename(text: str, message: str) -> None:
    with pytest.raises(InvalidFileName) as caught:
        parse_wheel_filename(text)
    assert str(caught.value) == message
    assert not is_wheel_filename(text)


def test_wheel_error_is_a_value_error_with_a_file() -> None:
    with pytest.raises(ValueError, match="invalid version") as caught:
        parse_wheel_filename("foo-x-py3-none-any.whl")
    assert isinstance(caught.value, InvalidFileName)
    located = caught.value.at(file="uv.lock", line=12)
    assert str(located).splitlines()[0] == (
        "uv.lock:12: invalid version in wheel file name: foo-x-py3-none-any.whl"
    )


def test_build_tag_orders_as_packaging() -> None:
    suffixes = ["", "-1", "-2a", "-10"]
    builds = [parse_wheel_filename(f"foo-1.0{b}-py3-none-any.whl").build for b in suffixes]
    assert builds == [(), (1, ""), (2, "a"), (10, "")]
    assert sorted(builds) == builds


def test_tags_are_lower_cased_but_parts_kept_as_written() -> None:
    wheel = parse_wheel_filename("Foo-1.0-CP312-ABI3-Manylinux_2_17_X86_64.whl")
    assert wheel.python_tags == ("CP312",)
    assert wheel.tags == {Tag("cp312", "abi3", "manylinux_2_17_x86_64")}


@pytest.mark.parametrize(("filename", "distribution", "name", "version", "extension"), SDISTS)
def test_parse_sdist_filename(
    filename: str, distribution: str, name: str, version: str, extension: str
) -> None:
    assert parse_sdist_filename(filename) == SdistFileName(
        filename=filename,
        distribution=distribution,
        name=parse_sdist_filename(filename).name,
        version=Version(version),
        version_text=version,
        extension=extension,
    )
    assert parse_sdist_filename(filename).name == name
    assert is_sdist_filename(filename)


@pytest.mark.parametrize(
    "filename",
    [p.values[0] for p in SDISTS if p.values[4] in (".tar.gz", ".zip")],
)
def test_sdist_agrees_with_packaging(filename: str) -> None:
    sdist = parse_sdist_filename(filename)
    assert (sdist.name, sdist.version) == packaging_parse_sdist(
        filename.replace(".TAR.GZ", ".tar.gz")
    )


def test_every_legacy_extension_is_read() -> None:
    assert [parse_sdist_filename(f"foo-1.0{e}").extension for e in SDIST_EXTENSIONS] == list(
        SDIST_EXTENSIONS
    )


@pytest.mark.parametrize(("text", "message"), BAD_SDISTS)
def test_bad_sdist_filename(text: str, message: str) -> None:
    with pytest.raises(InvalidFileName) as caught:
        parse_sdist_filename(text)
    assert str(caught.value) == message
    assert not is_sdist_filename(text)


def test_known_name_reads_a_dash_in_the_version() -> None:
    # A post-release spelled "1.0-1": the last-dash rule would read name "foo-1.0".
    sdist = parse_sdist_filename("Foo_Bar-1.0-1.tar.gz", name="foo-bar")
    assert (sdist.distribution, sdist.name, str(sdist.version)) == (
        "Foo_Bar",
        "foo-bar",
        "1.0.post1",
    )
    legacy = parse_sdist_filename("foo-1.0-1.tar.gz")
    assert (legacy.name, str(legacy.version)) == ("foo-1-0", "1")


def test_known_name_that_does_not_match() -> None:
    with pytest.raises(InvalidFileName) as caught:
        parse_sdist_filename("requests-2.0.tar.gz", name="urllib3")
    assert str(caught.value) == (
        "sdist file name does not start with 'urllib3-': requests-2.0.tar.gz\n"
        "                                                ^^^^^^^^^^^^"
    )


@pytest.mark.parametrize(("filename", "expected"), _rows(EGGS))
def test_parse_egg_filename(filename: str, expected: tuple[Any, ...]) -> None:
    distribution, name, version, implementation, python, platform = expected
    egg = parse_egg_filename(filename)
    assert egg == EggFileName(
        filename=filename,
        distribution=distribution,
        name=egg.name,
        version=version,
        implementation=implementation,
        python_version=python,
        platform=platform,
    )
    assert (egg.name, str(egg)) == (name, filename)
    assert is_egg_filename(filename)


@pytest.mark.parametrize(("text", "message"), BAD_EGGS)
def test_bad_egg_filename(text: str, message: str) -> None:
    with pytest.raises(InvalidFileName) as caught:
        parse_egg_filename(text)
    assert str(caught.value) == message
    assert not is_egg_filename(text)


# One name of each kind; each predicate accepts exactly its own kind.
KINDS = [
    pytest.param("pip-24.0-py3-none-any.whl", (True, False, False), id="wheel"),
    pytest.param("pip-24.0.tar.gz", (False, True, False), id="sdist"),
    pytest.param("pip-24.0-py3.8.egg", (False, False, True), id="egg"),
    pytest.param("README.md", (False, False, False), id="other"),
]


@pytest.mark.parametrize(("text", "expected"), KINDS)
def test_predicates_tell_kinds_apart(text: str, expected: tuple[bool, bool, bool]) -> None:
    assert (is_wheel_filename(text), is_sdist_filename(text), is_egg_filename(text)) == expected


# pyproject.nix's isSdistFileName cases: with legacy=False pynix gives the same answers.
STRICT_SDISTS = [
    pytest.param("debugpy-1.6.7.zip", True, id="zip"),
    pytest.param("debugpy-1.6.7.tar.gz", True, id="tar-gz"),
    pytest.param("debugpy-1.6.7.tar.bz2", False, id="tar-bz2"),
    pytest.param("distribution-1.0-1-py27-none-any.whl", False, id="universal-wheel"),
    pytest.param(
        "cryptography-41.0.1-cp37-abi3-manylinux_2_17_aarch64.manylinux2014_aarch64.whl",
        False,
        id="wheel",
    ),
]


@pytest.mark.parametrize(("text", "expected"), STRICT_SDISTS)
def test_pep625_extensions_only(text: str, *, expected: bool) -> None:
    assert is_sdist_filename(text, legacy=False) is expected


def test_legacy_extension_refused_when_strict() -> None:
    with pytest.raises(InvalidFileName) as caught:
        parse_sdist_filename("debugpy-1.6.7.tar.bz2", legacy=False)
    assert str(caught.value) == (
        "an sdist file name must end in '.tar.gz' or '.zip': debugpy-1.6.7.tar.bz2\n"
        "                                                                 ^^^^^^^^"
    )
