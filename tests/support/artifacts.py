"""Wheels, sdists and PEP 658 metadata files built by hand for the test index.

No build backend runs and nothing is downloaded: the archives are assembled
member by member with :mod:`tests.support.archives`, so every build of the same
:class:`Distribution` is byte-identical on every machine (the native wheel is
byte-identical for a given ``gcc``; see :mod:`tests.support.native`).

Formats followed:

* wheels -- the binary distribution format (PEP 427 and its living spec):
  ``{name}-{version}-{tag}.whl`` with the name escaped (``-``/``.`` → ``_``),
  a ``.dist-info`` directory holding ``METADATA`` (core metadata 2.3; 2.4 with
  ``License-Expression``), ``WHEEL``,
  ``top_level.txt``, optional ``entry_points.txt`` and ``RECORD`` last, whose
  rows carry the urlsafe-base64 sha256 (no padding) and size of every other
  member;
* sdists -- the source distribution format: ``{name}-{version}.tar.gz`` (or
  ``.zip``) with one top directory ``{name}-{version}/`` holding ``PKG-INFO``
  (core metadata 2.2 or later, so installers may trust it, unless the caller
  asks for 2.1 as old setuptools wrote), ``pyproject.toml`` with its
  ``[build-system]`` table (PEP 517/518) and the package source under ``src/``;
  a *legacy* sdist has ``setup.py`` and ``setup.cfg`` instead of
  ``pyproject.toml``;
* PEP 658: the metadata file served next to a wheel is exactly the wheel's
  ``METADATA`` bytes.

Traps: a marker on a dependency of an extra must be parenthesised before
``and extra == "x"`` is appended (``a; python_version < "3.12" or
os_name == "nt"`` would otherwise bind wrongly); ``RECORD`` lists itself with
empty hash and size.

>>> dist = Distribution(name="demo", version="1.0", dependencies=("alpha>=1",))
>>> print(core_metadata(dist), end="")
Metadata-Version: 2.3
Name: demo
Version: 1.0
Summary: demo, a package of the pynix test index
Requires-Dist: alpha>=1
"""

from __future__ import annotations

import base64
import csv
import hashlib
import io
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import tomli_w

from tests.support.archives import tar_gz_bytes, zip_bytes

__all__ = [
    "BACKENDS",
    "LEGACY",
    "UNDECLARED",
    "BuildSystem",
    "Distribution",
    "build_sdist",
    "build_wheel",
    "core_metadata",
    "escaped_name",
    "import_name",
    "sha256_file",
    "wheel_members",
]


@dataclass(frozen=True, kw_only=True, slots=True)
class BuildSystem:
    """A ``[build-system]`` table as an sdist's ``pyproject.toml`` declares it."""

    requires: tuple[str, ...]
    backend: str


#: Realistic ``[build-system]`` tables, by the name the universe uses for them.
BACKENDS: Mapping[str, BuildSystem] = {
    "hatchling": BuildSystem(requires=("hatchling>=1.24",), backend="hatchling.build"),
    "flit-core": BuildSystem(requires=("flit_core>=3.9,<4",), backend="flit_core.buildapi"),
    "setuptools": BuildSystem(
        requires=("setuptools>=68", "wheel"), backend="setuptools.build_meta"
    ),
    "poetry-core": BuildSystem(requires=("poetry-core>=1.9",), backend="poetry.core.masonry.api"),
    "pdm-backend": BuildSystem(requires=("pdm-backend>=2.3",), backend="pdm.backend"),
}
#: ``build_sdist(backend=LEGACY)``: ``setup.py`` + ``setup.cfg``, no ``pyproject.toml``.
LEGACY = "legacy"
#: ``build_sdist(backend=UNDECLARED)``: a ``pyproject.toml`` without ``[build-system]``.
UNDECLARED = "undeclared"


@dataclass(frozen=True, kw_only=True, slots=True)
class Distribution:
    """One release of a project: what its metadata says and what its source holds.

    ``modules`` maps paths relative to the archive root (wheel) or to ``src/``
    (sdist) to their text; by default one ``<import name>/__init__.py`` with a
    ``__version__``. ``entry_points`` maps a group (``console_scripts``) to
    ``{name: "module:function"}``.
    """

    name: str
    version: str
    summary: str = ""
    requires_python: str | None = None
    dependencies: tuple[str, ...] = ()
    optional_dependencies: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    entry_points: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    modules: Mapping[str, str] = field(default_factory=dict)
    license_expression: str | None = None

    def sources(self) -> dict[str, str]:
        """The package's files, sorted by path."""
        modules = self.modules or {
            f"{import_name(self.name)}/__init__.py": f'__version__ = "{self.version}"\n'
        }
        return dict(sorted(modules.items()))


def escaped_name(name: str) -> str:
    """A project name as file names spell it: runs of ``-_.`` become ``_``, lower case.

    >>> escaped_name("Friendly.Name-Thing")
    'friendly_name_thing'
    """
    return re.sub(r"[-_.]+", "_", name).lower()


def import_name(name: str) -> str:
    """The top-level module the universe gives a project (its escaped name).

    >>> import_name("cyc-a")
    'cyc_a'
    """
    return escaped_name(name)


def _with_extra(requirement: str, extra: str) -> str:
    name_part, _, marker = requirement.partition(";")
    if marker.strip():
        return f'{name_part.strip()}; ({marker.strip()}) and extra == "{extra}"'
    return f'{name_part.strip()}; extra == "{extra}"'


def core_metadata(dist: Distribution, *, metadata_version: str | None = None) -> str:
    """The core metadata file (``METADATA``/``PKG-INFO``) of ``dist``.

    ``metadata_version`` defaults to 2.4 when ``License-Expression`` is
    present (it needs 2.4), else 2.3.

    >>> dist = Distribution(
    ...     name="beta", version="1.0", optional_dependencies={"fast": ('gamma; os_name == "nt"',)}
    ... )
    >>> print(core_metadata(dist), end="")  # doctest: +ELLIPSIS
    Metadata-Version: 2.3
    ...
    Provides-Extra: fast
    Requires-Dist: gamma; (os_name == "nt") and extra == "fast"
    """
    if metadata_version is None:
        metadata_version = "2.3" if dist.license_expression is None else "2.4"
    lines = [
        f"Metadata-Version: {metadata_version}",
        f"Name: {dist.name}",
        f"Version: {dist.version}",
        f"Summary: {dist.summary or f'{dist.name}, a package of the pynix test index'}",
    ]
    if dist.license_expression is not None:
        lines.append(f"License-Expression: {dist.license_expression}")
    if dist.requires_python is not None:
        lines.append(f"Requires-Python: {dist.requires_python}")
    lines += [f"Requires-Dist: {requirement}" for requirement in dist.dependencies]
    for extra, requirements in sorted(dist.optional_dependencies.items()):
        lines.append(f"Provides-Extra: {extra}")
        lines += [f"Requires-Dist: {_with_extra(r, extra)}" for r in requirements]
    return "\n".join(lines) + "\n"


def _record_hash(content: bytes) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(content).digest()).rstrip(b"=")
    return f"sha256={digest.decode('ascii')}"


def _entry_points(dist: Distribution) -> str:
    sections = []
    for group, entries in sorted(dist.entry_points.items()):
        body = "".join(f"{name} = {target}\n" for name, target in sorted(entries.items()))
        sections.append(f"[{group}]\n{body}")
    return "\n".join(sections)


def wheel_members(
    dist: Distribution,
    *,
    tags: tuple[str, ...] = ("py3-none-any",),
    extra_files: Mapping[str, bytes] = {},
    purelib: bool = True,
) -> dict[str, bytes]:
    """The members of the wheel of ``dist``, in archive order (``RECORD`` last).

    ``extra_files`` (archive path → bytes) are added beside the sources, e.g.
    compiled shared objects.
    """
    dist_info = f"{escaped_name(dist.name)}-{dist.version}.dist-info"
    members = {path: text.encode() for path, text in dist.sources().items()}
    members.update(extra_files)
    members = dict(sorted(members.items()))
    members[f"{dist_info}/METADATA"] = core_metadata(dist).encode()
    wheel = ["Wheel-Version: 1.0", "Generator: pynix-tests (1.0)"]
    wheel.append(f"Root-Is-Purelib: {'true' if purelib else 'false'}")
    wheel += [f"Tag: {tag}" for tag in tags]
    members[f"{dist_info}/WHEEL"] = ("\n".join(wheel) + "\n").encode()
    tops = sorted({path.split("/")[0] for path in dist.sources()})
    members[f"{dist_info}/top_level.txt"] = "".join(f"{t}\n" for t in tops).encode()
    if dist.entry_points:
        members[f"{dist_info}/entry_points.txt"] = _entry_points(dist).encode()
    record = io.StringIO()
    writer = csv.writer(record, lineterminator="\n")
    for path, content in members.items():
        writer.writerow([path, _record_hash(content), len(content)])
    writer.writerow([f"{dist_info}/RECORD", "", ""])
    members[f"{dist_info}/RECORD"] = record.getvalue().encode()
    return members


def build_wheel(
    dist: Distribution,
    dest: Path,
    *,
    tags: tuple[str, ...] = ("py3-none-any",),
    extra_files: Mapping[str, bytes] = {},
    executable: frozenset[str] = frozenset(),
    stored: frozenset[str] = frozenset(),
    metadata_file: bool = True,
) -> Path:
    """Write the wheel of ``dist`` into ``dest`` and return its path.

    ``tags`` are the wheel's compressed tag set in file-name order (e.g.
    ``("py3-none-manylinux_2_17_x86_64", "py3-none-manylinux2014_x86_64")``
    gives ``…-py3-none-manylinux_2_17_x86_64.manylinux2014_x86_64.whl``). With
    ``metadata_file`` the PEP 658 file ``<wheel>.metadata`` is written beside it.
    A wheel whose tags are not all ``…-none-any`` is not pure
    (``Root-Is-Purelib: false``). Members named in ``executable`` get mode
    0755; those in ``stored`` are not compressed.

    >>> import tempfile, zipfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     path = build_wheel(Distribution(name="Demo.Pkg", version="1.0"), Path(tmp))
    ...     print(path.name, zipfile.ZipFile(path).namelist()[0])
    demo_pkg-1.0-py3-none-any.whl demo_pkg/__init__.py
    """
    interpreters, abis, platforms = zip(*(tag.split("-") for tag in tags), strict=True)
    tag = "-".join(".".join(dict.fromkeys(part)) for part in (interpreters, abis, platforms))
    filename = f"{escaped_name(dist.name)}-{dist.version}-{tag}.whl"
    purelib = all(tag.endswith("-none-any") for tag in tags)
    members = wheel_members(dist, tags=tags, extra_files=extra_files, purelib=purelib)
    path = dest / filename
    path.write_bytes(zip_bytes(members, executable=executable, stored=stored))
    if metadata_file:
        (dest / f"{filename}.metadata").write_bytes(core_metadata(dist).encode())
    return path


def _pyproject(dist: Distribution, backend: str) -> str:
    document: dict[str, object] = {}
    if backend in BACKENDS:
        system = BACKENDS[backend]
        document["build-system"] = {
            "requires": list(system.requires),
            "build-backend": system.backend,
        }
    project: dict[str, object] = {"name": dist.name, "version": dist.version}
    if dist.requires_python is not None:
        project["requires-python"] = dist.requires_python
    project["dependencies"] = list(dist.dependencies)
    if dist.optional_dependencies:
        project["optional-dependencies"] = {
            extra: list(requirements)
            for extra, requirements in sorted(dist.optional_dependencies.items())
        }
    scripts = dict(sorted(dist.entry_points.get("console_scripts", {}).items()))
    if scripts:
        project["scripts"] = scripts
    others = {
        g: dict(sorted(e.items()))
        for g, e in sorted(dist.entry_points.items())
        if g != "console_scripts"
    }
    if others:
        project["entry-points"] = others
    document["project"] = project
    return tomli_w.dumps(document)


def _setup_files(dist: Distribution) -> dict[str, str]:
    """``setup.py`` and ``setup.cfg`` of a legacy (pre-PEP 517) sdist."""
    cfg = ["[metadata]", f"name = {dist.name}", f"version = {dist.version}", "", "[options]"]
    cfg.append("package_dir =\n    = src")
    cfg.append("packages = find:")
    if dist.requires_python is not None:
        cfg.append(f"python_requires = {dist.requires_python}")
    if dist.dependencies:
        cfg.append("install_requires =" + "".join(f"\n    {r}" for r in dist.dependencies))
    cfg += ["", "[options.packages.find]", "where = src"]
    if dist.optional_dependencies:
        cfg += ["", "[options.extras_require]"]
        for extra, requirements in sorted(dist.optional_dependencies.items()):
            cfg.append(f"{extra} =" + "".join(f"\n    {r}" for r in requirements))
    return {
        "setup.cfg": "\n".join(cfg) + "\n",
        "setup.py": "from setuptools import setup\n\nsetup()\n",
    }


def build_sdist(
    dist: Distribution,
    dest: Path,
    *,
    backend: str,
    archive: str = "tar.gz",
    metadata_version: str | None = None,
) -> Path:
    """Write the sdist of ``dist`` into ``dest`` and return its path.

    ``backend`` names an entry of :data:`BACKENDS` (its ``[build-system]`` goes
    into ``pyproject.toml``), or is :data:`UNDECLARED` (a ``pyproject.toml``
    without ``[build-system]``: PEP 518's setuptools default applies) or
    :data:`LEGACY` (``setup.py`` and ``setup.cfg``, no ``pyproject.toml``).
    ``archive`` is ``"tar.gz"`` or ``"zip"``; ``PKG-INFO`` declares
    ``metadata_version`` (by default as :func:`core_metadata` chooses). uv
    trusts ``PKG-INFO`` from 2.2 on; an sdist with 2.1 and no wheel of the same
    version needs a build, which the offline test index cannot provide.

    >>> import tempfile, tarfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     path = build_sdist(
    ...         Distribution(name="demo", version="1.0"), Path(tmp), backend="flit-core"
    ...     )
    ...     print(path.name, *tarfile.open(path).getnames())
    demo-1.0.tar.gz demo-1.0/PKG-INFO demo-1.0/pyproject.toml demo-1.0/src/demo/__init__.py
    """
    if backend not in BACKENDS and backend not in (LEGACY, UNDECLARED):
        raise ValueError(f"unknown build backend {backend!r}")
    root = f"{escaped_name(dist.name)}-{dist.version}"
    files = {"PKG-INFO": core_metadata(dist, metadata_version=metadata_version)}
    if backend == LEGACY:
        files.update(_setup_files(dist))
    else:
        files["pyproject.toml"] = _pyproject(dist, backend)
    files.update({f"src/{path}": text for path, text in dist.sources().items()})
    members = {f"{root}/{path}": text.encode() for path, text in sorted(files.items())}
    if archive == "tar.gz":
        blob = tar_gz_bytes(members)
    elif archive == "zip":
        blob = zip_bytes(members)
    else:
        raise ValueError(f"unknown sdist archive kind {archive!r}")
    path = dest / f"{root}.{archive}"
    path.write_bytes(blob)
    return path


def sha256_file(path: Path) -> str:
    """The hex sha256 of the file at ``path``."""
    return hashlib.sha256(path.read_bytes()).hexdigest()
