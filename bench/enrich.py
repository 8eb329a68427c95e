"""Enrichment cost: bytes downloaded against the size of the lock's artifacts, requests, warm time.

Run from the repository root (``gcc`` and zlib's headers are needed, as for
the test index)::

    .venv/bin/python bench/enrich.py

Three locks, each served by the test suite's index server on 127.0.0.1:

* ``universe`` -- every release of the test universe (sdists of five build
  backends, pure wheels, the manylinux wheel with a real ELF linked to zlib);
* ``data-heavy`` -- a manylinux wheel carrying 8 MiB of package data beside
  its two shared objects: range requests read the libraries, not the data;
* ``library-heavy`` -- a manylinux wheel whose 8 MiB are one shared object:
  ``DT_NEEDED`` lies behind the code in a compressed member, so the whole
  library is read. This is the worst case (e.g. torch's wheels).

For each: a cold run (empty cache: requests, bytes the server sent, their
share of the artifacts' total size, time) and the median of five warm runs
(every fact cached: no request).
"""

from __future__ import annotations

import hashlib
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]

from pynix.enrich import enrich_lock  # noqa: E402 -- after the path set-up
from pynix.index import Cache, IndexClient  # noqa: E402
from pynix.locks.hashes import hex_to_sri  # noqa: E402
from pynix.model import (  # noqa: E402
    Artifact,
    ArtifactKind,
    LockedPackage,
    LockFormat,
    LockSet,
    RegistrySource,
)
from tests.support.artifacts import Distribution, build_wheel  # noqa: E402
from tests.support.index_server import IndexServer  # noqa: E402
from tests.support.native import VENDORED_SONAME, compile_native_libraries  # noqa: E402
from tests.support.universe import build_universe  # noqa: E402

MIB = 1024 * 1024
TAGS = ("py3-none-manylinux_2_17_x86_64",)


def _noise(size: int) -> bytes:
    """Incompressible, deterministic bytes."""
    blocks = (hashlib.sha256(i.to_bytes(8, "big")).digest() for i in range(size // 32 + 1))
    return b"".join(blocks)[:size]


def _lock(root: Path, server: IndexServer) -> LockSet:
    """Every artifact in ``root``, one package per project and version."""
    packages: dict[tuple[str, str], list[Artifact]] = {}
    for stored in server.files.values():
        path = root / stored.filename
        artifact = Artifact(
            kind=ArtifactKind.WHEEL if path.name.endswith(".whl") else ArtifactKind.SDIST,
            filename=path.name,
            url=f"{server.url}/files/{path.name}",
            hash=hex_to_sri(stored.sha256),
            size=stored.size,
        )
        packages.setdefault((stored.project, stored.version), []).append(artifact)
    return LockSet(
        format=LockFormat.UV,
        packages=tuple(
            LockedPackage(
                name=canonicalize_name(project),
                version=version,
                source=RegistrySource(url=server.index_url),
                sdist=next((a for a in files if a.kind is ArtifactKind.SDIST), None),
                wheels=tuple(a for a in files if a.kind is ArtifactKind.WHEEL),
            )
            for (project, version), files in sorted(packages.items())
        ),
    )


def _universe(root: Path) -> None:
    build_universe(root)


def _data_heavy(root: Path) -> None:
    libraries = compile_native_libraries()
    data = "bigdata/model.bin"
    build_wheel(
        Distribution(name="bigdata", version="1.0"),
        root,
        tags=TAGS,
        extra_files={
            "bigdata/libnativecrc.so": libraries.main,
            f"bigdata.libs/{VENDORED_SONAME}": libraries.vendored,
            data: _noise(8 * MIB),
        },
        stored=frozenset({data}),
    )


def _library_heavy(root: Path) -> None:
    libraries = compile_native_libraries()
    # Bytes appended to an ELF file are ignored by its readers, as a big .text would be skipped.
    big = libraries.main + _noise(8 * MIB)
    build_wheel(
        Distribution(name="biglib", version="1.0"),
        root,
        tags=TAGS,
        extra_files={
            "biglib/libnativecrc.so": big,
            f"biglib.libs/{VENDORED_SONAME}": libraries.vendored,
        },
    )


def _measure(name: str, build: Callable[[Path], None]) -> None:
    with tempfile.TemporaryDirectory(prefix="pynix-bench-") as scratch:
        root = Path(scratch) / "index"
        root.mkdir()
        build(root)
        with IndexServer(root) as server:
            lock = _lock(root, server)
            total = sum(a.size or 0 for p in lock.packages for a in p.artifacts)
            cache = Cache(Path(scratch) / "cache")
            with IndexClient(
                [server.index_url], cache=cache, netrc=Path(scratch) / "none", environ={}
            ) as client:
                started = time.perf_counter()
                enriched = enrich_lock(lock, client=client)
                cold = time.perf_counter() - started
                requests = server.requests
                sent = sum(r.bytes_sent for r in requests)
                server.clear_log()
                warm = []
                for _ in range(5):
                    started = time.perf_counter()
                    enrich_lock(lock, client=client)
                    warm.append(time.perf_counter() - started)
                warm_requests = len(server.requests)
    artifacts = sum(len(p.artifacts) for p in lock.packages)
    print(f"{name}: {len(lock.packages)} packages, {artifacts} artifacts, {total:,} bytes")
    print(
        f"  cold: {len(requests)} requests, {sent:,} bytes downloaded "
        f"({100 * sent / total:.1f}% of the artifacts), {1000 * cold:.0f} ms, "
        f"{len(enriched.findings)} findings"
    )
    print(f"  warm: {warm_requests} requests, median {1000 * statistics.median(warm):.1f} ms")


def main() -> None:
    for name, build in (
        ("universe", _universe),
        ("data-heavy", _data_heavy),
        ("library-heavy", _library_heavy),
    ):
        _measure(name, build)


if __name__ == "__main__":
    main()
