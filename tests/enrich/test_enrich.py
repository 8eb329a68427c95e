"""enrich_lock against the real test index: build systems, native libraries, the fact cache, faults.

The request log of the index server proves what was read, and that a second
run reads nothing.
"""

from __future__ import annotations

import dataclasses
import hashlib
import struct
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from pynix.enrich import Enriched, Origin, apply_cached, enrich_lock, native_inputs
from pynix.enrich._facts import WHEEL_FACT, WHEEL_FACT_VERSION
from pynix.errors import DownloadFailed, HashMismatch, InvalidArchive
from pynix.index import Cache, IndexClient
from pynix.locks import read_lock
from pynix.locks.hashes import hex_to_sri
from pynix.model import (
    Artifact,
    ArtifactKind,
    BuildSystem,
    Dependency,
    LockedPackage,
    LockFormat,
    LockSet,
)
from tests.enrich import macho
from tests.enrich.conftest import Shelf, artifact, locked, package
from tests.support.artifacts import Distribution, build_wheel
from tests.support.fixtures import ProjectFactory
from tests.support.index_server import IndexServer
from tests.support.native import VENDORED_SONAME, NativeLibraries
from tests.support.universe import Universe
from tests.support.uv import uv_lock

ClientFactory = Callable[..., IndexClient]
Serve = Callable[[], IndexServer]
NATIVE = "native_crc-1.0-py3-none-manylinux_2_17_x86_64.manylinux2014_x86_64.whl"
LINUX = ("py3-none-manylinux_2_17_x86_64",)
MACOS = ("cp312-cp312-macosx_11_0_arm64",)

# (project, version) -> (requires, backend) of the sdists with a declared build system.
DECLARED: list[tuple[str, str, list[str], str]] = [
    ("alpha", "1.0", ["hatchling>=1.24"], "hatchling.build"),
    ("beta", "1.0", ["flit-core<4,>=3.9"], "flit_core.buildapi"),
    ("gamma", "1.0", ["setuptools>=68", "wheel"], "setuptools.build_meta"),
    ("delta", "1.0", ["setuptools>=68", "wheel"], "setuptools.build_meta"),  # a .zip sdist
    ("linux-only", "1.0", ["poetry-core>=1.9"], "poetry.core.masonry.api"),
    ("plat-dep", "1.0", ["pdm-backend>=2.3"], "pdm.backend"),
]
LEGACY_HINT = " (the project declares no build system; pip and Nix assume setuptools)"


def _everything(universe: Universe, server: IndexServer) -> LockSet:
    return locked(universe, server, *((r.project, r.dist.version) for r in universe.releases))


def _requires(build: BuildSystem | None) -> list[str]:
    assert build is not None
    return [str(r) for r in build.requires]


def _pin(enriched: Enriched, name: str) -> LockedPackage:
    (pin,) = enriched.lock.by_name(name)  # type: ignore[arg-type]
    return pin


# --- build systems ---------------------------------------------------------------------------


@pytest.mark.parametrize("case", DECLARED, ids=[d[0] for d in DECLARED])
def test_declared_build_systems(
    universe: Universe,
    index_server: IndexServer,
    client: IndexClient,
    case: tuple[str, str, list[str], str],
) -> None:
    project, version, requires, backend = case
    enriched = enrich_lock(locked(universe, index_server, (project, version)), client=client)
    pin = _pin(enriched, project)
    assert _requires(pin.build_system) == requires
    assert pin.build_system is not None
    assert (pin.build_system.backend, pin.build_system.declared) == (backend, True)
    assert enriched.findings == ()
    # Only the sdist was read: the pure-Python wheel has nothing to tell.
    assert pin.sdist is not None
    assert {r.path for r in index_server.requests} == {f"/files/{pin.sdist.filename}"}


def test_a_zip_sdist_is_read_by_range_requests(
    universe: Universe, index_server: IndexServer, client: IndexClient
) -> None:
    enrich_lock(locked(universe, index_server, ("delta", "1.0")), client=client)
    assert [(r.path, r.range is not None, r.status) for r in index_server.requests] == [
        ("/files/delta-1.0.zip", True, 206)
    ]


def test_legacy_and_undeclared_build_systems_are_flagged(
    universe: Universe, index_server: IndexServer, client: IndexClient
) -> None:
    lock = locked(universe, index_server, ("legacy-lib", "1.0"), ("win-only", "1.0"))
    enriched = enrich_lock(lock, client=client)
    for name in ("legacy-lib", "win-only"):
        build = _pin(enriched, name).build_system
        assert _requires(build) == ["setuptools>=40.8.0"]
        assert build is not None
        assert (build.backend, build.declared) == ("setuptools.build_meta:__legacy__", False)
    assert [str(f) for f in enriched.findings] == [
        "warning: legacy_lib-1.0.tar.gz: no pyproject.toml: assuming setuptools' legacy build, "
        "which requires setuptools>=40.8.0" + LEGACY_HINT,
        "warning: win_only-1.0.tar.gz: no [build-system] table: assuming setuptools' legacy "
        "build, which requires setuptools>=40.8.0" + LEGACY_HINT,
    ]
    assert [(f.code, f.subject) for f in enriched.findings] == [
        ("legacy-build-system", "legacy-lib"),
        ("legacy-build-system", "win-only"),
    ]


def test_a_broken_build_system_is_a_finding(
    shelf: Shelf, serve: Serve, make_client: ClientFactory
) -> None:
    sdist = shelf.sdist(
        "broken", {"pyproject.toml": b'[build-system]\nrequires = ["hatchling >="]\n'}
    )
    server = serve()
    lock = LockSet(
        format=LockFormat.UV, packages=(package("broken", "1.0", artifact(sdist, server)),)
    )
    enriched = enrich_lock(lock, client=make_client(server.index_url))
    assert _pin(enriched, "broken").build_system is None
    (finding,) = enriched.findings
    assert (finding.code, str(finding.location)) == (
        "invalid-build-system",
        "broken-1.0.tar.gz/pyproject.toml: build-system.requires[0]",
    )
    (explanation,) = enriched.explain("broken")
    assert explanation.describe() == (
        "broken-1.0.tar.gz: read from the index: pyproject.toml",
        "  build system: unknown (see the findings)",
    )


def test_a_build_system_the_lock_knows_is_kept(
    universe: Universe, index_server: IndexServer, client: IndexClient
) -> None:
    known = BuildSystem(requires=(Dependency.parse("hatchling"),), backend="hatchling.build")
    lock = locked(universe, index_server, ("alpha", "1.0"))
    lock = dataclasses.replace(
        lock, packages=(dataclasses.replace(lock.packages[0], build_system=known),)
    )
    enriched = enrich_lock(lock, client=client)
    assert _pin(enriched, "alpha").build_system is known
    assert index_server.requests == []
    assert enriched.explain("alpha")[0].describe() == (
        "alpha-1.0.tar.gz: known from the lock",
        "  build system: hatchling.build, requires hatchling",
    )


# --- native libraries ------------------------------------------------------------------------


def test_the_native_wheel_needs_zlib(
    universe: Universe, index_server: IndexServer, client: IndexClient
) -> None:
    enriched = enrich_lock(locked(universe, index_server, ("native-crc", "1.0")), client=client)
    (wheel,) = _pin(enriched, "native-crc").wheels
    assert wheel.needed_libraries == ("libz.so.1",)
    assert native_inputs(wheel.needed_libraries).attrs == ("zlib",)
    assert enriched.findings == ()
    (explanation,) = enriched.explain("native_crc")
    assert explanation.origin is Origin.NETWORK
    assert explanation.describe() == (
        (
            f"{NATIVE}: read from the index: native_crc.libs/{VENDORED_SONAME}, "
            "native_crc/libnativecrc.so"
        ),
        "  needs libz.so.1: from nixpkgs' zlib",
        "  does not need libc.so.6: part of the C library",
        (
            f"  does not need {VENDORED_SONAME}: shipped in this wheel as "
            f"native_crc.libs/{VENDORED_SONAME}"
        ),
    )


def test_a_library_another_wheel_ships_is_not_needed(
    universe: Universe,
    shelf: Shelf,
    serve: Serve,
    make_client: ClientFactory,
    native: NativeLibraries,
) -> None:
    crc = shelf.copy(universe.artifact(NATIVE).path)
    helper = native.vendored  # a real ELF library that needs only libc
    provider = shelf.wheel("zlib-provider", LINUX, {"zlib_provider/lib/libz.so.1": helper})
    server = serve()
    lock = LockSet(
        format=LockFormat.UV,
        packages=(
            package("native-crc", "1.0", artifact(crc, server)),
            package("zlib-provider", "1.0", artifact(provider, server)),
        ),
    )
    client = make_client(server.index_url)
    enriched = enrich_lock(lock, client=client)
    assert _pin(enriched, "native-crc").wheels[0].needed_libraries == ()
    assert _pin(enriched, "zlib-provider").wheels[0].needed_libraries == ()
    assert "  does not need libz.so.1: shipped by zlib-provider, locked too" in (
        enriched.explain("native-crc")[0].describe()
    )

    # Only the wheels chosen for a target count: without the provider's, zlib is needed again.
    def only_native(pin: LockedPackage) -> tuple[Artifact, ...]:
        return pin.wheels if pin.name == "native-crc" else ()

    enriched = enrich_lock(lock, client=client, wheels_for=only_native)
    assert _pin(enriched, "native-crc").wheels[0].needed_libraries == ("libz.so.1",)
    assert _pin(enriched, "zlib-provider").wheels[0].needed_libraries is None
    assert enriched.explain("zlib-provider")[0].describe() == (
        (
            "zlib_provider-1.0-py3-none-manylinux_2_17_x86_64.whl: not read "
            "(not chosen for any target)"
        ),
    )


def test_a_macos_wheel(shelf: Shelf, serve: Serve, make_client: ClientFactory) -> None:
    extension = macho.fat(
        (
            macho.ARM64,
            macho.thin(
                loads=[
                    "/usr/lib/libSystem.B.dylib",
                    "@rpath/libomp.dylib",
                    "@rpath/libmystery.dylib",
                ],
                rpaths=["@loader_path/.dylibs"],
            ),
        ),
        (
            macho.X86_64,
            macho.thin(
                loads=["/usr/lib/libSystem.B.dylib", "/opt/homebrew/opt/zstd/lib/libzstd.1.dylib"],
                cpu=macho.X86_64,
            ),
        ),
    )
    omp = macho.thin(install_name="@rpath/libomp.dylib", loads=["/usr/lib/libSystem.B.dylib"])
    wheel = shelf.wheel(
        "mac-ext",
        MACOS,
        {"mac_ext/_ext.cpython-312-darwin.so": extension, "mac_ext/.dylibs/libomp.dylib": omp},
    )
    server = serve()
    lock = LockSet(
        format=LockFormat.UV, packages=(package("mac-ext", "1.0", artifact(wheel, server)),)
    )
    enriched = enrich_lock(lock, client=make_client(server.index_url))
    needed = _pin(enriched, "mac-ext").wheels[0].needed_libraries
    assert needed == ("libmystery.dylib", "libzstd.1.dylib")
    assert native_inputs(needed) == (("zstd",), (), ("libmystery.dylib",))
    (finding,) = enriched.findings
    assert (finding.code, finding.subject) == ("unknown-native-library", "mac-ext")
    assert str(finding) == (
        "warning: mac_ext-1.0-cp312-cp312-macosx_11_0_arm64.whl: needs libmystery.dylib, which no "
        "nixpkgs package is known to provide (add the package that provides it to buildInputs "
        "with an override)"
    )
    assert enriched.explain("mac-ext")[0].describe()[1:] == (
        "  needs libmystery.dylib: no known nixpkgs package provides it",
        "  needs libzstd.1.dylib: from nixpkgs' zstd",
        "  does not need /usr/lib/libSystem.B.dylib: part of macOS",
        (
            "  does not need @rpath/libomp.dylib: shipped in this wheel as "
            "mac_ext/.dylibs/libomp.dylib"
        ),
    )


def test_an_unreadable_shared_object_is_a_finding(
    shelf: Shelf, serve: Serve, make_client: ClientFactory, native: NativeLibraries
) -> None:
    helper = native.vendored
    wheel = shelf.wheel(
        "half-broken",
        LINUX,
        {"half_broken/_ext.so": b"not really a library", f"half_broken/{VENDORED_SONAME}": helper},
    )
    server = serve()
    lock = LockSet(
        format=LockFormat.UV, packages=(package("half-broken", "1.0", artifact(wheel, server)),)
    )
    enriched = enrich_lock(lock, client=make_client(server.index_url))
    assert _pin(enriched, "half-broken").wheels[0].needed_libraries == ()
    (finding,) = enriched.findings
    assert (finding.code, finding.subject) == ("unreadable-binary", "half-broken")
    assert str(finding) == (
        "warning: half_broken-1.0-py3-none-manylinux_2_17_x86_64.whl/half_broken/_ext.so: cannot "
        "read the shared object: not an ELF or Mach-O file (it starts with b'not ') (its libraries "
        "are not known; add them with an override if it needs any)"
    )
    assert enriched.explain("half-broken")[0].describe()[-1] == (
        "  could not read half_broken/_ext.so: not an ELF or Mach-O file (it starts with b'not ')"
    )


def test_wheels_for_other_platforms_are_not_read(
    shelf: Shelf, serve: Serve, make_client: ClientFactory
) -> None:
    windows = shelf.wheel("win-ext", ("cp312-cp312-win_amd64",), {"win_ext/_ext.pyd": b"MZ"})
    server = serve()
    lock = LockSet(
        format=LockFormat.UV, packages=(package("win-ext", "1.0", artifact(windows, server)),)
    )
    enriched = enrich_lock(lock, client=make_client(server.index_url))
    assert server.requests == []
    assert enriched.lock == lock
    assert enriched.explanations[0].describe() == (
        "win_ext-1.0-cp312-cp312-win_amd64.whl: not read (not a Linux or macOS wheel)",
    )


# --- the fact cache --------------------------------------------------------------------------


def test_a_second_run_makes_no_request(
    universe: Universe, index_server: IndexServer, client: IndexClient
) -> None:
    lock = _everything(universe, index_server)
    first = enrich_lock(lock, client=client)
    assert index_server.requests != []
    index_server.clear_log()
    second = enrich_lock(lock, client=client)
    assert index_server.requests == []
    assert (second.lock, second.findings) == (first.lock, first.findings)
    read = [e for e in second.explanations if e.origin is not Origin.SKIPPED]
    sdists = [a for a in universe.artifacts if a.kind == "sdist"]
    assert len(read) == len(sdists) + 1  # and the native wheel; pure wheels are never read
    assert {e.origin for e in read} == {Origin.CACHE}


def test_facts_survive_a_new_cache_object(
    universe: Universe, index_server: IndexServer, make_client: ClientFactory, cache: Cache
) -> None:
    lock = _everything(universe, index_server)
    first = enrich_lock(lock, client=make_client(index_server.index_url))
    index_server.clear_log()
    fresh = Cache(cache.root)
    again = enrich_lock(lock, client=make_client(index_server.index_url, cache=fresh))
    assert index_server.requests == []
    assert again.lock == first.lock


def test_a_damaged_fact_is_read_again(
    universe: Universe, index_server: IndexServer, client: IndexClient, cache: Cache
) -> None:
    lock = locked(universe, index_server, ("native-crc", "1.0"))
    wheel_hash = lock.packages[0].wheels[0].hash
    assert wheel_hash is not None
    cache.put_fact(WHEEL_FACT, wheel_hash, {"objects": "nonsense"}, version=WHEEL_FACT_VERSION)
    enriched = enrich_lock(lock, client=client)
    assert _pin(enriched, "native-crc").wheels[0].needed_libraries == ("libz.so.1",)
    assert enriched.explanations[0].origin is Origin.NETWORK


def test_artifacts_without_a_hash_are_read_every_time(
    universe: Universe, index_server: IndexServer, make_client: ClientFactory, tmp_path: Path
) -> None:
    lock = locked(universe, index_server, ("alpha", "1.0"))
    pin = lock.packages[0]
    assert pin.sdist is not None
    unhashed = dataclasses.replace(pin, sdist=dataclasses.replace(pin.sdist, hash=None))
    lock = dataclasses.replace(lock, packages=(unhashed,))
    for run in range(2):
        client = make_client(index_server.index_url, cache=Cache(tmp_path / f"cache-{run}"))
        index_server.clear_log()
        enriched = enrich_lock(lock, client=client)
        assert [r.path for r in index_server.requests] == ["/files/alpha-1.0.tar.gz"]
    assert enriched.explain("alpha")[0].describe()[0] == (
        "alpha-1.0.tar.gz: read from the index: pyproject.toml "
        "(not cached: the lock records no sha256 for it)"
    )


def test_local_files_are_not_read(client: IndexClient) -> None:
    local = Artifact(
        kind=ArtifactKind.SDIST, filename="mine-1.0.tar.gz", path="dist/mine-1.0.tar.gz"
    )
    lock = LockSet(format=LockFormat.PYLOCK, packages=(package("mine", "1.0", local),))
    enriched = enrich_lock(lock, client=client)
    assert _pin(enriched, "mine").build_system is None
    assert enriched.explanations[0].describe() == (
        "mine-1.0.tar.gz: not read (a local file: pynix reads only URLs)",
    )


def test_the_same_file_pinned_twice_is_read_once(
    universe: Universe, index_server: IndexServer, client: IndexClient
) -> None:
    single = locked(universe, index_server, ("alpha", "1.0"))
    twice = dataclasses.replace(single, packages=single.packages * 2)
    enriched = enrich_lock(twice, client=client)
    assert [r.path for r in index_server.requests] == ["/files/alpha-1.0.tar.gz"]
    first, second = enriched.lock.packages
    assert first == second
    assert first.build_system is not None


# --- offline: the cached facts alone --------------------------------------------------------


def test_apply_cached_gives_what_enrich_lock_learnt_without_a_request(
    universe: Universe, index_server: IndexServer, client: IndexClient, cache: Cache
) -> None:
    lock = _everything(universe, index_server)
    online = enrich_lock(lock, client=client)
    index_server.clear_log()
    offline = apply_cached(lock, Cache(cache.root))
    assert index_server.requests == []
    assert (offline.lock, offline.findings) == (online.lock, online.findings)
    assert {e.origin for e in offline.explanations} == {Origin.CACHE, Origin.SKIPPED}


def test_apply_cached_leaves_what_is_not_cached_unknown(
    universe: Universe, index_server: IndexServer, cache: Cache
) -> None:
    lock = locked(universe, index_server, ("native-crc", "1.0"), ("legacy-lib", "1.0"))
    offline = apply_cached(lock, cache)
    assert offline.lock == lock
    assert offline.findings == ()
    assert [line for e in offline.explanations for line in e.describe()] == [
        f"{NATIVE}: not known (not in the cache: `pynix lock` reads it from the index)",
        "legacy_lib-1.0.tar.gz: not known (not in the cache: `pynix lock` reads it from the index)",
    ]
    assert {e.origin for e in offline.explanations} == {Origin.UNKNOWN}
    assert index_server.requests == []


def test_apply_cached_cannot_cache_an_unhashed_artifact(
    universe: Universe, index_server: IndexServer, cache: Cache
) -> None:
    (pin,) = locked(universe, index_server, ("alpha", "1.0")).packages
    assert pin.sdist is not None
    unhashed = dataclasses.replace(pin, sdist=dataclasses.replace(pin.sdist, hash=None))
    offline = apply_cached(LockSet(format=LockFormat.UV, packages=(unhashed,)), cache)
    assert offline.explain("alpha")[0].describe() == (
        "alpha-1.0.tar.gz: not known (the lock records no sha256 for it)",
    )


def test_sdists_not_chosen_are_not_read(
    universe: Universe, index_server: IndexServer, client: IndexClient
) -> None:
    lock = locked(universe, index_server, ("alpha", "1.0"), ("legacy-lib", "1.0"))
    enriched = enrich_lock(lock, client=client, sdists_for=lambda p: p.name == "legacy-lib")
    assert [r.path for r in index_server.requests] == ["/files/legacy_lib-1.0.tar.gz"]
    assert _pin(enriched, "alpha").build_system is None
    assert enriched.explain("alpha")[0].describe() == (
        "alpha-1.0.tar.gz: not read (not built from source on any target)",
    )
    assert _pin(enriched, "legacy-lib").build_system is not None


# --- bad input -------------------------------------------------------------------------------


def test_an_sdist_that_is_not_an_archive(
    shelf: Shelf, serve: Serve, make_client: ClientFactory
) -> None:
    sdist = shelf.sdist("broken", {"pyproject.toml": b"[project]\n"})
    server = serve()  # scans the valid archive; the bytes change after
    garbage = b"this is not a tar archive at all" * 4
    sdist.write_bytes(garbage)
    lock = LockSet(
        format=LockFormat.UV,
        packages=(package("broken", "1.0", artifact(sdist, server, content=garbage)),),
    )
    with pytest.raises(InvalidArchive) as caught:
        enrich_lock(lock, client=make_client(server.index_url))
    assert str(caught.value) == "broken-1.0.tar.gz: not a tar archive (gzip, bzip2, xz or plain)"


@pytest.mark.parametrize("filename", ["alpha-1.0.tar.gz", NATIVE], ids=["sdist", "wheel"])
def test_a_hash_mismatch(
    universe: Universe, index_server: IndexServer, client: IndexClient, filename: str
) -> None:
    index_server.inject("corrupt", pattern=f"/files/{filename}")
    lock = locked(universe, index_server, ("alpha", "1.0"), ("native-crc", "1.0"))
    with pytest.raises(HashMismatch) as caught:
        enrich_lock(lock, client=client)
    original = universe.artifact(filename)
    flipped = bytes(b ^ 0xFF for b in original.path.read_bytes())
    assert str(caught.value) == (
        f"{filename}: hash mismatch: expected {hex_to_sri(original.sha256)}, "
        f"got {hex_to_sri(hashlib.sha256(flipped).hexdigest())}\n"
        f"  hint: downloaded from {index_server.url}/files/{filename}"
    )
    # Nothing is known about the damaged file; the other one's facts are stored.
    kind = "sdist-build-files" if filename.endswith(".tar.gz") else WHEEL_FACT
    assert client.cache.get_fact(kind, original.sha256, version=1) is None


def test_an_unreachable_index(
    universe: Universe, index_server: IndexServer, make_client: ClientFactory
) -> None:
    lock = locked(universe, index_server, ("alpha", "1.0"))
    with IndexServer(universe.root) as gone:
        url = gone.url
    sdist = lock.packages[0].sdist
    assert sdist is not None
    moved = dataclasses.replace(
        lock.packages[0], sdist=dataclasses.replace(sdist, url=f"{url}/files/alpha-1.0.tar.gz")
    )
    with pytest.raises(DownloadFailed) as caught:
        enrich_lock(dataclasses.replace(lock, packages=(moved,)), client=make_client(url))
    assert str(caught.value) == (
        f"cannot fetch {url}/files/alpha-1.0.tar.gz: connection refused after 2 attempts"
    )


def test_a_wheel_member_that_fails_its_checksum(
    shelf: Shelf, serve: Serve, make_client: ClientFactory, native: NativeLibraries
) -> None:
    member = "crc/_ext.so"
    wheel = build_wheel(
        Distribution(name="crc", version="1.0"),
        shelf.root,
        tags=LINUX,
        extra_files={member: native.vendored},
        stored=frozenset({member}),
    )
    server = serve()
    data = bytearray(wheel.read_bytes())
    with zipfile.ZipFile(wheel) as archive:
        info = archive.getinfo(member)
    name_length, extra_length = struct.unpack_from("<HH", data, info.header_offset + 26)
    data[info.header_offset + 30 + name_length + extra_length + 100] ^= 0xFF  # inside the ELF
    wheel.write_bytes(bytes(data))
    lock = LockSet(
        format=LockFormat.UV,
        packages=(package("crc", "1.0", artifact(wheel, server, content=bytes(data))),),
    )
    with pytest.raises(InvalidArchive) as caught:
        enrich_lock(lock, client=make_client(server.index_url))
    assert str(caught.value) == (
        f"{wheel.name}: cannot read {member} (Bad CRC-32 for file '{member}')"
    )


# --- a real lock -----------------------------------------------------------------------------


@pytest.mark.slow
def test_a_uv_lock_of_the_test_index(
    index_server: IndexServer, client: IndexClient, make_project: ProjectFactory
) -> None:
    # The real uv locks a project against the test index; pynix reads the lock and enriches it.
    project = make_project(["native-crc", "cli-tool", "legacy-lib", "plat-dep"])
    lock = read_lock(uv_lock(project, index_server.index_url), filename="uv.lock")
    index_server.clear_log()
    enriched = enrich_lock(lock, client=client)
    builds = {p.name: p.build_system.backend for p in enriched.lock.packages if p.build_system}
    assert builds == {
        "alpha": "hatchling.build",
        "beta": "flit_core.buildapi",
        "cli-tool": "hatchling.build",
        "delta": "setuptools.build_meta",
        "gamma": "setuptools.build_meta",
        "legacy-lib": "setuptools.build_meta:__legacy__",
        "linux-only": "poetry.core.masonry.api",
        "plat-dep": "pdm.backend",
        "win-only": "setuptools.build_meta:__legacy__",
    }
    assert _pin(enriched, "native-crc").wheels[0].needed_libraries == ("libz.so.1",)
    assert sorted(f.subject or "" for f in enriched.findings) == ["legacy-lib", "win-only"]
    # Pure wheels were never asked for; the project itself (virtual) has no artifact.
    assert not any(r.path.endswith("-none-any.whl") for r in index_server.requests)
