"""``package.nix``: what it declares, and what ``callPackage`` makes of it on each system."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name

from pynix.model import BuildSystem, Dependency, Project, ProjectFormat
from pynix.nix import render
from pynix.nixpkgs.names import NameMap
from pynix.render.package import CHECK_GROUPS, package_ref, render_package
from pynix.standards.names import import_name
from pynix.standards.targets import DEFAULT_SYSTEMS
from tests.render._standin import STANDIN, evaluate
from tests.support.nix import nix_instantiate

D = Dependency.parse
N = canonicalize_name

# The stand-in's Python packages, as a NameMap over their attribute names.
STANDIN_NAMES = NameMap.from_attrs(
    [
        "certifi", "charset-normalizer", "click", "colorama", "exceptiongroup", "flit-core",
        "hatch-vcs", "hatchling", "idna", "iniconfig", "packaging", "pathspec", "pluggy",
        "pysocks", "pytest", "requests", "setuptools", "setuptools-scm", "tomli",
        "trove-classifiers", "typing-extensions", "urllib3", "uvloop", "wheel", "zope-interface",
    ]
)  # fmt: skip

PROJECT = Project(
    format=ProjectFormat.PEP621,
    name="Harbour_Lights",
    version="1.2.3",
    description="Lights for a harbour",
    license="MIT OR Apache-2.0",
    urls={"Source": "https://example.org/src", "Changelog": "https://example.org/changes"},
    requires_python=SpecifierSet(">=3.10"),
    dependencies=(
        D("requests[socks]>=2.31"),
        D("click"),
        D("tomli; python_version < '3.11'"),
        D("exceptiongroup; python_full_version < '3.11.2'"),
        D("uvloop; sys_platform == 'linux' and platform_machine == 'x86_64'"),
        D("colorama; sys_platform == 'darwin'"),
        D("zope.interface; implementation_name == 'pypy'"),
    ),
    optional_dependencies={N("speed"): (D("uvloop"),), N("test"): (D("pytest"), D("idna"))},
    dependency_groups={N("lint"): (D("typing-extensions"),), N("tests"): (D("iniconfig"),)},
    build_system=BuildSystem(requires=(D("hatchling>=1.25"),), backend="hatchling.build"),
    scripts={"harbour-lights": "harbour_lights.cli:main", "lights-admin": "harbour_lights:admin"},
)


def test_text() -> None:
    rendered = render_package(PROJECT, names=STANDIN_NAMES, header="A test package.")
    assert rendered.findings == ()
    assert rendered.text() == (
        "# A test package.\n"
        "{\n"
        "  lib,\n"
        "  stdenv,\n"
        "  python,\n"
        "  buildPythonPackage,\n"
        "  pythonOlder,\n"
        "  pytestCheckHook,\n"
        "  hatchling,\n"
        "  requests,\n"
        "  click,\n"
        "  tomli,\n"
        "  exceptiongroup,\n"
        "  uvloop,\n"
        "  colorama,\n"
        "  zope-interface,\n"
        "  pytest,\n"
        "  idna,\n"
        "  iniconfig,\n"
        "}:\n"
        "buildPythonPackage {\n"
        '  pname = "harbour-lights";\n'
        '  version = "1.2.3";\n'
        "  pyproject = true;\n"
        '  disabled = pythonOlder "3.10";\n'
        "  src = lib.cleanSource ./.;\n"
        "  build-system = [ hatchling ];\n"
        "  dependencies =\n"
        "    [ requests click ]\n"
        "    ++ requests.optional-dependencies.socks\n"
        '    ++ lib.optionals (pythonOlder "3.11") [ tomli ]\n'
        '    ++ lib.optionals (lib.versionOlder python.version "3.11.2") [ exceptiongroup ]\n'
        "    ++ lib.optionals (stdenv.hostPlatform.isLinux && stdenv.hostPlatform.isx86_64)"
        " [ uvloop ]\n"
        "    ++ lib.optionals stdenv.hostPlatform.isDarwin [ colorama ]\n"
        '    ++ lib.optionals (python.implementation == "pypy") [ zope-interface ];\n'
        "  optional-dependencies = {\n"
        "    speed = [ uvloop ];\n"
        "    test = [ pytest idna ];\n"
        "  };\n"
        "  nativeCheckInputs = [ pytestCheckHook idna iniconfig ];\n"
        '  pythonImportsCheck = [ "harbour_lights" ];\n'
        "  meta = {\n"
        '    description = "Lights for a harbour";\n'
        '    homepage = "https://example.org/src";\n'
        '    changelog = "https://example.org/changes";\n'
        "    license = [ lib.licenses.mit lib.licenses.asl20 ];\n"
        '    mainProgram = "harbour-lights";\n'
        "  };\n"
        "}\n"
    )


# (system, interpreter version, implementation) -> the pnames of `dependencies`
PER_TARGET = [
    ("x86_64-linux", "3.10.14", "cpython", ["tomli", "exceptiongroup", "uvloop"]),
    ("x86_64-linux", "3.11.1", "cpython", ["exceptiongroup", "uvloop"]),
    ("x86_64-linux", "3.12.5", "cpython", ["uvloop"]),
    ("aarch64-linux", "3.12.5", "cpython", []),
    ("x86_64-darwin", "3.11.9", "cpython", ["colorama"]),
    ("aarch64-darwin", "3.13.0", "pypy", ["colorama", "zope-interface"]),
]


@pytest.mark.nix
def test_dependencies_per_system_and_interpreter(tmp_path: Path) -> None:
    package = tmp_path / "package.nix"
    package.write_text(render(render_package(PROJECT, names=STANDIN_NAMES).expr))
    cases = " ".join(
        f'(build "{system}" "{version}" "{implementation}")'
        for system, version, implementation, _ in PER_TARGET
    )
    result = evaluate(
        f"""
        let
          build = system: version: implementation:
            let
              pkgs = import standin {{ inherit system; }};
              python = pkgs.python312.override {{ inherit version implementation; }};
              drv = python.pkgs.callPackage {package} {{ }};
            in map (p: p.pname) drv.dependencies;
        in [ {cases} ]
        """
    )
    base = ["requests", "click", "pysocks"]
    assert result == [base + extra for *_, extra in PER_TARGET]


@pytest.mark.nix
def test_evaluated_package(tmp_path: Path) -> None:
    package = tmp_path / "package.nix"
    package.write_text(render(render_package(PROJECT, names=STANDIN_NAMES).expr))
    result = evaluate(
        f"""
        let
          pkgs = import standin {{ system = "aarch64-darwin"; }};
          drv = pkgs.python312.pkgs.callPackage {package} {{ }};
          old = pkgs.python312.override {{ version = "3.9.19"; }};
        in {{
          inherit (drv) name pname version pyproject disabled builder pythonImportsCheck;
          src = builtins.typeOf drv.src;
          build = map (p: p.pname) drv.build-system;
          checks = map (p: p.pname) drv.nativeCheckInputs;
          optional = builtins.mapAttrs (n: map (p: p.pname)) drv.optional-dependencies;
          license = map (l: l.spdxId) drv.meta.license;
          inherit (drv.meta) description homepage changelog mainProgram;
          disabledOnOld = (old.pkgs.callPackage {package} {{ }}).disabled;
          env = (pkgs.python312.withPackages (ps: [ drv ])).pnames;
        }}
        """
    )
    assert result == {
        "name": "python3.12-harbour-lights-1.2.3",
        "pname": "harbour-lights",
        "version": "1.2.3",
        "pyproject": True,
        "disabled": False,
        "builder": "buildPythonPackage",
        "pythonImportsCheck": ["harbour_lights"],
        "src": "path",
        "build": ["hatchling"],
        "checks": ["pytest-check-hook", "idna", "iniconfig"],
        "optional": {"speed": ["uvloop"], "test": ["pytest", "idna"]},
        "license": ["MIT", "Apache-2.0"],
        "description": "Lights for a harbour",
        "homepage": "https://example.org/src",
        "changelog": "https://example.org/changes",
        "mainProgram": "harbour-lights",
        "disabledOnOld": True,
        "env": sorted(
            [
                *("harbour-lights", "certifi", "charset-normalizer", "click", "colorama"),
                *("idna", "pysocks", "requests", "urllib3"),
            ]
        ),
    }


def test_dynamic_version_is_an_error_and_a_loud_placeholder() -> None:
    project = Project(
        format=ProjectFormat.PEP621,
        name="tidal",
        dynamic=("version",),
        build_system=BuildSystem(requires=(D("setuptools>=64"), D("setuptools-scm>=8"))),
    )
    rendered = render_package(project, names=STANDIN_NAMES)
    assert [str(f) for f in rendered.findings] == [
        (
            "error: project.version: the project's version is dynamic (computed by the build"
            " backend); package.nix fails to evaluate until it is set (pass --version, or write it"
            " into package.nix)"
        )
    ]
    text = rendered.text()
    assert (
        "  # The project's version is dynamic (computed by the build backend): write it here.\n"
        '  version = throw "pynix: set the version in package.nix";\n'
    ) in text
    assert "  env.SETUPTOOLS_SCM_PRETEND_VERSION = version;\n" in text
    assert text.count("buildPythonPackage rec {") == 1
    given = render_package(project, names=STANDIN_NAMES, version="2024.5").text()
    assert '  version = "2024.5";\n' in given
    assert "  env.SETUPTOOLS_SCM_PRETEND_VERSION = version;\n" in given


@pytest.mark.nix
def test_dynamic_version_fails_evaluation_loudly(tmp_path: Path) -> None:
    project = Project(format=ProjectFormat.PEP621, name="tidal", dynamic=("version",))
    package = tmp_path / "package.nix"
    package.write_text(render_package(project, names=STANDIN_NAMES).text())
    expression = f"(import {STANDIN} {{ }}).python3.pkgs.callPackage {package} {{ }}"
    result = subprocess.run(
        [
            nix_instantiate(),
            "--eval",
            "--strict",
            "--readonly-mode",
            "--expr",
            f"({expression}).name",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "pynix: set the version in package.nix" in result.stderr


@pytest.mark.nix
def test_missing_packages_fail_where_they_are_needed(tmp_path: Path) -> None:
    project = Project(
        format=ProjectFormat.PEP621,
        name="x",
        version="1",
        dependencies=(D("click"), D("pyobjc-core; sys_platform == 'darwin'")),
    )
    rendered = render_package(project, names=STANDIN_NAMES)
    assert [f.code for f in rendered.findings] == ["missing-package"]
    assert "pyobjc-core ? null }:" in rendered.text()
    package = tmp_path / "package.nix"
    package.write_text(rendered.text())
    linux = evaluate(
        f"map (p: p.pname) ((import standin {{ }}).python3.pkgs.callPackage {package} {{ }})"
        ".dependencies"
    )
    assert linux == ["click"]


def test_application_rule() -> None:
    app = render_package(PROJECT, names=STANDIN_NAMES, application=True)
    assert "buildPythonApplication {" in app.text()
    assert "buildPythonPackage" not in app.text()
    library = Project(format=ProjectFormat.PEP621, name="lib", version="1")
    asked = render_package(library, application=True)
    assert "buildPythonPackage {" in asked.text()
    assert [str(f) for f in asked.findings] == [
        (
            "warning: project.scripts: the project has no scripts; written as a package, not an"
            " application"
        )
    ]


def test_import_names_and_check_groups() -> None:
    text = render_package(
        PROJECT,
        names=STANDIN_NAMES,
        import_names=["lights", "lights.cli"],
        check_groups={"lint": "nativeCheckInputs", **CHECK_GROUPS},
    ).text()
    assert '  pythonImportsCheck = [ "lights" "lights.cli" ];\n' in text
    assert "  nativeCheckInputs = [ pytestCheckHook idna typing-extensions iniconfig ];\n" in text
    assert import_name("PyYAML") == "pyyaml"


def test_requires_python_forms() -> None:
    def disabled(spec: str) -> str:
        project = Project(
            format=ProjectFormat.PEP621, name="x", version="1", requires_python=SpecifierSet(spec)
        )
        text = " ".join(render_package(project).text().split())
        return text[text.index("disabled =") : text.index(";", text.index("disabled =")) + 1]

    assert disabled(">=3.9,<4") == 'disabled = pythonOlder "3.9" || pythonAtLeast "4.0";'
    assert disabled("~=3.10") == 'disabled = pythonOlder "3.10" || pythonAtLeast "4.0";'
    assert disabled(">=3.8.1") == (
        "disabled = lib.versionOlder (builtins.replaceStrings"
        ' [ "a" "b" "rc" ] [ "pre-a" "pre-b" "pre-rc" ] python.version) "3.8.1";'
    )


def test_no_name_and_legacy_build_system() -> None:
    project = Project(
        format=ProjectFormat.SETUP_CFG,
        version="1",
        build_system=BuildSystem(requires=(D("setuptools>=40.8.0"),), declared=False),
    )
    rendered = render_package(project)
    assert [f.code for f in rendered.findings] == ["no-name"]
    text = rendered.text()
    assert '  pname = throw "pynix: the project has no name; set pname here";\n' in text
    assert "  build-system = [ setuptools ];\n" in text


def test_odd_attribute_names_come_from_the_package_set() -> None:
    assert render(package_ref("zope.interface")) == 'python.pkgs."zope.interface"\n'
    assert render(package_ref("requests")) == "requests\n"


@pytest.mark.nix
def test_systems_of_the_flake_are_known() -> None:
    assert set(DEFAULT_SYSTEMS) == set(evaluate("(import standin { }).lib.systems.flakeExposed"))
