"""The overlay renderer: decisions, golden files, and every fixture's closure under real Nix.

The oracle is the plan: on every planned target, ``packages.env`` must hold
exactly the pins the plan installs there (minus the project's own), each at
its locked version, and each new package must fetch exactly the file the
plan chose for that target (URL and hash). See :mod:`tests.render._lock_cases`
for the cases and :mod:`tests.render._overlay_nix` for the evaluation.
"""

from __future__ import annotations

import dataclasses
import functools
import os
import subprocess
from pathlib import Path
from typing import Any

import pytest

from pynix.formats.pynix_settings import Preference, Settings
from pynix.model import (
    BuildSystem,
    Dependency,
    GitSource,
    LockedPackage,
    LockSet,
    Project,
    ProjectFormat,
)
from pynix.plan import Plan, plan
from pynix.render.overlay import Decision, Kind, decide, render_overlay
from pynix.render.result import RenderedFiles
from tests.plan._support import dep, pin, root, uv_lock, wheel
from tests.render._lock_cases import (
    CASES,
    LOCKS,
    STANDIN_VERSIONS,
    case_plan,
    standin_names,
)
from tests.render._overlay_nix import (
    evaluate_targets,
    expected_env,
    expected_sources,
    nix_list,
    nix_targets,
    write_files_to,
)
from tests.render._standin import FLAKE_INPUT, STANDIN
from tests.support.nix import nix_eval, nix_instantiate, nix_parse

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = ROOT / "tests" / "golden" / "overlay"
UPDATE = os.environ.get("PYNIX_UPDATE_GOLDEN") == "1"
FILES = ("default.nix", "flake.nix", "python-packages.nix", "shell.nix")


@functools.cache
def rendered(case: str) -> tuple[Plan, tuple[Decision, ...], RenderedFiles]:
    spec = CASES[case]
    plan = case_plan(spec)
    names = standin_names() if spec.snapshot else None
    decisions = decide(plan, names=names, project_name=spec.project.name)
    files = render_overlay(plan, spec.project, names=names, options=spec.options)
    return plan, decisions, files


def nix_error(expression: str) -> str:
    """The error output of evaluating ``expression``, which must fail."""
    result = subprocess.run(
        [nix_instantiate(), "--eval", "--strict", "--readonly-mode", "--expr", expression],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1, result.stdout
    return result.stderr


def kinds(case: str) -> dict[str, str]:
    return {str(d.package.pin): d.kind.value for d in rendered(case)[1]}


# -- golden files --------------------------------------------------------------------------------


@pytest.mark.nix
@pytest.mark.parametrize("case", sorted(CASES))
def test_golden_files(case: str) -> None:
    plan, _, files = rendered(case)
    texts = files.texts()
    assert sorted(texts) == sorted(FILES)
    # The requirements reader names the file as given: shown from the fixtures' directory.
    shown = [str(f).replace(f"{LOCKS}/", "") for f in (*plan.findings, *files.findings)]
    findings = "".join(f"{line}\n" for line in shown)
    for name, text in [*texts.items(), ("findings.txt", findings)]:
        path = GOLDEN / case / name
        if UPDATE:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        assert path.is_file(), f"{path} is missing; run with PYNIX_UPDATE_GOLDEN=1"
        assert text == path.read_text(encoding="utf-8"), path
        if name.endswith(".nix"):
            nix_parse(path)


def test_rendering_twice_gives_the_same_bytes() -> None:
    spec = CASES["uv-tree"]
    first = render_overlay(case_plan(spec), spec.project, names=standin_names()).texts()
    again = render_overlay(case_plan(spec), spec.project, names=standin_names()).texts()
    assert first == again


# -- decisions ------------------------------------------------------------------------------------

UV_TREE_KINDS = {
    "anyio 4.6.2.post1": "wheel",
    "certifi 2024.8.30": "nixpkgs",  # same version in nixpkgs
    "click 8.1.7": "nixpkgs",
    "h11 0.14.0": "wheel",
    "h2 4.1.0": "wheel",
    "hpack 4.0.0": "wheel",
    "httpcore 1.0.6": "wheel",
    "httpx 0.27.2": "wheel",
    "hyperframe 6.0.1": "wheel",
    "idna 3.10": "wheel",  # nixpkgs has 3.8, and no nixpkgs preference
    "iniconfig 2.0.0": "nixpkgs",
    "markdown-it-py 3.0.0": "wheel",
    "mdurl 0.1.2": "wheel",
    "packaging 24.1": "nixpkgs",
    "pluggy 1.5.0": "nixpkgs",
    "pygments 2.18.0": "wheel",
    "pytest 8.3.3": "nixpkgs-recipe",  # preferred from nixpkgs, which has 8.3.2
    "rich 13.9.2": "wheel",
    "sniffio 1.3.1": "wheel",
    "typing-extensions 4.12.2": "nixpkgs",
    "weather 0.3.0": "project",
}


def test_decisions_follow_the_snapshot_and_the_preferences() -> None:
    assert kinds("uv-tree") == UV_TREE_KINDS


def test_decisions_without_a_snapshot_are_all_new() -> None:
    spec = CASES["uv-tree"]
    decisions = decide(case_plan(spec), project_name="weather")
    assert {d.kind for d in decisions} == {Kind.WHEEL, Kind.PROJECT}
    pytest_decision = next(d for d in decisions if d.package.pin.name == "pytest")
    assert pytest_decision.note == "nixpkgs preferred, but no snapshot says what nixpkgs has"


def test_decisions_of_sources_and_forks() -> None:
    assert kinds("uv-sources") == {
        "attrs 24.2.0": "wheel",
        "humanize 4.11.0": "source",
        "internal-tools 2.0.1": "wheel",
        "legacy-utils 0.9.0": "source",
        "monorepo-helper 0.4.2": "source",
        "pinned-wheel 3.0": "wheel",
        "shop 1.0.0": "project",
        "shop-api": "source",
        "shop-core 1.4.0": "source",
        "toolkit 1.0": "sdist",
        "tzdata 2024.2": "wheel",
        "vendored-lib 1.2.0": "sdist",
    }
    assert kinds("uv-fork") == {
        "classifier 0.1.0": "virtual",
        "filelock 3.16.1": "wheel",
        "mpmath 1.3.0": "wheel",
        "setuptools 75.1.0": "wheel",
        "sympy 1.13.1": "wheel",
        "torch 2.5.1": "wheel",
        "torch 2.5.1+cpu": "wheel",
        "typing-extensions 4.12.2": "wheel",
    }
    assert kinds("poetry-2.1")["urllib3 2.2.3"] == "nixpkgs-recipe"
    assert kinds("poetry-2.1")["requests 2.32.3"] == "nixpkgs"
    assert kinds("requirements")["numpy 2.1.0"] == "missing"  # only hashes: nothing to fetch


# -- every case under real Nix, on every target ---------------------------------------------------

_FROM_NIXPKGS = (Kind.NIXPKGS, Kind.NIXPKGS_RECIPE)
EVALUATED = ["uv-tree", "uv-fork", "uv-cycle", "uv-sources", "poetry-2.1", "pdm-old", "pylock"]


def _closures(case: str, tmp_path: Path) -> tuple[Plan, tuple[Decision, ...], dict[Any, Any]]:
    plan, decisions, files = rendered(case)
    directory = write_files_to(files, tmp_path / case)
    targets = nix_targets(plan)
    attrs_for = {
        f"{system}/{version}": sorted(
            {d.attr for d in decisions if plan.environment(system, version).get(d.package.pin)}
            - {d.attr for d in decisions if d.kind in (Kind.VIRTUAL, Kind.PROJECT)}
        )
        for system, version in targets
    }
    table = " ".join(f'"{key}" = {nix_list(value)};' for key, value in attrs_for.items())
    body = f"""{{
      env = d.env.versions;
      packages = builtins.listToAttrs (map (a: {{ name = a; value = describe locked.pkgs.${{a}}; }})
        {{ {table} }}."${{system}}/${{python.pythonVersion}}");
    }}"""
    return plan, decisions, evaluate_targets(directory, targets, body)


@pytest.mark.nix
@pytest.mark.parametrize("case", EVALUATED)
def test_every_target_gets_the_planned_closure_and_files(case: str, tmp_path: Path) -> None:
    plan, decisions, results = _closures(case, tmp_path)
    by_attr = {d.attr: d for d in decisions}
    for target, result in results.items():
        assert result["env"] == expected_env(plan, decisions, target), target
        sources = expected_sources(plan, decisions, target)
        for attr, described in result["packages"].items():
            decision = by_attr[attr]
            installed = plan.environment(*target).get(decision.package.pin)
            if installed is None:  # another pin of the name is installed here
                installed = plan.environment(*target).by_name(decision.package.pin.name)
            assert installed is not None
            assert described["version"] == installed.pin.version or decision.kind is Kind.SOURCE
            if attr in sources and decision.kind is not Kind.NIXPKGS:
                url, hash_ = sources[attr]
                assert (described["src"]["url"], described["src"]["hash"]) == (url, hash_)
            if installed.build.value == "wheel" and decision.kind not in _FROM_NIXPKGS:
                assert described["format"] == "wheel", (target, attr)
            if installed.build.value == "sdist" or decision.kind is Kind.NIXPKGS_RECIPE:
                assert described["pyproject"] is True, (target, attr)


@pytest.mark.nix
def test_nixpkgs_own_recipe_and_new_packages_under_nix(tmp_path: Path) -> None:
    _, _, results = _closures("poetry-2.1", tmp_path)
    result = results[("x86_64-linux", "3.12")]["packages"]
    # (a) nixpkgs' requests, whose dependencies are the overlay's own.
    assert result["requests"]["src"]["fetcher"] == "fetchPypi"
    assert result["requests"]["deps"] == ["certifi", "charset-normalizer", "idna", "urllib3"]
    # (b) nixpkgs' urllib3 recipe with the locked sdist, its patches dropped.
    assert result["urllib3"]["version"] == "2.2.3"
    assert result["urllib3"]["src"]["url"].endswith("/urllib3-2.2.3.tar.gz")
    assert result["urllib3"]["pyproject"] is True
    # (d) a wheel per system: manylinux on Linux, macOS on Darwin.
    darwin = _closures("poetry-2.1", tmp_path / "again")[2][("aarch64-darwin", "3.12")]
    assert darwin["packages"]["charset-normalizer"]["src"]["url"].endswith(
        "charset_normalizer-3.4.0-cp312-cp312-macosx_11_0_arm64.whl"
    )
    assert result["charset-normalizer"]["src"]["url"].endswith(
        "charset_normalizer-3.4.0-cp312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64.whl"
    )
    urllib3 = nix_eval(
        f"""let pkgs = import {STANDIN} {{ }};
          locked = pkgs.python312.override {{
            packageOverrides = import {tmp_path}/poetry-2.1/python-packages.nix {{ inherit pkgs; }};
          }};
        in {{
          ours = locked.pkgs.urllib3.patches;
          nixpkgs = pkgs.python312.pkgs.urllib3.patches;
        }}"""
    )
    assert urllib3 == {"ours": [], "nixpkgs": ["urllib3-2.2.2-stand-in.patch"]}


# -- forks: one binding, the pin chosen by target --------------------------------------------------


@pytest.mark.nix
def test_a_forked_name_is_one_binding_choosing_the_pin_by_system(tmp_path: Path) -> None:
    _, _, results = _closures("uv-fork", tmp_path)
    linux = results[("x86_64-linux", "3.11")]["packages"]["torch"]
    darwin = results[("aarch64-darwin", "3.12")]["packages"]["torch"]
    assert (linux["version"], linux["src"]["name"]) == (
        "2.5.1+cpu",
        "torch-2.5.1+cpu-cp311-cp311-linux_x86_64.whl",  # the URL says %2B: Nix stores refuse %
    )
    assert linux["src"]["url"].endswith("/torch-2.5.1%2Bcpu-cp311-cp311-linux_x86_64.whl")
    assert (darwin["version"], darwin["src"]["name"]) == ("2.5.1", None)
    text = rendered("uv-fork")[2].texts()["python-packages.nix"]
    assert "  # torch 2.5.1: a wheel per target (2 wheels)\n" in text
    assert (
        "  # torch 2.5.1+cpu: a wheel per target (2 wheels) (Linux binaries: autoPatchelfHook)\n"
        in text
    )


# -- cycles ----------------------------------------------------------------------------------------


def test_cycles_are_cut_where_the_plan_cut_them_and_said_so() -> None:
    plan, _, files = rendered("uv-cycle")
    text = files.texts()["python-packages.nix"]
    assert [(e.parent.name, e.child.name) for e in plan.cut_edges] == [
        ("sphinxcontrib-applehelp", "sphinx"),
        ("sphinxcontrib-serializinghtml", "sphinx"),
        ("tango-plugins", "tango"),
    ]
    assert (
        "  # cycle sphinx, sphinxcontrib-applehelp and sphinxcontrib-serializinghtml:"
        " sphinxcontrib-applehelp does not depend on sphinx here\n"
    ) in text
    assert "  # cycle tango ↔ tango-plugins: tango-plugins does not depend on tango here\n" in text


@pytest.mark.nix
def test_every_cycle_member_is_in_the_environment_and_the_image(tmp_path: Path) -> None:
    plan, _, files = rendered("uv-cycle")
    directory = write_files_to(files, tmp_path / "cycle")
    members = sorted(m.name for c in plan.cycles for m in c.members)
    results = evaluate_targets(
        directory,
        [("x86_64-linux", "3.12"), ("aarch64-darwin", "3.13")],
        """{
          env = d.env.pnames;
          image = if d ? docker then (builtins.head d.docker.contents).pnames else null;
          applehelp = (describe locked.pkgs.sphinxcontrib-applehelp).deps;
          sphinx = (describe locked.pkgs.sphinx).deps;
        }""",
    )
    linux, darwin = results.values()
    for result in (linux, darwin):
        assert set(members) <= set(result["env"])
        assert result["applehelp"] == []
        assert "sphinxcontrib-applehelp" in result["sphinx"]
    assert set(members) <= set(linux["image"])  # the virtual root's run-time closure
    assert darwin["image"] is None  # images hold Linux programs


def test_cycle_members_built_from_sdists_skip_the_runtime_dependency_check() -> None:
    spec = CASES["uv-cycle"]
    result = case_plan(
        type(spec)(
            lock=spec.lock,
            project=spec.project,
            settings=Settings(python_versions=("3.12",), prefer=Preference.SDIST),
        )
    )
    text = render_overlay(result, spec.project).texts()["python-packages.nix"]
    applehelp = text.split("  sphinxcontrib-applehelp = ")[1].split("\n  };\n")[0]
    assert "    dontCheckRuntimeDeps = true;" in applehelp
    sphinx = text.split("  sphinx = ")[1].split("\n  };\n")[0]
    assert "dontCheckRuntimeDeps" not in sphinx


# -- the interpreter and the targets ---------------------------------------------------------------


@pytest.mark.nix
def test_an_interpreter_the_plan_did_not_cover_is_refused(tmp_path: Path) -> None:
    _, _, files = rendered("uv-cycle")  # planned for Python 3.12 and 3.13
    directory = write_files_to(files, tmp_path / "cycle")
    message = nix_error(
        f"let pkgs = import {STANDIN} {{ }}; in"
        f" (import {directory}/default.nix {{ inherit pkgs; python = pkgs.python311; }}).env.pnames"
    )
    assert (
        "error: pynix: the lock was planned for Python 3.12, 3.13 on x86_64-linux, aarch64-linux,"
        " x86_64-darwin, aarch64-darwin; not for Python 3.11 on x86_64-linux (generate again with"
        " --python X.Y and --system to plan for it)"
    ) in message


@pytest.mark.nix
def test_the_standin_snapshot_is_the_standin() -> None:
    versions = nix_eval(
        f"let ps = (import {STANDIN} {{ }}).python312.pkgs; in builtins.listToAttrs (map"
        " (n: { name = n; value = ps.${n}.version; }) (builtins.filter (n: let p = ps.${n}; in"
        " builtins.isAttrs p && p ? builder && p ? pythonModule"
        ' && p.builder == "buildPythonPackage")'
        " (builtins.attrNames ps)))"
    )
    assert versions == STANDIN_VERSIONS


# -- the project, its wheel, its image, its dev shell, through the flake ---------------------------


@pytest.mark.nix
def test_the_flake_exposes_setup_nix_targets_for_every_system(tmp_path: Path) -> None:
    _, _, files = rendered("uv-tree")
    directory = write_files_to(files, tmp_path / "weather")
    result = nix_eval(
        f"""let
          flake = (import {directory}/flake.nix).outputs {{
            self = flake;
            nixpkgs = import {FLAKE_INPUT};
          }};
          linux = flake.packages.x86_64-linux;
          shell = flake.devShells.aarch64-darwin.default;
          env = builtins.head shell.packages;
          editable = builtins.head env.requested;
        in {{
          systems = builtins.attrNames flake.packages;
          linux = builtins.attrNames linux;
          darwin = builtins.attrNames flake.packages.aarch64-darwin;
          project = {{ inherit (linux.default) pname version builder;
                       deps = map (p: p.pname) linux.default.dependencies; }};
          wheel = linux.wheel.name;
          image = {{ inherit (linux.docker) imageName imageTag config;
                     contents = (builtins.head linux.docker.contents).pnames; }};
          env = linux.env.pnames;
          shell = {{ requested = env.requested; inherit (env) pnames; }};
          app = flake.apps.x86_64-linux.default.program;
        }}"""
    )
    assert result["systems"] == ["aarch64-darwin", "aarch64-linux", "x86_64-darwin", "x86_64-linux"]
    assert result["linux"] == ["default", "docker", "env", "wheel"]
    assert result["darwin"] == ["default", "env", "wheel"]
    assert result["project"] == {
        "pname": "weather",
        "version": "0.3.0",
        "builder": "buildPythonPackage",
        "deps": ["httpx", "rich", "h2"],
    }
    assert result["wheel"] == "python3.12-weather-0.3.0-dist"
    runtime = [
        "anyio", "certifi", "h11", "h2", "hpack", "httpcore", "httpx", "hyperframe", "idna",
        "markdown-it-py", "mdurl", "pygments", "rich", "sniffio", "typing-extensions", "weather",
    ]  # fmt: skip
    assert result["image"] == {
        "imageName": "weather",
        "imageTag": "0.3.0",
        "config": {"Cmd": ["/bin/weather"]},
        "contents": runtime,  # no dev group: no pytest
    }
    assert "pytest" in result["env"]
    assert "weather" not in result["env"]
    assert result["shell"]["requested"][0] == "weather"  # the editable install, then the rest
    assert {"pytest", "weather", "httpx"} <= set(result["shell"]["pnames"])
    assert result["app"].endswith("-python3.12-weather-0.3.0/bin/weather")


# -- one rule at a time, on small locks ------------------------------------------------------------

LINUX_312 = Settings(systems=("x86_64-linux", "aarch64-linux"), python_versions=("3.12",))
APP = Project(format=ProjectFormat.UV, name="app", version="0.1.0")
NATIVE = "fast-1.0-cp312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64.whl"


def overlay_text(lock: LockSet, settings: Settings = LINUX_312, **kwargs: Any) -> str:
    return render_overlay(plan(lock, settings=settings), APP, **kwargs).texts()[
        "python-packages.nix"
    ]


def binding(text: str, attr: str) -> str:
    """The lines of ``attr``'s binding, with its comment lines."""
    lines = text.splitlines()
    heads = (f"  {attr} =", f"  inherit (prev) {attr};")
    start = next(i for i, line in enumerate(lines) if line.startswith(heads))
    end = start
    while not lines[end].endswith(";") or (
        end > start and len(lines[end + 1]) - len(lines[end + 1].lstrip()) > 2
    ):
        end += 1
    while start > 0 and lines[start - 1].startswith("  #"):
        start -= 1
    return "\n".join(lines[start : end + 1])


def with_artifacts(package: LockedPackage, **changes: Any) -> LockedPackage:
    return dataclasses.replace(package, **changes)


def test_credentials_never_reach_the_files() -> None:
    wheel_file = wheel("secret-1.0-py3-none-any.whl")
    private = dataclasses.replace(
        wheel_file, url="https://me:s3cret@pypi.example/files/secret-1.0-py3-none-any.whl"
    )
    lock = uv_lock(root("app", dep("secret")), with_artifacts(pin("secret"), wheels=(private,)))
    rendered_files = render_overlay(plan(lock, settings=LINUX_312), APP)
    text = rendered_files.texts()["python-packages.nix"]
    assert "s3cret" not in text
    assert 'url = "https://pypi.example/files/secret-1.0-py3-none-any.whl";' in text
    assert [str(f) for f in rendered_files.findings] == [
        (
            "warning: secret 1.0: the URL of secret-1.0-py3-none-any.whl holds credentials; they"
            " are left out of the generated files (give Nix the credentials in its netrc-file"
            " setting)"
        )
    ]


@pytest.mark.nix
def test_an_unhashed_file_is_fetched_impurely_and_flagged(tmp_path: Path) -> None:
    unhashed = wheel("loose-1.0-py3-none-any.whl", hashed=False)
    lock = uv_lock(root("app", dep("loose")), with_artifacts(pin("loose"), wheels=(unhashed,)))
    settings = dataclasses.replace(LINUX_312, allow_unhashed=True)
    result = plan(lock, settings=settings)
    files = render_overlay(result, APP)
    assert binding(files.texts()["python-packages.nix"], "loose").splitlines()[:2] == [
        (
            "  # loose 1.0: the wheel loose-1.0-py3-none-any.whl; UNHASHED (--allow-unhashed):"
            " fetched impurely, not reproducible"
        ),
        "  loose = buildPythonPackage {",
    ]
    directory = write_files_to(files, tmp_path / "loose")
    src = evaluate_targets(
        directory, [("x86_64-linux", "3.12")], "(describe locked.pkgs.loose).src"
    )
    assert src[("x86_64-linux", "3.12")] == {
        "fetcher": "builtins.fetchurl",
        "url": "https://files.example/loose-1.0-py3-none-any.whl",
        "hash": None,
        "name": "loose-1.0-py3-none-any.whl",
        "rev": None,
    }


@pytest.mark.nix
def test_a_wheel_where_one_runs_else_the_sdist(tmp_path: Path) -> None:
    lock = uv_lock(
        root("app", dep("fast")),
        pin("fast", "1.0", wheels=[NATIVE], sdist_name="fast-1.0.tar.gz"),
    )
    result = plan(lock, settings=LINUX_312)
    files = render_overlay(result, APP)
    text = binding(files.texts()["python-packages.nix"], "fast")
    assert text.splitlines()[0] == (
        f"  # fast 1.0: the wheel {NATIVE} (Linux binaries: autoPatchelfHook) where one runs, else"
        " the sdist fast-1.0.tar.gz; build system not known: setuptools assumed"
    )
    directory = write_files_to(files, tmp_path / "fast")
    found = evaluate_targets(
        directory,
        [("x86_64-linux", "3.12"), ("aarch64-linux", "3.12")],
        "let p = describe locked.pkgs.fast; in { inherit (p) format pyproject; url = p.src.url; }",
    )
    assert found == {
        ("x86_64-linux", "3.12"): {
            "format": "wheel",
            "pyproject": None,
            "url": f"https://files.example/{NATIVE}",
        },
        ("aarch64-linux", "3.12"): {
            "format": None,
            "pyproject": True,
            "url": "https://files.example/fast-1.0.tar.gz",
        },
    }
    assert [f.code for f in files.findings] == ["build-system-assumed", "native-libraries-unknown"]


@pytest.mark.nix
def test_native_libraries_become_build_inputs(tmp_path: Path) -> None:
    native = dataclasses.replace(
        wheel(NATIVE),
        needed_libraries=("libz.so.1", "libstdc++.so.6", "libcuda.so.1", "libfoo.so.3"),
    )
    lock = uv_lock(root("app", dep("fast")), with_artifacts(pin("fast"), wheels=(native,)))
    settings = Settings(systems=("x86_64-linux",), python_versions=("3.12",))
    files = render_overlay(plan(lock, settings=settings), APP)
    text = binding(files.texts()["python-packages.nix"], "fast")
    assert "    nativeBuildInputs = [ autoPatchelfHook ];" in text
    assert "    buildInputs = [ pkgs.stdenv.cc.cc.lib pkgs.zlib ];" in text
    assert '    autoPatchelfIgnoreMissingDeps = [ "libcuda.so.1" ];' in text
    assert [str(f) for f in files.findings] == [
        (
            f"warning: fast 1.0: {NATIVE} needs libfoo.so.3, which no nixpkgs package is known to"
            " provide; autoPatchelfHook will stop on it (add the package that provides it to"
            " buildInputs in an overlay)"
        )
    ]
    directory = write_files_to(files, tmp_path / "native")
    found = evaluate_targets(
        directory,
        [("x86_64-linux", "3.12")],
        "let p = locked.pkgs.fast; in map (x: x.name) (p.nativeBuildInputs ++ p.buildInputs)",
    )
    assert found[("x86_64-linux", "3.12")] == [
        "auto-patchelf-hook-0",
        "gcc-lib-13.3.0",
        "zlib-1.3.1",
    ]


def test_build_systems_from_enrichment_and_a_backend_that_builds_itself() -> None:
    hatch = BuildSystem(requires=(Dependency.parse("hatchling>=1.20"),), backend="hatchling.build")
    flit = BuildSystem(requires=(Dependency.parse("flit-core<4"),), backend="flit_core.buildapi")
    legacy = BuildSystem(requires=(), declared=False)
    lock = uv_lock(
        root("app", dep("a"), dep("flit-core"), dep("old")),
        with_artifacts(pin("a", wheels=[], sdist_name="a-1.0.tar.gz"), build_system=hatch),
        with_artifacts(
            pin("flit-core", "3.10.1", wheels=[], sdist_name="flit_core-3.10.1.tar.gz"),
            build_system=flit,
        ),
        with_artifacts(pin("old", wheels=[], sdist_name="old-1.0.tar.gz"), build_system=legacy),
    )
    text = overlay_text(lock)
    assert binding(text, "a").splitlines()[0] == (
        "  # a 1.0: built from the sdist a-1.0.tar.gz; build system: hatchling"
    )
    assert "    build-system = [ final.hatchling ];" in binding(text, "a")
    assert "    build-system = [ prev.flit-core ];" in binding(text, "flit-core")
    assert binding(text, "old").splitlines()[0] == (
        "  # old 1.0: built from the sdist old-1.0.tar.gz; no [build-system]: setuptools, the"
        " legacy default"
    )


@pytest.mark.nix
def test_no_file_for_a_target_is_an_evaluation_error_naming_it(tmp_path: Path) -> None:
    lock = uv_lock(
        root("app", dep("fast"), dep("gone")),
        pin("fast", wheels=[NATIVE]),
        pin("gone", wheels=["gone-1.0-cp312-cp312-win_amd64.whl"]),
    )
    result = plan(lock, settings=LINUX_312)
    assert {f.code for f in result.errors} == {"no-artifact"}
    files = render_overlay(result, APP)
    assert binding(files.texts()["python-packages.nix"], "gone").splitlines()[0] == (
        "  # gone 1.0: no file of it runs on any target that needs it"
    )
    directory = write_files_to(files, tmp_path / "missing")
    found = evaluate_targets(
        directory,
        [("x86_64-linux", "3.12"), ("aarch64-linux", "3.12")],
        "map (a: let r = builtins.tryEval (describe locked.pkgs.${a}).src;"
        ' in r.success && r.value != "<throws>") [ "fast" "gone" ]',
    )
    assert found == {
        ("x86_64-linux", "3.12"): [True, False],
        ("aarch64-linux", "3.12"): [False, False],
    }
    pkgs = f'import {STANDIN} {{ system = "aarch64-linux"; }}'
    env = f"(import {directory}/default.nix {{ pkgs = {pkgs}; }}).env.packages"
    assert "error: pynix: gone 1.0 has no file that runs on aarch64-linux with Python 3.12" in (
        nix_error(env)
    )
    fast = (
        f"let pkgs = {pkgs}; in (pkgs.python312.override {{ packageOverrides ="
        f" import {directory}/python-packages.nix {{ inherit pkgs; }}; }}).pkgs.fast.src"
    )
    assert "error: pynix: fast 1.0 has no file that runs on aarch64-linux with Python 3.12" in (
        nix_error(fast)
    )


def test_sources_built_from_git_name_their_commit() -> None:
    branch = GitSource(url="https://git.example/b.git", branch="main", commit="a" * 40)
    tagged = GitSource(url="https://git.example/t.git", tag="v1", commit="b" * 40)
    loose = GitSource(url="https://git.example/l.git", rev="v2", commit="c" * 40, subdirectory="py")
    lock = uv_lock(
        root("app", dep("b"), dep("t"), dep("l")),
        pin("b", wheels=[], source=branch),
        pin("t", wheels=[], source=tagged),
        pin("l", wheels=[], source=loose),
    )
    text = overlay_text(lock)
    assert '      ref = "refs/heads/main";' in binding(text, "b")
    assert '      ref = "refs/tags/v1";' in binding(text, "t")
    assert "      allRefs = true;" in binding(text, "l")
    assert '    sourceRoot = "source/py";' in binding(text, "l")
    assert binding(text, "l").splitlines()[0] == (
        f"  # l 1.0: built from git https://git.example/l.git at {'c' * 12} (subdirectory py);"
        " build system not known: setuptools assumed"
    )


def test_nixpkgs_preferred_without_an_sdist_or_a_snapshot_says_why() -> None:
    lock = uv_lock(
        root("app", dep("requests"), dep("idna")), pin("requests", "2.31.0"), pin("idna", "3.7")
    )
    settings = dataclasses.replace(LINUX_312, prefer=Preference.NIXPKGS)
    with_names = overlay_text(lock, settings, names=standin_names())
    assert binding(with_names, "requests").splitlines()[0] == (
        "  # requests 2.31.0: the wheel requests-2.31.0-py3-none-any.whl (nixpkgs' recipe for"
        " 2.32.3 needs an sdist, which the lock lacks)"
    )
    without = overlay_text(lock, settings)
    assert binding(without, "idna").splitlines()[0] == (
        "  # idna 3.7: the wheel idna-3.7-py3-none-any.whl (nixpkgs preferred, but no snapshot says"
        " what nixpkgs has)"
    )
    explicit = dataclasses.replace(LINUX_312, prefer=Preference.WHEEL)
    lock_same = uv_lock(root("app", dep("idna")), pin("idna", "3.8"))
    assert "  inherit (prev) idna;" in overlay_text(lock_same, LINUX_312, names=standin_names())
    assert "  idna = buildPythonPackage {" in overlay_text(
        lock_same, explicit, names=standin_names()
    )


# Files chosen per target: more than two alternatives are one lookup, keyed by what they depend on.
_SYSTEMS = ("x86_64-linux", "aarch64-linux", "x86_64-darwin", "aarch64-darwin")
_PLATFORM_TAGS = {
    "x86_64-linux": "manylinux_2_17_x86_64",
    "aarch64-linux": "manylinux_2_28_aarch64",
    "x86_64-darwin": "macosx_10_13_x86_64",
    "aarch64-darwin": "macosx_11_0_arm64",
}
_BY_TARGET = [
    f"numeric-1.0-cp3{minor}-cp3{minor}-{_PLATFORM_TAGS[system]}.whl"
    for system in _SYSTEMS
    for minor in (11, 12, 13)
]
# abi3 wheels: one per Linux system, one universal2 for both macOS systems.
_BY_SYSTEM = [
    "crypto-1.0-cp39-abi3-manylinux_2_17_x86_64.whl",
    "crypto-1.0-cp39-abi3-manylinux_2_28_aarch64.whl",
    "crypto-1.0-cp39-abi3-macosx_10_12_universal2.whl",
]
_BY_VERSION = [f"typed-1.0-cp3{minor}-none-any.whl" for minor in (11, 12, 13)]
_EVERY_TARGET = Settings(systems=_SYSTEMS, python_versions=("3.11", "3.12", "3.13"))


@pytest.mark.nix
def test_files_chosen_per_target_are_looked_up_by_system_version_or_target(
    tmp_path: Path,
) -> None:
    lock = uv_lock(
        root("app", dep("numeric"), dep("crypto"), dep("typed")),
        pin("numeric", wheels=_BY_TARGET),
        pin("crypto", wheels=_BY_SYSTEM),
        pin("typed", wheels=_BY_VERSION),
    )
    result = plan(lock, settings=_EVERY_TARGET)
    assert result.errors == ()
    files = render_overlay(result, APP)
    text = files.texts()["python-packages.nix"]
    assert '  target = "${stdenv.hostPlatform.system}-${python.pythonVersion}";' in text
    numeric = binding(text, "numeric")
    assert '      "x86_64-linux-3.11" = fetchurl {' in numeric
    assert "    }.${target};" in numeric
    assert numeric.count(" = fetchurl {") == 12
    crypto = binding(text, "crypto").splitlines()
    # The universal2 wheel serves both macOS systems: the lookup's default, written once.
    assert [line for line in crypto if "= fetchurl {" in line or "}.$" in line] == [
        "      x86_64-linux = fetchurl {",
        "      aarch64-linux = fetchurl {",
        "    }.${stdenv.hostPlatform.system} or (fetchurl {",
    ]
    typed = binding(text, "typed")
    assert '      "3.11" = fetchurl {' in typed
    assert "    }.${python.pythonVersion};" in typed
    directory = write_files_to(files, tmp_path / "lookup")
    targets = nix_targets(result)
    found = evaluate_targets(
        directory,
        targets,
        "{ numeric = locked.pkgs.numeric.src.url; crypto = locked.pkgs.crypto.src.url;"
        " typed = locked.pkgs.typed.src.url; }",
    )
    decisions = decide(result, names=None, project_name=APP.name)
    for target in targets:
        expected = {
            attr: url for attr, (url, _) in expected_sources(result, decisions, target).items()
        }
        assert found[target] == expected, target


@pytest.mark.nix
def test_a_lookup_without_a_file_for_some_target_throws_naming_it(tmp_path: Path) -> None:
    # Wheels for three systems of four: the lookup's default is the throw.
    wheels = [f"numeric-1.0-cp312-cp312-{_PLATFORM_TAGS[s]}.whl" for s in _SYSTEMS[:3]]
    lock = uv_lock(root("app", dep("numeric")), pin("numeric", wheels=wheels))
    result = plan(lock, settings=Settings(systems=_SYSTEMS, python_versions=("3.12",)))
    assert [f.code for f in result.errors] == ["no-artifact"]
    files = render_overlay(result, APP)
    numeric = binding(files.texts()["python-packages.nix"], "numeric")
    assert "    }.${stdenv.hostPlatform.system} or (\n      throw\n" in numeric
    directory = write_files_to(files, tmp_path / "partial")
    found = evaluate_targets(
        directory,
        nix_targets(result),
        "let r = builtins.tryEval (describe locked.pkgs.numeric).src; in r.value.url or r.value",
    )
    assert found == {
        **{
            (s, "3.12"): f"https://files.example/{w}"
            for s, w in zip(_SYSTEMS[:3], wheels, strict=True)
        },
        ("aarch64-darwin", "3.12"): "<throws>",
    }
    pkgs = f'import {STANDIN} {{ system = "aarch64-darwin"; }}'
    src = (
        f"let pkgs = {pkgs}; in (pkgs.python312.override {{ packageOverrides ="
        f" import {directory}/python-packages.nix {{ inherit pkgs; }}; }}).pkgs.numeric.src"
    )
    assert (
        "error: pynix: numeric 1.0 has no file that runs on aarch64-darwin with Python 3.12"
        in nix_error(src)
    )
