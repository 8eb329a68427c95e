"""The universe: the catalogue as built, the native wheel's ELF facts, reproducibility."""

from __future__ import annotations

import ctypes
import io
import re
import tarfile
import zipfile
import zlib
from pathlib import Path

import pytest
from elftools.elf.dynamic import DynamicSection
from elftools.elf.elffile import ELFFile

from tests.support.artifacts import LEGACY, UNDECLARED, sha256_file
from tests.support.native import VENDORED_SONAME, compile_native_libraries
from tests.support.universe import CATALOGUE, NATIVE_TAGS, Universe, build_universe

NATIVE_WHEEL = "native_crc-1.0-py3-none-manylinux_2_17_x86_64.manylinux2014_x86_64.whl"

# Every file the index serves: (file name, kind, sdist backend, has a PEP 658 file).
FILES = [
    ("alpha-1.0-py3-none-any.whl", "wheel", None, True),
    ("alpha-1.0.tar.gz", "sdist", "hatchling", False),
    ("gamma-1.0-py3-none-any.whl", "wheel", None, True),
    ("gamma-1.0.tar.gz", "sdist", "setuptools", False),
    ("delta-1.0-py3-none-any.whl", "wheel", None, False),
    ("delta-1.0.zip", "sdist", "setuptools", False),
    ("beta-1.0-py3-none-any.whl", "wheel", None, True),
    ("beta-1.0.tar.gz", "sdist", "flit-core", False),
    ("cyc_a-1.0-py3-none-any.whl", "wheel", None, True),
    ("cyc_a-1.0.tar.gz", "sdist", "hatchling", False),
    ("cyc_b-1.0-py3-none-any.whl", "wheel", None, True),
    ("cyc_b-1.0.tar.gz", "sdist", "hatchling", False),
    ("legacy_lib-0.9-py3-none-any.whl", "wheel", None, True),
    ("legacy_lib-0.9.tar.gz", "sdist", LEGACY, False),
    ("legacy_lib-1.0.tar.gz", "sdist", LEGACY, False),
    (NATIVE_WHEEL, "wheel", None, True),
    ("linux_only-1.0-py3-none-any.whl", "wheel", None, True),
    ("linux_only-1.0.tar.gz", "sdist", "poetry-core", False),
    ("win_only-1.0-py3-none-any.whl", "wheel", None, True),
    ("win_only-1.0.tar.gz", "sdist", UNDECLARED, False),
    ("plat_dep-1.0-py3-none-any.whl", "wheel", None, True),
    ("plat_dep-1.0.tar.gz", "sdist", "pdm-backend", False),
    ("friendly_name-1.0-py3-none-any.whl", "wheel", None, True),
    ("friendly_name-1.0.tar.gz", "sdist", "hatchling", False),
    ("cli_tool-1.0-py3-none-any.whl", "wheel", None, True),
    ("cli_tool-1.0.tar.gz", "sdist", "hatchling", False),
    ("gamma-2.0-py3-none-any.whl", "wheel", None, True),
    ("alpha-2.0-py3-none-any.whl", "wheel", None, True),
    ("alpha-2.0.tar.gz", "sdist", "hatchling", False),
]

# sha256 of pure-Python artifacts: the same on every machine (see tests.support.archives).
PINNED = {
    "alpha-1.0-py3-none-any.whl": (
        "ca1dae7527d129004df831f04dd12d892333463beaa3ee18c1d39c2cb88e38c8"
    ),
    "alpha-1.0.tar.gz": "f48f3728306f9754bfa9ed843982d97dbbae204ed9cfc065dd988edbe5336949",
    "delta-1.0.zip": "acb527f326d6c8c539739e76464220c18abca91b85ded98e11638a0e6940f415",
    "legacy_lib-1.0.tar.gz": "10a73baa7e88289ea15651e7ab1aa21552d4a2d36993f7124dadbf7a04db2016",
}


def _dynamic(data: bytes) -> dict[str, list[str]]:
    """DT_NEEDED, DT_RUNPATH and DT_SONAME entries of an ELF shared object."""
    entries: dict[str, list[str]] = {"DT_NEEDED": [], "DT_RUNPATH": [], "DT_SONAME": []}
    for section in ELFFile(io.BytesIO(data)).iter_sections():
        if isinstance(section, DynamicSection):
            for tag in section.iter_tags():
                kind = tag.entry.d_tag
                if kind in entries:  # pyelftools sets these as attributes: DT_NEEDED -> .needed
                    entries[kind].append(getattr(tag, kind.removeprefix("DT_").lower()))
    return entries


def test_catalogue_files(universe: Universe) -> None:
    built = [
        (a.filename, a.kind, a.backend, a.metadata_sha256 is not None) for a in universe.artifacts
    ]
    assert built == FILES
    on_disk = sorted(p.name for p in universe.root.iterdir() if not p.name.endswith(".metadata"))
    assert on_disk == sorted(f[0] for f in FILES)


def test_catalogue_hashes_sizes_and_metadata_files(universe: Universe) -> None:
    for artifact in universe.artifacts:
        assert artifact.sha256 == sha256_file(artifact.path), artifact.filename
        assert artifact.size == artifact.path.stat().st_size, artifact.filename
        metadata = artifact.path.with_name(artifact.filename + ".metadata")
        if artifact.metadata_sha256 is not None:
            assert artifact.metadata_sha256 == sha256_file(metadata)
            with zipfile.ZipFile(artifact.path) as wheel:
                name = next(n for n in wheel.namelist() if n.endswith(".dist-info/METADATA"))
                assert wheel.read(name) == metadata.read_bytes()
        else:
            assert not metadata.exists()


def test_pure_artifacts_have_pinned_hashes(universe: Universe) -> None:
    assert {name: universe.artifact(name).sha256 for name in PINNED} == PINNED


def test_catalogue_lookups(universe: Universe) -> None:
    assert universe.projects == (
        "alpha", "beta", "cli-tool", "cyc-a", "cyc-b", "delta", "friendly-name", "gamma",
        "legacy-lib", "linux-only", "native-crc", "plat-dep", "win-only",
    )  # fmt: skip
    assert universe.versions("Alpha") == ("1.0", "2.0")
    sdist_only = universe.release("legacy-lib", "1.0")
    assert (sdist_only.wheels, sdist_only.sdist) == ((), universe.artifact("legacy_lib-1.0.tar.gz"))
    assert universe.release("Friendly_Name", "1.0").dist.name == "Friendly.Name"
    assert universe.upload_times["alpha-2.0.tar.gz"] == "2025-03-01T09:00:00Z"
    with pytest.raises(KeyError, match=r"nope 1\.0 is not in the universe"):
        universe.release("nope", "1.0")
    with pytest.raises(KeyError, match=r"nope\.whl is not in the universe"):
        universe.artifact("nope.whl")


def test_sdist_only_release_declares_trusted_metadata(universe: Universe) -> None:
    """uv locks an sdist-only release from PKG-INFO only when it is metadata 2.2 or later."""
    versions = {}
    for version in ("0.9", "1.0"):
        sdist = universe.release("legacy-lib", version).sdist
        assert sdist is not None
        with tarfile.open(sdist.path) as archive:
            pkg_info = archive.extractfile(f"legacy_lib-{version}/PKG-INFO")
            assert pkg_info is not None
            versions[version] = pkg_info.readline().decode().strip()
    assert versions == {"0.9": "Metadata-Version: 2.1", "1.0": "Metadata-Version: 2.2"}


def test_native_wheel_layout(universe: Universe) -> None:
    (wheel,) = universe.release("native-crc", "1.0").wheels
    assert wheel.filename == NATIVE_WHEEL
    assert NATIVE_WHEEL.removesuffix(".whl").endswith(
        "-py3-none-manylinux_2_17_x86_64.manylinux2014_x86_64"
    )
    with zipfile.ZipFile(wheel.path) as archive:
        assert archive.namelist()[:3] == [
            "native_crc.libs/" + VENDORED_SONAME,
            "native_crc/__init__.py",
            "native_crc/libnativecrc.so",
        ]
        info = archive.getinfo("native_crc/libnativecrc.so")
        assert info.external_attr >> 16 == 0o100755
        tags = archive.read("native_crc-1.0.dist-info/WHEEL").decode().splitlines()
        main = _dynamic(archive.read("native_crc/libnativecrc.so"))
        vendored = _dynamic(archive.read("native_crc.libs/" + VENDORED_SONAME))
    assert tags[2:] == ["Root-Is-Purelib: false", *(f"Tag: {tag}" for tag in NATIVE_TAGS)]
    assert main == {
        "DT_NEEDED": [VENDORED_SONAME, "libz.so.1", "libc.so.6"],
        "DT_RUNPATH": ["$ORIGIN/../native_crc.libs"],
        "DT_SONAME": [],
    }
    assert vendored == {
        "DT_NEEDED": ["libc.so.6"],
        "DT_RUNPATH": [],
        "DT_SONAME": [VENDORED_SONAME],
    }


def test_native_library_really_calls_zlib_and_its_vendored_helper(
    universe: Universe, tmp_path: Path
) -> None:
    with zipfile.ZipFile(universe.artifact(NATIVE_WHEEL).path) as archive:
        for member in ("native_crc/libnativecrc.so", f"native_crc.libs/{VENDORED_SONAME}"):
            (tmp_path / member).parent.mkdir(exist_ok=True)
            (tmp_path / member).write_bytes(archive.read(member))
    library = ctypes.CDLL(str(tmp_path / "native_crc" / "libnativecrc.so"))  # finds .libs by rpath
    library.native_crc32.restype = ctypes.c_ulong
    library.native_crc32.argtypes = (ctypes.c_char_p, ctypes.c_uint)
    library.native_mixed_crc32.restype = ctypes.c_ulong
    library.native_mixed_crc32.argtypes = (ctypes.c_char_p, ctypes.c_uint)
    data = b"pynix test index"
    assert library.native_crc32(data, len(data)) == zlib.crc32(data)
    assert library.native_mixed_crc32(data, len(data)) == zlib.crc32(data) ^ 0x5A5A5A5A
    buffer = ctypes.create_string_buffer(64)
    library.native_describe(buffer, ctypes.c_ulong(64))
    assert re.fullmatch(r"native-crc over zlib 1\.\d+(\.\d+)*", buffer.value.decode())


def test_missing_gcc_fails_with_the_package_to_install(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # nothing on it
    with pytest.raises(pytest.fail.Exception) as caught:
        compile_native_libraries()
    assert str(caught.value) == (
        "gcc is not installed; the test index compiles a real shared object "
        "(Debian: apt-get install gcc zlib1g-dev)"
    )


def test_native_compilation_is_reproducible() -> None:
    assert compile_native_libraries() == compile_native_libraries()


@pytest.mark.slow
def test_universe_builds_are_byte_identical(universe: Universe, tmp_path: Path) -> None:
    again = build_universe(tmp_path)
    assert [(a.filename, a.sha256) for a in again.artifacts] == [
        (a.filename, a.sha256) for a in universe.artifacts
    ]
    metadata = sorted(p.name for p in tmp_path.glob("*.metadata"))
    assert metadata == sorted(p.name for p in universe.root.glob("*.metadata"))
    assert len(CATALOGUE) == 16
