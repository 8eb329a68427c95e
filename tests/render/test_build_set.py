"""Renderer B, the pyproject.nix build set: golden files, and what real Nix makes of them.

The goldens (``tests/golden/build_set/<case>/``: ``build-set.nix``,
``default.nix``, ``shell.nix``, ``flake.nix`` and ``findings.txt``; rewrite
with ``PYNIX_UPDATE_GOLDEN=1``) pin the output for the lock fixtures. The
evaluation tests build the files' targets with ``nix-instantiate --eval
--strict`` against the nixpkgs stand-in and the pyproject.nix stand-in
(``tests/support/pyproject-nix``), and compare, for every planned system and
interpreter, the closure of each environment -- names, versions, the file
chosen (URL, hash), hooks and build inputs -- with the plan.
"""

from __future__ import annotations

import dataclasses
import functools
import os
import posixpath
import subprocess
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest
from packaging.utils import NormalizedName

from pynix.enrich import enrich_lock
from pynix.formats.pynix_settings import PackageSettings, Preference, Settings
from pynix.index import Cache, IndexClient
from pynix.load import load_lock, load_project
from pynix.locks import read_lock
from pynix.locks.hashes import hex_to_sri
from pynix.model import (
    BuildSystem,
    Dependency,
    GitSource,
    LockSet,
    PathSource,
    Project,
    ProjectFormat,
    Severity,
    WorkspaceSource,
)
from pynix.plan import Build, Plan, plan
from pynix.render.build_set import (
    BUILD_SET_FILE,
    RESERVED_NAMES,
    render_build_set,
    render_files,
)
from pynix.render.generate import GenerateOptions
from pynix.render.result import RenderedFiles
from tests.plan._support import dep, pin, root, uv_lock, wheel
from tests.support.fixtures import write_project
from tests.support.index_server import IndexServer
from tests.support.nix import nix_eval, nix_instantiate, nix_parse
from tests.support.universe import Universe
from tests.support.uv import uv_lock as run_uv_lock

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "locks"
GOLDEN = ROOT / "tests" / "golden" / "build_set"
SUPPORT = ROOT / "tests" / "support"
NIXPKGS = SUPPORT / "nixpkgs"
STANDIN = SUPPORT / "pyproject-nix"
UPDATE = os.environ.get("PYNIX_UPDATE_GOLDEN") == "1"
OPTIONS = GenerateOptions(style="pyproject-nix")
PYTHONS = {"3.11": "python311", "3.12": "python312", "3.13": "python313", "3.14": "python314"}

FORK = Settings(
    systems=("x86_64-linux", "aarch64-darwin"),
    packages={NormalizedName("torch"): PackageSettings(linux_wheels=True)},
)
# A poetry project over poetry-1.1's lock (PlanMode.PROJECT: the project is not in the lock).
ANALYSIS = Project(
    format=ProjectFormat.POETRY,
    name="analysis",
    version="0.2.0",
    description="Numbers, fetched politely",
    dependencies=(Dependency.parse("requests[socks]>=2.28"), Dependency.parse("python-dateutil")),
    dependency_groups={NormalizedName("dev"): (Dependency.parse("pytz"),)},
    build_system=BuildSystem(
        requires=(Dependency.parse("poetry-core>=1.0"),), backend="poetry.core.masonry.api"
    ),
    source_file="pyproject.toml",
)


def fixture_lock(scenario: str) -> LockSet:
    """The fixture lock of ``scenario``, named ``<scenario>/<file>`` in findings."""
    (path,) = (p for p in (FIXTURES / scenario).iterdir() if p.is_file())
    return read_lock(path.read_text(encoding="utf-8"), filename=f"{scenario}/{path.name}")


def moved_inside(lock: LockSet) -> LockSet:
    """uv-sources with ``../legacy-utils`` moved to ``vendor/legacy-utils``: the plan's only
    error is that path, outside the project."""
    packages = tuple(
        dataclasses.replace(p, source=PathSource(path="vendor/legacy-utils"))
        if p.name == "legacy-utils"
        else p
        for p in lock.packages
    )
    return dataclasses.replace(lock, packages=packages)


# case -> (lock, project, settings, options)
CASES: dict[str, tuple[LockSet, Project | None, Settings | None, GenerateOptions]] = {
    "uv-tree": (fixture_lock("uv-tree"), None, None, OPTIONS),
    "uv-cycle": (fixture_lock("uv-cycle"), None, None, OPTIONS),
    "uv-fork": (fixture_lock("uv-fork"), None, FORK, OPTIONS),
    "uv-sources": (
        moved_inside(fixture_lock("uv-sources")),
        None,
        None,
        dataclasses.replace(OPTIONS, project_dir=".."),
    ),
    "pylock": (fixture_lock("pylock"), None, None, OPTIONS),
    "pdm-old": (fixture_lock("pdm-old"), None, None, OPTIONS),
    "poetry-1.1": (fixture_lock("poetry-1.1"), None, None, OPTIONS),
    "poetry-1.1-project": (fixture_lock("poetry-1.1"), ANALYSIS, None, OPTIONS),
}


@functools.cache
def planned(case: str) -> Plan:
    lock, project, settings, _ = CASES[case]
    return plan(lock, project, settings)


@functools.cache
def rendered(case: str) -> RenderedFiles:
    _, project, _, options = CASES[case]
    return render_files(planned(case), project, names=None, options=options)


def write(files: RenderedFiles, directory: Path) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    for name, text in files.texts().items():
        (directory / name).write_text(text, encoding="utf-8")
    return directory


def check(path: Path, text: str) -> None:
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.is_file(), f"{path} is missing; run with PYNIX_UPDATE_GOLDEN=1"
    assert text == path.read_text(encoding="utf-8"), path


# --- golden files ----------------------------------------------------------------------------


@pytest.mark.parametrize("case", CASES)
def test_golden(case: str) -> None:
    files = rendered(case)
    assert sorted(files.files) == [BUILD_SET_FILE, "default.nix", "flake.nix", "shell.nix"]
    for name, text in files.texts().items():
        check(GOLDEN / case / name, text)
    check(GOLDEN / case / "findings.txt", "".join(f"{f}\n" for f in files.findings))


@pytest.mark.nix
@pytest.mark.parametrize("case", CASES)
def test_goldens_parse(case: str) -> None:
    for path in sorted((GOLDEN / case).glob("*.nix")):
        assert nix_parse(path)


@pytest.mark.parametrize("case", CASES)
def test_rendering_twice_gives_identical_bytes(case: str) -> None:
    lock, project, settings, options = CASES[case]
    first = render_files(plan(lock, project, settings), project, options=options)
    second = render_files(plan(lock, project, settings), project, options=options)
    assert first.texts() == second.texts()
    assert first.findings == second.findings


# --- a plan with errors ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lock", "codes"),
    [
        (fixture_lock("uv-fork"), ["no-artifact", "no-artifact", "no-artifact"]),
        (fixture_lock("uv-sources"), ["path-outside-project"]),
    ],
    ids=["fork-without-wheels", "path-outside"],
)
def test_a_plan_with_errors_renders_no_files(lock: LockSet, codes: list[str]) -> None:
    result = plan(lock)
    files = render_files(result, None, options=OPTIONS)
    assert files.files == {}
    assert [f.code for f in files.findings if f.severity is Severity.ERROR] == [
        *codes,
        "plan-has-errors",
    ]
    assert set(result.findings) <= set(files.findings)
    assert str(files.findings[-1]) == (
        f"error: the plan has {len(codes)} error(s): no Nix file was rendered "
        "(fix the errors above, or choose targets the lock covers)"
    )


@pytest.mark.nix
def test_render_build_set_of_a_plan_with_errors_says_so_and_throws(tmp_path: Path) -> None:
    result = plan(fixture_lock("uv-fork"))  # torch has no wheel for x86_64-darwin, linux
    build_set = render_build_set(result, options=OPTIONS)
    assert [f.code for f in build_set.findings if f.severity is Severity.ERROR] == [
        "no-artifact"
    ] * 3
    (tmp_path / BUILD_SET_FILE).write_text(build_set.text(), encoding="utf-8")
    error = evaluate_error(scope_of(tmp_path, "x86_64-darwin", "3.11", "set.torch.src.url"))
    assert (
        "pynix: no file of torch 2.5.1 installs on x86_64-darwin with Python 3.11 "
        "(the lock has none for this target; see pynix's findings)"
    ) in error
    # Where there is a file, there is no throw.
    url = nix_eval(scope_of(tmp_path, "aarch64-darwin", "3.12", "set.torch.src.url"))
    assert url.endswith("/torch-2.5.1-cp312-none-macosx_11_0_arm64.whl")


# --- evaluation helpers ----------------------------------------------------------------------

# What a test looks at in a package: the file, the hooks, the native inputs, the editable root.
SUMMARY = """
  summary = env: builtins.listToAttrs (map (p: {
    name = p.pname;
    value = {
      inherit (p) version;
      src =
        if !(p ? src) then null
        else if builtins.isPath p.src then "path:" + toString p.src
        else {
          fetcher = p.src.fetcher or null;
          url = p.src.url or null;
          hash = p.src.hash or null;
          name = p.src.name or null;
          rev = p.src.rev or null;
          ref = p.src.ref or null;
        };
      hooks = map (h: h.name) (p.nativeBuildInputs or [ ]);
      buildInputs = map (i: i.name) (p.buildInputs or [ ]);
      ignored = p.autoPatchelfIgnoreMissingDeps or [ ];
      postUnpack = p.postUnpack or null;
      editableRoot = p.EDITABLE_ROOT or null;
    };
  }) env.packages);
"""


def scope_of(out: Path, system: str, python: str, body: str, *, overlay: str = "") -> str:
    """An expression of ``body`` with ``set``: pyproject.nix's scope with build-set.nix.

    build-set.nix is read with the stand-in's recording ``builtins`` (``fetchGit``
    records its arguments instead of reaching the network); ``targets`` is
    default.nix's attribute set. ``overlay`` is one more overlay, applied last.
    """
    extra = f"({overlay})" if overlay else ""
    return f"""
      let
        pkgs = import {NIXPKGS} {{ system = "{system}"; }};
        inherit (pkgs) lib;
        python = pkgs.{PYTHONS[python]};
        pyproject-nix = import {STANDIN}/flake-input.nix;
        pyproject-build-systems = import {STANDIN}/build-systems-input.nix;
        buildSet = pkgs.standin.import {out}/{BUILD_SET_FILE} {{ inherit lib; }};
        set = (pkgs.callPackage pyproject-nix.build.packages {{ inherit python; }}).overrideScope (
          lib.composeManyExtensions [
            pyproject-build-systems.overlays.wheel buildSet {extra}
          ]
        );
        targets = import {out}/default.nix {{
          inherit pkgs python pyproject-nix pyproject-build-systems;
        }};
        {SUMMARY}
      in {body}
    """


def evaluate_error(expression: str) -> str:
    """What ``nix-instantiate`` says about ``expression``, which must fail."""
    result = subprocess.run(
        [nix_instantiate(), "--eval", "--strict", "--readonly-mode", "--expr", expression],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0, result.stdout
    return result.stderr


def closures(out: Path, result: Plan, body: str) -> dict[tuple[str, str], Any]:
    """``body`` on every planned target, in one ``nix-instantiate`` run."""
    targets = [(t.platform.system, t.interpreter.python_version) for t in result.targets]
    items = " ".join(f"({scope_of(out, system, python, body)})" for system, python in targets)
    values: list[Any] = nix_eval(f"[ {items} ]")
    return dict(zip(targets, values, strict=True))


def expected_closure(result: Plan, system: str, python: str) -> dict[str, dict[str, Any]]:
    """Per installed pin: version, how it is built and from what, as the plan says."""
    environment = result.environment(system, python)
    expected: dict[str, dict[str, Any]] = {}
    for entry in environment.installed:
        artifact, source = entry.artifact, entry.pin.source
        if artifact is not None and artifact.url is not None:
            origin: Any = [artifact.url, artifact.hash]
        elif artifact is not None and artifact.path is not None:
            origin = "path:" + posixpath.normpath(artifact.path)
        elif isinstance(source, GitSource):
            origin = ["git", source.commit]
        elif isinstance(source, PathSource) and entry.build is Build.SOURCE:
            origin = "path:" + posixpath.normpath(source.path)
        else:
            origin = None
        build = {"wheel": "wheel", "virtual": "virtual"}.get(entry.build.value, "built")
        expected[entry.pin.name] = {
            "version": entry.pin.version or "0",
            "build": build,
            "from": origin,
        }
    return expected


def seen_closure(
    summary: Mapping[str, Mapping[str, Any]], project: Path
) -> dict[str, dict[str, Any]]:
    """The same, as the environment's packages say (local paths relative to ``project``)."""
    seen: dict[str, dict[str, Any]] = {}
    for name, package in summary.items():
        src = package["src"]
        if isinstance(src, str):
            origin: Any = "path:" + os.path.relpath(src.removeprefix("path:"), project)
        elif src is None:
            origin = None
        elif src["fetcher"] == "builtins.fetchGit":
            origin = ["git", src["rev"]]
        else:
            origin = [src["url"], src["hash"]]
        hooks = package["hooks"]
        build = (
            "virtual" if not hooks else "wheel" if hooks[0] == "pyproject-wheel-hook" else "built"
        )
        seen[name] = {"version": package["version"], "build": build, "from": origin}
    return seen


# --- every target's closure is the plan's ----------------------------------------------------


@pytest.mark.nix
@pytest.mark.parametrize("case", ["uv-tree", "uv-cycle", "uv-fork", "pylock", "uv-sources"])
def test_environments_hold_the_plan_on_every_target(case: str, tmp_path: Path) -> None:
    result = planned(case)
    out = write(rendered(case), tmp_path / "out")
    seen = closures(out, result, 'summary (set.mkVirtualEnv "check" targets.env.spec)')
    for (system, python), summary in seen.items():
        expected = expected_closure(result, system, python)
        project = out / CASES[case][3].project_dir
        assert seen_closure(summary, project) == expected, (system, python)


@pytest.mark.nix
def test_the_application_leaves_the_groups_out(tmp_path: Path) -> None:
    lock, project, _, _ = CASES["uv-tree"]
    without = plan(lock, project, Settings(groups=()))
    out = write(rendered("uv-tree"), tmp_path / "out")
    seen = closures(out, without, "{ app = summary targets.default; dev = summary targets.env; }")
    for (system, python), both in seen.items():
        assert seen_closure(both["app"], out) == expected_closure(without, system, python)
        assert set(both["dev"]) - set(both["app"]) == {"iniconfig", "packaging", "pluggy", "pytest"}
    # typing-extensions only before Python 3.13 (anyio's marker), decided per interpreter.
    assert "typing-extensions" in seen["x86_64-linux", "3.12"]["app"]
    assert "typing-extensions" not in seen["aarch64-darwin", "3.13"]["app"]


@pytest.mark.nix
def test_the_fork_chooses_torch_per_system_and_interpreter(tmp_path: Path) -> None:
    out = write(rendered("uv-fork"), tmp_path / "out")
    seen = closures(out, planned("uv-fork"), "summary targets.default")
    torch = {target: summary["torch"] for target, summary in seen.items()}
    cpu = "https://download.pytorch.org/whl/cpu/torch-2.5.1%2Bcpu-cp312-cp312-linux_x86_64.whl"
    assert torch["x86_64-linux", "3.12"]["src"]["url"] == cpu
    # fetchurl names the file as the wheel is named: `%2B` is no store path character.
    assert (
        torch["x86_64-linux", "3.12"]["src"]["name"]
        == "torch-2.5.1+cpu-cp312-cp312-linux_x86_64.whl"
    )
    assert torch["x86_64-linux", "3.12"]["hooks"] == [
        "pyproject-wheel-hook",
        "auto-patchelf-hook-0",
    ]
    assert torch["aarch64-darwin", "3.11"]["src"]["url"].endswith(
        "-cp311-none-macosx_11_0_arm64.whl"
    )
    assert torch["aarch64-darwin", "3.11"]["hooks"] == ["pyproject-wheel-hook"]
    assert {t: s["version"] for t, s in torch.items()} == {
        ("x86_64-linux", "3.11"): "2.5.1+cpu",
        ("x86_64-linux", "3.12"): "2.5.1+cpu",
        ("aarch64-darwin", "3.11"): "2.5.1",
        ("aarch64-darwin", "3.12"): "2.5.1",
    }
    # setuptools only from Python 3.12 on (torch's marker).
    assert "setuptools" not in seen["x86_64-linux", "3.11"]
    assert seen["x86_64-linux", "3.12"]["setuptools"]["version"] == "75.1.0"


@pytest.mark.nix
def test_cycles_are_resolved_by_the_venv_resolver_with_every_member(tmp_path: Path) -> None:
    result = planned("uv-cycle")
    assert {tuple(str(m) for m in c.members) for c in result.cycles} == {
        ("sphinx 6.2.1", "sphinxcontrib-applehelp 1.0.4", "sphinxcontrib-serializinghtml 1.1.5"),
        ("tango 2.3.0", "tango-plugins 2.3.0"),
    }
    out = write(rendered("uv-cycle"), tmp_path / "out")
    seen = nix_eval(
        scope_of(
            out,
            "aarch64-linux",
            "3.13",
            """{
              names = targets.default.names;
              sphinx = set.sphinx.passthru.dependencies;
              applehelp = set.sphinxcontrib-applehelp.passthru.dependencies;
              tango = set.tango.passthru.dependencies;
              plugins = set.tango-plugins.passthru.dependencies;
            }""",
        )
    )
    members = {"sphinx", "sphinxcontrib-applehelp", "sphinxcontrib-serializinghtml", "tango"}
    assert members | {"tango-plugins"} <= set(seen["names"])
    # No edge is cut: both directions of each cycle are written.
    assert "sphinxcontrib-applehelp" in seen["sphinx"]
    assert seen["applehelp"] == {"sphinx": []}
    assert (seen["tango"], seen["plugins"]) == ({"tango-plugins": []}, {"tango": []})


# --- sources, editable installs, the five targets --------------------------------------------


@pytest.mark.nix
def test_git_url_and_path_sources(tmp_path: Path) -> None:
    project = tmp_path / "project"
    out = write(rendered("uv-sources"), project / "nix")  # project_dir = ".."
    seen = nix_eval(
        scope_of(out, "x86_64-linux", "3.12", 'summary (set.mkVirtualEnv "env" targets.env.spec)')
    )
    humanize = seen["humanize"]["src"]
    assert humanize == {
        "fetcher": "builtins.fetchGit",
        "url": "https://github.com/python-humanize/humanize",
        "hash": None,
        "name": None,
        "rev": "3cd7e3a2ab61c9f9e9b9d71b6a3fbd29e4d9d3b5",
        "ref": "refs/tags/4.11.0",
    }
    helper = seen["monorepo-helper"]
    assert helper["src"]["rev"] == "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c"
    assert helper["postUnpack"] == 'sourceRoot="$sourceRoot/python/helper"\n'
    assert seen["toolkit"]["postUnpack"] == 'sourceRoot="$sourceRoot/python"\n'
    assert seen["pinned-wheel"]["src"] == f"path:{project}/vendor/pinned_wheel-3.0-py3-none-any.whl"
    assert seen["shop-core"]["src"] == f"path:{project}/packages/core"
    assert seen["shop"]["src"] == f"path:{project}"
    assert seen["shop-api"]["version"] == "0"  # dynamic in the lock
    assert seen["shop"]["hooks"] == ["pyproject-hook", "setuptools-75.8.0", "wheel-0.45.1"]


@pytest.mark.nix
def test_the_dev_shell_installs_the_local_projects_in_place(tmp_path: Path) -> None:
    out = write(rendered("uv-sources"), tmp_path / "project" / "nix")
    flake = flake_of(out)
    # The sources are not looked at: build-set.nix is read with the real builtins here.
    seen = nix_eval(
        f"""
        let
          flake = {flake};
          shell = flake.devShells.aarch64-darwin.default;
          env = builtins.head shell.packages;
        in {{
          packages = builtins.listToAttrs (map (p: {{
            name = p.pname;
            value = {{
              editableRoot = p.EDITABLE_ROOT or null;
              hooks = map (h: h.name) (p.nativeBuildInputs or [ ]);
            }};
          }}) env.packages);
          inherit (shell) shellHook;
        }}
        """
    )
    packages = seen["packages"]
    roots = {n: p["editableRoot"] for n, p in packages.items() if p["editableRoot"]}
    assert roots == {
        "shop": "$PYNIX_PROJECT_ROOT",
        "shop-api": "$PYNIX_PROJECT_ROOT/packages/api",
        "shop-core": "$PYNIX_PROJECT_ROOT/packages/core",
    }
    assert packages["shop"]["hooks"][0] == "pyproject-editable-hook"
    assert packages["legacy-utils"]["hooks"][0] == "pyproject-hook"  # a path source, not editable
    # Editable projects need their build system at run time (pyproject.nix's editable mode).
    assert {"setuptools", "wheel"} <= set(packages)
    assert seen["shellHook"].startswith(
        "# Nothing of nixpkgs' Python may reach the environment's interpreter.\nunset PYTHONPATH\n"
        'export PYNIX_PROJECT_ROOT="$PWD"\n'
    )


def flake_of(out: Path) -> str:
    """The flake's outputs with the stand-ins as inputs."""
    return f"""
      (import {out}/flake.nix).outputs {{
        self = {{ }};
        nixpkgs = import {NIXPKGS}/flake-input.nix;
        pyproject-nix = import {STANDIN}/flake-input.nix;
        pyproject-build-systems = import {STANDIN}/build-systems-input.nix;
      }}
    """


@pytest.mark.nix
def test_the_flake_exposes_the_targets_per_system(tmp_path: Path) -> None:
    out = write(rendered("uv-tree"), tmp_path / "out")
    seen = nix_eval(
        f"""
        let
          flake = {flake_of(out)};
          on = system: let p = flake.packages.${{system}}; in {{
            attrs = builtins.attrNames p;
            default = [ p.default.name p.default.system p.default.pythonVersion ];
            env = p.env.name;
            wheel = [ p.wheel.name (map (h: h.name) p.wheel.nativeBuildInputs) ];
            docker = {{
              inherit (p.docker) imageName imageTag config;
              contents = map toString p.docker.contents;
            }};
          }};
        in {{
          systems = builtins.attrNames flake.packages;
          shells = builtins.attrNames flake.devShells;
          linux = on "x86_64-linux";
          darwin = (on "aarch64-darwin").default;
        }}
        """
    )
    systems = ["aarch64-darwin", "aarch64-linux", "x86_64-darwin", "x86_64-linux"]
    assert (seen["systems"], seen["shells"]) == (systems, systems)
    linux = seen["linux"]
    assert linux["attrs"] == ["default", "docker", "env", "wheel"]
    assert linux["default"] == ["weather-env", "x86_64-linux", "3.12"]
    assert seen["darwin"] == ["weather-env", "aarch64-darwin", "3.12"]
    assert linux["env"] == "weather-dev-env"
    # The wheel: the project built with pyprojectDistHook, which installs the wheel as the output.
    assert linux["wheel"] == [
        "weather-0.3.0",
        ["pyproject-dist-hook", "setuptools-75.8.0", "wheel-0.45.1"],
    ]
    store = "/nix/store/00000000000000000000000000000000-weather-env"
    assert linux["docker"] == {
        "imageName": "weather",
        "imageTag": "0.3.0",
        "config": {"Cmd": [f"{store}/bin/python"]},
        "contents": [store],
    }


@pytest.mark.nix
def test_an_unplanned_interpreter_is_refused(tmp_path: Path) -> None:
    lock = fixture_lock("uv-tree")
    result = plan(lock, settings=Settings(systems=("x86_64-linux",), python_versions=("3.12",)))
    out = write(render_files(result, None, options=OPTIONS), tmp_path / "out")
    error = evaluate_error(scope_of(out, "x86_64-linux", "3.13", "targets.default.names"))
    assert (
        "pynix: build-set.nix was planned for x86_64-linux with Python 3.12; not for "
        "x86_64-linux with Python 3.13 (plan and generate again for it)"
    ) in error
    error = evaluate_error(scope_of(out, "aarch64-darwin", "3.12", "targets.default.names"))
    assert "not for aarch64-darwin with Python 3.12" in error


# --- the project of a poetry.lock ------------------------------------------------------------


@pytest.mark.nix
def test_a_poetry_project_is_built_from_its_directory(tmp_path: Path) -> None:
    out = write(rendered("poetry-1.1-project"), tmp_path / "out")
    seen = nix_eval(
        scope_of(
            out,
            "x86_64-linux",
            "3.12",
            """{
              app = targets.default.names;
              dev = targets.env.names;
              project = (summary targets.default).analysis;
              spec = targets.env.spec;
              passthru = set.analysis.passthru;
            }""",
        )
    )
    assert seen["app"] == [
        "analysis", "certifi", "charset-normalizer", "idna", "pysocks", "python-dateutil",
        "requests", "six", "urllib3",
    ]  # fmt: skip
    assert set(seen["dev"]) - set(seen["app"]) == {"pytz"}
    assert seen["spec"] == {"analysis": ["dev"]}
    project = seen["project"]
    assert project["version"] == "0.2.0"
    assert project["src"] == f"path:{out}"
    assert project["hooks"] == ["pyproject-hook", "poetry-core-2.0.1"]
    assert seen["passthru"]["dependencies"] == {"python-dateutil": [], "requests": ["socks"]}
    assert seen["passthru"]["dependency-groups"] == {"dev": {"pytz": []}}


# --- build systems ---------------------------------------------------------------------------

HATCH = BuildSystem(
    requires=(
        Dependency.parse("hatchling>=1.24"),
        Dependency.parse("editables; python_version < '3.13'"),
    ),
    backend="hatchling.build",
)


def sdist_lock(*packages: Any) -> LockSet:
    return uv_lock(root("app", *(dep(p.name) for p in packages)), *packages)


def two_pythons(lock: LockSet, **settings: Any) -> Plan:
    return plan(
        lock,
        settings=Settings(systems=("x86_64-linux",), python_versions=("3.12", "3.13"), **settings),
    )


@pytest.mark.nix
def test_build_systems_resolved_per_interpreter(tmp_path: Path) -> None:
    widget = dataclasses.replace(
        pin("widget", "1.0", wheels=[], sdist_name="widget-1.0.tar.gz"), build_system=HATCH
    )
    result = two_pythons(sdist_lock(widget))
    build_set = render_build_set(result, options=OPTIONS)
    assert [f.code for f in build_set.findings] == []
    assert "# widget 1.0: sdist widget-1.0.tar.gz, built with editables, hatchling\n" in (
        build_set.text()
    )
    (tmp_path / BUILD_SET_FILE).write_text(build_set.text(), encoding="utf-8")
    hooks = {
        python: nix_eval(
            scope_of(
                tmp_path, "x86_64-linux", python, "map (h: h.name) set.widget.nativeBuildInputs"
            )
        )
        for python in ("3.12", "3.13")
    }
    hatchling = [
        "hatchling-1.27.0",
        "packaging-24.2",
        "pathspec-0.12.1",
        "pluggy-1.5.0",
        "trove-classifiers-2025.1.15.22",
    ]
    assert hooks["3.12"] == ["pyproject-hook", "editables-0.5", *hatchling]
    assert hooks["3.13"] == ["pyproject-hook", *hatchling]


def test_an_unknown_build_system_is_assumed_and_flagged() -> None:
    widget = pin("widget", "1.0", wheels=[], sdist_name="widget-1.0.tar.gz")
    build_set = render_build_set(two_pythons(sdist_lock(widget)), options=OPTIONS)
    assert [str(f) for f in build_set.findings] == [
        (
            "warning: uv.lock: widget 1.0: its build system is unknown; setuptools and wheel are "
            "assumed (let pynix read the sdist's pyproject.toml: enrichment)"
        )
    ]
    text = build_set.text()
    assert (
        "# widget 1.0: sdist widget-1.0.tar.gz\n"
        "    # build system unknown: setuptools and wheel assumed\n"
    ) in text
    assert (
        "resolveBuildSystem {\n                setuptools = [ ];\n                wheel = [ ];\n"
        in text
    )


def test_a_build_requirement_nothing_provides_is_flagged() -> None:
    system = BuildSystem(requires=(Dependency.parse("mesonpy-nonesuch"),), backend="x")
    widget = dataclasses.replace(
        pin("widget", "1.0", wheels=[], sdist_name="widget-1.0.tar.gz"), build_system=system
    )
    build_set = render_build_set(two_pythons(sdist_lock(widget)), options=OPTIONS)
    assert [str(f) for f in build_set.findings] == [
        (
            "warning: uv.lock: widget 1.0: build requirement mesonpy-nonesuch is neither in the "
            "lock nor in pyproject-build-systems (add mesonpy-nonesuch to the build set with an "
            "overlay)"
        )
    ]


@pytest.mark.nix
def test_build_system_cycles_are_errors(tmp_path: Path) -> None:
    # setuptools from its sdist needs setuptools; docs needs cyc-a, whose dependencies cycle.
    setuptools = dataclasses.replace(
        pin("setuptools", "75.1.0", sdist_name="setuptools-75.1.0.tar.gz"),
        build_system=BuildSystem(requires=(Dependency.parse("setuptools"),), backend="x"),
    )
    docs = dataclasses.replace(
        pin("docs", "1.0", wheels=[], sdist_name="docs-1.0.tar.gz"),
        build_system=BuildSystem(requires=(Dependency.parse("cyc-a"),), backend="x"),
    )
    lock = sdist_lock(
        setuptools, docs, pin("cyc-a", "1.0", dep("cyc-b")), pin("cyc-b", "1.0", dep("cyc-a"))
    )
    prefer_sdist = {NormalizedName("setuptools"): PackageSettings(prefer=Preference.SDIST)}
    build_set = render_build_set(two_pythons(lock, packages=prefer_sdist), options=OPTIONS)
    errors = [
        (f.code, f.subject, f.message) for f in build_set.findings if f.severity is Severity.ERROR
    ]
    assert errors == [
        (
            "build-system-cycle",
            "docs",
            (
                "docs is built with cyc-a, whose dependencies form the cycle cyc-a -> cyc-b -> "
                "cyc-a: resolveBuildSystem does not support cycles"
            ),
        ),
        (
            "build-system-cycle",
            "setuptools",
            "setuptools is needed to build itself: a build-system cycle Nix cannot build",
        ),
    ]
    (tmp_path / BUILD_SET_FILE).write_text(build_set.text(), encoding="utf-8")
    error = evaluate_error(
        scope_of(tmp_path, "x86_64-linux", "3.12", "map (h: h.name) set.docs.nativeBuildInputs")
    )
    assert "resolveBuildSystem met a cycle: cyc-a -> cyc-b -> cyc-a" in error


# --- wheels with native code -----------------------------------------------------------------


@pytest.mark.nix
def test_native_libraries_become_build_inputs(tmp_path: Path) -> None:
    name = "fast_crc-1.0-cp312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64.whl"
    enriched = dataclasses.replace(
        wheel(name), needed_libraries=("libz.so.1", "libcuda.so.1", "libfoo.so.3")
    )
    fast = dataclasses.replace(pin("fast-crc", "1.0", wheels=[name]), wheels=(enriched,))
    plain = pin("slow-crc", "1.0", wheels=["slow_crc-1.0-cp312-cp312-manylinux_2_17_x86_64.whl"])
    result = plan(
        sdist_lock(fast, plain),
        settings=Settings(systems=("x86_64-linux",), python_versions=("3.12",)),
    )
    build_set = render_build_set(result, options=OPTIONS)
    assert [(f.severity.value, f.code, f.subject) for f in build_set.findings] == [
        ("warning", "unknown-native-library", "fast-crc"),
        ("info", "native-libraries-unknown", "slow-crc"),
    ]
    assert (
        "fast_crc-1.0-cp312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64.whl needs libfoo.so.3"
        in str(build_set.findings[0])
    )
    (tmp_path / BUILD_SET_FILE).write_text(build_set.text(), encoding="utf-8")
    seen = nix_eval(
        scope_of(
            tmp_path,
            "x86_64-linux",
            "3.12",
            "summary { packages = [ set.fast-crc set.slow-crc ]; }",
        )
    )
    assert seen["fast-crc"]["hooks"] == ["pyproject-wheel-hook", "auto-patchelf-hook-0"]
    assert seen["fast-crc"]["buildInputs"] == ["zlib-1.3.1"]
    assert seen["fast-crc"]["ignored"] == ["libcuda.so.1"]
    assert (seen["slow-crc"]["hooks"], seen["slow-crc"]["buildInputs"]) == (
        ["pyproject-wheel-hook", "auto-patchelf-hook-0"],
        [],
    )
    assert "buildInputs = [ pkgs.zlib ];" in build_set.text()


# --- names pyproject.nix's scope already uses ------------------------------------------------


@pytest.mark.parametrize("name", sorted(n for n in RESERVED_NAMES if n.islower()))
def test_a_package_named_like_a_scope_attribute_is_an_error(name: str) -> None:
    lock = sdist_lock(pin(name, "1.0"))
    build_set = render_build_set(two_pythons(lock), options=OPTIONS)
    assert [(f.code, f.message) for f in build_set.findings] == [
        ("reserved-name", f"{name}: a package of this name replaces pyproject.nix's own {name!r}")
    ]


def test_pins_of_one_name_on_the_same_targets_are_an_error() -> None:
    findings = [f for f in rendered("poetry-1.1").findings if f.severity is Severity.ERROR]
    assert [str(f) for f in findings] == [
        (
            "error: poetry-1.1/poetry.lock: numpy is pinned more than once for the same targets "
            "(numpy 1.23.5, numpy 1.24.1); numpy 1.24.1 is used there [x86_64-linux, "
            "aarch64-linux, x86_64-darwin, aarch64-darwin] (lock with markers that tell the pins "
            "apart, or plan with the project)"
        )
    ]


def test_a_virtual_project_has_no_wheel() -> None:
    files = rendered("uv-cycle")
    assert [(f.code, f.message) for f in files.findings] == [
        (
            "no-wheel",
            (
                "no package of the project is built (a virtual project, or no project): "
                "packages.wheel is left out"
            ),
        )
    ]
    assert "wheel" not in files.texts()["default.nix"].split("in\n", 1)[1]
    assert planned("uv-cycle").package("docs-site").choices[0].build is Build.VIRTUAL


def test_paths_follow_the_project_directory() -> None:
    text = rendered("uv-sources").texts()[BUILD_SET_FILE]
    assert "src = lib.cleanSource ../packages/core;" in text
    assert "src = ../vendor/pinned_wheel-3.0-py3-none-any.whl;" in text
    assert "projectRoot ? toString ../.," in rendered("uv-sources").texts()["shell.nix"]


# --- a lock made by the real uv against the test index, enriched -----------------------------

DEMO = ["alpha", "beta", "plat-dep", "cyc-a", "native-crc", "legacy-lib"]
NATIVE = "native_crc-1.0-py3-none-manylinux_2_17_x86_64.manylinux2014_x86_64.whl"


@pytest.fixture(scope="module")
def demo(universe: Universe, tmp_path_factory: pytest.TempPathFactory) -> tuple[LockSet, Project]:
    """The demo project of the plan tests, locked by uv and enriched through the test index."""
    scratch = tmp_path_factory.mktemp("demo")
    directory = write_project(
        scratch / "demo",
        DEMO,
        optional_dependencies={"fast": ["beta[fast]"]},
        dependency_groups={"dev": ["cli-tool"]},
    )
    with IndexServer(universe.root, upload_times=universe.upload_times) as server:
        run_uv_lock(directory, server.index_url)
        with IndexClient(
            [server.index_url], cache=Cache(scratch / "cache"), environ={}, netrc=scratch / "n"
        ) as client:
            enriched = enrich_lock(load_lock(directory), client=client)
    return enriched.lock, load_project(directory)


@pytest.mark.slow
@pytest.mark.nix
def test_a_real_uv_lock_on_every_linux_interpreter(
    demo: tuple[LockSet, Project], universe: Universe, tmp_path: Path
) -> None:
    lock, project = demo
    result = plan(lock, project, Settings(systems=("x86_64-linux",)))
    assert result.errors == ()
    files = render_files(result, project, options=OPTIONS)
    assert not files.has_errors
    out = write(files, tmp_path / "out")
    body = """{
      app = summary targets.default;
      dev = summary (set.mkVirtualEnv "dev" targets.env.spec);
    }"""
    seen = closures(out, result, body)
    assert sorted(seen) == [("x86_64-linux", f"3.{minor}") for minor in range(11, 15)]
    for (system, python), both in seen.items():
        assert seen_closure(both["dev"], out) == expected_closure(result, system, python)
        for name, package in both["dev"].items():
            src = package["src"]
            if isinstance(src, dict) and src["fetcher"] == "fetchurl":
                filename = src["url"].rsplit("/", 1)[-1]
                assert src["hash"] == hex_to_sri(universe.artifact(filename).sha256), name
    linux = seen["x86_64-linux", "3.12"]["dev"]
    assert {"cyc-a", "cyc-b", "delta", "cli-tool", "linux-only"} <= set(linux)
    assert "cli-tool" not in seen["x86_64-linux", "3.12"]["app"]
    assert "gamma" in linux
    assert "gamma" not in seen["x86_64-linux", "3.13"]["dev"]
    native = linux["native-crc"]
    assert native["src"]["url"].endswith("/" + NATIVE)
    assert (native["hooks"], native["buildInputs"]) == (
        ["pyproject-wheel-hook", "auto-patchelf-hook-0"],
        ["zlib-1.3.1"],
    )
    # legacy-lib 1.0 is an sdist with setup.py only: setuptools' legacy build (enrichment).
    legacy = linux["legacy-lib"]
    assert legacy["src"]["url"].endswith("/legacy_lib-1.0.tar.gz")
    assert legacy["hooks"] == ["pyproject-hook", "setuptools-75.8.0", "wheel-0.45.1"]
    assert linux["demo"]["hooks"] == []  # virtual: nothing to build


@pytest.mark.slow
@pytest.mark.nix
def test_a_real_uv_lock_where_a_wheel_is_missing(
    demo: tuple[LockSet, Project], tmp_path: Path
) -> None:
    lock, project = demo
    result = plan(lock, project, Settings(systems=("x86_64-linux", "aarch64-darwin")))
    assert [(f.code, f.subject, f.target) for f in result.errors] == [
        ("no-artifact", "native-crc", "aarch64-darwin")
    ]
    assert render_files(result, project, options=OPTIONS).files == {}
    build_set = render_build_set(result, project, options=OPTIONS)
    assert set(result.errors) <= set(build_set.findings)
    (tmp_path / BUILD_SET_FILE).write_text(build_set.text(), encoding="utf-8")
    error = evaluate_error(scope_of(tmp_path, "aarch64-darwin", "3.12", "set.native-crc.src"))
    assert "pynix: no file of native-crc 1.0 installs on aarch64-darwin with Python 3.12" in error
    url = nix_eval(scope_of(tmp_path, "x86_64-linux", "3.12", "set.native-crc.src.url"))
    assert url.endswith("/" + NATIVE)


def test_a_workspace_member_without_a_directory_is_an_error() -> None:
    member = dataclasses.replace(pin("member", "1.0", wheels=[]), source=WorkspaceSource())
    build_set = render_build_set(two_pythons(sdist_lock(member)), options=OPTIONS)
    errors = [(f.code, f.message) for f in build_set.findings if f.severity is Severity.ERROR]
    assert errors == [
        ("unlocated-source", "member 1.0: the lock names a workspace member without its directory")
    ]
    assert 'src = throw "pynix: the lock does not say where member 1.0 is";' in build_set.text()


def test_an_unhashed_file_is_fetched_impurely_and_flagged() -> None:
    name = "loose-1.0-py3-none-any.whl"
    loose = dataclasses.replace(pin("loose", "1.0"), wheels=(wheel(name, hashed=False),))
    result = two_pythons(sdist_lock(loose), allow_unhashed=True)
    build_set = render_build_set(result, options=OPTIONS)
    assert [f.code for f in build_set.findings] == ["unhashed", "impure-fetch"]
    assert str(build_set.findings[-1]) == (
        f"warning: uv.lock: loose 1.0: {name} has no hash; builtins.fetchurl fetches it impurely"
    )
    assert f'src = builtins.fetchurl {{ url = "https://files.example/{name}"; }};' in (
        build_set.text()
    )


@pytest.mark.nix
def test_the_flake_runs_the_main_program_as_its_default_app(tmp_path: Path) -> None:
    project = dataclasses.replace(ANALYSIS, scripts={"analysis": "analysis.cli:main"})
    result = plan(fixture_lock("poetry-1.1"), project)
    out = write(render_files(result, project, options=OPTIONS), tmp_path / "out")
    # `self` is the flake itself, as Nix passes it: the app runs `self.packages`' default.
    outputs = flake_of(out).replace("self = { };", "self = flake;")
    seen = nix_eval(f"let flake = {outputs}; in flake.apps.x86_64-linux.default")
    assert seen["type"] == "app"
    assert seen["program"].endswith("-analysis-env/bin/analysis")
