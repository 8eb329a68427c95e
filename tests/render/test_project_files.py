"""The files of ``pynix init``: which are written, and what flakes and classic files evaluate to."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from packaging.utils import canonicalize_name

from pynix.model import BuildSystem, Dependency, Project, ProjectFormat
from pynix.render.project_files import InitOptions, Style, project_files
from pynix.render.result import RenderedFiles
from pynix.standards.targets import DEFAULT_SYSTEMS
from tests.render._standin import FLAKE_INPUT, evaluate
from tests.render.test_package import STANDIN_NAMES
from tests.support.nix import nix_parse

D = Dependency.parse
N = canonicalize_name
STORE = "/nix/store/00000000000000000000000000000000-"

PROJECT = Project(
    format=ProjectFormat.PEP621,
    name="harbour-lights",
    version="1.2.3",
    description='Lights for a "harbour" ${x}',
    license="MIT",
    dependencies=(
        D("requests"),
        D("tomli; python_version < '3.11'"),
        D("uvloop; sys_platform == 'linux'"),
        D("colorama; sys_platform == 'darwin'"),
    ),
    optional_dependencies={N("socks"): (D("pysocks"),)},
    dependency_groups={N("test"): (D("pytest"),), N("lint"): (D("typing-extensions"),)},
    build_system=BuildSystem(requires=(D("hatchling"),), backend="hatchling.build"),
    scripts={"harbour-lights": "harbour_lights.cli:main", "lights-admin": "harbour_lights:adm"},
    source_file="harbour/pyproject.toml",
)


def write(files: RenderedFiles, directory: Path) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    for name, text in files.texts().items():
        (directory / name).write_text(text, encoding="utf-8")
    for name in files.files:
        if name.endswith(".nix"):
            nix_parse(directory / name)
    return directory


def flake_outputs(directory: Path, select: str) -> Any:
    """``select`` over the flake's outputs, with the stand-in as the nixpkgs input."""
    return evaluate(
        f"""
        let
          flake = import {directory}/flake.nix;
          outputs = flake.outputs {{ self = outputs; nixpkgs = import {FLAKE_INPUT}; }};
        in {select}
        """
    )


def test_files_by_kind_and_style() -> None:
    assert sorted(project_files(PROJECT).files) == [
        "default.nix",
        "flake.nix",
        "package.nix",
        "shell.nix",
    ]
    style: Style = "classic"
    classic = project_files(PROJECT, options=InitOptions(style=style))
    assert sorted(classic.files) == ["default.nix", "package.nix", "shell.nix"]
    requirements = Project(format=ProjectFormat.REQUIREMENTS_TXT, dependencies=(D("click"),))
    assert sorted(project_files(requirements).files) == ["default.nix", "flake.nix", "shell.nix"]
    script = Project(format=ProjectFormat.SCRIPT, name="tool", source_file="tool.py")
    assert sorted(project_files(script).files) == ["default.nix", "flake.nix", "shell.nix"]
    shebang = project_files(
        script, options=InitOptions(script="tool.py", script_text="print(1)\n", shebang=True)
    )
    assert sorted(shebang.files) == ["default.nix", "flake.nix", "shell.nix", "tool.py"]


@pytest.mark.nix
def test_flake_outputs_per_system(tmp_path: Path) -> None:
    options = InitOptions(extras=("socks",), groups=("test",), source_root="src")
    directory = write(project_files(PROJECT, names=STANDIN_NAMES, options=options), tmp_path)
    result = flake_outputs(
        directory,
        """{
          description = flake.description;
          outputs = builtins.attrNames outputs;
          systems = builtins.attrNames outputs.packages;
          packages = builtins.mapAttrs (system: p: {
            inherit (p.default) pname version;
            dependencies = map (d: d.pname) p.default.dependencies;
            env = p.env.pnames;
          }) outputs.packages;
          shell = let s = outputs.devShells.aarch64-darwin.default; in {
            inherit (s) builder shellHook;
            env = (builtins.head s.nativeBuildInputs).requested;
            editable = let e = builtins.head (builtins.head s.nativeBuildInputs).packages; in {
              inherit (e) builder root scripts;
              dependencies = map (p: p.pname) e.dependencies;
              build = map (p: p.pname) e.build-system;
            };
          };
          apps = outputs.apps.x86_64-linux;
        }""",
    )
    assert result["description"] == 'Lights for a "harbour" ${x}'
    assert result["outputs"] == ["apps", "devShells", "packages"]
    assert result["systems"] == sorted(DEFAULT_SYSTEMS)
    on = {"x86_64-linux": ["uvloop"], "aarch64-linux": ["uvloop"]}
    on |= {"x86_64-darwin": ["colorama"], "aarch64-darwin": ["colorama"]}
    for system, platform_dependency in on.items():
        package = result["packages"][system]
        assert (package["pname"], package["version"]) == ("harbour-lights", "1.2.3")
        assert package["dependencies"] == ["requests", *platform_dependency]
        closure = ["harbour-lights", "requests", "certifi", "charset-normalizer", "idna"]
        closure += ["urllib3", "pysocks", *platform_dependency]
        assert package["env"] == sorted(closure)
    shell = result["shell"]
    assert shell["builder"] == "mkShell"
    assert shell["shellHook"] == (
        'export PYNIX_PROJECT_ROOT="$PWD"\n'
        'if [ ! -e "$PYNIX_PROJECT_ROOT/pyproject.toml" ]; then\n'
        "  echo \"pynix: no pyproject.toml here; run nix develop in the project's directory for"
        ' the editable install" >&2\n'
        "fi\n"
    )
    assert shell["env"] == ["harbour-lights", "pysocks", "pytest"]
    assert shell["editable"] == {
        "builder": "mkPythonEditablePackage",
        "root": "$PYNIX_PROJECT_ROOT/src",
        "scripts": {
            "harbour-lights": "harbour_lights.cli:main",
            "lights-admin": "harbour_lights:adm",
        },
        "dependencies": ["requests", "colorama"],
        "build": ["hatchling"],
    }
    package_path = f"{STORE}python3.12-harbour-lights-1.2.3/bin"
    assert result["apps"] == {
        "default": {"type": "app", "program": f"{package_path}/harbour-lights"},
        "harbour-lights": {"type": "app", "program": f"{package_path}/harbour-lights"},
        "lights-admin": {"type": "app", "program": f"{package_path}/lights-admin"},
    }


@pytest.mark.nix
def test_classic_files(tmp_path: Path) -> None:
    options = InitOptions(style="classic", python="python311")
    directory = write(project_files(PROJECT, names=STANDIN_NAMES, options=options), tmp_path)
    result = evaluate(
        f"""
        let
          pkgs = import standin {{ system = "x86_64-linux"; }};
          package = import {directory}/default.nix {{ inherit pkgs; }};
          shell = import {directory}/shell.nix {{ inherit pkgs; }};
          env = builtins.head shell.nativeBuildInputs;
        in {{
          inherit (package) name;
          dependencies = map (d: d.pname) package.dependencies;
          root = (builtins.head env.packages).root;
          env = env.pnames;
          shellHook = shell.shellHook;
        }}
        """
    )
    assert result == {
        "name": "python3.11-harbour-lights-1.2.3",
        "dependencies": ["requests", "uvloop"],
        "root": str(directory),
        "env": sorted(
            [
                *("certifi", "charset-normalizer", "harbour-lights", "idna", "pytest"),
                *("iniconfig", "packaging", "pluggy", "requests", "typing-extensions"),
                *("urllib3", "uvloop"),
            ]
        ),
        "shellHook": "",
    }


@pytest.mark.nix
def test_requirements_environment(tmp_path: Path) -> None:
    project = Project(
        format=ProjectFormat.REQUIREMENTS_TXT,
        dependencies=(D("click==8.1.7"), D("colorama ; sys_platform == 'darwin'")),
        source_file="requirements.txt",
    )
    directory = write(project_files(project, names=STANDIN_NAMES), tmp_path)
    result = flake_outputs(
        directory,
        """{
          linux = outputs.packages.x86_64-linux.default.pnames;
          darwin = outputs.packages.aarch64-darwin.env.pnames;
          shell = map (p: p.pnames) outputs.devShells.x86_64-linux.default.nativeBuildInputs;
        }""",
    )
    assert result == {
        "linux": ["click"],
        "darwin": ["click", "colorama"],
        "shell": [["click"]],
    }


@pytest.mark.nix
def test_script_runner_and_app(tmp_path: Path) -> None:
    text = "#!/usr/bin/env python3\nimport requests\nprint(requests.__version__)\n"
    project = Project(
        format=ProjectFormat.SCRIPT,
        name="fetch",
        dependencies=(D("requests"), D("uvloop; sys_platform == 'linux'")),
        source_file="fetch.py",
    )
    options = InitOptions(script="fetch.py", script_text=text, shebang=True)
    files = project_files(project, names=STANDIN_NAMES, options=options)
    directory = write(files, tmp_path)
    result = flake_outputs(
        directory,
        """{
          runner = outputs.packages.aarch64-darwin.default;
          app = outputs.apps.x86_64-linux.default;
          shell = map (p: p.pnames) outputs.devShells.x86_64-linux.default.nativeBuildInputs;
        }""",
    )
    runner = result["runner"]
    assert (runner["name"], runner["builder"], runner["destination"]) == (
        "fetch",
        "writeScriptBin",
        "/bin/fetch",
    )
    script = files.texts()["fetch.py"]
    assert runner["text"] == f"#!{STORE}python3-3.12.5-env/bin/python\n{script}"
    assert result["app"] == {"type": "app", "program": f"{STORE}fetch/bin/fetch"}
    assert result["shell"] == [
        ["certifi", "charset-normalizer", "idna", "requests", "urllib3", "uvloop"]
    ]
    assert files.texts()["fetch.py"].startswith(
        "#! /usr/bin/env nix-shell\n"
        '#! nix-shell -i python3 -p "python3.withPackages (ps: [ ps.requests ] ++ lib.optionals'
        ' stdenv.hostPlatform.isLinux [ ps.uvloop ])"\n'
        "import requests\n"
    )


@pytest.mark.nix
def test_venv_shells(tmp_path: Path) -> None:
    shells = {}
    for kind, project in (
        ("package", PROJECT),
        ("requirements", Project(format=ProjectFormat.REQUIREMENTS_TXT, source_file="reqs.txt")),
        ("script", Project(format=ProjectFormat.SCRIPT, name="s", dependencies=(D("rich>=13"),))),
    ):
        options = InitOptions(venv=True, extras=("socks",) if kind == "package" else ())
        directory = write(project_files(project, options=options), tmp_path / kind)
        shells[kind] = evaluate(
            f"""
            let shell = import {directory}/shell.nix {{ pkgs = import standin {{ }}; }};
            in {{
              inherit (shell) venvDir postVenvCreation;
              name = shell.name;
              inputs = map (p: p.pname or p.name) shell.buildInputs;
            }}
            """
        )
    assert shells["package"] == {
        "venvDir": "./.venv",
        "postVenvCreation": "unset SOURCE_DATE_EPOCH\npip install -e '.[socks]'\n",
        "name": "harbour-lights-venv",
        "inputs": ["python3", "venv-shell-hook"],
    }
    assert shells["requirements"]["postVenvCreation"] == (
        "unset SOURCE_DATE_EPOCH\npip install -r reqs.txt\n"
    )
    assert shells["script"]["postVenvCreation"] == (
        "unset SOURCE_DATE_EPOCH\npip install 'rich>=13'\n"
    )


def test_pinned_nixpkgs() -> None:
    options = InitOptions(nixpkgs_revision="0123456789abcdef0123456789abcdef01234567")
    flake = project_files(PROJECT, options=options).texts()["flake.nix"]
    assert (
        '  inputs.nixpkgs.url = "github:NixOS/nixpkgs/0123456789abcdef0123456789abcdef01234567";\n'
        in flake
    )
