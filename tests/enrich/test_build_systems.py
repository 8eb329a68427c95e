"""Build systems from an sdist's build files: declared, assumed (legacy) and broken."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pynix.enrich.build_systems import (
    BuildSystemResult,
    SdistBuildFiles,
    build_system_of,
    describe_build_system,
)
from pynix.model import Dependency
from pynix.model.findings import Severity
from pynix.model.project import BuildSystem

SDIST = "demo-1.0.tar.gz"
LEGACY = "setuptools.build_meta:__legacy__"
HATCHLING = '[build-system]\nrequires = ["hatchling>=1.24"]\nbuild-backend = "hatchling.build"\n'
SCM = "[metadata]\nname = demo\n[options]\nsetup_requires =\n    setuptools-scm>=8\n"
ASSUMING = "assuming setuptools' legacy build, which requires setuptools>=40.8.0"
LEGACY_HINT = " (the project declares no build system; pip and Nix assume setuptools)"
BROKEN_HINT = (
    " (this sdist cannot be built as published; prefer a wheel or override the build system)"
)

# (build files, requires, backend) for sdists whose build system is known.
DECLARED = [
    (
        {"pyproject.toml": HATCHLING},
        ["hatchling>=1.24"],
        "hatchling.build",
    ),
    (
        {
            "pyproject.toml": "[build-system]\nrequires = ['maturin>=1.5,<2']\n"
            "build-backend = 'maturin'\n[project]\nname = 'demo'\n",
            "setup.cfg": "[options]\nsetup_requires = cython\n",  # ignored: declared wins
        },
        ["maturin<2,>=1.5"],
        "maturin",
    ),
    (
        # PEP 517: no build-backend means the legacy backend, but requires are declared.
        {"pyproject.toml": "[build-system]\nrequires = ['setuptools>=61', 'wheel']\n"},
        ["setuptools>=61", "wheel"],
        LEGACY,
    ),
]

# (build files, finding message, requires) for sdists that declare no build system.
ASSUMED = [
    (
        {},
        f"no pyproject.toml: {ASSUMING}",
        ["setuptools>=40.8.0"],
    ),
    (
        {"pyproject.toml": "[project]\nname = 'demo'\nversion = '1.0'\n"},
        f"no [build-system] table: {ASSUMING}",
        ["setuptools>=40.8.0"],
    ),
    (
        {"setup.cfg": SCM},
        f"no pyproject.toml: {ASSUMING}, setuptools-scm>=8",
        ["setuptools>=40.8.0", "setuptools-scm>=8"],
    ),
    (
        {"setup.cfg": "[flake8]\nmax-line-length = 100\n"},  # only tool settings
        f"no pyproject.toml: {ASSUMING}",
        ["setuptools>=40.8.0"],
    ),
    (
        {"setup.cfg": "[options]\nsetup_requires = >=broken\n"},  # broken: the plain default
        f"no pyproject.toml: {ASSUMING}",
        ["setuptools>=40.8.0"],
    ),
]

# (pyproject.toml text, finding as printed) for broken build systems.
BROKEN = [
    (
        '[build-system]\nrequires = ["hatchling >="]\n',
        (
            "error: demo-1.0.tar.gz/pyproject.toml: build-system.requires[0]: "
            "expected semicolon (after name with no version specifier) or end: hatchling >="
        ),
    ),
    (
        "[build-system]\nbuild-backend = 'hatchling.build'\n",
        (
            "error: demo-1.0.tar.gz/pyproject.toml: build-system.requires: "
            "missing; PEP 518 requires it when [build-system] is present"
        ),
    ),
    (
        "[build-system]\nrequires = 'hatchling'\n",
        (
            "error: demo-1.0.tar.gz/pyproject.toml: build-system.requires: "
            "expected an array, got a string"
        ),
    ),
    (
        "build-system = 3\n",
        "error: demo-1.0.tar.gz/pyproject.toml: build-system: expected a table, got an integer",
    ),
    (
        "[build-system\nrequires = []\n",
        (
            "error: demo-1.0.tar.gz/pyproject.toml: not valid TOML "
            "(Expected ']' at the end of a table declaration (at line 1, column 14))"
        ),
    ),
]


def _of(files: dict[str, str]) -> BuildSystemResult:
    return build_system_of(SdistBuildFiles(files=files), sdist=SDIST, package="demo")


@pytest.mark.parametrize(
    ("files", "requires", "backend"), DECLARED, ids=["hatchling", "maturin", "no-backend"]
)
def test_declared(files: dict[str, str], requires: list[str], backend: str) -> None:
    result = _of(files)
    assert result.findings == ()
    assert result.build_system is not None
    assert [str(r) for r in result.build_system.requires] == requires
    assert (result.build_system.backend, result.build_system.declared) == (backend, True)


@pytest.mark.parametrize(
    ("files", "message", "requires"),
    ASSUMED,
    ids=["no-pyproject", "undeclared", "setup-requires", "tool-cfg", "bad-cfg"],
)
def test_assumed(files: dict[str, str], message: str, requires: list[str]) -> None:
    result = _of(files)
    assert result.build_system is not None
    assert [str(r) for r in result.build_system.requires] == requires
    assert (result.build_system.backend, result.build_system.declared) == (LEGACY, False)
    (finding,) = result.findings
    assert (finding.code, finding.severity, finding.subject) == (
        "legacy-build-system",
        Severity.WARNING,
        "demo",
    )
    assert str(finding) == f"warning: {SDIST}: {message}{LEGACY_HINT}"


@pytest.mark.parametrize(
    ("text", "printed"), BROKEN, ids=["requirement", "no-requires", "string", "not-table", "toml"]
)
def test_broken(text: str, printed: str) -> None:
    result = _of({"pyproject.toml": text})
    assert result.build_system is None
    (finding,) = result.findings
    assert (finding.code, finding.severity) == ("invalid-build-system", Severity.ERROR)
    assert str(finding) == printed + BROKEN_HINT


def test_a_pyproject_that_is_not_utf8() -> None:
    files = SdistBuildFiles.from_members(
        {"pyproject.toml": b"\xff\xfe[build-system]", "setup.cfg": b"[x]"}
    )
    assert files == SdistBuildFiles(files={"setup.cfg": "[x]"}, undecodable=("pyproject.toml",))
    assert files.present == ("pyproject.toml", "setup.cfg")
    (finding,) = build_system_of(files, sdist=SDIST, package="demo").findings
    assert finding.message == "not UTF-8 text"
    assert str(finding.location) == "demo-1.0.tar.gz/pyproject.toml"


def test_other_members_are_ignored() -> None:
    files = SdistBuildFiles.from_members(
        {"PKG-INFO": b"Metadata-Version: 2.2", "setup.cfg": b"[x]"}
    )
    assert (dict(files.files), files.present) == ({"setup.cfg": "[x]"}, ("setup.cfg",))


def test_describe() -> None:
    build = BuildSystem(
        requires=(Dependency.parse("flit_core>=3.9"),), backend="flit_core.buildapi"
    )
    assert describe_build_system(build) == "flit_core.buildapi, requires flit-core>=3.9"
    assert describe_build_system(BuildSystem(backend="x")) == "x, requires nothing"


@given(st.text(max_size=200), st.text(max_size=200))
def test_any_text_gives_a_build_system_or_a_finding(pyproject: str, setup_cfg: str) -> None:
    result = _of({"pyproject.toml": pyproject, "setup.cfg": setup_cfg})
    assert (result.build_system is None) == any(
        f.code == "invalid-build-system" for f in result.findings
    )
