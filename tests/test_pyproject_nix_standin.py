"""The pyproject.nix stand-in (``tests/support/pyproject-nix``) behaves as pyproject.nix's build
interface is documented to, under the real Nix.

Build sets are evaluated against it, so a wrong stand-in would hide a wrong
renderer: these tests pin what the renderer relies on -- ``callPackage`` from
the scope then from ``pkgs``, ``overrideScope`` as a fixed point,
``resolveBuildSystem`` (closure over ``passthru.dependencies``, setuptools and
wheel for an empty spec, no cycles), ``mkVirtualEnv`` (a flat, cycle-aware
closure with extras and groups), the hooks, the aliases, the base set of
build systems and the flake-input files.
"""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.support.nix import nix_eval, nix_instantiate

SUPPORT = Path(__file__).resolve().parent / "support"
NIXPKGS = SUPPORT / "nixpkgs"
STANDIN = SUPPORT / "pyproject-nix"

pytestmark = pytest.mark.nix

# A small set: a <-> b is a cycle; b's extra `x` adds c; a's group `dev` adds d; e builds with
# hatchling (from the build-systems overlay), f with a (whose run-time closure is a cycle);
# h's extra `y` adds d.
PACKAGES = """
  final: prev: {
    a = final.callPackage ({ stdenv, pyprojectWheelHook }: stdenv.mkDerivation {
      pname = "a"; version = "1.0"; nativeBuildInputs = [ pyprojectWheelHook ];
      passthru.dependencies = { b = [ ]; };
      passthru.dependency-groups = { dev = { d = [ ]; }; };
    }) { };
    b = final.callPackage ({ stdenv }: stdenv.mkDerivation {
      pname = "b"; version = "2.0";
      passthru.dependencies = { a = [ ]; };
      passthru.optional-dependencies = { x = { c = [ ]; }; };
    }) { };
    c = final.callPackage ({ stdenv }: stdenv.mkDerivation { pname = "c"; version = "3.0"; }) { };
    d = final.callPackage ({ stdenv }: stdenv.mkDerivation { pname = "d"; version = "4.0"; }) { };
    e = final.callPackage ({ stdenv, pyprojectHook, resolveBuildSystem }: stdenv.mkDerivation {
      pname = "e"; version = "5.0";
      nativeBuildInputs = [ pyprojectHook ] ++ resolveBuildSystem { hatchling = [ ]; };
    }) { };
    f = final.callPackage ({ stdenv, pyprojectHook, resolveBuildSystem }: stdenv.mkDerivation {
      pname = "f"; version = "6.0";
      nativeBuildInputs = [ pyprojectHook ] ++ resolveBuildSystem { a = [ ]; };
    }) { };
    h = final.callPackage ({ stdenv }: stdenv.mkDerivation {
      pname = "h"; version = "7.0"; passthru.optional-dependencies = { y = { d = [ ]; }; };
    }) { };
  }
"""


def evaluate(body: str, *, overlay: str = PACKAGES, system: str = "x86_64-linux") -> Any:
    """Evaluate ``body`` with ``pkgs``, ``lib`` and ``set`` (the scope with ``overlay``)."""
    return nix_eval(scope(body, overlay=overlay, system=system))


def scope(body: str, *, overlay: str = PACKAGES, system: str = "x86_64-linux") -> str:
    return f"""
      let
        pkgs = import {NIXPKGS} {{ system = "{system}"; }};
        inherit (pkgs) lib;
        pyproject-nix = import {STANDIN}/flake-input.nix;
        build-systems = import {STANDIN}/build-systems-input.nix;
        base = pkgs.callPackage pyproject-nix.build.packages {{ python = pkgs.python312; }};
        set = base.overrideScope (lib.composeManyExtensions [
          build-systems.overlays.wheel ({overlay})
        ]);
      in {body}
    """


def evaluate_error(body: str) -> str:
    """The error ``nix-instantiate`` prints for ``body`` (which must fail)."""
    result = subprocess.run(
        [nix_instantiate(), "--eval", "--strict", "--readonly-mode", "--expr", scope(body)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0, result.stdout
    return result.stderr


def test_the_scope_has_the_interpreter_the_hooks_and_the_aliases() -> None:
    result = evaluate(
        """{
          inherit (set.python) pythonVersion;
          system = set.stdenv.hostPlatform.system;
          pkgs = set.pkgs ? zlib;
          hooks = map (h: h.name) [
            set.pyprojectHook set.pyprojectWheelHook set.pyprojectEditableHook
            set.pyprojectDistHook
          ];
          hook = "${set.pyprojectHook}";
          hostHost = set.pythonPkgsHostHost.a.version;
          buildHost = set.pythonPkgsBuildHost.b.version;
        }"""
    )
    assert result == {
        "pythonVersion": "3.12",
        "system": "x86_64-linux",
        "pkgs": True,
        "hooks": [
            "pyproject-hook",
            "pyproject-wheel-hook",
            "pyproject-editable-hook",
            "pyproject-dist-hook",
        ],
        "hook": "/nix/store/00000000000000000000000000000000-pyproject-hook",
        "hostHost": "1.0",
        "buildHost": "2.0",
    }


def test_call_package_reads_the_scope_before_pkgs() -> None:
    # `python` is the scope's interpreter (3.12), not pkgs.python3's attribute of that name;
    # `zlib` comes from pkgs; `a` from the scope.
    result = evaluate(
        """
        let
          given = set.callPackage ({ python, zlib, a }: {
            py = python.pythonVersion; zlib = zlib.name; a = a.pname;
          }) { python = pkgs.python313; };
        in given // { default = (set.callPackage ({ python }: python) { }).pythonVersion; }"""
    )
    assert result["py"] == "3.13"  # an explicit argument wins, as in nixpkgs
    assert result["default"] == "3.12"
    assert (result["zlib"], result["a"]) == ("zlib-1.3.1", "a")


def test_override_scope_is_a_fixed_point_extension() -> None:
    # c's replacement is seen by everything that reads `final.c`, and scopes chain.
    result = evaluate(
        """
        let
          changed = set.overrideScope (final: prev: {
            c = prev.c.overrideAttrs { version = "3.1"; };
            g = final.callPackage ({ c }: { seen = c.version; }) { };
          });
          again = changed.overrideScope (final: prev: {
            d = prev.d.overrideAttrs { version = "4.1"; };
          });
        in {
          seen = changed.g.seen;
          env = (changed.mkVirtualEnv "v" { b = [ "x" ]; }).versions;
          chained = [ again.c.version again.d.version again.g.seen ];
          untouched = set.c.version;
        }"""
    )
    assert result == {
        "seen": "3.1",
        "env": {"a": "1.0", "b": "2.0", "c": "3.1"},
        "chained": ["3.1", "4.1", "3.1"],
        "untouched": "3.0",
    }


def test_resolve_build_system_follows_run_time_dependencies() -> None:
    result = evaluate(
        """{
          hatchling = map (p: p.pname) (set.resolveBuildSystem { hatchling = [ ]; });
          empty = map (p: p.pname) (set.resolveBuildSystem { });
          extras = map (p: p.pname) (set.resolveBuildSystem { h = [ "y" ]; c = [ ]; });
          e = map (p: p.name) set.e.nativeBuildInputs;
        }"""
    )
    assert result["hatchling"] == [
        "hatchling",
        "packaging",
        "pathspec",
        "pluggy",
        "trove-classifiers",
    ]
    assert result["empty"] == ["setuptools", "wheel"]  # pyproject.nix's fallback
    assert result["extras"] == ["c", "h", "d"]
    assert result["e"][:2] == ["pyproject-hook", "hatchling-1.27.0"]


def test_resolve_build_system_does_not_support_cycles() -> None:
    message = evaluate_error("map (p: p.pname) set.f.nativeBuildInputs")
    assert "resolveBuildSystem met a cycle: a -> b -> a" in message


def test_resolve_build_system_names_a_missing_package() -> None:
    message = evaluate_error("set.resolveBuildSystem { maturin = [ ]; }")
    assert "resolveBuildSystem: no package 'maturin' in the Python set" in message


def test_mk_virtual_env_resolves_cycles_extras_and_groups() -> None:
    result = evaluate(
        """{
          plain = (set.mkVirtualEnv "v" { a = [ ]; }).names;
          extra = (set.mkVirtualEnv "v" { b = [ "x" ]; }).names;
          group = (set.mkVirtualEnv "v" { a = [ "dev" ]; }).names;
          both = (set.mkVirtualEnv "v" { a = [ "dev" ]; b = [ "x" ]; }).versions;
          path = "${set.mkVirtualEnv "demo-env" { a = [ ]; }}/bin/python";
          inherit (set.mkVirtualEnv "demo-env" { c = [ ]; }) name spec pythonVersion system;
        }"""
    )
    assert result["plain"] == ["a", "b"]  # a <-> b: each once
    assert result["extra"] == ["a", "b", "c"]
    assert result["group"] == ["a", "b", "d"]
    assert result["both"] == {"a": "1.0", "b": "2.0", "c": "3.0", "d": "4.0"}
    assert result["path"] == "/nix/store/00000000000000000000000000000000-demo-env/bin/python"
    assert (result["name"], result["spec"]) == ("demo-env", {"c": []})
    assert (result["pythonVersion"], result["system"]) == ("3.12", "x86_64-linux")


def test_mk_virtual_env_refuses_an_unknown_extra_or_package() -> None:
    message = evaluate_error('(set.mkVirtualEnv "v" { b = [ "y" ]; }).names')
    assert "extra/group 'y' is neither an optional dependency nor a dependency group of b" in (
        message
    )
    message = evaluate_error('(set.mkVirtualEnv "v" { zzz = [ ]; }).names')
    assert "mkVirtualEnv: no package 'zzz' in the Python set" in message


@pytest.mark.parametrize(
    ("overlay", "hooks"),
    [
        ("wheel", ["pyproject-wheel-hook"]),
        ("sdist", ["pyproject-hook", "flit-core-3.10.1"]),
    ],
    ids=["wheel", "sdist"],
)
def test_build_systems_overlays(overlay: str, hooks: list[str]) -> None:
    result = nix_eval(
        f"""
        let
          pkgs = import {NIXPKGS} {{ }};
          build-systems = import {STANDIN}/build-systems-input.nix;
          pyproject-nix = import {STANDIN}/flake-input.nix;
          set = (pkgs.callPackage pyproject-nix.build.packages {{ python = pkgs.python313; }})
            .overrideScope build-systems.overlays.{overlay};
        in {{
          hooks = map (h: h.name) set.wheel.nativeBuildInputs;
          url = set.wheel.src.url;
          hatchling = set.hatchling.passthru.dependencies;
          default =
            builtins.attrNames (build-systems.overlays.default {{ }} {{ }})
            == builtins.attrNames (build-systems.overlays.sdist {{ }} {{ }});
        }}
        """
    )
    assert result["hooks"] == hooks
    suffix = "-py3-none-any.whl" if overlay == "wheel" else ".tar.gz"
    assert result["url"] == f"https://files.example/build-systems/wheel-0.45.1{suffix}"
    assert sorted(result["hatchling"]) == ["packaging", "pathspec", "pluggy", "trove-classifiers"]
    assert result["default"] is True
