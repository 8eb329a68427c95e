"""The lock fixtures as ``pynix generate`` cases: each with its project, settings and snapshot.

Hand-written locks (``tests/fixtures/locks``) hold no project file, so each
case names the project the lock belongs to, the settings it is planned with
and whether names and versions come from :data:`STANDIN_VERSIONS` (a
snapshot of the nixpkgs stand-in, checked against it by
``test_the_standin_snapshot_is_the_standin``).
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from packaging.specifiers import SpecifierSet
from packaging.utils import NormalizedName

from pynix.formats.pynix_settings import PackageSettings, Preference, Settings
from pynix.load import load_lock, load_project
from pynix.model import BuildSystem, Dependency, Project, ProjectFormat
from pynix.nixpkgs.names import NameMap
from pynix.nixpkgs.snapshot import Snapshot, parse_snapshot
from pynix.plan import Plan, plan
from pynix.render.generate import GenerateOptions

__all__ = [
    "CASES",
    "LOCKS",
    "STANDIN_VERSIONS",
    "Case",
    "case_plan",
    "standin_names",
    "standin_snapshot",
]

LOCKS = Path(__file__).resolve().parents[1] / "fixtures" / "locks"

#: Every Python package of the stand-in (tests/support/nixpkgs/python-packages.nix) and its version.
STANDIN_VERSIONS = {
    "certifi": "2024.8.30",
    "charset-normalizer": "3.3.2",
    "click": "8.1.7",
    "colorama": "0.4.6",
    "exceptiongroup": "1.2.2",
    "flit-core": "3.9.0",
    "hatch-vcs": "0.4.0",
    "hatchling": "1.25.0",
    "idna": "3.8",
    "iniconfig": "2.0.0",
    "packaging": "24.1",
    "pathspec": "0.12.1",
    "pluggy": "1.5.0",
    "pysocks": "1.7.1",
    "pytest": "8.3.2",
    "requests": "2.32.3",
    "setuptools": "75.1.0",
    "setuptools-scm": "8.1.0",
    "tomli": "2.0.1",
    "trove-classifiers": "2024.7.2",
    "typing-extensions": "4.12.2",
    "urllib3": "2.2.2",
    "uvloop": "0.20.0",
    "wheel": "0.44.0",
    "zope-interface": "7.0.3",
}


def standin_snapshot() -> Snapshot:
    """A snapshot of the stand-in's ``python312.pkgs``."""
    return parse_snapshot(
        {
            "schema": "pynix-nixpkgs-snapshot/1",
            "nixpkgs": {"revision": None, "path": None},
            "python": {"attr": "python312", "version": "3.12.5", "implementation": "cpython"},
            "packages": {
                attr: {"pname": attr, "version": version}
                for attr, version in STANDIN_VERSIONS.items()
            },
            "aliases": {},
            "broken": [],
        },
        file="stand-in",
    )


def standin_names() -> NameMap:
    return NameMap.from_snapshot(standin_snapshot())


@dataclasses.dataclass(frozen=True, kw_only=True, slots=True)
class Case:
    """One lock fixture planned for one project."""

    lock: str
    project: Project
    settings: Settings = dataclasses.field(default_factory=Settings)
    snapshot: bool = False
    options: GenerateOptions = dataclasses.field(default_factory=GenerateOptions)


def _deps(*items: str) -> tuple[Dependency, ...]:
    return tuple(Dependency.parse(i) for i in items)


def _names(*items: str) -> tuple[NormalizedName, ...]:
    return tuple(NormalizedName(i) for i in items)


HATCHLING = BuildSystem(requires=_deps("hatchling"), backend="hatchling.build")
LINUX_AND_MAC = ("x86_64-linux", "aarch64-darwin")
SHOP_DEPENDENCIES = (
    "humanize", "internal-tools", "legacy-utils", "monorepo-helper", "pinned-wheel", "shop-api",
    "shop-core", "toolkit", "tzdata", "vendored-lib",
)  # fmt: skip

CASES: dict[str, Case] = {
    # A uv project with extras, a group, markers; nixpkgs has several pins at the same
    # version, and pytest is wanted from nixpkgs' recipe.
    "uv-tree": Case(
        lock="uv-tree/uv.lock",
        project=Project(
            format=ProjectFormat.UV,
            name="weather",
            version="0.3.0",
            description="Weather in the terminal",
            license="MIT",
            requires_python=SpecifierSet(">=3.11"),
            dependencies=_deps(
                "colorama; sys_platform == 'win32'", "httpx[http2]>=0.27", "rich>=13"
            ),
            optional_dependencies={NormalizedName("cli"): _deps("click>=8")},
            dependency_groups={NormalizedName("dev"): _deps("pytest>=8")},
            build_system=HATCHLING,
            scripts={"weather": "weather.cli:main"},
        ),
        settings=Settings(
            packages={NormalizedName("pytest"): PackageSettings(prefer=Preference.NIXPKGS)}
        ),
        snapshot=True,
    ),
    # uv's forks: torch from PyPI on macOS, +cpu from PyTorch's index (linux_x86_64 wheels).
    "uv-fork": Case(
        lock="uv-fork/uv.lock",
        project=Project(format=ProjectFormat.UV, name="classifier", version="0.1.0"),
        settings=Settings(
            systems=LINUX_AND_MAC,
            packages={NormalizedName("torch"): PackageSettings(linux_wheels=True)},
        ),
    ),
    # A workspace with git, url, path and directory sources.
    "uv-sources": Case(
        lock="uv-sources/uv.lock",
        project=Project(
            format=ProjectFormat.UV,
            name="shop",
            version="1.0.0",
            requires_python=SpecifierSet(">=3.12"),
            dependencies=_deps(*SHOP_DEPENDENCIES),
            build_system=HATCHLING,
            scripts={"shop": "shop:main", "shop-admin": "shop.admin:main"},
        ),
        settings=Settings(systems=LINUX_AND_MAC),
    ),
    # sphinx <-> sphinxcontrib-* and tango <-> tango-plugins, under a virtual root.
    "uv-cycle": Case(
        lock="uv-cycle/uv.lock",
        project=Project(format=ProjectFormat.UV, name="docs-site", version="0.1.0"),
        settings=Settings(python_versions=("3.12", "3.13")),
    ),
    "poetry-1.1": Case(
        lock="poetry-1.1/poetry.lock",
        project=Project(
            format=ProjectFormat.POETRY,
            name="analysis",
            version="2.0.0",
            dependencies=_deps("pandas>=1.5", "numba>=0.56", "requests[socks]>=2.28"),
            dependency_groups={NormalizedName("dev"): _deps("colorama")},
            build_system=BuildSystem(
                requires=_deps("poetry-core"), backend="poetry.core.masonry.api"
            ),
        ),
        settings=Settings(systems=("x86_64-linux",), python_versions=("3.11",)),
    ),
    "poetry-2.1": Case(
        lock="poetry-2.1/poetry.lock",
        project=Project(
            format=ProjectFormat.POETRY,
            name="shop",
            version="1.2.0",
            dependencies=_deps("django>=5", "acme-auth", "local-widgets", "django-extensions"),
            dependency_groups={NormalizedName("dev"): _deps("pytest")},
        ),
        settings=Settings(
            systems=LINUX_AND_MAC,
            python_versions=("3.12",),
            packages={NormalizedName("urllib3"): PackageSettings(prefer=Preference.NIXPKGS)},
        ),
        snapshot=True,
    ),
    "pdm-old": Case(
        lock="pdm-old/pdm.lock",
        project=Project(
            format=ProjectFormat.PDM,
            name="fetcher",
            version="0.4.0",
            dependencies=_deps("requests[socks]>=2.28", "click>=8"),
            build_system=BuildSystem(requires=_deps("pdm-backend"), backend="pdm.backend"),
        ),
        settings=Settings(python_versions=("3.11",)),
        snapshot=True,
    ),
    "pdm-current": Case(
        lock="pdm-current/pdm.lock",
        project=Project(
            format=ProjectFormat.PDM,
            name="service",
            version="1.0.0",
            requires_python=SpecifierSet(">=3.10"),
            dependencies=_deps("anyio>=4", "fastapi-utils", "mylib", "uvloop"),
            dependency_groups={NormalizedName("dev"): _deps("pytest>=8")},
        ),
        settings=Settings(systems=("x86_64-linux",), python_versions=("3.12",)),
    ),
    # PEP 751: every pin whose marker holds, no project to build.
    "pylock": Case(
        lock="pylock/pylock.toml",
        project=Project(format=ProjectFormat.REQUIREMENTS_TXT),
        settings=Settings(systems=LINUX_AND_MAC, python_versions=("3.12",)),
    ),
    # Hashed requirements before the index completes them: no file is known.
    "requirements": Case(
        lock="requirements/requirements.txt",
        project=load_project(LOCKS / "requirements" / "requirements.txt"),
        settings=Settings(systems=("x86_64-linux",), python_versions=("3.11", "3.12")),
    ),
}


def case_plan(case: Case) -> Plan:
    """The plan of ``case`` (its lock's errors are findings of the plan, not raised)."""
    lock = load_lock(LOCKS / case.lock)
    lock = dataclasses.replace(lock, source_file=case.lock.split("/")[-1])
    return plan(lock, case.project, case.settings)
