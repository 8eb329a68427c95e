"""setup.nix's targets around any package set: the files, the guard, and the flake under real Nix.

The pieces here are small hand-made expressions over the stand-in's own
packages (no lock), so that the scaffolding is tested apart from the
overlay; ``tests/render/test_overlay.py`` evaluates it with a real one.
"""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pytest

from pynix.nix import Path as NixPath
from pynix.nix import assert_, attrs, bind, call, lam, let_, list_, render, select, var
from pynix.render.flake_targets import FlakeInput, Targets, planned_guard, target_files
from pynix.standards.targets import Target
from tests.render._standin import FLAKE_INPUT
from tests.support.nix import nix_eval, nix_instantiate, nix_parse

PLANNED = [
    Target.parse(system, version)
    for system, version in [
        ("x86_64-linux", "3.12"),
        ("x86_64-linux", "3.13"),
        ("aarch64-darwin", "3.12"),
    ]
]

# The interpreter with the stand-in's requests and the extra input's marker package.
SETUP = (
    bind(
        "withExtra",
        call(
            var("python.withPackages"),
            lam("ps", list_([var("ps.requests"), select(var("extra"), "marker")])),
        ),
    ),
)


def targets(**changes: Any) -> Targets:
    fields: dict[str, Any] = {
        "source": "uv.lock",
        "description": "demo, with its locked Python packages",
        "systems": ("x86_64-linux", "aarch64-darwin"),
        "setup": SETUP,
        "package": var("python.pkgs.requests"),
        "env": var("withExtra"),
        "wheel": select(var("package"), "dist"),
        "runtime": call(var("python.withPackages"), lam("ps", list_([var("ps.requests")]))),
        "dev_python": call(var("python.withPackages"), lam("ps", list_([var("ps.idna")]))),
        "inputs": (
            FlakeInput(
                name="extra",
                url="github:example/extra",
                argument=select(var("extra"), "lib"),
                default=attrs(
                    [
                        bind(
                            "marker",
                            {"pname": "from-default", "version": "1", "name": "from-default-1"},
                        )
                    ]
                ),
            ),
        ),
        "main_program": "demo",
        "image_name": "demo",
        "image_tag": "1.0",
        "project_dir": "..",
    }
    fields.update(changes)
    return Targets(**fields)


def write(files: dict[str, Any], directory: Path) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    for name, expr in files.items():
        (directory / name).write_text(render(expr), encoding="utf-8")
    return directory


def flake_eval(directory: Path, body: str) -> Any:
    extra = '{ lib.marker = { pname = "from-flake"; version = "1"; name = "from-flake-1"; }; }'
    return nix_eval(
        f"""let
          flake = (import {directory}/flake.nix).outputs {{
            self = flake;
            nixpkgs = import {FLAKE_INPUT};
            extra = {extra};
          }};
        in {body}"""
    )


# -- the guard ----------------------------------------------------------------------------------


def guarded(system: str, version: str) -> str:
    planned, holds = planned_guard(PLANNED, python_version=var("v"), system=var("s"))
    tree = let_(
        [
            bind("lib", call(var("import"), NixPath(value=str(FLAKE_INPUT.parent / "lib.nix")))),
            bind("s", system),
            bind("v", version),
            planned,
        ],
        assert_(holds, "planned"),
    )
    expression = render(tree)
    result = subprocess.run(
        [nix_instantiate(), "--eval", "--readonly-mode", "--expr", expression],
        capture_output=True,
        text=True,
        check=False,
    )
    return result.stdout.strip() or result.stderr.splitlines()[0]


PLANNED_TEXT = "Python 3.12, 3.13 on x86_64-linux; Python 3.12 on aarch64-darwin"
HINT = "(generate again with --python X.Y and --system to plan for it)"
GUARD = [
    ("x86_64-linux", "3.12", '"planned"'),
    ("x86_64-linux", "3.13", '"planned"'),
    ("aarch64-darwin", "3.12", '"planned"'),
    (
        "aarch64-darwin",
        "3.13",
        (
            f"error: pynix: the lock was planned for {PLANNED_TEXT}; not for Python 3.13 on"
            f" aarch64-darwin {HINT}"
        ),
    ),
    (
        "aarch64-linux",
        "3.12",
        (
            f"error: pynix: the lock was planned for {PLANNED_TEXT}; not for Python 3.12 on"
            f" aarch64-linux {HINT}"
        ),
    ),
]


@pytest.mark.nix
@pytest.mark.parametrize(
    ("system", "version", "expected"), GUARD, ids=[f"{s}-{v}" for s, v, _ in GUARD]
)
def test_planned_guard(system: str, version: str, expected: str) -> None:
    assert guarded(system, version) == expected


# -- the files ----------------------------------------------------------------------------------


def test_default_nix_takes_the_inputs_and_binds_the_pieces() -> None:
    text = render(target_files(targets())["default.nix"])
    assert text.startswith(
        "# Generated by `pynix generate` from uv.lock.\n"
        "# `nix-build -A default` builds the project with nixpkgs' python3 and the locked\n"
    )
    assert (
        "{\n  pkgs ? import <nixpkgs> { },\n  python ? pkgs.python3,\n  extra ? {\n"
        '    marker = {\n      pname = "from-default";\n      version = "1";\n'
        '      name = "from-default-1";\n    };\n  },\n}:\n'
    ) in text
    assert "  package = python.pkgs.requests;\n" in text
    assert "  wheel = package.dist;\n" in text
    assert "// lib.optionalAttrs stdenv.hostPlatform.isLinux {\n" in text


def test_without_a_package_the_environment_is_the_default_and_no_wheel_is_said_why() -> None:
    files = target_files(targets(package=None, wheel=None, wheel_missing="nothing to build"))
    text = render(files["default.nix"])
    assert "# No wheel: nothing to build.\n" in text
    assert "  default = env;\n" in text
    assert "wheel" not in text.split("in\n", 1)[1]


def test_without_an_editable_project_the_shell_takes_no_project_root() -> None:
    files = target_files(targets(editable=False))
    shell, flake = render(files["shell.nix"]), render(files["flake.nix"])
    assert "projectRoot" not in shell
    assert "PYNIX_PROJECT_ROOT" not in flake
    editable = render(target_files(targets())["shell.nix"])
    assert "  projectRoot ? toString ../.,\n" in editable


def test_flake_inputs_follow_nixpkgs() -> None:
    text = render(target_files(targets())["flake.nix"])
    assert (
        '  inputs.nixpkgs.url = "github:NixOS/nixpkgs/nixos-unstable";\n'
        '  inputs.extra.url = "github:example/extra";\n'
        '  inputs.extra.inputs.nixpkgs.follows = "nixpkgs";\n'
    ) in text
    assert "  outputs =\n    { self, nixpkgs, extra }:\n" in text


@pytest.mark.nix
def test_every_file_parses(tmp_path: Path) -> None:
    directory = write(target_files(targets()), tmp_path / "files")
    for name in ("default.nix", "flake.nix", "shell.nix"):
        nix_parse(directory / name)


# -- under real Nix -----------------------------------------------------------------------------


@pytest.mark.nix
def test_the_flake_exposes_the_five_targets_per_system(tmp_path: Path) -> None:
    directory = write(target_files(targets()), tmp_path / "files")
    result = flake_eval(
        directory,
        """{
          packages = builtins.mapAttrs (system: builtins.attrNames) flake.packages;
          default = flake.packages.x86_64-linux.default.pname;
          env = flake.packages.aarch64-darwin.env.pnames;
          wheel = flake.packages.x86_64-linux.wheel.name;
          image = { inherit (flake.packages.x86_64-linux.docker) imageName imageTag config; };
          shell = (builtins.head flake.devShells.x86_64-linux.default.packages).pnames;
          hook = flake.devShells.x86_64-linux.default.shellHook;
          app = flake.apps.aarch64-darwin.default.program;
        }""",
    )
    assert result["packages"] == {
        "aarch64-darwin": ["default", "env", "wheel"],
        "x86_64-linux": ["default", "docker", "env", "wheel"],
    }
    assert result["default"] == "requests"
    assert "from-flake" in result["env"]  # the flake passes its input's `lib`
    assert result["wheel"] == "python3.12-requests-2.32.3-dist"
    assert result["image"] == {
        "imageName": "demo",
        "imageTag": "1.0",
        "config": {"Cmd": ["/bin/demo"]},
    }
    assert result["shell"] == ["idna"]
    assert result["hook"].startswith('export PYNIX_PROJECT_ROOT="$PWD"\n')
    assert result["app"].endswith("-python3.12-requests-2.32.3/bin/demo")


@pytest.mark.nix
def test_the_classic_files_work_without_flakes(tmp_path: Path) -> None:
    directory = write(target_files(targets(python="python313")), tmp_path / "files")
    result = nix_eval(
        f"""let pkgs = import {FLAKE_INPUT.parent} {{ system = "aarch64-linux"; }};
              d = import {directory}/default.nix {{ inherit pkgs; }};
              shell = import {directory}/shell.nix {{ inherit pkgs; }};
        in {{
          names = builtins.attrNames d;
          python = d.env.pythonVersion;
          marker = builtins.elem "from-default" d.env.pnames;
          shell = shell.builder;
        }}"""
    )
    assert result == {
        "names": ["default", "docker", "env", "wheel"],
        "python": "3.13",
        "marker": True,
        "shell": "mkShell",
    }
