"""Closures: which pins the roots reach on a target, through which edges, with which extras."""

from __future__ import annotations

import dataclasses

from packaging.markers import Marker
from packaging.specifiers import SpecifierSet
from packaging.utils import NormalizedName

from pynix.formats.pynix_settings import Settings
from pynix.model import Dependency, LockFormat, LockSet, Project, ProjectFormat, RegistrySource
from pynix.plan import Build, Pin, PlanMode, plan
from tests.plan._support import (
    ONE_TARGET,
    PYPI,
    dep,
    installed,
    messages,
    names,
    pin,
    root,
    uv_lock,
)

# beta: a plain dependency, one behind an extra marker (the metadata way) and one in its
# optional dependencies (the lock way); both need beta[fast].
BETA = pin(
    "beta",
    "1.0",
    dep("alpha"),
    dep("delta", marker="extra == 'fast'"),
    optional={"fast": [dep("epsilon")]},
)
COMMON = (pin("alpha"), pin("delta"), pin("epsilon"))


def test_an_extra_is_followed_only_when_asked_for() -> None:
    plain = plan(uv_lock(root("app", dep("beta")), BETA, *COMMON), settings=ONE_TARGET)
    assert installed(plain) == ["alpha 1.0", "app 0.1.0", "beta 1.0"]
    fast = plan(uv_lock(root("app", dep("beta", "fast")), BETA, *COMMON), settings=ONE_TARGET)
    assert installed(fast) == ["alpha 1.0", "app 0.1.0", "beta 1.0", "delta 1.0", "epsilon 1.0"]
    environment = fast.environment("x86_64-linux", "3.12")
    beta = environment.by_name("beta")
    assert beta is not None
    assert beta.extras == ("fast",)
    assert {(e.parent.name, e.child.name, e.extra) for e in environment.edges} == {
        ("app", "beta", None),
        ("beta", "alpha", None),
        ("beta", "delta", "fast"),
        ("beta", "epsilon", "fast"),
    }
    (into_beta,) = [e for e in environment.edges if e.child.name == "beta"]
    assert into_beta.extras == ("fast",)


def test_markers_decide_per_target() -> None:
    lock = uv_lock(
        root(
            "app",
            dep("tzdata", marker="sys_platform == 'win32'"),
            dep("uvloop", marker=("sys_platform != 'win32' and python_version < '3.13'")),
        ),
        pin("tzdata"),
        pin("uvloop"),
    )
    settings = Settings(
        systems=("x86_64-linux", "x86_64-windows"), python_versions=("3.12", "3.13")
    )
    result = plan(lock, settings=settings)
    assert installed(result, "x86_64-linux", "3.12") == ["app 0.1.0", "uvloop 1.0"]
    assert installed(result, "x86_64-linux", "3.13") == ["app 0.1.0"]
    assert installed(result, "x86_64-windows", "3.13") == ["app 0.1.0", "tzdata 1.0"]
    uvloop = result.package("uvloop")
    assert [str(t) for t in uvloop.targets] == ["python312 on x86_64-linux"]
    (edge,) = uvloop.dependents
    assert edge.marker == Marker("sys_platform != 'win32' and python_version < '3.13'")
    assert [str(t) for t in edge.targets] == ["python312 on x86_64-linux"]


def test_groups_and_extras_of_the_roots_follow_the_selection() -> None:
    lock = uv_lock(
        root(
            "app",
            optional={"cli": [dep("click")]},
            groups={"dev": [dep("pytest")], "docs": [dep("sphinx")]},
        ),
        pin("click"),
        pin("pytest"),
        pin("sphinx"),
    )
    everything = plan(lock, settings=ONE_TARGET)
    assert (everything.extras, everything.groups) == (("cli",), ("dev", "docs"))
    assert installed(everything) == ["app 0.1.0", "click 1.0", "pytest 1.0", "sphinx 1.0"]
    app = everything.environment("x86_64-linux", "3.12").by_name("app")
    assert app is not None
    assert (app.root, app.extras, app.groups) == (True, ("cli",), ("dev", "docs"))
    chosen = plan(
        lock, settings=dataclasses.replace(ONE_TARGET, extras=names(), groups=names("docs"))
    )
    assert installed(chosen) == ["app 0.1.0", "sphinx 1.0"]
    unknown = plan(
        lock, settings=dataclasses.replace(ONE_TARGET, extras=names("gui"), groups=names())
    )
    assert messages(unknown) == [
        "error: no extra named 'gui' to install (known: cli)",
    ]


def test_a_pin_never_reached_is_not_installed() -> None:
    lock = uv_lock(root("app", dep("alpha")), pin("alpha"), pin("orphan"))
    assert installed(plan(lock, settings=ONE_TARGET)) == ["alpha 1.0", "app 0.1.0"]


def test_forks_pick_the_pin_whose_marker_holds() -> None:
    lock = uv_lock(
        root("app", dep("numpy")),
        pin("numpy", "1.26.4", marker="python_version < '3.12'"),
        pin("numpy", "2.1.0", marker="python_version >= '3.12'"),
    )
    result = plan(
        lock, settings=Settings(systems=("x86_64-linux",), python_versions=("3.11", "3.12"))
    )
    assert installed(result, "x86_64-linux", "3.11") == ["app 0.1.0", "numpy 1.26.4"]
    assert installed(result, "x86_64-linux", "3.12") == ["app 0.1.0", "numpy 2.1.0"]
    assert result.findings == ()


def test_an_edge_naming_a_version_means_that_pin() -> None:
    lock = uv_lock(
        root("app", dep("numpy", version="1.26.4")),
        pin("numpy", "1.26.4", marker="python_version < '3.12'"),
        pin("numpy", "2.1.0", marker="python_version >= '3.12'"),
    )
    assert installed(plan(lock, settings=ONE_TARGET)) == ["app 0.1.0", "numpy 1.26.4"]


def test_no_pin_or_several_pins_are_errors() -> None:
    lock = uv_lock(
        root("app", dep("numpy"), dep("scipy")),
        pin("numpy", "1.26.4", marker="python_version < '3.12'"),
        pin("numpy", "2.1.0", marker="python_version < '3.13'"),
        pin("scipy", "1.0", marker="os_name == 'nt'"),
        pin("scipy", "2.0", marker="sys_platform == 'darwin'"),
    )
    result = plan(lock, settings=Settings(systems=("x86_64-linux",), python_versions=("3.11",)))
    assert installed(result, "x86_64-linux", "3.11") == ["app 0.1.0", "numpy 1.26.4"]
    assert messages(result) == [
        (
            "error: uv.lock: app 0.1.0 depends on numpy, and several pins apply (numpy 1.26.4, "
            "numpy 2.1.0) [x86_64-linux] (numpy 1.26.4 is used; choose the extras or groups that "
            "tell them apart)"
        ),
        (
            "error: uv.lock: app 0.1.0 depends on scipy, and no pin of it applies [x86_64-linux] "
            "(the lock does not cover this target; lock again for it)"
        ),
    ]


def test_uv_conflict_markers_follow_the_chosen_extra() -> None:
    cpu = "extra == 'extra-3-app-cpu'"
    gpu = "extra == 'extra-3-app-gpu'"
    lock = uv_lock(
        root(
            "app",
            optional={
                "cpu": [dep("torch", version="2.5.1+cpu", marker=cpu)],
                "gpu": [dep("torch", version="2.5.1+cu124", marker=gpu)],
            },
        ),
        pin("torch", "2.5.1+cpu", marker=cpu, wheels=["torch-2.5.1+cpu-py3-none-any.whl"]),
        pin("torch", "2.5.1+cu124", marker=gpu, wheels=["torch-2.5.1+cu124-py3-none-any.whl"]),
    )
    cpu_plan = plan(lock, settings=dataclasses.replace(ONE_TARGET, extras=names("cpu")))
    assert installed(cpu_plan) == ["app 0.1.0", "torch 2.5.1+cpu"]
    gpu_plan = plan(lock, settings=dataclasses.replace(ONE_TARGET, extras=names("gpu")))
    assert installed(gpu_plan) == ["app 0.1.0", "torch 2.5.1+cu124"]


def test_a_self_edge_activates_extras_and_is_a_cut_cycle() -> None:
    lock = uv_lock(
        root("app", dep("foo", "all")),
        pin("foo", "1.0", optional={"all": [dep("foo", "a")], "a": [dep("bar")]}),
        pin("bar"),
    )
    result = plan(lock, settings=ONE_TARGET)
    assert installed(result) == ["app 0.1.0", "bar 1.0", "foo 1.0"]
    foo = result.environment("x86_64-linux", "3.12").by_name("foo")
    assert foo is not None
    assert foo.extras == ("a", "all")
    (cycle,) = result.cycles
    assert [str(m) for m in cycle.members] == ["foo 1.0"]
    (cut,) = cycle.cut
    assert (cut.parent.name, cut.child.name, cut.extra, cut.extras, cut.cut) == (
        "foo",
        "foo",
        "all",
        ("a",),
        True,
    )


def test_a_root_whose_marker_fails_is_not_installed() -> None:
    lock = uv_lock(
        root("app", dep("alpha")),
        root("winapp", dep("beta"), marker="sys_platform == 'win32'"),
        pin("alpha"),
        pin("beta"),
        roots=("app", "winapp"),
    )
    assert installed(plan(lock, settings=ONE_TARGET)) == ["alpha 1.0", "app 0.1.0"]


def test_project_mode_starts_from_the_project() -> None:
    lock = LockSet(
        format=LockFormat.POETRY,
        packages=(
            pin("django", "5.1", dep("asgiref"), dep("tzdata", marker="sys_platform == 'win32'")),
            pin("asgiref"),
            pin("tzdata"),
            pin("pytest", "8.0", dep("iniconfig")),
            pin("iniconfig"),
            pin("rich"),
            pin("numpy", "1.26.4", marker="python_version < '3.12'"),
            pin("numpy", "2.1.0", marker="python_version >= '3.12'"),
        ),
        source_file="poetry.lock",
    )
    project = Project(
        format=ProjectFormat.POETRY,
        name="shop",
        dependencies=(Dependency.parse("Django>=5"), Dependency.parse("numpy")),
        optional_dependencies={NormalizedName("fancy"): (Dependency.parse("rich"),)},
        dependency_groups={NormalizedName("dev"): (Dependency.parse("pytest"),)},
    )
    result = plan(
        lock, project, dataclasses.replace(ONE_TARGET, extras=names(), groups=names("dev"))
    )
    assert result.mode is PlanMode.PROJECT
    assert installed(result) == [
        "asgiref 1.0", "django 5.1", "iniconfig 1.0", "numpy 2.1.0", "pytest 8.0",
    ]  # fmt: skip
    environment = result.environment("x86_64-linux", "3.12")
    assert [str(r) for r in environment.roots] == ["django 5.1", "numpy 2.1.0", "pytest 8.0"]
    stale = dataclasses.replace(project, dependencies=(Dependency.parse("flask"),))
    assert messages(plan(lock, stale, ONE_TARGET)) == [
        (
            "error: poetry.lock: the project's dependency flask is not locked [x86_64-linux] "
            "(lock the project again)"
        ),
    ]


def test_without_a_project_every_pin_whose_marker_holds() -> None:
    lock = LockSet(
        format=LockFormat.POETRY,
        packages=(pin("alpha"), pin("colorama", marker="sys_platform == 'win32'")),
    )
    result = plan(lock, settings=ONE_TARGET)
    assert result.mode is PlanMode.ALL_PINS
    assert installed(result) == ["alpha 1.0"]
    assert messages(result) == [
        (
            "info: poetry.lock records no roots and no project was given; every pin whose marker "
            "holds is installed"
        ),
    ]


def test_all_pins_mode_installs_by_marker_and_links_what_is_installed() -> None:
    lock = LockSet(
        format=LockFormat.PYLOCK,
        packages=(
            pin("app-lib", "1.0", dep("alpha"), dep("pytest")),
            pin("alpha"),
            pin("pytest", marker="'dev' in dependency_groups"),
            pin("sphinx", marker="'docs' in extras"),
        ),
    )
    result = plan(lock, settings=ONE_TARGET)
    assert (result.extras, result.groups) == (("docs",), ("dev",))
    assert installed(result) == ["alpha 1.0", "app-lib 1.0", "pytest 1.0", "sphinx 1.0"]
    none = plan(lock, settings=dataclasses.replace(ONE_TARGET, extras=names(), groups=names()))
    assert installed(none) == ["alpha 1.0", "app-lib 1.0"]
    # The edge to pytest is recorded only where pytest is installed; edges install nothing.
    assert [(e.parent.name, e.child.name) for e in none.edges] == [("app-lib", "alpha")]
    assert all(i.root for i in none.environment("x86_64-linux", "3.12").installed)


def test_requires_python_of_the_lock_limits_the_default_targets() -> None:
    lock = dataclasses.replace(uv_lock(root("app")), requires_python=SpecifierSet(">=3.13"))
    result = plan(lock, settings=Settings(systems=("x86_64-linux",)))
    assert [str(t) for t in result.targets] == [
        "python313 on x86_64-linux",
        "python314 on x86_64-linux",
    ]


def test_pins_are_identified_by_name_version_and_source() -> None:
    other = RegistrySource(url="https://download.pytorch.org/whl/cpu")
    lock = uv_lock(
        root("app", dataclasses.replace(dep("torch", version="2.5.1"), source=other)),
        pin("torch", "2.5.1", wheels=["torch-2.5.1-py3-none-any.whl"]),
        pin("torch", "2.5.1", wheels=["torch-2.5.1-py3-none-any.whl"], source=other),
    )
    result = plan(lock, settings=ONE_TARGET)
    (torch,) = [
        i for i in result.environment("x86_64-linux", "3.12").installed if i.pin.name == "torch"
    ]
    assert torch.pin == Pin(name=NormalizedName("torch"), version="2.5.1", source=other)
    assert torch.build is Build.WHEEL
    assert other != PYPI
