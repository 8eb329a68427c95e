"""poetry.lock 1.1 and 2.x: what comes out of each fixture, and how bad entries fail."""

from __future__ import annotations

import pytest
from packaging.markers import Marker
from packaging.specifiers import SpecifierSet
from packaging.utils import NormalizedName

from pynix.errors import InvalidLock, PynixError, Unsupported
from pynix.locks.poetry_lock import read_poetry_lock
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
ACME = RegistrySource(url="https://pypi.acme.example/simple", name="acme")
FILES = "https://files.pythonhosted.org/packages"


def load(scenario: str) -> LockSet:
    return read_poetry_lock(fixture(scenario, "poetry.lock"))


def edge(
    name: str, *extras: str, marker: str | None = None, version: str | None = None
) -> LockedDependency:
    return LockedDependency(
        name=NormalizedName(name),
        extras=tuple(NormalizedName(e) for e in extras),
        marker=Marker(marker) if marker else None,
        version=version,
    )


# (scenario, name, version, source, requires-python, marker, sdist URL, wheel URLs)
PACKAGES = [
    (
        "poetry-1.1",
        "numpy",
        "1.23.5",
        PYPI,
        ">=3.8",
        None,
        f"{FILES}/source/n/numpy/numpy-1.23.5.tar.gz",
        (
            f"{FILES}/cp310/n/numpy/numpy-1.23.5-cp310-cp310-macosx_10_9_x86_64.whl",
            f"{FILES}/cp310/n/numpy/numpy-1.23.5-cp310-cp310-manylinux_2_17_x86_64.manylinux2014_x86_64.whl",
        ),
    ),
    (
        "poetry-1.1",
        "pysocks",
        "1.7.1",
        PYPI,
        ">=2.7,!=3.0.*,!=3.1.*,!=3.2.*,!=3.3.*,!=3.4.*",
        None,
        f"{FILES}/source/P/PySocks/PySocks-1.7.1.tar.gz",
        (
            f"{FILES}/py27/P/PySocks/PySocks-1.7.1-py27-none-any.whl",
            f"{FILES}/py3/P/PySocks/PySocks-1.7.1-py3-none-any.whl",
        ),
    ),
    (
        "poetry-1.1",
        "pytz",
        "2022.7",
        PYPI,
        None,
        None,
        f"{FILES}/source/p/pytz/pytz-2022.7.tar.gz",
        (f"{FILES}/py2.py3/p/pytz/pytz-2022.7-py2.py3-none-any.whl",),
    ),
    ("poetry-2.1", "acme-auth", "3.2.0", ACME, ">=3.10", None, None, (None,)),
    (
        "poetry-2.1",
        "colorama",
        "0.4.6",
        PYPI,
        "!=3.0.*,!=3.1.*,!=3.2.*,!=3.3.*,!=3.4.*,!=3.5.*,!=3.6.*,>=2.7",
        "sys_platform == 'win32'",
        f"{FILES}/source/c/colorama/colorama-0.4.6.tar.gz",
        (f"{FILES}/py2.py3/c/colorama/colorama-0.4.6-py2.py3-none-any.whl",),
    ),
    (
        "poetry-2.1",
        "django",
        "5.1.2",
        PYPI,
        ">=3.10",
        None,
        f"{FILES}/source/D/Django/Django-5.1.2.tar.gz",
        (f"{FILES}/py3/D/Django/Django-5.1.2-py3-none-any.whl",),
    ),
    (
        "poetry-2.1",
        "django-extensions",
        "3.2.4.dev0",
        GitSource(
            url="https://github.com/django-extensions/django-extensions.git",
            rev="main",
            commit="a4e1f0ac8d6a55a2e5b04c3f5c1b2f4cbe9c2f7e",
        ),
        ">=3.6",
        None,
        None,
        (),
    ),
    (
        "poetry-2.1",
        "local-widgets",
        "0.5.0",
        PathSource(path="../local-widgets", editable=True),
        None,
        None,
        None,
        (),
    ),
    (
        "poetry-2.1",
        "tzdata",
        "2024.2",
        PYPI,
        ">=2",
        "(sys_platform == 'win32' and python_version >= '3.12') or sys_platform == 'win32'",
        f"{FILES}/source/t/tzdata/tzdata-2024.2.tar.gz",
        (f"{FILES}/py2.py3/t/tzdata/tzdata-2024.2-py2.py3-none-any.whl",),
    ),
]

# (scenario, package, version, extra ("" for plain dependencies), edges)
EDGES = [
    (
        "poetry-1.1",
        "numba",
        None,
        "",
        (edge("llvmlite"), edge("numpy", version="1.23.5"), edge("setuptools")),
    ),
    (
        "poetry-1.1",
        "pandas",
        None,
        "",
        (
            edge("numpy", marker="python_version < '3.10'"),
            edge("numpy", marker="python_version >= '3.10'"),
            edge("python-dateutil"),
            edge("pytz"),
        ),
    ),
    (
        "poetry-1.1",
        "requests",
        None,
        "",
        (edge("certifi"), edge("charset-normalizer"), edge("idna"), edge("urllib3")),
    ),
    ("poetry-1.1", "requests", None, "socks", (edge("pysocks", marker="sys_platform != 'win32'"),)),
    ("poetry-1.1", "urllib3", None, "socks", (edge("pysocks"),)),
    (
        "poetry-2.1",
        "django",
        None,
        "",
        (edge("asgiref"), edge("sqlparse"), edge("tzdata", marker="sys_platform == 'win32'")),
    ),
    (
        "poetry-2.1",
        "pytest",
        None,
        "",
        (
            edge("colorama", marker="sys_platform == 'win32'"),
            edge("iniconfig"),
            edge("packaging"),
            edge("pluggy"),
        ),
    ),
    ("poetry-2.1", "django-extensions", None, "", (edge("django"),)),
]

# (scenario, package, the extras that are kept)
EXTRAS = [
    ("poetry-1.1", "requests", ("socks",)),
    ("poetry-1.1", "urllib3", ("socks",)),
    ("poetry-1.1", "pandas", ()),
    ("poetry-2.1", "requests", ()),
]

PACKAGE = '[[package]]\nname = "idna"\nversion = "3.10"\noptional = false\npython-versions = "*"\n'
META = '[metadata]\nlock-version = "2.0"\npython-versions = "^3.11"\ncontent-hash = "0"\n'
HEX = "cd" * 32

ERRORS = [
    ("no-metadata", PACKAGE, InvalidLock, "metadata: required key is missing"),
    (
        "lock-version-1.0",
        '[metadata]\nlock-version = "1.0"\n',
        InvalidLock,
        "metadata.lock-version: unsupported lock version '1.0' (pynix reads 1.1, 2.0 and 2.1)",
    ),
    (
        "lock-version-3.0",
        '[metadata]\nlock-version = "3.0"\n',
        InvalidLock,
        "metadata.lock-version: unsupported lock version '3.0' (pynix reads 1.1, 2.0 and 2.1)",
    ),
    (
        "lock-version-missing",
        "[metadata]\n",
        InvalidLock,
        "metadata.lock-version: required key is missing",
    ),
    (
        "version-missing",
        '[[package]]\nname = "idna"\n' + META,
        InvalidLock,
        "package[0].version: required key is missing",
    ),
    (
        "duplicate",
        PACKAGE + PACKAGE + META,
        InvalidLock,
        "package[1]: idna 3.10 is locked twice, here and at package[0]",
    ),
    (
        "source-hg",
        PACKAGE + '[package.source]\ntype = "hg"\nurl = "https://hg/x"\n' + META,
        Unsupported,
        (
            "package[0].source.type: source type 'hg' is not supported "
            "(expected git, directory, file, url, legacy)"
        ),
    ),
    (
        "source-url-missing",
        PACKAGE + '[package.source]\ntype = "git"\n' + META,
        InvalidLock,
        "package[0].source.url: required key is missing",
    ),
    (
        "file-hash",
        PACKAGE + 'files = [{file = "idna-3.10.tar.gz", hash = "sha256:xyz"}]\n' + META,
        InvalidLock,
        "package[0].files[0].hash: not a sha256 digest (64 hex digits): 'xyz'",
    ),
    (
        "file-name-missing",
        PACKAGE + f'files = [{{hash = "sha256:{HEX}"}}]\n' + META,
        InvalidLock,
        "package[0].files[0].file: required key is missing",
    ),
    (
        "old-files-hash",
        PACKAGE
        + META.replace("2.0", "1.1")
        + '[metadata.files]\nidna = [{file = "idna-3.10.tar.gz", hash = "md5:00"}]\n',
        Unsupported,
        "metadata.files.idna[0].hash: md5 hashes cannot be used; pynix needs sha256",
    ),
    (
        "dependency-type",
        PACKAGE + "[package.dependencies]\nsix = 1\n" + META,
        InvalidLock,
        "package[0].dependencies.six: expected a string or a table, found an integer",
    ),
    (
        "dependency-list-type",
        PACKAGE + '[package.dependencies]\nsix = ["*", 2]\n' + META,
        InvalidLock,
        "package[0].dependencies.six[1]: expected a string or a table, found an integer",
    ),
    (
        "dependency-markers",
        PACKAGE + '[package.dependencies]\nsix = {version = "*", markers = "os"}\n' + META,
        InvalidLock,
        (
            "package[0].dependencies.six.markers: invalid marker: "
            "expected a marker variable or quoted string: os"
        ),
    ),
    (
        "extras-entry",
        PACKAGE + '[package.extras]\nx = ["(!)"]\n' + META,
        InvalidLock,
        "package[0].extras.x[0]: expected package name at the start of dependency specifier: (!)",
    ),
    (
        "markers-type",
        PACKAGE + "markers = 3\n" + META,
        InvalidLock,
        "package[0].markers: expected a table, found an integer",
    ),
]


@pytest.mark.parametrize(
    ("scenario", "name", "version", "source", "requires_python", "marker", "sdist", "wheels"),
    PACKAGES,
    ids=[f"{p[0]}-{p[1]}-{p[2]}" for p in PACKAGES],
)
def test_packages(
    *,
    scenario: str,
    name: str,
    version: str,
    source: object,
    requires_python: str | None,
    marker: str | None,
    sdist: str | None,
    wheels: tuple[str | None, ...],
) -> None:
    pin = package(load(scenario), name, version)
    assert pin.source == source
    assert pin.requires_python == (SpecifierSet(requires_python) if requires_python else None)
    assert pin.marker == (Marker(marker) if marker else None)
    assert (pin.sdist.url if pin.sdist else None) == sdist
    assert tuple(w.url for w in pin.wheels) == wheels


@pytest.mark.parametrize(
    ("scenario", "name", "version", "extra", "edges"),
    EDGES,
    ids=[f"{e[0]}-{e[1]}-{e[3] or 'deps'}" for e in EDGES],
)
def test_edges(
    scenario: str,
    name: str,
    version: str | None,
    extra: str,
    edges: tuple[LockedDependency, ...],
) -> None:
    pin = package(load(scenario), name, version)
    if extra:
        assert pin.optional_dependencies[NormalizedName(extra)] == edges
    else:
        assert pin.dependencies == edges


@pytest.mark.parametrize(
    ("scenario", "name", "extras"), EXTRAS, ids=[f"{e[0]}-{e[1]}" for e in EXTRAS]
)
def test_only_extras_the_lock_can_satisfy_are_kept(
    scenario: str, name: str, extras: tuple[str, ...]
) -> None:
    assert tuple(package(load(scenario), name).optional_dependencies) == extras


def test_lock_level() -> None:
    old, new = load("poetry-1.1"), load("poetry-2.1")
    assert (old.format, old.roots, old.environments) == (LockFormat.POETRY, (), ())
    assert old.requires_python is None  # "^3.9" is Poetry syntax, not PEP 440
    assert new.requires_python == SpecifierSet(">=3.11,<4.0")
    assert len(old.packages) == 16
    assert len(new.packages) == 17


def test_files_carry_the_hash_and_the_version_filter_of_metadata_files() -> None:
    numpy = package(load("poetry-1.1"), "numpy", "1.24.1")
    assert numpy.sdist == Artifact(
        kind=ArtifactKind.SDIST,
        filename="numpy-1.24.1.tar.gz",
        url=f"{FILES}/source/n/numpy/numpy-1.24.1.tar.gz",
        hash=fixture_sri("numpy-1.24.1.tar.gz"),
    )
    assert all("1.24.1" in w.filename for w in numpy.wheels)


def test_url_and_file_sources_and_skipped_files() -> None:
    text = (
        '[[package]]\nname = "foo"\nversion = "1.0"\noptional = false\npython-versions = "*"\n'
        'files = [{file = "foo-1.0.tar.gz", hash = "sha256:' + HEX + '"}]\n'
        '[package.source]\ntype = "url"\nurl = "https://example.org/dl/foo-1.0.tar.gz"\n'
        '[[package]]\nname = "bar"\nversion = "2.0"\noptional = false\npython-versions = "*"\n'
        'files = [{file = "bar-2.0-py3-none-any.whl", hash = "sha256:' + HEX + '"},\n'
        '         {file = "bar-2.0.zip", hash = "sha256:' + HEX + '"},\n'
        '         {file = "bar-2.0.tar.gz", hash = "sha256:' + HEX + '"},\n'
        '         {file = "bar-2.0-py2.7.egg", hash = "sha256:' + HEX + '"},\n'
        '         {file = "other-file.whl", hash = "sha256:' + HEX + '"}]\n'
        '[package.source]\ntype = "file"\nurl = "dist/bar-2.0-py3-none-any.whl"\n'
        '[[package]]\nname = "baz"\nversion = "3.0"\noptional = false\npython-versions = "*"\n'
        'files = [{file = "baz-3.0.zip", hash = "sha256:' + HEX + '"},\n'
        '         {file = "baz-3.0.tar.gz", hash = "sha256:' + HEX + '"}]\n' + META
    )
    lock = read_poetry_lock(text)
    foo, bar, baz = lock.packages
    assert foo.source == UrlSource(url="https://example.org/dl/foo-1.0.tar.gz")
    assert foo.sdist is not None
    assert foo.sdist.url == "https://example.org/dl/foo-1.0.tar.gz"
    assert bar.source == PathSource(path="dist/bar-2.0-py3-none-any.whl")
    assert [(a.filename, a.path) for a in bar.artifacts] == [
        ("bar-2.0-py3-none-any.whl", "dist/bar-2.0-py3-none-any.whl")
    ]
    assert baz.sdist is not None
    assert baz.sdist.filename == "baz-3.0.tar.gz"


def test_dependency_lists_of_plain_constraints_give_one_edge() -> None:
    text = (
        PACKAGE
        + '[package.dependencies]\nsix = [">=1", ">=1.5"]\n'
        + '[[package]]\nname = "six"\nversion = "1.16.0"\noptional = false\n'
        + 'python-versions = "*"\n'
        + META
    )
    assert package(read_poetry_lock(text), "idna").dependencies == (edge("six"),)


@pytest.mark.parametrize(
    ("text", "error", "message"), [e[1:] for e in ERRORS], ids=[e[0] for e in ERRORS]
)
def test_errors(text: str, error: type[PynixError], message: str) -> None:
    with pytest.raises(error) as info:
        read_poetry_lock(text)
    assert type(info.value) is error
    first, *caret = str(info.value).split("\n")
    assert first == message
    assert bool(caret) == (info.value.span is not None)
