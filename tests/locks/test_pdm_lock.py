"""pdm.lock, old and current layouts: what comes out of each fixture, and how bad entries fail."""

from __future__ import annotations

import pytest
from packaging.markers import Marker
from packaging.specifiers import SpecifierSet
from packaging.utils import NormalizedName

from pynix.errors import InvalidLock, PynixError, Unsupported
from pynix.locks.pdm_lock import read_pdm_lock
from pynix.model import (
    Artifact,
    ArtifactKind,
    GitSource,
    LockedDependency,
    LockFormat,
    LockSet,
    PathSource,
    RegistrySource,
    UrlSource,
)
from tests.locks._support import fixture, fixture_sri, package

PYPI = RegistrySource(url="https://pypi.org/simple")


def load(scenario: str) -> LockSet:
    return read_pdm_lock(fixture(scenario, "pdm.lock"))


def edge(
    name: str, *extras: str, marker: str | None = None, version: str | None = None
) -> LockedDependency:
    return LockedDependency(
        name=NormalizedName(name),
        extras=tuple(NormalizedName(e) for e in extras),
        marker=Marker(marker) if marker else None,
        version=version,
    )


# (scenario, name, source, requires-python, marker, sdist file, wheel files)
PACKAGES = [
    (
        "pdm-old",
        "charset-normalizer",
        PYPI,
        None,
        None,
        "charset-normalizer-3.0.1.tar.gz",
        (
            "charset_normalizer-3.0.1-cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64.whl",
            "charset_normalizer-3.0.1-py3-none-any.whl",
        ),
    ),
    (
        "pdm-old",
        "requests",
        PYPI,
        ">=3.7,<4",
        None,
        "requests-2.28.2.tar.gz",
        ("requests-2.28.2-py3-none-any.whl",),
    ),
    (
        "pdm-current",
        "exceptiongroup",
        PYPI,
        ">=3.7",
        "python_version < '3.11'",
        "exceptiongroup-1.2.2.tar.gz",
        ("exceptiongroup-1.2.2-py3-none-any.whl",),
    ),
    (
        "pdm-current",
        "fastapi-utils",
        GitSource(
            url="https://github.com/dmontagu/fastapi-utils.git",
            rev="v0.8.0",
            commit="9c1f2a6b4e0d8c7b5a3f1e2d4c6b8a0f9e7d5c3b",
        ),
        ">=3.8",
        None,
        None,
        (),
    ),
    (
        "pdm-current",
        "mylib",
        PathSource(path="./packages/mylib", editable=True),
        ">=3.10",
        None,
        None,
        (),
    ),
    (
        "pdm-current",
        "uvloop",
        UrlSource(
            url="https://files.pythonhosted.org/packages/a4/ce/"
            "90360e9c4c56773b58840981b48478789cde6809d3facbe102e4d60fcc99/uvloop-0.21.0.tar.gz"
        ),
        ">=3.8.0",
        "sys_platform != 'win32'",
        "uvloop-0.21.0.tar.gz",
        (),
    ),
]

# (scenario, package, extra ("" for plain dependencies), edges)
EDGES = [
    ("pdm-old", "click", "", (edge("colorama", marker='platform_system == "Windows"'),)),
    (
        "pdm-old",
        "requests",
        "",
        (edge("certifi"), edge("charset-normalizer"), edge("idna"), edge("urllib3")),
    ),
    ("pdm-old", "requests", "socks", (edge("pysocks"),)),
    (
        "pdm-current",
        "anyio",
        "",
        (
            edge("exceptiongroup", marker='python_version < "3.11"'),
            edge("idna"),
            edge("sniffio"),
            edge("typing-extensions", marker='python_version < "3.11"'),
        ),
    ),
    ("pdm-current", "mylib", "", (edge("sniffio"),)),
    (
        "pdm-current",
        "pytest",
        "",
        (
            edge("colorama", marker='sys_platform == "win32"'),
            edge("exceptiongroup", marker='python_version < "3.11"'),
            edge("iniconfig"),
            edge("packaging"),
            edge("pluggy"),
            edge("tomli", marker='python_version < "3.11"'),
        ),
    ),
]

META = '[metadata]\nlock_version = "4.5.0"\n'
IDNA = '[[package]]\nname = "idna"\nversion = "3.10"\n'
HEX = "ef" * 32

ERRORS = [
    ("no-metadata", IDNA, InvalidLock, "metadata: required key is missing"),
    (
        "lock-version-5",
        '[metadata]\nlock_version = "5.0.0"\n',
        InvalidLock,
        "metadata.lock_version: unsupported lock version '5.0.0' (pynix reads 3.x and 4.x)",
    ),
    (
        "lock-version-text",
        '[metadata]\nlock_version = "four"\n',
        InvalidLock,
        "metadata.lock_version: unsupported lock version 'four' (pynix reads 3.x and 4.x)",
    ),
    (
        "version-missing",
        META + '[[package]]\nname = "idna"\n',
        InvalidLock,
        "package[0].version: required key is missing",
    ),
    (
        "duplicate",
        META + IDNA + IDNA,
        InvalidLock,
        "package[1]: idna 3.10 is locked twice, here and at package[0]",
    ),
    (
        "hg",
        META + IDNA + 'hg = "https://hg.example/idna"\n',
        Unsupported,
        "package[0].hg: hg sources are not supported (only git)",
    ),
    (
        "requires-python",
        META + IDNA + 'requires_python = "^3.8"\n',
        InvalidLock,
        "package[0].requires_python: not a valid PEP 440 version specifier: '^3.8'",
    ),
    (
        "target-python",
        META + '[[metadata.targets]]\nrequires_python = "3"\n',
        InvalidLock,
        "metadata.targets[0].requires_python: not a valid PEP 440 version specifier: '3'",
    ),
    (
        "dependency",
        META + IDNA + 'dependencies = ["foo >= 1 bar"]\n',
        InvalidLock,
        (
            "package[0].dependencies[0]: expected comma (within version specifier), "
            "semicolon (after version specifier) or end: foo >= 1 bar"
        ),
    ),
    (
        "file-hash",
        META + IDNA + 'files = [{file = "idna-3.10.tar.gz", hash = "sha256:1"}]\n',
        InvalidLock,
        "package[0].files[0].hash: not a sha256 digest (64 hex digits): '1'",
    ),
    (
        "file-name",
        META + IDNA + f'files = [{{hash = "sha256:{HEX}"}}]\n',
        InvalidLock,
        "package[0].files[0].file: required key is missing",
    ),
    (
        "old-files-key",
        '[metadata]\nlock_version = "4.1"\n[metadata.files]\nidna = []\n',
        InvalidLock,
        "metadata.files.idna: expected a '<name> <version>' key, found 'idna'",
    ),
    (
        "marker",
        META + IDNA + 'marker = "python_version <"\n',
        InvalidLock,
        (
            "package[0].marker: invalid marker: expected a marker variable or quoted string: "
            "python_version <"
        ),
    ),
]


@pytest.mark.parametrize(
    ("scenario", "name", "source", "requires_python", "marker", "sdist", "wheels"),
    PACKAGES,
    ids=[f"{p[0]}-{p[1]}" for p in PACKAGES],
)
def test_packages(
    *,
    scenario: str,
    name: str,
    source: object,
    requires_python: str | None,
    marker: str | None,
    sdist: str | None,
    wheels: tuple[str, ...],
) -> None:
    pin = package(load(scenario), name)
    assert pin.source == source
    assert pin.requires_python == (SpecifierSet(requires_python) if requires_python else None)
    assert pin.marker == (Marker(marker) if marker else None)
    assert (pin.sdist.filename if pin.sdist else None) == sdist
    assert tuple(w.filename for w in pin.wheels) == wheels


@pytest.mark.parametrize(
    ("scenario", "name", "extra", "edges"),
    EDGES,
    ids=[f"{e[0]}-{e[1]}-{e[2] or 'deps'}" for e in EDGES],
)
def test_edges(scenario: str, name: str, extra: str, edges: tuple[LockedDependency, ...]) -> None:
    pin = package(load(scenario), name)
    if extra:
        assert pin.optional_dependencies[NormalizedName(extra)] == edges
    else:
        assert pin.dependencies == edges


def test_lock_level() -> None:
    old, current = load("pdm-old"), load("pdm-current")
    assert (old.format, old.roots, old.requires_python) == (LockFormat.PDM, (), None)
    assert current.requires_python == SpecifierSet(">=3.10")
    # The extras entry of requests is folded into the base pin.
    assert [p.name for p in old.packages].count(NormalizedName("requests")) == 1
    assert len(current.packages) == 14


def test_files_with_and_without_urls() -> None:
    old = package(load("pdm-old"), "idna").sdist
    assert old is not None
    assert old.url is not None
    assert old.url.startswith("https://files.pythonhosted.org/packages/")
    assert old.hash == fixture_sri("idna-3.4.tar.gz")
    current = package(load("pdm-current"), "idna").sdist
    assert current == Artifact(
        kind=ArtifactKind.SDIST, filename="idna-3.10.tar.gz", hash=fixture_sri("idna-3.10.tar.gz")
    )
    uvloop = package(load("pdm-current"), "uvloop").sdist
    assert uvloop is not None
    source = package(load("pdm-current"), "uvloop").source
    assert isinstance(source, UrlSource)
    assert uvloop.url == source.url


def test_several_pins_are_told_apart_by_the_requirement() -> None:
    text = (
        '[metadata]\nlock_version = "4.5.0"\n'
        '[[package]]\nname = "app"\nversion = "1.0"\n'
        "dependencies = [\"numpy<2; python_version < '3.10'\",\n"
        "                \"numpy>=2; python_version >= '3.10'\"]\n"
        '[[package]]\nname = "numpy"\nversion = "1.26.4"\nmarker = "python_version < \'3.10\'"\n'
        '[[package]]\nname = "numpy"\nversion = "2.1.0"\nmarker = "python_version >= \'3.10\'"\n'
    )
    app = package(read_pdm_lock(text), "app")
    assert [(e.name, e.version) for e in app.dependencies] == [
        ("numpy", "1.26.4"),
        ("numpy", "2.1.0"),
    ]


def test_a_url_or_path_package_keeps_only_its_own_file() -> None:
    entry = '{file = "%s", hash = "sha256:' + HEX + '"}'
    text = (
        META
        + "[[metadata.targets]]\n"
        + '[[package]]\nname = "a"\nversion = "1.0"\npath = "libs/a"\n'
        + "files = ["
        + entry % "a-1.0-py3-none-any.whl"
        + "]\n"
        + '[[package]]\nname = "b"\nversion = "1.0"\nurl = "https://x/dl/b-1.0.tar.gz"\n'
        + "files = ["
        + entry % "b-1.0.tar.gz"
        + ", "
        + entry % "b-1.0-py3-none-any.whl"
        + "]\n"
    )
    lock = read_pdm_lock(text)
    a, b = lock.packages
    assert (a.artifacts, lock.requires_python) == ((), None)
    assert [(x.filename, x.url) for x in b.artifacts] == [
        ("b-1.0.tar.gz", "https://x/dl/b-1.0.tar.gz")
    ]


def test_lock_version_3_is_read() -> None:
    text = '[metadata]\nlock_version = "3.1"\n' + IDNA
    assert [p.version for p in read_pdm_lock(text).packages] == ["3.10"]


@pytest.mark.parametrize(
    ("text", "error", "message"), [e[1:] for e in ERRORS], ids=[e[0] for e in ERRORS]
)
def test_errors(text: str, error: type[PynixError], message: str) -> None:
    with pytest.raises(error) as info:
        read_pdm_lock(text)
    assert type(info.value) is error
    first, *caret = str(info.value).split("\n")
    assert first == message
    assert bool(caret) == (info.value.span is not None)
