"""``pypa.*``: names, tags, file names, compatibility and wheel selection, as pyproject.nix."""

from __future__ import annotations

from typing import Any

import pytest

from pynix.errors import InvalidArgument, InvalidFileName
from pynix.interop import JSON, call
from tests.interop._vectors import caret, error, run, vector

LINUX: JSON = {"system": "x86_64-linux", "version": "3.12.4", "libcVersion": "2.38"}
MUSL: JSON = {"system": "x86_64-linux", "version": "3.12.4", "libc": "musl", "libcVersion": "1.2.5"}
MAC_ARM: JSON = {"system": "aarch64-darwin", "version": "3.12.1", "darwinSdkVersion": "11.3"}
MAC_INTEL: JSON = {"system": "x86_64-darwin", "version": "3.11.9", "darwinSdkVersion": "10.15"}
WINDOWS: JSON = {"system": "x86_64-windows", "version": "3.12.1"}
PYPY: JSON = {
    "system": "x86_64-linux",
    "version": "3.10.14",
    "implementation": "pypy",
    "implementationVersion": "7.3.15",
}
FREE_THREADED: JSON = {"system": "x86_64-linux", "version": "3.13.1", "freeThreaded": True}


def tag(implementation: str, version: str | None) -> JSON:
    return {"implementation": implementation, "version": version}


def wheel(
    filename: str,
    distribution: str,
    version: str,
    *,
    languages: list[JSON],
    abis: list[JSON],
    platforms: list[JSON],
    build: str | None = None,
) -> JSON:
    return {
        "abiTags": abis,
        "buildTag": build,
        "distribution": distribution,
        "filename": filename,
        "languageTags": languages,
        "platformTags": platforms,
        "version": version,
    }


CRYPTOGRAPHY = "cryptography-41.0.1-cp37-abi3-manylinux_2_17_aarch64.manylinux2014_aarch64.whl"
NUMPY_LINUX = "numpy-2.1.0-cp312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64.whl"


def parsed(filename: str) -> JSON:
    """The parsed wheel as pyproject.nix passes it (``parseWheelFileName`` has its own vectors)."""
    return call("pypa.parseWheelFileName", filename)


def select(*filenames: str) -> list[JSON]:
    return [parsed(f) for f in filenames]


VECTORS: list[Any] = [
    vector("pypa.normalizePackageName", "Friendly-Bard", expected="friendly-bard", id="capitals"),
    vector("pypa.normalizePackageName", "FrIeNdLy-._.-bArD", expected="friendly-bard", id="runs"),
    vector("pypa.normalizePackageName", "zope.interface", expected="zope-interface", id="dot"),
    vector("pypa.parsePythonTag", "cp37", expected=tag("cpython", "37"), id="cpython"),
    vector("pypa.parsePythonTag", "py3", expected=tag("python", "3"), id="python"),
    vector("pypa.parsePythonTag", "py", expected=tag("python", None), id="no-version"),
    vector("pypa.parsePythonTag", "pp310", expected=tag("pypy", "310"), id="pypy"),
    vector("pypa.parsePythonTag", "graalpy311", expected=tag("graalpy", "311"), id="unknown-kept"),
    vector("pypa.parsePythonTag", "CP37", expected=tag("cpython", "37"), id="upper-case"),
    vector("pypa.parseABITag", "cp37dmu", expected="cp37dmu", id="flags"),
    vector("pypa.parseABITag", "pypy38_pp73", expected="pypy38_pp73", id="pypy"),
    vector("pypa.parseABITag", "CP37M", expected="cp37m", id="lower-cased"),
    vector("pypa.isSdistFileName", "debugpy-1.6.7.tar.gz", expected=True, id="tar-gz"),
    vector("pypa.isSdistFileName", "debugpy-1.6.7.zip", expected=True, id="zip"),
    vector("pypa.isSdistFileName", "debugpy-1.6.7.tar.bz2", expected=False, id="bz2"),
    vector("pypa.isSdistFileName", "python-dateutil-2.9.0.tar.gz", expected=True, id="dashed-name"),
    vector("pypa.isSdistFileName", "foo-bar.tar.gz", expected=False, id="no-version"),
    vector("pypa.isWheelFileName", CRYPTOGRAPHY, expected=True, id="compressed-tags"),
    vector("pypa.isWheelFileName", "foo-1.0-py3-none-any.tar.gz", expected=False, id="sdist"),
    vector("pypa.isWheelFileName", "foo-bar-py3-none-any.whl", expected=False, id="bad-version"),
    vector("pypa.isWheelFileName", "foo-1.0-x1-py3-none-any.whl", expected=False, id="bad-build"),
    vector(
        "pypa.matchWheelFileName",
        "distribution-1.0-1-py27-none-any.whl",
        expected=["distribution", "1.0", "-1", "1", "py27", "none", "any"],
        id="build-tag",
    ),
    vector(
        "pypa.matchWheelFileName",
        CRYPTOGRAPHY,
        expected=[
            "cryptography",
            "41.0.1",
            "cp37",
            "abi3",
            "manylinux_2_17_aarch64.manylinux2014_aarch64",
        ],
        id="compressed-tags",
    ),
    vector("pypa.matchWheelFileName", "foo-1.0.tar.gz", expected=None, id="no-match"),
    vector(
        "pypa.parseWheelFileName",
        "distribution-1.0-1-py27-none-any.whl",
        expected=wheel(
            "distribution-1.0-1-py27-none-any.whl",
            "distribution",
            "1.0",
            languages=[tag("python", "27")],
            abis=["none"],
            platforms=["any"],
            build="1",
        ),
        id="build-tag",
    ),
    vector(
        "pypa.parseWheelFileName",
        CRYPTOGRAPHY,
        expected=wheel(
            CRYPTOGRAPHY,
            "cryptography",
            "41.0.1",
            languages=[tag("cpython", "37")],
            abis=["abi3"],
            platforms=["manylinux_2_17_aarch64", "manylinux2014_aarch64"],
        ),
        id="compressed-platforms",
    ),
    vector(
        "pypa.parseWheelFileName",
        "Werkzeug-1.0.0-py2.py3-none-any.whl",
        expected=wheel(
            "Werkzeug-1.0.0-py2.py3-none-any.whl",
            "Werkzeug",
            "1.0.0",
            languages=[tag("python", "2"), tag("python", "3")],
            abis=["none"],
            platforms=["any"],
        ),
        id="compressed-languages",
    ),
    vector("pypa.isABITagCompatible", LINUX, "cp312", expected=True, id="own"),
    vector("pypa.isABITagCompatible", LINUX, "abi3", expected=True, id="stable"),
    vector("pypa.isABITagCompatible", LINUX, "none", expected=True, id="none"),
    vector("pypa.isABITagCompatible", LINUX, "cp311", expected=False, id="other-minor"),
    vector("pypa.isABITagCompatible", LINUX, "any", expected=False, id="any-is-a-platform"),
    vector("pypa.isABITagCompatible", PYPY, "pypy310_pp73", expected=True, id="pypy"),
    vector("pypa.isABITagCompatible", FREE_THREADED, "cp313t", expected=True, id="free-threaded"),
    vector(
        "pypa.isABITagCompatible", FREE_THREADED, "abi3", expected=False, id="free-threaded-abi3"
    ),
    vector(
        "pypa.isPlatformTagCompatible",
        LINUX,
        LINUX,
        "manylinux2014_x86_64",
        expected=True,
        id="manylinux",
    ),
    vector(
        "pypa.isPlatformTagCompatible",
        MUSL,
        MUSL,
        "musllinux_1_2_x86_64",
        expected=True,
        id="musllinux",
    ),
    vector(
        "pypa.isPlatformTagCompatible",
        MUSL,
        MUSL,
        "manylinux2014_x86_64",
        expected=False,
        id="glibc-on-musl",
    ),
    vector("pypa.isPlatformTagCompatible", LINUX, LINUX, "any", expected=True, id="any"),
    vector(
        "pypa.isPlatformTagCompatible",
        LINUX,
        LINUX,
        "linux_x86_64",
        expected=False,
        id="linux-not-portable",
    ),
    vector(
        "pypa.isPlatformTagCompatible",
        MAC_ARM,
        MAC_ARM,
        "macosx_10_9_universal2",
        expected=True,
        id="universal2",
    ),
    vector(
        "pypa.isPlatformTagCompatible",
        MAC_ARM,
        MAC_ARM,
        "macosx_11_3_arm64",
        expected=False,
        id="macos-minor-after-11",
    ),
    vector(
        "pypa.isPlatformTagCompatible",
        MAC_INTEL,
        MAC_INTEL,
        "macosx_10_15_x86_64",
        expected=True,
        id="macos-equal-sdk",
    ),
    vector(
        "pypa.isPlatformTagCompatible",
        MAC_INTEL,
        MAC_INTEL,
        "macosx_11_0_x86_64",
        expected=False,
        id="macos-newer",
    ),
    vector(
        "pypa.isPlatformTagCompatible", WINDOWS, WINDOWS, "win_amd64", expected=True, id="windows"
    ),
    vector(
        "pypa.isPlatformTagCompatible", WINDOWS, WINDOWS, "win32", expected=False, id="windows-32"
    ),
    vector("pypa.isPythonTagCompatible", LINUX, tag("python", "3"), expected=True, id="py3"),
    vector("pypa.isPythonTagCompatible", LINUX, tag("cpython", "312"), expected=True, id="own"),
    vector(
        "pypa.isPythonTagCompatible", LINUX, tag("cpython", "37"), expected=True, id="older-abi3"
    ),
    vector("pypa.isPythonTagCompatible", LINUX, tag("cpython", "313"), expected=False, id="newer"),
    vector("pypa.isPythonTagCompatible", LINUX, tag("cpython", "3"), expected=False, id="cp3"),
    vector(
        "pypa.isPythonTagCompatible",
        LINUX,
        tag("pypy", "312"),
        expected=False,
        id="other-implementation",
    ),
    vector("pypa.isPythonTagCompatible", PYPY, tag("pypy", "310"), expected=True, id="pypy"),
    vector(
        "pypa.isWheelFileCompatible",
        LINUX,
        LINUX,
        LINUX,
        call("pypa.parseWheelFileName", NUMPY_LINUX),
        expected=True,
        id="compatible",
    ),
    vector(
        "pypa.isWheelFileCompatible",
        MUSL,
        MUSL,
        MUSL,
        parsed(NUMPY_LINUX),
        expected=False,
        id="glibc-wheel-on-musl",
    ),
    vector(
        "pypa.isWheelFileCompatible",
        LINUX,
        LINUX,
        LINUX,
        parsed("foo-1.0-py3-cp312-any.whl"),
        expected=False,
        id="no-such-triple",
    ),
    vector(
        "pypa.isWheelFileCompatible",
        LINUX,
        LINUX,
        LINUX,
        {"filename": NUMPY_LINUX},
        expected=True,
        id="filename-only",
    ),
    vector(
        "pypa.isWheelFileCompatible",
        LINUX,
        LINUX,
        LINUX,
        {
            "distribution": "six",
            "version": "1.16.0",
            "buildTag": None,
            "languageTags": [tag("python", "2"), tag("python", "3")],
            "abiTags": ["none"],
            "platformTags": ["any"],
        },
        expected=True,
        id="rebuilt-from-fields",
    ),
    vector(
        "pypa.selectWheels",
        LINUX,
        LINUX,
        select(
            "numpy-2.1.0-cp312-cp312-macosx_11_0_arm64.whl",
            "numpy-2.1.0-cp312-cp312-musllinux_1_2_x86_64.whl",
            NUMPY_LINUX,
            "numpy-2.1.0-cp312-cp312-win_amd64.whl",
        ),
        expected=[parsed(NUMPY_LINUX)],
        id="one-platform",
    ),
    vector(
        "pypa.selectWheels",
        LINUX,
        LINUX,
        select(
            "foo-1.0-py3-none-any.whl",
            "foo-1.0-1-py3-none-any.whl",
            "foo-1.0-2-py3-none-any.whl",
            "foo-2.0-py3-none-any.whl",
            "foo-1.0-cp312-none-any.whl",
        ),
        expected=select(
            "foo-2.0-py3-none-any.whl",
            "foo-1.0-cp312-none-any.whl",
            "foo-1.0-2-py3-none-any.whl",
            "foo-1.0-1-py3-none-any.whl",
            "foo-1.0-py3-none-any.whl",
        ),
        id="version-tag-build",
    ),
    vector(
        "pypa.selectWheels",
        MAC_INTEL,
        MAC_INTEL,
        select(
            "numpy-2.1.0-cp311-cp311-macosx_10_9_universal2.whl",
            "numpy-2.1.0-cp311-cp311-macosx_10_9_x86_64.whl",
            "numpy-2.1.0-cp311-cp311-macosx_10_15_x86_64.whl",
        ),
        expected=select(
            "numpy-2.1.0-cp311-cp311-macosx_10_15_x86_64.whl",
            "numpy-2.1.0-cp311-cp311-macosx_10_9_x86_64.whl",
            "numpy-2.1.0-cp311-cp311-macosx_10_9_universal2.whl",
        ),
        id="macos",
    ),
    vector("pypa.selectWheels", LINUX, LINUX, [], expected=[], id="none"),
]

ERRORS: list[Any] = [
    error(
        "pypa.parsePythonTag",
        "cp3x",
        kind=InvalidFileName,
        message=caret(
            "argument 1: a Python tag is letters and an optional version, such as 'cp312'",
            "cp3x",
            0,
            4,
        ),
        id="bad-tag",
    ),
    error(
        "pypa.parseABITag",
        "cp-37",
        kind=InvalidFileName,
        message=caret(
            "argument 1: an ABI tag starts with letters, such as 'cp312' or 'abi3'", "cp-37", 0, 5
        ),
        id="bad-tag",
    ),
    error(
        "pypa.parseWheelFileName",
        "foo-1.0-py3-none.whl",
        kind=InvalidFileName,
        message=caret(
            "argument 1: a wheel file name has 5 or 6 parts separated by '-', not 4",
            "foo-1.0-py3-none.whl",
            0,
            16,
        ),
        id="too-few-parts",
    ),
    error(
        "pypa.isWheelFileName",
        None,
        kind=InvalidArgument,
        message="argument 1: expected a string, got null",
        id="null",
    ),
    error(
        "pypa.isPythonTagCompatible",
        LINUX,
        "cp312",
        kind=InvalidArgument,
        message='argument 2: expected a parsed Python tag, got "cp312"',
        id="tag-as-string",
    ),
    error(
        "pypa.isPythonTagCompatible",
        LINUX,
        {"version": "3"},
        kind=InvalidArgument,
        message="argument 2: a parsed Python tag needs 'implementation'",
        id="no-implementation",
    ),
    error(
        "pypa.isPlatformTagCompatible",
        LINUX,
        LINUX,
        "",
        kind=InvalidArgument,
        message='argument 3: expected a platform tag, got ""',
        id="empty-tag",
    ),
    error(
        "pypa.isPlatformTagCompatible",
        LINUX,
        MUSL,
        "any",
        kind=InvalidArgument,
        message=(
            "argument 2: must be the same target object as argument 1\n"
            "  hint: pyproject.nix's platform, libc and python all describe one target here"
        ),
        id="two-targets",
    ),
    error(
        "pypa.isWheelFileCompatible",
        LINUX,
        LINUX,
        LINUX,
        {"distribution": "six"},
        kind=InvalidArgument,
        message=(
            "argument 4: a parsed wheel file name needs 'filename' or the parts it is made of;"
            " missing: abiTags, languageTags, platformTags, version"
        ),
        id="partial-wheel",
    ),
    error(
        "pypa.selectWheels",
        LINUX,
        LINUX,
        [parsed("six-1.16.0-py3-none-any.whl"), {"filename": "six.whl"}],
        kind=InvalidFileName,
        message=caret(
            "argument 3, [1].filename: a wheel file name has 5 or 6 parts separated by '-', not 1",
            "six.whl",
            0,
            3,
        ),
        id="bad-file",
    ),
    error(
        "pypa.selectWheels",
        {"system": "x86_64-linux"},
        {"system": "x86_64-linux"},
        [],
        kind=InvalidArgument,
        message=(
            "argument 1: missing key 'version' in a target object\n"
            '  hint: e.g. {"system": "x86_64-linux", "version": "3.12"}; see docs/interop.md'
        ),
        id="target-without-version",
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


def test_select_wheels_returns_the_given_objects_with_their_own_keys() -> None:
    decorated: JSON = {
        **call("pypa.parseWheelFileName", "six-1.16.0-py2.py3-none-any.whl"),  # type: ignore[dict-item]
        "url": "https://example.org/six-1.16.0-py2.py3-none-any.whl",
    }
    result = call("pypa.selectWheels", LINUX, LINUX, [decorated])
    assert isinstance(result, list)
    assert result[0] is decorated
