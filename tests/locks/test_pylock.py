"""pylock.toml (PEP 751): reading, writing, round trips validated by packaging.pylock."""

from __future__ import annotations

import dataclasses
import tomllib
from typing import Any

import pytest
from packaging.markers import Marker, default_environment
from packaging.pylock import Pylock
from packaging.specifiers import SpecifierSet
from packaging.utils import NormalizedName

from pynix.errors import InvalidLock, PynixError, Unsupported
from pynix.locks import read_lock
from pynix.locks._hashes import sri_to_hex
from pynix.locks.pylock import read_pylock, write_pylock
from pynix.model import (
    Artifact,
    ArtifactKind,
    GitSource,
    LockedDependency,
    LockedPackage,
    LockFormat,
    LockSet,
    PathSource,
    RegistrySource,
    UrlSource,
    WorkspaceSource,
)
from tests.locks._support import comparable, fixture, fixture_sri, package

PYPI = RegistrySource(url="https://pypi.org/simple")
HEX = "ab" * 32
SRI = "sha256-q6urq6urq6urq6urq6urq6urq6urq6urq6urq6urq6s="

# (scenario, file name): every fixture that pylock.toml can hold in full.
ROUND_TRIPS = [
    ("uv-tree", "uv.lock"),
    ("uv-fork", "uv.lock"),
    ("uv-cycle", "uv.lock"),
    ("poetry-1.1", "poetry.lock"),
    ("pdm-old", "pdm.lock"),
    ("pylock", "pylock.toml"),
]

# (scenario, file name, the error writing it gives)
NOT_WRITABLE = [
    (
        "uv-sources",
        "uv.lock",
        "internal-tools 2.0.1: internal_tools-2.0.1.tar.gz has no hash; pylock.toml needs one",
    ),
    (
        "poetry-2.1",
        "poetry.lock",
        "acme-auth 3.2.0: acme_auth-3.2.0.tar.gz has no URL or path (query its index first)",
    ),
    (
        "pdm-current",
        "pdm.lock",
        "anyio 4.6.2.post1: anyio-4.6.2.post1.tar.gz has no URL or path (query its index first)",
    ),
]

# (package, marker written to pylock.toml for uv-tree: where it is reachable from `weather`)
REACHABLE = [
    ("weather", None),
    ("rich", None),
    ("h2", None),
    ("colorama", "sys_platform == 'win32'"),
    ("click", "'cli' in extras"),
    ("pytest", "'dev' in dependency_groups"),
    ("typing-extensions", "python_full_version < '3.13'"),
]

HEAD = 'lock-version = "1.0"\ncreated-by = "x"\n'
FOO = HEAD + '[[packages]]\nname = "foo"\n'

READ_ERRORS = [
    (
        "toml",
        HEAD + "[[packages]\n",
        InvalidLock,
        "line 3: invalid TOML: expected ']]' at the end of an array declaration (column 11)",
    ),
    (
        "duplicate",
        FOO + 'directory = {path = "."}\n[[packages]]\nname = "foo"\ndirectory = {path = "."}\n',
        InvalidLock,
        "packages[1]: foo is locked twice, here and at packages[0]",
    ),
    (
        "created-by",
        'lock-version = "1.0"\npackages = []\n',
        InvalidLock,
        "created-by: missing required value",
    ),
    (
        "lock-version",
        'lock-version = "2.0"\ncreated-by = "x"\npackages = []\n',
        InvalidLock,
        "lock-version: unsupported lock version '2.0' (pynix reads 1.x)",
    ),
    (
        "name",
        HEAD + '[[packages]]\nname = "Foo"\ndirectory = {path = "."}\n',
        InvalidLock,
        "packages[0].name: name 'Foo' is not normalized",
    ),
    (
        "no-source",
        FOO,
        InvalidLock,
        (
            "packages[0]: exactly one of vcs, directory, archive must be set "
            "if sdist and wheels are not set"
        ),
    ),
    (
        "wheel-name",
        FOO
        + 'version = "1"\n'
        + 'wheels = [{url = "https://x/bar-1-py3-none-any.whl", '
        + f'hashes = {{sha256 = "{HEX}"}}}}]\n',
        InvalidLock,
        (
            "packages[0].wheels[0]: name in 'bar-1-py3-none-any.whl' "
            "is not consistent with package name 'foo'"
        ),
    ),
    (
        "sha512",
        FOO
        + 'version = "1"\n'
        + 'sdist = {url = "https://x/foo-1.tar.gz", hashes = {sha512 = "00"}}\n',
        Unsupported,
        "packages[0].sdist.hashes: no sha256 hash (found sha512); pynix needs sha256",
    ),
    (
        "bad-sha256",
        FOO
        + 'version = "1"\n'
        + 'sdist = {url = "https://x/foo-1.tar.gz", hashes = {sha256 = "00"}}\n',
        InvalidLock,
        "packages[0].sdist.hashes.sha256: not a sha256 digest (64 hex digits): '00'",
    ),
    (
        "hg",
        FOO + 'vcs = {type = "hg", url = "https://hg.example/foo", commit-id = "abc"}\n',
        Unsupported,
        "packages[0].vcs.type: hg sources are not supported (only git)",
    ),
    (
        "archive-path-subdirectory",
        FOO
        + 'archive = {path = "foo.tar.gz", subdirectory = "py", '
        + f'hashes = {{sha256 = "{HEX}"}}}}\n',
        Unsupported,
        "packages[0].archive.subdirectory: a subdirectory of a local archive is not supported",
    ),
    (
        "marker",
        FOO + 'marker = "os_name =="\ndirectory = {path = "."}\n',
        InvalidLock,
        "packages[0].marker: expected a marker variable or quoted string",
    ),
    (
        "dependency-name",
        FOO + 'directory = {path = "."}\ndependencies = [{version = "1"}]\n',
        InvalidLock,
        "packages[0].dependencies[0].name: required key is missing",
    ),
    (
        "tool-roots",
        HEAD + "packages = []\n[tool.pynix]\nroots = [1]\n",
        InvalidLock,
        "tool.pynix.roots[0]: expected a string, found an integer",
    ),
    (
        "tool-edge",
        FOO
        + 'directory = {path = "."}\n[packages.tool.pynix]\n'
        + 'dependencies = [{version = "1"}]\n',
        InvalidLock,
        "packages[0].tool.pynix.dependencies[0].name: required key is missing",
    ),
    (
        "tool-edges-type",
        FOO + 'directory = {path = "."}\n[packages.tool.pynix]\ndependencies = 1\n',
        InvalidLock,
        "packages[0].tool.pynix.dependencies: expected an array, found an integer",
    ),
    (
        "tool-source",
        FOO + 'directory = {path = "."}\n[packages.tool.pynix]\n' + 'source = {kind = "svn"}\n',
        InvalidLock,
        (
            "packages[0].tool.pynix.source.kind: unknown source kind 'svn' "
            "(expected registry, url, git, path or workspace)"
        ),
    ),
]


def pin(name: str, source: Any, **fields: Any) -> LockedPackage:
    return LockedPackage(
        name=NormalizedName(name), version=fields.pop("version", "1.0"), source=source, **fields
    )


def sdist(filename: str, **fields: Any) -> Artifact:
    return Artifact(kind=ArtifactKind.SDIST, filename=filename, **fields)


def write_and_validate(lock: LockSet) -> str:
    text = write_pylock(lock)
    Pylock.from_dict(tomllib.loads(text))
    return text


@pytest.mark.parametrize(("scenario", "name"), ROUND_TRIPS, ids=[r[0] for r in ROUND_TRIPS])
def test_round_trip(scenario: str, name: str) -> None:
    lock = read_lock(fixture(scenario, name), filename=name)
    again = read_pylock(write_and_validate(lock))
    assert again == comparable(lock)


def test_round_trip_of_the_writable_part_of_each_lock() -> None:
    sources = read_lock(fixture("uv-sources", "uv.lock"), filename="uv.lock")
    kept = tuple(
        dataclasses.replace(
            p, dependencies=tuple(d for d in p.dependencies if d.name != "internal-tools")
        )
        for p in sources.packages
        if p.name != "internal-tools"
    )
    lock = dataclasses.replace(sources, packages=kept)
    assert read_pylock(write_and_validate(lock)) == comparable(lock)


@pytest.mark.parametrize(
    ("scenario", "name", "message"), NOT_WRITABLE, ids=[n[0] for n in NOT_WRITABLE]
)
def test_files_without_hash_or_location_cannot_be_written(
    scenario: str, name: str, message: str
) -> None:
    lock = read_lock(fixture(scenario, name), filename=name)
    with pytest.raises(Unsupported) as info:
        write_pylock(lock)
    assert str(info.value) == message


def test_output_is_deterministic_and_sorted() -> None:
    lock = read_lock(fixture("uv-fork", "uv.lock"), filename="uv.lock")
    shuffled = dataclasses.replace(lock, packages=lock.packages[::-1])
    text = write_pylock(lock)
    assert write_pylock(shuffled) == text
    names = [(p["name"], p.get("version")) for p in tomllib.loads(text)["packages"]]
    assert names == [
        ("filelock", "3.16.1"),
        ("mpmath", "1.3.0"),
        ("setuptools", "75.1.0"),
        ("sympy", "1.13.1"),
        ("torch", "2.5.1"),
        ("torch", "2.5.1+cpu"),
        ("typing-extensions", "4.12.2"),
    ]


def test_written_document_shape() -> None:
    lock = read_lock(fixture("uv-fork", "uv.lock"), filename="uv.lock")
    document = tomllib.loads(write_pylock(lock, created_by="pynix 0.1.0"))
    assert list(document)[:4] == ["lock-version", "environments", "requires-python", "created-by"]
    assert document["lock-version"] == "1.0"
    assert document["created-by"] == "pynix 0.1.0"
    assert document["requires-python"] == "<3.13,>=3.11"
    assert "tool" not in document  # the only root is virtual and is not written
    cpu = document["packages"][5]
    assert cpu["index"] == "https://download.pytorch.org/whl/cpu"
    assert cpu["marker"] == 'sys_platform != "darwin"'
    assert cpu["wheels"][0] == {
        "name": "torch-2.5.1+cpu-cp311-cp311-linux_x86_64.whl",
        "url": "https://download.pytorch.org/whl/cpu/torch-2.5.1%2Bcpu-cp311-cp311-linux_x86_64.whl",
        "hashes": {"sha256": fixture_sri_hex("torch-2.5.1+cpu-cp311-cp311-linux_x86_64.whl")},
    }
    assert cpu["dependencies"] == [
        {"name": "filelock"},
        {"name": "setuptools"},
        {"name": "sympy"},
        {"name": "typing-extensions"},
    ]


def fixture_sri_hex(filename: str) -> str:
    return sri_to_hex(fixture_sri(filename))


@pytest.mark.parametrize(("name", "marker"), REACHABLE, ids=[r[0] for r in REACHABLE])
def test_markers_say_where_a_package_is_reachable(name: str, marker: str | None) -> None:
    lock = read_lock(fixture("uv-tree", "uv.lock"), filename="uv.lock")
    document = tomllib.loads(write_pylock(lock))
    (table,) = [p for p in document["packages"] if p["name"] == name]
    assert (Marker(table["marker"]) if "marker" in table else None) == (
        Marker(marker) if marker else None
    )
    assert document["extras"] == ["cli", "minimal"]
    assert document["dependency-groups"] == ["dev", "lint"]
    assert document["tool"] == {"pynix": {"roots": ["weather"]}}


def test_standard_dependencies_name_the_version_when_needed() -> None:
    pytorch = RegistrySource(url="https://download.pytorch.org/whl/cpu")
    app = pin(
        "app",
        PathSource(path=".", editable=True),
        dependencies=(
            LockedDependency(name=NormalizedName("torch"), version="2.5.1"),
            LockedDependency(name=NormalizedName("torch"), version="2.5.1+cpu", source=pytorch),
        ),
    )
    torches = [
        pin(
            "torch",
            PYPI,
            version="2.5.1",
            sdist=sdist("torch-2.5.1.tar.gz", url="https://x/torch-2.5.1.tar.gz", hash=SRI),
        ),
        pin(
            "torch",
            pytorch,
            version="2.5.1+cpu",
            sdist=sdist("torch-2.5.1+cpu.tar.gz", url="https://y/t.tar.gz", hash=SRI),
        ),
    ]
    lock = LockSet(format=LockFormat.UV, packages=(app, *torches), roots=(NormalizedName("app"),))
    document = tomllib.loads(write_and_validate(lock))
    assert document["packages"][0]["dependencies"] == [
        {"name": "torch", "version": "2.5.1"},
        {"name": "torch", "version": "2.5.1+cpu"},
    ]
    assert read_pylock(write_pylock(lock)) == comparable(lock)


def test_sources_pylock_cannot_spell_are_kept_in_the_tool_table() -> None:
    private = RegistrySource(url="https://pypi.acme.example/simple", name="acme")
    git = GitSource(url="https://g.example/x.git", branch="main", commit="a" * 40)
    lock = LockSet(
        format=LockFormat.POETRY,
        packages=(
            pin(
                "acme",
                private,
                sdist=sdist("acme-1.0.tar.gz", url="https://a/acme-1.0.tar.gz", hash=SRI),
            ),
            pin("x", git, marker=Marker("os_name == 'nt'")),
        ),
        requires_python=SpecifierSet(">=3.11"),
    )
    document = tomllib.loads(write_and_validate(lock))
    assert document["packages"][0]["tool"] == {
        "pynix": {"source": {"kind": "registry", "url": private.url, "name": "acme"}}
    }
    assert document["packages"][1]["vcs"] == {
        "type": "git",
        "url": "https://g.example/x.git",
        "requested-revision": "main",
        "commit-id": "a" * 40,
    }
    assert read_pylock(write_pylock(lock)) == comparable(lock)


UNWRITABLE = [
    (
        "file-of-another-package",
        pin("x", PYPI, sdist=sdist("y-1.0.tar.gz", url="https://x/y-1.0.tar.gz", hash=SRI)),
        (
            "pylock.toml would be invalid: packages[0].sdist: name in 'y-1.0.tar.gz' is not "
            "consistent with package name 'x'"
        ),
    ),
    (
        "archive-without-file",
        pin("x", UrlSource(url="https://x/x-1.0.tar.gz")),
        "x 1.0: an archive source needs exactly one hashed file, found no file",
    ),
    (
        "git-with-files",
        pin(
            "x",
            GitSource(url="https://g/x", commit="a" * 40),
            sdist=sdist("x-1.0.tar.gz", path="x-1.0.tar.gz"),
        ),
        "x 1.0: a package built from source cannot also list files",
    ),
    (
        "git-without-commit",
        pin("x", GitSource(url="https://g/x")),
        "x 1.0: a git source needs a resolved commit for pylock.toml",
    ),
    (
        "workspace",
        pin("x", WorkspaceSource()),
        "x 1.0: a workspace source has no location to write",
    ),
    ("no-files", pin("x", PYPI), "x 1.0: no sdist or wheel to write"),
    (
        "url-without-hash",
        pin(
            "x",
            UrlSource(url="https://x/x-1.0.tar.gz"),
            sdist=sdist("x-1.0.tar.gz", url="https://x/x-1.0.tar.gz"),
        ),
        "x 1.0: x-1.0.tar.gz has no hash; pylock.toml needs one",
    ),
]


@pytest.mark.parametrize(
    ("package_", "message"), [u[1:] for u in UNWRITABLE], ids=[u[0] for u in UNWRITABLE]
)
def test_unwritable_packages(package_: LockedPackage, message: str) -> None:
    with pytest.raises(Unsupported) as info:
        write_pylock(LockSet(format=LockFormat.UV, packages=(package_,)))
    assert str(info.value) == message


EXTRA_MARKERS = [
    ("metadata-extra", 'extra == "docs" and python_version >= "3.11"',
     '"docs" in extras and python_version >= "3.11"'),
    ("reversed", '"docs" != extra', '"docs" not in extras'),
    ("uv-conflict-extra", "extra == 'extra-7-project-cpu'", '"cpu" in extras'),
    ("uv-conflict-extra-negated", "extra != 'extra-7-project-cu124'", '"cu124" not in extras'),
    ("uv-conflict-group", "extra == 'group-10-my-project-lint'", '"lint" in dependency_groups'),
    ("no-extra", "os_name == 'nt'", 'os_name == "nt"'),
]  # fmt: skip


@pytest.mark.parametrize(
    ("marker", "written"), [e[1:] for e in EXTRA_MARKERS], ids=[e[0] for e in EXTRA_MARKERS]
)
def test_extra_markers_are_written_with_lock_file_variables(marker: str, written: str) -> None:
    package_ = pin(
        "x",
        PYPI,
        marker=Marker(marker),
        sdist=sdist("x-1.0.tar.gz", url="https://x/x-1.0.tar.gz", hash=SRI),
    )
    lock = LockSet(format=LockFormat.POETRY, packages=(package_,))
    document = tomllib.loads(write_and_validate(lock))
    table = document["packages"][0]
    assert table["marker"] == written
    environment: dict[str, str | frozenset[str]] = {
        key: str(value) for key, value in default_environment().items()
    }
    environment.update(extras=frozenset({"cpu"}), dependency_groups=frozenset())
    Marker(table["marker"]).evaluate(environment, context="lock_file")  # no undefined variable
    assert read_pylock(write_pylock(lock)) == comparable(lock)


def test_extras_named_by_markers_are_listed() -> None:
    packages = tuple(
        pin(
            name,
            PYPI,
            marker=Marker(marker),
            sdist=sdist(f"{name}-1.0.tar.gz", url=f"https://x/{name}-1.0.tar.gz", hash=SRI),
        )
        for name, marker in (("a", "extra == 'docs'"), ("b", "extra == 'group-1-p-dev'"))
    )
    document = tomllib.loads(write_pylock(LockSet(format=LockFormat.POETRY, packages=packages)))
    assert (document["extras"], document["dependency-groups"]) == (["docs"], ["dev"])


def test_uv_project_conflicts_cannot_be_written() -> None:
    package_ = pin("x", PathSource(path="x"), marker=Marker("extra == 'project-1-p'"))
    with pytest.raises(Unsupported) as info:
        write_pylock(LockSet(format=LockFormat.UV, packages=(package_,)))
    assert str(info.value) == (
        "x 1.0: uv's conflicts between workspace projects have no pylock.toml form"
    )


def test_a_file_with_both_url_and_path_keeps_both() -> None:
    both = sdist("x-1.0.tar.gz", url="https://x/x-1.0.tar.gz", path="dist/x-1.0.tar.gz", hash=SRI)
    lock = LockSet(format=LockFormat.PDM, packages=(pin("x", PYPI, sdist=both),))
    document = tomllib.loads(write_and_validate(lock))
    assert document["packages"][0]["sdist"]["path"] == "dist/x-1.0.tar.gz"
    assert read_pylock(write_pylock(lock)) == comparable(lock)


def test_empty_requires_python_means_none() -> None:
    lock = read_pylock(
        HEAD
        + 'requires-python = ""\n'
        + '[[packages]]\nname = "foo"\n'
        + 'requires-python = ""\ndirectory = {path = "."}\n'
    )
    assert (lock.requires_python, lock.packages[0].requires_python) == (None, None)


def test_reading_another_tools_file() -> None:
    lock = read_pylock(fixture("pylock", "pylock.toml"))
    assert lock.format is LockFormat.PYLOCK
    assert lock.environments == (
        Marker("sys_platform == 'linux'"),
        Marker("sys_platform == 'darwin'"),
    )
    assert lock.requires_python == SpecifierSet(">=3.11")
    cffi = package(lock, "cffi")
    assert cffi.dependencies == (LockedDependency(name=NormalizedName("pycparser")),)
    assert cffi.marker == Marker("platform_python_implementation != 'PyPy'")
    assert cffi.requires_python == SpecifierSet(">=3.8")
    assert [w.size for w in cffi.wheels] == [178673, 454803, 478850]
    assert package(lock, "shared").source == PathSource(path="libs/shared", editable=True)
    assert package(lock, "shared").version is None
    toolkit = package(lock, "toolkit")
    assert toolkit.source == UrlSource(
        url="https://github.com/acme/toolkit/archive/refs/tags/v1.0.tar.gz", subdirectory="python"
    )
    assert toolkit.sdist is not None
    assert toolkit.sdist.hash == fixture_sri("toolkit-v1.0.tar.gz")


def test_missing_index_is_inferred_from_the_files() -> None:
    wheel = f'{{url = "%s", hashes = {{sha256 = "{HEX}"}}}}'
    text = (
        FOO
        + 'version = "1.0"\nwheels = ['
        + wheel % "https://files.pythonhosted.org/packages/aa/bb/cc/foo-1.0-py3-none-any.whl"
        + "]\n"
        + '[[packages]]\nname = "bar"\nversion = "1.0"\nwheels = ['
        + wheel % "https://mirror.example/simple/bar/bar-1.0-py3-none-any.whl"
        + "]\n"
        + '[[packages]]\nname = "baz"\nversion = "1.0"\n'
        + f'sdist = {{path = "dist/baz-1.0.tar.gz", hashes = {{sha256 = "{HEX}"}}}}\n'
    )
    foo, bar, baz = read_pylock(text).packages
    assert foo.source == PYPI
    assert bar.source == RegistrySource(url="https://mirror.example/simple/bar")
    assert baz.source == RegistrySource(url="dist")


@pytest.mark.parametrize(
    ("text", "error", "message"), [e[1:] for e in READ_ERRORS], ids=[e[0] for e in READ_ERRORS]
)
def test_read_errors(text: str, error: type[PynixError], message: str) -> None:
    with pytest.raises(error) as info:
        read_pylock(text)
    assert type(info.value) is error
    assert str(info.value) == message
