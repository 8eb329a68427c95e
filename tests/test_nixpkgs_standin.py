"""The nixpkgs stand-in (``tests/support/nixpkgs``) behaves as nixpkgs does, under the real Nix.

Generated files are evaluated against the stand-in, so a wrong stand-in would
hide wrong renderers: these tests pin the interfaces the renderers rely on
(closures of ``withPackages``, ``packageOverrides`` with fixed-point
semantics, ``callPackage`` auto-arguments, platforms, fetchers, licenses) and
check its Python attribute names against the real nixpkgs attribute list.
"""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.support.nix import nix_eval, nix_instantiate
from tests.support.shared_data import nixpkgs_python_attrs

STANDIN = Path(__file__).resolve().parent / "support" / "nixpkgs"
ROOT = Path(__file__).resolve().parent.parent


def pkgs(system: str = "x86_64-linux", **args: str) -> str:
    """A Nix expression for the stand-in package set."""
    extra = "".join(f" {name} = {value};" for name, value in args.items())
    return f'(import {STANDIN} {{ system = "{system}";{extra} }})'


def evaluate(body: str, *, system: str = "x86_64-linux") -> Any:
    """Evaluate ``body`` with ``pkgs`` and ``lib`` in scope."""
    return nix_eval(f"let pkgs = {pkgs(system)}; lib = pkgs.lib; in {body}")


def evaluate_error(expression: str) -> str:
    result = subprocess.run(
        [nix_instantiate(), "--eval", "--strict", "--readonly-mode", "--expr", expression],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0, result.stdout
    return result.stderr


REQUESTS_CLOSURE = ["certifi", "charset-normalizer", "idna", "requests", "urllib3"]


@pytest.mark.nix
def test_with_packages_records_the_closure() -> None:
    env = evaluate("pkgs.python3.withPackages (ps: [ ps.requests ps.idna ])")
    assert env["pnames"] == REQUESTS_CLOSURE  # build systems are not part of it
    assert env["requested"] == ["requests", "idna"]
    assert env["versions"]["urllib3"] == "2.2.2"
    assert env["pythonVersion"] == "3.12"
    assert env["python"].endswith("-python3-3.12.5")
    assert [p["pname"] for p in env["packages"]][:2] == ["requests", "idna"]


@pytest.mark.nix
def test_with_packages_follows_propagated_build_inputs() -> None:
    env = evaluate(
        'pkgs.python3.withPackages (ps: [ (ps.buildPythonPackage { pname = "x"; version = "1";'
        " pyproject = true; propagatedBuildInputs = [ ps.pytest null ]; }) ])"
    )
    assert env["pnames"] == ["iniconfig", "packaging", "pluggy", "pytest", "x"]


@pytest.mark.nix
def test_package_overrides_reach_every_dependent() -> None:
    result = evaluate(
        """
        let
          python = pkgs.python3.override {
            packageOverrides = final: prev: {
              urllib3 = prev.urllib3.overridePythonAttrs (old: { version = "1.26.20"; });
              certifi = final.idna;  # dependents see the final set
            };
          };
          env = python.withPackages (ps: [ ps.requests ]);
        in {
          versions = env.versions;
          requestsDeps = map (p: p.name) python.pkgs.requests.dependencies;
          untouched = pkgs.python3.pkgs.urllib3.version;
          sameVersion = python.pythonVersion;
        }
        """
    )
    assert result["versions"] == {
        "charset-normalizer": "3.3.2",
        "idna": "3.8",
        "requests": "2.32.3",
        "urllib3": "1.26.20",
    }
    assert result["requestsDeps"] == [
        "python3.12-idna-3.8",
        "python3.12-charset-normalizer-3.3.2",
        "python3.12-idna-3.8",
        "python3.12-urllib3-1.26.20",
    ]
    assert result["untouched"] == "2.2.2"
    assert result["sameVersion"] == "3.12"


@pytest.mark.nix
def test_a_second_override_replaces_package_overrides() -> None:
    # As in nixpkgs: `override` merges its arguments, so packageOverrides is replaced.
    result = evaluate(
        """
        let
          one = pkgs.python3.override {
            packageOverrides = final: prev: {
              idna = prev.idna.overridePythonAttrs { version = "1"; };
            };
          };
          two = one.override {
            packageOverrides = final: prev: {
              certifi = prev.certifi.overridePythonAttrs { version = "2"; };
            };
          };
          composed = pkgs.python3.override {
            self = composed;
            packageOverrides = lib.composeExtensions
              (final: prev: { idna = prev.idna.overridePythonAttrs { version = "1"; }; })
              (final: prev: { certifi = prev.certifi.overridePythonAttrs { version = "2"; }; });
          };
        in [ two.pkgs.idna.version two.pkgs.certifi.version
             composed.pkgs.idna.version composed.pkgs.certifi.version ]
        """
    )
    assert result == ["3.8", "2", "1", "2"]


@pytest.mark.nix
def test_overlays_and_python_packages_extensions() -> None:
    overlays = """[
      (final: prev: { zlib = prev.zlib // { version = "9"; }; })
      (final: prev: {
        pythonPackagesExtensions = prev.pythonPackagesExtensions ++ [
          (pyfinal: pyprev: { idna = pyprev.idna.overridePythonAttrs { version = "9"; }; })
        ];
      })
    ]"""
    result = nix_eval(
        f"let pkgs = {pkgs(overlays=overlays)}; in "
        "[ pkgs.zlib.version pkgs.python311.pkgs.idna.version pkgs.python3Packages.idna.version"
        " (pkgs.callPackage ({ zlib }: zlib) { }).version ]"
    )
    assert result == ["9", "9", "9", "9"]


@pytest.mark.nix
def test_call_package_fills_formal_arguments(tmp_path: Path) -> None:
    package = tmp_path / "package.nix"
    package.write_text(
        '{ lib, stdenv, zlib, fetchurl, flavour ? "plain", missing ? null }:\n'
        "{ inherit flavour missing; system = stdenv.hostPlatform.system;"
        " zlib = zlib.name; mit = lib.licenses.mit.spdxId; }\n"
    )
    result = evaluate(
        f'[ (pkgs.callPackage {package} {{ }}) (pkgs.callPackage {package} {{ flavour = "x"; }}) ]',
        system="aarch64-linux",
    )
    assert result[0] == {
        "flavour": "plain",
        "missing": None,
        "system": "aarch64-linux",
        "zlib": "zlib-1.3.1",
        "mit": "MIT",
        "override": "<function override>",
    }
    assert result[1]["flavour"] == "x"


@pytest.mark.nix
def test_python_call_package_and_override(tmp_path: Path) -> None:
    package = tmp_path / "package.nix"
    package.write_text(
        "{ lib, buildPythonPackage, fetchPypi, hatchling, requests, pytestCheckHook }:\n"
        "buildPythonPackage rec {\n"
        '  pname = "demo"; version = "0.1.0"; pyproject = true;\n'
        "  src = fetchPypi { inherit pname version; hash = lib.fakeHash; };\n"
        "  build-system = [ hatchling ]; dependencies = [ requests ];\n"
        "  nativeCheckInputs = [ pytestCheckHook ];\n"
        '  meta.license = lib.licenses.mit; passthru.extra = "yes";\n'
        "}\n"
    )
    result = evaluate(
        f"""
        let
          demo = pkgs.python3Packages.callPackage {package} {{ }};
          other = demo.override {{ requests = pkgs.python3Packages.idna; }};
        in {{
          inherit (demo) name pname builder pyproject pythonModule extra;
          deps = map (p: p.pname) demo.dependencies;
          build = map (p: p.pname) demo.build-system;
          checks = map (p: p.pname) demo.nativeCheckInputs;
          license = demo.meta.license.spdxId;
          url = demo.src.url;
          otherDeps = map (p: p.pname) other.dependencies;
          env = (pkgs.python3.withPackages (ps: [ demo ])).pnames;
        }}
        """
    )
    assert result == {
        "name": "python3.12-demo-0.1.0",
        "pname": "demo",
        "builder": "buildPythonPackage",
        "pyproject": True,
        "pythonModule": "python3.12",
        "extra": "yes",
        "deps": ["requests"],
        "build": ["hatchling"],
        "checks": ["pytest-check-hook"],
        "license": "MIT",
        "url": "https://files.pythonhosted.org/packages/source/d/demo/demo-0.1.0.tar.gz",
        "otherDeps": ["idna"],
        "env": sorted(["demo", *REQUESTS_CLOSURE]),
    }


@pytest.mark.nix
def test_package_override_and_override_python_attrs() -> None:
    result = evaluate(
        """
        let ps = pkgs.python3.pkgs; in {
          replacedDep = map (p: p.version) (ps.requests.override {
            urllib3 = ps.urllib3.overridePythonAttrs { version = "1.0"; };
          }).dependencies;
          attrs = ps.idna.overridePythonAttrs (old: {
            version = old.version + ".post1";
            doCheck = false;
          });
          app = (pkgs.python3Packages.buildPythonApplication {
            pname = "a"; version = "1"; format = "other";
          }).builder;
        }
        """
    )
    assert result["replacedDep"] == ["2024.8.30", "3.3.2", "3.8", "1.0"]
    assert result["attrs"]["version"] == "3.8.post1"
    assert result["attrs"]["doCheck"] is False
    assert result["attrs"]["name"] == "python3.12-idna-3.8.post1"
    assert result["app"] == "buildPythonApplication"


@pytest.mark.nix
def test_build_python_package_needs_pyproject_or_format() -> None:
    message = evaluate_error(
        f'{pkgs()}.python3.pkgs.buildPythonPackage {{ pname = "x"; version = "1"; }}'
    )
    assert "buildPythonPackage for x needs `pyproject = true;` or `format`" in message


@pytest.mark.nix
def test_build_python_package_refuses_pyproject_with_format() -> None:
    message = evaluate_error(
        f'{pkgs()}.python3.pkgs.buildPythonPackage {{ pname = "x"; version = "1";'
        ' pyproject = true; format = "wheel"; }'
    )
    assert "buildPythonPackage for x sets both `pyproject` and `format`" in message


# (arguments, outputs): nixpkgs gives the formats that make a wheel a `dist` output.
DIST_OUTPUTS = [
    ("pyproject = true;", ["out", "dist"]),
    ('format = "wheel";', ["out", "dist"]),
    ('format = "setuptools";', ["out", "dist"]),
    ('pyproject = null; format = "wheel";', ["out", "dist"]),
    ("pyproject = false;", ["out"]),
    ('format = "other";', ["out"]),
]


@pytest.mark.nix
@pytest.mark.parametrize(("arguments", "outputs"), DIST_OUTPUTS, ids=[d[0] for d in DIST_OUTPUTS])
def test_dist_output_holds_the_wheel(arguments: str, outputs: list[str]) -> None:
    result = evaluate(
        "let p = pkgs.python3.pkgs.buildPythonPackage"
        f' {{ pname = "x"; version = "1"; {arguments} }};'
        " in { inherit (p) outputs; dist = p.dist or null; }"
    )
    assert result["outputs"] == outputs
    expected = {"name": "python3.12-x-1-dist", "builder": "pythonOutputDistHook"}
    assert result["dist"] == (expected if "dist" in outputs else None)


@pytest.mark.nix
def test_override_python_attrs_replaces_version_source_and_patches() -> None:
    result = evaluate(
        """
        let
          ps = pkgs.python3.pkgs;
          new = ps.urllib3.overridePythonAttrs {
            version = "2.2.3";
            src = pkgs.fetchurl { url = "https://x/urllib3-2.2.3.tar.gz"; hash = lib.fakeHash; };
            dependencies = [ ps.idna ];
            patches = [ ];
          };
        in {
          old = { inherit (ps.urllib3) version patches; };
          new = { inherit (new) name version patches pyproject; url = new.src.url;
                  deps = map (p: p.pname) new.dependencies;
                  build = map (p: p.pname) new.build-system; };
        }
        """
    )
    assert result["old"] == {"version": "2.2.2", "patches": ["urllib3-2.2.2-stand-in.patch"]}
    assert result["new"] == {
        "name": "python3.12-urllib3-2.2.3",
        "version": "2.2.3",
        "patches": [],
        "pyproject": True,
        "url": "https://x/urllib3-2.2.3.tar.gz",
        "deps": ["idna"],
        "build": ["hatchling"],
    }


@pytest.mark.nix
def test_assert_msg() -> None:
    assert evaluate('lib.assertMsg true "never shown"') is True
    message = evaluate_error(f'let lib = {pkgs()}.lib; in assert lib.assertMsg false "no"; 1')
    assert "error: no" in message


@pytest.mark.nix
def test_docker_tools_and_auto_patchelf() -> None:
    result = evaluate(
        """{
          image = pkgs.dockerTools.buildLayeredImage {
            name = "app"; tag = "1.0"; contents = [ pkgs.zlib ]; config.Cmd = [ "/bin/app" ];
          };
          hook = pkgs.autoPatchelfHook.name;
        }"""
    )
    assert result["image"]["imageName"] == "app"
    assert result["image"]["imageTag"] == "1.0"
    assert result["image"]["config"] == {"Cmd": ["/bin/app"]}
    assert result["image"]["builder"] == "dockerTools.buildLayeredImage"
    assert result["hook"] == "auto-patchelf-hook-0"


# (system, isLinux, isDarwin, isx86_64, isAarch64, parsed.cpu.name, uname.processor)
PLATFORMS = [
    ("x86_64-linux", True, False, True, False, "x86_64", "x86_64"),
    ("aarch64-linux", True, False, False, True, "aarch64", "aarch64"),
    ("x86_64-darwin", False, True, True, False, "x86_64", "x86_64"),
    ("aarch64-darwin", False, True, False, True, "aarch64", "arm64"),
]


@pytest.mark.nix
@pytest.mark.parametrize(
    ("system", "linux", "darwin", "x86_64", "aarch64", "cpu", "processor"),
    PLATFORMS,
    ids=[p[0] for p in PLATFORMS],
)
def test_host_platform(
    system: str, *, linux: bool, darwin: bool, x86_64: bool, aarch64: bool, cpu: str, processor: str
) -> None:
    platform = evaluate(
        "let p = pkgs.stdenv.hostPlatform; in { inherit (p) system isLinux isDarwin isx86_64"
        " isAarch64 isWindows; cpu = p.parsed.cpu.name; processor = p.uname.processor;"
        " ccLib = pkgs.stdenv.cc.cc.lib.pname; stdenvIsDarwin = pkgs.stdenv.isDarwin; }",
        system=system,
    )
    assert platform == {
        "system": system,
        "isLinux": linux,
        "isDarwin": darwin,
        "isx86_64": x86_64,
        "isAarch64": aarch64,
        "isWindows": False,
        "cpu": cpu,
        "processor": processor,
        "ccLib": "clang-lib" if darwin else "gcc-lib",
        "stdenvIsDarwin": darwin,
    }


@pytest.mark.nix
def test_unknown_system_is_refused() -> None:
    message = evaluate_error(f"{pkgs('riscv64-linux')}.stdenv.hostPlatform.isLinux")
    assert "nixpkgs stand-in: no platform for system 'riscv64-linux'" in message


@pytest.mark.nix
def test_interpreters() -> None:
    result = evaluate(
        "map (p: { inherit (p) version pythonVersion implementation isPy3k sitePackages;"
        ' older = p.pythonOlder "3.13"; atLeast = p.pythonAtLeast "3.12"; })'
        " [ pkgs.python3 pkgs.python311 pkgs.python312 pkgs.python313 pkgs.python314 ]"
    )
    assert [(r["version"], r["pythonVersion"]) for r in result] == [
        ("3.12.5", "3.12"),
        ("3.11.9", "3.11"),
        ("3.12.5", "3.12"),
        ("3.13.0", "3.13"),
        ("3.14.0", "3.14"),
    ]
    assert {r["implementation"] for r in result} == {"cpython"}
    assert all(r["isPy3k"] for r in result)
    assert [r["older"] for r in result] == [True, True, True, False, False]
    assert [r["atLeast"] for r in result] == [True, False, True, True, True]
    assert result[1]["sitePackages"] == "lib/python3.11/site-packages"


@pytest.mark.nix
def test_fetchers() -> None:
    result = evaluate(
        """[
          (pkgs.fetchPypi { pname = "zope.interface"; version = "7.0.3"; hash = lib.fakeHash; })
          (pkgs.fetchPypi { pname = "black"; version = "24.8.0"; format = "wheel"; python = "py3";
            hash = "sha256-x"; })
          (pkgs.fetchurl { url = "https://x/y.tar.gz"; sha256 = lib.fakeSha256; })
          (pkgs.fetchFromGitHub { owner = "o"; repo = "r"; tag = "v1"; hash = "sha256-x"; })
          (pkgs.fetchgit { url = "https://git.example/r.git"; rev = "abc"; hash = "sha256-x"; })
        ]"""
    )
    assert [r["fetcher"] for r in result] == [
        "fetchPypi",
        "fetchPypi",
        "fetchurl",
        "fetchFromGitHub",
        "fetchgit",
    ]
    assert [r.get("url") for r in result] == [
        "https://files.pythonhosted.org/packages/source/z/zope.interface/zope.interface-7.0.3.tar.gz",
        "https://files.pythonhosted.org/packages/py3/b/black/black-24.8.0-py3-none-any.whl",
        "https://x/y.tar.gz",
        "https://github.com/o/r/archive/refs/tags/v1.tar.gz",
        "https://git.example/r.git",
    ]
    assert result[0]["hash"] == "sha256-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="


@pytest.mark.nix
def test_fetchers_need_a_hash() -> None:
    message = evaluate_error(f'{pkgs()}.fetchurl {{ url = "https://x/y"; }}')
    assert "nixpkgs stand-in: fetchurl needs a hash (hash = lib.fakeHash; to find it)" in message


LICENSES = [
    ("mit", "MIT"),
    ("asl20", "Apache-2.0"),
    ("bsd2", "BSD-2-Clause"),
    ("bsd3", "BSD-3-Clause"),
    ("gpl2Only", "GPL-2.0-only"),
    ("gpl2Plus", "GPL-2.0-or-later"),
    ("gpl3Only", "GPL-3.0-only"),
    ("gpl3Plus", "GPL-3.0-or-later"),
    ("lgpl21Only", "LGPL-2.1-only"),
    ("lgpl21Plus", "LGPL-2.1-or-later"),
    ("lgpl3Only", "LGPL-3.0-only"),
    ("lgpl3Plus", "LGPL-3.0-or-later"),
    ("agpl3Only", "AGPL-3.0-only"),
    ("mpl20", "MPL-2.0"),
    ("isc", "ISC"),
    ("psfl", "Python-2.0"),
    ("unlicense", "Unlicense"),
    ("zlib", "Zlib"),
    ("artistic2", "Artistic-2.0"),
    ("bsd0", "0BSD"),
    ("cc0", "CC0-1.0"),
    ("epl20", "EPL-2.0"),
]


@pytest.mark.nix
def test_licenses() -> None:
    licenses = evaluate("lib.licenses")
    assert {name: licenses[name]["spdxId"] for name, _ in LICENSES} == dict(LICENSES)
    assert licenses["mit"] == {
        "shortName": "mit",
        "fullName": "MIT License",
        "spdxId": "MIT",
        "url": "https://spdx.org/licenses/MIT.html",
        "free": True,
        "redistributable": True,
        "deprecated": False,
    }
    assert "spdxId" not in licenses["unfree"]
    assert licenses["unfree"]["free"] is False
    assert licenses["gpl3"]["deprecated"] is True
    # Every SPDX identifier names one license only.
    ids = [lic["spdxId"] for lic in licenses.values() if "spdxId" in lic]
    assert len(ids) == len(set(ids))


@pytest.mark.nix
def test_lib_functions() -> None:
    result = evaluate(
        """{
          fix = (lib.fix (self: { a = 1; b = self.a + 1; })).b;
          extends =
            (lib.fix (lib.extends (final: prev: { a = 10; }) (self: { a = 1; b = self.a + 1; }))).b;
          compose = (lib.fix (lib.extends
            (lib.composeManyExtensions [ (f: p: { a = p.a + 1; }) (f: p: { a = p.a * 10; }) ])
            (self: { a = 1; }))).a;
          optional = [ (lib.optional true 1) (lib.optional false 1) (lib.optionals true [ 1 2 ]) ];
          optionalAttrs =
            [ (lib.optionalAttrs true { a = 1; }) (lib.optionalAttrs false { a = 1; }) ];
          older = [ (lib.versionOlder "3.9" "3.10") (lib.versionOlder "3.10" "3.10") ];
          atLeast = [ (lib.versionAtLeast "3.10" "3.10") (lib.versionAtLeast "3.9.1" "3.10") ];
          genAttrs = lib.genAttrs [ "a" "b" ] (n: n + n);
          mapAttrs = lib.mapAttrs (n: v: v + 1) { a = 1; };
          attrValues = lib.attrValues { b = 2; a = 1; };
          concatMap = lib.concatMap (x: [ x x ]) [ 1 2 ];
          filter = lib.filter (x: x > 1) [ 1 2 3 ];
          systems = lib.systems.flakeExposed;
          platforms = lib.platforms.unix;
          cleanSource = lib.cleanSource "src";
          fileset = lib.fileset.toSource { root = "root"; fileset = lib.fileset.unions [ "a" ]; };
          fakeHash = lib.fakeHash;
          majorMinor = lib.versions.majorMinor "3.12.5";
        }"""
    )
    assert result == {
        "fix": 2,
        "extends": 11,
        "compose": 20,
        "optional": [[1], [], [1, 2]],
        "optionalAttrs": [{"a": 1}, {}],
        "older": [True, False],
        "atLeast": [True, False],
        "genAttrs": {"a": "aa", "b": "bb"},
        "mapAttrs": {"a": 2},
        "attrValues": [1, 2],
        "concatMap": [1, 1, 2, 2],
        "filter": [2, 3],
        "systems": ["aarch64-darwin", "aarch64-linux", "x86_64-darwin", "x86_64-linux"],
        "platforms": ["x86_64-linux", "aarch64-linux", "x86_64-darwin", "aarch64-darwin"],
        "cleanSource": "src",
        "fileset": "root",
        "fakeHash": "sha256-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
        "majorMinor": "3.12",
    }


@pytest.mark.nix
def test_shells_images_and_derivations() -> None:
    result = evaluate(
        """{
          shell = pkgs.mkShell {
            packages = [ (pkgs.python3.withPackages (ps: [ ps.idna ])) pkgs.uv ];
            inputsFrom = [ pkgs.python3Packages.idna ];
            venvDir = "./.venv";
            buildInputs = [ pkgs.python3Packages.venvShellHook ];
          };
          image = pkgs.dockerTools.buildLayeredImage {
            name = "app"; tag = "latest"; contents = [ pkgs.zlib ];
          };
          drv = pkgs.stdenv.mkDerivation (finalAttrs: {
            pname = "tool"; version = "1"; v = finalAttrs.version;
          });
          editable = pkgs.python3Packages.mkPythonEditablePackage {
            pname = "demo"; version = "0.1"; root = "$PWD/src"; scripts.demo = "demo.cli:main";
          };
        }"""
    )
    shell = result["shell"]
    assert (shell["name"], shell["builder"], shell["venvDir"]) == (
        "nix-shell",
        "mkShell",
        "./.venv",
    )
    assert [p["name"] for p in shell["nativeBuildInputs"]] == ["python3-3.12.5-env", "uv-0.4.9"]
    assert shell["nativeBuildInputs"][0]["pnames"] == ["idna"]
    assert [p["pname"] for p in shell["inputsFrom"]] == ["idna"]
    assert (result["image"]["imageName"], result["image"]["imageTag"]) == ("app", "latest")
    assert (result["drv"]["name"], result["drv"]["v"]) == ("tool-1", "1")
    editable = result["editable"]
    assert (editable["name"], editable["builder"]) == (
        "python3.12-demo-0.1",
        "mkPythonEditablePackage",
    )
    assert (editable["root"], editable["scripts"]) == ("$PWD/src", {"demo": "demo.cli:main"})


@pytest.mark.nix
def test_standin_builtins_record_network_fetches(tmp_path: Path) -> None:
    generated = tmp_path / "generated.nix"
    generated.write_text('builtins.fetchGit { url = "https://example.org/r.git"; rev = "0123"; }\n')
    result = evaluate(f"pkgs.standin.import {generated}")
    assert result == {
        "fetcher": "builtins.fetchGit",
        "url": "https://example.org/r.git",
        "rev": "0123",
    }


@pytest.mark.nix
def test_flake_input_stand_in(tmp_path: Path) -> None:
    flake = tmp_path / "flake.nix"
    flake.write_text(
        "{ outputs = { self, nixpkgs }: {\n"
        "    systems = builtins.mapAttrs (s: p: p.stdenv.hostPlatform.system)\n"
        "      nixpkgs.legacyPackages;\n"
        "    mit = nixpkgs.lib.licenses.mit.spdxId;\n"
        "  }; }\n"
    )
    nixpkgs = STANDIN / "flake-input.nix"
    result = nix_eval(f"(import {flake}).outputs {{ self = {{ }}; nixpkgs = import {nixpkgs}; }}")
    assert result["mit"] == "MIT"
    assert result["systems"] == {s: s for s, *_ in PLATFORMS}


def _nixpkgs_python_attrs() -> set[str]:
    data = nixpkgs_python_attrs()
    return set(data["attrs"]) | set(data["aliases"])


# Helpers nixpkgs defines outside python-packages.nix (the hooks, builders and interpreter bits).
NOT_PACKAGES = {
    "python",
    "buildPythonPackage",
    "buildPythonApplication",
    "mkPythonEditablePackage",
    "pythonOlder",
    "pythonAtLeast",
    "isPy3k",
    "callPackage",
    "fetchPypi",
    "toPythonModule",
    "toPythonApplication",
    "pytestCheckHook",
    "pythonImportsCheckHook",
    "venvShellHook",
}


@pytest.mark.nix
def test_python_package_names_are_real_nixpkgs_attributes() -> None:
    names = evaluate("builtins.attrNames pkgs.python3.pkgs")
    stubs = set(names) - NOT_PACKAGES
    wanted = ["requests", "urllib3", "idna", "certifi", "charset-normalizer", "setuptools"]
    wanted += ["hatchling", "flit-core", "wheel", "pytest", "packaging"]
    assert stubs >= set(wanted)
    assert sorted(stubs - _nixpkgs_python_attrs()) == []
    assert set(NOT_PACKAGES) <= set(names)


@pytest.mark.nix
def test_executables_writers_and_implementations() -> None:
    result = evaluate(
        """{
          runner = pkgs.writeScriptBin "tool" "#!/bin/sh";
          script = pkgs.writeScript "tool.sh" "echo";
          exe = lib.getExe (pkgs.writeScriptBin "tool" "");
          named = lib.getExe' pkgs.python3Packages.pytest "py.test";
          main = lib.getExe pkgs.python3Packages.pytest;
          pypy = let p = pkgs.python312.override { implementation = "pypy"; }; in {
            inherit (p) implementation isPyPy pythonVersion;
          };
          cpython = { inherit (pkgs.python3) implementation isPyPy; };
          prerelease = (pkgs.python312.override { version = "3.14.0a7"; }).pythonVersion;
        }"""
    )
    assert result["runner"] == {
        "name": "tool",
        "text": "#!/bin/sh",
        "builder": "writeScriptBin",
        "executable": True,
        "destination": "/bin/tool",
        "meta": {"mainProgram": "tool"},
    }
    assert result["script"]["builder"] == "writeScript"
    store = "/nix/store/00000000000000000000000000000000-"
    assert result["exe"] == f"{store}tool/bin/tool"
    assert result["named"] == f"{store}python3.12-pytest-8.3.2/bin/py.test"
    assert result["main"] == f"{store}python3.12-pytest-8.3.2/bin/pytest"
    assert result["pypy"] == {"implementation": "pypy", "isPyPy": True, "pythonVersion": "3.12"}
    assert result["cpython"] == {"implementation": "cpython", "isPyPy": False}
    assert result["prerelease"] == "3.14"
