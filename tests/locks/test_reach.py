"""Reachability markers: where each pin is installed, walking the graph from the roots."""

from __future__ import annotations

from typing import Any

import pytest
from packaging.markers import Marker
from packaging.utils import NormalizedName

from pynix.locks._reach import MAX_TERMS, reachable_markers
from pynix.locks.uv_lock import read_uv_lock
from pynix.model import (
    LockedDependency,
    LockedPackage,
    LockFormat,
    LockSet,
    PathSource,
    RegistrySource,
)
from tests.locks._support import fixture

PYPI = RegistrySource(url="https://pypi.org/simple")
ROOT = PathSource(path=".", editable=True)

# (scenario, package, version, reachable marker)
FIXTURES = [
    ("uv-tree", "weather", "0.3.0", None),
    ("uv-tree", "h2", "4.1.0", None),
    ("uv-tree", "colorama", "0.4.6", "sys_platform == 'win32'"),
    ("uv-tree", "click", "8.1.7", "'cli' in extras"),
    ("uv-tree", "iniconfig", "2.0.0", "'dev' in dependency_groups"),
    ("uv-cycle", "sphinx", "6.2.1", None),
    ("uv-cycle", "tango-plugins", "2.3.0", None),
    ("uv-fork", "torch", "2.5.1", "sys_platform == 'darwin'"),
    ("uv-fork", "setuptools", "75.1.0",
     ("(python_full_version >= '3.12' and sys_platform != 'darwin') or "
      "(python_full_version >= '3.12' and sys_platform == 'darwin')")),
]  # fmt: skip


def pin(name: str, source: Any = PYPI, **fields: Any) -> LockedPackage:
    return LockedPackage(
        name=NormalizedName(name), version=fields.pop("version", "1"), source=source, **fields
    )


def to(
    name: str, *extras: str, marker: str | None = None, version: str | None = None
) -> LockedDependency:
    return LockedDependency(
        name=NormalizedName(name),
        extras=tuple(NormalizedName(e) for e in extras),
        marker=Marker(marker) if marker else None,
        version=version,
    )


def markers(*packages: LockedPackage) -> dict[str, str | None]:
    lock = LockSet(format=LockFormat.UV, packages=packages, roots=(NormalizedName("app"),))
    found = reachable_markers(lock)
    return {
        f"{p.name}=={p.version}": (
            None if (m := found[p.name, p.version, p.source]) is None else str(m)
        )
        for p in packages
    }


@pytest.mark.parametrize(
    ("scenario", "name", "version", "marker"), FIXTURES, ids=[f"{f[0]}-{f[1]}" for f in FIXTURES]
)
def test_fixture_markers(scenario: str, name: str, version: str, marker: str | None) -> None:
    lock = read_uv_lock(fixture(scenario, "uv.lock"))
    (package,) = [p for p in lock.packages if p.name == name and p.version == version]
    found = reachable_markers(lock)[package.name, package.version, package.source]
    assert found == (Marker(marker) if marker else None)


def test_extras_of_dependencies_carry_the_edge_marker() -> None:
    found = markers(
        pin("app", ROOT, dependencies=(to("httpx", "http2", marker="os_name == 'posix'"),)),
        pin("httpx", optional_dependencies={NormalizedName("http2"): (to("h2"),)}),
        pin("h2"),
    )
    assert found == {
        "app==1": None,
        "httpx==1": 'os_name == "posix"',
        "h2==1": 'os_name == "posix"',
    }


def test_edge_markers_are_split_into_their_parts() -> None:
    first = "os_name == 'nt' and python_version < '3.12'"
    second = "python_version < '3.12' and (os_name == 'nt' or platform_version == 'a and b')"
    found = markers(
        pin("app", ROOT, dependencies=(to("a", marker=first),)),
        pin("a", dependencies=(to("b", marker=second),)),
        pin("b"),
    )
    assert found["b==1"] == (
        'os_name == "nt" and (os_name == "nt" or platform_version == "a and b") '
        'and python_version < "3.12"'
    )


def test_a_shorter_path_absorbs_a_longer_one() -> None:
    found = markers(
        pin("app", ROOT, dependencies=(to("a", marker="os_name == 'nt'"), to("b"))),
        pin("a", dependencies=(to("c", marker="python_version < '3.12'"),)),
        pin("b", dependencies=(to("c"),)),
        pin("c"),
    )
    assert found["c==1"] is None
    assert found["a==1"] == 'os_name == "nt"'


def test_versioned_edges_reach_one_pin_and_pin_markers_are_kept() -> None:
    found = markers(
        pin("app", ROOT, dependencies=(
            to("torch", marker="sys_platform == 'darwin'", version="2"),
            to("torch", marker="sys_platform != 'darwin'", version="2+cpu"),
        )),
        pin("torch", version="2", marker=Marker("python_version >= '3.11'")),
        pin("torch", version="2+cpu"),
        pin("orphan", marker=Marker("os_name == 'nt'")),
    )  # fmt: skip
    assert found == {
        "app==1": None,
        "torch==2": 'sys_platform == "darwin" and python_version >= "3.11"',
        "torch==2+cpu": 'sys_platform != "darwin"',
        "orphan==1": 'os_name == "nt"',
    }


def test_groups_are_only_taken_from_roots() -> None:
    found = markers(
        pin("app", ROOT, dependency_groups={NormalizedName("test"): (to("lib"),)}),
        pin("lib", dependency_groups={NormalizedName("dev"): (to("never"),)}),
        pin("never"),
    )
    assert found["lib==1"] == '"test" in dependency_groups'
    assert found["never==1"] is None  # not reachable: keeps its own (absent) marker


def test_too_many_alternatives_give_up_to_everywhere() -> None:
    edges = tuple(
        to("hub", marker=f"python_full_version == '3.{i}.0'") for i in range(MAX_TERMS + 1)
    )
    found = markers(pin("app", ROOT, dependencies=edges), pin("hub"))
    assert found["hub==1"] is None
    few = markers(pin("app", ROOT, dependencies=edges[:2]), pin("hub"))
    assert few["hub==1"] == 'python_full_version == "3.0.0" or python_full_version == "3.1.0"'
