"""Where pynix answers differently from pyproject.nix: the PEP's answer, and the row in the docs.

Each row is a documented difference (``docs/interop.md``, "Where pynix
differs"): the call, and pynix's answer, which follows the PEP. The tests check
the answer, that every row's identifier is documented, and that every
documented identifier has a row here.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from pynix.errors import (
    IncludeCycle,
    InvalidFileName,
    InvalidMarker,
    InvalidProject,
    InvalidRequirement,
    InvalidScript,
    InvalidSpecifier,
    InvalidVersion,
    Unsupported,
)
from pynix.interop import JSON, call
from tests.interop._vectors import compare, cond, dumps, req, ver

DOCS = Path(__file__).resolve().parents[2] / "docs" / "interop.md"
LINUX: JSON = {"system": "x86_64-linux", "version": "3.12", "libcVersion": "2.38"}
MUSL: JSON = {"system": "x86_64-linux", "version": "3.12", "libc": "musl", "libcVersion": "1.2"}
MAC: JSON = {"system": "aarch64-darwin", "version": "3.12", "darwinSdkVersion": "11.3"}
MAC_INTEL: JSON = {"system": "x86_64-darwin", "version": "3.11", "darwinSdkVersion": "10.15"}
FREE_THREADED: JSON = {"system": "x86_64-linux", "version": "3.13", "freeThreaded": True}
PY38: JSON = {"system": "x86_64-darwin", "version": "3.8"}


def v(text: str) -> JSON:
    return call("pep440.parseVersion", text)


def row(case: str, name: str, *args: JSON, pynix: JSON | type[Exception]) -> Any:
    return pytest.param(case, name, args, pynix, id=f"{case}:{name}")


def wheel(filename: str) -> JSON:
    return call("pypa.parseWheelFileName", filename)


def egg(filename: str) -> JSON:
    return call("eggs.parseEggFileName", filename)


# documented id, function, arguments, pynix's answer (pyproject.nix's is in the docs)
DEVIATIONS: list[Any] = [
    row("release-padding", "pep440.compareVersions", v("1.0"), v("1.0.1"), pynix=-1),
    row("release-padding", "pep440.comparators.==", v("1.0.1"), v("1.0"), pynix=False),
    row("release-padding", "pep440.comparators.>", v("1.0.1"), v("1.0"), pynix=True),
    row(
        "release-padding",
        "pep508.evalMarkers",
        call("pep508.mkEnviron", {"system": "x86_64-linux", "version": "3.12.4"}),
        call("pep508.parseMarkers", "python_full_version > '3.12'"),
        pynix=True,
    ),
    row("pre-release-order", "pep440.compareVersions", v("1.0a1"), v("1.0rc1"), pynix=-1),
    row("pre-release-order", "pep440.compareVersions", v("1.0.dev1"), v("1.0a1"), pynix=-1),
    row("pre-release-order", "pep440.compareVersions", v("1.0.post1.dev1"), v("1.0"), pynix=1),
    row("exclusive-ordered", "pep440.comparators.<", v("2.0rc1"), v("2.0"), pynix=False),
    row("exclusive-ordered", "pep440.comparators.>", v("1.7.post1"), v("1.7"), pynix=False),
    row("local-in-specifier", "pep440.comparators.==", v("1.0+local"), v("1.0"), pynix=True),
    row("local-in-specifier", "pep440.comparators.!=", v("1.0+local"), v("1.0"), pynix=False),
    row("compatible-release", "pep440.comparators.~=", v("1.7.post1"), v("1.7"), pynix=True),
    row("compatible-release", "pep440.comparators.~=", v("2.0"), v("1"), pynix=InvalidSpecifier),
    row("arbitrary-equality", "pep440.comparators.===", v("1.0"), v("1.0"), pynix=True),
    row("arbitrary-equality", "pep440.comparators.===", v("1.0.0"), v("1.0"), pynix=False),
    row(
        "version-spellings",
        "pep440.parseVersion",
        "1.0.post",
        pynix={
            "dev": None,
            "epoch": 0,
            "local": None,
            "post": {"type": "post", "value": 0},
            "pre": None,
            "release": [1, 0],
            "str": "1.0.post",
        },
    ),
    row(
        "version-spellings",
        "pep440.parseVersionConds",
        ">=v1.01",
        pynix=[
            {
                "op": ">=",
                "version": {
                    "dev": None,
                    "epoch": 0,
                    "local": None,
                    "post": None,
                    "pre": None,
                    "release": [1, 1],
                    "str": "v1.01",
                },
            }
        ],
    ),
    row(
        "local-normalized",
        "pep440.parseVersion",
        "1.0+Ubuntu-1",
        pynix={
            "dev": None,
            "epoch": 0,
            "local": "ubuntu.1",
            "post": None,
            "pre": None,
            "release": [1, 0],
            "str": "1.0+Ubuntu-1",
        },
    ),
    row("empty-version", "pep440.parseVersion", "", pynix=InvalidVersion),
    row("wildcard-version", "pep440.parseVersion", "1.0.*", pynix=InvalidVersion),
    row("bare-condition", "pep440.parseVersionCond", "1.0", pynix=InvalidSpecifier),
    row("bare-condition", "pep440.parseVersionConds", ">=1.0,2.0", pynix=InvalidSpecifier),
    row(
        "marker-extra-normalized",
        "pep508.parseMarkers",
        "extra == 'Foo_Bar'",
        pynix={
            "lhs": {"type": "variable", "value": "extra"},
            "op": "==",
            "rhs": {"type": "extra", "value": "foo-bar"},
            "type": "compare",
        },
    ),
    row(
        "marker-operators",
        "pep508.parseMarkers",
        "os.name ~= 'a'",
        pynix={
            "lhs": {"type": "variable", "value": "os_name"},
            "op": "~=",
            "rhs": {"type": "string", "value": "a"},
            "type": "compare",
        },
    ),
    row(
        "marker-non-version",
        "pep508.parseMarkers",
        "python_version >= 'foo'",
        pynix={
            "lhs": {"type": "variable", "value": "python_version"},
            "op": ">=",
            "rhs": {"type": "string", "value": "foo"},
            "type": "compare",
        },
    ),
    row("marker-empty", "pep508.parseMarkers", "", pynix=InvalidMarker),
    row(
        "marker-empty",
        "pep508.parseMarkers",
        "os_name == 'a\"b'",
        pynix={
            "lhs": {"type": "variable", "value": "os_name"},
            "op": "==",
            "rhs": {"type": "string", "value": 'a"b'},
            "type": "compare",
        },
    ),
    row("marker-literals", "pep508.parseMarkers", "'a' == 'b'", pynix=InvalidMarker),
    row(
        "marker-in-substring",
        "pep508.evalMarkers",
        call("pep508.mkEnviron", LINUX),
        call("pep508.parseMarkers", "sys_platform in 'linux2'"),
        pynix=True,
    ),
    row(
        "marker-extras",
        "pep508.evalMarkers",
        call("pep508.setEnviron", call("pep508.mkEnviron", LINUX), {"extra": ["test", "Docs_X"]}),
        call("pep508.parseMarkers", "extra == 'docs-x'"),
        pynix=True,
    ),
    row(
        "marker-extras",
        "pep508.evalMarkers",
        call("pep508.mkEnviron", LINUX),
        call("pep508.parseMarkers", "extra == 'test'"),
        pynix=False,
    ),
    row(
        "environ",
        "pep508.mkEnviron",
        {"system": "x86_64-windows", "version": "3.12.1"},
        pynix={
            **{
                name: {"type": "string", "value": value}
                for name, value in (
                    ("implementation_name", "cpython"),
                    ("os_name", "nt"),
                    ("platform_machine", "AMD64"),
                    ("platform_python_implementation", "CPython"),
                    ("platform_system", "Windows"),
                    ("platform_version", ""),
                    ("sys_platform", "win32"),
                )
            },
            "implementation_version": {"type": "version", "value": v("3.12.1")},
            "platform_release": {"type": "platform_release", "value": ""},
            "python_full_version": {"type": "version", "value": v("3.12.1")},
            "python_version": {"type": "version", "value": v("3.12")},
        },
    ),
    row(
        "requirement-syntax",
        "pep508.parseString",
        "https://example.com/foo-1.0.tar.gz#egg=foo",
        pynix=InvalidRequirement,
    ),
    row(
        "requirement-syntax",
        "pep508.parseString",
        "foo >=1 ; os_name == 'nt'",
        pynix={
            "conditions": [
                {
                    "op": ">=",
                    "version": {
                        "dev": None,
                        "epoch": 0,
                        "local": None,
                        "post": None,
                        "pre": None,
                        "release": [1],
                        "str": "1",
                    },
                }
            ],
            "extras": [],
            "markers": {
                "lhs": {"type": "variable", "value": "os_name"},
                "op": "==",
                "rhs": {"type": "string", "value": "nt"},
                "type": "compare",
            },
            "name": "foo",
            "url": None,
        },
    ),
    row(
        "manylinux-policies",
        "pep600.manyLinuxTagCompatible",
        LINUX,
        LINUX,
        "manylinux_2_4_x86_64",
        pynix=False,
    ),
    row(
        "manylinux-policies",
        "pypa.isPlatformTagCompatible",
        {"system": "aarch64-linux", "libcVersion": "2.28"},
        {"system": "aarch64-linux", "libcVersion": "2.28"},
        "manylinux_2_5_aarch64",
        pynix=False,
    ),
    row(
        "manylinux-machines",
        "pep599.manyLinuxTargetMachines",
        pynix={
            "aarch64": "aarch64",
            "armv7l": "armv7l",
            "i686": "i686",
            "loongarch64": "loongarch64",
            "powerpc64": "ppc64",
            "powerpc64le": "ppc64le",
            "riscv64": "riscv64",
            "s390x": "s390x",
            "x86_64": "x86_64",
        },
    ),
    row(
        "musllinux",
        "pep656.muslLinuxTagCompatible",
        {"system": "x86_64-linux", "libc": "musl", "libcVersion": "2.0"},
        {"system": "x86_64-linux", "libc": "musl", "libcVersion": "2.0"},
        "musllinux_1_2_x86_64",
        pynix=False,
    ),
    row(
        "musllinux",
        "pep656.muslLinuxTagCompatible",
        {"system": "powerpc64le-linux", "libc": "musl"},
        {"system": "powerpc64le-linux", "libc": "musl"},
        "musllinux_1_1_ppc64le",
        pynix=True,
    ),
    row(
        "tag-case",
        "pypa.parsePythonTag",
        "CP37",
        pynix={"implementation": "cpython", "version": "37"},
    ),
    row("tag-case", "pypa.parseABITag", "CP37M", pynix="cp37m"),
    row("tag-case", "pypa.parseABITag", "cp-37", pynix=InvalidFileName),
    row("file-names-validated", "pypa.isWheelFileName", "foo-bar-py3-none-any.whl", pynix=False),
    row(
        "file-names-validated", "pypa.matchWheelFileName", "foo-1.0-x1-py3-none-any.whl", pynix=None
    ),
    row("file-names-validated", "pypa.isSdistFileName", "foo-bar.tar.gz", pynix=False),
    row("file-names-validated", "eggs.isEggFileName", "foo-1.0-xx.egg", pynix=False),
    row("abi-tags", "pypa.isABITagCompatible", LINUX, "any", pynix=False),
    row("abi-tags", "pypa.isABITagCompatible", FREE_THREADED, "abi3", pynix=False),
    row("abi-tags", "pypa.isABITagCompatible", FREE_THREADED, "cp313", pynix=False),
    row(
        "python-tags",
        "pypa.isPythonTagCompatible",
        LINUX,
        {"implementation": "cpython", "version": "31"},
        pynix=False,
    ),
    row(
        "python-tags",
        "pypa.isPythonTagCompatible",
        LINUX,
        {"implementation": "python", "version": None},
        pynix=False,
    ),
    row(
        "tag-triples",
        "pypa.isWheelFileCompatible",
        LINUX,
        LINUX,
        LINUX,
        wheel("foo-1.0-py3-cp312-any.whl"),
        pynix=False,
    ),
    row("linux-tag", "pypa.isPlatformTagCompatible", MUSL, MUSL, "linux_x86_64", pynix=False),
    row(
        "linux-tag",
        "pypa.selectWheels",
        LINUX,
        LINUX,
        [wheel("torch-2.5.1+cpu-cp312-cp312-linux_x86_64.whl")],
        pynix=[],
    ),
    row(
        "macos-versions", "pypa.isPlatformTagCompatible", MAC, MAC, "macosx_11_3_arm64", pynix=False
    ),
    row(
        "wheel-ranking",
        "pypa.selectWheels",
        MAC_INTEL,
        MAC_INTEL,
        [
            wheel("foo-1.0-cp311-cp311-macosx_10_9_universal2.whl"),
            wheel("foo-1.0-cp311-cp311-macosx_10_9_x86_64.whl"),
            wheel("foo-1.0-cp311-cp311-macosx_10_15_x86_64.whl"),
        ],
        pynix=[
            wheel("foo-1.0-cp311-cp311-macosx_10_15_x86_64.whl"),
            wheel("foo-1.0-cp311-cp311-macosx_10_9_x86_64.whl"),
            wheel("foo-1.0-cp311-cp311-macosx_10_9_universal2.whl"),
        ],
    ),
    row(
        "egg-selection",
        "eggs.selectEggs",
        PY38,
        [egg("six-1.0-py2.7.egg"), egg("a-1-py3.7-linux-x86_64.egg"), egg("six-1.0-py3.7.egg")],
        pynix=[egg("six-1.0-py3.7.egg")],
    ),
]


def poetry(table: JSON) -> JSON:
    return {"tool": {"poetry": table}}


def with_packages(**versions: str) -> JSON:
    """A Linux CPython 3.12 target whose package set has ``attr=version`` for each keyword."""
    packages: JSON = {a: {"pname": a.partition("_")[0], "version": v} for a, v in versions.items()}
    return {"system": "x86_64-linux", "version": "3.12", "packages": packages}


NO_DEPENDENCIES: dict[str, JSON] = {
    "build-systems": [],
    "dependencies": [],
    "extras": {},
    "groups": {},
}
SHA_A = "sha256:" + "a" * 64
SHA_B = "sha256:" + "b" * 64
UNSAFE_POETRY2: JSON = {
    "project": {"name": "a"},
    "tool": {"poetry": {"packages": [{"include": "a"}]}},
}
PDM: JSON = {
    "project": {"name": "a"},
    "tool": {
        "pdm": {
            "dev-dependencies": {
                "test": [
                    "-e file:///${PROJECT_ROOT}/kit#egg=kit",
                    "-e fix @ file:///${PROJECT_ROOT}/fix",
                ]
            }
        }
    },
}

# The project namespaces: documented id, function, arguments, pynix's answer.
PROJECT_DEVIATIONS: list[Any] = [
    row(
        "names-normalized",
        "pep621.parseDependencies",
        {
            "pyproject": {
                "project": {"name": "a", "optional-dependencies": {"Docs_Build": ["sphinx"]}},
                "dependency-groups": {"Test": [{"include-group": "LINT"}], "lint": ["ruff"]},
            }
        },
        pynix={
            "build-systems": [],
            "dependencies": [],
            "extras": {"docs-build": [req("sphinx")]},
            "groups": {"lint": [req("ruff")], "test": [req("ruff")]},
        },
    ),
    row(
        "pep621-validated",
        "pep621.parseDependencies",
        {"pyproject": {"project": {"dependencies": ["click"]}}},
        pynix=InvalidProject,
    ),
    row(
        "pep621-validated",
        "project.loadPyproject",
        {"pyproject": {"project": {"name": "a", "version": "1.0", "dynamic": ["version"]}}},
        pynix=InvalidProject,
    ),
    row(
        "group-cycles",
        "pep621.parseDependencies",
        {
            "pyproject": {
                "dependency-groups": {"a": [{"include-group": "b"}], "b": [{"include-group": "a"}]}
            }
        },
        pynix=IncludeCycle,
    ),
    row(
        "tables-merged",
        "pep621.parseDependencies",
        {
            "pyproject": {
                "project": {"name": "a"},
                "dependency-groups": {"dev": ["ruff"]},
                "tool": {"uv": {"dev-dependencies": ["mypy"]}},
            },
            "groupsListPaths": {"tool.uv.dev-dependencies": "dev"},
        },
        pynix={**NO_DEPENDENCIES, "groups": {"dev": [req("ruff"), req("mypy")]}},
    ),
    row(
        "pdm-dev-groups",
        "project.loadPDMPyproject",
        {"pyproject": PDM},
        pynix={
            "dependencies": {
                **NO_DEPENDENCIES,
                "groups": {
                    "test": [
                        req("kit", url="file:///${PROJECT_ROOT}/kit#egg=kit"),
                        req("fix", url="file:///${PROJECT_ROOT}/fix"),
                    ]
                },
            },
            "projectRoot": None,
            "pyproject": PDM,
            "requires-python": [],
        },
    ),
    row(
        "dynamic-detection",
        "project.loadPyprojectDynamic",
        {"pyproject": UNSAFE_POETRY2},
        pynix={
            "dependencies": NO_DEPENDENCIES,
            "projectRoot": None,
            "pyproject": UNSAFE_POETRY2,
            "requires-python": [],
        },
    ),
    row(
        "requirements-groups",
        "project.loadRequirementsTxt",
        {"requirements": ""},
        pynix={
            "dependencies": NO_DEPENDENCIES,
            "projectRoot": None,
            "pyproject": None,
            "requires-python": None,
        },
    ),
    row(
        "script-blocks",
        "pep723.parseScript",
        "#///script\n#dependencies=['a']\n#///\n",
        pynix={"dependencies": [], "requires-python": []},
    ),
    row(
        "script-blocks",
        "pep723.parseScript",
        "# /// script\r\n# dependencies = ['a']\r\n# ///\r\n",
        pynix={
            "dependencies": [req("a")],
            "metadata": {"dependencies": ["a"]},
            "requires-python": [],
        },
    ),
    row(
        "script-blocks",
        "pep723.parseScript",
        "# /// script\n# dependencies = ['a']\n# ///\nimport a\n"
        "# /// script\n# dependencies = []\n# ///\n",
        pynix=InvalidScript,
    ),
    row(
        "toml-dates",
        "pep723.parseScript",
        "# /// script\n# [tool.x]\n# since = 2024-01-02\n# ///\n",
        pynix={
            "dependencies": [],
            "metadata": {"tool": {"x": {"since": "2024-01-02"}}},
            "requires-python": [],
        },
    ),
    row(
        "pip-comments",
        "pip.parseRequirementsTxt",
        "https://h.example/x-1.0.tar.gz#egg=x  # pinned\n",
        pynix=[{"flags": [], "requirement": req("x", url="https://h.example/x-1.0.tar.gz")}],
    ),
    row(
        "pip-options",
        "pip.parseRequirementsTxt",
        "--index-url https://i.example/simple\nsix==1 --pre\n-e git+https://g.example/c.git#egg=c\n",
        pynix=[
            {"flags": ["--pre"], "requirement": req("six", cond("==", "1", [1]))},
            {
                "flags": ["-e git+https://g.example/c.git#egg=c"],
                "requirement": req("c", url="git+https://g.example/c.git"),
            },
        ],
    ),
    row(
        "pip-flags",
        "pip.parseRequirementsTxt",
        f"a==1 \\\n  --hash={SHA_A} --hash={SHA_B}\n",
        pynix=[
            {
                "flags": [f"--hash={SHA_A}", f"--hash={SHA_B}"],
                "requirement": req("a", cond("==", "1", [1])),
            }
        ],
    ),
    row(
        "pip-unnamed",
        "pip.parseRequirementsTxt",
        "https://h.example/x-1.0.tar.gz\n",
        pynix=Unsupported,
    ),
    row(
        "poetry-tilde",
        "poetry.parseVersionCond",
        "~1.2",
        pynix=[cond(">=", "1.2", [1, 2]), cond("<", "1.3", [1, 3])],
    ),
    row(
        "poetry-tilde",
        "poetry.parseVersionCond",
        "~1",
        pynix=[cond(">=", "1", [1]), cond("<", "2", [2])],
    ),
    row(
        "poetry-bounds",
        "poetry.parseVersionCond",
        "^1.2",
        pynix=[cond(">=", "1.2", [1, 2]), cond("<", "2.0", [2, 0])],
    ),
    row("poetry-bounds", "poetry.parseVersionCond", "1.2", pynix=[cond("==", "1.2", [1, 2])]),
    row(
        "poetry-bounds",
        "poetry.parseVersionConds",
        "^0.0",
        pynix=[cond(">=", "0.0", [0, 0]), cond("<", "0.1", [0, 1])],
    ),
    row(
        "poetry-syntax",
        "poetry.parseVersionConds",
        "^1 || ^3",
        pynix=[cond(">=", "1", [1]), cond("!=", "2.*", [2, "*"]), cond("<", "4", [4])],
    ),
    row("poetry-syntax", "poetry.parseVersionConds", "*", pynix=[]),
    row(
        "poetry-syntax",
        "poetry.parseVersionConds",
        ">=1.2 <2",
        pynix=[cond(">=", "1.2", [1, 2]), cond("<", "2", [2])],
    ),
    row(
        "poetry-syntax",
        "poetry.parseVersionCond",
        "1.2.x",
        pynix=[cond("==", "1.2.*", [1, 2, "*"])],
    ),
    row(
        "poetry-dependencies",
        "poetry.parseDependencies",
        poetry(
            {
                "dependencies": {
                    "python": "^3.9",
                    "Requests": {"version": "2.32.3", "extras": ["Socks"]},
                    "orjson": {"version": "3.10.7", "optional": True},
                },
                "extras": {"fast": ["orjson"]},
                "dev-dependencies": {"black": "24.8.0"},
                "group": {"docs": {"dependencies": {"mkdocs": "1.6.1"}}},
            }
        ),
        pynix={
            "build-systems": [],
            "dependencies": [req("requests", cond("==", "2.32.3", [2, 32, 3]), extras=["socks"])],
            "extras": {"fast": [req("orjson", cond("==", "3.10.7", [3, 10, 7]))]},
            "groups": {
                "dev": [req("black", cond("==", "24.8.0", [24, 8, 0]))],
                "docs": [req("mkdocs", cond("==", "1.6.1", [1, 6, 1]))],
            },
        },
    ),
    row(
        "poetry-markers",
        "poetry.parseDependencies",
        poetry({"dependencies": {"x": {"version": "*", "python": ">=3.8", "platform": "linux"}}}),
        pynix={
            **NO_DEPENDENCIES,
            "dependencies": [
                req(
                    "x",
                    markers={
                        "lhs": compare(
                            "python_version", ">=", {"type": "version", "value": ver("3.8", [3, 8])}
                        ),
                        "op": "and",
                        "rhs": compare("sys_platform", "==", {"type": "string", "value": "linux"}),
                        "type": "boolOp",
                    },
                )
            ],
        },
    ),
    row(
        "poetry-requires-python",
        "project.loadPoetryPyproject",
        {"pyproject": poetry({"dependencies": {"python": ">=3.9"}})},
        pynix={
            "dependencies": NO_DEPENDENCIES,
            "projectRoot": None,
            "pyproject": {
                "project": {"requires-python": ">=3.9", "urls": {}},
                "tool": {"poetry": {"dependencies": {"python": ">=3.9"}}},
            },
            "pyproject-poetry": poetry({"dependencies": {"python": ">=3.9"}}),
            "requires-python": [cond(">=", "3.9", [3, 9])],
        },
    ),
    row(
        "poetry-translate",
        "poetry.translatePoetryProject",
        poetry({"name": "a", "authors": ["Harbour Tools"], "urls": {"Docs": "https://d.example"}}),
        pynix={
            "project": {
                "authors": [{"name": "Harbour Tools"}],
                "name": "a",
                "urls": {"Docs": "https://d.example"},
            },
            "tool": {
                "poetry": {
                    "authors": ["Harbour Tools"],
                    "name": "a",
                    "urls": {"Docs": "https://d.example"},
                }
            },
        },
    ),
    row(
        "poetry-translate",
        "poetry.translatePoetryProject",
        {"project": {"name": "a", "dynamic": ["version"]}, "tool": {"poetry": {"version": "2.1"}}},
        pynix={
            "project": {"name": "a", "dynamic": [], "version": "2.1"},
            "tool": {"poetry": {"version": "2.1"}},
        },
    ),
    row(
        "validator-extras",
        "validators.validateVersionConstraints",
        {
            "project": call(
                "project.loadPyproject",
                {
                    "pyproject": {
                        "project": {"name": "a", "optional-dependencies": {"x": ["click>=9"]}}
                    }
                },
            ),
            "python": with_packages(click="8.1.7"),
        },
        pynix={},
    ),
    row(
        "validator-lookup",
        "validators.validateVersionConstraints",
        {
            "project": call(
                "project.loadPyproject",
                {
                    "pyproject": {
                        "project": {"name": "a", "dependencies": ["Django<5", "absent>=1"]}
                    }
                },
            ),
            "python": with_packages(django="5.1.4", django_4="4.2.17"),
        },
        pynix={},
    ),
]


def documented() -> set[str]:
    """The identifiers in the first column of the docs' table of differences."""
    text = DOCS.read_text(encoding="utf-8")
    section = text.split("## Where pynix differs", 1)[1]
    return set(re.findall(r"^\| `([a-z0-9-]+)` \|", section, flags=re.MULTILINE))


@pytest.mark.parametrize(("case", "name", "args", "pynix"), DEVIATIONS + PROJECT_DEVIATIONS)
def test_pynix_follows_the_pep(
    case: str, name: str, args: tuple[JSON, ...], pynix: JSON | type[Exception]
) -> None:
    if isinstance(pynix, type):
        with pytest.raises(pynix):
            call(name, *args)
    else:
        assert dumps(call(name, *args)) == dumps(pynix)
    assert case in documented()


def test_every_documented_difference_is_tested() -> None:
    tested = {param.values[0] for param in DEVIATIONS + PROJECT_DEVIATIONS}
    assert documented() - tested == set()
    assert len(documented()) >= 20  # the table was found and read
