"""Plans of locks the real uv made against the test index: uv.lock and hashed requirements.

One project uses most of the universe (see :mod:`tests.support.universe`):
``plat-dep`` (``linux-only`` / ``win-only`` behind ``sys_platform``
markers), ``beta`` (``gamma`` for Python < 3.13, ``delta`` behind its extra
``fast``), the ``cyc-a`` <-> ``cyc-b`` cycle, ``native-crc`` (one
``manylinux_2_17_x86_64`` wheel, no sdist), ``legacy-lib`` (an sdist only)
and ``alpha`` (a pure wheel and an sdist); its extra ``fast`` asks for
``beta[fast]`` and its group ``dev`` for ``cli-tool``, which needs
``beta[fast]`` too.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path

import pytest
from packaging.utils import NormalizedName

from pynix.formats.pynix_settings import PackageSettings, Preference, Settings
from pynix.index import Cache, IndexClient
from pynix.load import load_lock, load_project
from pynix.locks.hashes import hex_to_sri
from pynix.model import LockFormat
from pynix.plan import Build, Plan, PlanMode, plan
from pynix.resolve.artifacts import resolve_artifacts
from tests.plan._support import installed, names
from tests.support.fixtures import write_project
from tests.support.index_server import IndexServer
from tests.support.universe import Universe
from tests.support.uv import uv_lock, uv_pip_compile

pytestmark = pytest.mark.slow

SYSTEMS = ("x86_64-linux", "aarch64-linux", "aarch64-darwin", "x86_64-windows")
ALL_PYTHONS = Settings(systems=SYSTEMS)
NOTHING_EXTRA = Settings(systems=SYSTEMS, extras=names(), groups=names())
NATIVE = "native_crc-1.0-py3-none-manylinux_2_17_x86_64.manylinux2014_x86_64.whl"
DEPENDENCIES = ["alpha", "beta", "plat-dep", "cyc-a", "native-crc", "legacy-lib"]


@pytest.fixture(scope="module")
def server(universe: Universe) -> Iterator[IndexServer]:
    with IndexServer(universe.root, upload_times=universe.upload_times) as running:
        yield running


@pytest.fixture(scope="module")
def demo(server: IndexServer, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo project, locked by uv (once for the module)."""
    directory = write_project(
        tmp_path_factory.mktemp("demo"),
        DEPENDENCIES,
        optional_dependencies={"fast": ["beta[fast]"]},
        dependency_groups={"dev": ["cli-tool"]},
    )
    uv_lock(directory, server.index_url)
    return directory


@pytest.fixture(scope="module")
def compiled(server: IndexServer, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``uv pip compile --universal --generate-hashes`` of the same dependencies."""
    directory = tmp_path_factory.mktemp("compiled")
    text = uv_pip_compile(
        "\n".join([*DEPENDENCIES, "beta[fast]"]) + "\n",
        server.index_url,
        "--universal",
        "--generate-hashes",
        "--emit-index-url",
    )
    (directory / "requirements.txt").write_text(text, encoding="utf-8")
    return directory


def _plan_demo(demo: Path, settings: Settings) -> Plan:
    return plan(load_lock(demo), load_project(demo), settings)


def _systems_of(result: Plan, name: str) -> list[str]:
    return [
        f"{t.platform.system} {t.interpreter.python_version}" for t in result.package(name).targets
    ]


def test_uv_lock_closures_follow_platform_markers(demo: Path) -> None:
    result = _plan_demo(demo, NOTHING_EXTRA)
    assert result.mode is PlanMode.LOCK_ROOTS
    assert [str(t) for t in result.targets][:4] == [
        "python311 on x86_64-linux", "python312 on x86_64-linux", "python313 on x86_64-linux",
        "python314 on x86_64-linux",
    ]  # fmt: skip
    assert len(result.targets) == 16
    linux = {f"{s} 3.{m}" for s in ("x86_64-linux", "aarch64-linux") for m in range(11, 15)}
    assert set(_systems_of(result, "linux-only")) == linux
    assert _systems_of(result, "win-only") == [f"x86_64-windows 3.{m}" for m in range(11, 15)]


def test_uv_lock_gamma_only_before_python_3_13(demo: Path) -> None:
    result = _plan_demo(demo, NOTHING_EXTRA)
    assert _systems_of(result, "gamma") == [f"{s} 3.{m}" for s in SYSTEMS for m in (11, 12)]
    (edge,) = result.package("gamma").dependents
    assert (edge.parent.name, str(edge.marker)) == ("beta", 'python_full_version < "3.13"')
    assert edge.targets == result.package("gamma").targets


def test_uv_lock_cycle_is_reported_with_its_cut(demo: Path) -> None:
    result = _plan_demo(demo, NOTHING_EXTRA)
    (cycle,) = result.cycles
    assert [str(m) for m in cycle.members] == ["cyc-a 1.0", "cyc-b 1.0"]
    assert [(e.parent.name, e.child.name) for e in cycle.cut] == [("cyc-b", "cyc-a")]
    assert cycle.targets == result.targets
    assert {"cyc-a 1.0", "cyc-b 1.0"} <= set(installed(result, "aarch64-linux", "3.13"))


def test_uv_lock_extra_pulls_delta_only_when_active(demo: Path) -> None:
    plain = _plan_demo(demo, NOTHING_EXTRA)
    assert "delta 1.0" not in installed(plain)
    beta = plain.environment("x86_64-linux", "3.12").by_name("beta")
    assert beta is not None
    assert beta.extras == ()
    fast = _plan_demo(demo, dataclasses.replace(NOTHING_EXTRA, extras=names("fast")))
    assert "delta 1.0" in installed(fast)
    beta = fast.environment("x86_64-linux", "3.12").by_name("beta")
    assert beta is not None
    assert beta.extras == ("fast",)
    # The dev group's cli-tool asks for beta[fast] as well.
    dev = _plan_demo(demo, dataclasses.replace(NOTHING_EXTRA, groups=names("dev")))
    assert {"cli-tool 1.0", "delta 1.0"} <= set(installed(dev))
    everything = _plan_demo(demo, ALL_PYTHONS)
    assert (everything.extras, everything.groups) == (("fast",), ("dev",))


def test_uv_lock_native_wheel_where_it_runs_and_an_error_elsewhere(
    demo: Path, universe: Universe
) -> None:
    result = _plan_demo(demo, NOTHING_EXTRA)
    entry = result.environment("x86_64-linux", "3.13").by_name("native-crc")
    assert entry is not None
    assert entry.artifact is not None
    assert (entry.build, entry.artifact.filename) == (Build.WHEEL, NATIVE)
    assert entry.artifact.hash == hex_to_sri(universe.artifact(NATIVE).sha256)
    darwin = result.environment("aarch64-darwin", "3.13").by_name("native-crc")
    assert darwin is not None
    assert darwin.build is Build.MISSING
    missing = [f for f in result.errors if f.code == "no-artifact"]
    assert [(f.subject, f.target) for f in missing] == [
        ("native-crc", "aarch64-linux"),
        ("native-crc", "aarch64-darwin"),
        ("native-crc", "x86_64-windows"),
    ]
    assert str(missing[1]) == (
        f"error: {demo / 'uv.lock'}: package[10]: native-crc 1.0: no compatible wheel and no sdist "
        "[aarch64-darwin] (its wheels are for manylinux2014_x86_64, manylinux_2_17_x86_64)"
    )


def test_uv_lock_wheels_before_sdists_unless_preferred(demo: Path, universe: Universe) -> None:
    result = _plan_demo(demo, NOTHING_EXTRA)
    alpha = result.package("alpha")
    (choice,) = alpha.choices
    assert choice.artifact is not None
    assert (choice.build, choice.artifact.filename, len(choice.targets)) == (
        Build.WHEEL, "alpha-2.0-py3-none-any.whl", 16,
    )  # fmt: skip
    assert choice.artifact.url is not None
    assert choice.artifact.url.endswith("/files/alpha-2.0-py3-none-any.whl")
    (legacy,) = result.package("legacy-lib").choices
    assert legacy.artifact is not None
    assert (legacy.build, legacy.artifact.filename) == (Build.SDIST, "legacy_lib-1.0.tar.gz")
    sdist = dataclasses.replace(
        NOTHING_EXTRA, packages={NormalizedName("alpha"): PackageSettings(prefer=Preference.SDIST)}
    )
    (choice,) = _plan_demo(demo, sdist).package("alpha").choices
    assert choice.artifact is not None
    assert (choice.build, choice.artifact.filename) == (Build.SDIST, "alpha-2.0.tar.gz")
    assert choice.artifact.hash == hex_to_sri(universe.artifact("alpha-2.0.tar.gz").sha256)


def test_hashed_requirements_resolved_through_the_index_then_planned(
    compiled: Path, server: IndexServer, universe: Universe, tmp_path: Path
) -> None:
    lock = load_lock(compiled)
    assert lock.format is LockFormat.REQUIREMENTS
    with IndexClient(
        [server.index_url], cache=Cache(tmp_path), environ={}, netrc=tmp_path / "n"
    ) as client:
        resolved = resolve_artifacts(lock, client)
    for package in resolved.packages:
        assert package.version is not None
        release = universe.release(package.name, package.version)
        assert {(a.filename, a.hash) for a in package.artifacts} == {
            (a.filename, hex_to_sri(a.sha256)) for a in release.artifacts
        }
    result = plan(resolved, load_project(compiled), ALL_PYTHONS)
    assert result.mode is PlanMode.ALL_PINS
    assert _systems_of(result, "win-only") == [f"x86_64-windows 3.{m}" for m in range(11, 15)]
    assert _systems_of(result, "gamma") == [f"{s} 3.{m}" for s in SYSTEMS for m in (11, 12)]
    assert "delta 1.0" in installed(result)
    entry = result.environment("x86_64-linux", "3.11").by_name("native-crc")
    assert entry is not None
    assert entry.artifact is not None
    assert entry.artifact.filename == NATIVE
    # No graph in a requirements file, so no cycle; the errors are native-crc's.
    assert result.cycles == ()
    assert {f.subject for f in result.errors} == {"native-crc"}
