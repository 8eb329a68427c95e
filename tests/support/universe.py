"""The test index's catalogue: a small, realistic universe of projects, built on demand.

:func:`build_universe` writes every artifact of :data:`CATALOGUE` into a
directory and returns a :class:`Universe` that knows each file's sha256, size,
kind, build backend and upload time, so tests can compare what uv (or pynix)
records against what was served.

==============  =======  ====================================  =========================
project         version  artifacts                             why it is here
==============  =======  ====================================  =========================
alpha           1.0      wheel, sdist (hatchling)              two versions:
alpha           2.0      wheel, sdist (hatchling)              ``--upgrade-package``
beta            1.0      wheel, sdist (flit-core)              markers, an extra ``fast``
gamma           1.0      wheel, sdist (setuptools)             ``Requires-Python >=3.8,<4``
gamma           2.0      wheel                                 ``Requires-Python >=3.99``:
                                                               never chosen
delta           1.0      wheel (no PEP 658 file, 256 KiB),     range requests; zip sdist
                         sdist ``.zip`` (setuptools)
cyc-a, cyc-b    1.0      wheel, sdist (hatchling)              a dependency cycle
legacy-lib      0.9      wheel, legacy sdist (metadata 2.1)    setup.py, no pyproject
legacy-lib      1.0      legacy sdist only (metadata 2.2)      sdist-only release next to
                                                               an older wheel
native-crc      1.0      ``py3-none-manylinux_2_17_x86_64``    real ELF linked to libz,
                         wheel only                            vendored ``.libs`` library
plat-dep        1.0      wheel, sdist (pdm-backend)            ``sys_platform`` markers
linux-only      1.0      wheel, sdist (poetry-core)
win-only        1.0      wheel, sdist (no ``[build-system]``)
Friendly.Name   1.0      wheel, sdist (hatchling)              name normalization
cli-tool        1.0      wheel, sdist (hatchling)              entry points, ``beta[fast]``,
                                                               License-Expression (2.4)
==============  =======  ====================================  =========================

What uv 0.13 does with it (measured with the real uv against :mod:`index_server`):
uv reads an sdist's ``PKG-INFO`` without building when its Metadata-Version is
2.2 or later -- also in a legacy ``setup.py`` sdist -- so sdist-only releases
lock offline; with 2.1 it tries to build and asks the index for setuptools.
legacy-lib 0.9 keeps a 2.1 sdist beside its wheel, where uv reads the wheel.
The native wheel carries an interpreter-independent tag, so any CPython 3 locks
it; a ``cp311`` tag would tie the lock tests to Python 3.11.

The ``delta`` wheel has no PEP 658 file: uv then reads its METADATA with a HEAD
and range requests, and the 256 KiB stored member keeps those ranges smaller
than the file.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from packaging.utils import canonicalize_name

from tests.support.artifacts import (
    LEGACY,
    UNDECLARED,
    Distribution,
    build_sdist,
    build_wheel,
    escaped_name,
)
from tests.support.native import VENDORED_SONAME, compile_native_libraries

__all__ = [
    "CATALOGUE",
    "NATIVE_TAGS",
    "Artifact",
    "Release",
    "ReleaseSpec",
    "Universe",
    "build_universe",
]

#: The native wheel's tags (file name: ``…-py3-none-manylinux_2_17_x86_64.manylinux2014_x86_64``).
NATIVE_TAGS = ("py3-none-manylinux_2_17_x86_64", "py3-none-manylinux2014_x86_64")

_NATIVE_INIT = '''\
"""ctypes bindings to libnativecrc.so, which wraps zlib."""

import ctypes
from pathlib import Path

_lib = ctypes.CDLL(str(Path(__file__).with_name("libnativecrc.so")))
_lib.native_crc32.restype = ctypes.c_ulong
_lib.native_crc32.argtypes = (ctypes.c_char_p, ctypes.c_uint)


def crc32(data: bytes) -> int:
    return _lib.native_crc32(data, len(data))
'''


@dataclass(frozen=True, kw_only=True, slots=True)
class ReleaseSpec:
    """How one release of the catalogue is published.

    ``sdist`` is a backend name for :func:`build_sdist` or ``None`` for no
    sdist; ``pkg_info`` overrides the sdist's ``PKG-INFO`` Metadata-Version;
    ``native`` adds the compiled libraries and the manylinux tags.
    """

    dist: Distribution
    uploaded: str  # ISO 8601, as PEP 700's upload-time
    wheel: bool = True
    sdist: str | None = None
    sdist_archive: str = "tar.gz"
    pkg_info: str | None = None
    metadata_file: bool = True
    native: bool = False
    padding: int = 0  # bytes of stored, incompressible data added to the wheel


#: Every release the universe holds, in publishing order.
CATALOGUE: tuple[ReleaseSpec, ...] = (
    ReleaseSpec(
        dist=Distribution(name="alpha", version="1.0"),
        sdist="hatchling",
        uploaded="2024-01-10T09:00:00Z",
    ),
    ReleaseSpec(
        dist=Distribution(name="gamma", version="1.0", requires_python=">=3.8,<4"),
        sdist="setuptools",
        uploaded="2024-01-20T09:00:00Z",
    ),
    ReleaseSpec(
        dist=Distribution(name="delta", version="1.0"),
        sdist="setuptools",
        sdist_archive="zip",
        metadata_file=False,
        padding=256 * 1024,
        uploaded="2024-02-01T09:00:00Z",
    ),
    ReleaseSpec(
        dist=Distribution(
            name="beta",
            version="1.0",
            requires_python=">=3.9",
            dependencies=("alpha>=1.0", 'gamma>=1.0; python_version < "3.13"'),
            optional_dependencies={"fast": ("delta>=1.0",)},
        ),
        sdist="flit-core",
        uploaded="2024-02-10T09:00:00Z",
    ),
    ReleaseSpec(
        dist=Distribution(name="cyc-a", version="1.0", dependencies=("cyc-b>=1.0",)),
        sdist="hatchling",
        uploaded="2024-03-01T09:00:00Z",
    ),
    ReleaseSpec(
        dist=Distribution(name="cyc-b", version="1.0", dependencies=("cyc-a>=1.0",)),
        sdist="hatchling",
        uploaded="2024-03-01T09:05:00Z",
    ),
    ReleaseSpec(
        dist=Distribution(name="legacy-lib", version="0.9", dependencies=("alpha",)),
        sdist=LEGACY,
        pkg_info="2.1",
        uploaded="2024-03-10T09:00:00Z",
    ),
    ReleaseSpec(
        dist=Distribution(name="legacy-lib", version="1.0", dependencies=("alpha",)),
        wheel=False,
        sdist=LEGACY,
        pkg_info="2.2",
        uploaded="2024-04-10T09:00:00Z",
    ),
    ReleaseSpec(
        dist=Distribution(
            name="native-crc", version="1.0", modules={"native_crc/__init__.py": _NATIVE_INIT}
        ),
        native=True,
        uploaded="2024-04-20T09:00:00Z",
    ),
    ReleaseSpec(
        dist=Distribution(name="linux-only", version="1.0"),
        sdist="poetry-core",
        uploaded="2024-05-01T09:00:00Z",
    ),
    ReleaseSpec(
        dist=Distribution(name="win-only", version="1.0"),
        sdist=UNDECLARED,
        uploaded="2024-05-01T09:10:00Z",
    ),
    ReleaseSpec(
        dist=Distribution(
            name="plat-dep",
            version="1.0",
            dependencies=(
                'linux-only; sys_platform == "linux"',
                'win-only; sys_platform == "win32"',
            ),
        ),
        sdist="pdm-backend",
        uploaded="2024-05-02T09:00:00Z",
    ),
    ReleaseSpec(
        dist=Distribution(name="Friendly.Name", version="1.0"),
        sdist="hatchling",
        uploaded="2024-05-10T09:00:00Z",
    ),
    ReleaseSpec(
        dist=Distribution(
            name="cli-tool",
            version="1.0",
            requires_python=">=3.10",
            dependencies=("beta[fast]>=1.0",),
            entry_points={"console_scripts": {"cli-tool": "cli_tool:main"}},
            modules={"cli_tool/__init__.py": "def main() -> None:\n    print('cli-tool')\n"},
            license_expression="MIT",
        ),
        sdist="hatchling",
        uploaded="2024-06-01T09:00:00Z",
    ),
    ReleaseSpec(
        dist=Distribution(name="gamma", version="2.0", requires_python=">=3.99"),
        uploaded="2025-01-15T09:00:00Z",
    ),
    ReleaseSpec(
        dist=Distribution(name="alpha", version="2.0", requires_python=">=3.9"),
        sdist="hatchling",
        uploaded="2025-03-01T09:00:00Z",
    ),
)


@dataclass(frozen=True, kw_only=True, slots=True)
class Artifact:
    """One file of the universe, as the index serves it."""

    filename: str
    path: Path
    project: str  # normalized (PEP 503)
    version: str
    kind: Literal["wheel", "sdist"]
    sha256: str
    size: int
    metadata_sha256: str | None  # of the PEP 658 file, None when there is none
    backend: str | None  # sdists: a BACKENDS key, LEGACY or UNDECLARED; wheels: None
    upload_time: str


@dataclass(frozen=True, kw_only=True, slots=True)
class Release:
    """A published release: its distribution and its artifacts (wheel first)."""

    dist: Distribution
    project: str
    artifacts: tuple[Artifact, ...]

    @property
    def wheels(self) -> tuple[Artifact, ...]:
        return tuple(a for a in self.artifacts if a.kind == "wheel")

    @property
    def sdist(self) -> Artifact | None:
        return next((a for a in self.artifacts if a.kind == "sdist"), None)


@dataclass(frozen=True, kw_only=True, slots=True)
class Universe:
    """The built catalogue: where the files are and everything known about them."""

    root: Path
    releases: tuple[Release, ...]

    @property
    def artifacts(self) -> tuple[Artifact, ...]:
        return tuple(a for r in self.releases for a in r.artifacts)

    @property
    def projects(self) -> tuple[str, ...]:
        """Normalized project names, sorted."""
        return tuple(sorted({r.project for r in self.releases}))

    @property
    def upload_times(self) -> dict[str, str]:
        """File name → upload time, for :class:`~tests.support.index_server.IndexServer`."""
        return {a.filename: a.upload_time for a in self.artifacts}

    def versions(self, project: str) -> tuple[str, ...]:
        """The versions of ``project`` (any spelling), in publishing order."""
        wanted = canonicalize_name(project)
        return tuple(r.dist.version for r in self.releases if r.project == wanted)

    def release(self, project: str, version: str) -> Release:
        wanted = canonicalize_name(project)
        for release in self.releases:
            if release.project == wanted and release.dist.version == version:
                return release
        raise KeyError(f"{project} {version} is not in the universe")

    def artifact(self, filename: str) -> Artifact:
        for artifact in self.artifacts:
            if artifact.filename == filename:
                return artifact
        raise KeyError(f"{filename} is not in the universe")


def _padding(size: int) -> bytes:
    """``size`` deterministic bytes that do not compress (sha256 in counter mode)."""
    blocks = (hashlib.sha256(i.to_bytes(8, "big")).digest() for i in range(size // 32 + 1))
    return b"".join(blocks)[:size]


def _artifact(path: Path, spec: ReleaseSpec, kind: Literal["wheel", "sdist"]) -> Artifact:
    content = path.read_bytes()
    metadata = path.with_name(f"{path.name}.metadata")
    return Artifact(
        filename=path.name,
        path=path,
        project=canonicalize_name(spec.dist.name),
        version=spec.dist.version,
        kind=kind,
        sha256=hashlib.sha256(content).hexdigest(),
        size=len(content),
        metadata_sha256=(
            hashlib.sha256(metadata.read_bytes()).hexdigest() if metadata.is_file() else None
        ),
        backend=spec.sdist if kind == "sdist" else None,
        upload_time=spec.uploaded,
    )


def _publish(spec: ReleaseSpec, dest: Path) -> Release:
    artifacts = []
    if spec.native:
        libraries = compile_native_libraries()
        package = escaped_name(spec.dist.name)
        main = f"{package}/libnativecrc.so"
        wheel = build_wheel(
            spec.dist,
            dest,
            tags=NATIVE_TAGS,
            extra_files={
                main: libraries.main,
                f"{package}.libs/{VENDORED_SONAME}": libraries.vendored,
            },
            executable=frozenset({main}),
            metadata_file=spec.metadata_file,
        )
        artifacts.append(_artifact(wheel, spec, "wheel"))
    elif spec.wheel:
        extra = {}
        if spec.padding:
            extra[f"{escaped_name(spec.dist.name)}/_table.bin"] = _padding(spec.padding)
        wheel = build_wheel(
            spec.dist,
            dest,
            extra_files=extra,
            stored=frozenset(extra),
            metadata_file=spec.metadata_file,
        )
        artifacts.append(_artifact(wheel, spec, "wheel"))
    if spec.sdist is not None:
        sdist = build_sdist(
            spec.dist,
            dest,
            backend=spec.sdist,
            archive=spec.sdist_archive,
            metadata_version=spec.pkg_info,
        )
        artifacts.append(_artifact(sdist, spec, "sdist"))
    return Release(
        dist=spec.dist, project=canonicalize_name(spec.dist.name), artifacts=tuple(artifacts)
    )


def build_universe(dest: Path, catalogue: tuple[ReleaseSpec, ...] = CATALOGUE) -> Universe:
    """Build every release of ``catalogue`` into the existing directory ``dest``.

    Compiles the native wheel's libraries with ``gcc`` (the calling test fails
    when ``gcc`` or zlib's headers are missing; see :mod:`tests.support.native`).

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     universe = build_universe(Path(tmp), CATALOGUE[:1])
    ...     print([a.filename for a in universe.artifacts])
    ['alpha-1.0-py3-none-any.whl', 'alpha-1.0.tar.gz']
    """
    return Universe(root=dest, releases=tuple(_publish(spec, dest) for spec in catalogue))
