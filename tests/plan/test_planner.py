"""Plans of the lock fixtures: forks, cycles, sources, findings with their places, determinism."""

from __future__ import annotations

import dataclasses

import pytest
from packaging.markers import Marker
from packaging.specifiers import SpecifierSet
from packaging.utils import NormalizedName

from pynix.errors import InvalidArgument
from pynix.formats.pynix_settings import PackageSettings, Settings
from pynix.locks import read_lock
from pynix.model import (
    Dependency,
    LockSet,
    Project,
    ProjectFormat,
    RegistrySource,
    Severity,
)
from pynix.plan import Build, Plan, PlanMode, plan, systems_of
from tests.locks._support import FIXTURES
from tests.plan._support import ONE_TARGET, dep, installed, messages, names, pin, root, uv_lock

TORCH_CPU = RegistrySource(url="https://download.pytorch.org/whl/cpu")


def fixture_lock(scenario: str, name: str) -> LockSet:
    """A fixture lock read as ``<scenario>/<name>``, the name its messages show."""
    return read_lock((FIXTURES / scenario / name).read_text(), filename=f"{scenario}/{name}")


def by_system(result: Plan, name: str) -> dict[str, str]:
    """For each target (``system X.Y``): ``version: artifact or build`` of ``name``."""
    found: dict[str, str] = {}
    for environment in result.environments:
        entry = environment.by_name(name)
        shown = "-"
        if entry is not None:
            what = entry.artifact.filename if entry.artifact else entry.build.value
            shown = f"{entry.pin.version or '-'}: {what}"
        target = environment.target
        found[f"{target.platform.system} {target.interpreter.python_version}"] = shown
    return found


# -- the torch fork ---------------------------------------------------------------------------


def test_fork_picks_the_right_torch_per_system() -> None:
    result = plan(fixture_lock("uv-fork", "uv.lock"))
    assert [str(t) for t in result.targets] == [
        f"python3{minor} on {system}"
        for system in ("x86_64-linux", "aarch64-linux", "x86_64-darwin", "aarch64-darwin")
        for minor in (11, 12)
    ]
    torch = {
        str(e.target): (str(e.by_name("torch").pin), e.by_name("torch").pin.source)  # type: ignore[union-attr]
        for e in result.environments
    }
    linux = ("torch 2.5.1+cpu", TORCH_CPU)
    darwin = ("torch 2.5.1", RegistrySource(url="https://pypi.org/simple"))
    assert torch == {
        "python311 on x86_64-linux": linux,
        "python312 on x86_64-linux": linux,
        "python311 on aarch64-linux": linux,
        "python312 on aarch64-linux": linux,
        "python311 on x86_64-darwin": darwin,
        "python312 on x86_64-darwin": darwin,
        "python311 on aarch64-darwin": darwin,
        "python312 on aarch64-darwin": darwin,
    }
    # setuptools only from Python 3.12 on, as the fork's edges say.
    assert installed(result, "aarch64-darwin", "3.11") == [
        "classifier 0.1.0", "filelock 3.16.1", "mpmath 1.3.0", "sympy 1.13.1", "torch 2.5.1",
        "typing-extensions 4.12.2",
    ]  # fmt: skip
    assert "setuptools 75.1.0" in installed(result, "aarch64-darwin", "3.12")


def test_fork_wheels_and_the_targets_without_one() -> None:
    result = plan(fixture_lock("uv-fork", "uv.lock"))
    assert messages(result) == [
        (
            "error: uv-fork/uv.lock: package[5]: torch 2.5.1: no compatible wheel and no sdist "
            "[x86_64-darwin] (its wheels are for macosx_11_0_arm64)"
        ),
        (
            "error: uv-fork/uv.lock: package[6]: torch 2.5.1+cpu: no compatible wheel and no sdist "
            "[x86_64-linux] (its linux_x86_64 wheels are not manylinux; if they run on NixOS, set "
            "linux-wheels = true in [tool.pynix.packages.torch])"
        ),
        (
            "error: uv-fork/uv.lock: package[6]: torch 2.5.1+cpu: no compatible wheel and no sdist "
            "[aarch64-linux] (its wheels are for linux_x86_64, win_amd64)"
        ),
    ]
    allowed = Settings(packages={NormalizedName("torch"): PackageSettings(linux_wheels=True)})
    result = plan(fixture_lock("uv-fork", "uv.lock"), settings=allowed)
    assert by_system(result, "torch") == {
        "x86_64-linux 3.11": "2.5.1+cpu: torch-2.5.1+cpu-cp311-cp311-linux_x86_64.whl",
        "x86_64-linux 3.12": "2.5.1+cpu: torch-2.5.1+cpu-cp312-cp312-linux_x86_64.whl",
        "aarch64-linux 3.11": "2.5.1+cpu: missing",
        "aarch64-linux 3.12": "2.5.1+cpu: missing",
        "x86_64-darwin 3.11": "2.5.1: missing",
        "x86_64-darwin 3.12": "2.5.1: missing",
        "aarch64-darwin 3.11": "2.5.1: torch-2.5.1-cp311-none-macosx_11_0_arm64.whl",
        "aarch64-darwin 3.12": "2.5.1: torch-2.5.1-cp312-none-macosx_11_0_arm64.whl",
    }  # fmt: skip
    cpu = result.package("torch", "2.5.1+cpu")
    assert [(c.build.value, len(c.targets)) for c in cpu.choices] == [
        ("wheel", 1), ("wheel", 1), ("missing", 2),
    ]  # fmt: skip
    assert cpu.everywhere is None
    assert result.package("filelock").everywhere is not None


# -- cycles -----------------------------------------------------------------------------------


def test_cycles_are_found_and_cut_and_every_member_stays() -> None:
    result = plan(fixture_lock("uv-cycle", "uv.lock"), settings=ONE_TARGET)
    assert [
        ([str(m) for m in c.members], [f"{e.parent.name} -> {e.child.name}" for e in c.cut])
        for c in result.cycles
    ] == [
        (
            [
                "sphinx 6.2.1",
                "sphinxcontrib-applehelp 1.0.4",
                "sphinxcontrib-serializinghtml 1.1.5",
            ],
            ["sphinxcontrib-applehelp -> sphinx", "sphinxcontrib-serializinghtml -> sphinx"],
        ),
        (["tango 2.3.0", "tango-plugins 2.3.0"], ["tango-plugins -> tango"]),
    ]
    assert all(c.targets == result.targets for c in result.cycles)
    assert [f"{e.parent.name} -> {e.child.name}" for e in result.cut_edges] == [
        "sphinxcontrib-applehelp -> sphinx",
        "sphinxcontrib-serializinghtml -> sphinx",
        "tango-plugins -> tango",
    ]
    assert installed(result) == [
        "alabaster 0.7.16", "docs-site 0.1.0", "docutils 0.19", "sphinx 6.2.1",
        "sphinxcontrib-applehelp 1.0.4", "sphinxcontrib-serializinghtml 1.1.5", "tango 2.3.0",
        "tango-plugins 2.3.0",
    ]  # fmt: skip
    sphinx = result.package("sphinx")
    assert [(e.child.name, e.cut) for e in sphinx.dependencies] == [
        ("alabaster", False),
        ("docutils", False),
        ("sphinxcontrib-applehelp", False),
        ("sphinxcontrib-serializinghtml", False),
    ]
    assert [(e.parent.name, e.cut) for e in sphinx.dependents] == [
        ("docs-site", False),
        ("sphinxcontrib-applehelp", True),
        ("sphinxcontrib-serializinghtml", True),
    ]


def test_a_cycle_closed_by_a_marker_exists_only_there() -> None:
    lock = uv_lock(
        root("app", dep("a")),
        pin("a", "1.0", dep("b")),
        pin("b", "1.0", dep("a", marker="sys_platform == 'darwin'")),
    )
    result = plan(
        lock,
        settings=Settings(systems=("x86_64-linux", "aarch64-darwin"), python_versions=("3.12",)),
    )
    (cycle,) = result.cycles
    assert [str(t) for t in cycle.targets] == ["python312 on aarch64-darwin"]
    (cut,) = cycle.cut
    assert (cut.parent.name, cut.child.name, [str(t) for t in cut.targets]) == (
        "b", "a", ["python312 on aarch64-darwin"],
    )  # fmt: skip
    linux = result.environment("x86_64-linux", "3.12")
    assert [e.cut for e in linux.edges] == [False, False]


# -- sources ----------------------------------------------------------------------------------


def test_git_path_url_and_workspace_sources() -> None:
    result = plan(fixture_lock("uv-sources", "uv.lock"), settings=ONE_TARGET)
    environment = result.environment("x86_64-linux", "3.12")
    assert [
        (str(i.pin), i.build.value, i.artifact.filename if i.artifact else None, i.root)
        for i in environment.installed
    ] == [
        ("attrs 24.2.0", "wheel", "attrs-24.2.0-py3-none-any.whl", False),
        ("humanize 4.11.0", "source", None, False),
        ("internal-tools 2.0.1", "wheel", "internal_tools-2.0.1-py3-none-any.whl", False),
        ("legacy-utils 0.9.0", "source", None, False),
        ("monorepo-helper 0.4.2", "source", None, False),
        ("pinned-wheel 3.0", "wheel", "pinned_wheel-3.0-py3-none-any.whl", False),
        ("shop 1.0.0", "source", None, True),
        ("shop-api", "source", None, True),
        ("shop-core 1.4.0", "source", None, True),
        ("toolkit 1.0", "sdist", "v1.0.tar.gz", False),
        ("tzdata 2024.2", "wheel", "tzdata-2024.2-py2.py3-none-any.whl", False),
        ("vendored-lib 1.2.0", "sdist", "vendored_lib-1.2.0.tar.gz", False),
    ]
    # A local find-links file has no hash and needs none; a directory outside the project fails.
    assert messages(result) == [
        (
            "error: uv-sources/uv.lock: package[3]: legacy-utils 0.9.0: '../legacy-utils' is "
            "outside the project; Nix cannot fetch it reproducibly (move it into the project, or "
            "publish it and lock it from an index)"
        ),
    ]
    (finding,) = result.errors
    assert (finding.code, finding.subject, finding.location and finding.location.key) == (
        "path-outside-project", "legacy-utils", "package[3]",
    )  # fmt: skip


def test_a_git_source_without_a_commit_is_refused() -> None:
    text = (
        '[[package]]\nname = "humanize"\nversion = "4.11.0"\noptional = false\n'
        'python-versions = ">=3.9"\nfiles = []\n\n[package.source]\ntype = "git"\n'
        'url = "https://github.com/python-humanize/humanize"\nreference = "main"\n\n'
        '[metadata]\nlock-version = "2.1"\npython-versions = ">=3.11"\ncontent-hash = "0"\n'
    )
    lock = read_lock(text, filename="poetry.lock")
    project = Project(format=ProjectFormat.POETRY, dependencies=(Dependency.parse("humanize"),))
    assert messages(plan(lock, project, ONE_TARGET)) == [
        (
            "error: poetry.lock: package[0]: humanize 4.11.0: git source "
            "https://github.com/python-humanize/humanize (main) has no resolved commit (lock it "
            "again so that the lock records the commit)"
        ),
    ]


UNHASHED_UV_LOCK = """\
version = 1
requires-python = ">=3.12"

[[package]]
name = "app"
version = "0.1.0"
source = { virtual = "." }
dependencies = [{ name = "alpha" }]

[[package]]
name = "alpha"
version = "1.0"
source = { registry = "https://pypi.example/simple" }
wheels = [{ url = "https://pypi.example/files/alpha-1.0-py3-none-any.whl" }]
"""


def test_an_unhashed_file_is_refused_unless_allowed() -> None:
    lock = read_lock(UNHASHED_UV_LOCK, filename="uv.lock")
    refused = plan(lock, settings=ONE_TARGET)
    assert messages(refused) == [
        (
            "error: uv.lock: package[1]: alpha 1.0: alpha-1.0-py3-none-any.whl has no hash (lock "
            "with hashes, or pass --allow-unhashed)"
        ),
    ]
    allowed = plan(lock, settings=dataclasses.replace(ONE_TARGET, allow_unhashed=True))
    assert messages(allowed) == [
        (
            "warning: uv.lock: package[1]: alpha 1.0: alpha-1.0-py3-none-any.whl has no hash; "
            "accepted by allow-unhashed"
        ),
    ]
    assert allowed.errors == ()
    entry = allowed.environment("x86_64-linux", "3.12").by_name("alpha")
    assert entry is not None
    assert entry.artifact is not None
    assert (entry.build, entry.artifact.hash) == (Build.WHEEL, None)


# -- other formats ----------------------------------------------------------------------------


def test_poetry_lock_with_its_project() -> None:
    project = Project(
        format=ProjectFormat.POETRY,
        name="shop",
        dependencies=(
            Dependency.parse("django>=5"),
            Dependency.parse("acme-auth"),
            Dependency.parse("local-widgets"),
            Dependency.parse("django-extensions"),
        ),
        dependency_groups={NormalizedName("dev"): (Dependency.parse("pytest"),)},
    )
    settings = Settings(systems=("x86_64-linux", "x86_64-windows"), python_versions=("3.12",))
    result = plan(fixture_lock("poetry-2.1", "poetry.lock"), project, settings)
    assert result.mode is PlanMode.PROJECT
    linux = installed(result, "x86_64-linux", "3.12")
    windows = installed(result, "x86_64-windows", "3.12")
    assert sorted(set(windows) - set(linux)) == ["colorama 0.4.6", "tzdata 2024.2"]
    assert "requests 2.32.3" in linux  # through acme-auth
    assert by_system(result, "django-extensions")["x86_64-linux 3.12"] == "3.2.4.dev0: source"
    assert [(f.code, f.subject) for f in result.errors] == [
        ("path-outside-project", "local-widgets"),
        ("unlocated", "acme-auth"),
    ]


def test_pylock_installs_by_marker() -> None:
    result = plan(fixture_lock("pylock", "pylock.toml"), settings=ONE_TARGET)
    assert result.mode is PlanMode.ALL_PINS
    assert installed(result) == [
        "attrs 24.2.0", "cffi 1.17.1", "humanize 4.11.0", "pycparser 2.22", "shared",
        "toolkit 1.0",
    ]  # fmt: skip


def test_hashed_requirements_before_the_index_is_asked() -> None:
    settings = Settings(
        systems=("x86_64-linux", "x86_64-windows"), python_versions=("3.11", "3.12")
    )
    result = plan(fixture_lock("requirements", "requirements.txt"), settings=settings)
    assert by_system(result, "numpy") == {
        "x86_64-linux 3.11": "1.26.4: missing",
        "x86_64-linux 3.12": "2.1.0: missing",
        "x86_64-windows 3.11": "1.26.4: missing",
        "x86_64-windows 3.12": "2.1.0: missing",
    }
    assert by_system(result, "colorama")["x86_64-linux 3.12"] == "-"
    assert by_system(result, "humanize")["x86_64-linux 3.12"] == "-: source"
    assert [str(f) for f in result.errors][:1] == [
        (
            "error: requirements/requirements.txt:7: attrs 24.2.0: the lock records the hashes of "
            "its files but not the files (resolve them through the index first, with "
            "pynix.resolve.artifacts)"
        ),
    ]
    assert [f.subject for f in result.errors] == ["attrs", "colorama", "numpy", "numpy"]


# -- targets ----------------------------------------------------------------------------------


def test_default_targets_the_lock_does_not_cover_are_left_out() -> None:
    lock = dataclasses.replace(
        uv_lock(root("app")), environments=(Marker("sys_platform == 'linux'"),)
    )
    result = plan(lock, settings=Settings(python_versions=("3.12",)))
    assert [str(t) for t in result.targets] == [
        "python312 on x86_64-linux", "python312 on aarch64-linux",
        "python312 on x86_64-darwin", "python312 on aarch64-darwin",
    ]  # fmt: skip
    # Python versions were named, so the targets were asked for: an error, and kept.
    assert [f.severity for f in result.findings] == [Severity.ERROR, Severity.ERROR]
    defaults = plan(lock)
    assert [str(t) for t in defaults.targets][:2] == [
        "python311 on x86_64-linux", "python312 on x86_64-linux",
    ]  # fmt: skip
    assert len(defaults.targets) == 8
    assert messages(defaults)[0] == (
        "info: uv.lock: left out: the lock does not cover this target (none of its "
        "environments' markers holds) [python311 on x86_64-darwin]"
    )


def test_a_named_python_outside_requires_python() -> None:
    lock = dataclasses.replace(uv_lock(root("app")), requires_python=SpecifierSet(">=3.12"))
    result = plan(lock, settings=Settings(systems=("x86_64-linux",), python_versions=("3.11",)))
    assert messages(result) == [
        (
            "error: uv.lock: the lock does not cover this target (requires-python is >=3.12) "
            "[python311 on x86_64-linux]"
        ),
    ]


def test_no_target_at_all() -> None:
    lock = dataclasses.replace(uv_lock(root("app")), requires_python=SpecifierSet(">=3.15"))
    result = plan(lock)
    assert result.targets == ()
    assert result.environments == ()
    assert messages(result) == [
        (
            "error: uv.lock: no target to plan for: the lock's requires-python and environments "
            "exclude every default interpreter and system (name the targets in [tool.pynix] "
            "systems and python-versions)"
        ),
    ]


def test_findings_name_a_system_or_single_targets() -> None:
    lock = uv_lock(
        root("app", dep("native")),
        pin("native", "1.0", wheels=["native-1.0-cp312-cp312-manylinux_2_17_x86_64.whl"]),
    )
    result = plan(
        lock,
        settings=Settings(
            systems=("x86_64-linux", "aarch64-linux"), python_versions=("3.12", "3.13")
        ),
    )
    assert [f.target for f in result.findings] == ["python313 on x86_64-linux", "aarch64-linux"]


def test_an_undecidable_marker_is_false_and_reported() -> None:
    lock = uv_lock(root("app", dep("alpha", marker="extra ~= 'a'")), pin("alpha"))
    result = plan(lock, settings=ONE_TARGET)
    assert installed(result) == ["app 0.1.0"]
    assert messages(result) == [
        (
            "warning: marker 'extra ~= \"a\"' cannot be decided (undefined comparison: ~= needs "
            "versions and extra is a string); taken as false"
        ),
    ]


# -- the API ----------------------------------------------------------------------------------


def test_lookups() -> None:
    result = plan(fixture_lock("uv-fork", "uv.lock"))
    first = result.targets[0]
    assert result.environment(first) is result.environments[0]
    with pytest.raises(InvalidArgument) as info:
        result.environment("x86_64-linux", "3.99")
    assert str(info.value) == "not a planned target: x86_64-linux with Python 3.99"
    with pytest.raises(InvalidArgument) as info:
        result.package("torch")
    assert str(info.value) == "2 planned pins named 'torch'"
    with pytest.raises(InvalidArgument) as info:
        result.package("numpy")
    assert str(info.value) == "no planned pins named 'numpy'"
    assert dict(systems_of(result.package("setuptools").targets)) == {
        "x86_64-linux": ("3.12",),
        "aarch64-linux": ("3.12",),
        "x86_64-darwin": ("3.12",),
        "aarch64-darwin": ("3.12",),
    }
    assert result.environments[0].names[:2] == ("classifier", "filelock")


def test_settings_from_the_project_by_default() -> None:
    project = Project(
        format=ProjectFormat.UV,
        raw={"tool": {"pynix": {"systems": ["aarch64-linux"], "python-versions": ["3.12"]}}},
    )
    result = plan(uv_lock(root("app")), project)
    assert [str(t) for t in result.targets] == ["python312 on aarch64-linux"]
    assert result.settings.systems == ("aarch64-linux",)


def test_the_same_inputs_give_an_equal_plan() -> None:
    lock = fixture_lock("uv-cycle", "uv.lock")
    first, second = plan(lock), plan(lock)
    assert first == second
    shuffled = dataclasses.replace(lock, packages=tuple(reversed(lock.packages)))
    third = plan(shuffled)
    assert (third.environments, third.packages, third.edges, third.cycles) == (
        first.environments, first.packages, first.edges, first.cycles,
    )  # fmt: skip
    assert third.findings == first.findings


def test_selection_names_are_normalized_in_the_plan() -> None:
    lock = uv_lock(root("app", optional={"fast": [dep("alpha")]}), pin("alpha"))
    result = plan(
        lock, settings=dataclasses.replace(ONE_TARGET, extras=names("fast"), groups=names())
    )
    assert (result.extras, result.groups) == (("fast",), ())
