"""uv.lock: what comes out of each fixture, and how bad entries fail."""

from __future__ import annotations

import pytest
from packaging.markers import Marker
from packaging.specifiers import SpecifierSet
from packaging.utils import NormalizedName

from pynix.errors import InvalidLock, PynixError, Unsupported
from pynix.locks.uv_lock import read_uv_lock
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
TORCH_CPU = RegistrySource(url="https://download.pytorch.org/whl/cpu")
SPHINX_CYCLE_URL = "https://files.pythonhosted.org/packages"


def load(scenario: str) -> LockSet:
    return read_uv_lock(fixture(scenario, "uv.lock"))


def edge(
    name: str, *extras: str, marker: str | None = None, version: str | None = None
) -> LockedDependency:
    return LockedDependency(
        name=NormalizedName(name),
        extras=tuple(NormalizedName(e) for e in extras),
        marker=Marker(marker) if marker else None,
        version=version,
    )


# (scenario, name, version, source, sdist file name, wheel file names)
PACKAGES = [
    (
        "uv-tree",
        "anyio",
        "4.6.2.post1",
        PYPI,
        "anyio-4.6.2.post1.tar.gz",
        ("anyio-4.6.2.post1-py3-none-any.whl",),
    ),
    (
        "uv-tree",
        "markdown-it-py",
        "3.0.0",
        PYPI,
        "markdown-it-py-3.0.0.tar.gz",
        ("markdown_it_py-3.0.0-py3-none-any.whl",),
    ),
    ("uv-tree", "weather", "0.3.0", PathSource(path=".", editable=True), None, ()),
    ("uv-fork", "classifier", "0.1.0", PathSource(path=".", virtual=True), None, ()),
    (
        "uv-fork",
        "torch",
        "2.5.1",
        PYPI,
        None,
        (
            "torch-2.5.1-cp311-none-macosx_11_0_arm64.whl",
            "torch-2.5.1-cp312-none-macosx_11_0_arm64.whl",
        ),
    ),
    (
        "uv-fork",
        "torch",
        "2.5.1+cpu",
        TORCH_CPU,
        None,
        (
            "torch-2.5.1+cpu-cp311-cp311-linux_x86_64.whl",
            "torch-2.5.1+cpu-cp311-cp311-win_amd64.whl",
            "torch-2.5.1+cpu-cp312-cp312-linux_x86_64.whl",
            "torch-2.5.1+cpu-cp312-cp312-win_amd64.whl",
        ),
    ),
    (
        "uv-sources",
        "humanize",
        "4.11.0",
        GitSource(
            url="https://github.com/python-humanize/humanize",
            tag="4.11.0",
            commit="3cd7e3a2ab61c9f9e9b9d71b6a3fbd29e4d9d3b5",
        ),
        None,
        (),
    ),
    (
        "uv-sources",
        "monorepo-helper",
        "0.4.2",
        GitSource(
            url="https://gitlab.com/acme/monorepo.git",
            rev="release-0.4",
            commit="0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c",
            subdirectory="python/helper",
        ),
        None,
        (),
    ),
    (
        "uv-sources",
        "internal-tools",
        "2.0.1",
        RegistrySource(url="wheels"),
        "internal_tools-2.0.1.tar.gz",
        ("internal_tools-2.0.1-py3-none-any.whl",),
    ),
    ("uv-sources", "legacy-utils", "0.9.0", PathSource(path="../legacy-utils"), None, ()),
    (
        "uv-sources",
        "pinned-wheel",
        "3.0",
        PathSource(path="vendor/pinned_wheel-3.0-py3-none-any.whl"),
        None,
        ("pinned_wheel-3.0-py3-none-any.whl",),
    ),
    ("uv-sources", "shop-api", None, PathSource(path="packages/api", editable=True), None, ()),
    (
        "uv-sources",
        "toolkit",
        "1.0",
        UrlSource(
            url="https://github.com/acme/toolkit/archive/refs/tags/v1.0.tar.gz",
            subdirectory="python",
        ),
        "v1.0.tar.gz",
        (),
    ),
    (
        "uv-sources",
        "vendored-lib",
        "1.2.0",
        PathSource(path="vendor/vendored_lib-1.2.0.tar.gz"),
        "vendored_lib-1.2.0.tar.gz",
        (),
    ),
    (
        "uv-cycle",
        "sphinx",
        "6.2.1",
        PYPI,
        "Sphinx-6.2.1.tar.gz",
        ("sphinx-6.2.1-py3-none-any.whl",),
    ),
]

# (scenario, package, version, where: "" for dependencies or "extra:x" / "group:g", edges)
EDGES = [
    (
        "uv-tree",
        "weather",
        None,
        "",
        (edge("colorama", marker="sys_platform == 'win32'"), edge("httpx", "http2"), edge("rich")),
    ),
    ("uv-tree", "weather", None, "extra:cli", (edge("click"),)),
    ("uv-tree", "weather", None, "extra:minimal", ()),
    ("uv-tree", "weather", None, "group:dev", (edge("pytest"),)),
    ("uv-tree", "weather", None, "group:lint", ()),
    ("uv-tree", "httpx", None, "extra:http2", (edge("h2"),)),
    (
        "uv-tree",
        "anyio",
        None,
        "",
        (
            edge("idna"),
            edge("sniffio"),
            edge("typing-extensions", marker="python_full_version < '3.13'"),
        ),
    ),
    (
        "uv-fork",
        "classifier",
        None,
        "",
        (
            edge("torch", marker="sys_platform == 'darwin'", version="2.5.1"),
            edge("torch", marker="sys_platform != 'darwin'", version="2.5.1+cpu"),
        ),
    ),
    (
        "uv-fork",
        "torch",
        "2.5.1+cpu",
        "",
        (
            edge("filelock", marker="sys_platform != 'darwin'"),
            edge("setuptools", marker="python_full_version >= '3.12' and sys_platform != 'darwin'"),
            edge("sympy", marker="sys_platform != 'darwin'"),
            edge("typing-extensions", marker="sys_platform != 'darwin'"),
        ),
    ),
    ("uv-sources", "shop-api", None, "", (edge("attrs"), edge("shop-core"))),
    (
        "uv-cycle",
        "sphinx",
        None,
        "",
        (
            edge("alabaster"),
            edge("docutils"),
            edge("sphinxcontrib-applehelp"),
            edge("sphinxcontrib-serializinghtml"),
        ),
    ),
    ("uv-cycle", "sphinxcontrib-applehelp", None, "", (edge("sphinx"),)),
    ("uv-cycle", "tango", None, "", (edge("tango-plugins"),)),
    ("uv-cycle", "tango-plugins", None, "", (edge("tango"),)),
]

# (scenario, roots, environments, requires-python)
LOCKS = [
    ("uv-tree", ("weather",), (), ">=3.11"),
    (
        "uv-fork",
        ("classifier",),
        ("sys_platform == 'darwin'", "sys_platform != 'darwin'"),
        "<3.13,>=3.11",
    ),
    (
        "uv-sources",
        ("shop", "shop-api", "shop-core"),
        ("sys_platform == 'linux'", "sys_platform == 'darwin'"),
        ">=3.12",
    ),
    ("uv-cycle", ("docs-site",), (), ">=3.9"),
]

HEADER = 'version = 1\nrequires-python = ">=3.11"\n'
PYPI_SOURCE = 'source = { registry = "https://pypi.org/simple" }'
IDNA = f'[[package]]\nname = "idna"\nversion = "3.10"\n{PYPI_SOURCE}\n'
HEX = "ab" * 32

ERRORS = [
    (
        "path-source-other-file",
        HEADER
        + '[[package]]\nname = "a"\nversion = "1"\nsource = { path = "dist/a-1.tar.gz" }\n'
        + 'sdist = { url = "https://x/a-1.tar.gz" }\n',
        InvalidLock,
        (
            "package[0].sdist: expected the source's own file 'dist/a-1.tar.gz', "
            "found 'https://x/a-1.tar.gz'"
        ),
    ),
    (
        "url-source-other-name",
        HEADER
        + '[[package]]\nname = "a"\nversion = "1"\n'
        + 'source = { url = "https://x/a-1-py3-none-any.whl" }\n'
        + 'wheels = [{ filename = "b-1-py3-none-any.whl" }]\n',
        InvalidLock,
        (
            "package[0].wheels[0].filename: expected 'a-1-py3-none-any.whl', "
            "found 'b-1-py3-none-any.whl'"
        ),
    ),
    (
        "git-with-sdist",
        HEADER
        + f'[[package]]\nname = "a"\nsource = {{ git = "https://g/a#{"a" * 40}" }}\n'
        + 'sdist = { url = "https://x/a-1.tar.gz" }\n',
        InvalidLock,
        "package[0].sdist: a package built from a git or directory source has no sdist or wheels",
    ),
    (
        "version-2",
        "version = 2\n",
        InvalidLock,
        "version: unsupported lock version 2 (pynix reads version 1)",
    ),
    (
        "version-missing",
        'requires-python = ">=3.11"\n',
        InvalidLock,
        "version: required key is missing",
    ),
    (
        "version-string",
        'version = "1"\n',
        InvalidLock,
        "version: expected an integer, found a string",
    ),
    (
        "toml-syntax",
        HEADER + "[[package]\n",
        InvalidLock,
        "line 3: invalid TOML: expected ']]' at the end of an array declaration (column 10)",
    ),
    (
        "requires-python",
        'version = 1\nrequires-python = "^3.11"\n',
        InvalidLock,
        "requires-python: not a valid PEP 440 version specifier: '^3.11'",
    ),
    (
        "fork-marker",
        'version = 1\nresolution-markers = ["os_name"]\n',
        InvalidLock,
        (
            "resolution-markers[0]: invalid marker: expected marker operator, "
            "one of <=, <, !=, ==, >=, >, ~=, ===, in, not in: os_name"
        ),
    ),
    (
        "name-missing",
        HEADER + f'[[package]]\nversion = "1"\n{PYPI_SOURCE}\n',
        InvalidLock,
        "package[0].name: required key is missing",
    ),
    (
        "name-invalid",
        HEADER + f'[[package]]\nname = "a b"\n{PYPI_SOURCE}\n',
        InvalidLock,
        "package[0].name: not a valid distribution name: 'a b'",
    ),
    (
        "version-invalid",
        HEADER + f'[[package]]\nname = "a"\nversion = "one"\n{PYPI_SOURCE}\n',
        InvalidLock,
        "package[0].version: not a valid PEP 440 version: 'one'",
    ),
    (
        "source-missing",
        HEADER + '[[package]]\nname = "a"\nversion = "1"\n',
        InvalidLock,
        "package[0].source: required key is missing",
    ),
    (
        "source-unknown",
        HEADER + '[[package]]\nname = "a"\nversion = "1"\nsource = { svn = "x" }\n',
        InvalidLock,
        (
            "package[0].source: expected one of registry, git, url, path, directory, "
            "editable, virtual; found none"
        ),
    ),
    (
        "source-two",
        HEADER + '[[package]]\nname = "a"\nsource = { path = "a", directory = "a" }\n',
        InvalidLock,
        (
            "package[0].source: expected one of registry, git, url, path, directory, "
            "editable, virtual; found path and directory"
        ),
    ),
    (
        "git-no-commit",
        HEADER + '[[package]]\nname = "a"\nsource = { git = "https://g/a?rev=v1" }\n',
        InvalidLock,
        (
            "package[0].source.git: expected '<repository>?<ref>#<full commit hash>', found "
            "'https://g/a?rev=v1'"
        ),
    ),
    (
        "git-short-commit",
        HEADER + '[[package]]\nname = "a"\nsource = { git = "https://g/a#abc123" }\n',
        InvalidLock,
        (
            "package[0].source.git: expected '<repository>?<ref>#<full commit hash>', found "
            "'https://g/a#abc123'"
        ),
    ),
    (
        "git-lfs",
        HEADER
        + f'[[package]]\nname = "a"\nsource = {{ git = "https://g/a?lfs=true#{"a" * 40}" }}\n',
        Unsupported,
        "package[0].source.git: git sources with LFS files are not supported",
    ),
    (
        "duplicate",
        HEADER + IDNA + IDNA,
        InvalidLock,
        "package[1]: idna 3.10 is locked twice, here and at package[0]",
    ),
    (
        "hash-short",
        HEADER + IDNA + 'sdist = { url = "https://x/idna-3.10.tar.gz", hash = "sha256:abc" }\n',
        InvalidLock,
        "package[0].sdist.hash: not a sha256 digest (64 hex digits): 'abc'",
    ),
    (
        "hash-md5",
        HEADER
        + IDNA
        + 'wheels = [{ url = "https://x/idna-3.10-py3-none-any.whl", hash = "md5:0" }]\n',
        Unsupported,
        "package[0].wheels[0].hash: md5 hashes cannot be used; pynix needs sha256",
    ),
    (
        "wheel-not-wheel",
        HEADER + IDNA + 'wheels = [{ url = "https://x/idna-3.10.tar.gz" }]\n',
        InvalidLock,
        "package[0].wheels[0]: not a wheel file name: 'idna-3.10.tar.gz'",
    ),
    (
        "sdist-not-sdist",
        HEADER + IDNA + 'sdist = { url = "https://x/idna-3.10-py3-none-any.whl" }\n',
        InvalidLock,
        "package[0].sdist: not an sdist file name: 'idna-3.10-py3-none-any.whl'",
    ),
    (
        "file-nowhere",
        HEADER + IDNA + f'sdist = {{ hash = "sha256:{HEX}" }}\n',
        InvalidLock,
        "package[0].sdist: expected a url or a path",
    ),
    (
        "size-negative",
        HEADER + IDNA + 'sdist = { url = "https://x/idna-3.10.tar.gz", size = -1 }\n',
        InvalidLock,
        "package[0].sdist.size: expected a size in bytes, found -1",
    ),
    (
        "dependency-unknown",
        HEADER + IDNA + 'dependencies = [{ name = "six" }]\n',
        InvalidLock,
        "package[0].dependencies[0].name: 'six' is not locked",
    ),
    (
        "dependency-ambiguous",
        HEADER + IDNA + IDNA.replace("3.10", "2.10") + 'dependencies = [{ name = "idna" }]\n',
        InvalidLock,
        "package[1].dependencies[0]: idna is locked 2 times; the dependency must say which",
    ),
    (
        "dependency-no-match",
        HEADER
        + IDNA
        + IDNA.replace("3.10", "2.10")
        + 'dependencies = [{ name = "idna", version = "1" }]\n',
        InvalidLock,
        "package[1].dependencies[0]: no locked idna matches this dependency's version and source",
    ),
    (
        "dependency-marker",
        HEADER + IDNA + 'dependencies = [{ name = "idna", marker = "" }]\n',
        InvalidLock,
        (
            "package[0].dependencies[0].marker: invalid marker: "
            "expected a marker variable or quoted string: "
        ),
    ),
    (
        "extra-group-name",
        HEADER + IDNA + '[package.optional-dependencies]\n"a b" = []\n',
        InvalidLock,
        "package[0].optional-dependencies.\"a b\": not a valid distribution name: 'a b'",
    ),
    (
        "member-unknown",
        HEADER + '[manifest]\nmembers = ["ghost"]\n',
        InvalidLock,
        "manifest.members[0]: workspace member 'ghost' is not locked",
    ),
]


@pytest.mark.parametrize(
    ("scenario", "name", "version", "source", "sdist", "wheels"),
    PACKAGES,
    ids=[f"{p[0]}-{p[1]}-{p[2]}" for p in PACKAGES],
)
def test_packages(
    *,
    scenario: str,
    name: str,
    version: str | None,
    source: object,
    sdist: str | None,
    wheels: tuple[str, ...],
) -> None:
    pin = package(load(scenario), name, version)
    assert (pin.version, pin.source) == (version, source)
    assert (pin.sdist.filename if pin.sdist else None) == sdist
    assert tuple(w.filename for w in pin.wheels) == wheels


@pytest.mark.parametrize(
    ("scenario", "name", "version", "where", "edges"),
    EDGES,
    ids=[f"{e[0]}-{e[1]}-{e[3] or 'deps'}" for e in EDGES],
)
def test_edges(
    scenario: str,
    name: str,
    version: str | None,
    where: str,
    edges: tuple[LockedDependency, ...],
) -> None:
    pin = package(load(scenario), name, version)
    kind, _, group = where.partition(":")
    if not kind:
        assert pin.dependencies == edges
    elif kind == "extra":
        assert pin.optional_dependencies[NormalizedName(group)] == edges
    else:
        assert pin.dependency_groups[NormalizedName(group)] == edges


@pytest.mark.parametrize(
    ("scenario", "roots", "environments", "requires_python"), LOCKS, ids=[lk[0] for lk in LOCKS]
)
def test_lock_level(
    scenario: str, roots: tuple[str, ...], environments: tuple[str, ...], requires_python: str
) -> None:
    lock = load(scenario)
    assert lock.format is LockFormat.UV
    assert lock.roots == roots
    assert lock.environments == tuple(Marker(m) for m in environments)
    assert lock.requires_python == SpecifierSet(requires_python)


def test_registry_artifacts_carry_url_hash_and_size() -> None:
    pin = package(load("uv-tree"), "idna")
    assert pin.sdist is not None
    assert pin.sdist.url is not None
    assert pin.sdist.url.endswith("/idna-3.10.tar.gz")
    assert (pin.sdist.kind, pin.sdist.hash, pin.sdist.size, pin.sdist.path) == (
        ArtifactKind.SDIST,
        fixture_sri("idna-3.10.tar.gz"),
        190490,
        None,
    )
    assert pin.artifacts == (pin.wheels[0], pin.sdist)


def test_forks_keep_each_pin_with_its_markers() -> None:
    lock = load("uv-fork")
    darwin, cpu = lock.by_name(NormalizedName("torch"))
    assert darwin.marker == Marker("sys_platform == 'darwin'")
    assert cpu.marker == Marker("sys_platform != 'darwin'")
    linux = cpu.wheels[0]
    assert linux == Artifact(
        kind=ArtifactKind.WHEEL,
        filename="torch-2.5.1+cpu-cp311-cp311-linux_x86_64.whl",
        url="https://download.pytorch.org/whl/cpu/torch-2.5.1%2Bcpu-cp311-cp311-linux_x86_64.whl",
        hash=fixture_sri("torch-2.5.1+cpu-cp311-cp311-linux_x86_64.whl"),
    )


def test_path_url_and_local_registry_files() -> None:
    lock = load("uv-sources")
    tools = package(lock, "internal-tools")
    assert tools.sdist == Artifact(
        kind=ArtifactKind.SDIST,
        filename="internal_tools-2.0.1.tar.gz",
        path="wheels/internal_tools-2.0.1.tar.gz",
    )
    assert tools.wheels[0].path == "wheels/internal_tools-2.0.1-py3-none-any.whl"
    vendored = package(lock, "vendored-lib")
    assert vendored.sdist == Artifact(
        kind=ArtifactKind.SDIST,
        filename="vendored_lib-1.2.0.tar.gz",
        path="vendor/vendored_lib-1.2.0.tar.gz",
        hash=fixture_sri("vendored_lib-1.2.0.tar.gz"),
    )
    pinned = package(lock, "pinned-wheel").wheels[0]
    assert (pinned.path, pinned.url) == ("vendor/pinned_wheel-3.0-py3-none-any.whl", None)
    toolkit = package(lock, "toolkit").sdist
    assert toolkit is not None
    assert (toolkit.url, toolkit.hash) == (
        "https://github.com/acme/toolkit/archive/refs/tags/v1.0.tar.gz",
        fixture_sri("toolkit-v1.0.tar.gz"),
    )
    tzdata = package(lock, "tzdata")
    assert isinstance(tzdata.source, UrlSource)
    assert (tzdata.wheels[0].url, tzdata.sdist) == (tzdata.source.url, None)


def test_revision_is_optional_and_any_revision_is_read() -> None:
    assert "revision" not in fixture("uv-cycle", "uv.lock")
    text = HEADER.replace("version = 1\n", "version = 1\nrevision = 99\n") + IDNA
    assert [p.name for p in read_uv_lock(text).packages] == ["idna"]


def test_the_same_version_from_two_indexes_is_told_apart_by_source() -> None:
    pytorch = 'source = { registry = "https://download.pytorch.org/whl/cpu" }'
    text = (
        HEADER
        + '[[package]]\nname = "app"\nversion = "1"\nsource = { virtual = "." }\n'
        + 'dependencies = [{ name = "torch", version = "2.5.1", source = { registry = '
        + '"https://download.pytorch.org/whl/cpu" }, marker = "os_name == \'nt\'" }]\n'
        + f'[[package]]\nname = "torch"\nversion = "2.5.1"\n{PYPI_SOURCE}\n'
        + f'[[package]]\nname = "torch"\nversion = "2.5.1"\n{pytorch}\n'
    )
    (dependency,) = package(read_uv_lock(text), "app").dependencies
    assert (dependency.version, dependency.source) == ("2.5.1", TORCH_CPU)


def test_empty_requires_python_means_none() -> None:
    assert read_uv_lock('version = 1\nrequires-python = ""\n').requires_python is None


def test_old_distribution_key_is_read() -> None:
    text = HEADER + IDNA.replace("[[package]]", "[[distribution]]")
    assert [p.name for p in read_uv_lock(text).packages] == ["idna"]


@pytest.mark.parametrize(
    ("text", "error", "message"), [e[1:] for e in ERRORS], ids=[e[0] for e in ERRORS]
)
def test_errors(text: str, error: type[PynixError], message: str) -> None:
    with pytest.raises(error) as info:
        read_uv_lock(text)
    assert type(info.value) is error
    first, *caret = str(info.value).split("\n")
    assert first == message
    assert bool(caret) == (info.value.span is not None)


def test_error_gets_the_file_from_the_caller() -> None:
    with pytest.raises(InvalidLock) as info:
        read_uv_lock("version = 2\n")
    assert str(info.value.at(file="uv.lock")) == (
        "uv.lock: version: unsupported lock version 2 (pynix reads version 1)"
    )
